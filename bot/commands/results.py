"""`election-bot results`: rank the candidates, apply the employer cap, fill the cohorts, report ties.

Facts come from the repository (election.yaml and the merged nominations), the admins' counts file and
their tie resolutions file (read here, parsed and checked by `bot.results.inputs`); the decisions are
made by `bot.results.ranking`; the words by `bot.results.text`. File formats: docs/reference/results-files.md.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.commands.args import Subparsers, instant
from bot.errors import UsageError
from bot.text import labels as vocab
from bot.text import wording

if TYPE_CHECKING:
    from bot.commands.results_ballots import BallotOptions
    from bot.config.models import Election, Nomination
    from bot.github.port import GitHubPort
    from bot.results.ballots.count import BallotCount
    from bot.results.inputs import Counts
    from bot.results.outcome import Counting, ResultsReport
    from bot.results.ranking import Candidate, Resolution, Sitting

# The core is imported inside the functions that use it: `election-bot --help` stays fast.

MAX_INPUT_BYTES = 1_048_576
_PUBLISHED_URL = re.compile(r"^https://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~/%+=-]*)?$")


# --------------------------------------------------------------------------------------------------
# Loading the facts
# --------------------------------------------------------------------------------------------------


RESULTS_DIR = "results"
BALLOT_FILES = ("ballots.blt", "ballots.csv")  # the voting service's export, counted like `results --ballots`


def committed_files(root: Path, election_id: str) -> tuple[Path | None, Path | None]:
    """The admins' committed counts (or ballot) and resolutions files for an election: `results/<id>/` next
    to `nominations/`, where `results --committed`, the results workflow and the site all look."""
    folder = root.parent / RESULTS_DIR / election_id
    names = ("counts.yaml", "counts.yml", *BALLOT_FILES)
    counts = next((folder / n for n in names if (folder / n).is_file()), None)
    resolutions = next(
        (p for p in (folder / "resolutions.yaml", folder / "resolutions.yml") if p.is_file()), None
    )
    return counts, resolutions


def committed_ballot_options(path: Path, electors: int | None = None) -> Any:
    """With a ballot file: its neighbours `names.yaml` and `service-totals.csv` when present; the electors
    from `--electors`, else election.yaml's `voting.electors`."""
    from bot.commands.results_ballots import BallotOptions

    names = path.parent / "names.yaml"
    service = path.parent / "service-totals.csv"
    return BallotOptions(
        path=path,
        format=None,
        electors=electors,
        names=names if names.is_file() else None,
        service_totals=service if service.is_file() else None,
    )


def load_nominations(root: Path, election: Election) -> list[Nomination]:
    """The nominations merged into `nominations/<id>/`; any file that cannot count is a usage error."""
    from bot.ports.checkout import read_merged
    from bot.text import finding_formats as render_findings

    merged, problems = read_merged(root / election.id, election)
    if problems:
        raise UsageError("the nominations cannot be read:\n" + render_findings.as_text(problems))
    return [m.nomination for m in merged]


def _read_text(path: Path) -> tuple[str, str]:
    from bot.config.loading import HARD_MAX_BYTES, decode
    from bot.ports.checkout import display_path
    from bot.text import finding_formats as render_findings

    shown = display_path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UsageError(
            f"{shown}: cannot read the file ({error.strerror or type(error).__name__})"
        ) from None
    text, problems = decode(data, shown, min(MAX_INPUT_BYTES, HARD_MAX_BYTES))
    if text is None:
        raise UsageError(render_findings.as_text(problems))
    return shown, text


def load_counts(path: Path, election: Election, electors: int | None, ballots: int | None) -> Counts:
    from bot.results import inputs as results_input

    shown, text = _read_text(path)
    try:
        return results_input.parse_counts(shown, text, path.suffix.lower(), election, electors, ballots)
    except results_input.InputError as error:
        raise UsageError(str(error)) from None


def load_resolutions(path: Path, election: Election, at: datetime) -> list[Resolution]:
    from bot.results import inputs as results_input

    shown, text = _read_text(path)
    try:
        return results_input.parse_resolutions(shown, text, election, at)
    except results_input.InputError as error:
        raise UsageError(str(error)) from None


# --------------------------------------------------------------------------------------------------
# Putting it together
# --------------------------------------------------------------------------------------------------


