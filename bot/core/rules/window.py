"""The nomination window: half-open, [start, end), judged at the instant the nomination was made."""

from __future__ import annotations

from bot.core import catalogue
from bot.core.findings import Finding
from bot.core.loading import LoadedNomination
from bot.core.rules.context import RuleContext
from bot.core.zones import human


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
        return [
            catalogue.make(
                "WIN002",
                loaded.path,
                None,
                election=election.id,
                end=human(phase.end, zone),
                at=human(at, zone),
                contact=election.contact,
            )
        ]
    return []
