"""Whether a count is settled: every way its open ties could go, tried as far as it can matter. Pure.

A result is **final** exactly when every order of every unresolved tie gives the same council: the same
people elected, into the same cohorts, with the same seats vacant. This module decides that for any
method, given the method's count as a function of how its open ties go:

- A *count* maps a **script** — which option to take at each open choice, in the order the count meets
  them — to a complete order of the candidates and the choices it met. Approval meets a choice at each
  place of a tie of equal totals; Bloc STAR meets one wherever the STAR protocol cannot break a tie.
  Option 0 is always the provisional choice (by login), so the empty script is the provisional count.
- The order is seated under the cap (`seat`). Greedy seating of a place depends only on the places above
  it, so once the last seat is taken, nothing further down the order can change the council: a choice
  whose first place comes after that point is not tried (*a tie below the council decides nothing*).
- Every other choice is tried, depth first: each run of the count is a *leaf* that stands for every way
  the untried choices below its last seat could go. The council of each leaf is compared.

Candidates the count treats as interchangeable (approval: tied, and counted for the same entities) are
tried once per arrangement of such kinds; within a leaf each of them may take any place its kind holds,
so a kind whose places get different outcomes makes the result not final.

**What a tie decides**: a tie T decides something when, with every other tie's order fixed, two orders of
T give different councils. Each leaf records, per tie, the sets of tied candidates its choices put ahead
(prefixes of the tie's order); two leaves agree on a tie when those sets from both form a chain (some
one order of the tie is consistent with both). Two leaves that agree on every tie but T and differ on T
show what T decides: everyone whose outcome differs between them, tied or not.

Beyond the budget of runs the answer is a sound over-approximation: never final, and every candidate not
certainly seated in an untried branch counts as possibly anything.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot.results.seating import Candidate, Seating, SeatRules, seat

Outcome = str | None  # a cohort id, or None: not elected
TieKey = frozenset[str]  # the tied candidates' case-folded logins


class How(StrEnum):
    """How a candidate fares in one seating (the detail behind the outcome)."""

    seated = "seated"
    requalified = "requalified"
    passed = "passed"  # passed over under the cap, not re-qualified
    out = "out"  # not reached, or below the council


Fate = tuple[Outcome, How]


class Decides(StrEnum):
    seat = "seat"  # who is elected
    cohort = "cohort"  # who lands on which side of a cohort boundary
    cap = "cap"  # who of a capped entity is seated and who passed over


@dataclass(frozen=True, slots=True)
class Choice:
    """A point where the count can go more than one way: an unresolved tie, met at `place`."""

    tie: TieKey
    place: int  # 1-based: the first place of the order this choice can change
    ahead: tuple[frozenset[str], ...]  # per option: the tied candidates it puts ahead of the rest


@dataclass(frozen=True, slots=True)
class TieMet:
    """A tie as the count met it (resolved or not)."""

    key: TieKey
    members: tuple[str, ...]  # logins, in the order used
    place: int
    resolved: bool
    stage: str = ""  # Bloc STAR: where the STAR protocol could not break it
    votes: int | None = None  # approval: the tied total


@dataclass(frozen=True, slots=True)
class Run:
    """One complete run of a count."""

    order: tuple[str, ...]
    choices: tuple[Choice, ...]  # the open choices met, in order (places never decrease)
    ties: tuple[TieMet, ...] = ()
    alike: tuple[tuple[TieKey, tuple[str, ...]], ...] = ()  # interchangeable tied candidates, per tie


Count = Callable[[tuple[int, ...]], Run]


@dataclass(frozen=True, slots=True)
class Effect:
    """What one tie decides: the kinds of difference, and whose outcome it can change."""

    decides: frozenset[Decides] = frozenset()
    affects: frozenset[str] = frozenset()  # logins, tied or not


@dataclass(frozen=True, slots=True)
class Settlement:
    provisional: Run
    seating: Seating  # of the provisional run
    possible: Mapping[str, frozenset[Outcome]]  # every candidate's possible outcomes
    always_passed: frozenset[str]  # passed over (not re-qualified) in every order
    always_requalified: frozenset[str]  # re-qualified in every order
    sometimes_passed: frozenset[str]  # passed over (re-qualified or not) in some order
    ties: tuple[TieMet, ...]  # every tie met in any run tried (each where it was met earliest)
    effects: Mapping[TieKey, Effect]
    runs: int
    exact: bool  # False: the budget ran out; `possible` and `effects` over-approximate
    effects_exact: bool = True  # False: `effects` over-approximate (too many runs to compare)

    @property
    def undecided(self) -> dict[str, frozenset[Outcome]]:
        return {login: outcomes for login, outcomes in self.possible.items() if len(outcomes) > 1}

    @property
    def final(self) -> bool:
        return self.exact and not self.undecided


@dataclass(slots=True)
class _Leaf:
    fates: dict[str, frozenset[Fate]]  # what each candidate can get in this run
    picks: dict[TieKey, list[frozenset[str]]]  # per tie: the sets its choices put ahead
    mixed: dict[TieKey, set[str]]  # per tie: interchangeable candidates whose places differ here
    # The outcomes of the places each candidate's kind holds (one place, unless interchangeable): how
    # many of a kind are elected is part of the council even where who is not.
    places: dict[str, tuple[str, ...]]


def _leaf(run: Run, seating: Seating, picks: dict[TieKey, list[frozenset[str]]]) -> _Leaf:
    requalified = {p.login for p in seating.pass_overs if p.requalified}
    passed = {p.login for p in seating.pass_overs if not p.requalified}
    out: dict[str, frozenset[Fate]] = {}
    for login in run.order:
        cohort = seating.cohort(login)
        if login in requalified:
            how = How.requalified
        elif cohort is not None:
            how = How.seated
        else:
            how = How.passed if login in passed else How.out
        out[login] = frozenset({(cohort, how)})
    places: dict[str, tuple[str, ...]] = {login: (seating.cohort(login) or "",) for login in run.order}
    mixed: dict[TieKey, set[str]] = {}
    for key, group in run.alike:
        union = frozenset().union(*(out[login] for login in group))
        held = tuple(sorted(seating.cohort(login) or "" for login in group))
        for login in group:
            out[login] = union
            places[login] = held
        if len(_outcomes(union)) > 1:
            mixed.setdefault(key, set()).update(group)
    return _Leaf(out, picks, mixed, places)


def _outcomes(fates: Iterable[Fate]) -> frozenset[Outcome]:
    return frozenset(cohort for cohort, _ in fates)


def settle(
    count: Count,
    candidates: Mapping[str, Candidate],
    rules: SeatRules,
    budget: int,
) -> Settlement:
    """Try the count's open choices as far as they can matter (at most `budget` runs)."""

    def seated(order: Sequence[str]) -> Seating:
        return seat([candidates[login] for login in order], rules)

    everything: frozenset[Outcome] = frozenset([*(c.id for c in rules.cohorts), None])
    elected_somewhere: frozenset[Outcome] = everything - {None}
    leaves: list[_Leaf] = []
    ties: dict[TieKey, TieMet] = {}
    stack: list[tuple[tuple[int, ...], Mapping[str, frozenset[Outcome]]]] = [((), {})]
    untried: list[Mapping[str, frozenset[Outcome]]] = []  # per branch not tried: what is known in it
    provisional: tuple[Run, Seating] | None = None
    while stack:
        script, _ = stack[-1]
        if len(leaves) >= budget:
            untried.extend(sure for _, sure in stack)
            break
        stack.pop()
        run = count(script)
        seating = seated(run.order)
        if provisional is None:
            provisional = (run, seating)
        for tie in run.ties:
            if tie.key not in ties or tie.place < ties[tie.key].place:
                ties[tie.key] = tie  # the same candidates can tie in another round of another run
        picks: dict[TieKey, list[frozenset[str]]] = {}
        for index, choice in enumerate(run.choices):
            if seating.filled_at is not None and choice.place - 1 > seating.filled_at:
                break  # the seats were all taken above this place: nothing from here on matters
            taken = script[index] if index < len(script) else 0
            picks.setdefault(choice.tie, []).append(choice.ahead[taken])
            if index >= len(script):
                sure = _known_above(run.order[: choice.place - 1], seating, elected_somewhere)
                for option in range(len(choice.ahead) - 1, 0, -1):
                    stack.append(((*script, *(0,) * (index - len(script)), option), sure))
        leaves.append(_leaf(run, seating, picks))
    assert provisional is not None
    run, seating = provisional
    possible: dict[str, frozenset[Outcome]] = {}
    fates: dict[str, frozenset[Fate]] = {}
    for login in run.order:
        seen = frozenset().union(*(leaf.fates[login] for leaf in leaves))
        fates[login] = seen
        outcomes = _outcomes(seen)
        for known in untried:
            outcomes |= known.get(login, everything)
        possible[login] = outcomes
    always_passed = frozenset(login for login, seen in fates.items() if seen == {(None, How.passed)})
    always_requalified = frozenset(
        login for login, seen in fates.items() if seen and all(how == How.requalified for _, how in seen)
    )
    sometimes_passed = frozenset(
        login for login, seen in fates.items() if any(how in (How.passed, How.requalified) for _, how in seen)
    )
    if untried:
        always_passed = always_requalified = frozenset()
        sometimes_passed = frozenset(run.order)
    effects, effects_exact = _effects(leaves, ties, exact=not untried, possible=possible)
    return Settlement(
        provisional=run,
        seating=seating,
        possible=possible,
        always_passed=always_passed,
        always_requalified=always_requalified,
        sometimes_passed=sometimes_passed,
        ties=tuple(ties.values()),
        effects=effects,
        runs=len(leaves),
        exact=not untried,
        effects_exact=effects_exact,
    )


