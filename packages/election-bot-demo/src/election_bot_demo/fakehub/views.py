"""Immutable snapshots the hub hands to tests, so assertions never race the server thread."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from election_bot_demo.fakehub.actions import comments_on, issue_labels
from election_bot_demo.fakehub.model import (
    GITHUB_ACTIONS_APP,
    CheckRun,
    Comment,
    Issue,
    Label,
    Repo,
    Review,
    User,
    Workflow,
    WorkflowRun,
)
from election_bot_demo.fakehub.state import HubState
from election_bot_demo.fakehub.tokens import Permissions


@dataclass(frozen=True, slots=True)
class FakeUser:
    id: int
    login: str
    type: str


@dataclass(frozen=True, slots=True)
class FakeLabel:
    name: str
    color: str
    description: str | None


@dataclass(frozen=True, slots=True)
class FakeComment:
    id: int
    issue_number: int
    author: str
    body: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class FakeReview:
    id: int
    author: str
    state: str
    body: str
    submitted_at: datetime
    commit_id: str


@dataclass(frozen=True, slots=True)
class FakeFile:
    filename: str
    status: str
    previous_filename: str | None
    additions: int
    deletions: int


@dataclass(frozen=True, slots=True)
class FakeIssue:
    number: int
    title: str
    body: str | None
    author: str
    state: str
    state_reason: str | None
    labels: tuple[str, ...]
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    comments: int
    is_pull: bool


@dataclass(frozen=True, slots=True)
class FakePull:
    number: int
    title: str
    body: str | None
    author: str
    state: str
    merged: bool
    draft: bool
    head_sha: str
    head_ref: str
    head_repo: str
    base_ref: str
    labels: tuple[str, ...]
    files: tuple[FakeFile, ...]
    reviews: tuple[FakeReview, ...]
    created_at: datetime
    merge_commit_sha: str | None


@dataclass(frozen=True, slots=True)
class FakeCheckRun:
    id: int
    name: str
    head_sha: str
    status: str
    conclusion: str | None
    title: str | None
    summary: str | None
    text: str | None
    annotations: tuple[dict[str, Any], ...]
    details_url: str | None
    external_id: str | None
    started_at: datetime | None
    completed_at: datetime | None
    app_id: int = GITHUB_ACTIONS_APP.id  # the app that created it (GitHub Actions: any GITHUB_TOKEN)
    app_slug: str = GITHUB_ACTIONS_APP.slug
    suite_id: int = 0


@dataclass(frozen=True, slots=True)
class FakeWorkflow:
    id: int
    path: str
    name: str
    state: str  # active, deleted, disabled_fork, disabled_inactivity, disabled_manually
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class FakeWorkflowRun:
    id: int
    workflow_path: str
    event: str
    created_at: datetime
    ref: str
    inputs: dict[str, Any]


@dataclass(frozen=True, slots=True)
class JobToken:
    """A GITHUB_TOKEN minted for one job of one run (FakeHub.token_for_job)."""

    token: str = field(repr=False)
    repo: str
    workflow: str
    job: str
    event: str
    run_id: int
    permissions: Permissions  # REST spelling (pull_requests), metadata always read

    def __str__(self) -> str:
        return self.token


def user_view(user: User) -> FakeUser:
    return FakeUser(id=user.id, login=user.login, type=user.type)


def label_view(label: Label) -> FakeLabel:
    return FakeLabel(name=label.name, color=label.color, description=label.description)


def comment_view(state: HubState, comment: Comment) -> FakeComment:
    return FakeComment(
        id=comment.id,
        issue_number=comment.issue_number,
        author=state.users[comment.author_id].login,
        body=comment.body,
        created_at=comment.created_at,
        updated_at=comment.updated_at,
    )


def review_view(state: HubState, review: Review) -> FakeReview:
    return FakeReview(
        id=review.id,
        author=state.users[review.author_id].login,
        state=review.state,
        body=review.body,
        submitted_at=review.submitted_at,
        commit_id=review.commit_id,
    )


def issue_view(state: HubState, repo: Repo, issue: Issue) -> FakeIssue:
    return FakeIssue(
        number=issue.number,
        title=issue.title,
        body=issue.body,
        author=state.users[issue.author_id].login,
        state=issue.state,
        state_reason=issue.state_reason,
        labels=tuple(label.name for label in issue_labels(repo, issue)),
        created_at=issue.created_at,
        updated_at=issue.updated_at,
        closed_at=issue.closed_at,
        comments=len(comments_on(repo, issue.number)),
        is_pull=issue.pull is not None,
    )


def pull_view(state: HubState, repo: Repo, issue: Issue) -> FakePull:
    pull = issue.pull
    if pull is None:
        raise KeyError(f"#{issue.number} is an issue, not a pull request")
    return FakePull(
        number=issue.number,
        title=issue.title,
        body=issue.body,
        author=state.users[issue.author_id].login,
        state=issue.state,
        merged=pull.merged,
        draft=pull.draft,
        head_sha=pull.head_sha,
        head_ref=pull.head_ref,
        head_repo=pull.head_repo,
        base_ref=pull.base_ref,
        labels=tuple(label.name for label in issue_labels(repo, issue)),
        files=tuple(
            FakeFile(f.filename, f.status, f.previous_filename, f.additions, f.deletions) for f in pull.files
        ),
        reviews=tuple(review_view(state, r) for r in pull.reviews),
        created_at=issue.created_at,
        merge_commit_sha=pull.merge_commit_sha,
    )


def check_run_view(run: CheckRun) -> FakeCheckRun:
    return FakeCheckRun(
        id=run.id,
        name=run.name,
        head_sha=run.head_sha,
        status=run.status,
        conclusion=run.conclusion,
        title=run.title,
        summary=run.summary,
        text=run.text,
        annotations=tuple(dict(a) for a in run.annotations),
        details_url=run.details_url,
        external_id=run.external_id,
        started_at=run.started_at,
        completed_at=run.completed_at,
        app_id=run.app.id,
        app_slug=run.app.slug,
        suite_id=run.suite_id,
    )


def workflow_view(workflow: Workflow) -> FakeWorkflow:
    return FakeWorkflow(
        id=workflow.id,
        path=workflow.path,
        name=workflow.name,
        state=workflow.state,
        created_at=workflow.created_at,
        updated_at=workflow.updated_at,
    )


def workflow_run_view(run: WorkflowRun) -> FakeWorkflowRun:
    return FakeWorkflowRun(
        id=run.id,
        workflow_path=run.workflow_path,
        event=run.event,
        created_at=run.created_at,
        ref=run.ref,
        inputs=dict(run.inputs),
    )
