"""Election results by the rules of PEP 772: ranking, the employer cap, cohorts and ties. Pure.

The seating algorithm (our reading of PEP 772, documented in docs/results.md):

1. Candidates are ranked by votes, most first. Candidates with equal votes are ordered by the admins'
   recorded resolution of their tie (agreement or random draw), else provisionally by login.
2. Seats are filled in rank order. A candidate is *passed over* when seating them would put some entity
   over the cap, counting the members already seated in this election and the sitting members (partial
   elections). The next candidate moves up.
3. If the seats run out of candidates, the passed-over re-qualify in rank order of their votes until the
   council is full; any seat still empty stays vacant.
4. The elected, in rank order, fill the cohorts in the order the config lists them.

With a method whose rank order is not the totals (Bloc STAR: the order of seating when run to
completion), `decide_ordered` takes that order instead of step 1; steps 2-4 are the same.

Ties: a tie *decides* something when some reordering of the tied candidates changes who is elected or
into which cohort ("seat", "cohort", or "cap" when a tied candidate is passed over in one order and
elected in another). Deciding ties must be resolved by the admins; until then the result is not final
and the candidates whose outcome depends on an unresolved tie are reported as undecided.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from typing import Literal

from bot.core.draw import Draw
from bot.core.entities import Entity
from bot.core.models import Cohort

# A tie group is analysed by trying every order of it when it has at most this many candidates; larger
# groups (rare: many candidates with the same count) are judged from the provisional order only.
MAX_PERMUTED = 7
# The undecided places are found by trying every combination of orders of the unresolved deciding ties.
# Tied candidates tied to the same entities are interchangeable (the seating sees only entities), so only
# the distinct arrangements of such kinds are tried: eight tied people with no counted affiliation are one
# arrangement, not 40,320 orders. Beyond this many arrangements (about a second), every candidate from
# the first such tie down is taken to be undecided, a correct but loose bound.
MAX_ARRANGEMENTS = 40_000


class ResolutionError(ValueError):
    """A recorded tie resolution does not fit the counts (a usage error; the message says why)."""


class Decides(StrEnum):
    seat = "seat"  # who gets the last seat(s)
    cohort = "cohort"  # who lands on which side of a cohort boundary
    cap = "cap"  # which candidate of a capped entity is seated and which passed over


@dataclass(frozen=True, slots=True)
class Candidate:
    login: str
    name: str
    votes: int
    entities: tuple[Entity, ...] = ()

    @property
    def key(self) -> str:
        return self.login.casefold()


@dataclass(frozen=True, slots=True)
class Sitting:
    """A council member who keeps sitting through a partial election."""

    login: str
    name: str
    cohort: str
    entities: tuple[Entity, ...] = ()


@dataclass(frozen=True, slots=True)
class SeatRules:
    cohorts: tuple[Cohort, ...]
    cap: int
    sitting: tuple[Sitting, ...] = ()

    @property
    def seats(self) -> int:
        return sum(c.seats for c in self.cohorts)


@dataclass(frozen=True, slots=True)
class Blocker:
    """An entity that would go over the cap, and who holds its places (sitting members first)."""

    entity: Entity
    holders: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PassOver:
    login: str
    blockers: tuple[Blocker, ...]
    requalified: bool


@dataclass(frozen=True, slots=True)
class Seating:
    """The result for one total order of the candidates."""

    order: tuple[str, ...]  # logins, the order used
    elected: tuple[str, ...]  # logins in rank order
    cohort_of: Mapping[str, str]  # login -> cohort id, for the elected
    pass_overs: tuple[PassOver, ...]  # in rank order
    vacant: int

    def cohort(self, login: str) -> str | None:
        return self.cohort_of.get(login)

    def passed_over(self, login: str) -> PassOver | None:
        return next((p for p in self.pass_overs if p.login == login), None)


@dataclass(frozen=True, slots=True)
class Tie:
    votes: int | None  # the tied vote count; None for a tie inside a Bloc STAR round (see `stage`)
    members: tuple[str, ...]  # logins in the order used (the resolution's, else by login)
    decides: frozenset[Decides]
    resolved: bool
    stage: str = ""  # Bloc STAR: where the STAR protocol could not break it, e.g. "round 2, scoring round"
    # The members passed over under the cap in every order of the tie; None when not every order was
    # tried. While the tie is unresolved, only these are said to be passed over: who else would be depends
    # on the provisional order (the logins), which must not show in the public text.
    passed_always: frozenset[str] | None = None

    @property
    def deciding(self) -> bool:
        return bool(self.decides)

    @property
    def blocking(self) -> bool:
        """Deciding and not resolved: the result cannot be final until the admins resolve it."""
        return self.deciding and not self.resolved


@dataclass(frozen=True, slots=True)
class Result:
    ranked: tuple[Candidate, ...]  # the order used
    rank: Mapping[str, int]  # login -> competition rank by votes (1, 2, 2, 4, ...)
    rules: SeatRules
    seating: Seating  # under the order used
    ties: tuple[Tie, ...]
    possible: Mapping[str, frozenset[str | None]] = field(default_factory=dict)  # only the undecided

    @property
    def final(self) -> bool:
        return not any(t.blocking for t in self.ties)

    @property
    def undecided(self) -> frozenset[str]:
        return frozenset(self.possible)

    def tie_of(self, login: str) -> Tie | None:
        return next((t for t in self.ties if login in t.members), None)

    def pass_over(self, login: str) -> PassOver | None:
        """The candidate's pass-over as the results state it: certain (not undecided), and the same in
        every order of an unresolved tie they are in."""
        found = self.seating.passed_over(login)
        if found is None or login in self.undecided:
            return None
        tie = self.tie_of(login)
        if tie is not None and not tie.resolved and tie.passed_always is not None:
            return found if login in tie.passed_always else None
        return found

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
        return frozenset(login.casefold() for login in self.tied)


# --------------------------------------------------------------------------------------------------
# Seating one total order
# --------------------------------------------------------------------------------------------------


def seat(order: Sequence[Candidate], rules: SeatRules) -> Seating:
    """Seat the candidates of one total order under the cap; see the module docstring."""
    holders: dict[str, list[str]] = {}
    for member in rules.sitting:
        for entity in member.entities:
            holders.setdefault(entity.key, []).append(member.login)
    seats = rules.seats
    seated: list[Candidate] = []
    passed: list[tuple[Candidate, tuple[Blocker, ...]]] = []
    for candidate in order:
        if len(seated) >= seats:
            break
        blockers = tuple(
            Blocker(entity, tuple(holders.get(entity.key, ())))
            for entity in candidate.entities
            if len(holders.get(entity.key, ())) >= rules.cap
        )
        if blockers:
            passed.append((candidate, blockers))
            continue
        seated.append(candidate)
        for entity in candidate.entities:
            holders.setdefault(entity.key, []).append(candidate.login)
    requalified: set[str] = set()
    for candidate, _ in passed:
        if len(seated) + len(requalified) >= seats:
            break
        requalified.add(candidate.login)
    position = {c.login: i for i, c in enumerate(order)}
    elected = sorted([c.login for c in seated] + list(requalified), key=position.__getitem__)
    cohort_of: dict[str, str] = {}
    slots = [cohort.id for cohort in rules.cohorts for _ in range(cohort.seats)]
    for login, cohort_id in zip(elected, slots, strict=False):
        cohort_of[login] = cohort_id
    return Seating(
        order=tuple(c.login for c in order),
        elected=tuple(elected),
        cohort_of=cohort_of,
        pass_overs=tuple(PassOver(c.login, b, c.login in requalified) for c, b in passed),
        vacant=seats - len(elected),
    )


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
        index = by_key.get(frozenset(m.casefold() for m in members))
        if index is None:
            raise ResolutionError(_no_such_tie(groups, members))
        lookup = {c.key: c for c in groups[index]}
        if sorted(login.casefold() for login in order) != sorted(lookup):
            named = ", ".join(c.login for c in groups[index])
            raise ResolutionError(
                f"the resolution of the tie between {named} must order exactly those candidates"
            )
        out[index] = [lookup[login.casefold()] for login in order]
        resolved.add(index)
    return out, resolved


def _no_such_tie(groups: list[list[Candidate]], members: Iterable[str]) -> str:
    wanted = {m.casefold() for m in members}
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


def _outcome(seating: Seating, logins: Iterable[str]) -> tuple[str | None, ...]:
    return tuple(seating.cohort(login) for login in logins)


def _classify(seatings: Sequence[Seating], members: Sequence[str]) -> frozenset[Decides]:
    decides: set[Decides] = set()
    for login in members:
        values = {s.cohort(login) for s in seatings}
        if len(values) < 2:
            continue
        if None in values:
            passed = any(s.passed_over(login) is not None for s in seatings)
            decides.add(Decides.cap if passed else Decides.seat)
            if len(values - {None}) > 1:
                decides.add(Decides.cohort)
        else:
            decides.add(Decides.cohort)
    return frozenset(decides)


def _flatten(groups: Sequence[Sequence[Candidate]]) -> list[Candidate]:
    return [c for g in groups for c in g]


def decide(
    candidates: Sequence[Candidate],
    rules: SeatRules,
    resolutions: Mapping[frozenset[str], Sequence[str]] | None = None,
) -> Result:
    """Rank, seat, find the ties and whether each decides anything, and what is still undecided.

    `resolutions` maps the logins of a tie to their agreed or drawn order (first ranks highest); each
    must name exactly the candidates with one vote count, else `ResolutionError`.
    """
    keys = [c.key for c in candidates]
    if len(set(keys)) != len(keys):
        raise ValueError("a candidate appears twice")
    sitting = {m.login.casefold() for m in rules.sitting}
    if sitting & set(keys):
        raise ValueError("a sitting member is also a candidate")
    groups, resolved = _apply_resolutions(_groups(candidates), resolutions or {})
    ranked = _flatten(groups)
    seating = seat(ranked, rules)

    ties: list[Tie] = []
    tie_groups: list[int] = []
    for index, group in enumerate(groups):
        if len(group) < 2:
            continue
        members = [c.login for c in group]
        if len(group) <= MAX_PERMUTED:
            variants = []
            for perm in itertools.permutations(group):
                trial = [*groups[:index], list(perm), *groups[index + 1 :]]
                variants.append(seat(_flatten(trial), rules))
            decides = _classify(variants, members)
            always: frozenset[str] | None = _passed_always(variants, members)
        else:
            decides, always = _classify_large(seating, members), None
        ties.append(Tie(group[0].votes, tuple(members), decides, index in resolved, passed_always=always))
        tie_groups.append(index)

    blocking = [i for i, t in zip(tie_groups, ties, strict=True) if t.blocking]
    possible = _undecided(groups, blocking, rules) if blocking else {}
    return Result(
        ranked=tuple(ranked),
        rank=competition_ranks(candidates),
        rules=rules,
        seating=seating,
        ties=tuple(ties),
        possible=possible,
    )


def _passed_always(seatings: Sequence[Seating], members: Sequence[str]) -> frozenset[str]:
    return frozenset(m for m in members if all(s.passed_over(m) is not None for s in seatings))


def _classify_large(seating: Seating, members: Sequence[str]) -> frozenset[Decides]:
    """For a tie too large to try every order: if every member has the same outcome under the
    provisional order, no order changes anything (all out, or all elected into one cohort); otherwise
    we assume it decides."""
    values = {seating.cohort(m) for m in members}
    if len(values) < 2:
        return frozenset()
    decides: set[Decides] = set()
    if None in values:
        passed = any(seating.passed_over(m) is not None for m in members)
        decides.add(Decides.cap if passed else Decides.seat)
    if len(values - {None}) > 1:
        decides.add(Decides.cohort)
    return frozenset(decides)


def _undecided(
    groups: list[list[Candidate]], blocking: list[int], rules: SeatRules
) -> dict[str, frozenset[str | None]]:
    """Each candidate's possible outcomes over every order of the unresolved deciding ties; only those
    with more than one possible outcome are returned. Exact: interchangeable candidates (`_kind`) are
    tried as kinds, and what a kind's place gets, each candidate of that kind in that tie can get."""
    logins = [c.login for g in groups for c in g]
    kinds = {i: _kinds(groups[i]) for i in blocking}
    if math.prod(_arrangement_count(kinds[i]) for i in blocking) > MAX_ARRANGEMENTS:
        everything: frozenset[str | None] = frozenset([*(c.id for c in rules.cohorts), None])
        first = min(blocking)
        return {c.login: everything for g in groups[first:] for c in g}
    seen: dict[str, set[str | None]] = {login: set() for login in logins}
    fixed = [login for index, g in enumerate(groups) if index not in kinds for login in (c.login for c in g)]
    for combination in itertools.product(*(_arrangements(kinds[i]) for i in blocking)):
        trial = [list(g) for g in groups]
        for index, arrangement in zip(blocking, combination, strict=True):
            trial[index] = list(arrangement)
        result = seat(_flatten(trial), rules)
        for login in fixed:
            seen[login].add(result.cohort(login))
        for index, arrangement in zip(blocking, combination, strict=True):
            members = kinds[index]
            for candidate in arrangement:
                outcome = result.cohort(candidate.login)
                for same in members[_kind(candidate)]:
                    seen[same.login].add(outcome)
    return {login: frozenset(values) for login, values in seen.items() if len(values) > 1}