def _known_above(
    above: Sequence[str], seating: Seating, elected: frozenset[Outcome]
) -> dict[str, frozenset[Outcome]]:
    """What every order below `above` keeps: whoever was seated there stays seated, and keeps their
    cohort unless someone passed over above them could re-qualify ahead of them."""
    passed = {p.login for p in seating.pass_overs}
    known: dict[str, frozenset[Outcome]] = {}
    seen_pass_over = False
    for login in above:
        if login in passed:
            seen_pass_over = True
        elif seating.cohort(login) is not None:
            known[login] = elected if seen_pass_over else frozenset({seating.cohort(login)})
    return known


# --------------------------------------------------------------------------------------------------
# What each tie decides
# --------------------------------------------------------------------------------------------------

# Finding what each tie decides compares runs with different councils two by two; beyond this many
# pairs (a second or so), every tie that was tried counts as possibly deciding every undecided place:
# sound, and stated as such (`Settlement.effects_exact`).
MAX_PAIRS = 250_000


def _chain(sets: Iterable[frozenset[str]]) -> bool:
    """Whether the sets are the top places of one order: nested, one per size."""
    ordered = sorted(set(sets), key=len)
    return all(len(a) < len(b) and a <= b for a, b in itertools.pairwise(ordered))


def _kinds_of(fates: Iterable[Fate]) -> set[Decides]:
    seen = set(fates)
    outcomes = _outcomes(seen)
    kinds: set[Decides] = set()
    if len(outcomes) < 2:
        return kinds
    if None in outcomes:
        kinds.add(Decides.cap if (None, How.passed) in seen else Decides.seat)
    if len(outcomes - {None}) > 1:
        kinds.add(Decides.cohort)
    return kinds


