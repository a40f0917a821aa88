"""Command line: `election-bot <command> ...` (also `python -m bot`).

Each command module offers `register(subparsers)`, which adds its parser and sets `handler`, a function
`(args) -> int`. This is the one place that turns errors into messages and exit codes.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from bot.commands import cli_commands
from bot.errors import EXIT_INTERNAL, EXIT_USAGE, UsageError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="election-bot",
        description="Nominations as pull requests, checked by a bot; one announcement issue per phase.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log requests and decisions to stderr")
    subparsers = parser.add_subparsers(dest="command", required=True, parser_class=_Parser, metavar="COMMAND")
    for register in cli_commands.REGISTRY:
        register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        logging.basicConfig(
            level=logging.DEBUG if args.verbose else logging.WARNING,
            format="%(levelname)s %(name)s: %(message)s",
            stream=sys.stderr,
        )
        code: int = args.handler(args)
        return code
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except SystemExit as done:  # --help and --version
        return done.code if isinstance(done.code, int) else 0
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        if os.environ.get("ELECTION_BOT_DEBUG"):
            raise
        print(
            f"election-bot: internal error ({type(error).__name__}); nothing more was done. "
            "Set ELECTION_BOT_DEBUG=1 for details and report it.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