def _kind(candidate: Candidate) -> tuple[str, ...]:
    """What the seating sees of a candidate: the entities they count for (their votes are the tie's)."""
    return tuple(sorted(e.key for e in candidate.entities))


def _kinds(group: Sequence[Candidate]) -> dict[tuple[str, ...], list[Candidate]]:
    out: dict[tuple[str, ...], list[Candidate]] = {}
    for candidate in group:
        out.setdefault(_kind(candidate), []).append(candidate)
    return out


def _arrangement_count(kinds: Mapping[tuple[str, ...], Sequence[Candidate]]) -> int:
    sizes = [len(v) for v in kinds.values()]
    return math.factorial(sum(sizes)) // math.prod(math.factorial(n) for n in sizes)


def _arrangements(kinds: Mapping[tuple[str, ...], Sequence[Candidate]]) -> Iterator[list[Candidate]]:
    """Every distinct order of the kinds, each place filled by the next candidate of its kind."""
    names = sorted(kinds)
    left = [len(kinds[k]) for k in names]
    total = sum(left)
    places: list[int] = []

    def walk() -> Iterator[list[Candidate]]:
        if len(places) == total:
            used = [0] * len(names)
            order = []
            for kind in places:
                order.append(kinds[names[kind]][used[kind]])
                used[kind] += 1
            yield order
            return
        for kind, count in enumerate(left):
            if count:
                left[kind] -= 1
                places.append(kind)
                yield from walk()
                places.pop()
                left[kind] += 1

    return walk()


