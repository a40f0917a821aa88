"""A local GitHub stand-in: real HTTP on loopback speaking enough of the REST API v3 for PyGithub.

It ships with the product because `election-bot demo` runs the bot against it; the tests use it too.

    with FakeHub() as hub:
        hub.add_repo("pypa/elections")
        gh = Github(base_url=hub.url, auth=Auth.Token("x"),
                    seconds_between_requests=0, seconds_between_writes=0)
"""

from bot.fakehub.faults import Fault, Injection
from bot.fakehub.hub import FakeHub
from bot.fakehub.requestlog import RequestRecord
from bot.fakehub.views import (
    FakeCheckRun,
    FakeComment,
    FakeFile,
    FakeIssue,
    FakeLabel,
    FakePull,
    FakeReview,
    FakeUser,
)

__all__ = [
    "FakeCheckRun",
    "FakeComment",
    "FakeFile",
    "FakeHub",
    "FakeIssue",
    "FakeLabel",
    "FakePull",
    "FakeReview",
    "FakeUser",
    "Fault",
    "Injection",
    "RequestRecord",
]
