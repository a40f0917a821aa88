"""The nomination window: half-open, [start, end), judged at the instant the nomination was made."""

from __future__ import annotations

from datetime import datetime

from bot.config.loading import LoadedNomination
from bot.config.models import Election
from bot.config.zones import human
from bot.nominations.rules.context import RuleContext
from bot.text import catalogue
from bot.text.findings import Finding


def check_window(loaded: LoadedNomination, ctx: RuleContext) -> list[Finding]:
    election, at = ctx.election, ctx.at
    if election is None or at is None:
        return []
    phase = election.nominations
    zone = election.zone
    if at < phase.start:
        if ctx.local:
            return [
                catalogue.make(
                    "WIN004", loaded.path, None, election=election.id, start=human(phase.start, zone)
                )
            ]
        return [
            catalogue.make(
                "WIN001",
                loaded.path,
                None,
                election=election.id,
                start=human(phase.start, zone),
                at=human(at, zone),
            )
        ]
    if at >= phase.end:
        return [late_finding(election, loaded.path, at)]
    return []


def late_finding(election: Election, path: str, at: datetime) -> Finding:
    """WIN002, made at or after the cut-off: the one place it is made (a file judged at `at`, or a pull
    request whose record shows it first proposed at `at`)."""
    zone = election.zone
    return catalogue.make(
        "WIN002",
        path,
        None,
        election=election.id,
        end=human(election.nominations.end, zone),
        at=human(at, zone),
        contact=election.contact,
    )
