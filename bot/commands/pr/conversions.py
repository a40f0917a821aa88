"""What the pull-request check (`bot.nominations`) is given beyond GitHub's own values (which it takes as
the gateway returns them), and the check's annotations → the gateway's."""

from __future__ import annotations

from dataclasses import dataclass

from bot.github.port import Annotation, AnnotationLevel, CheckConclusion, Comment
from bot.nominations import report


@dataclass(frozen=True, slots=True)
class ListedComment:
    comment: Comment
    edited: bool  # GitHub's updated_at differs from created_at: someone changed it after posting
    own: bool  # authored by the bot


def listed(comment: Comment, bot_login: str) -> ListedComment:
    return ListedComment(
        comment, comment.updated_at != comment.created_at, comment.author.is_bot_author(bot_login)
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
