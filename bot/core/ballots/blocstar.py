"""Bloc STAR with `starvote`, run to completion: the order in which Bloc STAR seats every candidate.

Each round is a STAR election among the candidates not yet seated: the two highest scores go to an
automatic runoff, which the one preferred on more ballots wins. starvote applies the official STAR
tiebreaker protocol inside each round (scoring round: head-to-head preferences, then the most top scores;
runoff: the higher score, then the most top scores). A tie that protocol cannot break is never handed to
a random number generator (starvote's default tiebreaker is replaced): it is broken by the admins'
recorded resolution of exactly those candidates (agreement or the verifiable draw), or else provisionally
by login and reported as unresolved, which makes the result not final.

"Run to completion" means seats = candidates - 1 (the last one is the one left), because the round
winners do not depend on how many seats are asked for; the council's seats are the first places of
this order, subject to the conflict-of-interest cap (bot.core.cohorts).
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import starvote

# Trying every order of an unresolved tie re-runs the count once per order; beyond this many ballot
# scores times orders, the orders are not tried and every place from the tie down counts as undecided.
MAX_VARIANT_WORK = 20_000_000
MAX_VARIANT_ORDERS = 5040

_ROUND = re.compile(r"^Round (\d+)$")


@dataclass(frozen=True, slots=True)
class StarTie:
    """A tie the STAR protocol could not break, as met in one run of the count."""

    candidates: tuple[str, ...]  # logins, sorted case-insensitively
    desired: int  # how many of them go on (2 when three or more tie for the runoff's two places)
    place: int  # the seating place at stake (the Bloc STAR round)
    stage: str  # e.g. "round 2, scoring round"
    resolved: bool  # by the admins' resolution
    chosen: tuple[str, ...]  # who went on in this run

    @property
    def key(self) -> frozenset[str]:
        return frozenset(c.casefold() for c in self.candidates)


@dataclass(frozen=True, slots=True)
class StarRun:
    order: tuple[str, ...]  # every candidate, in the order Bloc STAR seats them
    ties: tuple[StarTie, ...]

    @property
    def unresolved(self) -> tuple[StarTie, ...]:
        return tuple(t for t in self.ties if not t.resolved)


def _stage(headers: Sequence[str]) -> tuple[int, str]:
    place = 1
    parts = []
    for header in headers:
        found = _ROUND.match(header)
        if found:
            place = int(found.group(1))
        elif header in ("Scoring Round", "Automatic Runoff Round"):
            parts.append("scoring round" if header.startswith("Scoring") else "automatic runoff")
    return place, f"round {place}, {' '.join(parts) or 'count'}"


class _Breaker(starvote.Tiebreaker):  # type: ignore[misc]
    """Breaks what the STAR protocol could not, by the admins' order; never at random."""

    def __init__(self, orders: Mapping[frozenset[str], Sequence[str]]) -> None:
        self.orders = orders
        self.met: list[StarTie] = []

    def initialize(self, options: Any, ballots: Any) -> None:
        return None

    def __call__(self, options: Any, tie: Any, desired: Any, exception: Any) -> list[str]:
        members = tuple(sorted((str(c) for c in tie), key=str.casefold))
        key = frozenset(c.casefold() for c in members)
        recorded = self.orders.get(key)
        by_key = {c.casefold(): c for c in members}
        order = [by_key[c.casefold()] for c in recorded] if recorded is not None else list(members)
        chosen = order[: int(desired)]
        place, stage = _stage(list(options.headers))
        self.met.append(StarTie(members, int(desired), place, stage, recorded is not None, tuple(chosen)))
        return chosen


def tabulate(
    ballots: Sequence[Mapping[str, int]],
    candidates: Sequence[str],
    max_score: int,
    orders: Mapping[frozenset[str], Sequence[str]] | None = None,
) -> StarRun:
    """The complete Bloc STAR order of `candidates` (logins; every ballot scores each of them)."""
    breaker = _Breaker(orders or {})
    if len(candidates) < 2 or not ballots:
        return StarRun(tuple(sorted(candidates, key=str.casefold)), ())
    if len(candidates) == 2:
        winners = starvote.star_voting(list(ballots), maximum_score=max_score, tiebreaker=breaker)
    else:
        winners = starvote.bloc_star_voting(
            list(ballots), maximum_score=max_score, seats=len(candidates) - 1, tiebreaker=breaker
        )
    order = [str(w) for w in winners]
    order += [c for c in candidates if c not in set(order)]
    return StarRun(tuple(order), tuple(breaker.met))


@dataclass(frozen=True, slots=True)
class Variants:
    """The complete orders under every order of one unresolved tie, or None when too many to try or
    when another unresolved tie showed up in some of them (then the places are judged conservatively)."""

    tie: StarTie
    orders: tuple[tuple[str, ...], ...] | None


def variants(
    ballots: Sequence[Mapping[str, int]],
    candidates: Sequence[str],
    max_score: int,
    orders: Mapping[frozenset[str], Sequence[str]],
    tie: StarTie,
) -> Variants:
    count = math.factorial(len(tie.candidates))
    work = count * len(ballots) * max(1, len(candidates))
    if count > MAX_VARIANT_ORDERS or work > MAX_VARIANT_WORK:
        return Variants(tie, None)
    out: list[tuple[str, ...]] = []
    for permutation in itertools.permutations(tie.candidates):
        run = tabulate(ballots, candidates, max_score, {**orders, tie.key: permutation})
        if any(t.key != tie.key for t in run.unresolved):
            return Variants(tie, None)
        out.append(run.order)
    return Variants(tie, tuple(out))
