"""Final exactly when one council is possible: the finality check against brute force.

The brute force here is written again, independently of `bot.results.seating` and `bot.results.finality`, from
PEP 772's own words (Conflicts of interest): "if more than two of the top five vote-getters work for the
same employer, then only the top two such vote-getters are elected and the others are disqualified, with
the remaining vote-getters elevated in the vote rank. This process is repeated until a valid Packaging
Council is formed. If after this process a full Council cannot be formed, disqualified vote-getters are
re-qualified in the rank order of their vote tally until a full Council can be formed." — read, as
docs/explanation/results.md says, one disqualification at a time, the highest offender first; with sitting
members counted ("no more than two members of the entire Packaging Council"); and the cohorts by rank ("the
two candidates receiving the highest number of votes shall be designated Cohort A").

For every generated election, every order of every unresolved tie is tried (all permutations, no kinds,
no pruning), and the reported result must match: final exactly when one council comes out; then that
council and its cohorts; otherwise exactly the possible outcomes of every candidate (hence the sure seats).
"""

from __future__ import annotations

import itertools
import random
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pytest
import starvote

from bot.config.models import Cohort
from bot.results.ballots.blocstar import count as star_count
from bot.results.ranking import Candidate, SeatRules, Sitting, decide, decide_ordered
from tests.helpers.results import cands, ent, rules

Council = frozenset[tuple[str, str]]  # (login, cohort)


# --------------------------------------------------------------------------------------------------
# PEP 772, read again for the test
# --------------------------------------------------------------------------------------------------


def pep772(order: Sequence[Candidate], config: SeatRules) -> Council:
    seats = sum(c.seats for c in config.cohorts)
    qualified = list(order)
    disqualified: list[Candidate] = []
    while True:
        held: Counter[str] = Counter(e.key for m in config.sitting for e in m.entities)
        offender = None
        for candidate in qualified[:seats]:
            if any(held[e.key] + 1 > config.cap for e in candidate.entities):
                offender = candidate
                break
            held.update(e.key for e in candidate.entities)
        if offender is None:
            break
        qualified.remove(offender)
        disqualified.append(offender)
    council = qualified[:seats]
    for candidate in sorted(disqualified, key=list(order).index):
        if len(council) >= seats:
            break
        council.append(candidate)
    council.sort(key=list(order).index)
    labels = [c.id for c in config.cohorts for _ in range(c.seats)]
    return frozenset((c.login, label) for c, label in zip(council, labels, strict=False))


def every_order(
    candidates: Sequence[Candidate], resolutions: Mapping[frozenset[str], Sequence[str]]
) -> Iterator[list[Candidate]]:
    ranked = sorted(candidates, key=lambda c: -c.votes)
    groups = [list(g) for _, g in itertools.groupby(ranked, key=lambda c: c.votes)]
    choices: list[list[tuple[Candidate, ...]]] = []
    for group in groups:
        key = frozenset(c.login for c in group)
        if key in resolutions:
            by = {c.login: c for c in group}
            choices.append([tuple(by[login] for login in resolutions[key])])
        else:
            choices.append(list(itertools.permutations(group)))
    for combination in itertools.product(*choices):
        yield [c for part in combination for c in part]


def tie_effects(
    candidates: Sequence[Candidate],
    resolutions: Mapping[frozenset[str], Sequence[str]],
    config: SeatRules,
) -> dict[frozenset[str], frozenset[str]]:
    """For each unresolved tie: everyone whose outcome some order of it changes, every other tie held
    in one of its orders."""
    ranked = sorted(candidates, key=lambda c: -c.votes)
    groups = [list(g) for _, g in itertools.groupby(ranked, key=lambda c: c.votes)]
    orders: list[list[tuple[Candidate, ...]]] = []
    for group in groups:
        key = frozenset(c.login for c in group)
        if key in resolutions:
            by = {c.login: c for c in group}
            orders.append([tuple(by[login] for login in resolutions[key])])
        else:
            orders.append(list(itertools.permutations(group)))
    out: dict[frozenset[str], frozenset[str]] = {}
    for index, group in enumerate(groups):
        key = frozenset(c.login for c in group)
        if len(group) < 2 or key in resolutions:
            continue
        changed: set[str] = set()
        others = [o if i != index else [()] for i, o in enumerate(orders)]
        for context in itertools.product(*others):
            seen: dict[str, set[str | None]] = {c.login: set() for c in candidates}
            for mine in orders[index]:
                parts = [mine if i == index else part for i, part in enumerate(context)]
                cohort = dict(pep772([c for part in parts for c in part], config))
                for login in seen:
                    seen[login].add(cohort.get(login))
            changed |= {login for login, v in seen.items() if len(v) > 1}
        out[key] = frozenset(changed)
    return out


