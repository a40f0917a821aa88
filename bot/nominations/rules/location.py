"""Where the file is: `nominations/<election>/<login>.md`, in a known election, named after the nominee."""

from __future__ import annotations

from pathlib import PurePosixPath

from bot.config.loading import LoadedNomination
from bot.config.models import is_file_of
from bot.nominations.rules.context import RuleContext
from bot.text import catalogue, textguard
from bot.text.findings import Finding


def check_location(loaded: LoadedNomination, ctx: RuleContext) -> list[Finding]:
    path = PurePosixPath(loaded.path)
    if path.suffix != ".md" or not ctx.election_id or path.name.startswith("."):
        return [catalogue.make("LOC001", loaded.path, None, file=loaded.path)]
    if ctx.election is None:
        known = ", ".join(ctx.known_elections) or "none"
        return [catalogue.make("LOC002", loaded.path, None, election=ctx.election_id, known=known)]
    return []


def check_file_name(loaded: LoadedNomination, ctx: RuleContext) -> list[Finding]:
    """The file is the nominee's (`models.is_file_of`: the same predicate as every reader of merged files,
    so a file the check passes is never dropped after the merge)."""
    name = PurePosixPath(loaded.path).name
    hidden = textguard.hidden_character(name)
    if hidden is not None:
        return [catalogue.make("NOM015", loaded.path, None, field="file name", char=hidden)]
    github = loaded.fields.github
    if github is None or not name.endswith(".md") or is_file_of(name, github):
        return []  # (a name not ending in `.md` is LOC001's)
    return [
        catalogue.make(
            "NOM006",
            loaded.path,
            loaded.line_of("github"),
            filename=name,
            login=github,
            expected=f"{github}.md",
        )
    ]
