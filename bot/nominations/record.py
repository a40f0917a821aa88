"""The bot's trusted record of what a pull request proposed, and when GitHub says it did. Pure.

Every run of the check judges one head commit. What it learns about that head is kept as a *sighting* in
hidden markers of the bot's own report comment (trusted only there, see `prcheck.parse_state`):

    <!-- election-bot:seen at=... head=SHA src=opened|synchronize|event|seen|cutoff [before=SHA]
         [key=K] [nominee=ID] [login=LOGIN] [blob=SHA] -->

A sighting says "GitHub showed head SHA at instant `at`" — a GitHub server timestamp, never a commit date
and never the time a run happened to start:

* `opened`: the `pull_request.opened` delivery: the pull request's `created_at` with its head;
* `synchronize`: the push's delivery: `after` (the new head), `before` (the head it replaced) and the
  pull request's `updated_at`, which GitHub stamps when the push arrives;
* `event`: any other pull-request delivery (`reopened`, `edited`, ...): its head with its `updated_at`;
* `seen`: the pull request as the API listed it in this run: its head with its `updated_at` (the head was
  pushed at or before that instant, so it is an upper bound of when it was proposed);
* `cutoff`: the phase reconciler's cut-off pass (`bot.phases`), which records every open nomination pull
  request opened in time with its head, in hidden lines of the bot's own nominations issue.

Every time is an upper bound of when the head was first proposed: the earliest sighting of a proposal is
the best evidence of when it was made, and a run GitHub cancelled (a newer pending run in the same
concurrency group replaces an older one) only ever makes the evidence *later* — a gap never counts in the
nominee's favour.

`key` names what a head proposed: the nomination file's path (which carries the election and the login)
and the nominee's numeric id. `blob` is the git blob SHA of the file at that head: what the nominee
consented to, and what an admin decided on, is bound to it.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from bot.config.timeline import format_utc
from bot.github.values import Workflow
from bot.text import markers
from bot.text.labels import MarkerKind

MAX_SIGHTINGS = 40  # kept: the first sighting of every proposal, then the newest
MAX_KEYS = 20

_SHA_CHARS = frozenset("0123456789abcdef")


class Source(StrEnum):
    opened = "opened"
    synchronize = "synchronize"
    event = "event"
    seen = "seen"
    cutoff = "cutoff"


def is_sha(text: str) -> bool:
    return 7 <= len(text) <= 64 and set(text) <= _SHA_CHARS


def proposal_key(path: str, nominee_id: int | None) -> str:
    """What a head proposes, in 16 hex digits: the nomination file (path, any case) and the nominee's id."""
    text = f"{path.casefold()}\n{nominee_id if nominee_id is not None else '-'}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def blob_sha(content: bytes) -> str:
    """Git's blob id of a file's bytes (what the contents API calls `sha`)."""
    return hashlib.sha1(b"blob %d\x00" % len(content) + content, usedforsecurity=False).hexdigest()


@dataclass(frozen=True, slots=True)
class Sighting:
    head: str
    at: datetime
    source: Source
    before: str = ""  # synchronize: the head this push replaced
    key: str = ""  # "" : what the head proposed is not known (the run did not judge it)
    nominee_id: int | None = None
    login: str = ""
    blob: str = ""

    def marker(self) -> str:
        fields: dict[str, str | int] = {
            "head": self.head,
            "at": format_utc(self.at),
            "src": self.source.value,
        }
        if self.before:
            fields["before"] = self.before
        if self.key:
            fields["key"] = self.key
        if self.nominee_id is not None:
            fields["nominee"] = self.nominee_id
        if self.login:
            fields["login"] = self.login
        if self.blob:
            fields["blob"] = self.blob
        return markers.marker(MarkerKind.SEEN, **fields)

    def same_event(self, other: Sighting) -> bool:
        return (self.head, self.at, self.source, self.before) == (
            other.head,
            other.at,
            other.source,
            other.before,
        )


def _time(text: str) -> datetime | None:
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value.astimezone(UTC) if value.tzinfo is not None else None


