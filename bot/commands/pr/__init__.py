"""`election-bot pr`: the nomination check, run by GitHub Actions on a nomination pull request.

`environment` reads what Actions gives a run, `conversions` converts GitHub's values for the core, `check` is
the entry point, `run` one run end to end (reads in `gather`, commands in `rulings`) and `publish` writes
its verdict to GitHub. This module is the command line only, kept free of heavy imports so that
`election-bot --help` stays fast.
"""

from __future__ import annotations

import argparse
import os

from bot.commands.args import Subparsers


def _pr(args: argparse.Namespace) -> int:
    from bot.commands.pr.check import run_pr
    from bot.config.paths import NOMINATIONS_ROOT

    # `--repo DIR`: the checkout of the default branch; else `nominations/` in the current folder.
    root = args.repo_dir / NOMINATIONS_ROOT if args.repo_dir is not None else None
    return run_pr(os.environ, root=root).exit_code


def register_pr(subparsers: Subparsers) -> None:
    p = subparsers.add_parser(
        "pr",
        help="check a nomination pull request (in GitHub Actions)",
        description="Check the nomination pull request named by the GitHub Actions environment "
        "(GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_REPOSITORY, GITHUB_API_URL, GITHUB_TOKEN, "
        "GITHUB_STEP_SUMMARY; ELECTION_BOT_PR_NUMBER, required for workflow_run) and the membership "
        "directory (ELECTION_BOT_ROSTER, or ELECTION_BOT_MEMBERSHIP_URL and ELECTION_BOT_MEMBERSHIP_TOKEN). "
        "Election configs come from nominations/ in --repo DIR or the current directory (a checkout of "
        "the default branch), never from the pull request. Posts one check run named `nomination`, one report comment "
        "edited in place, and labels. Exit 0: ready for review, or nothing to do; 1: needs changes, awaiting "
        "consent or membership unverified; 2: usage, configuration or payload error (nothing written); 3: "
        "GitHub unavailable (nothing is claimed valid). See docs/guides/admin-guide.md.",
    )
    p.set_defaults(handler=_pr)
