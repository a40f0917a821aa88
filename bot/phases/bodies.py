"""Announcement bodies, their hidden markers and digests: how the bot recognises its issues and remembers
what it said and whether a person edited the text.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace

from bot.nominations.record import Snapshot
from bot.phases.world import IssueView, Notice, PhaseMarker
from bot.text.labels import MarkerKind
from bot.text.markers import first_marker
from bot.text.markers import marker as render_marker

DIGEST_CHARS = 16


_FIELDS = r"(?: [a-z_]{1,30}=[A-Za-z0-9._:/+=-]{1,200})*"


_PHASE_MARKER_RE = re.compile(rf"\n*<!-- election-bot:phase(?:-state)?{_FIELDS} -->")


_STATE_MARKER_RE = re.compile(rf"<!-- election-bot:phase-state{_FIELDS} -->")


_IDENTITY_MARKER_RE = re.compile(rf"<!-- election-bot:phase{_FIELDS} -->")


def content_of(body: str) -> str:
    """The body without the bot's two hidden lines, normalised the way a digest sees it."""
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    return _PHASE_MARKER_RE.sub("", text).rstrip()


def digest(content: str) -> str:
    return hashlib.sha256(content_of(content).encode("utf-8")).hexdigest()[:DIGEST_CHARS]


def compose(content: str, marker: PhaseMarker) -> str:
    """The issue body the bot writes: its text, then the hidden lines (the state with the text's digest)."""
    text = content_of(content)
    return f"{text}\n\n{replace(marker, digest=digest(text)).render()}\n"


def marked(text: str, mark: str) -> str:
    """A comment the bot writes: its text, then its hidden marker line (how later runs find it)."""
    return f"{text}\n\n{mark}\n"


def rewrite_marker(body: str, marker: PhaseMarker) -> str:
    """Only the hidden state line changes; a person's text is kept byte for byte."""
    state = marker.state()
    match = _STATE_MARKER_RE.search(body)
    if match is not None:
        return body[: match.start()] + state + body[match.end() :]
    identity = _IDENTITY_MARKER_RE.search(body)
    if identity is not None:
        return body[: identity.end()] + "\n" + state + body[identity.end() :]
    return f"{body.rstrip()}\n\n{marker.render()}\n"


def hand_edited(issue: IssueView) -> bool:
    return digest(issue.body) != issue.marker.digest


def parse_phase_marker(body: str) -> PhaseMarker | None:
    identity = first_marker(body, MarkerKind.PHASE)
    if identity is None:
        return None
    return PhaseMarker.parse(identity, first_marker(body, MarkerKind.PHASE_STATE))


def closing_marker(election: str, phase: str) -> str:
    return render_marker(MarkerKind.PHASE_CLOSE, election=election, phase=phase)


def notice_marker(election: str, phase: str, notice: Notice) -> str:
    return render_marker(MarkerKind.PHASE_NOTICE, election=election, phase=phase, reason=notice.value)


def cutoff_marker(election: str, pull: int, snapshot: Snapshot | None = None) -> str:
    """The cut-off comment's marker; with the pass's snapshot of the pull request (`record.Snapshot`),
    which the PR check reads back from the bot's own comment as evidence of what it proposed then."""
    fields = snapshot.fields() if snapshot is not None else {}
    return render_marker(MarkerKind.CUTOFF, election=election, pr=pull, **fields)


def duplicate_marker(election: str, phase: str, keep: int) -> str:
    return render_marker(MarkerKind.PHASE_DUPLICATE, election=election, phase=phase, of=keep)