def build_report(
    root: Path,
    election_id: str,
    counts_path: Path | None,
    resolutions_path: Path | None,
    at: datetime,
    electors: int | None = None,
    ballots: int | None = None,
    ballot_options: BallotOptions | None = None,
) -> ResultsReport:
    """The results from a counts file (`counts_path`) or from the voting service's ballot file
    (`ballot_options`; see bot/commands/results_ballots.py)."""
    from bot.commands.args import load_election
    from bot.config.entities import AliasError, EntityResolver
    from bot.ports.checkout import display_path
    from bot.results.outcome import Counting, ResultsReport
    from bot.results.ranking import (
        Candidate,
        Quorum,
        ResolutionError,
        SeatRules,
        Sitting,
        decide,
        decide_ordered,
    )

    election = load_election(election_id, root)
    all_nominations = load_nominations(root, election)
    policy = election.conflict_of_interest
    try:
        resolver = EntityResolver.from_aliases(policy.entity_aliases)
    except AliasError as error:
        raise UsageError(f"election.yaml: conflict_of_interest.entity_aliases: {error}") from None
    resolutions = load_resolutions(resolutions_path, election, at) if resolutions_path else []
    withdrawn = {w.login.casefold(): w for w in election.counting.withdrawn}
    nominations = [n for n in all_nominations if n.github.casefold() not in withdrawn]

    by_key = {n.github.casefold(): n for n in nominations}
    counted = None
    if ballot_options is not None:
        from bot.commands.results_ballots import count_ballots, electors_of, format_of, recount_command

        counted = count_ballots(
            ballot_options,
            election,
            all_nominations,
            {r.key: r.order for r in resolutions},
        )
        votes = {login.casefold(): total for login, total in counted.totals.items()}
        quorum_counts = (electors_of(ballot_options, election), counted.ballots_cast)
        counting = Counting(
            method=counted.method,
            source="ballots",
            file=ballot_options.path.name,
            format=counted.source.format,
            sha256=counted.source.sha256,
            size=counted.source.size,
            ballots_url=ballot_options.url,
            recount_command=recount_command(
                election, ballot_options, format_of(ballot_options, election), resolutions_path
            ),
            max_score=counted.max_score,
            ballot_names=dict(counted.ballot_names),
            names_file=ballot_options.names.name if ballot_options.names is not None else None,
            name_mappings=counted.mapped,
        )
    else:
        if counts_path is None:
            raise UsageError("give the vote counts with --counts FILE or the ballot file with --ballots FILE")
        if election.counting.method != "approval":
            raise UsageError(
                f"election.yaml counts by {election.counting.method}; a counts file carries approval totals "
                "only: give the ballot file with --ballots"
            )
        counts = load_counts(counts_path, election, electors, ballots)
        quorum_counts = (counts.electors, counts.ballots_cast)
        gone = sorted(login for key, (login, _, _) in counts.votes.items() if key in withdrawn)
        if gone:
            raise UsageError(
                f"the counts name {', '.join(gone)}, who withdrew (election.yaml voting.withdrawn); remove them"
            )
        unknown = sorted(login for key, (login, _, _) in counts.votes.items() if key not in by_key)
        missing = sorted(n.github for key, n in by_key.items() if key not in counts.votes)
        problems = []
        if unknown:
            problems.append(
                f"the counts name {', '.join(unknown)}, who has no nomination in nominations/{election.id}/"
            )
        if missing:
            problems.append(
                f"the counts have no votes for {'the nominee' if len(missing) == 1 else 'the nominees'} {', '.join(missing)}; give 0 if none"
            )
        if problems:
            raise UsageError("; ".join(problems))
        votes = {key: value[1] for key, value in counts.votes.items()}
        counting = Counting(method="approval", source="counts")
    names_by_key = {n.github.casefold(): n.name for n in all_nominations}
    counting = _with_withdrawals(counting, election, names_by_key, counted)

    candidates = [
        Candidate(
            login=n.github,
            name=n.name,
            votes=votes[key],
            entities=resolver.counted(n.affiliations, policy.counted_relationships),
        )
        for key, n in by_key.items()
    ]
    sitting = tuple(
        Sitting(m.login, m.name, m.cohort, resolver.counted(m.affiliations, policy.counted_relationships))
        for m in policy.sitting_members
    )
    order = None
    if counted is not None and counted.order is not None:
        login_of = {n.github.casefold(): n.github for n in nominations}
        order = [login_of[login.casefold()] for login in counted.order]
    candidates, sitting = _one_name_per_entity(
        candidates, sitting, order, {r.key: r.order for r in resolutions}
    )
    clash = sorted({m.login for m in sitting} & {c.login for c in candidates}, key=str.casefold)
    if clash:
        raise UsageError(f"{', '.join(clash)} is both a sitting member and a candidate; fix election.yaml")
    rules = SeatRules(cohorts=tuple(election.cohorts), cap=policy.limit, sitting=sitting)
    try:
        if counted is not None and counted.count is not None:
            result = decide_ordered(
                candidates, counted.count, rules, [r.key for r in resolutions], budget=counted.budget
            )
        else:
            result = decide(candidates, rules, {r.key: r.order for r in resolutions})
    except ResolutionError as error:
        raise UsageError(f"{display_path(resolutions_path or Path())}: {error}") from None
    quorum = Quorum(electors=quorum_counts[0], ballots_cast=quorum_counts[1], required=election.quorum)
    return ResultsReport(election, result, quorum, {r.key: r for r in resolutions}, counting)


