"""Hidden markers that tie a GitHub comment or issue to the bot: `<!-- election-bot:KIND k=v ... -->`,
built and parsed here; the kinds are `bot.text.labels.MarkerKind`.

A marker is trusted only on a comment or issue authored by the bot account (the gateway checks the
author); a marker typed by a person is ignored. Values are restricted to a safe alphabet so a marker can
never smuggle Markdown, HTML or another marker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.text.labels import MarkerKind

PREFIX = "election-bot:"
_SAFE_VALUE = re.compile(r"^[A-Za-z0-9._:/+=-]{1,200}$")
_MARKER = re.compile(
    r"<!-- election-bot:([a-z][a-z0-9-]{0,40})((?: [a-z_]{1,30}=[A-Za-z0-9._:/+=-]{1,200})*) -->"
)


@dataclass(frozen=True, slots=True)
class Marker:
    kind: str
    fields: dict[str, str]

    def render(self) -> str:
        parts = "".join(f" {k}={v}" for k, v in sorted(self.fields.items()))
        return f"<!-- {PREFIX}{self.kind}{parts} -->"


def marker(kind: MarkerKind, **fields: str | int) -> str:
    """Render a marker; raises ValueError for a value outside the safe alphabet (a programming error)."""
    clean = {k: str(v) for k, v in fields.items()}
    for key, value in clean.items():
        if not _SAFE_VALUE.match(value):
            raise ValueError(f"unsafe marker value for {key}")
    return Marker(kind.value, clean).render()


def find_markers(body: str | None) -> list[Marker]:
    if not body:
        return []
    found = []
    for match in _MARKER.finditer(body):
        fields = dict(part.split("=", 1) for part in match.group(2).split())
        found.append(Marker(match.group(1), fields))
    return found


def first_marker(body: str | None, kind: MarkerKind) -> Marker | None:
    return next((m for m in find_markers(body) if m.kind == kind), None)
