"""GitHub's values as plain frozen dataclasses: accounts, pull requests and their files, repository files,
comments, reviews, issues, check runs and annotations. The gateway (`bot.github.gateway`) builds them from
GitHub's JSON, the pull-request check builds the few a webhook delivery carries, and the core decides on
them; one type per GitHub value, used on both sides of the port. Nothing here talks to GitHub.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from bot.text.labels import GHOST_ID, GHOST_LOGIN

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


# -- accounts: the one place that says whether two accounts are one ------------------------------------


def login_key(login: str) -> str:
    """A login as GitHub compares it: without regard to case. Every comparison or dictionary key of
    logins goes through here (or `same_login`), never through `.lower()` or `.casefold()` of its own."""
    return login.casefold()


def same_login(a: str, b: str) -> bool:
    """Two logins name the same account (GitHub logins compare without regard to case)."""
    return login_key(a) == login_key(b)


def is_bot(login: str, bot_login: str) -> bool:
    """Whether an account is the bot's own (`bot_login`, the account the bot writes as)."""
    return same_login(login, bot_login)


# -- values ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class User:
    """A GitHub account. Match people by `id` (stable) and case-insensitive `login`, never by name."""

    login: str
    id: int
    type: str = "User"  # "User", "Bot" or "Organization"

    def same(self, other: User | None) -> bool:
        """The same account: by numeric id, whatever the login's case or a rename."""
        return other is not None and other.id == self.id

    def is_bot_author(self, bot_login: str) -> bool:
        """The bot's own account: only then is a hidden marker on its comment or issue trusted."""
        return is_bot(self.login, bot_login)

    def is_any_bot(self, bot_login: str) -> bool:
        """The bot, or any other app or bot account: never counted as an admin (nor as anyone else)."""
        return is_bot(self.login, bot_login) or self.type == "Bot" or self.login.endswith("[bot]")


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
    # The base repository's default branch (`base.repo.default_branch`); None when GitHub did not say.
    default_branch: str | None = None

    @property
    def off_default_branch(self) -> bool:
        """Merging it would not nominate anyone: it targets another branch than the default one."""
        return self.default_branch is not None and self.base_ref != self.default_branch


@dataclass(frozen=True, slots=True)
class ChangedFile:
    filename: str
    status: str  # added, removed, modified, renamed, copied, changed, unchanged
    previous_filename: str | None = None
    additions: int = 0
    deletions: int = 0
    changes: int = 0
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
    # Whoever builds a Comment from JSON passes it through `association_of` (an unknown value is NONE).
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
    app_slug: str | None = None  # the GitHub App that created it (GITHUB_TOKEN: `github-actions`)
    external_id: str | None = None  # what its creator set; a workflow job's own check run has a UUID
    details_url: str | None = None


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
    submitted_at: datetime | None = None  # None for a pending review
    commit_id: str | None = None  # the head the reviewer saw


# GitHub's author_association values of accounts that can hold a permission on the repository (owner,
# organisation member, outside collaborator). Any other value (NONE, CONTRIBUTOR, FIRST_TIMER, ...) is an
# account without one: such a commenter is refused without asking the permission API.
PERMISSION_ASSOCIATIONS = frozenset({"OWNER", "MEMBER", "COLLABORATOR"})


_ASSOCIATIONS = PERMISSION_ASSOCIATIONS | {
    "CONTRIBUTOR",
    "FIRST_TIMER",
    "FIRST_TIME_CONTRIBUTOR",
    "MANNEQUIN",
    "NONE",
}


def association_of(value: object) -> str:
    """GitHub's value, or NONE for anything else (fail closed: an unknown value holds no permission)."""
    return value if isinstance(value, str) and value in _ASSOCIATIONS else "NONE"


@dataclass(frozen=True, slots=True)
class Workflow:
    """A GitHub Actions workflow of the repository, as GitHub lists it: its file, its `name:` and its
    state. Only `active` runs; GitHub sets `disabled_inactivity` on a scheduled workflow of a public
    repository after 60 days without activity, and a disabled workflow runs on no trigger at all."""

    path: str  # .github/workflows/phases-timer.yml
    name: str
    state: str  # active, disabled_inactivity, disabled_manually, disabled_fork, deleted

    @property
    def file(self) -> str:
        return self.path.rpartition("/")[2]

    @property
    def active(self) -> bool:
        return self.state == "active"


@dataclass(frozen=True, slots=True)
class Repository:
    """The repository itself, as far as an election needs it: whether it is private, its default branch."""

    full_name: str
    private: bool
    default_branch: str


# -- repository settings `election-bot doctor` reads (read-only; most need an admin's token) -------------


@dataclass(frozen=True, slots=True)
class Environment:
    """A deployment environment: which branches may use it and the names of its secrets (never values).
    `branch_policy`: "all" (no policy), "protected" (protected branches) or "custom" (`branches`, name
    patterns)."""

    name: str
    branch_policy: Literal["all", "protected", "custom"]
    branches: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RequiredCheck:
    """A status check a branch's ruleset or protection requires: its name and the app that must create it
    (None: any app or job may)."""

    context: str
    app_id: int | None


@dataclass(frozen=True, slots=True)
class ActionsPolicy:
    """Which actions and reusable workflows the repository's workflows may use: `allowed` is "all",
    "local_only" or "selected" (then `github_owned` and the `patterns` GitHub matches `owner/repo/...@ref`
    against)."""

    enabled: bool
    allowed: str
    github_owned: bool = True
    patterns: tuple[str, ...] = ()
