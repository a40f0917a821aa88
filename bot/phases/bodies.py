"""Announcement bodies, their hidden markers and digests: how the bot recognises its issues and remembers
what it said and whether a person edited the text.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import replace

from bot.nominations.record import Snapshot
from bot.phases.world import IssueView, Notice, PhaseMarker
from bot.text.labels import MarkerKind
from bot.text.markers import Marker, first_marker
from bot.text.markers import marker as render_marker

DIGEST_CHARS = 16


_FIELDS = r"(?: [a-z_]{1,30}=[A-Za-z0-9._:/+=-]{1,200})*"


_PHASE_MARKER_RE = re.compile(rf"\n*<!-- election-bot:phase(?:-state)?{_FIELDS} -->")


_STATE_MARKER_RE = re.compile(rf"<!-- election-bot:phase-state{_FIELDS} -->")


_IDENTITY_MARKER_RE = re.compile(rf"<!-- election-bot:phase{_FIELDS} -->")


# The cut-off record: one hidden line per nomination pull request open at the cut-off, at the end of the
# nominations issue's body (`cutoff_marker`). Neither text nor state: a digest does not see it.
_CUTOFF_LINE_RE = re.compile(rf"\n*<!-- election-bot:{MarkerKind.CUTOFF.value}{_FIELDS} -->")

# How many pull requests the cut-off record keeps (about 160 characters each, well inside GitHub's 65,536
# for a body): beyond it a pull request is labelled without a snapshot, and the check lets the admins
# decide its window (WIN003) when nothing else on record dates it.
MAX_RECORDED = 250


def content_of(body: str) -> str:
    """The body without the bot's hidden lines, normalised the way a digest sees it."""
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    return _CUTOFF_LINE_RE.sub("", _PHASE_MARKER_RE.sub("", text)).rstrip()


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


def cutoff_marker(election: str, pull: int, snapshot: Snapshot) -> str:
    """One line of the cut-off record: the pass's snapshot of a pull request (`record.Snapshot`), which
    the PR check reads back from the bot's own nominations issue as evidence of what it proposed then."""
    return render_marker(MarkerKind.CUTOFF, election=election, pr=pull, **snapshot.fields())


def cutoff_record(body: str) -> list[str]:
    """The cut-off record's lines in a body, in order."""
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    return [m.group(0).strip("\n") for m in _CUTOFF_LINE_RE.finditer(text)]


def cutoff_marks(body: str, election: str) -> list[Marker]:
    """The markers of the cut-off record of `election` in `body`, in order."""
    found = (first_marker(line, MarkerKind.CUTOFF) for line in cutoff_record(body))
    return [mark for mark in found if mark is not None and mark.fields.get("election") == election]


def recorded_pulls(body: str, election: str) -> set[int]:
    """The pull requests the cut-off record of `election` in `body` has a line for."""
    numbers = (mark.fields.get("pr", "") for mark in cutoff_marks(body, election))
    return {int(number) for number in numbers if number.isdigit()}


def with_cutoff_record(body: str, lines: Sequence[str]) -> str:
    """`body` with `lines` added to its cut-off record, at the very end; everything else byte for byte."""
    if not lines:
        return body
    return body.rstrip("\n") + "\n" + "".join(f"{line}\n" for line in lines)


def duplicate_marker(election: str, phase: str, keep: int) -> str:
    return render_marker(MarkerKind.PHASE_DUPLICATE, election=election, phase=phase, of=keep)
