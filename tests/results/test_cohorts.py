"""The seating algorithm of PEP 772: ranking, the employer cap, cohorts, ties (pure core, table-driven)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.config.entities import entity_key
from bot.config.models import Cohort
from bot.results.ranking import Candidate, Decides, ResolutionError, SeatRules, decide, seat
from tests.helpers.results import PARTIAL_B, WHOLE, cands, ent, rules


@dataclass(frozen=True)
class Case:
    id: str
    candidates: list[str]
    cohorts: dict[str, list[str]]  # expected cohort -> members in rank order
    passed: dict[str, bool] = field(default_factory=dict)  # login -> re-qualified?
    sitting: tuple[str, ...] = ()
    cohort_config: tuple[Cohort, ...] = WHOLE
    vacant: int = 0


CAP_CASES = [
    Case(
        "no entity shared",
        ["a:60:U", "b:50:V", "c:40:W", "d:30:X", "e:20:Y", "f:10:Z"],
        {"A": ["a", "b"], "B": ["c", "d", "e"]},
    ),
    Case(
        "one of an entity in the top places",
        ["a:60:X", "b:50", "c:40", "d:30", "e:20", "f:10"],
        {"A": ["a", "b"], "B": ["c", "d", "e"]},
    ),
    Case(
        "two of an entity in the top places: both seated",
        ["a:60", "b:50:X", "c:40", "d:30:X", "e:20", "f:10"],
        {"A": ["a", "b"], "B": ["c", "d", "e"]},
    ),
    Case(
        "three of an entity in the top places: the third is passed over, the next moves up",
        ["a:60:X", "b:50:X", "c:40:X", "d:30", "e:20", "f:10"],
        {"A": ["a", "b"], "B": ["d", "e", "f"]},
        passed={"c": False},
    ),
    Case(
        "four of an entity in the top places: two are passed over",
        ["a:60:X", "b:50", "c:40:X", "d:30:X", "e:20:X", "f:10", "g:5", "h:1"],
        {"A": ["a", "b"], "B": ["c", "f", "g"]},
        passed={"d": False, "e": False},
    ),
    Case(
        "a cascade: a candidate who moved up fills a second entity, which passes over another",
        ["a:70:X", "b:60:X+Y", "c:50:X", "d:40:Y", "e:30:Y", "f:20", "g:10"],
        {"A": ["a", "b"], "B": ["d", "f", "g"]},
        passed={"c": False, "e": False},
    ),
    Case(
        "a full council is impossible: the passed-over re-qualify in rank order of their votes",
        ["a:60:X", "b:50:X", "c:40:X", "d:30:X", "e:20:Y", "f:10"],
        {"A": ["a", "b"], "B": ["c", "e", "f"]},
        passed={"c": True, "d": False},
    ),
    Case(
        "all re-qualify when there are just enough candidates",
        ["a:60:X", "b:50:X", "c:40:X", "d:30:X", "e:20:X"],
        {"A": ["a", "b"], "B": ["c", "d", "e"]},
        passed={"c": True, "d": True, "e": True},
    ),
    Case(
        "fewer candidates than seats: the rest stay vacant",
        ["a:60:X", "b:50", "c:40"],
        {"A": ["a", "b"], "B": ["c"]},
        vacant=2,
    ),
    Case(
        "a candidate with two counted entities counts toward both",
        ["a:60:X", "b:50:Y", "c:40:X+Y", "d:30:X", "e:20:Y", "f:10", "g:5"],
        {"A": ["a", "b"], "B": ["c", "f", "g"]},
        passed={"d": False, "e": False},
    ),
    Case(
        "partial election: a sitting member's entity already has one seat",
        ["a:60:X", "b:50:X", "c:40", "d:30", "e:20"],
        {"B": ["a", "c", "d"]},
        passed={"b": False},
        sitting=("s1:X", "s2:Y"),
        cohort_config=PARTIAL_B,
    ),
    Case(
        "partial election: an entity with two sitting members passes over every candidate of it",
        ["a:60:X", "b:50:Y", "c:40", "d:30:X", "e:20"],
        {"B": ["b", "c", "e"]},
        passed={"a": False, "d": False},
        sitting=("s1:X", "s2:X"),
        cohort_config=PARTIAL_B,
    ),
]


@pytest.mark.parametrize("case", CAP_CASES, ids=lambda c: c.id)
def test_cap_and_cohorts(case: Case) -> None:
    result = decide(cands(*case.candidates), rules(case.cohort_config, sitting=case.sitting))
    seating = result.seating
    got = {c.id: [m for m in seating.elected if seating.cohort(m) == c.id] for c in case.cohort_config}
    assert got == case.cohorts
    assert {p.login: p.requalified for p in seating.pass_overs} == case.passed
    assert seating.vacant == case.vacant
    assert result.final


def test_pass_over_names_the_entity_and_who_holds_it() -> None:
    result = decide(
        cands("a:60:Example Inc.", "b:50:example", "c:40:EXAMPLE, Inc", "d:1", "e:1", "f:1"), rules()
    )
    (passed,) = result.seating.pass_overs
    assert passed.login == "c"
    (blocker,) = passed.blockers
    assert blocker.entity.key == entity_key("Example")
    assert blocker.holders == ("a", "b")


def test_sitting_members_are_named_as_holders() -> None:
    result = decide(cands("a:60:X", "b:50:X", "c:1", "d:1"), rules(PARTIAL_B, sitting=("s1:X",)))
    (passed,) = result.seating.pass_overs
    assert passed.blockers[0].holders == ("s1", "a")


def test_cap_of_one_can_pass_over_the_runner_up() -> None:
    result = decide(cands("a:60:X", "b:50:X", "c:40", "d:30", "e:20", "f:10"), rules(cap=1))
    assert [m for m in result.seating.elected if result.seating.cohort(m) == "A"] == ["a", "c"]


# --------------------------------------------------------------------------------------------------
# Ties
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TieCase:
    id: str
    candidates: list[str]
    decides: list[set[Decides]]  # per tie group, in rank order
    possible: dict[str, set[str | None]] = field(default_factory=dict)  # the undecided


TIE_CASES = [
    TieCase(
        "tie at the cohort boundary",
        ["a:60", "b:50", "c:50", "d:30", "e:20", "f:10"],
        [{Decides.cohort}],
        {"b": {"A", "B"}, "c": {"A", "B"}},
    ),
    TieCase(
        "three-way tie across the cohort boundary",
        ["a:60", "b:50", "c:50", "d:50", "e:20", "f:10"],
        [{Decides.cohort}],
        {"b": {"A", "B"}, "c": {"A", "B"}, "d": {"A", "B"}},
    ),
    TieCase(
        "tie at the last seat",
        ["a:60", "b:50", "c:40", "d:30", "e:20", "f:20", "g:10"],
        [{Decides.seat}],
        {"e": {"B", None}, "f": {"B", None}},
    ),
    TieCase(
        "tie between two candidates of a capped entity for its last place",
        ["a:60:X", "b:50", "c:40:X", "d:40:X", "e:20", "f:10"],
        [{Decides.cap}],
        {"c": {"B", None}, "d": {"B", None}},
    ),
    TieCase(
        "tie of two elected into the same cohort decides nothing",
        ["a:60", "b:50", "c:40", "d:40", "e:20", "f:10"],
        [set()],
    ),
    TieCase(
        "tie at the top, both in cohort A, decides nothing",
        ["a:60", "b:60", "c:40", "d:30", "e:20"],
        [set()],
    ),
    TieCase(
        "tie of two who are both out decides nothing",
        ["a:60", "b:50", "c:40", "d:30", "e:20", "f:10", "g:10"],
        [set()],
    ),
    TieCase(
        "tie of a capped and an uncapped candidate for one seat decides nothing when the capped one is out anyway",
        ["a:60:X", "b:50:X", "c:40", "d:30", "e:20:X", "f:20"],
        [set()],
    ),
    TieCase(
        "two deciding ties at once",
        ["a:60", "b:50", "c:50", "d:40", "e:30", "f:30", "g:5"],
        [{Decides.cohort}, {Decides.seat}],
        {"b": {"A", "B"}, "c": {"A", "B"}, "e": {"B", None}, "f": {"B", None}},
    ),
]


@pytest.mark.parametrize("case", TIE_CASES, ids=lambda c: c.id)
def test_ties(case: TieCase) -> None:
    result = decide(cands(*case.candidates), rules())
    assert [set(t.decides) for t in result.ties] == case.decides
    assert {k: set(v) for k, v in result.possible.items()} == case.possible
    assert result.final == (not any(case.decides))


def test_resolved_cohort_tie_is_final_and_follows_the_order() -> None:
    candidates = cands("a:60", "b:50", "c:50", "d:30", "e:20", "f:10")
    result = decide(candidates, rules(), {frozenset({"b", "c"}): ["c", "b"]})
    assert result.final
    assert result.seating.cohort("c") == "A"
    assert result.seating.cohort("b") == "B"
    (tie,) = result.ties
    assert tie.resolved and tie.decides == {Decides.cohort} and tie.members == ("c", "b")


def test_resolved_cap_tie_passes_over_the_second() -> None:
    candidates = cands("a:60:X", "b:50", "c:40:X", "d:40:X", "e:20", "f:10")
    result = decide(candidates, rules(), {frozenset({"c", "d"}): ["d", "c"]})
    assert result.final
    assert result.seating.cohort("d") == "B"
    assert [p.login for p in result.seating.pass_overs] == ["c"]


def test_resolution_logins_are_case_insensitive() -> None:
    result = decide(
        cands("a:60", "Bob:50", "c:50", "d:30", "e:20"), rules(), {frozenset({"BOB", "C"}): ["C", "bob"]}
    )
    assert result.final
    assert result.seating.cohort("c") == "A"


def test_an_unresolved_tie_only_makes_its_places_undecided() -> None:
    result = decide(cands("a:60", "b:50", "c:40", "d:30", "e:20", "f:20", "g:10"), rules())
    assert not result.final
    assert result.undecided == {"e", "f"}
    assert result.seating.cohort("a") == "A"


@pytest.mark.parametrize(
    ("resolution", "message"),
    [
        ({frozenset({"a", "b"}): ["a", "b"]}, "does not match a tie"),
        ({frozenset({"b", "c"}): ["b", "c"]}, "the candidates with 50 votes are b, c, d"),
        ({frozenset({"b", "c", "d"}): ["b", "c"]}, "must order exactly those candidates"),
        ({frozenset({"x", "y"}): ["x", "y"]}, "does not match a tie"),
    ],
)
def test_a_resolution_must_match_a_tie(resolution: dict[frozenset[str], list[str]], message: str) -> None:
    with pytest.raises(ResolutionError, match=message):
        decide(cands("a:60", "b:50", "c:50", "d:50", "e:20"), rules(), resolution)


def test_a_large_tie_below_the_council_decides_nothing() -> None:
    many = [f"z{i}:1" for i in range(10)]
    result = decide(cands("a:60", "b:50", "c:40", "d:30", "e:20", *many), rules())
    assert result.final
    assert result.ties[0].decides == frozenset()


def test_a_large_tie_across_the_last_seat_is_deciding() -> None:
    many = [f"z{i}:1" for i in range(10)]
    result = decide(cands("a:60", "b:50", "c:40", "d:30", *many), rules())
    assert not result.final
    assert result.ties[0].decides == {Decides.seat}
    assert result.undecided == {f"z{i}" for i in range(10)}


# --------------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------------

ENTITIES = ["X", "Y", "Z"]


@st.composite
def fields(draw: st.DrawFn, distinct: bool = False) -> list[Candidate]:
    n = draw(st.integers(min_value=0, max_value=12))
    votes = (
        draw(st.lists(st.integers(0, 1000), min_size=n, max_size=n, unique=True))
        if distinct
        else draw(st.lists(st.integers(0, 8), min_size=n, max_size=n))
    )
    out = []
    for i, v in enumerate(votes):
        names = draw(st.lists(st.sampled_from(ENTITIES), max_size=2, unique=True))
        out.append(Candidate(login=f"c{i}", name=f"C{i}", votes=v, entities=tuple(ent(e) for e in names)))
    return out


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(fields(), st.integers(min_value=2, max_value=4))
def test_cohort_a_is_always_the_top_two_of_a_whole_council_election(
    candidates: list[Candidate], cap: int
) -> None:
    result = decide(candidates, rules(cap=cap))
    top_two = [c.login for c in result.ranked[:2]]
    assert [m for m in result.seating.elected if result.seating.cohort(m) == "A"] == top_two


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(fields(), st.integers(min_value=1, max_value=3), st.lists(st.sampled_from(ENTITIES), max_size=2))
def test_the_council_respects_the_cap_unless_someone_had_to_requalify(
    candidates: list[Candidate], cap: int, sitting_entities: list[str]
) -> None:
    sitting = ("s:" + "+".join(sitting_entities),) if sitting_entities else ()
    config = rules(PARTIAL_B, cap=cap, sitting=sitting)
    seating = seat(sorted(candidates, key=lambda c: -c.votes), config)
    assert len(seating.elected) == min(config.seats, len(candidates))
    if not any(p.requalified for p in seating.pass_overs):
        counts: Counter[str] = Counter(e.key for m in config.sitting for e in m.entities)
        by_login = {c.login: c for c in candidates}
        counts.update(e.key for login in seating.elected for e in by_login[login].entities)
        assert all(n <= max(cap, counts_sitting(config, key)) for key, n in counts.items())


def counts_sitting(config: SeatRules, key: str) -> int:
    return sum(1 for m in config.sitting for e in m.entities if e.key == key)


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(fields())
def test_resolving_every_deciding_tie_makes_the_result_final(candidates: list[Candidate]) -> None:
    result = decide(candidates, rules())
    resolutions = {frozenset(t.members): list(reversed(t.members)) for t in result.ties}
    again = decide(candidates, rules(), resolutions)
    assert again.final
    assert all(t.resolved for t in again.ties)


def test_an_undeciding_tie_never_shows_the_provisional_order() -> None:
    """b and c tie with 50; two seats, cap 1 on X. In the order b, c, b is passed over (X is a's) and c
    takes the second seat; in the order c, b, c takes it and b is never reached. The tie decides nothing
    (c is elected, b is not, either way), so b is "not elected", not "passed over": renaming b to z, which
    changes the provisional order by login, changes nothing anyone reads."""
    seats = (Cohort(id="A", seats=2, term_years=2),)
    for late in ("b", "z"):
        result = decide(cands("a:90:X", f"{late}:50:X", "c:50"), rules(seats, cap=1))
        [tie] = result.ties
        assert not tie.deciding and result.always_passed & set(tie.members) == set()
        assert result.seating.cohort("c") == "A" and result.seating.cohort(late) is None
        assert result.pass_over(late) is None and result.pass_overs == ()


def test_a_pass_over_in_every_order_of_an_undeciding_tie_is_said() -> None:
    seats = (Cohort(id="A", seats=2, term_years=2),)
    result = decide(cands("a:90:X", "b:50:X", "c:50:X", "d:10"), rules(seats, cap=1))
    [tie] = result.ties
    assert not tie.deciding and result.always_passed == frozenset({"b", "c"})
    assert {p.login for p in result.pass_overs} == {"b", "c"}


def _brute_force(candidates: list[Candidate], rules_: SeatRules) -> dict[str, frozenset[str | None]]:
    """Every order of every tie, one by one: what `decide` must report as undecided."""
    import itertools

    ordered = sorted(candidates, key=lambda c: -c.votes)
    groups = [list(g) for _, g in itertools.groupby(ordered, key=lambda c: c.votes)]
    seen: dict[str, set[str | None]] = {c.login: set() for c in candidates}
    for combination in itertools.product(*(itertools.permutations(g) for g in groups)):
        result = seat([c for group in combination for c in group], rules_)
        for login in seen:
            seen[login].add(result.cohort(login))
    return {login: frozenset(v) for login, v in seen.items() if len(v) > 1}


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(
    kinds=st.lists(st.sampled_from(["", ":X", ":Y", ":X+Y"]), min_size=2, max_size=6),
    above=st.lists(st.sampled_from(["", ":X", ":Y"]), max_size=3),
    seats=st.integers(min_value=1, max_value=5),
    cap=st.integers(min_value=1, max_value=2),
)
def test_trying_kinds_instead_of_orders_is_exact(
    kinds: list[str], above: list[str], seats: int, cap: int
) -> None:
    """Interchangeable tied candidates (the same entities) are tried once per arrangement of kinds; the
    possible outcomes are exactly those of trying every order."""
    specs = [f"u{i}:{90 - i}{k}" for i, k in enumerate(above)] + [f"t{i}:50{k}" for i, k in enumerate(kinds)]
    cohorts = [Cohort(id="A", seats=(seats + 1) // 2, term_years=2)]
    if seats > 1:
        cohorts.append(Cohort(id="B", seats=seats // 2, term_years=1))
    the_rules = rules(tuple(cohorts), cap=cap)
    candidates = cands(*specs)
    result = decide(candidates, the_rules)
    assert dict(result.possible) == _brute_force(candidates, the_rules)
    assert result.final == (not result.possible)


@pytest.mark.slow
def test_a_tie_of_twelve_with_three_kinds_is_answered_exactly() -> None:
    """12! = 479,001,600 orders, but 12!/(4!·4!·4!) = 34,650 arrangements of three kinds, and fewer still
    are tried: an arrangement is followed only until the last seat is taken. An exact answer, where a
    bound would say every one of them might be in cohort A."""
    from bot.results.ranking import _groups, _kinds, arrangement_count

    specs = ["a:90:X", "b:80:Y"] + [f"t{i}:50{k}" for i, k in enumerate([":X", ":Y", ""] * 4)]
    seats = (Cohort(id="A", seats=2, term_years=2), Cohort(id="B", seats=3, term_years=1))
    groups = _groups(cands(*specs))
    [tie] = [g for g in groups if len(g) > 1]
    assert arrangement_count(_kinds(tie)) == 34_650
    result = decide(cands(*specs), rules(seats, cap=1))
    possible = result.possible
    assert result.exact and not result.final
    assert result.runs < 34_650
    assert all("A" not in outcomes for outcomes in possible.values())  # a and b hold cohort A
    assert possible["t2"] == {"B", None}  # no entity: any of the three places in cohort B, or none
    assert "t0" not in possible  # X is a's under the cap 1: never seated
