"""Election results by the rules of PEP 772: ranking, ties and whether the result is final. Pure.

The seating of one order under the cap is `bot.results.seating` (our reading of PEP 772, documented in
docs/explanation/results.md). Here:

1. Candidates are ranked by votes, most first. Candidates with equal votes are ordered by the admins'
   recorded resolution of their tie (agreement or random draw), else provisionally by login.
2. That order is seated (`seat`).

With a method whose rank order is not the totals (Bloc STAR: the order of seating when run to
completion), `decide_ordered` takes the method's count instead of step 1; step 2 is the same.

**Final** means one council whatever the unresolved ties: `bot.results.finality` tries every order of
every unresolved tie as far as it can matter, with one procedure for every method. A tie *decides*
something when some order of it, every other tie held fixed, changes who is elected or into which
cohort — of the tied candidates or of anyone else ("seat", "cohort", or "cap" when someone is passed over
in one order and elected in another). Until the ties that decide are resolved, the result is not final
and the candidates whose outcome depends on them are reported as undecided.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

from bot.github.values import login_key
from bot.results.draw import Draw
from bot.results.finality import Choice, Count, Decides, Run, Settlement, TieKey, TieMet, settle
from bot.results.seating import Blocker, Candidate, PassOver, Seating, SeatRules, Sitting, seat

__all__ = [
    "Blocker",
    "Candidate",
    "Decides",
    "OpenCount",
    "PassOver",
    "Quorum",
    "Resolution",
    "ResolutionError",
    "Result",
    "SeatRules",
    "Seating",
    "Sitting",
    "Tie",
    "decide",
    "decide_ordered",
    "fixed_order",
    "seat",
]

# How many runs of the count the finality check may try. An approval run is a pass over the candidates,
# so this is about a second; beyond it, the answer is a sound over-approximation (never final).
MAX_RUNS = 60_000

# A count with some of its resolved ties opened again (to find out what a resolved tie decides).
OpenCount = Callable[[frozenset[TieKey]], Count]


class ResolutionError(ValueError):
    """A recorded tie resolution does not fit the counts (a usage error; the message says why)."""


@dataclass(frozen=True, slots=True)
class Tie:
    votes: int | None  # the tied vote count; None for a tie inside a Bloc STAR round (see `stage`)
    members: tuple[str, ...]  # logins in the order used (the resolution's, else by login)
    decides: frozenset[Decides]
    resolved: bool
    stage: str = ""  # Bloc STAR: where the STAR protocol could not break it, e.g. "round 2, scoring round"
    # Everyone whose outcome some order of this tie can change (every other tie held fixed): tied
    # candidates and others alike ("the order of Ana, Bea and Cyd decides whether Dov or Eli is elected").
    affects: frozenset[str] = frozenset()
    place: int = 0  # the first place of the order it can change

    @property
    def key(self) -> TieKey:
        return frozenset(login_key(m) for m in self.members)

    @property
    def deciding(self) -> bool:
        return bool(self.decides)

    @property
    def blocking(self) -> bool:
        """Deciding and not resolved: the result cannot be final until the admins resolve it."""
        return self.deciding and not self.resolved

    @property
    def others(self) -> tuple[str, ...]:
        """The candidates outside the tie whose outcome it decides, in login order."""
        return tuple(sorted((a for a in self.affects if a.casefold() not in self.key), key=str.casefold))


@dataclass(frozen=True, slots=True)
class Result:
    ranked: tuple[Candidate, ...]  # the order used
    rank: Mapping[str, int]  # login -> competition rank by votes (1, 2, 2, 4, ...)
    rules: SeatRules
    seating: Seating  # under the order used
    ties: tuple[Tie, ...]
    possible: Mapping[str, frozenset[str | None]] = field(default_factory=dict)  # only the undecided
    # Passed over (not re-qualified), or re-qualified, in every order of the unresolved ties: only these
    # are said to be, so that the provisional order by login never shows.
    always_passed: frozenset[str] = frozenset()
    always_requalified: frozenset[str] = frozenset()
    sometimes_passed: frozenset[str] = frozenset()  # passed over in some order
    exact: bool = True  # False: too many orders to try; `possible` over-approximates
    ties_exact: bool = True  # False: what each tie decides over-approximates (too many runs to compare)
    runs: int = 1  # runs of the count the finality check tried

    @property
    def final(self) -> bool:
        """One council in every order of every unresolved tie (docs/explanation/results.md, *Final,
        defined*)."""
        return self.exact and not self.possible

    @property
    def undecided(self) -> frozenset[str]:
        return frozenset(self.possible)

    @property
    def sure(self) -> frozenset[str]:
        """Elected in every order of every unresolved tie (their cohort may still be undecided)."""
        return frozenset(
            login
            for login in self.seating.order
            if None not in self.possible.get(login, frozenset({self.seating.cohort(login)}))
        )

    def tie_of(self, login: str) -> Tie | None:
        return next((t for t in self.ties if login in t.members), None)

    def pass_over(self, login: str) -> PassOver | None:
        """The candidate's pass-over as the results state it: the same in every order of every
        unresolved tie."""
        found = self.seating.passed_over(login)
        if found is None or login in self.undecided:
            return None
        settled = self.always_requalified if found.requalified else self.always_passed
        return found if login in settled else None

    @property
    def pass_overs_open(self) -> bool:
        """Whether who is passed over depends on the order of an unresolved tie."""
        return self.sometimes_passed != {p.login for p in self.pass_overs}

    @property
    def provisional_from(self) -> int | None:
        """The first place of the order an unresolved tie can change (its places from there on are shown
        in the provisional order, by login), or None."""
        return min((t.place for t in self.ties if not t.resolved and t.place), default=None)

    @property
    def pass_overs(self) -> tuple[PassOver, ...]:
        return tuple(p for p in self.seating.pass_overs if self.pass_over(p.login) is not None)


@dataclass(frozen=True, slots=True)
class Quorum:
    electors: int  # those who affirmed their intention to vote
    ballots_cast: int
    required: float | None  # share of electors, e.g. 0.5; None: the rules set no quorum

    @property
    def applies(self) -> bool:
        """Whether the election has a quorum at all: without one the results never speak of it."""
        return self.required is not None

    @property
    def met(self) -> bool:
        """Whether the vote elects anyone: always, when there is no quorum to meet."""
        if self.required is None:
            return True
        # Exact arithmetic: 0.5 means one half, not the nearest binary fraction.
        return self.ballots_cast >= Fraction(str(self.required)) * self.electors

    @property
    def turnout(self) -> float:
        return self.ballots_cast / self.electors if self.electors else 0.0


@dataclass(frozen=True, slots=True)
class Resolution:
    """How the admins resolved one tie: the order (first ranks highest) and how it was reached."""

    tied: tuple[str, ...]
    order: tuple[str, ...]
    method: Literal["agreement", "draw"]
    agreed_by: tuple[str, ...] = ()
    note: str = ""
    draw: Draw | None = None

    @property
    def key(self) -> frozenset[str]:
        return frozenset(login_key(login) for login in self.tied)


# --------------------------------------------------------------------------------------------------
# Ranking, ties and the result
# --------------------------------------------------------------------------------------------------


def competition_ranks(candidates: Sequence[Candidate]) -> dict[str, int]:
    """1, 2, 2, 4: equal votes share a rank."""
    ranks: dict[str, int] = {}
    ordered = sorted(candidates, key=lambda c: -c.votes)
    for index, candidate in enumerate(ordered):
        if index and ordered[index - 1].votes == candidate.votes:
            ranks[candidate.login] = ranks[ordered[index - 1].login]
        else:
            ranks[candidate.login] = index + 1
    return ranks


def _groups(candidates: Sequence[Candidate]) -> list[list[Candidate]]:
    ordered = sorted(candidates, key=lambda c: (-c.votes, c.key))
    return [list(group) for _, group in itertools.groupby(ordered, key=lambda c: c.votes)]


def _apply_resolutions(
    groups: list[list[Candidate]], resolutions: Mapping[frozenset[str], Sequence[str]]
) -> tuple[list[list[Candidate]], set[int]]:
    """Reorder resolved tie groups; return the groups and the indexes of the resolved ones."""
    by_key = {frozenset(c.key for c in g): i for i, g in enumerate(groups) if len(g) > 1}
    resolved: set[int] = set()
    out = [list(g) for g in groups]
    for members, order in resolutions.items():
        index = by_key.get(frozenset(login_key(m) for m in members))
        if index is None:
            raise ResolutionError(_no_such_tie(groups, members))
        lookup = {c.key: c for c in groups[index]}
        if sorted(login_key(login) for login in order) != sorted(lookup):
            named = ", ".join(c.login for c in groups[index])
            raise ResolutionError(
                f"the resolution of the tie between {named} must order exactly those candidates"
            )
        out[index] = [lookup[login_key(login)] for login in order]
        resolved.add(index)
    return out, resolved


def _no_such_tie(groups: list[list[Candidate]], members: Iterable[str]) -> str:
    wanted = {login_key(m) for m in members}
    named = ", ".join(sorted(members, key=str.casefold))
    for group in groups:
        keys = {c.key for c in group}
        if wanted & keys:
            if len(group) == 1:
                continue
            full = ", ".join(c.login for c in group)
            return (
                f"the resolution for {named} does not match a tie: the candidates with "
                f"{group[0].votes} votes are {full}; a resolution must list exactly those"
            )
    return f"the resolution for {named} does not match a tie in the counts; check the logins and the counts"


def _flatten(groups: Sequence[Sequence[Candidate]]) -> list[Candidate]:
    return [c for g in groups for c in g]


def approval_count(groups: Sequence[Sequence[Candidate]], open_groups: Iterable[int]) -> Count:
    """The totals' order as a count: each open group (an unresolved tie) is a choice at each of its
    places of which kind of candidate comes next (`_kinds`: the seating sees only entities), option 0
    being the kind of the first remaining candidate by login; the others are in the order given."""
    open_set = set(open_groups)
    kinds = {i: _kinds(groups[i]) for i in open_set}
    place_of: dict[int, int] = {}
    position = 1
    for index, group in enumerate(groups):
        place_of[index] = position
        position += len(group)

    def run(script: tuple[int, ...]) -> Run:
        order: list[str] = []
        choices: list[Choice] = []
        ties: list[TieMet] = []
        alike: list[tuple[TieKey, tuple[str, ...]]] = []
        step = 0
        for index, group in enumerate(groups):
            if len(group) > 1:
                ties.append(
                    TieMet(
                        key=frozenset(c.key for c in group),
                        members=tuple(c.login for c in group),
                        place=place_of[index],
                        resolved=index not in open_set,
                        votes=group[0].votes,
                    )
                )
            if index not in open_set:
                order.extend(c.login for c in group)
                continue
            key = frozenset(c.key for c in group)
            left = {kind: list(members) for kind, members in kinds[index].items()}
            ahead: frozenset[str] = frozenset()
            for _ in group:
                options = sorted((k for k, m in left.items() if m), key=lambda k: left[k][0].key)
                chosen = options[0]
                if len(options) > 1:
                    taken = script[step] if step < len(script) else 0
                    step += 1
                    choices.append(
                        Choice(key, len(order) + 1, tuple(ahead | {left[k][0].login} for k in options))
                    )
                    chosen = options[taken]
                candidate = left[chosen].pop(0)
                order.append(candidate.login)
                ahead |= {candidate.login}
            alike.extend((key, tuple(c.login for c in m)) for m in kinds[index].values() if len(m) > 1)
        return Run(tuple(order), tuple(choices), tuple(ties), tuple(alike))

    return run


def fixed_order(order: Sequence[str]) -> OpenCount:
    """A method's order with nothing left open (for tests and tools)."""
    done = Run(tuple(order), ())
    return lambda _opened: lambda _script: done


