"""What several commands' arguments share: the `--at` instant, the election a command works on, and the
time on the clock of the computer a person runs it on.

A leaf module: the command modules import it, it imports none of them (so `--at` is parsed one way, with
one message, in every command).
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.config.timeline import parse_instant
from bot.errors import UsageError
from bot.ports.repository import find_root

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from bot.config.models import Election

Subparsers = Any  # argparse's _SubParsersAction is private


def instant(text: str) -> datetime:
    """argparse type for `--at`: ISO 8601 with an explicit offset."""
    try:
        return parse_instant(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def root_of(args: argparse.Namespace) -> Path:
    """The `nominations/` folder a command works on: `--repo DIR` (`args.repo_dir`, checked by the command
    line), else the one the current folder is in."""
    return find_root(Path.cwd(), getattr(args, "repo_dir", None))


def load_election(election_id: str | None, root: Path) -> Election:
    """The election named on the command line, or the only one in the repository; exit 2 otherwise."""
    from bot.ports.checkout import ElectionRegistry
    from bot.text import finding_formats as render

    registry = ElectionRegistry(root)
    known = registry.known()
    where = looked_in(registry.root)
    if election_id is None:
        if len(known) != 1:
            raise UsageError(
                f"say which election with --election (known: {', '.join(known) or 'none'}; {where})"
            )
        election_id = known[0]
    loaded = registry.get(election_id)
    if loaded is None:
        raise UsageError(f"unknown election {election_id!r} (known: {', '.join(known) or 'none'}; {where})")
    if loaded.election is None:
        raise UsageError("the election configuration is invalid:\n" + render.as_text(loaded.findings))
    return loaded.election


def looked_in(root: Path) -> str:
    """Where elections were looked for, and how to point the command elsewhere."""
    from bot.ports.checkout import display_path

    if not root.is_dir():
        return (
            f"no nominations folder in {Path.cwd()} or a folder above it; run the command inside the "
            "elections repository or give --repo DIR"
        )
    return f"looked in {display_path(root)}/<id>/election.yaml"


def on_this_clock(at: datetime, zone: ZoneInfo | None) -> str | None:
    """`Tue 17 Mar 2026, 11:00 -03`: the instant on the clock of the computer the command runs on (its
    `TZ`, or the system's zone), or None where that reads as the election's own time (its zone, else UTC),
    so a person far from the election is never left to convert a deadline by hand."""
    here = at.astimezone()
    if here.utcoffset() == at.astimezone(zone or UTC).utcoffset():
        return None
    return f"{here:%a} {here.day} {here:%b %Y}, {here:%H:%M} {here.tzname()}"
