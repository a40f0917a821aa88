"""An election's timeline as an iCalendar file (RFC 5545), for people to import or subscribe to.

One event per phase, from its start to its (exclusive) end, and one instantaneous event at each deadline
people must act before: the nomination cut-off, the voter affirmation cut-off and the close of voting.
Every time is written in UTC (`20260811T140000Z`), the instant election.yaml names; calendar programs show
it in the reader's own time zone. With a `timezone` the descriptions give the local time beside UTC.

UIDs are stable, so that re-importing an updated file updates the events instead of duplicating them:
`<election>-<phase>@election-bot` for a phase and `<election>-<phase>.deadline@election-bot` for its
deadline (a phase id cannot contain a dot, so no phase's UID can equal a deadline's). DTSTAMP is the
instant the file was generated (injectable, so that output can be reproduced byte for byte).

A phase's description is Markdown (trusted: the admins write it); a calendar shows text, so it is
turned into the text a reader would see (`plain_text`): no `*`, a link as its text and its address.

Pure: no clock, no files. The `icalendar` library does the escaping, the UTF-8-aware folding at 75 octets
and the CRLF line ends.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

from icalendar import Calendar, Event
from markdown_it import MarkdownIt
from markdown_it.token import Token

from bot.config.models import Election, Phase, PhaseKind, utc
from bot.config.zones import human

PRODID = "-//election-bot//Election timeline//EN"
UID_DOMAIN = "election-bot"


# The deadlines worth a calendar entry of their own, by phase kind: what closes, and what that means.
DEADLINES: dict[PhaseKind, tuple[str, str]] = {
    PhaseKind.nominations: (
        "Nomination cut-off",
        "A nomination pull request must be opened before this instant; one opened at {time} is late.",
    ),
    PhaseKind.affirmation: (
        "Voter affirmation cut-off",
        "Affirm your intention to vote before this instant; at {time} affirmation is closed.",
    ),
    PhaseKind.voting: (
        "Voting closes",
        "Cast your ballot before this instant; at {time} voting is closed.",
    ),
}


def phase_uid(election: Election, phase: Phase) -> str:
    return f"{election.id}-{phase.id}@{UID_DOMAIN}"


def deadline_uid(election: Election, phase: Phase) -> str:
    return f"{election.id}-{phase.id}.deadline@{UID_DOMAIN}"


def _text(value: str) -> str:
    """TEXT values allow no control characters but line breaks (which icalendar escapes) and tabs."""
    return "".join(c for c in value if c in "\n\t" or unicodedata.category(c) != "Cc")


_MD = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)


def _inline(children: list[Token]) -> str:
    out: list[str] = []
    links: list[tuple[str, int]] = []  # (address, where its text starts in out)
    for child in children:
        if child.type in ("text", "code_inline", "html_inline"):
            out.append(child.content)
        elif child.type == "softbreak":
            out.append(" ")
        elif child.type == "hardbreak":
            out.append("\n")
        elif child.type == "image":
            out.append(_inline(child.children or []))
        elif child.type == "link_open":
            links.append((str(child.attrGet("href") or ""), len(out)))
        elif child.type == "link_close" and links:
            href, start = links.pop()
            text = "".join(out[start:])
            if href and text not in (href, href.removeprefix("mailto:"), href.removesuffix("/")):
                out.append(f" ({href})")
    return "".join(out)


def plain_text(markdown: str) -> str:
    """Markdown as the text a reader would see: emphasis and brackets gone, a link as `text (address)`,
    list items as `- item`, blocks separated by a blank line."""
    blocks: list[str] = []
    in_item = 0
    for token in _MD.parse(markdown):
        if token.type == "list_item_open":
            in_item += 1
        elif token.type == "list_item_close":
            in_item -= 1
        elif token.type == "inline":
            text = _inline(token.children or [])
            blocks.append(("  " * (in_item - 1) + "- " + text) if in_item else text)
        elif token.type in ("fence", "code_block"):
            blocks.append(token.content.rstrip("\n"))
    return "\n\n".join(b for b in blocks if b.strip())


def _contact(election: Election) -> str:
    return f"{election.time_note} Questions: {election.contact}"


def _phase_event(election: Election, phase: Phase, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", phase_uid(election, phase))
    event.add("dtstamp", stamp)
    event.add("dtstart", utc(phase.start))
    event.add("dtend", utc(phase.end))
    event.add("summary", _text(f"{phase.title} — {election.title}"))
    description = plain_text(_text(phase.description)).strip()
    lines = [description] if description else []
    lines.append(
        f"{phase.title}: open from {human(phase.start, election.zone)} until {human(phase.end, election.zone)}; "
        "closed from that instant on."
    )
    lines.append(_contact(election))
    event.add("description", _text("\n\n".join(lines)))
    event.add("transp", "TRANSPARENT")  # weeks-long phases must not mark anyone busy
    event.add("status", "CONFIRMED")
    return event


def _deadline_event(election: Election, phase: Phase, stamp: datetime) -> Event | None:
    known = DEADLINES.get(phase.kind)
    if known is None:
        return None
    title, meaning = known
    at = utc(phase.end)
    event = Event()
    event.add("uid", deadline_uid(election, phase))
    event.add("dtstamp", stamp)
    # DTSTART without DTEND or DURATION: an event that takes no time (RFC 5545, 3.6.1).
    event.add("dtstart", at)
    event.add("summary", _text(f"{title} — {election.title}"))
    lines = [
        f"{title}: {human(at, election.zone)}.",
        meaning.format(time=_moment(at, election)),
        _contact(election),
    ]
    event.add("description", _text("\n\n".join(lines)))
    event.add("transp", "TRANSPARENT")
    event.add("status", "CONFIRMED")
    return event


def _moment(at: datetime, election: Election) -> str:
    """`14:00:00 UTC on 2026-08-11`; with a zone the local time first and UTC beside it."""
    in_utc = at.astimezone(UTC).strftime("%H:%M:%S UTC on %Y-%m-%d")
    zone = election.zone
    if zone is None:
        return in_utc
    local = at.astimezone(zone)
    return f"{local.strftime('%H:%M:%S')} {local.tzname()} on {local.strftime('%Y-%m-%d')} ({in_utc})"


def build_calendar(election: Election, stamp: datetime) -> Calendar:
    """The calendar, events in the order they start (a phase before a deadline at the same instant)."""
    if stamp.tzinfo is None:
        raise ValueError("the generation instant must carry a UTC offset")
    stamp = stamp.astimezone(UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    name = _text(election.title)
    description = _text(f"Timeline of the {election.title} ({election.id}). {_contact(election)}")
    calendar.add("name", name)  # RFC 7986
    calendar.add("x-wr-calname", name)  # what most calendar programs read
    calendar.add("description", description)
    calendar.add("x-wr-caldesc", description)
    events: list[tuple[datetime, int, int, Event]] = []
    for index, phase in enumerate(election.phases):
        events.append((utc(phase.start), 0, index, _phase_event(election, phase, stamp)))
        deadline = _deadline_event(election, phase, stamp)
        if deadline is not None:
            events.append((utc(phase.end), 1, index, deadline))
    for *_, event in sorted(events, key=lambda item: item[:3]):
        calendar.add_component(event)
    return calendar


def to_ics(election: Election, stamp: datetime) -> bytes:
    """The file's bytes: UTF-8, CRLF line ends, lines folded at 75 octets."""
    data: bytes = build_calendar(election, stamp).to_ical()
    return data
