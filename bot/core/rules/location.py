"""Where the file is: `nominations/<election>/<login>.md`, in a known election, named after the nominee."""

from __future__ import annotations

from pathlib import PurePosixPath

from bot.core import catalogue
from bot.core.findings import Finding
from bot.core.loading import LoadedNomination
from bot.core.rules.context import RuleContext


def check_location(loaded: LoadedNomination, ctx: RuleContext) -> list[Finding]:
    path = PurePosixPath(loaded.path)
    if path.suffix != ".md" or not ctx.election_id or path.name.startswith("."):
        return [catalogue.make("LOC001", loaded.path, None, file=loaded.path)]
    if ctx.election is None:
        known = ", ".join(ctx.known_elections) or "none"
        return [catalogue.make("LOC002", loaded.path, None, election=ctx.election_id, known=known)]
    return []


def check_file_name(loaded: LoadedNomination, ctx: RuleContext) -> list[Finding]:
    nomination = loaded.nomination
    if nomination is None:
        return []
    stem = PurePosixPath(loaded.path).stem
    if stem.lower() == nomination.github.lower():
        return []
    return [
        catalogue.make(
            "NOM006",
            loaded.path,
            loaded.line_of("github"),
            filename=PurePosixPath(loaded.path).name,
            login=nomination.github,
            expected=f"{nomination.github}.md",
        )
    ]
