"""The entities a person is tied to, for the conflict-of-interest cap: each affiliation's entity under the
admins' alias map, and which of them count. Names are compared by their key (`bot.config.entity_names`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.config.entity_names import AliasError as AliasError
from bot.config.entity_names import entity_key as entity_key
from bot.config.entity_names import resolve_aliases
from bot.config.models import Affiliation, Relationship


@dataclass(frozen=True, slots=True)
class Entity:
    """One entity a person is tied to: its key, the name we show, and how the person wrote it."""

    key: str
    name: str
    written: str
    relationship: Relationship


@dataclass(frozen=True, slots=True)
class EntityResolver:
    """Normalises names and applies the alias map. Build it with `EntityResolver.from_aliases`."""

    aliases: Mapping[str, str]  # key of an alias -> key of its entity
    names: Mapping[str, str]  # key of an aliased entity -> the name the admins wrote

    @classmethod
    def from_aliases(cls, aliases: Mapping[str, str]) -> EntityResolver:
        """The resolver of the admins' alias map (`resolve_aliases`: an invalid map is an `AliasError`)."""
        resolved, names = resolve_aliases(aliases)
        return cls(aliases=resolved, names=names)

    @classmethod
    def lenient(cls, aliases: Mapping[str, str]) -> EntityResolver:
        """`from_aliases`, or no aliases when the map is refused: the configuration's own check reports
        that (ELC), and what is shown or counted meanwhile matches names without aliases."""
        try:
            return cls.from_aliases(aliases)
        except AliasError:
            return cls.from_aliases({})

    def key(self, name: str) -> str:
        base = entity_key(name)
        return self.aliases.get(base, base)

    def entity(self, affiliation: Affiliation) -> Entity:
        key = self.key(affiliation.organization)
        shown = self.names.get(key, affiliation.organization)
        return Entity(
            key=key, name=shown, written=affiliation.organization, relationship=affiliation.relationship
        )

    def counted(
        self, affiliations: Iterable[Affiliation], relationships: Sequence[Relationship]
    ) -> tuple[Entity, ...]:
        """The entities that count toward the cap, one per key (first listed wins), in listed order."""
        counted = set(relationships)
        seen: set[str] = set()
        out: list[Entity] = []
        for affiliation in affiliations:
            if affiliation.relationship not in counted:
                continue
            entity = self.entity(affiliation)
            if not entity.key or entity.key in seen:
                continue
            seen.add(entity.key)
            out.append(entity)
        return tuple(out)