def parse_sighting(found: markers.Marker) -> Sighting | None:
    f = found.fields
    at = _time(f.get("at", ""))
    head = f.get("head", "")
    try:
        source = Source(f.get("src", ""))
    except ValueError:
        return None
    before = f.get("before", "")
    key = f.get("key", "")
    blob = f.get("blob", "")
    nominee = f.get("nominee", "")
    if at is None or not is_sha(head) or (before and not is_sha(before)) or (blob and not is_sha(blob)):
        return None
    if key and (len(key) != 16 or not set(key) <= _SHA_CHARS):
        return None
    nominee_id = int(nominee) if nominee.isdigit() and len(nominee) < 19 else None
    return Sighting(head, at, source, before, key, nominee_id, f.get("login", ""), blob)


def merge(record: Sequence[Sighting], new: Iterable[Sighting]) -> tuple[Sighting, ...]:
    """The record with `new` sightings added (a repeated event adds nothing), bounded: the first
    sighting of every proposal (the window's evidence) and the newest others."""
    out = list(record)
    for sighting in new:
        same = next((i for i, s in enumerate(out) if s.same_event(sighting)), None)
        if same is None:
            if not _adds_nothing(out, sighting):
                out.append(sighting)
        elif not out[same].key and sighting.key:  # now judged: keep what the head proposed
            out[same] = sighting
    out.sort(key=lambda s: (s.at, s.source != Source.opened))
    if len(out) <= MAX_SIGHTINGS:
        return tuple(out)
    firsts: dict[str, Sighting] = {}
    for s in out:
        if s.key and s.key not in firsts and len(firsts) < MAX_KEYS:
            firsts[s.key] = s
    keep = set(map(id, firsts.values()))
    rest = [s for s in out if id(s) not in keep][-(MAX_SIGHTINGS - len(keep)) :]
    rest_ids = set(map(id, rest))
    return tuple(s for s in out if id(s) in keep or id(s) in rest_ids)


def _adds_nothing(record: Sequence[Sighting], new: Sighting) -> bool:
    """A later sighting of the head the record already shows at that instant, proposing what the record
    already says it proposed, tells nothing new (a re-delivered event, a run with nothing changed)."""
    earlier = [s for s in record if s.at <= new.at and s.source is not Source.cutoff]
    if not earlier or new.source is Source.cutoff:
        return False
    latest = max(earlier, key=lambda s: (s.at, s.source != Source.opened))
    return latest.head == new.head and (not new.key or new.key == latest.key)


def first_sighting(record: Sequence[Sighting], key: str) -> Sighting | None:
    """The earliest evidence that this pull request proposed `key`."""
    found = [s for s in record if s.key == key]
    return min(found, key=lambda s: s.at) if found else None


def seen_before(record: Sequence[Sighting], instant: datetime) -> bool:
    """Did GitHub show the bot this pull request (whatever it proposed) before `instant`?"""
    return any(s.at < instant for s in record if s.source is not Source.cutoff)


# -- what the pull request proposed at a given instant ----------------------------------------------------


UNKNOWN = "?"


def proposed_at(record: Sequence[Sighting], instant: datetime, attribute: str) -> frozenset[str]:
    """Every value `attribute` ("key" or "blob") may have had at `instant`, as far as GitHub's records in
    the sightings can tell; `UNKNOWN` among them when a head the bot never judged may have been the head
    then, or when the record does not reach back to `instant`.

    The head at `instant` is the one of the latest sighting at or before it, unless a later head was
    proposed in between. A later head whose push is on the record (a `synchronize` whose `before` is the
    head it replaced) is placed in time exactly; any other change of head (seen only later, or a push whose
    `before` the bot never saw: a cancelled run) could have happened at any moment since, so its value, and
    `UNKNOWN` for the heads the bot may have missed, are all possible."""
    ordered = sorted(record, key=lambda s: (s.at, s.source != Source.opened))
    base_index = None
    for index, s in enumerate(ordered):
        if s.at <= instant and s.source is not Source.cutoff:
            base_index = index
    if base_index is None:
        return frozenset({UNKNOWN})
    base = ordered[base_index]
    values = {getattr(base, attribute) or UNKNOWN}
    head = base.head
    for s in ordered[base_index + 1 :]:
        if s.head == head or s.source is Source.cutoff:
            continue
        witnessed = s.source is Source.synchronize and s.before == head
        if witnessed and s.at > instant:
            break  # this push came after `instant`: the head then was `head`
        if not witnessed:
            values.add(UNKNOWN)  # pushes the bot did not see may lie between
        values.add(getattr(s, attribute) or UNKNOWN)
        head = s.head
    return frozenset(values)


