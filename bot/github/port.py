"""The gateway's interface: GitHub's values (defined once in `bot.github.values`, re-exported here),
its exceptions and the `GitHubPort` protocol.

Nothing here imports PyGithub, so commands, renderers and tests can use these types without it. The only
code that turns GitHub's JSON into these values is `bot.github.gateway` (the gateway).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from bot.errors import github_exit
from bot.github.values import GHOST as GHOST
from bot.github.values import PERMISSIONS as PERMISSIONS
from bot.github.values import Annotation as Annotation
from bot.github.values import AnnotationLevel as AnnotationLevel
from bot.github.values import ChangedFile as ChangedFile
from bot.github.values import CheckConclusion as CheckConclusion
from bot.github.values import CheckRun as CheckRun
from bot.github.values import CheckStatus as CheckStatus
from bot.github.values import Comment as Comment
from bot.github.values import DirEntry as DirEntry
from bot.github.values import FileKind as FileKind
from bot.github.values import Issue as Issue
from bot.github.values import IssueState as IssueState
from bot.github.values import Permission as Permission
from bot.github.values import PullRequest as PullRequest
from bot.github.values import RepoFile as RepoFile
from bot.github.values import Repository as Repository
from bot.github.values import Review as Review
from bot.github.values import StateReason as StateReason
from bot.github.values import User as User
from bot.github.values import Workflow as Workflow
from bot.text.labels import GITHUB_BODY_LIMIT
from bot.text.labels import Label as Label

MAX_ANNOTATIONS_PER_REQUEST = 50  # GitHub takes at most 50 annotations per check-run create or update
MAX_BODY_CHARS = GITHUB_BODY_LIMIT


# -- errors ---------------------------------------------------------------------------------------------


class GitHubError(Exception):
    """GitHub refused or could not be asked; callers fail closed.

    `status` is the HTTP status (None when no response arrived); the message names the operation and
    GitHub's own message, never a token or a request header.
    """

    def __init__(self, message: str, *, status: int | None = None, operation: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.operation = operation

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""

    @property
    def exit_code(self) -> int:
        """What a command exits with after this failure (bot.errors.github_exit: one table for all)."""
        return github_exit(self.status, isinstance(self, GitHubUnavailable))


class GitHubUnavailable(GitHubError):  # noqa: N818 - the name callers rely on
    """Transient failures (5xx, dropped connections, rate limits) outlasted the retry budget: nothing was
    decided, try again later (the CLI exits with EXIT_UNAVAILABLE)."""


class GitHubAmbiguousWrite(GitHubUnavailable):
    """A create that cannot be looked up again (a check run) failed in a way that may have been applied.

    The gateway does not repeat it blindly (that could leave a duplicate); the caller reports the failure
    and the next run of the workflow creates the check run afresh.
    """


# -- statistics -----------------------------------------------------------------------------------------


# GitHub: "Accessing this endpoint does not count against your REST API rate limit."
FREE_OPERATIONS = frozenset({"rate_limit"})


@dataclass(frozen=True, slots=True)
class RateLimit:
    """The token's primary rate limit now (`GET /rate_limit`, resource `core`)."""

    limit: int
    remaining: int


@dataclass(slots=True)
class RequestStats:
    """Every HTTP request the gateway made, per public operation (retries and pages included)."""

    by_operation: dict[str, int] = field(default_factory=dict)
    writes_by_operation: dict[str, int] = field(default_factory=dict)
    retries: int = 0
    waited_seconds: float = 0.0

    @property
    def total(self) -> int:
        """Requests that count against the rate limit (`GET /rate_limit` does not)."""
        return sum(n for op, n in self.by_operation.items() if op not in FREE_OPERATIONS)

    @property
    def writes(self) -> int:
        return sum(self.writes_by_operation.values())

    def record(self, operation: str, method: str) -> None:
        self.by_operation[operation] = self.by_operation.get(operation, 0) + 1
        if method.upper() != "GET":
            self.writes_by_operation[operation] = self.writes_by_operation.get(operation, 0) + 1

    def snapshot(self) -> dict[str, int]:
        return dict(self.by_operation)

    def summary(self) -> str:
        """One line for the job log: `GitHub requests: 7 (2 writes) get_pull=1 list_pull_files=1 …`."""
        parts = " ".join(f"{op}={n}" for op, n in sorted(self.by_operation.items()))
        return f"GitHub requests: {self.total} ({self.writes} writes) {parts}".rstrip()


# -- the port -------------------------------------------------------------------------------------------


class GitHubPort(Protocol):
    """What commands may ask of GitHub. `bot.github.gateway.Gateway` is the implementation."""

    @property
    def repo(self) -> str: ...

    @property
    def bot_login(self) -> str: ...

    def acting_login(self) -> str: ...

    @property
    def stats(self) -> RequestStats: ...

    def get_pull(self, number: int) -> PullRequest: ...

    def list_pull_files(self, number: int) -> list[ChangedFile]: ...

    def list_open_pulls(self) -> list[PullRequest]: ...

    def get_file(self, path: str, ref: str, max_bytes: int) -> RepoFile | None: ...

    def list_directory(self, path: str, ref: str) -> list[DirEntry]: ...

    def list_issue_comments(self, number: int, *, pages: int | None = None) -> list[Comment]: ...

    def create_issue_comment(self, number: int, body: str, *, marker: str) -> Comment: ...

    def edit_issue_comment(self, comment_id: int, body: str) -> Comment: ...

    def list_labels(self) -> list[Label]: ...

    def create_label(self, name: str, color: str, description: str = "") -> bool: ...

    def ensure_labels(self, specs: Iterable[Label]) -> int: ...

    def add_labels(self, number: int, names: Sequence[str]) -> None: ...

    def remove_label(self, number: int, name: str) -> None: ...

    def create_check_run(
        self,
        name: str,
        head_sha: str,
        *,
        status: CheckStatus = "completed",
        conclusion: CheckConclusion | None = None,
        title: str,
        summary: str,
        text: str | None = None,
        annotations: Sequence[Annotation] = (),
        external_id: str | None = None,
    ) -> int: ...

    def list_check_runs(self, head_sha: str, name: str) -> list[CheckRun]: ...

    def update_check_run(
        self,
        check_run_id: int,
        *,
        status: CheckStatus | None = None,
        conclusion: CheckConclusion | None = None,
        title: str | None = None,
        summary: str | None = None,
        text: str | None = None,
        annotations: Sequence[Annotation] = (),
    ) -> None: ...

    def list_issues(
        self, *, labels: Sequence[str] = (), state: str = "all", creator: str | None = None
    ) -> list[Issue]: ...

    def find_bot_issue(self, marker: str, label: str) -> Issue | None: ...

    def create_issue(self, title: str, body: str, labels: Sequence[str], *, marker: str) -> Issue: ...

    def edit_issue(
        self,
        number: int,
        *,
        title: str | None = None,
        body: str | None = None,
        state: IssueState | None = None,
        state_reason: StateReason | None = None,
    ) -> Issue: ...

    def get_issue(self, number: int) -> Issue: ...

    def collaborator_permission(self, login: str) -> Permission: ...

    def get_user(self, login: str) -> User | None: ...

    def get_user_by_id(self, user_id: int) -> User | None: ...

    def list_reviews(self, number: int) -> list[Review]: ...

    def rate_limit(self) -> RateLimit | None: ...

    def list_workflows(self) -> list[Workflow]: ...

    def get_repository(self) -> Repository: ...
