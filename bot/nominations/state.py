"""The bot's state between runs, kept in hidden markers in its own report comment: admin decisions and
the check run of the last verdict. A marker is trusted only in a comment authored by the bot.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.config.models import LOGIN_RE
from bot.config.timeline import format_utc
from bot.github.values import User
from bot.nominations import record
from bot.nominations.record import ConsentRecord, ReadRecord, Sighting, WorkflowReading
from bot.nominations.slash import ADMIN_COMMANDS, Command
from bot.text import markers
from bot.text.labels import MarkerKind


@dataclass(frozen=True, slots=True)
class Decision:
    """An admin command that was acted on: who, when, which comment; kept in the report comment."""

    kind: Command
    by_login: str
    by_id: int
    at: datetime
    comment_id: int
    nominee_id: int | None = None
    value: str = ""
    nominee_login: str = ""  # whom it was for, as the pull request named them when the admin wrote it
    election: str = ""  # "" on decisions recorded before elections were recorded: any election

    def marker(self) -> str:
        fields: dict[str, str | int] = {
            "act": self.kind.value,
            "by": self.by_login,
            "by_id": self.by_id,
            "at": format_utc(self.at),
            "comment": self.comment_id,
        }
        if self.nominee_id is not None:
            fields["nominee"] = self.nominee_id
        if self.value:
            fields["value"] = self.value
        if self.nominee_login:
            fields["for"] = self.nominee_login
        if self.election:
            fields["election"] = self.election
        return markers.marker(MarkerKind.DECISION, **fields)

    def applies_to(self, nominee: User | None, election: str) -> bool:
        """A decision is about one nominee's account (by numeric id) in one election."""
        return (
            nominee is not None
            and self.nominee_id == nominee.id
            and (not self.election or not election or self.election == election)
        )


@dataclass(frozen=True, slots=True)
class ReportState:
    comment_id: int | None = None
    body: str = ""
    digest: str = ""
    check_run_id: int | None = None
    head_sha: str = ""
    decisions: tuple[Decision, ...] = ()
    sightings: tuple[Sighting, ...] = ()  # what GitHub showed the bot this PR proposing, and when
    consents: tuple[ConsentRecord, ...] = ()  # consents bound to the file they were given for
    read: tuple[ReadRecord, ...] = ()  # comments read with nothing in them to rule on
    workflows: WorkflowReading | None = None  # the last reading of the workflows' states


def _int_field(fields: Mapping[str, str], key: str) -> int | None:
    value = fields.get(key, "")
    return int(value) if value.isdigit() and len(value) < 19 else None


def _decision(found: markers.Marker) -> Decision | None:
    f = found.fields
    try:
        kind = Command(f.get("act", ""))
        at = datetime.fromisoformat(f.get("at", "").replace("Z", "+00:00"))
    except ValueError:
        return None
    by_id, comment_id = _int_field(f, "by_id"), _int_field(f, "comment")
    by = f.get("by", "")
    if (
        kind not in ADMIN_COMMANDS
        or by_id is None
        or comment_id is None
        or not LOGIN_RE.match(by)
        or at.tzinfo is None
    ):
        return None
    login = f.get("for", "")
    election = f.get("election", "")
    return Decision(
        kind,
        by,
        by_id,
        at.astimezone(UTC),
        comment_id,
        _int_field(f, "nominee"),
        f.get("value", ""),
        login if LOGIN_RE.match(login) else "",
        election,
    )


STATE_SEPARATOR = f"<!-- {markers.PREFIX}state -->"


def _first_line(body: str) -> str:
    return body.split("\n", 1)[0]


def parse_state(comment_id: int, body: str, number: int) -> ReportState | None:
    """The state in one of the bot's own comments; None when it is not this PR's report.

    Markers are read only where the bot writes them — the report marker on the first line, decisions
    after the last `STATE_SEPARATOR` — never from the visible text between, which quotes user strings
    (a file name shown in a code span could spell out a marker)."""
    report = markers.first_marker(_first_line(body), MarkerKind.PR_REPORT)
    if report is None or report.fields.get("pr") != str(number):
        return None
    _, separator, tail = body.rpartition(STATE_SEPARATOR)
    found = markers.find_markers(tail) if separator else []
    decisions = tuple(d for m in found if m.kind == MarkerKind.DECISION if (d := _decision(m)))
    sightings = tuple(x for m in found if m.kind == MarkerKind.SEEN if (x := record.parse_sighting(m)))
    consents = tuple(c for m in found if m.kind == MarkerKind.CONSENT if (c := record.parse_consent(m)))
    read = tuple(r for m in found if m.kind == MarkerKind.READ if (r := record.parse_read(m)))
    return ReportState(
        comment_id=comment_id,
        body=body,
        digest=report.fields.get("digest", ""),
        check_run_id=_int_field(report.fields, "check"),
        head_sha=report.fields.get("sha", ""),
        decisions=decisions,
        sightings=sightings,
        consents=consents,
        read=read,
        workflows=record.parse_workflows(found),
    )


def state_block(
    decisions: Sequence[Decision],
    sightings: Sequence[Sighting] = (),
    consents: Sequence[ConsentRecord] = (),
    read: Sequence[ReadRecord] = (),
    workflows: WorkflowReading | None = None,
    cut_off: Sequence[str] = (),
) -> str:
    """The hidden tail of the report: the separator, then one marker per decision, sighting, bound
    consent and comment read, the last reading of the workflows' states, and what the cut-off pass
    recorded of the pull request."""
    lines = [d.marker() for d in decisions] + [x.marker() for x in sightings] + [c.marker() for c in consents]
    lines += [r.marker() for r in read]
    lines += workflows.markers() if workflows is not None else []
    lines += list(cut_off)
    return "\n".join([STATE_SEPARATOR, *lines])


def report_marker(number: int, digest: str, check_run_id: int | None, head_sha: str) -> str:
    fields: dict[str, str | int] = {"pr": number, "digest": digest, "sha": head_sha}
    if check_run_id is not None:
        fields["check"] = check_run_id
    return markers.marker(MarkerKind.PR_REPORT, **fields)


def reply_marker(comment_id: int, author_id: int) -> str:
    return markers.marker(MarkerKind.REPLY, comment=comment_id, author=author_id)


def replied_to(bodies: Iterable[str]) -> set[int]:
    """Comment ids the bot already answered (from its own replies' markers)."""
    return {comment for comment, _ in _replies(bodies)}


def refused_authors(bodies: Iterable[str]) -> set[int]:
    """Numeric ids of the people the bot has already refused on this pull request: each is answered once,
    so that a stranger's flood of commands costs one reply, not one per comment."""
    return {author for _, author in _replies(bodies) if author is not None}


def _replies(bodies: Iterable[str]) -> Iterator[tuple[int, int | None]]:
    for body in bodies:
        for found in markers.find_markers(_first_line(body)):  # where the bot writes it
            if found.kind == MarkerKind.REPLY and (ref := _int_field(found.fields, "comment")) is not None:
                yield ref, _int_field(found.fields, "author")
