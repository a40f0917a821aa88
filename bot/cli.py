"""Command line: `election-bot <command> ...` (also `python -m bot`).

Each command module offers `register(subparsers)`, which adds its parser and sets `handler`, a function
`(args) -> int`. This is the one place that turns errors into messages and exit codes.
"""

from __future__ import annotations

import argparse
import logging
import os
import select
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from bot import version
from bot.commands.args import Subparsers
from bot.commands.calendar import register_calendar
from bot.commands.demo import register_demo
from bot.commands.doctor import register_doctor
from bot.commands.draw import register_draw
from bot.commands.import_files import register_import
from bot.commands.init import register_init
from bot.commands.labels import register_labels
from bot.commands.pr import register_pr
from bot.commands.preview import register_preview
from bot.commands.results import register_results
from bot.commands.schemas import register_schemas
from bot.commands.site import register_site
from bot.commands.sync import register_sync
from bot.commands.timeline import register_timeline
from bot.commands.validate import register_validate
from bot.config.paths import NOMINATIONS_ROOT
from bot.errors import EXIT_INTERNAL, EXIT_OUTPUT_CLOSED, EXIT_USAGE, UsageError
from bot.github.port import GitHubError

# Every command, in the order `--help` lists them. Each module's `register_*` adds its parser and sets its
# handler; the handlers import what they need, so building the parser loads little.
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
    register_demo,
    register_init,
    register_import,
    register_labels,
    register_doctor,
]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="election-bot",
        description="Nominations as pull requests, checked by a bot; one announcement issue per phase.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log requests and decisions to stderr")
    parser.add_argument("--version", action="version", version=f"election-bot {version()}")
    repo_help = "the elections repository to work on (default: the one the current folder is in)"
    parser.add_argument("--repo", dest="repo_dir", type=Path, metavar="DIR", help=repo_help)
    subparsers = parser.add_subparsers(dest="command", required=True, parser_class=_Parser, metavar="COMMAND")
    for register in REGISTRY:
        register(subparsers)
    for command in subparsers.choices.values():
        # Also accepted after the command; SUPPRESS keeps the subparser from overwriting a value given
        # before it. `site --repo` is its deprecated alias of `--github-repo OWNER/NAME`: there the folder
        # goes before the command (`election-bot --repo DIR site`).
        if "--repo" not in command._option_string_actions:
            command.add_argument(
                "--repo", dest="repo_dir", type=Path, metavar="DIR", default=argparse.SUPPRESS, help=repo_help
            )
    return parser


def _repository(repo: Path | None) -> Path | None:
    if repo is None:
        return None
    if not (repo / NOMINATIONS_ROOT).is_dir():
        raise UsageError(
            f"--repo {repo}: there is no {repo / NOMINATIONS_ROOT} folder ({NOMINATIONS_ROOT}/<id>/election.yaml)"
        )
    return repo.resolve()


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        logging.basicConfig(
            level=logging.DEBUG if args.verbose else logging.WARNING,
            format="%(levelname)s %(name)s: %(message)s",
            stream=sys.stderr,
        )
        # `--repo DIR` reaches every command as this argument (bot.commands.args.root_of).
        args.repo_dir = _repository(args.repo_dir)
        code: int = args.handler(args)
        return code
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except GitHubError as error:  # a command that has nothing of its own to say about it
        print(f"error: GitHub: {error.message}", file=sys.stderr)
        return error.exit_code
    except SystemExit as done:  # --help and --version
        return done.code if isinstance(done.code, int) else 0
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError as error:
        if _reader_gone():  # `election-bot timeline | head -1`: the reader had enough; not a fault
            return EXIT_OUTPUT_CLOSED
        return _internal(error)
    except Exception as error:
        if os.environ.get("ELECTION_BOT_DEBUG"):
            raise
        return _internal(error)


def _internal(error: BaseException) -> int:
    print(
        f"election-bot: internal error ({type(error).__name__}); nothing more was done. "
        "Set ELECTION_BOT_DEBUG=1 for details and report it.",
        file=sys.stderr,
    )
    return EXIT_INTERNAL


def _reader_gone() -> bool:
    """True when standard output is a pipe whose reader has closed it (poll reports an error on its
    write end); a broken pipe elsewhere, a socket say, is still an internal error. Output then goes
    nowhere, so the interpreter's last flush at exit cannot fail a second time."""
    try:
        out = sys.stdout.fileno()
        poller = select.poll()
        poller.register(out, select.POLLOUT)
        gone = any(events & select.POLLERR for _, events in poller.poll(0))
    except (OSError, ValueError, AttributeError):  # not a real file (captured in a test), or no poll
        return False
    if gone:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, out)
        os.close(devnull)
    return gone
