"""Changes to the world that both the HTTP API and the seeding API make, with GitHub's rules applied once.

Callers hold the hub lock. Violations raise `ApiError` exactly as the API would answer them, so a test
seeding an over-long comment learns the same thing the bot would.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Final, cast

from election_bot_demo.fakehub.errors import ApiError, validation_failed
from election_bot_demo.fakehub.gitmodel import diff_trees
from election_bot_demo.fakehub.model import (
    Comment,
    Issue,
    IssueEvent,
    Label,
    Pull,
    Push,
    Repo,
    Review,
    ReviewState,
    User,
)
from election_bot_demo.fakehub.state import HubState

BODY_LIMIT: Final = 65_536
TITLE_LIMIT: Final = 256
DEFAULT_LABEL_COLOR: Final = "ededed"
_COLOR = re.compile(r"[0-9a-fA-F]{6}")
STATE_REASONS: Final = frozenset({"completed", "not_planned", "duplicate", "reopened"})
REVIEW_STATES: Final = frozenset({"APPROVED", "CHANGES_REQUESTED", "COMMENTED", "DISMISSED"})


def check_text(resource: str, title: str | None, body: str | None) -> None:
    if title is not None and len(title) > TITLE_LIMIT:
        raise validation_failed(
            resource, "title", "custom", f"title is too long (maximum is {TITLE_LIMIT} characters)"
        )
    if body is not None and len(body) > BODY_LIMIT:
        raise validation_failed(
            resource, "body", "custom", f"body is too long (maximum is {BODY_LIMIT} characters)"
        )


def _event(
    state: HubState,
    issue: Issue,
    event: str,
    actor: User,
    *,
    label: tuple[str, str] | None = None,
    rename: tuple[str, str] | None = None,
    commit_id: str | None = None,
) -> None:
    issue.events.append(
        IssueEvent(
            id=state.next_id("event"),
            event=event,
            actor_id=actor.id,
            created_at=state.now(),
            label=label,
            rename=rename,
            commit_id=commit_id,
        )
    )


def _touch(state: HubState, repo: Repo, issue: Issue) -> None:
    issue.updated_at = state.now()
    repo.updated_at = issue.updated_at


# -- labels -------------------------------------------------------------------------------------------------


def find_label(repo: Repo, name: str) -> Label | None:
    return repo.labels.get(name.lower())


def create_label(state: HubState, repo: Repo, name: str, color: str | None, description: str | None) -> Label:
    if not name:
        raise validation_failed("Label", "name")
    if find_label(repo, name) is not None:
        raise validation_failed("Label", "name", "already_exists")
    color = (color or DEFAULT_LABEL_COLOR).removeprefix("#")
    if not _COLOR.fullmatch(color):
        raise validation_failed("Label", "color", "invalid")
    if description is not None and len(description) > 100:
        raise validation_failed(
            "Label", "description", "custom", "description is too long (maximum is 100 characters)"
        )
    label = Label(id=state.next_id("label"), name=name, color=color.lower(), description=description)
    repo.labels[name.lower()] = label
    return label


def ensure_label(state: HubState, repo: Repo, name: str) -> Label:
    """Adding an unknown label to an issue creates it, grey, as GitHub does."""
    return find_label(repo, name) or create_label(state, repo, name, DEFAULT_LABEL_COLOR, None)


def add_labels(state: HubState, repo: Repo, issue: Issue, names: Iterable[str], actor: User) -> None:
    on_issue = {n.lower() for n in issue.labels}
    for name in names:
        label = ensure_label(state, repo, name)
        if label.name.lower() not in on_issue:
            issue.labels.append(label.name)
            on_issue.add(label.name.lower())
            _event(state, issue, "labeled", actor, label=(label.name, label.color))
    _touch(state, repo, issue)


def remove_label(state: HubState, repo: Repo, issue: Issue, name: str, actor: User) -> None:
    match = next((n for n in issue.labels if n.lower() == name.lower()), None)
    if match is None:
        raise ApiError(404, "Label does not exist")
    issue.labels.remove(match)
    label = find_label(repo, match)
    _event(state, issue, "unlabeled", actor, label=(match, label.color if label else DEFAULT_LABEL_COLOR))
    _touch(state, repo, issue)


def set_labels(state: HubState, repo: Repo, issue: Issue, names: Iterable[str], actor: User) -> None:
    wanted = list(dict.fromkeys(names))
    wanted_lower = {n.lower() for n in wanted}
    for existing in list(issue.labels):
        if existing.lower() not in wanted_lower:
            remove_label(state, repo, issue, existing, actor)
    add_labels(state, repo, issue, wanted, actor)


def issue_labels(repo: Repo, issue: Issue) -> list[Label]:
    """Labels still defined in the repo, in the order they were added."""
    return [label for name in issue.labels if (label := find_label(repo, name)) is not None]


# -- issues -------------------------------------------------------------------------------------------------


def get_issue(repo: Repo, number: int) -> Issue:
    issue = repo.issues.get(number)
    if issue is None:
        raise ApiError(404, "Not Found")
    return issue


def create_issue(
    state: HubState,
    repo: Repo,
    author: User,
    title: str,
    body: str | None,
    labels: Iterable[str] = (),
    *,
    created_at: datetime | None = None,
) -> Issue:
    if not title:
        raise validation_failed("Issue", "title")
    check_text("Issue", title, body)
    when = created_at or state.now()
    issue = Issue(
        id=state.next_id("issue"),
        number=repo.next_number,
        author_id=author.id,
        title=title,
        body=body,
        created_at=when,
        updated_at=when,
    )
    repo.next_number += 1
    repo.issues[issue.number] = issue
    if labels:
        add_labels(state, repo, issue, labels, author)
        issue.updated_at = when
    return issue


def _check_state(issue: Issue, new_state: str | None, reason: str | None) -> None:
    if new_state is not None and new_state not in ("open", "closed"):
        raise validation_failed("Issue", "state", "invalid")
    if reason is not None and reason not in STATE_REASONS:
        raise validation_failed("Issue", "state_reason", "invalid")
    if new_state == "open" and issue.pull is not None and issue.pull.merged:
        raise validation_failed(
            "PullRequest", "state", "invalid", "state cannot be changed. The pull request is merged."
        )


def set_state(
    state: HubState, repo: Repo, issue: Issue, new_state: str, reason: str | None, actor: User
) -> None:
    _check_state(issue, new_state, reason)
    if new_state == issue.state:
        if reason is not None and new_state == "closed":
            issue.state_reason = reason
        return
    if new_state == "closed":
        issue.state = "closed"
        issue.state_reason = reason or "completed"
        issue.closed_at = state.now()
        issue.closed_by_id = actor.id
        _event(state, issue, "closed", actor)
    else:
        issue.state = "open"
        issue.state_reason = "reopened"
        issue.closed_at = None
        issue.closed_by_id = None
        _event(state, issue, "reopened", actor)
    _touch(state, repo, issue)


def edit_issue(
    state: HubState,
    repo: Repo,
    issue: Issue,
    actor: User,
    *,
    title: str | None = None,
    body: str | None = None,
    set_body: bool = False,
    new_state: str | None = None,
    state_reason: str | None = None,
    labels: list[str] | None = None,
) -> None:
    if title is not None and not title:
        raise validation_failed("Issue", "title")
    check_text("Issue", title, body)
    _check_state(issue, new_state, state_reason)
    # Everything is valid: only now change the issue, so a 422 leaves it as it was.
    if title is not None and title != issue.title:
        _event(state, issue, "renamed", actor, rename=(issue.title, title))
        issue.title = title
    if set_body:
        issue.body = body
    if labels is not None:
        set_labels(state, repo, issue, labels, actor)
    if new_state is not None or state_reason is not None:
        set_state(state, repo, issue, new_state or issue.state, state_reason, actor)
    _touch(state, repo, issue)


# -- comments -----------------------------------------------------------------------------------------------


def add_comment(
    state: HubState, repo: Repo, issue: Issue, author: User, body: str, *, created_at: datetime | None = None
) -> Comment:
    if not body:
        raise validation_failed("IssueComment", "body")
    check_text("IssueComment", None, body)
    when = created_at or state.now()
    comment = Comment(
        id=state.next_id("comment"),
        issue_number=issue.number,
        author_id=author.id,
        body=body,
        created_at=when,
        updated_at=when,
    )
    repo.comments[comment.id] = comment
    _touch(state, repo, issue)
    return comment


def get_comment(repo: Repo, comment_id: int) -> Comment:
    comment = repo.comments.get(comment_id)
    if comment is None:
        raise ApiError(404, "Not Found")
    return comment


def edit_comment(
    state: HubState, repo: Repo, comment: Comment, body: str, *, at: datetime | None = None
) -> None:
    if not body:
        raise validation_failed("IssueComment", "body")
    check_text("IssueComment", None, body)
    comment.body = body
    comment.updated_at = at or state.now()


def delete_comment(repo: Repo, comment: Comment) -> None:
    del repo.comments[comment.id]


def comments_on(repo: Repo, number: int) -> list[Comment]:
    return sorted(
        (c for c in repo.comments.values() if c.issue_number == number), key=lambda c: (c.created_at, c.id)
    )


# -- pull requests ------------------------------------------------------------------------------------------


def open_pull(
    state: HubState,
    repo: Repo,
    author: User,
    files: Mapping[str, bytes | None],
    *,
    modes: Mapping[str, str] | None = None,
    title: str,
    body: str | None,
    created_at: datetime | None = None,
    head_repo: str | None = None,
    head_branch: str | None = None,
    base: str | None = None,
    draft: bool = False,
    labels: Iterable[str] = (),
    head_sha: str | None = None,
) -> Issue:
    """`head_sha`: open it on an existing commit (another pull request's head, say) instead of a new one."""
    base_ref = base or repo.default_branch
    base_sha = state.head_of(repo, base_ref)
    head = repo
    if head_repo is not None and head_repo.lower() != state.full_name(repo).lower():
        head = fork_of(state, repo, head_repo)
    issue = create_issue(state, repo, author, title, body, labels, created_at=created_at)
    branch = head_branch or f"{author.login}/patch-{issue.number}"
    if head_sha is None:
        head_sha = state.commit(
            head, branch, files, modes=modes, message=title, author_id=author.id, parent=base_sha
        )
    else:
        if head_sha not in repo.commits:
            raise KeyError(f"no commit {head_sha}")
        head.refs[f"refs/heads/{branch}"] = head_sha
    repo.refs[f"refs/pull/{issue.number}/head"] = head_sha
    issue.pull = Pull(
        id=state.next_id("pull"),
        head_ref=branch,
        head_repo=state.full_name(head),
        head_sha=head_sha,
        base_ref=base_ref,
        base_sha=base_sha,
        commits=[head_sha],
        files=diff_trees(repo.commits[base_sha].tree, repo.commits[head_sha].tree),
        draft=draft,
    )
    return issue


def fork_of(state: HubState, repo: Repo, full_name: str) -> Repo:
    """A fork shares its parent's object store, so a fork's commits resolve by sha in the parent too."""
    owner, _, name = full_name.partition("/")
    fork = state.find_repo(owner, name)
    if fork is None:
        fork = state.add_repo(full_name, default_branch=repo.default_branch, private=repo.private)
        fork.fork_of = state.full_name(repo)
        repo.commits.update(fork.commits)  # its empty initial commit: harmless, keeps refs valid
        fork.commits = repo.commits
        fork.refs = {f"refs/heads/{repo.default_branch}": state.head_of(repo, repo.default_branch)}
    return fork


def pull_of(repo: Repo, number: int) -> tuple[Issue, Pull]:
    issue = get_issue(repo, number)
    if issue.pull is None:
        raise ApiError(404, "Not Found")
    return issue, issue.pull


def push_to_pull(
    state: HubState,
    repo: Repo,
    number: int,
    files: Mapping[str, bytes | None],
    *,
    modes: Mapping[str, str] | None = None,
    message: str = "Update",
) -> str:
    """A new head commit (a `synchronize`): the changed files are recomputed against the merge base."""
    issue, pull = pull_of(repo, number)
    head = state.repo_named(pull.head_repo)
    sha = state.commit(
        head,
        pull.head_ref,
        files,
        modes=modes,
        message=message,
        author_id=issue.author_id,
        parent=pull.head_sha,
    )
    repo.refs[f"refs/pull/{number}/head"] = sha
    before = pull.head_sha
    pull.head_sha = sha
    pull.commits.append(sha)
    pull.files = diff_trees(repo.commits[pull.base_sha].tree, repo.commits[sha].tree)
    _touch(state, repo, issue)
    pull.pushes.append(Push(after=sha, before=before, at=issue.updated_at))
    return sha


def merge_pull(state: HubState, repo: Repo, number: int, by: User) -> str:
    issue, pull = pull_of(repo, number)
    if pull.merged or issue.state != "open":
        raise ValueError(f"pull request #{number} is not open")
    head_tree = repo.commits[pull.head_sha].tree
    changes: dict[str, bytes | None] = {}
    modes: dict[str, str] = {}
    for change in pull.files:
        if change.previous_filename:
            changes[change.previous_filename] = None
        entry = head_tree.get(change.filename)
        changes[change.filename] = entry.data if entry else None
        if entry:
            modes[change.filename] = entry.mode
    sha = state.commit(
        repo,
        pull.base_ref,
        changes,
        modes=modes,
        message=f"Merge pull request #{number}",
        author_id=by.id,
        extra_parents=(pull.head_sha,),
    )
    pull.merged = True
    pull.merged_at = state.now()
    pull.merged_by_id = by.id
    pull.merge_commit_sha = sha
    _event(state, issue, "merged", by, commit_id=sha)
    set_state(state, repo, issue, "closed", None, by)
    return sha


def add_review(
    state: HubState,
    repo: Repo,
    number: int,
    author: User,
    review_state: str,
    *,
    body: str = "",
    commit_id: str | None = None,
    submitted_at: datetime | None = None,
) -> Review:
    _, pull = pull_of(repo, number)
    if review_state not in REVIEW_STATES:
        raise ValueError(f"review state must be one of {sorted(REVIEW_STATES)}")
    check_text("PullRequestReview", None, body)
    review = Review(
        id=state.next_id("review"),
        author_id=author.id,
        state=cast(ReviewState, review_state),  # checked against REVIEW_STATES above
        body=body,
        submitted_at=submitted_at or state.now(),
        commit_id=commit_id or pull.head_sha,
    )
    pull.reviews.append(review)
    return review
