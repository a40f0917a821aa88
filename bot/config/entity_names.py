"""Entity names for the conflict-of-interest cap: normalisation and the admins' alias map (the models check
the map with `resolve_aliases`; `bot.config.entities` applies it to affiliations).

PEP 772 caps the council members "employed by or with decision-making power over the same entity".
Nominees write the entity's name as they like (`Microsoft`, `Microsoft Corp.`, `MICROSOFT CORPORATION`),
so names are compared by a key:

1. characters that hide (`bot.text.textguard`) removed, compatibility forms unfolded (NFKD), and each
   character replaced by its case-insensitive UTS #39 confusable skeleton (`textguard.folded_skeleton`),
   so a look-alike spelling (`Micrоsoft` with a Cyrillic `о`, `Examp1e`) is the same entity;
2. dots and apostrophes removed (`S.A.` → `sa`, `O'Reilly` → `oreilly`), every other run of
   non-alphanumeric characters turned into one space (`AT&T` → `at t`, `Foo-Bar, Inc.` → `foo bar inc`);
3. a leading `the` dropped, then common legal-form suffixes dropped from the end, repeatedly
   (`GmbH & Co. KG` → all three go), but never the last remaining word.

The admins' alias map (`conflict_of_interest.entity_aliases`, e.g. `MSFT: Microsoft`) is applied to the
key, so aliases are normalised too: `msft`, `MSFT Inc.` and `Microsoft Corporation` are one entity.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import regex

from bot.text.textguard import folded_skeleton

# Legal-form suffixes, as they read after normalisation (dots removed, lower case).
LEGAL_SUFFIXES: frozenset[str] = frozenset(
    {
        "inc",
        "incorporated",
        "llc",
        "llp",
        "lp",
        "ltd",
        "limited",
        "gmbh",
        "mbh",
        "ggmbh",
        "ag",
        "kg",
        "ug",
        "se",
        "corp",
        "corporation",
        "co",
        "company",
        "plc",
        "sa",
        "sas",
        "sarl",
        "srl",
        "spa",
        "bv",
        "nv",
        "ab",
        "oy",
        "oyj",
        "asa",
        "pty",
        "pte",
        "kk",
        "pbc",
    }
)

_DROP = re.compile(r"[.'’`]")
# Letters, digits and marks make words (a skeleton is decomposed: `é` is `e` and a combining accent).
_NON_WORD = regex.compile(r"[^\p{L}\p{N}\p{M}]+")
_MARKS = regex.compile(r"\p{M}")


class AliasError(ValueError):
    """The alias map is inconsistent (a usage error: the admins fix election.yaml)."""


_SUFFIX_SKELETONS: frozenset[str] = frozenset(folded_skeleton(s) for s in LEGAL_SUFFIXES)
_THE = folded_skeleton("the")


def entity_key(name: str) -> str:
    """The comparison key of an entity name; an empty name gives ''. Never shown: it is made of
    case-insensitive UTS #39 skeletons (`Microsoft` → `rnicrosoft`), so look-alike spellings
    (`Micrоsoft` with a Cyrillic `о`, `Examp1e`) share one key."""
    text = _DROP.sub("", folded_skeleton(name))
    words = [w for w in _NON_WORD.sub(" ", text).split() if w]
    if len(words) > 1 and words[0] == _THE:
        words = words[1:]
    while len(words) > 1 and words[-1] in _SUFFIX_SKELETONS:
        words.pop()
    # Joined without spaces and without combining marks: `Micros\u200aoft` (a HAIR SPACE), `Micro soft` and
    # `Mi\u0307crosoft` (a dot above the `i`'s own) are Microsoft to a reader, and to the cap (issue 28).
    return _MARKS.sub("", "".join(words))


def resolve_aliases(aliases: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """The admins' alias map checked and followed to its ends: alias key -> entity key, and entity key ->
    the name the admins wrote. An empty name, a name mapped two ways or a cycle is an `AliasError`."""
    mapped: dict[str, str] = {}
    names: dict[str, str] = {}
    written: dict[str, str] = {}
    for alias, target in aliases.items():
        alias_key, target_key = entity_key(alias), entity_key(target)
        if not alias_key or not target_key:
            raise AliasError(f"entity alias {alias!r}: {target!r} has an empty name after normalisation")
        previous = mapped.get(alias_key)
        if previous is not None and previous != target_key:
            raise AliasError(
                f"entity aliases {written[alias_key]!r} and {alias!r} are the same name after "
                f"normalisation but map to different entities ({names[previous]!r}, {target!r}); keep one"
            )
        if alias_key != target_key:
            mapped[alias_key] = target_key
        names.setdefault(target_key, target)
        written.setdefault(alias_key, alias)
    # Follow chains (A -> B, B -> C) to their end; a cycle is a configuration error.
    resolved: dict[str, str] = {}
    for start in mapped:
        seen = [start]
        current = mapped[start]
        while current in mapped:
            if current in seen:
                raise AliasError(
                    "entity aliases form a cycle: " + " → ".join(written.get(k, k) for k in [*seen, current])
                )
            seen.append(current)
            current = mapped[current]
        resolved[start] = current
    return resolved, names
