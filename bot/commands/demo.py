"""`election-bot demo`: a whole simulated election against the local GitHub stand-in (no token, no
network). The stand-in and the story are their own distribution, `election-bot-demo` (the `demo` extra,
`packages/election-bot-demo/`), so the product installs without them; this command says how to get them.
Kept free of heavy imports so `--help` stays fast."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bot.commands.args import Subparsers
from bot.errors import UsageError

DEMO_MISSING = (
    "election-bot demo needs the local GitHub stand-in, which is not installed: "
    "pip install 'election-bot[demo]' (in a clone of the repository, `make demo` installs it)"
)


def _demo(args: argparse.Namespace) -> int:
    from bot.commands.args import load_election, root_of

    try:  # the extra: when it is missing, say how to install it
        from election_bot_demo.own import run_own_demo
        from election_bot_demo.script import run_demo
    except ModuleNotFoundError as error:
        if error.name != "election_bot_demo":
            raise
        raise UsageError(DEMO_MISSING) from None
    started = time.perf_counter()
    if args.election:
        root = root_of(args)
        election = load_election(args.election, root)
        print(f"election-bot demo: {election.title}, played against a local GitHub stand-in")
        print("(no token, no network; the clock jumps from one moment of the election to the next)")
        try:
            result = run_own_demo(
                root, election, Path(args.transcript), sys.stdout, args.late or (), args.by_someone_else or ()
            )
        except ValueError as error:
            raise UsageError(f"--late/--by-someone-else: {error}") from None
    else:
        if args.late or args.by_someone_else:
            raise UsageError(
                "--late and --by-someone-else choose nominees of your own election: give --election ID"
            )
        print("election-bot demo: a fictional election, played against a local GitHub stand-in")
        print("(no token, no network; the clock jumps from one moment of the election to the next)")
        result = run_demo(Path(args.transcript), sys.stdout)
    elapsed = time.perf_counter() - started
    print(
        f"\nDone in {elapsed:.1f} s: {result.requests} GitHub API requests to the stand-in. "
        f"Transcript: {len(result.files)} files in {result.transcript}/ (start with README.md)."
    )
    if result.site is not None:
        print(f"The election's public site: {result.site}/index.html (open it in a browser).")
    return result.exit_code


def register_demo(subparsers: Subparsers) -> None:
    p = subparsers.add_parser(
        "demo",
        help="play a whole simulated election against a local GitHub stand-in",
        description="Start the local GitHub stand-in and play a fictional election at simulated times: "
        "announcement issues opening and closing, nomination pull requests (valid, invalid then fixed, by "
        "someone else then consented, a duplicate, membership verified by hand, late, open at the "
        "cut-off), merges, the candidate list, voting, and results with an employer-cap pass-over and a "
        "tie broken by a verifiable draw. Prints the story and writes every issue and comment as Markdown.",
    )
    p.add_argument(
        "--transcript", default="demo-transcript", help="folder for the transcript (default: demo-transcript)"
    )
    p.add_argument(
        "--election",
        metavar="ID",
        help="play your own election instead: its election.yaml and the nomination files in its folder "
        "(or sample nominees made from the config when there are none)",
    )
    p.add_argument(
        "--late",
        action="append",
        metavar="LOGIN",
        help="with --election: play this nominee's pull request as opened after the cut-off (repeatable)",
    )
    p.add_argument(
        "--by-someone-else",
        action="append",
        metavar="LOGIN",
        help="with --election: play this nominee as nominated by someone else, who opens the pull request; "
        "the nominee then consents (repeatable)",
    )
    p.set_defaults(handler=_demo)
