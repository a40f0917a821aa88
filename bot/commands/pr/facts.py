"""What the pull-request check (`bot.nominations`) is given beyond GitHub's own values (which it takes as
the gateway returns them), and the check's annotations → the gateway's."""

from __future__ import annotations

from bot.github.port import Annotation, AnnotationLevel, CheckConclusion
from bot.nominations import report

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