def _with_withdrawals(
    counting: Counting, election: Election, names: Mapping[str, str], counted: BallotCount | None
) -> Counting:
    from dataclasses import replace

    from bot.results.outcome import Withdrawn

    on_ballot = {login.casefold() for login in counted.withdrawn_on_ballot} if counted else set()
    return replace(
        counting,
        withdrawn=tuple(
            Withdrawn(
                w.login, names.get(w.login.casefold(), w.login), w.note, w.login.casefold() in on_ballot
            )
            for w in election.counting.withdrawn
        ),
    )


def _one_name_per_entity(
    candidates: list[Candidate],
    sitting: tuple[Sitting, ...],
    order: Sequence[str] | None = None,
    resolved: Mapping[frozenset[str], Sequence[str]] | None = None,
) -> tuple[list[Candidate], tuple[Sitting, ...]]:
    """Show each entity under one name: the admins' alias target if there is one (already set), else
    the spelling of the first sitting member, else of the highest-placed candidate who lists it (first
    in the method's `order`, else most votes, then a tie's recorded resolution). Candidates still level
    after that (an unresolved tie) give the alphabetically first of their spellings: the provisional
    order by login never shows."""
    from dataclasses import replace
    from itertools import groupby

    from bot.config.entities import Entity

    names: dict[str, str] = {}
    place = {login: i for i, login in enumerate(order or ())}
    settled = {login.casefold(): i for logins in (resolved or {}).values() for i, login in enumerate(logins)}

    def standing(c: Candidate) -> tuple[int, int, int]:
        return (place.get(c.login, 0), -c.votes, settled.get(c.login.casefold(), 0))

    for member in sitting:
        for entity in member.entities:
            names.setdefault(entity.key, entity.name)
    for _, level in groupby(sorted(candidates, key=standing), key=standing):
        spellings: dict[str, list[str]] = {}
        for candidate in level:
            for entity in candidate.entities:
                if entity.key not in names:
                    spellings.setdefault(entity.key, []).append(entity.name)
        for key, options in spellings.items():
            names[key] = min(options, key=lambda name: (name.casefold(), name))

    def rename(entities: tuple[Entity, ...]) -> tuple[Entity, ...]:
        return tuple(replace(e, name=names.get(e.key, e.name)) for e in entities)

    return (
        [replace(c, entities=rename(c.entities)) for c in candidates],
        tuple(replace(m, entities=rename(m.entities)) for m in sitting),
    )


def _non_negative(text: str) -> int:
    from bot.results.inputs import WHOLE_NUMBER

    if not WHOLE_NUMBER.match(text.strip()):
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number")
    return int(text)


def results_marker(election_id: str) -> str:
    from bot.text.markers import marker

    return marker(vocab.MarkerKind.RESULTS, election=election_id)