def outcomes(councils: set[Council], logins: Sequence[str]) -> dict[str, frozenset[str | None]]:
    seen: dict[str, set[str | None]] = {login: set() for login in logins}
    for council in councils:
        cohort = dict(council)
        for login in logins:
            seen[login].add(cohort.get(login))
    return {login: frozenset(v) for login, v in seen.items()}


def check(result: Any, councils: set[Council], logins: Sequence[str]) -> None:
    assert result.final == (len(councils) == 1)
    possible = outcomes(councils, logins)
    assert dict(result.possible) == {k: v for k, v in possible.items() if len(v) > 1}
    if result.final:
        [council] = councils
        assert frozenset(result.seating.cohort_of.items()) == council
    assert result.sure == frozenset(login for login, v in possible.items() if None not in v)
    # Not final exactly when some unresolved tie is reported as deciding.
    assert result.final == (not any(t.blocking for t in result.ties))
    undecided_by_ties = frozenset().union(*(t.affects for t in result.ties if t.blocking))
    assert result.undecided <= undecided_by_ties


# --------------------------------------------------------------------------------------------------
# Generated elections
# --------------------------------------------------------------------------------------------------

ENTITY_NAMES = ["Xcorp", "Yorg", "Zinc"]


@dataclass(frozen=True)
class Election:
    candidates: list[Candidate]
    config: SeatRules
    resolutions: dict[frozenset[str], list[str]]


def generate(rng: random.Random, least: int = 5, most: int = 8) -> Election:
    """Few distinct vote values (so, ties), every candidate tied to one or two of two or three entities
    (so, the cap), one cohort, two, or a partial election beside sitting members."""
    entities = ENTITY_NAMES[: rng.choice([2, 3])]
    size = rng.randint(least, most)
    values = rng.sample(range(1, 10), rng.choice([2, 3, 3, 4]))

    def affiliations() -> tuple[Any, ...]:
        return tuple(ent(name) for name in rng.sample(entities, rng.choice([1, 1, 2])))

    candidates = [Candidate(f"c{i}", f"C{i}", rng.choice(values), affiliations()) for i in range(size)]
    shape = rng.choice(["one", "two", "partial"])
    sitting: tuple[Sitting, ...] = ()
    if shape == "one":
        cohorts: tuple[Cohort, ...] = (Cohort(id="A", seats=rng.randint(2, 5), term_years=2),)
    elif shape == "two":
        cohorts = (
            Cohort(id="A", seats=rng.randint(1, 2), term_years=2),
            Cohort(id="B", seats=rng.randint(1, 3), term_years=1),
        )
    else:
        cohorts = (Cohort(id="B", seats=rng.randint(2, 4), term_years=2),)
        sitting = tuple(Sitting(f"s{i}", f"S{i}", "A", affiliations()) for i in range(rng.randint(1, 2)))
    config = SeatRules(cohorts=cohorts, cap=rng.choice([1, 2, 2]), sitting=sitting)
    resolutions: dict[frozenset[str], list[str]] = {}
    ranked = sorted(candidates, key=lambda c: -c.votes)
    for _, group in itertools.groupby(ranked, key=lambda c: c.votes):
        members = [c.login for c in group]
        if len(members) > 1 and rng.random() < 0.3:
            rng.shuffle(members)
            resolutions[frozenset(members)] = members
    return Election(candidates, config, resolutions)


def orders_to_try(election: Election) -> int:
    ranked = sorted(election.candidates, key=lambda c: -c.votes)
    total = 1
    for _, group in itertools.groupby(ranked, key=lambda c: c.votes):
        members = frozenset(c.login for c in group)
        if members not in election.resolutions:
            total *= len(list(itertools.permutations(members)))
    return total


