"""The gateway's GitHub values → the values the pull-request check (`bot.core.prcheck`) decides on, and
the check's annotations → the gateway's."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core import prcheck
from bot.core.prcheck import (
    CommentFacts,
    Person,
    PrFile,
    PullFacts,
)
from bot.core.render import report
from bot.ports.github_types import (
    Annotation,
    AnnotationLevel,
    ChangedFile,
    CheckConclusion,
    Comment,
    PullRequest,
    User,
    is_bot_author,
)


def person(user: User) -> Person:
    return Person(user.login, user.id, user.type)


def pull_facts(pr: PullRequest) -> PullFacts:
    return PullFacts(
        number=pr.number,
        author=person(pr.author),
        created_at=pr.created_at,
        head_sha=pr.head_sha,
        base_ref=pr.base_ref,
        labels=pr.labels,
        html_url=pr.html_url,
        state=pr.state,
        draft=pr.draft,
        updated_at=pr.updated_at,
    )


def pr_file(change: ChangedFile) -> PrFile:
    return PrFile(change.filename, change.status, change.previous_filename)


@dataclass(frozen=True, slots=True)
class ListedComment:
    facts: CommentFacts
    edited: bool  # GitHub's updated_at differs from created_at: someone changed it after posting
    own: bool  # authored by the bot


def listed(comment: Comment, bot_login: str) -> ListedComment:
    facts = CommentFacts(
        comment.id,
        person(comment.author),
        comment.body,
        comment.html_url,
        comment.created_at,
        prcheck.association_of(comment.author_association),
    )
    return ListedComment(
        facts, comment.updated_at != comment.created_at, is_bot_author(comment.author, bot_login)
    )


_LEVELS: dict[str, AnnotationLevel] = {"notice": "notice", "warning": "warning", "failure": "failure"}


CONCLUSIONS: dict[str, CheckConclusion] = {
    "success": "success",
    "failure": "failure",
    "action_required": "action_required",
    "neutral": "neutral",
}


def annotation(a: report.AnnotationText) -> Annotation:
    return Annotation(
        path=a.path,
        start_line=a.line,
        end_line=a.line,
        level=_LEVELS.get(a.level, "failure"),
        message=a.message,
        title=a.title,
    )
