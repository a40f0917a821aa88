"""Bloc STAR with starvote, hand-worked: the seating order run to completion, a tie its protocol breaks,
one it cannot (handed to the admins' resolution, never to chance), and the cap cascade and cohorts in
Bloc STAR's order where that differs from the totals' order."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest

from bot.config.models import Cohort
from bot.results.ballots.blocstar import count, tabulate
from bot.results.ranking import decide_ordered, fixed_order
from tests.helpers.results import cand, rules


def b(**scores: int) -> dict[str, int]:
    return dict(scores)


# Totals a 12, b 11, d 10, e 8, c 7 — but Bloc STAR seats a, b, e, d, c:
#   round 1: a and b have the top totals; runoff a-b is 1-1 (v3 scores both 5): the STAR runoff
#            tiebreaker (higher total) gives a;
#   round 2 (b, c, d, e): b 11 and d 10 go to the runoff; b is preferred on v1 and v3: b;
#   round 3 (c, d, e): d 10 and e 8; e is preferred on v1 (3 > 1) and v3 (5 > 4): e, although d scores more;
#   round 4 (c, d): d 10 and c 7; d is preferred on v2 and v3: d; c is last.
STAR_DIFFERS = [
    b(a=5, b=2, c=5, d=1, e=3),
    b(a=2, b=4, c=2, d=5, e=0),
    b(a=5, b=5, c=0, d=4, e=5),
]

# Three candidates; totals a 10, b 8, c 8. The tie b-c for the runoff's second place: head to head 1-1
# (v1 b, v2 c, v3 equal), and neither has a single 5 (v1 and v2 give theirs to a): the STAR protocol
# cannot break it. In round 2 (b, c) the runoff is 1-1 again, with equal totals and no 5s: again.
UNBREAKABLE = [b(a=5, b=3, c=2), b(a=5, b=2, c=3), b(a=0, b=3, c=3)]


@pytest.mark.parametrize(
    ("ballots", "order"),
    [
        # One ballot: a single STAR round per place, by totals (the runoff agrees with the totals).
        ([b(a=5, b=3, c=1, d=0)], ("a", "b", "c", "d")),
        # Runoff beats totals: a has 5 from one voter, b 1 from two: b is preferred by more ballots.
        ([b(a=5, b=0, c=0), b(a=0, b=1, c=0), b(a=0, b=1, c=0)], ("b", "a", "c")),
        (STAR_DIFFERS, ("a", "b", "e", "d", "c")),
        # Two candidates: one STAR election; the runoff 2-1 for y although x scores 6 to 5.
        ([b(x=5, y=4), b(x=0, y=1), b(x=1, y=0)], ("x", "y")),
    ],
)
def test_bloc_star_order_by_hand(ballots: list[dict[str, int]], order: tuple[str, ...]) -> None:
    run = tabulate(ballots, sorted(ballots[0]), 5)
    assert run.order == order
    assert run.ties == ()  # nothing was left to the project's resolution


def test_a_tie_the_star_protocol_breaks_is_not_handed_on() -> None:
    # Round 1's runoff a-b is 1-1: broken by the protocol's first runoff tiebreaker (a's higher total).
    run = tabulate(STAR_DIFFERS, ["a", "b", "c", "d", "e"], 5)
    assert run.order[0] == "a" and run.ties == ()


def test_a_tie_the_protocol_cannot_break_is_handed_to_the_admins_order() -> None:
    run = tabulate(UNBREAKABLE, ["a", "b", "c"], 5)
    assert [(t.candidates, t.desired, t.place, t.stage, t.resolved) for t in run.ties] == [
        (("b", "c"), 1, 1, "round 1, scoring round", False),
        (("b", "c"), 1, 2, "round 2, automatic runoff", False),
    ]
    assert run.order == ("a", "b", "c")  # provisional: by login, and reported as unresolved
    resolved = tabulate(UNBREAKABLE, ["a", "b", "c"], 5, {frozenset({"b", "c"}): ["c", "b"]})
    assert resolved.order == ("a", "c", "b")
    assert all(t.resolved for t in resolved.ties) and resolved.unresolved == ()


def test_starvote_never_draws_at_random(monkeypatch: pytest.MonkeyPatch) -> None:
    import random

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("a random number generator was used")

    monkeypatch.setattr(random, "sample", refuse)
    monkeypatch.setattr(random, "shuffle", refuse)
    monkeypatch.setattr(random.Random, "shuffle", refuse)
    assert tabulate(UNBREAKABLE, ["a", "b", "c"], 5).order == ("a", "b", "c")


def test_the_count_tries_every_way_an_unresolved_tie_can_go() -> None:
    """The tie b-c met in round 1 is a choice of who goes on; met again in round 2 it follows the same
    order (each run is one order of the tied candidates), so there are two runs, not four."""
    the_count = count(UNBREAKABLE, ["a", "b", "c"], 5, {})(frozenset())
    first = the_count(())
    assert first.order == ("a", "b", "c")
    [choice] = first.choices
    assert choice.place == 1 and choice.ahead == (frozenset({"b"}), frozenset({"c"}))
    second = the_count((1,))
    assert second.order == ("a", "c", "b") and len(second.choices) == 1


# -- the cap cascade and cohorts follow Bloc STAR's order ---------------------------------------------


def _orders(order: Sequence[str], votes: Mapping[str, int]) -> tuple[list[str], list[str]]:
    return list(order), sorted(votes, key=lambda login: -votes[login])


def test_cap_cascade_and_cohorts_in_bloc_star_order_differ_from_totals_order() -> None:
    # X employs a, d and e; cap 2; 4 seats: cohort A 2, cohort B 2.
    totals = {"a": 12, "b": 11, "c": 7, "d": 10, "e": 8}
    candidates = [cand(f"{login}:{votes}{':X' if login in 'ade' else ''}") for login, votes in totals.items()]
    seat_rules = rules(cohorts=(Cohort(id="A", seats=2, term_years=2), Cohort(id="B", seats=2, term_years=1)))
    star_order = tabulate(STAR_DIFFERS, sorted(totals), 5).order
    by_star = decide_ordered(candidates, fixed_order(star_order), seat_rules)
    by_totals = decide_ordered(candidates, fixed_order(sorted(totals, key=lambda x: -totals[x])), seat_rules)
    # Totals order a, b, d, e, c: d takes X's second place, e is passed over.
    assert by_totals.seating.elected == ("a", "b", "d", "c")
    assert [p.login for p in by_totals.seating.pass_overs] == ["e"]
    # Bloc STAR order a, b, e, d, c: e takes X's second place, d is passed over, and cohort B differs.
    assert by_star.seating.elected == ("a", "b", "e", "c")
    assert [p.login for p in by_star.seating.pass_overs] == ["d"]
    assert dict(by_star.seating.cohort_of) == {"a": "A", "b": "A", "e": "B", "c": "B"}
    assert by_star.rank == {"a": 1, "b": 2, "e": 3, "d": 4, "c": 5}
    assert by_star.final


def test_an_unresolved_bloc_star_tie_leaves_exactly_its_places_undecided() -> None:
    seat_rules = rules(cohorts=(Cohort(id="A", seats=1, term_years=2), Cohort(id="B", seats=1, term_years=1)))
    candidates = [cand("a:10"), cand("b:8"), cand("c:8")]
    result = decide_ordered(candidates, count(UNBREAKABLE, ["a", "b", "c"], 5, {}), seat_rules)
    assert not result.final
    assert result.seating.cohort("a") == "A" and "a" not in result.undecided
    assert result.possible == {"b": frozenset({"B", None}), "c": frozenset({"B", None})}
    # Too many runs to try: every place from the tie's on is undecided, nothing before it. With z ahead of
    # everyone (5 on every ballot), the same tie is met in round 2, the place of a.
    ahead = [{**ballot, "z": 5} for ballot in UNBREAKABLE]
    blind = decide_ordered(
        [cand("z:15"), *candidates], count(ahead, ["a", "b", "c", "z"], 5, {}), seat_rules, budget=1
    )
    assert not blind.exact and not blind.final
    assert blind.seating.cohort("z") == "A"
    assert set(blind.possible) == {"a", "b", "c"}