def elections(seed: int, wanted: int) -> Iterator[Election]:
    rng = random.Random(seed)
    made = 0
    while made < wanted:
        election = generate(rng)
        if orders_to_try(election) <= 5040:
            made += 1
            yield election


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(8))
def test_approval_final_exactly_when_one_council_is_possible(seed: int) -> None:
    """3,200 generated elections (400 per seed) with caps, sitting members, cohorts and ties."""
    for election in elections(seed, 400):
        councils = {
            pep772(order, election.config) for order in every_order(election.candidates, election.resolutions)
        }
        result = decide(election.candidates, election.config, election.resolutions)
        check(result, councils, [c.login for c in election.candidates])
        effects = tie_effects(election.candidates, election.resolutions, election.config)
        for tie in result.ties:
            if tie.resolved:
                continue
            if result.ties_exact:
                assert tie.affects == effects[frozenset(tie.members)], tie
            else:
                assert tie.affects >= effects[frozenset(tie.members)], tie
            assert tie.deciding == bool(tie.affects)


def test_the_council_never_depends_on_the_order_of_logins() -> None:
    """Issue 25's example: 4 seats, cap 2. ana and cyd (9 votes; Xcorp employer, Yorg director), a third
    candidate (9; Xcorp), dov (8; Xcorp), eli (5; Yorg). The three at 9 are elected in every order, but
    their order decides, through the cap and re-qualification, whether eli or dov takes the fourth seat:
    not final, whatever the third candidate is called, and the tie says whom it decides."""
    seats = (Cohort(id="A", seats=4, term_years=2),)
    reported = []
    for third in ("bea", "zoe"):
        candidates = cands(
            "ana:9:Xcorp+Yorg", "cyd:9:Xcorp+Yorg", f"{third}:9:Xcorp", "dov:8:Xcorp", "eli:5:Yorg"
        )
        result = decide(candidates, rules(seats, cap=2))
        councils = {pep772(order, rules(seats, cap=2)) for order in every_order(candidates, {})}
        assert len(councils) == 2
        check(result, councils, [c.login for c in candidates])
        [tie] = result.ties
        assert tie.blocking and tie.others == ("dov", "eli")
        reported.append((result.final, sorted(result.sure - {third}), dict(result.possible)))
    assert (
        reported[0]
        == reported[1]
        == (
            False,
            ["ana", "cyd"],
            {"dov": frozenset({"A", None}), "eli": frozenset({"A", None})},
        )
    )


# --------------------------------------------------------------------------------------------------
# Bloc STAR: the same question, the count re-run for every order of every tie it cannot break
# --------------------------------------------------------------------------------------------------


class _Scripted(starvote.Tiebreaker):  # type: ignore[misc]
    """Orders each tie by the given total order of its candidates; notes the first tie it has none for."""

    def __init__(self, orders: Mapping[frozenset[str], Sequence[str]]) -> None:
        self.orders = orders
        self.missing: tuple[str, ...] | None = None

    def initialize(self, options: Any, ballots: Any) -> None:
        return None

    def __call__(self, options: Any, tie: Any, desired: Any, exception: Any) -> list[str]:
        members = sorted(str(c) for c in tie)
        order = self.orders.get(frozenset(members))
        if order is None:
            if self.missing is None:
                self.missing = tuple(members)
            order = members
        return list(order)[: int(desired)]


def star_orders(ballots: list[dict[str, int]], logins: list[str]) -> Iterator[list[str]]:
    """Every complete Bloc STAR order, over every total order of every tie the protocol cannot break."""

    def walk(orders: dict[frozenset[str], Sequence[str]]) -> Iterator[list[str]]:
        breaker = _Scripted(orders)
        winners = starvote.bloc_star_voting(
            ballots, maximum_score=2, seats=len(logins) - 1, tiebreaker=breaker
        )
        if breaker.missing is None:
            order = [str(w) for w in winners]
            yield order + [login for login in logins if login not in order]
            return
        for permutation in itertools.permutations(breaker.missing):
            yield from walk({**orders, frozenset(breaker.missing): permutation})

    yield from walk({})


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(4))
def test_bloc_star_final_exactly_when_one_council_is_possible(seed: int) -> None:
    """200 small Bloc STAR elections (scores 0–2, a few ballots: many ties the protocol cannot break)."""
    rng = random.Random(1000 + seed)
    for _ in range(50):
        election = generate(rng, least=3, most=5)
        logins = [c.login for c in election.candidates]
        ballots = [{login: rng.randint(0, 2) for login in logins} for _ in range(rng.randint(1, 4))]
        by_login = {c.login: c for c in election.candidates}
        councils = {
            pep772([by_login[login] for login in order], election.config)
            for order in star_orders(ballots, logins)
        }
        result = decide_ordered(election.candidates, star_count(ballots, logins, 2, {}), election.config)
        check(result, councils, logins)
