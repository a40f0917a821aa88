"""A ballot file in, the counted totals (and for Bloc STAR the order) out, with every cross-check.

Pure: the caller reads the files and passes their bytes and display paths.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from bot.github.values import login_key
from bot.results.ballots import blocstar, blt, names, service, starcsv
from bot.results.ballots.errors import BallotError
from bot.results.ranking import OpenCount
from bot.text import wording

Format = Literal["blt", "star-csv"]
Method = Literal["approval", "bloc-star"]
FORMAT_OF_METHOD: dict[str, Format] = {"approval": "blt", "bloc-star": "star-csv"}
# Which tool writes each format as it is read here: said whenever a ballot file cannot be read.
WRITTEN_BY: dict[Format, str] = {
    "blt": 'the BLT file of OpaVote\'s "Download Ballots", as OpenSTV also writes it',
    "star-csv": 'the score-ballot CSV of star.vote\'s "Download CSV"',
}


def unreadable(message: str, fmt: Format) -> str:
    """A reason the ballot file cannot be read, with the file this product reads in that format."""
    return f"{message.rstrip('.')}; election-bot reads {WRITTEN_BY[fmt]} (docs/reference/results-files.md)"


@dataclass(frozen=True, slots=True)
class BallotSource:
    shown: str  # the path as given
    format: Format
    sha256: str  # of the file's bytes, as published
    size: int


@dataclass(frozen=True, slots=True)
class BallotCount:
    method: Method
    source: BallotSource
    ballots_cast: int
    totals: Mapping[str, int]  # login -> votes (approval) or total score (Bloc STAR); counted only
    ballot_names: Mapping[str, str]  # login -> the name on the ballot file (withdrawn included)
    withdrawn_on_ballot: tuple[str, ...]  # logins: on the ballot file, not counted
    order: tuple[str, ...] | None = None  # Bloc STAR: every counted candidate, in seating order (provisional)
    # Bloc STAR: the count again, for the finality check to try each way an unresolved tie could go,
    # and how many runs of it that may take.
    count: OpenCount | None = None
    budget: int = 1
    max_score: int | None = None
    notices: tuple[str, ...] = ()  # what was read but not counted and why (`file:line: …`), for the admins
    mapped: tuple[names.Mapped, ...] = ()  # the ballot names the names file matched, in ballot order


@dataclass(frozen=True, slots=True)
class CountRequest:
    data: bytes
    text: str  # decoded (no byte-order mark, LF line ends)
    shown: str
    format: Format
    method: Method
    max_score: int
    seats: int
    electors: int
    nominees: Sequence[names.Nominee]
    withdrawn: frozenset[str]  # case-folded logins
    mapping: Mapping[str, names.NameMapping]  # normalised ballot name -> the names file's line
    mapping_shown: str = "the names file"
    service_totals: Sequence[service.ServiceTotal] | None = None
    service_shown: str = "the service totals file"
    orders: Mapping[frozenset[str], Sequence[str]] | None = None  # the admins' tie resolutions
    progress: Callable[[int], None] | None = None


def count(request: CountRequest) -> BallotCount:
    r = request
    expected = FORMAT_OF_METHOD[r.method]
    if r.format != expected:
        raise BallotError(
            r.shown,
            None,
            f"a {r.format} file cannot be counted by {r.method} (election.yaml `voting.method`); "
            f"{r.method} counts {expected} files: {WRITTEN_BY[expected]}",
        )
    source = BallotSource(r.shown, r.format, hashlib.sha256(r.data).hexdigest(), len(r.data))
    if r.format == "blt":
        return _approval(r, source)
    return _bloc_star(r, source)


def _electors(r: CountRequest, cast: int) -> None:
    if cast > r.electors:
        raise BallotError(
            r.shown,
            None,
            f"{cast} ballots were cast but there are only {r.electors} electors (--electors); "
            "check the file and the number of electors",
        )


def _empty_slots(parsed: blt.BltFile, r: CountRequest) -> list[int]:
    """Candidates (numbers) that no ballot marks and that match no nomination and no names-file entry: the
    write-in slots a voting service lists whether or not anyone wrote a name in. They cannot change any
    total, so they are left out (with a notice) instead of stopping the count as unknown names."""
    known = {names.normalise(n.name) for n in r.nominees} | set(r.mapping)
    marked = parsed.marked()
    return [
        number
        for number, name in enumerate(parsed.names, 1)
        if number not in marked and names.normalise(name) not in known
    ]


def _approval(r: CountRequest, source: BallotSource) -> BallotCount:
    try:
        parsed = blt.parse(r.text, r.shown, r.progress)
    except BallotError as error:
        raise BallotError(error.where, error.line, unreadable(error.message, "blt")) from None
    if parsed.seats != r.seats:
        raise BallotError(
            r.shown,
            parsed.seats_line,
            f"the file is for {wording.count(parsed.seats, 'seat')} but the election has "
            f"{r.seats} (election.yaml `seats`); fix the voting service's number of winners and export again",
        )
    slots = _empty_slots(parsed, r)
    kept = [n for n in range(1, len(parsed.names) + 1) if n not in slots]
    matched = names.match(
        [parsed.names[n - 1] for n in kept],
        [parsed.name_lines[n - 1] for n in kept],
        r.nominees,
        r.withdrawn,
        r.mapping,
        r.shown,
        r.mapping_shown,
    )
    login_of = dict(zip(kept, matched, strict=True))
    for number in sorted(parsed.withdrawn):
        if number not in login_of:
            continue  # an empty write-in slot the file also marks withdrawn
        login = login_of[number]
        if login_key(login) not in r.withdrawn:
            raise BallotError(
                r.shown,
                parsed.name_lines[number - 1],
                f"the file marks {parsed.names[number - 1]!r} ({login}) "
                "withdrawn, but no withdrawal is recorded; record it under `voting.withdrawn` in election.yaml",
            )
    excluded = [n for n in kept if login_key(login_of[n]) in r.withdrawn]
    totals = blt.approval_totals(parsed, [*excluded, *slots])
    _electors(r, parsed.ballots_cast)
    counted = [(n, login_of[n]) for n in kept if n not in excluded]
    for number, login in counted:
        if totals[number - 1] > parsed.ballots_cast:  # impossible unless the parser is wrong: fail closed
            raise BallotError(r.shown, None, f"{login} has more votes than ballots")
    if r.service_totals is not None:
        service.compare(
            r.service_totals,
            [(parsed.names[n - 1], totals[n - 1]) for n, _ in counted],
            frozenset(names.normalise(parsed.names[n - 1]) for n in [*excluded, *slots]),
            r.service_shown,
            "totals",
        )
    return BallotCount(
        method="approval",
        source=source,
        ballots_cast=parsed.ballots_cast,
        totals={login: totals[n - 1] for n, login in counted},
        ballot_names={login_of[n]: parsed.names[n - 1] for n in kept},
        withdrawn_on_ballot=tuple(login_of[n] for n in excluded),
        notices=tuple(
            f"{r.shown}:{parsed.name_lines[n - 1]}: {parsed.names[n - 1]!r} is not counted: no ballot marks "
            "it and it matches no nomination (an empty write-in slot)"
            for n in slots
        ),
        mapped=names.used([parsed.names[n - 1] for n in kept], matched, r.mapping),
    )


def _bloc_star(r: CountRequest, source: BallotSource) -> BallotCount:
    try:
        parsed = starcsv.parse(r.text, r.shown, r.max_score, r.progress)
    except BallotError as error:
        raise BallotError(error.where, error.line, unreadable(error.message, "star-csv")) from None
    logins = names.match(
        parsed.names, [1] * len(parsed.names), r.nominees, r.withdrawn, r.mapping, r.shown, r.mapping_shown
    )
    _electors(r, parsed.ballots_cast)
    counted = [(i, login) for i, login in enumerate(logins) if login_key(login) not in r.withdrawn]
    ballots = [{login: ballot[i] for i, login in counted} for ballot in parsed.ballots]
    sums = parsed.totals()
    totals = {login: sums[i] for i, login in counted}
    if r.service_totals is not None:
        # The service's own page shows the names unescaped; a copy of the CSV's header shows them escaped:
        # both are compared after the unescaping the ballot file's header had.
        given = r.service_totals
        if parsed.escaped:
            given = [replace(t, name=starcsv.unescape(t.name)) for t in given]
        service.compare(
            given,
            [(parsed.names[i], sums[i]) for i, _ in counted],
            frozenset(
                names.normalise(parsed.names[i])
                for i, login in enumerate(logins)
                if login_key(login) in r.withdrawn
            ),
            r.service_shown,
            "total scores",
        )
    candidates = [login for _, login in counted]
    orders = dict(r.orders or {})
    run = blocstar.tabulate(ballots, candidates, r.max_score, orders)
    return BallotCount(
        method="bloc-star",
        source=source,
        ballots_cast=parsed.ballots_cast,
        totals=totals,
        ballot_names=dict(zip(logins, parsed.names, strict=True)),
        withdrawn_on_ballot=tuple(login for login in logins if login_key(login) in r.withdrawn),
        order=run.order,
        count=blocstar.count(ballots, candidates, r.max_score, orders),
        budget=blocstar.budget(len(ballots), len(candidates)),
        max_score=r.max_score,
        mapped=names.used(parsed.names, logins, r.mapping),
    )
