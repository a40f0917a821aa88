"""The nomination window: half-open, [start, end), judged at the instant the nomination was made."""

from __future__ import annotations

from bot.core import catalogue
from bot.core.findings import Finding
from bot.core.loading import LoadedNomination
from bot.core.rules.context import RuleContext
from bot.core.timeline import format_utc


def check_window(loaded: LoadedNomination, ctx: RuleContext) -> list[Finding]:
    election, at = ctx.election, ctx.at
    if election is None or at is None:
        return []
    phase = election.nominations
    if at < phase.start:
        return [
            catalogue.make(
                "WIN001",
                loaded.path,
                None,
                election=election.id,
                start=format_utc(phase.start),
                at=format_utc(at),
            )
        ]
    if at >= phase.end:
        return [
            catalogue.make(
                "WIN002",
                loaded.path,
                None,
                election=election.id,
                end=format_utc(phase.end),
                at=format_utc(at),
                contact=election.contact,
            )
        ]
    return []
