"""The command registry and the argument parsing of the local commands (validate, timeline, schemas)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.commands.bench import register_bench
from bot.commands.calendar import register_calendar
from bot.commands.demo import register_demo
from bot.commands.draw import register_draw
from bot.commands.init import register_init
from bot.commands.labels import register_labels
from bot.commands.pr import register_pr
from bot.commands.preview import register_preview
from bot.commands.results import register_results
from bot.commands.site import register_site
from bot.commands.sync import register_sync
from bot.core.timeline import parse_instant
from bot.errors import UsageError
from bot.ports.clock import system_clock

if TYPE_CHECKING:
    from bot.core.models import Election

# Command modules are imported by their handlers, not here: `--help` and a refused file stay fast.

Subparsers = Any  # argparse's _SubParsersAction is private


def instant(text: str) -> datetime:
    """argparse type for `--at`: ISO 8601 with an explicit offset."""
    try:
        return parse_instant(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def load_election(election_id: str | None, root: Path | None = None) -> Election:
    """The election named on the command line, or the only one in the repository; exit 2 otherwise."""
    from bot.core.render import findings as render
    from bot.ports.localrepo import ElectionRegistry, find_root

    registry = ElectionRegistry(root or find_root(Path.cwd()))
    known = registry.known()
    where = _looked_in(registry.root)
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


def _looked_in(root: Path) -> str:
    """Where elections were looked for, and how to point the command elsewhere."""
    from bot.ports.localrepo import display_path

    if not root.is_dir():
        return (
            f"no nominations folder in {Path.cwd()} or a folder above it; run the command inside the "
            "elections repository or give --repo DIR"
        )
    return f"looked in {display_path(root)}/<id>/election.yaml"


def _validate(args: argparse.Namespace) -> int:
    from bot.commands.validate import format_result, validate_paths
    from bot.ports.membership import DirectoryError, directory_from

    try:
        directory = directory_from(args.roster)
    except DirectoryError as error:
        raise UsageError(str(error)) from None
    # --no-window (the pre-commit hook): a commit made outside the window is not a mistake in the file;
    # the pull request check judges the window at the moment the pull request is opened.
    at = None if args.no_window else (args.at or system_clock())
    result = validate_paths([Path(p) for p in args.paths], at, directory)
    print(format_result(result, args.format))
    if result.config_broken and args.format != "text":
        print("error: an election configuration is invalid (see the findings)", file=sys.stderr)
    return result.exit_code


def _timeline(args: argparse.Namespace) -> int:
    from bot.commands.timeline import format_timeline

    election = load_election(args.election)
    print(format_timeline(election, args.at or system_clock(), args.format))
    return 0


def register_validate(subparsers: Subparsers) -> None:
    p = subparsers.add_parser(
        "validate",
        help="check nomination files (run it before you open a pull request)",
        description="Check nomination files or folders of them. Exit 0: no errors; 1: errors; 2: usage or "
        "configuration error.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="a nomination file or a folder of them")
    window = p.add_mutually_exclusive_group()
    window.add_argument(
        "--at", type=instant, help="judge the nomination window at this instant (default: now)"
    )
    window.add_argument(
        "--no-window",
        action="store_true",
        help="check the file only, not the nomination window (the pre-commit hook does this)",
    )
    p.add_argument("--roster", help="CSV roster with columns github_login,membership[,github_id]")
    p.add_argument("--format", choices=["text", "json", "github"], default="text")
    p.set_defaults(handler=_validate)


def register_timeline(subparsers: Subparsers) -> None:
    p = subparsers.add_parser("timeline", help="show each phase and its state at an instant")
    p.add_argument("--election", help="election id (default: the only one)")
    p.add_argument("--at", type=instant, help="the instant (default: now)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(handler=_timeline)


def _schemas(args: argparse.Namespace) -> int:
    from bot.core.schemas import write_schemas

    stale = write_schemas(Path(args.out), check=args.check)
    if args.check and stale:
        print(f"stale schemas: {', '.join(stale)}; run `election-bot schemas`", file=sys.stderr)
        return 1
    return 0


def register_schemas(subparsers: Subparsers) -> None:
    p = subparsers.add_parser("schemas", help="write the JSON Schemas generated from the models")
    p.add_argument("--out", default="schemas")
    p.add_argument("--check", action="store_true", help="only check that the files are current")
    p.set_defaults(handler=_schemas)


REGISTRY: list[Callable[[Subparsers], None]] = [
    register_validate,
    register_timeline,
    register_calendar,
    register_schemas,
    register_results,
    register_draw,
    register_site,
    register_sync,
    register_preview,
    register_pr,
    register_bench,
    register_demo,
    register_init,
    register_labels,
]