def _result(
    settlement: Settlement,
    by_login: Mapping[str, Candidate],
    rules: SeatRules,
    rank: Mapping[str, int],
    effects_of_resolved: Mapping[TieKey, tuple[frozenset[Decides], frozenset[str]]],
) -> Result:
    ties = []
    for met in settlement.ties:
        if met.resolved:
            decides, affects = effects_of_resolved.get(met.key, (frozenset(), frozenset()))
        else:
            effect = settlement.effects[met.key]
            decides, affects = effect.decides, effect.affects
        ties.append(Tie(met.votes, met.members, decides, met.resolved, met.stage, affects, met.place))
    return Result(
        ranked=tuple(by_login[login] for login in settlement.provisional.order),
        rank=rank,
        rules=rules,
        seating=settlement.seating,
        ties=tuple(ties),
        possible=settlement.undecided,
        always_passed=settlement.always_passed,
        always_requalified=settlement.always_requalified,
        sometimes_passed=settlement.sometimes_passed,
        exact=settlement.exact,
        ties_exact=settlement.effects_exact,
        runs=settlement.runs,
    )


def _check_candidates(candidates: Sequence[Candidate], rules: SeatRules) -> None:
    keys = [c.key for c in candidates]
    if len(set(keys)) != len(keys):
        raise ValueError("a candidate appears twice")
    sitting = {login_key(m.login) for m in rules.sitting}
    if sitting & set(keys):
        raise ValueError("a sitting member is also a candidate")


