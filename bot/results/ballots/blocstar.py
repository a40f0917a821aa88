"""Bloc STAR with `starvote`, run to completion: the order in which Bloc STAR seats every candidate.

Each round is a STAR election among the candidates not yet seated: the two highest scores go to an
automatic runoff, which the one preferred on more ballots wins. starvote applies the official STAR
tiebreaker protocol inside each round (scoring round: head-to-head preferences, then the most top scores;
runoff: the higher score, then the most top scores). A tie that protocol cannot break is never handed to
a random number generator (starvote's default tiebreaker is replaced): it is broken by the admins'
recorded resolution of exactly those candidates (agreement or the verifiable draw), or else it is a
choice that `bot.results.finality` tries every way it can matter (provisionally: by login). A tie that can
change the council makes the result not final; one that cannot (below the last seat, say) decides nothing.

"Run to completion" means seats = candidates - 1 (the last one is the one left), because the round
winners do not depend on how many seats are asked for; the council's seats are the first places of
this order, subject to the conflict-of-interest cap (bot.results.ranking).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import starvote

from bot.github.values import login_key
from bot.results.finality import Choice, Count, Run, TieMet
from bot.results.ranking import OpenCount

# Trying how an unresolved tie could go re-runs the count; the finality check may spend about this many
# ballot scores on it (a few seconds), beyond which its answer is a sound over-approximation.
MAX_WORK = 40_000_000

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
        return frozenset(login_key(c) for c in self.candidates)


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
    """Breaks what the STAR protocol could not: by the admins' order where they recorded one, else by the
    script's choice (option 0: by login, the provisional choice); never at random.

    An unresolved tie is a choice between the sets of its candidates that could go on. The same tie can
    be met again later in the count (the same candidates, still level); the choices made for it are kept
    as an ordered partition of its candidates, so that every run follows one order of them."""

    def __init__(self, orders: Mapping[frozenset[str], Sequence[str]], script: tuple[int, ...]) -> None:
        self.orders = orders
        self.script = script
        self.met: list[StarTie] = []
        self.choices: list[Choice] = []
        self.partitions: dict[frozenset[str], list[list[str]]] = {}

    def initialize(self, options: Any, ballots: Any) -> None:
        return None

    def __call__(self, options: Any, tie: Any, desired: Any, exception: Any) -> list[str]:
        members = tuple(sorted((str(c) for c in tie), key=str.casefold))
        key = frozenset(login_key(c) for c in members)
        wanted = int(desired)
        place, stage = _stage(list(options.headers))
        recorded = self.orders.get(key)
        if recorded is not None:
            by_key = {login_key(c): c for c in members}
            chosen = [by_key[login_key(c)] for c in recorded][:wanted]
        else:
            chosen = self._choose(key, members, wanted, place)
        self.met.append(StarTie(members, wanted, place, stage, recorded is not None, tuple(chosen)))
        return chosen

    def _choose(self, key: frozenset[str], members: tuple[str, ...], wanted: int, place: int) -> list[str]:
        blocks = self.partitions.setdefault(key, [list(members)])
        ahead: list[str] = []
        index = 0
        while index < len(blocks) and len(ahead) + len(blocks[index]) <= wanted:
            ahead += blocks[index]
            index += 1
        if len(ahead) == wanted:
            return ahead
        block = blocks[index]
        options = list(itertools.combinations(block, wanted - len(ahead)))
        step = len(self.choices)
        taken = self.script[step] if step < len(self.script) else 0
        self.choices.append(Choice(key, place, tuple(frozenset(ahead + list(o)) for o in options)))
        picked = list(options[taken])
        blocks[index : index + 1] = [picked, [m for m in block if m not in picked]]
        return ahead + picked


def _run(
    ballots: Sequence[Mapping[str, int]],
    candidates: Sequence[str],
    max_score: int,
    orders: Mapping[frozenset[str], Sequence[str]],
    script: tuple[int, ...],
) -> tuple[tuple[str, ...], _Breaker]:
    breaker = _Breaker(orders, script)
    if len(candidates) < 2 or not ballots:
        return tuple(sorted(candidates, key=str.casefold)), breaker
    if len(candidates) == 2:
        winners = starvote.star_voting(list(ballots), maximum_score=max_score, tiebreaker=breaker)
    else:
        winners = starvote.bloc_star_voting(
            list(ballots), maximum_score=max_score, seats=len(candidates) - 1, tiebreaker=breaker
        )
    order = [str(w) for w in winners]
    order += [c for c in candidates if c not in set(order)]
    return tuple(order), breaker


def tabulate(
    ballots: Sequence[Mapping[str, int]],
    candidates: Sequence[str],
    max_score: int,
    orders: Mapping[frozenset[str], Sequence[str]] | None = None,
) -> StarRun:
    """The complete Bloc STAR order of `candidates` (logins; every ballot scores each of them), with any
    unresolved tie broken provisionally by login."""
    order, breaker = _run(ballots, candidates, max_score, orders or {}, ())
    return StarRun(order, tuple(breaker.met))


def count(
    ballots: Sequence[Mapping[str, int]],
    candidates: Sequence[str],
    max_score: int,
    orders: Mapping[frozenset[str], Sequence[str]],
) -> OpenCount:
    """The count as `bot.results.finality` tries it: a run per script of choices at the unresolved ties,
    with the given resolved ties opened again on request."""

    def opened(keys: frozenset[frozenset[str]]) -> Count:
        kept = {key: order for key, order in orders.items() if key not in keys}

        def run(script: tuple[int, ...]) -> Run:
            order, breaker = _run(ballots, candidates, max_score, kept, script)
            met: dict[frozenset[str], TieMet] = {}
            for tie in breaker.met:
                members = tuple(orders[tie.key]) if tie.key in orders else tie.candidates
                met.setdefault(tie.key, TieMet(tie.key, members, tie.place, tie.key in kept, tie.stage))
            return Run(order, tuple(breaker.choices), tuple(met.values()))

        return run

    return opened


def budget(ballots: int, candidates: int) -> int:
    """How many runs of the count the finality check may try (each re-runs the whole count)."""
    return max(1, MAX_WORK // max(1, ballots * max(1, candidates)))