# --------------------------------------------------------------------------------------------------
# A method's own rank order (Bloc STAR)
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OrderedTie:
    """A tie inside the method's count (one the method's own protocol could not break)."""

    members: tuple[str, ...]  # logins, in the order used
    stage: str
    place: int  # the place in the order at stake (1-based)
    resolved: bool
    # The complete orders under every order of the tied candidates; None when they could not all be
    # tried (then the tie is taken to decide a seat, and every place from `place` on is undecided).
    variants: tuple[tuple[str, ...], ...] | None


def _classify_all(seatings: Sequence[Seating], logins: Sequence[str]) -> frozenset[Decides]:
    """What changes between the seatings, for anyone (a tie early in a count changes later rounds)."""
    return _classify(seatings, logins)


def decide_ordered(
    candidates: Sequence[Candidate],
    order: Sequence[str],
    rules: SeatRules,
    ties: Sequence[OrderedTie] = (),
) -> Result:
    """Seat the candidates in the method's order (logins, best first) under the cap; `ties` are those
    the method met, each with the orders it could have produced."""
    by_login = {c.login: c for c in candidates}
    if sorted(order) != sorted(by_login) or len(set(order)) != len(order):
        raise ValueError("the order must list every candidate exactly once")
    sitting = {m.login.casefold() for m in rules.sitting}
    if sitting & {c.key for c in candidates}:
        raise ValueError("a sitting member is also a candidate")
    ranked = [by_login[login] for login in order]
    seating = seat(ranked, rules)
    logins = list(order)
    out: list[Tie] = []
    blocking: list[OrderedTie] = []
    for tie in ties:
        always: frozenset[str] | None = None
        if tie.variants is None:
            decides = frozenset({Decides.seat})
        else:
            trials = [seat([by_login[login] for login in v], rules) for v in tie.variants]
            decides = _classify_all(trials, logins)
            always = _passed_always(trials, tie.members)
        made = Tie(None, tie.members, decides, tie.resolved, tie.stage, passed_always=always)
        out.append(made)
        if made.blocking:
            blocking.append(tie)
    possible: dict[str, frozenset[str | None]] = {}
    if len(blocking) == 1 and blocking[0].variants is not None:
        seen: dict[str, set[str | None]] = {login: set() for login in logins}
        for variant in blocking[0].variants:
            trial = seat([by_login[login] for login in variant], rules)
            for login in logins:
                seen[login].add(trial.cohort(login))
        possible = {login: frozenset(v) for login, v in seen.items() if len(v) > 1}
    elif blocking:
        first = min(t.place for t in blocking) - 1
        passed = [i for i, login in enumerate(logins) if seating.passed_over(login) is not None]
        start = min([first, *passed]) if passed else first
        everything: frozenset[str | None] = frozenset([*(c.id for c in rules.cohorts), None])
        possible = dict.fromkeys(logins[max(0, start) :], everything)
    return Result(
        ranked=tuple(ranked),
        rank={login: index for index, login in enumerate(order, 1)},
        rules=rules,
        seating=seating,
        ties=tuple(out),
        possible=possible,
    )