def decide(
    candidates: Sequence[Candidate],
    rules: SeatRules,
    resolutions: Mapping[frozenset[str], Sequence[str]] | None = None,
) -> Result:
    """Rank, seat, find the ties, what each decides, and what is still undecided.

    `resolutions` maps the logins of a tie to their agreed or drawn order (first ranks highest); each
    must name exactly the candidates with one vote count, else `ResolutionError`.
    """
    _check_candidates(candidates, rules)
    groups, resolved = _apply_resolutions(_groups(candidates), resolutions or {})
    tied = {i for i, g in enumerate(groups) if len(g) > 1}
    by_login = {c.login: c for c in candidates}

    def count_for(opened: frozenset[TieKey]) -> Count:
        extra = {i for i in tied if frozenset(c.key for c in groups[i]) in opened}
        return approval_count(groups, (tied - resolved) | extra)

    return _decided(
        count_for, by_login, rules, competition_ranks(candidates), frozenset(), MAX_RUNS, "approval"
    )


def decide_ordered(
    candidates: Sequence[Candidate],
    count_for: OpenCount,
    rules: SeatRules,
    resolved: Iterable[TieKey] = (),
    budget: int = MAX_RUNS,
    method: str = "Bloc STAR",
) -> Result:
    """Seat the candidates in the method's order (Bloc STAR run to completion) under the cap. The count
    is given as a function of which resolved ties to open again; `resolved` are the keys of the admins'
    resolutions, each of which must be met by the count, else `ResolutionError`."""
    _check_candidates(candidates, rules)
    by_login = {c.login: c for c in candidates}
    order = count_for(frozenset())(()).order
    if sorted(order) != sorted(by_login) or len(set(order)) != len(order):
        raise ValueError("the order must list every candidate exactly once")
    rank = {login: index for index, login in enumerate(order, 1)}
    return _decided(count_for, by_login, rules, rank, frozenset(resolved), budget, method)