# -- consent bound to content -----------------------------------------------------------------------------


# The blob of a review given at a commit where the nomination file is not a regular file: never consent to
# any file, and remembered so that no later run reads that commit again (issue 28: one request per such
# review in every run).
NO_FILE = "none"


@dataclass(frozen=True, slots=True)
class ConsentRecord:
    """A consent the bot bound to the file it was given for: a review (by id) or a `/consent` comment
    (`blob` is `NO_FILE` for a review at a commit without the file)."""

    via: str  # "review" or "comment"
    ref: int
    blob: str

    def marker(self) -> str:
        return markers.marker(MarkerKind.CONSENT, via=self.via, ref=self.ref, blob=self.blob)


def parse_consent(found: markers.Marker) -> ConsentRecord | None:
    f = found.fields
    ref = f.get("ref", "")
    blob = f.get("blob", "")
    if f.get("via") not in ("review", "comment") or not ref.isdigit() or len(ref) > 18:
        return None
    if not is_sha(blob) and not (blob == NO_FILE and f.get("via") == "review"):
        return None
    return ConsentRecord(f["via"], int(ref), blob)


def with_consent(records: Sequence[ConsentRecord], new: ConsentRecord) -> tuple[ConsentRecord, ...]:
    if any((r.via, r.ref) == (new.via, new.ref) for r in records):
        return tuple(records)
    return (*records, new)


def reconsent_marker(via: str, ref: int) -> str:
    return markers.marker(MarkerKind.RECONSENT, via=via, ref=ref)


def with_key(sighting: Sighting, key: str, nominee_id: int | None, login: str, blob: str) -> Sighting:
    return replace(sighting, key=key, nominee_id=nominee_id, login=login, blob=blob)


# -- the cut-off pass's snapshot --------------------------------------------------------------------------


