"""`election-bot results`: rank the candidates, apply the employer cap, fill the cohorts, report ties.

Facts come from the repository (election.yaml and the merged nominations), the admins' counts file and
their tie resolutions file (read here, parsed and checked by `bot.results.inputs`); the decisions are
made by `bot.results.ranking`; the words by `bot.results.text`. File formats: docs/reference/results-files.md.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.commands.args import Subparsers, instant
from bot.errors import UsageError
from bot.text import wording

if TYPE_CHECKING:
    from bot.github.port import GitHubPort
    from bot.results.outcome import ResultsReport

# The core is imported inside the functions that use it: `election-bot --help` stays fast.

_PUBLISHED_URL = re.compile(r"^https://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~/%+=-]*)?$")


def _non_negative(text: str) -> int:
    from bot.results.inputs import WHOLE_NUMBER

    if not WHOLE_NUMBER.match(text.strip()):
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number")
    return int(text)


def _gateway() -> GitHubPort:
    """The gateway from the workflow's environment (GITHUB_REPOSITORY, GITHUB_TOKEN, GITHUB_API_URL)."""
    import os

    from bot.github.gateway import Gateway

    return Gateway.from_env(os.environ)


def _post(report: ResultsReport) -> int:
    from bot.errors import EXIT_FINDINGS, EXIT_UNAVAILABLE
    from bot.github.port import GitHubError
    from bot.ports.results_announcement import post_results
    from bot.results.outcome import ResultsStatus

    if report.status == ResultsStatus.TIES_UNRESOLVED:
        print("not posted: results with an unresolved deciding tie are never announced", file=sys.stderr)
        return EXIT_FINDINGS
    try:
        where, done = post_results(_gateway(), report)
    except GitHubError as error:
        again = (
            "run it again later" if error.exit_code == EXIT_UNAVAILABLE else "check the token's permissions"
        )
        print(f"not posted: {error}; the results above are unchanged, {again}", file=sys.stderr)
        return error.exit_code
    print(f"results {done}: {where}", file=sys.stderr)
    return report.exit_code


def _results(args: argparse.Namespace) -> int:
    from bot.commands.args import load_election, root_of
    from bot.ports.ballot_files import BallotOptions
    from bot.ports.clock import system_clock
    from bot.ports.results_files import read_report
    from bot.results import outcome
    from bot.results import text as render

    root = root_of(args)
    at = args.at or system_clock()
    ballot_options = None
    if args.committed:
        _committed_arguments(root, args)
    if args.ballots is not None:
        if args.ballots_cast is not None:
            raise UsageError("--ballots counts the ballots cast itself; drop --ballots-cast")
        if args.ballots_url is not None and not _PUBLISHED_URL.match(args.ballots_url):
            raise UsageError(f"--ballots-url must be an https:// address, not {args.ballots_url!r}")
        ballot_options = BallotOptions(
            path=Path(args.ballots),
            format=args.ballot_format,
            electors=args.electors,
            names=Path(args.names) if args.names else None,
            service_totals=Path(args.service_totals) if args.service_totals else None,
            url=args.ballots_url,
        )
    else:
        extra = [
            f
            for f, v in (
                ("--ballot-format", args.ballot_format),
                ("--names", args.names),
                ("--service-totals", args.service_totals),
                ("--ballots-url", args.ballots_url),
            )
            if v
        ]
        if extra:
            raise UsageError(f"{', '.join(extra)} go with --ballots FILE")
    report = read_report(
        load_election(args.election, root),
        root,
        Path(args.counts) if args.counts else None,
        Path(args.resolutions) if args.resolutions else None,
        at,
        electors=args.electors,
        ballots=args.ballots_cast,
        ballot_options=ballot_options,
    )
    if args.format == "json" or args.json:
        print(render.as_json(report))
    elif args.format == "markdown":
        print(render.titled(report), end="")  # the title as a heading, then its body
    else:
        print(render.as_table(report))
    if report.status == outcome.ResultsStatus.TIES_UNRESOLVED:
        blocking = sum(1 for t in report.result.ties if t.blocking)
        print(
            f"results are not final: {wording.count(blocking, 'tie')} {'decides' if blocking == 1 else 'decide'} a place and need a resolution "
            "(see docs/explanation/results.md); no winners are named for those places",
            file=sys.stderr,
        )
    elif report.status == outcome.ResultsStatus.QUORUM_NOT_MET:
        print("quorum not met: no one is elected", file=sys.stderr)
    if args.post:
        return _post(report)
    return report.exit_code


