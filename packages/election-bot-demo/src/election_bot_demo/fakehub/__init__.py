"""A local GitHub stand-in: real HTTP on loopback speaking enough of the REST API v3 for PyGithub.

It is the GitHub of `election-bot demo` and the test suite's one fake of GitHub; it ships in
`election-bot-demo` (the `demo` extra), never in the product.

    with FakeHub() as hub:
        hub.add_repo("pypa/elections")
        gh = Github(base_url=hub.url, auth=Auth.Token("x"),
                    seconds_between_requests=0, seconds_between_writes=0)
"""

from election_bot_demo.fakehub.faults import Fault, Injection
from election_bot_demo.fakehub.hub import FakeHub
from election_bot_demo.fakehub.requestlog import RequestRecord
from election_bot_demo.fakehub.views import (
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
