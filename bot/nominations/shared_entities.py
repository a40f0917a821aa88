"""Who shares an entity with whom: the voters' notice behind PEP 772's employer cap.

On a pull request and in the candidate list, more than `cap` candidates tied to one entity is a notice for
voters, never an error: the cap itself is applied when the votes are counted (`bot/results/ranking.py`).
Entities are matched with the same normalisation and alias map as the count (`bot/config/entities.py`),
and sitting members (partial elections) count too, because the cap applies to the whole council.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from bot.config.entities import EntityResolver
from bot.config.models import Affiliation, ConflictOfInterest, Relationship
from bot.github.values import login_key


@dataclass(frozen=True, slots=True)
class EntityLink:
    login: str
    relationship: Relationship
    sitting: bool = False  # a sitting council member, not a candidate


SHOWN_TIES = 5  # a notice names at most this many others; the count says how many there are


@dataclass(frozen=True, slots=True)
class SharedEntity:
    name: str
    ties: tuple[EntityLink, ...]  # for `crowded_for`: the first SHOWN_TIES others only
    count: int  # everyone tied to it, the person asked about included


@dataclass(frozen=True, slots=True)
class EntityIndex:
    """Entity key → the people tied to it in a counted relationship, built once per election."""

    cap: int
    names: Mapping[str, str]
    ties: Mapping[str, tuple[EntityLink, ...]]
    resolver: EntityResolver
    counted: tuple[Relationship, ...] = field(default=())
    members: Mapping[str, frozenset[str]] = field(default_factory=dict)  # key -> case-folded logins

    @classmethod
    def build(
        cls, candidates: Iterable[tuple[str, Sequence[Affiliation]]], coi: ConflictOfInterest
    ) -> EntityIndex:
        resolver = EntityResolver.lenient(coi.entity_aliases)
        counted = tuple(coi.counted_relationships)
        names: dict[str, str] = {}
        ties: dict[str, list[EntityLink]] = {}
        people: list[tuple[str, Sequence[Affiliation], bool]]
        people = [(m.login, m.affiliations, True) for m in coi.sitting_members]
        people += [(login, affiliations, False) for login, affiliations in candidates]
        for login, affiliations, sitting in people:
            for entity in resolver.counted(affiliations, counted):
                names.setdefault(entity.key, entity.name)
                ties.setdefault(entity.key, []).append(EntityLink(login, entity.relationship, sitting))
        members = {k: frozenset(login_key(t.login) for t in v) for k, v in ties.items()}
        return cls(coi.limit, names, {k: tuple(v) for k, v in ties.items()}, resolver, counted, members)

    def crowded(self) -> list[SharedEntity]:
        """Every entity tied to more people than the cap allows on the council, largest first."""
        found = [SharedEntity(self.names[k], v, len(v)) for k, v in self.ties.items() if len(v) > self.cap]
        return sorted(found, key=lambda s: (-s.count, s.name.casefold()))

    def crowded_for(self, login: str, affiliations: Sequence[Affiliation]) -> list[SharedEntity]:
        """The crowded entities among `login`'s own, counting `login` once even if not indexed yet."""
        out = []
        me = login_key(login)
        for entity in self.resolver.counted(affiliations, self.counted):
            ties = self.ties.get(entity.key, ())
            indexed = self.members.get(entity.key, frozenset())
            count = len(ties) + (0 if me in indexed else 1)
            if count > self.cap:
                shown = tuple(t for t in ties[: SHOWN_TIES + 1] if login_key(t.login) != me)[:SHOWN_TIES]
                out.append(SharedEntity(self.names.get(entity.key, entity.name), shown, count))
        return out