def post_results(gh: GitHubPort, report: ResultsReport) -> tuple[str, str]:
    """Publish the announcement; returns where (a URL) and what was done (posted, updated, unchanged).

    Posting as the bot (the results workflow's token), the results get an issue of their own, labelled
    and marked like the phase issues, which names every phase issue (so GitHub links each of them to it),
    and the voting phase's issue gets one comment pointing to it, for its subscribers. An admin's token
    cannot speak for the bot: it comments the announcement on the voting phase's issue instead.

    Only what the same account wrote is edited; a results marker on anyone else's issue or comment is
    never trusted, so it is neither edited nor taken as "already posted"."""
    from bot.commands.reconcile import observe_issues
    from bot.phases import issue_numbers
    from bot.results.text import as_markdown, results_link
    from bot.text.markers import marker

    election = report.election
    numbers = issue_numbers(observe_issues(gh), election.id)  # the bot's phase issues (one request)
    voting = numbers.get(election.voting.id)
    if voting is None:
        raise UsageError(
            f"the announcement issue of the voting phase `{election.voting.id}` was not found (label "
            f"{vocab.BOT.name}, opened by {gh.bot_login}); nothing was posted"
        )
    own_marker = results_marker(election.id)
    me = gh.acting_login()
    if not vocab.is_bot(me, gh.bot_login):
        return _comment_once(gh, voting, f"{as_markdown(report)}\n{own_marker}\n", own_marker, me)
    announcements = [(p.title, numbers[p.id]) for p in election.phases if p.id in numbers]
    body = _postable(f"{as_markdown(report, announcements)}\n{own_marker}\n")
    issue = gh.find_bot_issue(own_marker, vocab.BOT.name)
    if issue is None:
        issue = gh.create_issue(f"Results: {election.title}"[:250], body, [vocab.BOT.name], marker=own_marker)
        done = "posted"
    elif issue.body != body:
        issue = gh.edit_issue(issue.number, body=body)
        done = "updated"
    else:
        done = "unchanged"
    link = marker(vocab.MarkerKind.RESULTS_LINK, election=election.id)
    _comment_once(gh, voting, f"{results_link(issue.number)}\n\n{link}\n", link, me)
    return issue.html_url, done


def _postable(body: str) -> str:
    """The body, if GitHub takes a body that long."""
    from bot.github.port import MAX_BODY_CHARS

    if len(body) > MAX_BODY_CHARS:
        raise UsageError(
            f"the announcement is {len(body)} characters, over GitHub's {MAX_BODY_CHARS}; not posted"
        )
    return body


def _comment_once(gh: GitHubPort, number: int, body: str, own_marker: str, me: str) -> tuple[str, str]:
    """Comment `body` on the issue, or edit this account's earlier comment carrying the marker."""
    from bot.github.port import is_bot_author

    body = _postable(body)
    earlier = [
        c for c in gh.list_issue_comments(number) if is_bot_author(c.author, me) and own_marker in c.body
    ]
    if earlier:
        latest = max(earlier, key=lambda c: c.id)
        if latest.body == body:
            return latest.html_url, "unchanged"
        return gh.edit_issue_comment(latest.id, body).html_url, "updated"
    return gh.create_issue_comment(number, body, marker=own_marker).html_url, "posted"


def _gateway() -> GitHubPort:
    """The gateway from the workflow's environment (GITHUB_REPOSITORY, GITHUB_TOKEN, GITHUB_API_URL)."""
    import os

    from bot.github.gateway import Gateway

    return Gateway.from_env(os.environ)


def _post(report: ResultsReport) -> int:
    from bot.errors import EXIT_FINDINGS, EXIT_UNAVAILABLE
    from bot.github.port import GitHubError
    from bot.results.outcome import Status

    if report.status == Status.TIES_UNRESOLVED:
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
    from bot.commands.args import root_of
    from bot.commands.results_ballots import BallotOptions
    from bot.ports.clock import system_clock
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
    report = build_report(
        root,
        args.election,
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
        print(render.as_markdown(report), end="")
    else:
        print(render.as_table(report))
    if report.status == outcome.Status.TIES_UNRESOLVED:
        blocking = sum(1 for t in report.result.ties if t.blocking)
        print(
            f"results are not final: {wording.count(blocking, 'tie')} {'decides' if blocking == 1 else 'decide'} a place and need a resolution "
            "(see docs/explanation/results.md); no winners are named for those places",
            file=sys.stderr,
        )
    elif report.status == outcome.Status.QUORUM_NOT_MET:
        print("quorum not met: no one is elected", file=sys.stderr)
    if args.post:
        return _post(report)
    return report.exit_code


def _committed_arguments(root: Path, args: argparse.Namespace) -> None:
    """`--committed`: the files in `results/<id>/`, exactly as the site reads them, become the arguments
    (a ballot file with its `names.yaml` and `service-totals.csv` when present)."""
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