def _committed_arguments(root: Path, args: argparse.Namespace) -> None:
    """`--committed`: the files in `results/<id>/`, exactly as the site reads them, become the arguments
    (a ballot file with its `names.yaml` and `service-totals.csv` when present)."""
    from bot.ports.results_files import BALLOT_FILES, RESULTS_DIR, committed_files

    counts, resolutions = committed_files(root, args.election)
    folder = root.parent / RESULTS_DIR / args.election
    if counts is None:
        wanted = ", ".join(("counts.yaml", *BALLOT_FILES))
        raise UsageError(f"--committed: {folder} holds none of {wanted}; commit the counts there first")
    if args.resolutions is None and resolutions is not None:
        args.resolutions = str(resolutions)
    if counts.name in BALLOT_FILES:
        args.ballots = str(counts)
        names, service = folder / "names.yaml", folder / "service-totals.csv"
        if args.names is None and names.is_file():
            args.names = str(names)
        if args.service_totals is None and service.is_file():
            args.service_totals = str(service)
    else:
        args.counts = str(counts)


def register_results(subparsers: Subparsers) -> None:
    p = subparsers.add_parser(
        "results",
        help="rank candidates, apply the employer cap, fill the cohorts, report ties",
        description="Election results by the election's rules. Exit 0: final results; 1: not final "
        "(a deciding tie is unresolved, or the quorum was not met); 2: usage or data error; 3: with --post, "
        "GitHub unavailable. "
        "File formats: docs/reference/results-files.md.",
    )
    p.add_argument("--election", required=True, help="election id (the folder under nominations/)")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--counts", help="the vote counts: .yaml/.yml, or .csv with --electors/--ballots-cast"
    )
    source.add_argument(
        "--committed",
        action="store_true",
        help="the files committed in results/<ID>/ (counts.yaml, or ballots.blt/.csv with names.yaml and "
        "service-totals.csv; resolutions.yaml), as the site and the results workflow read them",
    )
    source.add_argument(
        "--ballots",
        help="the voting service's ballot file (BLT or star.vote CSV), tallied here; needs --electors",
    )
    p.add_argument(
        "--ballot-format",
        choices=["blt", "star-csv"],
        help="with --ballots: the file's format (default: by extension .blt/.csv, else the election's method)",
    )
    p.add_argument("--names", help="with --ballots: YAML file mapping names on the ballot to logins")
    p.add_argument(
        "--service-totals",
        help="with --ballots: the voting service's own totals (CSV candidate,total); must equal the tally",
    )
    p.add_argument("--ballots-url", help="with --ballots: where the anonymised ballot file is published")
    p.add_argument(
        "--electors",
        type=_non_negative,
        help="with --ballots or a CSV counts file: the number of electors (those who may vote; "
        "with an affirmation phase, those who affirmed)",
    )
    p.add_argument("--ballots-cast", type=_non_negative, help="with a CSV counts file: ballots cast")
    p.add_argument("--resolutions", help="YAML file of the admins' tie resolutions")
    p.add_argument("--at", type=instant, help="the moment, for checking draw sources (default: now)")
    p.add_argument("--format", choices=["table", "json", "markdown"], default="table")
    p.add_argument("--json", action="store_true", help="the same as --format json")
    p.add_argument(
        "--post",
        action="store_true",
        help="comment the announcement on the voting phase's announcement issue (edits the earlier results "
        "comment of the same account in place); needs GITHUB_REPOSITORY and GITHUB_TOKEN",
    )
    p.set_defaults(handler=_results)