def _effects(
    leaves: Sequence[_Leaf],
    ties: Mapping[TieKey, TieMet],
    *,
    exact: bool,
    possible: Mapping[str, frozenset[Outcome]],
) -> tuple[dict[TieKey, Effect], bool]:
    """What each tie decides, and whether that is exact."""
    decides: dict[TieKey, set[Decides]] = {key: set() for key in ties}
    affects: dict[TieKey, set[str]] = {key: set() for key in ties}

    def note(key: TieKey, fates: Mapping[str, Iterable[Fate]]) -> None:
        for login, seen in fates.items():
            kinds = _kinds_of(seen)
            if kinds:
                decides[key] |= kinds
                affects[key].add(login)

    tried = {key for leaf in leaves for key in leaf.picks}
    mixing = {key for leaf in leaves for key in leaf.mixed}
    undecided = [login for login, outcomes in possible.items() if len(outcomes) > 1]
    if exact and not undecided:
        return _freeze(decides, affects), True  # one council: no tie decides anything
    signature = [tuple(leaf.places[login] for login in possible) for leaf in leaves]
    councils: dict[tuple[tuple[str, ...], ...], list[_Leaf]] = {}
    for leaf, sign in zip(leaves, signature, strict=True):
        councils.setdefault(sign, []).append(leaf)
    sizes = [len(group) for group in councils.values()]
    pairs = (sum(sizes) ** 2 - sum(n * n for n in sizes)) // 2
    if not exact or pairs > MAX_PAIRS:
        # Over-approximate: every tie that was open where it could matter may decide every undecided place.
        for key in tried | mixing:
            note(key, {login: _all_fates(leaves, login) for login in undecided})
            decides[key] = decides[key] or {Decides.seat}
        return _freeze(decides, affects), False
    for leaf in leaves:
        for key, group in leaf.mixed.items():
            note(key, {login: leaf.fates[login] for login in group})
    if len(tried | mixing) == 1:
        (key,) = tried | mixing  # the one open tie is the only thing that varies
        note(key, {login: _all_fates(leaves, login) for login in undecided})
        return _freeze(decides, affects), True
    by_council = list(councils.values())
    for i, runs in enumerate(by_council):
        for others in by_council[i + 1 :]:
            for first in runs:
                for second in others:
                    differing = [
                        key
                        for key in first.picks.keys() & second.picks.keys()
                        if not _chain([*first.picks[key], *second.picks[key]])
                    ]
                    if len(differing) != 1:
                        continue  # they differ in more than one tie: neither alone is shown to decide
                    note(
                        differing[0],
                        {
                            login: fates | second.fates[login]
                            for login, fates in first.fates.items()
                            if first.places[login] != second.places[login]
                        },
                    )
    return _freeze(decides, affects), True


def _freeze(
    decides: Mapping[TieKey, set[Decides]], affects: Mapping[TieKey, set[str]]
) -> dict[TieKey, Effect]:
    return {key: Effect(frozenset(decides[key]), frozenset(affects[key])) for key in decides}


def _all_fates(leaves: Sequence[_Leaf], login: str) -> frozenset[Fate]:
    return frozenset().union(*(leaf.fates[login] for leaf in leaves))
