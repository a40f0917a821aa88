"""The results' files on disk: the merged nominations, the admins' counts or the voting service's ballot
file, their tie resolutions, and where the committed ones are (`results/<id>/`). Read here, decided by
`bot.results.assemble`: `results`, `results --committed` and the site build their reports the same way.

File formats: docs/reference/results-files.md.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from bot.config.models import Election, Nomination
from bot.errors import UsageError
from bot.github.values import login_key
from bot.ports.ballot_files import BallotOptions, count_ballots, electors_of, format_of, recount_command
from bot.ports.checkout import display_path, read_merged, read_text
from bot.results import assemble
from bot.results import inputs as results_input
from bot.results.inputs import Counts
from bot.results.outcome import Counting, ResultsReport
from bot.results.ranking import Resolution
from bot.text import finding_formats as render_findings

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


def committed_sources(root: Path, election_id: str) -> tuple[Path, ...]:
    """Every committed file the results are counted from, in the order `results --committed` reads them:
    the counts (or ballot file with its `names.yaml` and `service-totals.csv`), then the resolutions."""
    counts, resolutions = committed_files(root, election_id)
    if counts is None:
        return ()
    found = [counts]
    if counts.name in BALLOT_FILES:
        found += [
            p for p in (counts.parent / "names.yaml", counts.parent / "service-totals.csv") if p.is_file()
        ]
    if resolutions is not None:
        found.append(resolutions)
    return tuple(found)


def committed_ballot_options(path: Path, electors: int | None = None) -> BallotOptions:
    """With a ballot file: its neighbours `names.yaml` and `service-totals.csv` when present; the electors
    from `--electors` (`site --electors`), else election.yaml's `voting.electors`."""
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
    merged, problems = read_merged(root / election.id, election)
    if problems:
        raise UsageError("the nominations cannot be read:\n" + render_findings.as_text(problems))
    return [m.nomination for m in merged]


def load_counts(path: Path, election: Election, electors: int | None, ballots: int | None) -> Counts:
    shown, text = read_text(path)
    try:
        return results_input.parse_counts(shown, text, path.suffix.lower(), election, electors, ballots)
    except results_input.InputError as error:
        raise UsageError(str(error)) from None


def load_resolutions(path: Path, election: Election, at: datetime) -> list[Resolution]:
    shown, text = read_text(path)
    try:
        return results_input.parse_resolutions(shown, text, election, at)
    except results_input.InputError as error:
        raise UsageError(str(error)) from None


def read_report(
    election: Election,
    root: Path,
    counts_path: Path | None,
    resolutions_path: Path | None,
    at: datetime,
    electors: int | None = None,
    ballots: int | None = None,
    ballot_options: BallotOptions | None = None,
) -> ResultsReport:
    """The results from a counts file (`counts_path`) or from the voting service's ballot file
    (`ballot_options`), with the admins' resolutions: read here, decided by `bot.results.assemble`."""
    all_nominations = load_nominations(root, election)
    assemble.entity_resolver(election)  # a bad alias table is refused before any file is read
    resolutions = load_resolutions(resolutions_path, election, at) if resolutions_path else []
    if ballot_options is not None:
        counted = count_ballots(
            ballot_options, election, all_nominations, {r.key: r.order for r in resolutions}
        )
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
        votes = {login_key(login): total for login, total in counted.totals.items()}
        tally = assemble.Tally(
            votes, electors_of(ballot_options, election), counted.ballots_cast, counting, counted
        )
    else:
        if counts_path is None:
            raise UsageError("give the vote counts with --counts FILE or the ballot file with --ballots FILE")
        assemble.check_counts_method(election)
        counts = load_counts(counts_path, election, electors, ballots)
        tally = assemble.tally_of_counts(counts, election, all_nominations)
    shown = display_path(resolutions_path or Path())
    return assemble.build_report(election, all_nominations, resolutions, tally, shown)