def _decided(
    count_for: OpenCount,
    by_login: Mapping[str, Candidate],
    rules: SeatRules,
    rank: Mapping[str, int],
    resolutions: frozenset[TieKey],
    budget: int,
    method: str,
) -> Result:
    settlement = settle(count_for(frozenset()), by_login, rules, budget)
    met = {t.key for t in settlement.ties}
    stray = sorted((sorted(k) for k in resolutions - met), key=lambda k: k[0])
    if stray:
        listed = "; ".join(
            f"{', '.join(t.members)} ({t.stage or f'{t.votes} votes'})" for t in settlement.ties
        )
        raise ResolutionError(
            f"the resolution for {', '.join(stray[0])} matches no tie the {method} count could not "
            f"break (ties met: {listed or 'none'})"
        )
    effects: dict[TieKey, tuple[frozenset[Decides], frozenset[str]]] = {}
    for met_tie in settlement.ties:
        if met_tie.resolved:
            opened = settle(count_for(frozenset({met_tie.key})), by_login, rules, budget)
            effect = opened.effects[met_tie.key]
            effects[met_tie.key] = (effect.decides, effect.affects)
    return _result(settlement, by_login, rules, rank, effects)


def _kind(candidate: Candidate) -> tuple[str, ...]:
    """What the seating sees of a candidate: the entities they count for (their votes are the tie's)."""
    return tuple(sorted(e.key for e in candidate.entities))


def _kinds(group: Sequence[Candidate]) -> dict[tuple[str, ...], list[Candidate]]:
    out: dict[tuple[str, ...], list[Candidate]] = {}
    for candidate in group:
        out.setdefault(_kind(candidate), []).append(candidate)
    return out


def arrangement_count(kinds: Mapping[tuple[str, ...], Sequence[Candidate]]) -> int:
    sizes = [len(v) for v in kinds.values()]
    return math.factorial(sum(sizes)) // math.prod(math.factorial(n) for n in sizes)
