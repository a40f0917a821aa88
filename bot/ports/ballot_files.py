"""The voting service's ballot file and the admins' names and service-totals files, read from disk and
counted (`results --ballots FILE`, `results --committed` and the site; the counting itself is
`bot.results.ballots`, pure).

File formats: docs/reference/results-files.md, "The ballot file"; the rules: docs/explanation/results.md.
"""

from __future__ import annotations

import re
import shlex
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from bot.config.loading import decode
from bot.config.models import Election, Nomination, PhaseKind
from bot.errors import UsageError
from bot.github.values import login_key
from bot.ports.checkout import display_path, read_text
from bot.results.ballots import service
from bot.results.ballots.count import FORMAT_OF_METHOD, BallotCount, CountRequest, Format, count, unreadable
from bot.results.ballots.errors import BallotError
from bot.results.ballots.names import NameMapping, Nominee
from bot.results.inputs import InputError, parse_names
from bot.text import finding_formats as render_findings

MAX_BALLOT_BYTES = 64 * 1_048_576  # 50,000 ballots of 30 marks is about 4 MiB
PROGRESS_FROM_BYTES = 1_048_576  # a progress line on a terminal for files at least this large
FORMATS = ("blt", "star-csv")
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


@dataclass(frozen=True, slots=True)
class BallotOptions:
    path: Path
    format: str | None  # None: from the extension, else from the election's method
    electors: int | None  # None: election.yaml's voting.electors
    names: Path | None = None
    service_totals: Path | None = None
    url: str | None = None  # where the admins publish the anonymised ballots


def _read(path: Path, limit: int, fmt: Format) -> tuple[str, bytes, str]:

    shown = display_path(path)
    try:
        size = path.stat().st_size
        if size > limit:
            raise UsageError(
                f"{shown}: the file is {size:,} bytes, over the limit of {limit:,}; nothing was counted"
            )
        data = path.read_bytes()
    except OSError as error:
        raise UsageError(
            f"{shown}: cannot read the file ({error.strerror or type(error).__name__})"
        ) from None
    text, problems = decode(data, shown, limit)
    if text is None:
        raise UsageError(unreadable(render_findings.as_text(problems), fmt))
    return shown, data, text


def format_of(options: BallotOptions, election: Election) -> Format:

    if options.format is not None:
        return "blt" if options.format == "blt" else "star-csv"
    suffix = options.path.suffix.lower()
    if suffix == ".blt":
        return "blt"
    if suffix == ".csv":
        return "star-csv"
    return FORMAT_OF_METHOD[election.counting.method]


def load_names(path: Path, election: Election) -> tuple[str, dict[str, NameMapping]]:
    """The admins' names file: `{election: ID, names: {"Name on the ballot": login}}`."""

    shown, text = read_text(path)
    try:
        return shown, parse_names(shown, text, election)
    except InputError as error:
        raise UsageError(str(error)) from None


def progress_printer(size: int, stream: TextIO, shown: str) -> Callable[[int], None] | None:
    """A progress line on a terminal for a large file (never in logs: only when `stream` is a tty)."""
    if size < PROGRESS_FROM_BYTES or not stream.isatty():
        return None

    def show(ballots: int) -> None:
        stream.write(f"\r{shown}: {ballots:,} ballots read")
        stream.flush()

    return show


def count_ballots(
    options: BallotOptions,
    election: Election,
    nominations: Sequence[Nomination],
    orders: Mapping[frozenset[str], Sequence[str]],
    stream: TextIO | None = None,
) -> BallotCount:

    electors = electors_of(options, election)
    withdrawn = _withdrawn(election, nominations)
    fmt = format_of(options, election)
    shown, data, text = _read(options.path, MAX_BALLOT_BYTES, fmt)
    mapping_shown = "the names file"
    mapping: dict[str, NameMapping] = {}
    if options.names is not None:
        mapping_shown, mapping = load_names(options.names, election)
    totals = None
    service_shown = "the service totals file"
    if options.service_totals is not None:
        service_shown, service_text = read_text(options.service_totals)
        try:
            totals = service.parse(service_text, service_shown)
        except BallotError as error:
            raise UsageError(str(error)) from None
    out = stream if stream is not None else sys.stderr
    progress = progress_printer(len(data), out, shown)
    request = CountRequest(
        data=data,
        text=text,
        shown=shown,
        format=fmt,
        method=election.counting.method,
        max_score=election.counting.max_score,
        seats=election.seats,
        electors=electors,
        nominees=[Nominee(n.github, n.name) for n in nominations],
        withdrawn=withdrawn,
        mapping=mapping,
        mapping_shown=mapping_shown,
        service_totals=totals,
        service_shown=service_shown,
        orders=orders,
        progress=progress,
    )
    try:
        counted = count(request)
    except BallotError as error:
        raise UsageError(str(error)) from None
    finally:
        if progress is not None:
            out.write("\n")
    for notice in counted.notices:  # read but not counted: the admins see it on every run
        out.write(f"note: {notice}\n")
    return counted


def electors_of(options: BallotOptions, election: Election) -> int:
    """--electors, else election.yaml's `voting.electors`; both must agree when both are given."""
    recorded = election.counting.electors
    if options.electors is not None and recorded is not None and options.electors != recorded:
        raise UsageError(
            f"--electors {options.electors} differs from election.yaml's voting.electors {recorded}; give one"
        )
    electors = options.electors if options.electors is not None else recorded
    if electors is None:
        use = "the turnout and the quorum" if election.quorum is not None else "the turnout"
        affirmed = any(p.kind is PhaseKind.affirmation for p in election.phases)
        who = "electors who affirmed" if affirmed else "electors"
        raise UsageError(
            f"the ballots need the number of {who} (for {use}): give --electors N or "
            "record `voting.electors` in election.yaml"
        )
    if electors < 1:
        raise UsageError("the number of electors must be at least 1")
    return electors


def _withdrawn(election: Election, nominations: Sequence[Nomination]) -> frozenset[str]:
    logins = {login_key(n.github) for n in nominations}
    seen: set[str] = set()
    for item in election.counting.withdrawn:
        key = login_key(item.login)
        if key in seen:
            raise UsageError(f"election.yaml: voting.withdrawn lists {item.login} twice")
        if key not in logins:
            raise UsageError(
                f"election.yaml: voting.withdrawn lists {item.login}, who has no merged nomination in "
                f"nominations/{election.id}/"
            )
        seen.add(key)
    return frozenset(seen)


def recount_command(election: Election, options: BallotOptions, fmt: str, resolutions: Path | None) -> str:
    """The command that recomputes everything from the published files (their names, not local paths)."""
    for path in (options.path, options.names, resolutions):
        if path is not None and not _SAFE_NAME.match(path.name):
            raise UsageError(
                f"{path.name!r}: name the file with letters, digits, '.', '_' and '-' only; its name is "
                "published in the recount command"
            )
    parts = [
        "election-bot results",
        f"--election {election.id}",
        f"--ballots {shlex.quote(options.path.name)}",
        f"--ballot-format {fmt}",
        f"--electors {electors_of(options, election)}",
    ]
    if options.names is not None:
        parts.append(f"--names {shlex.quote(options.names.name)}")
    if resolutions is not None:
        parts.append(f"--resolutions {shlex.quote(resolutions.name)}")
    return " ".join(parts)
