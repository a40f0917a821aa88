"""The stand-in's mutable records. Only `state.py` and the handlers touch them, always under the hub lock.

People are referenced by numeric id, never by login, so a rename (same id, new login) is seen everywhere,
as on GitHub.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from election_bot_demo.fakehub.gitmodel import Commit, FileChange

UserType = Literal["User", "Bot", "Organization"]
Permission = Literal["admin", "maintain", "write", "triage", "read", "none"]
PERMISSIONS: tuple[Permission, ...] = ("none", "read", "triage", "write", "maintain", "admin")
ReviewState = Literal["APPROVED", "CHANGES_REQUESTED", "COMMENTED", "DISMISSED"]
WorkflowState = Literal["active", "deleted", "disabled_fork", "disabled_inactivity", "disabled_manually"]


@dataclass(frozen=True, slots=True)
class App:
    """A GitHub App; check runs remember the one that created them (the `app` of a check run)."""

    id: int
    slug: str
    name: str


# The app behind GITHUB_TOKEN: id 15368, slug github-actions (the `app` of every check run an Actions job or
# a GITHUB_TOKEN creates; branch protection pins required checks to it as `app_id: 15368`).
GITHUB_ACTIONS_APP = App(id=15368, slug="github-actions", name="GitHub Actions")


@dataclass
class User:
    id: int
    login: str
    type: UserType
    created_at: datetime
    name: str | None = None


@dataclass
class Label:
    id: int
    name: str
    color: str
    description: str | None
    default: bool = False


@dataclass
class Comment:
    id: int
    issue_number: int
    author_id: int
    body: str
    created_at: datetime
    updated_at: datetime


@dataclass
class Review:
    id: int
    author_id: int
    state: ReviewState
    body: str
    submitted_at: datetime
    commit_id: str


@dataclass
class IssueEvent:
    id: int
    event: str
    actor_id: int
    created_at: datetime
    label: tuple[str, str] | None = None  # (name, color) for labeled/unlabeled
    rename: tuple[str, str] | None = None  # (from, to) for renamed
    commit_id: str | None = None


@dataclass
class Push:
    """A new head of a pull request, as GitHub stamps it: the `synchronize` delivery's `before`, `after`
    and the time it arrived (the pull request's `updated_at` then)."""

    after: str
    before: str
    at: datetime


@dataclass
class Pull:
    """What a pull request adds to its issue."""

    id: int
    head_ref: str
    head_repo: str  # full name; differs from the base repo for a fork
    head_sha: str
    base_ref: str
    base_sha: str  # merge base: the base branch tip the PR was opened on
    commits: list[str]
    files: list[FileChange]
    draft: bool = False
    merged: bool = False
    merged_at: datetime | None = None
    merged_by_id: int | None = None
    merge_commit_sha: str | None = None
    reviews: list[Review] = field(default_factory=list)
    pushes: list[Push] = field(default_factory=list)  # every head after the first, in order


@dataclass
class Issue:
    """An issue, or the issue half of a pull request (`pull` set): they share numbers and comments."""

    id: int
    number: int
    author_id: int
    title: str
    body: str | None
    created_at: datetime
    updated_at: datetime
    state: Literal["open", "closed"] = "open"
    state_reason: str | None = None
    closed_at: datetime | None = None
    closed_by_id: int | None = None
    labels: list[str] = field(default_factory=list)  # label names as stored in the repo
    pull: Pull | None = None
    events: list[IssueEvent] = field(default_factory=list)


@dataclass
class CheckRun:
    id: int
    name: str
    head_sha: str
    suite_id: int
    status: str
    conclusion: str | None
    started_at: datetime | None
    completed_at: datetime | None
    details_url: str | None
    external_id: str | None
    title: str | None = None
    summary: str | None = None
    text: str | None = None
    annotations: list[dict[str, Any]] = field(default_factory=list)
    app: App = GITHUB_ACTIONS_APP  # the app whose token created it; only that app may change it


@dataclass
class Workflow:
    """A file under .github/workflows on the default branch, as the Actions API lists it."""

    id: int
    path: str
    name: str
    state: WorkflowState
    created_at: datetime
    updated_at: datetime
    enabled_at: datetime  # created, or last enabled: the inactivity clock starts here at the earliest


@dataclass
class WorkflowRun:
    """One run a trigger or a dispatch started (the stand-in records runs; it does not execute them)."""

    id: int
    workflow_path: str
    event: str
    created_at: datetime
    ref: str
    inputs: dict[str, Any] = field(default_factory=dict)


@dataclass
class Environment:
    """A deployment environment (https://docs.github.com/en/rest/deployments/environments): its deployment
    branch policy (None: every branch may deploy; "protected": protected branches; "custom": the name
    patterns in `branches`) and its secrets' names (values are never readable through the API)."""

    id: int
    name: str
    branch_policy: Literal["protected", "custom"] | None = None
    branches: list[str] = field(default_factory=list)
    secrets: list[str] = field(default_factory=list)


@dataclass
class Ruleset:
    """A branch ruleset's required status checks (https://docs.github.com/en/rest/repos/rules): `branches`
    holds branch names or "~DEFAULT_BRANCH"; only `active` rulesets apply ("evaluate" and "disabled" do
    not, per "Get rules for a branch")."""

    id: int
    name: str
    enforcement: Literal["active", "evaluate", "disabled"]
    branches: list[str]
    checks: list[tuple[str, int | None]]  # (context, integration_id); None: any app


@dataclass
class ActionsPolicy:
    """A repository's GitHub Actions permissions (https://docs.github.com/en/rest/actions/permissions).
    GitHub's default for a new repository: enabled, every action and reusable workflow allowed."""

    enabled: bool = True
    allowed_actions: Literal["all", "local_only", "selected"] = "all"
    github_owned_allowed: bool = True
    verified_allowed: bool = False
    patterns_allowed: list[str] = field(default_factory=list)


@dataclass
class Repo:
    id: int
    owner_id: int
    name: str
    default_branch: str
    private: bool
    created_at: datetime
    updated_at: datetime
    fork_of: str | None = None
    commits: dict[str, Commit] = field(default_factory=dict)
    refs: dict[str, str] = field(default_factory=dict)  # "refs/heads/main" -> sha
    issues: dict[int, Issue] = field(default_factory=dict)
    comments: dict[int, Comment] = field(default_factory=dict)
    labels: dict[str, Label] = field(default_factory=dict)  # lower-cased name -> label
    permissions: dict[int, Permission] = field(default_factory=dict)
    associations: dict[int, str] = field(default_factory=dict)
    check_runs: dict[int, CheckRun] = field(default_factory=dict)
    check_suites: dict[str, int] = field(default_factory=dict)  # head sha -> suite id
    next_number: int = 1
    activity: list[datetime] = field(
        default_factory=list
    )  # every commit's time: "activity" (workflowstate.py)
    workflows: dict[str, Workflow] = field(default_factory=dict)  # path -> workflow
    workflow_runs: list[WorkflowRun] = field(default_factory=list)
    # Settings `election-bot doctor` reads (handlers/settings.py): none configured on a new repository.
    environments: dict[str, Environment] = field(default_factory=dict)  # lower-cased name -> environment
    rulesets: list[Ruleset] = field(default_factory=list)
    protection: dict[str, list[tuple[str, int | None]]] = field(default_factory=dict)  # branch -> checks
    actions_policy: ActionsPolicy = field(default_factory=ActionsPolicy)
    pages_build_type: Literal["workflow", "legacy"] | None = None  # None: no Pages site