def file_key(path: str) -> str:
    """A nomination file's path (any case), in 16 hex digits: safe in a marker whatever the path holds."""
    return hashlib.sha256(path.casefold().encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What the phase reconciler's cut-off pass saw of an open pull request that touches `nominations/`:
    its head, GitHub's `updated_at` then (the head was proposed at or before it), when the pass looked,
    and the nomination file it changed (`file_key`; "" when it changed none or several, or the pass did not
    read the files). Kept in a hidden line of the bot's own nominations issue (`bot.phases.bodies`), and
    copied by the check into its report once read (older bots kept it in a cut-off comment on the PR)."""

    head: str
    at: datetime
    taken: datetime
    file: str = ""

    def fields(self) -> dict[str, str]:
        out = {"head": self.head, "at": format_utc(self.at), "taken": format_utc(self.taken)}
        if self.file:
            out["file"] = self.file
        return out


def parse_snapshot(found: markers.Marker) -> Snapshot | None:
    f = found.fields
    at, taken = _time(f.get("at", "")), _time(f.get("taken", ""))
    head, file = f.get("head", ""), f.get("file", "")
    if at is None or taken is None or not is_sha(head):
        return None
    if file and (len(file) != 16 or not set(file) <= _SHA_CHARS):
        return None
    return Snapshot(head, min(at, taken), taken, file)


# -- comments already read ---------------------------------------------------------------------------------

MAX_READ = 200  # remembered: the newest; as many as the two pages of comments a run lists


@dataclass(frozen=True, slots=True)
class ReadRecord:
    """A comment the parser read and found nothing in to rule on, as it was then (GitHub's `updated_at`):
    a later run does not read it again (issue 28: 200 comments built to be slow for the CommonMark parser
    were parsed again in every run). An edited comment has a new `updated_at` and is not this one."""

    comment: int
    updated: datetime

    def marker(self) -> str:
        return markers.marker(MarkerKind.READ, c=self.comment, u=int(self.updated.timestamp()))


def parse_read(found: markers.Marker) -> ReadRecord | None:
    comment, updated = found.fields.get("c", ""), found.fields.get("u", "")
    if not (comment.isdigit() and len(comment) < 19 and updated.isdigit() and len(updated) < 12):
        return None
    return ReadRecord(int(comment), datetime.fromtimestamp(int(updated), UTC))


def is_read(records: Iterable[ReadRecord], comment: int, updated: datetime) -> bool:
    """Whether the record says this comment, exactly as it is now (to the second), was read already."""
    stamp = int(updated.timestamp())
    return any(r.comment == comment and int(r.updated.timestamp()) == stamp for r in records)


def with_read(records: Sequence[ReadRecord], new: Iterable[ReadRecord]) -> tuple[ReadRecord, ...]:
    """The record with `new` added, one entry per comment (the newest reading), the newest `MAX_READ`."""
    merged = {r.comment: r for r in records}
    for r in new:
        merged[r.comment] = r
    return tuple(sorted(merged.values(), key=lambda r: r.comment)[-MAX_READ:])


# -- the workflows' states -----------------------------------------------------------------------------------

# How long a reading of the workflows' states stands before a run reads them again (when it has a request
# to spare): GitHub disables a timer after 60 quiet days, so a notice a few hours late loses nothing, and
# the request goes to what the run is owed (issue 28: every run within 12 requests).
WORKFLOWS_EVERY = timedelta(hours=6)
_UNREADABLE = "unreadable"


@dataclass(frozen=True, slots=True)
class WorkflowReading:
    """The check's last reading of the workflows' states, at GitHub's time `at` (the pull request's
    `updated_at` then): the bot's workflows GitHub did not run (`Workflow`s; only these are kept), or None
    when the job could not read them (no `actions: read`)."""

    at: datetime
    stopped: tuple[Workflow, ...] | None

    def markers(self) -> list[str]:
        at = int(self.at.timestamp())
        if self.stopped is None:
            return [markers.marker(MarkerKind.WORKFLOWS, at=at, state=_UNREADABLE)]
        if not self.stopped:
            return [markers.marker(MarkerKind.WORKFLOWS, at=at)]
        return [
            markers.marker(
                MarkerKind.WORKFLOWS,
                at=at,
                path=w.path,
                state=w.state,
                name=base64.b64encode(w.name.encode("utf-8")[:120]).decode("ascii"),
            )
            for w in self.stopped
        ]

    def due(self, now: datetime) -> bool:
        """Whether the reading is old enough to be read again."""
        return now - self.at >= WORKFLOWS_EVERY or now < self.at


_STATE = re.compile(r"[a-z_]{1,40}")
_PATH = re.compile(r"\.github/workflows/[A-Za-z0-9._-]{1,100}")


def parse_workflows(found: Iterable[markers.Marker]) -> WorkflowReading | None:
    """The reading in the report's workflow markers (None when there is none, or they disagree on the time
    or say nothing a reading says)."""
    ours = [m for m in found if m.kind == MarkerKind.WORKFLOWS]
    stamps = {m.fields.get("at", "") for m in ours}
    if len(stamps) != 1 or not (stamp := stamps.pop()).isdigit() or len(stamp) > 11:
        return None
    at = datetime.fromtimestamp(int(stamp), UTC)
    if any(m.fields.get("state") == _UNREADABLE for m in ours):
        return WorkflowReading(at, None)
    stopped: list[Workflow] = []
    for m in ours:
        path, state = m.fields.get("path", ""), m.fields.get("state", "")
        if not path and not state:
            continue
        if not (_PATH.fullmatch(path) and _STATE.fullmatch(state)):
            return None
        try:
            name = base64.b64decode(m.fields.get("name", ""), validate=True).decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            return None
        stopped.append(Workflow(path, name, state))
    return WorkflowReading(at, tuple(stopped))
