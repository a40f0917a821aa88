"""Findings: what every rule returns. A finding is data; rendering it is someone else's job."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    error = "error"  # the nomination cannot be accepted as it is
    warning = "warning"  # accepted, but a person should look (e.g. membership not verified)
    notice = "notice"  # information for voters or admins


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: Severity
    path: str
    line: int | None
    message: str  # plain text: the catalogue's words with the values filled in
    # The catalogue's template (trusted Markdown) and the values filled into it, for renderers that escape
    # only the values (`bot.text.markdown.fill`); empty for findings made outside the catalogue.
    template: str = field(default="", compare=False)
    params: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.error

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
        }


def has_errors(findings: list[Finding]) -> bool:
    return any(f.is_error for f in findings)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Stable, reader-friendly order: by file, then line (file-level first), then code."""
    return sorted(findings, key=lambda f: (f.path, f.line or 0, f.code))
