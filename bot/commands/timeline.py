"""`election-bot timeline`: each phase's start, end and state at an instant."""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.commands.args import Subparsers, instant, load_election, on_this_clock, root_of
from bot.config.models import Election
from bot.config.timeline import format_utc, timeline_at
from bot.config.zones import stamp
from bot.ports.clock import system_clock


def _local(at: datetime, zone: ZoneInfo) -> str:
    """ISO 8601 in the zone, with its offset: `2026-08-11T16:00:00+02:00`."""
    return at.astimezone(zone).isoformat(timespec="seconds")


def timeline_document(election: Election, at: datetime) -> dict[str, object]:
    """UTC always; with a `timezone`, the zone and every time in it as well (`*_local`)."""
    zone = election.zone
    phases: list[dict[str, str]] = []
    for s in timeline_at(election, at):
        row = {
            "id": s.phase.id,
            "title": s.phase.title,
            "start": format_utc(s.phase.start),
            "end": format_utc(s.phase.end),
            "state": s.state.value,
        }
        if zone is not None:
            row["start_local"] = _local(s.phase.start, zone)
            row["end_local"] = _local(s.phase.end, zone)
        phases.append(row)
    document: dict[str, object] = {"election": election.id, "at": format_utc(at), "phases": phases}
    if zone is not None:
        document["timezone"] = zone.key
        document["at_local"] = _local(at, zone)
    return document


def format_timeline(election: Election, at: datetime, output: str) -> str:
    document = timeline_document(election, at)
    if output == "json":
        return json.dumps(document, indent=2)
    zone = election.zone
    rows = [f"{election.title} ({election.id}) at {stamp(at, zone)}"]
    statuses = timeline_at(election, at)
    width = max(len(s.phase.id) for s in statuses)
    for s in statuses:
        span = f"{stamp(s.phase.start, zone)} → {stamp(s.phase.end, zone)}"
        rows.append(f"  {s.phase.id:<{width}}  {span}  {s.state.value}")
    here = [
        (s.phase.id, on_this_clock(s.phase.start, zone), on_this_clock(s.phase.end, zone)) for s in statuses
    ]
    if any(start or end for _, start, end in here):  # a reader far from the election: their own times
        rows.append("On this computer's clock:")
        for (pid, start, end), s in zip(here, statuses, strict=True):
            shown = f"{start or stamp(s.phase.start, zone)} → {end or stamp(s.phase.end, zone)}"
            rows.append(f"  {pid:<{width}}  {shown}")
    return "\n".join(rows)


def _timeline(args: argparse.Namespace) -> int:
    election = load_election(args.election, root_of(args))
    print(format_timeline(election, args.at or system_clock(), args.format))
    return 0


def register_timeline(subparsers: Subparsers) -> None:
    p = subparsers.add_parser("timeline", help="show each phase and its state at an instant")
    p.add_argument("--election", help="election id (default: the only one)")
    p.add_argument("--at", type=instant, help="the instant (default: now)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(handler=_timeline)
