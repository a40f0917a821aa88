"""The gateway's own types: small frozen dataclasses, its exceptions and the `GitHubPort` protocol.

Nothing here imports PyGithub, so commands, renderers and tests can use these types without it. The only
code that turns GitHub's JSON into these objects is `bot.ports.github` (the gateway).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, Protocol

from bot.core.vocabulary import GHOST_ID, GHOST_LOGIN, GITHUB_BODY_LIMIT, is_bot
from bot.core.vocabulary import Label as Label  # the one label type, re-exported for the gateway
from bot.errors import github_exit

FileKind = Literal["file", "symlink", "submodule", "dir"]
Permission = Literal["admin", "maintain", "write", "triage", "read", "none"]
AnnotationLevel = Literal["notice", "warning", "failure"]
CheckStatus = Literal["queued", "in_progress", "completed"]
CheckConclusion = Literal[
    "action_required", "cancelled", "failure", "neutral", "success", "skipped", "stale", "timed_out"
]
IssueState = Literal["open", "closed"]
StateReason = Literal["completed", "not_planned", "reopened"]

PERMISSIONS: tuple[Permission, ...] = ("admin", "maintain", "write", "triage", "read", "none")
MAX_ANNOTATIONS_PER_REQUEST = 50  # GitHub takes at most 50 annotations per check-run create or update
MAX_BODY_CHARS = GITHUB_BODY_LIMIT


# -- values ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class User:
    """A GitHub account. Match people by `id` (stable) and case-insensitive `login`, never by name."""

    login: str
    id: int
    type: str  # "User", "Bot" or "Organization"


# GitHub shows deleted accounts as the `ghost` user; a null author in a payload means the same.
GHOST = User(login=GHOST_LOGIN, id=GHOST_ID, type="User")


@dataclass(frozen=True, slots=True)
class PullRequest:
    number: int
    title: str
    author: User
    state: str  # "open" | "closed"
    draft: bool
    merged: bool  # `merged`, or derived from `merged_at` in list payloads, which have no `merged` field
    created_at: datetime  # aware, UTC: GitHub's own timestamp, the one the window is judged by
    head_sha: str
    head_repo_full_name: str | None  # None when the head repository (a fork) was deleted
    base_ref: str
    labels: tuple[str, ...]
    html_url: str
    # aware, UTC: GitHub's time of the last change (a push among them): the head was proposed by then
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ChangedFile:
    filename: str
    status: str  # added, removed, modified, renamed, copied, changed, unchanged
    previous_filename: str | None
    additions: int
    deletions: int
    changes: int
    # The commit GitHub computed this entry for: the `ref` of its `contents_url` (the pull request's head
    # when the list was made). None when GitHub did not say.
    ref: str | None = None


@dataclass(frozen=True, slots=True)
class RepoFile:
    """What lies at a path. `content` is the raw bytes of a regular file, to be parsed as data only.

    `content` is None unless `kind == "file"` and the file is at most `max_bytes` long (`too_large` says
    which). A symlink is never followed: its `content` is None, whatever GitHub answered.
    """

    path: str
    kind: FileKind
    size: int
    content: bytes | None
    too_large: bool = False


@dataclass(frozen=True, slots=True)
class DirEntry:
    name: str
    path: str
    kind: FileKind
    size: int


@dataclass(frozen=True, slots=True)
class Comment:
    id: int
    author: User
    body: str
    created_at: datetime
    updated_at: datetime
    html_url: str
    # GitHub's `author_association`: OWNER, MEMBER or COLLABORATOR for accounts that can hold a repository
    # permission; NONE, CONTRIBUTOR, FIRST_TIMER, FIRST_TIME_CONTRIBUTOR or MANNEQUIN for everyone else.
    author_association: str = "NONE"


@dataclass(frozen=True, slots=True)
class Annotation:
    path: str
    start_line: int
    end_line: int
    level: AnnotationLevel
    message: str
    title: str | None = None


@dataclass(frozen=True, slots=True)
class CheckRun:
    id: int
    name: str
    head_sha: str
    status: str
    conclusion: str | None


@dataclass(frozen=True, slots=True)
class Issue:
    number: int
    title: str
    body: str  # "" when GitHub has none
    state: str  # "open" | "closed"
    state_reason: str | None
    author: User
    labels: tuple[str, ...]
    created_at: datetime
    closed_at: datetime | None
    html_url: str
    is_pull_request: bool  # the issues API lists pull requests too


@dataclass(frozen=True, slots=True)
class Review:
    id: int
    author: User
    state: str  # APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED, PENDING
    submitted_at: datetime | None  # None for a pending review
    commit_id: str | None


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


@dataclass(slots=True)
class RequestStats:
    """Every HTTP request the gateway made, per public operation (retries and pages included)."""

    by_operation: dict[str, int] = field(default_factory=dict)
    writes_by_operation: dict[str, int] = field(default_factory=dict)
    retries: int = 0
    waited_seconds: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.by_operation.values())

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
    """What commands may ask of GitHub. `bot.ports.github.Gateway` is the implementation."""

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

    def latest_check_run(self, head_sha: str, name: str) -> CheckRun | None: ...

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


def is_bot_author(user: User, bot_login: str) -> bool:
    """Whether `user` is the bot account: only then is a hidden marker on its comment or issue trusted."""
    return is_bot(user.login, bot_login)
