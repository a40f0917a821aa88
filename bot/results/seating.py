"""Seating one total order of the candidates under the cap, by PEP 772's rule. Pure.

1. Seats are filled in the order given. A candidate is *passed over* when seating them would put some
   entity over the cap, counting the members already seated in this election and the sitting members
   (partial elections). The next candidate moves up.
2. If the seats run out of candidates, the passed-over re-qualify in the order given until the council
   is full; any seat still empty stays vacant.
3. The elected, in the order given, fill the cohorts in the order the config lists them.

Which order is given — the totals with the admins' tie resolutions, or a method's own order (Bloc STAR)
— and whether that order is settled is for `bot.results.ranking` and `bot.results.finality`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.config.entities import Entity
from bot.config.models import Cohort
from bot.github.values import login_key


@dataclass(frozen=True, slots=True)
class Candidate:
    login: str
    name: str
    votes: int  # approval: votes; Bloc STAR: total score
    entities: tuple[Entity, ...] = ()

    @property
    def key(self) -> str:
        return login_key(self.login)


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
    # The index in `order` of the candidate who took the last seat before anyone re-qualified; None when
    # the seats were not all taken that way. Nothing below it can change who is elected.
    filled_at: int | None = None

    def cohort(self, login: str) -> str | None:
        return self.cohort_of.get(login)

    def passed_over(self, login: str) -> PassOver | None:
        return next((p for p in self.pass_overs if p.login == login), None)


def seat(order: Sequence[Candidate], rules: SeatRules) -> Seating:
    """Seat the candidates of one total order under the cap; see the module docstring."""
    holders: dict[str, list[str]] = {}
    for member in rules.sitting:
        for entity in member.entities:
            holders.setdefault(entity.key, []).append(member.login)
    seats = rules.seats
    seated: list[Candidate] = []
    passed: list[tuple[Candidate, tuple[Blocker, ...]]] = []
    filled_at: int | None = -1 if seats == 0 else None
    for index, candidate in enumerate(order):
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
        if len(seated) == seats:
            filled_at = index
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
        filled_at=filled_at,
    )
