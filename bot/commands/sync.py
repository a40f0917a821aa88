"""`election-bot sync`: the command line of the phase reconciler (the work is in `reconcile.py`).

Kept free of heavy imports so that `election-bot --help` stays fast.
"""

from __future__ import annotations

import argparse
import os

from bot.commands.args import Subparsers


def _sync(args: argparse.Namespace) -> int:
    from bot.commands.args import root_of
    from bot.commands.reconcile import run
    from bot.ports.clock import system_clock

    return run(
        root=root_of(args),
        at=args.at or system_clock(),
        election=args.election,
        dry_run=args.dry_run,
        environ=os.environ,
        branch=args.branch,
    )


def register_sync(subparsers: Subparsers) -> None:
    from bot.commands.args import instant

    p = subparsers.add_parser(
        "sync",
        help="open, update and close the phase announcement issues (the scheduled reconciler)",
        description="Compare what GitHub shows with what the election timeline says and apply the "
        "difference: open each phase's announcement issue when it starts, keep its candidate list "
        "current, post a closing comment and close it when the phase ends, and comment on and label the "
        "nomination pull requests still open at the cut-off. Safe to run any number of times, even "
        "concurrently. Needs GITHUB_REPOSITORY and GITHUB_TOKEN (GITHUB_API_URL for another server); a "
        "dry run without a token plans as if GitHub showed nothing yet. Exit 0: done; 2: usage or "
        "configuration error, or GitHub refusing the token; 3: GitHub unavailable or rejecting a request "
        "(the next run continues).",
    )
    p.add_argument("--election", help="only this election (default: every election in the repository)")
    p.add_argument(
        "--at", type=instant, help="act as if it were this instant, ISO 8601 with offset (default: now)"
    )
    p.add_argument("--dry-run", action="store_true", help="print the plan; write nothing to GitHub")
    p.add_argument("--branch", help="branch that statement links point to (default: the default branch)")
    p.set_defaults(handler=_sync)
