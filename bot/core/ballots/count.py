"""A ballot file in, the counted totals (and for Bloc STAR the order) out, with every cross-check.

Pure: the caller reads the files and passes their bytes and display paths.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from bot.core import wording
from bot.core.ballots import blocstar, blt, names, service, starcsv
from bot.core.ballots.errors import BallotError
from bot.core.cohorts import OrderedTie

Format = Literal["blt", "star-csv"]
Method = Literal["approval", "bloc-star"]
FORMAT_OF_METHOD: dict[str, Format] = {"approval": "blt", "bloc-star": "star-csv"}


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
    order: tuple[str, ...] | None = None  # Bloc STAR: every counted candidate, in seating order
    ties: tuple[OrderedTie, ...] = ()  # Bloc STAR: ties the STAR protocol could not break
    max_score: int | None = None
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
    resolutions_shown: str = "the resolutions file"
    progress: Callable[[int], None] | None = None


def count(request: CountRequest) -> BallotCount:
    r = request
    expected = FORMAT_OF_METHOD[r.method]
    if r.format != expected:
        raise BallotError(
            r.shown,
            None,
            f"a {r.format} file cannot be counted by {r.method} (election.yaml `voting.method`); "
            f"{r.method} counts {expected} files",
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


def _approval(r: CountRequest, source: BallotSource) -> BallotCount:
    parsed = blt.parse(r.text, r.shown, r.progress)
    if parsed.seats != r.seats:
        raise BallotError(
            r.shown,
            parsed.seats_line,
            f"the file is for {wording.count(parsed.seats, 'seat')} but the election has "
            f"{r.seats} (election.yaml `seats`); fix the voting service's number of winners and export again",
        )
    logins = names.match(
        parsed.names, parsed.name_lines, r.nominees, r.withdrawn, r.mapping, r.shown, r.mapping_shown
    )
    for number in sorted(parsed.withdrawn):
        login = logins[number - 1]
        if login.casefold() not in r.withdrawn:
            raise BallotError(
                r.shown,
                parsed.name_lines[number - 1],
                f"the file marks {parsed.names[number - 1]!r} ({login}) "
                "withdrawn, but no withdrawal is recorded; record it under `voting.withdrawn` in election.yaml",
            )
    excluded = [n for n, login in enumerate(logins, 1) if login.casefold() in r.withdrawn]
    totals = blt.approval_totals(parsed, excluded)
    _electors(r, parsed.ballots_cast)
    counted = [(i, login) for i, login in enumerate(logins) if i + 1 not in excluded]
    for index, login in counted:
        if totals[index] > parsed.ballots_cast:  # impossible unless the parser is wrong: fail closed
            raise BallotError(r.shown, None, f"{login} has more votes than ballots")
    if r.service_totals is not None:
        service.compare(
            r.service_totals,
            [(parsed.names[i], totals[i]) for i, _ in counted],
            frozenset(names.normalise(parsed.names[n - 1]) for n in excluded),
            r.service_shown,
            "totals",
        )
    return BallotCount(
        method="approval",
        source=source,
        ballots_cast=parsed.ballots_cast,
        totals={login: totals[i] for i, login in counted},
        ballot_names=dict(zip(logins, parsed.names, strict=True)),
        withdrawn_on_ballot=tuple(logins[n - 1] for n in excluded),
        mapped=names.used(parsed.names, logins, r.mapping),
    )


def _bloc_star(r: CountRequest, source: BallotSource) -> BallotCount:
    parsed = starcsv.parse(r.text, r.shown, r.max_score, r.progress)
    logins = names.match(
        parsed.names, [1] * len(parsed.names), r.nominees, r.withdrawn, r.mapping, r.shown, r.mapping_shown
    )
    _electors(r, parsed.ballots_cast)
    counted = [(i, login) for i, login in enumerate(logins) if login.casefold() not in r.withdrawn]
    ballots = [{login: ballot[i] for i, login in counted} for ballot in parsed.ballots]
    sums = parsed.totals()
    totals = {login: sums[i] for i, login in counted}
    if r.service_totals is not None:
        service.compare(
            r.service_totals,
            [(parsed.names[i], sums[i]) for i, _ in counted],
            frozenset(
                names.normalise(parsed.names[i])
                for i, login in enumerate(logins)
                if login.casefold() in r.withdrawn
            ),
            r.service_shown,
            "total scores",
        )
    candidates = [login for _, login in counted]
    orders = dict(r.orders or {})
    run = blocstar.tabulate(ballots, candidates, r.max_score, orders)
    met: dict[frozenset[str], blocstar.StarTie] = {}
    for tie in run.ties:
        met.setdefault(tie.key, tie)
    stray = [key for key in orders if key not in met]
    if stray:
        listed = "; ".join(f"{', '.join(t.candidates)} ({t.stage})" for t in met.values()) or "none"
        raise BallotError(
            r.resolutions_shown,
            None,
            f"the resolution for {', '.join(sorted(stray[0]))} matches no tie the "
            f"Bloc STAR count could not break (ties met: {listed})",
        )
    ties = []
    for tie in met.values():
        tried = blocstar.variants(ballots, candidates, r.max_score, orders, tie)
        used = orders.get(tie.key)
        members = tuple(used) if used is not None else tie.candidates
        ties.append(OrderedTie(members, tie.stage, tie.place, tie.resolved, tried.orders))
    return BallotCount(
        method="bloc-star",
        source=source,
        ballots_cast=parsed.ballots_cast,
        totals=totals,
        ballot_names=dict(zip(logins, parsed.names, strict=True)),
        withdrawn_on_ballot=tuple(login for login in logins if login.casefold() in r.withdrawn),
        order=run.order,
        ties=tuple(ties),
        max_score=r.max_score,
        mapped=names.used(parsed.names, logins, r.mapping),
    )
