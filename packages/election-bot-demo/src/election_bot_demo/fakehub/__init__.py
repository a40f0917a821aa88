"""A local GitHub stand-in: real HTTP on loopback speaking enough of the REST API v3 for PyGithub.

It is the GitHub of `election-bot demo` and the test suite's one fake of GitHub; it ships in
`election-bot-demo` (the `demo` extra), never in the product.

    with FakeHub() as hub:
        hub.add_repo("pypa/elections")
        gh = Github(base_url=hub.url, auth=Auth.Token("x"),
                    seconds_between_requests=0, seconds_between_writes=0)

GitHub's rules that decide whether an election works are enforced as GitHub documents them
(docs/development/stand-in-rules.md): a job's GITHUB_TOKEN carries the permissions its workflow files declare
(`hub.token_for_job`), workflows can be disabled and are stopped after 60 quiet days (`hub.workflows`,
`hub.trigger`), runs queue per concurrency group (`RunQueue`), a repository's tokens share one rate budget
(`hub.enforce_rate_limits`), and check runs remember their app.
"""

from election_bot_demo.fakehub.faults import Fault, Injection
from election_bot_demo.fakehub.hub import FakeHub
from election_bot_demo.fakehub.model import GITHUB_ACTIONS_APP, App
from election_bot_demo.fakehub.ratelimit import RateStatus
from election_bot_demo.fakehub.requestlog import RequestRecord
from election_bot_demo.fakehub.runqueue import QueuedRun, RunQueue
from election_bot_demo.fakehub.tokens import (
    FORK_MAXIMUM,
    LEGACY_WRITE_ALL,
    PERMISSIVE_DEFAULT,
    RESTRICTED_DEFAULT,
    Permissions,
    permissions,
)
from election_bot_demo.fakehub.views import (
    FakeCheckRun,
    FakeComment,
    FakeFile,
    FakeIssue,
    FakeLabel,
    FakePull,
    FakeReview,
    FakeUser,
    FakeWorkflow,
    FakeWorkflowRun,
    JobToken,
)
from election_bot_demo.fakehub.workflowfiles import StartupFailureError, WorkflowError

__all__ = [
    "FORK_MAXIMUM",
    "GITHUB_ACTIONS_APP",
    "LEGACY_WRITE_ALL",
    "PERMISSIVE_DEFAULT",
    "RESTRICTED_DEFAULT",
    "App",
    "FakeCheckRun",
    "FakeComment",
    "FakeFile",
    "FakeHub",
    "FakeIssue",
    "FakeLabel",
    "FakePull",
    "FakeReview",
    "FakeUser",
    "FakeWorkflow",
    "FakeWorkflowRun",
    "Fault",
    "Injection",
    "JobToken",
    "Permissions",
    "QueuedRun",
    "RateStatus",
    "RequestRecord",
    "RunQueue",
    "StartupFailureError",
    "WorkflowError",
    "permissions",
]
