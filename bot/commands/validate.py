"""`election-bot validate PATH...`: check nomination files locally, exactly as the PR check does."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.commands.args import Subparsers, instant, on_this_clock
from bot.config.models import Election, Phase, PhaseKind
from bot.config.zones import human
from bot.errors import UsageError
from bot.ports.clock import system_clock
from bot.ports.directory import DirectoryError, directory_from
from bot.ports.nomination_files import ValidateResult, validate_paths
from bot.text import finding_formats as render

NOT_CHECKED = (
    "info: membership was not checked here (no roster or membership service configured: see --roster); "
    "the pull request check verifies it"
)


def closing_note(election: Election) -> str:
    """By when to open the pull request: the cut-off in the election's words (its zone and UTC), and on
    this computer's clock where that reads otherwise, so a nominee need not convert it."""
    end = election.nominations.end
    said = human(end, election.zone)
    here = on_this_clock(end, election.zone)
    if here is not None:
        said += f" ({here} on this computer's clock)"
    return (
        f"info: nominations for {election.id} close at {said}. Open the pull request before then; one "
        "first proposed at or after it is late"
    )


def undescribed_note(election: Election, phase: Phase) -> str:
    """For the admins: a phase that asks voters to act, with nothing that tells them how."""
    what = "how to affirm" if phase.kind is PhaseKind.affirmation else "who sends the ballots and how to vote"
    return (
        f"warning: nominations/{election.id}/election.yaml: the {phase.kind.value} phase `{phase.id}` has no "
        f"description, so voters are not told {what}; add one (the site meanwhile asks them to write to "
        f"{election.contact})"
    )


def assumed_note(shown: str, election_id: str) -> str:
    """A file outside `nominations/<election>/`, checked against the repository's only election too."""
    name = Path(shown).name
    return (
        f"info: {shown} is not in an election's folder (LOC001); it was also checked against {election_id}, "
        f"the only election here: move it to nominations/{election_id}/{name}"
    )


def format_result(result: ValidateResult, output: str) -> str:
    if output == "json":
        return render.as_json(result.files, result.findings)
    if output == "github":
        return render.as_github(result.findings)
    body = render.as_text(result.findings)
    summary = render.summary_line(result.files, result.findings)
    return f"{body}\n{summary}" if body else summary


def _validate(args: argparse.Namespace) -> int:
    try:
        directory = directory_from(args.roster)
    except DirectoryError as error:
        raise UsageError(str(error)) from None
    # --no-window (the pre-commit hook): a commit made outside the window is not a mistake in the file;
    # the pull request check judges the window at the moment the pull request is opened.
    at = None if args.no_window else (args.at or system_clock())
    result = validate_paths([Path(p) for p in args.paths], at, directory, repo=args.repo_dir)
    print(format_result(result, args.format))
    if not result.membership_checked and result.files:  # on stderr: stdout keeps a line per finding
        print(NOT_CHECKED, file=sys.stderr)
    for election in result.elections:
        for phase in election.undescribed:
            print(undescribed_note(election, phase), file=sys.stderr)
    for shown, election_id in result.assumed:
        print(assumed_note(shown, election_id), file=sys.stderr)
    for election in result.open_windows:
        print(closing_note(election), file=sys.stderr)
    if result.config_broken and args.format != "text":
        print("error: an election configuration is invalid (see the findings)", file=sys.stderr)
    return result.exit_code


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
