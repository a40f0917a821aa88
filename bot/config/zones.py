"""Named time zones (IANA, through `zoneinfo`): wall-clock times in election.yaml and local time in messages.

An election may say `timezone: Europe/Berlin`. Its times may then be written as wall-clock times
(`2026-07-28T14:00:00`), which are read in that zone. Every wall-clock time must name exactly one instant:
a time that the clocks skip when summer time starts (nonexistent) or pass twice when it ends (ambiguous) is
refused, naming both instants it could mean, so the admin writes one of them with its offset. A time
written with a numeric offset must carry the offset the zone has on that date (`+01:00` on a July date in
Berlin is refused: it is almost always winter time written by mistake, and it would move a cut-off by an
hour); `Z` always means UTC and is accepted in any zone.

The instants themselves are always compared in UTC, and the half-open rule of the timeline is untouched:
this module only turns text into instants and instants into text.

`tzdata` (a dependency) supplies the zone database where the system has none (Windows, slim containers);
`zoneinfo` prefers the system's files when they exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# An IANA name: `Area/Location[/More]`, or a bare name such as `UTC`; no dots, no leading slash (zoneinfo
# would read a file path otherwise).
_ZONE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9][A-Za-z0-9_+-]*){0,2}$")


@dataclass(frozen=True, slots=True)
class TimeProblem:
    """Why a time in the config was refused: a catalogue code and the template's parameters."""

    code: str
    params: dict[str, str]


class TimeRefusedError(ValueError):
    def __init__(self, problem: TimeProblem) -> None:
        super().__init__(problem.code)
        self.problem = problem


def zone_named(name: str) -> ZoneInfo:
    """The zone, or TimeRefusedError(ELC007) for a name that is not in the IANA database."""
    if not _ZONE_NAME.match(name) or len(name) > 64:
        raise TimeRefusedError(TimeProblem("ELC007", {"value": name}))
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise TimeRefusedError(TimeProblem("ELC007", {"value": name})) from None


def _offset(delta: timedelta | None) -> str:
    """`+02:00`, `-03:30`, `Z` for UTC itself."""
    if delta is None:
        return ""
    seconds = int(delta.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, minutes = divmod(abs(seconds) // 60, 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


def _written(at: datetime) -> str:
    """An aware instant as it would be written in election.yaml: local wall clock and its offset."""
    return at.strftime("%Y-%m-%dT%H:%M:%S") + _offset(at.utcoffset())


def localise(text: str, zone: ZoneInfo) -> datetime:
    """The UTC instant a config time means in `zone`; TimeRefusedError when it means none or two.

    `text` is ISO 8601: a wall-clock time (read in the zone), with `Z` (UTC), or with a numeric offset
    (which must be the zone's offset at that instant).
    """
    stripped = text.strip()
    value = datetime.fromisoformat(stripped.replace("z", "Z"))  # ValueError: the schema's own message
    if value.tzinfo is not None:
        if stripped.upper().endswith("Z"):
            return value.astimezone(UTC)
        expected = value.astimezone(zone).utcoffset()
        if value.utcoffset() != expected:
            wall = value.replace(tzinfo=None).strftime("%Y-%m-%dT%H:%M:%S")
            return _refuse(
                "ELC010",
                value=stripped,
                zone=zone.key,
                offset=_offset(expected),
                same_clock=wall + _offset(expected),
                same_instant=_written(value.astimezone(zone)),
            )
        return value.astimezone(UTC)
    early = value.replace(tzinfo=zone, fold=0)
    late = value.replace(tzinfo=zone, fold=1)
    if early.utcoffset() == late.utcoffset():
        return early.astimezone(UTC)
    # At a transition. A wall-clock time that survives a round trip through UTC exists, twice (the clocks
    # went back: ambiguous); one that does not was skipped (the clocks went forward: nonexistent). Either
    # way the two readings are the two candidates, each written as the zone shows that instant.
    exists = early.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == value
    first, second = sorted({early.astimezone(UTC), late.astimezone(UTC)})
    return _refuse(
        "ELC009" if exists else "ELC008",
        value=stripped,
        zone=zone.key,
        first=_written(first.astimezone(zone)),
        second=_written(second.astimezone(zone)),
    )


def _refuse(code: str, **params: str) -> datetime:
    raise TimeRefusedError(TimeProblem(code, params))


# --------------------------------------------------------------------------------------------------
# Showing instants
# --------------------------------------------------------------------------------------------------


def stamp(at: datetime, zone: ZoneInfo | None) -> str:
    """`2026-08-11T14:00:00Z`, and with a zone `2026-08-11T14:00:00Z (16:00:00 CEST, Europe/Berlin)`; the
    local date is repeated when it differs from the UTC date."""
    instant = at.astimezone(UTC)
    text = instant.strftime("%Y-%m-%dT%H:%M:%SZ")
    if zone is None:
        return text
    local = instant.astimezone(zone)
    day = "" if local.date() == instant.date() else local.strftime("%Y-%m-%d ")
    return f"{text} ({day}{local.strftime('%H:%M:%S')} {local.tzname()}, {zone.key})"


def day(at: datetime, zone: ZoneInfo | None = None) -> str:
    """`Tue 11 Aug 2026`: the day in the zone (UTC without one), the one way people are shown a date."""
    local = at.astimezone(zone or UTC)
    return f"{local:%a} {local.day} {local:%b %Y}"


def human(at: datetime, zone: ZoneInfo | None) -> str:
    """`Tue 11 Aug 2026, 14:00 UTC`, and with a zone `Tue 11 Aug 2026, 16:00 CEST (14:00 UTC)`: local
    time first, as the community reads it, and UTC beside it (with its date when that differs). Seconds
    show only when there are some (`14:00:30`), so an instant just after a deadline never reads as it."""
    instant = at.astimezone(UTC)
    clock = "%H:%M:%S" if instant.second or instant.microsecond else "%H:%M"
    in_utc = f"{day(instant)}, {instant.strftime(clock)} UTC"
    if zone is None:
        return in_utc
    local = instant.astimezone(zone)
    utc_part = f"{instant.strftime(clock)} UTC" if local.date() == instant.date() else in_utc
    return f"{day(local, zone)}, {local.strftime(clock)} {local.tzname()} ({utc_part})"


# A page that shows one instant in the reader's own time zone (its location, from the browser), with UTC
# beside it: GitHub's Markdown cannot show a time in the reader's zone, so each deadline the bot posts links
# there. `p1=1440` is the page's code for UTC, the zone `iso` is written in.
CONVERTER = "https://www.timeanddate.com/worldclock/fixedtime.html"


def converter_url(at: datetime) -> str:
    """`https://www.timeanddate.com/worldclock/fixedtime.html?iso=20260811T1400&p1=1440`: the instant on a
    page that shows it in the reader's time zone (seconds only when there are some)."""
    instant = at.astimezone(UTC)
    clock = "%H%M%S" if instant.second else "%H%M"
    return f"{CONVERTER}?iso={instant.strftime('%Y%m%dT' + clock)}&p1=1440"
