"""Entity names: normalisation of case, punctuation and legal suffixes, and the admins' alias map."""

from __future__ import annotations

import pytest
import regex

from bot.config.entities import AliasError, EntityResolver, entity_key
from bot.config.models import Affiliation, Relationship
from bot.text.textguard import folded_skeleton


def skel(key: str) -> str:
    """A key as entity_key writes it: each word's UTS #39 skeleton (`microsoft` → `rnicrosoft`), joined
    without spaces and without combining marks."""
    return regex.sub(r"\p{M}", "", "".join(folded_skeleton(word) for word in key.split()))


@pytest.mark.parametrize(
    ("names", "key"),
    [
        (
            ["Microsoft", "Microsoft Corp.", "MICROSOFT CORPORATION", "microsoft  corp", " Microsoft, Inc. "],
            "microsoft",
        ),
        (["Example GmbH", "Example gGmbH", "Example GmbH & Co. KG", "EXAMPLE AG"], "example"),
        (
            ["Acme Ltd.", "Acme Ltd", "ACME Limited", "Acme Co., Ltd.", "Acme plc", "Acme S.A.", "Acme LLC"],
            "acme",
        ),
        (["The Python Software Foundation", "Python Software Foundation"], "python software foundation"),
        (["AT&T Inc.", "AT & T", "at&t"], "at t"),
        (["O'Reilly Media, Inc.", "OReilly Media"], "oreilly media"),
        (["Ｍｉｃｒｏｓｏｆｔ"], "microsoft"),  # full-width letters (NFKC)
        (["Co."], "co"),  # the last word is never dropped
        (["Inc"], "inc"),
        (["Société Générale S.A."], "société générale"),
    ],
)
def test_normalisation(names: list[str], key: str) -> None:
    assert {entity_key(name) for name in names} == {skel(key)}


@pytest.mark.parametrize(
    ("a", "b"),
    [("Anaconda", "Anaconda Cloud"), ("Meta", "Metacompany"), ("Quansight", "Quansight Labs")],
)
def test_different_entities_stay_different(a: str, b: str) -> None:
    assert entity_key(a) != entity_key(b)


def test_aliases_are_normalised_and_followed() -> None:
    resolver = EntityResolver.from_aliases({"MSFT": "Microsoft", "GitHub, Inc.": "Microsoft Corporation"})
    for name in ["MSFT", "msft inc", "GitHub", "github inc.", "Microsoft Corp."]:
        assert resolver.key(name) == skel("microsoft")
    assert resolver.key("Google") == skel("google")


def test_alias_chains_resolve_to_the_end() -> None:
    resolver = EntityResolver.from_aliases({"FB": "Facebook", "Facebook": "Meta Platforms"})
    assert resolver.key("fb") == skel("meta platforms")


def test_alias_cycle_is_a_configuration_error() -> None:
    with pytest.raises(AliasError, match="cycle"):
        EntityResolver.from_aliases({"A Co": "B", "B": "A"})


def test_conflicting_aliases_are_a_configuration_error() -> None:
    with pytest.raises(AliasError, match="same name after normalisation"):
        EntityResolver.from_aliases({"MSFT": "Microsoft", "msft inc": "Mozilla"})


def test_counted_keeps_only_the_counted_relationships_once_per_entity() -> None:
    resolver = EntityResolver.from_aliases({"MSFT": "Microsoft"})
    affiliations = [
        Affiliation(organization="MSFT", relationship=Relationship.employer, role="Engineer"),
        Affiliation(organization="Microsoft Corp.", relationship=Relationship.director),
        Affiliation(organization="pip", relationship=Relationship.maintainer),
        Affiliation(organization="Tiny Startup", relationship=Relationship.investor),
        Affiliation(organization="Doe Consulting LLC", relationship=Relationship.owner),
    ]
    counted = resolver.counted(
        affiliations, [Relationship.employer, Relationship.director, Relationship.owner]
    )
    assert [(e.key, e.name, e.written) for e in counted] == [
        (skel("microsoft"), "Microsoft", "MSFT"),
        (skel("doe consulting"), "Doe Consulting LLC", "Doe Consulting LLC"),
    ]


@pytest.mark.parametrize(
    "look_alike",
    [
        "Micr\u043esoft",  # CYRILLIC SMALL LETTER O
        "\u041cicrosoft Corp.",  # CYRILLIC CAPITAL LETTER EM
        "Micros\u03bfft",  # GREEK SMALL LETTER OMICRON
        "Micro\u200bsoft",  # ZERO WIDTH SPACE (refused in a nomination; ignored when comparing)
        "Micro\u034fsoft",  # COMBINING GRAPHEME JOINER
        "Micro\u115fsoft",  # HANGUL CHOSEONG FILLER
        "Microsoft\u2800",  # BRAILLE PATTERN BLANK
        "Micro\u17b4soft",  # KHMER VOWEL INHERENT AQ
        "rnicrosoft",  # `rn` looks like `m`
        "MICR\u041eSOFT",  # CYRILLIC CAPITAL LETTER O
        "micro\u0455oft",  # CYRILLIC SMALL LETTER DZE
        "\U0001d40cicrosoft",  # MATHEMATICAL BOLD CAPITAL M
    ],
)
def test_look_alike_names_are_one_entity(look_alike: str) -> None:
    assert entity_key(look_alike) == entity_key("Microsoft")


@pytest.mark.parametrize(("a", "b"), [("IBM", "ibm"), ("Inc", "inc"), ("Examp1e", "example")])
def test_case_and_digits_do_not_split_an_entity(a: str, b: str) -> None:
    assert entity_key(a) == entity_key(b)


def test_look_alike_aliases_follow_the_alias_map() -> None:
    resolver = EntityResolver.from_aliases({"MSFT": "Microsoft"})
    assert resolver.key("\u041cSFT") == resolver.key("Microsoft")


def test_an_entity_is_named_after_resolutions_and_never_by_the_provisional_order() -> None:
    """The display name is the highest-placed candidate's spelling after the tie resolutions; while two
    candidates are level (an unresolved tie), the alphabetically first spelling, whatever the logins."""
    from bot.results.assemble import one_name_per_entity
    from bot.results.ranking import Candidate

    resolver = EntityResolver.from_aliases({})

    def person(login: str, written: str) -> Candidate:
        affiliation = Affiliation(organization=written, relationship=Relationship.employer)
        return Candidate(login, login, 50, resolver.counted([affiliation], [Relationship.employer]))

    def shown(candidates: list[Candidate], resolved: dict[frozenset[str], list[str]]) -> str:
        named, _ = one_name_per_entity(candidates, (), None, resolved)
        return {e.name for c in named for e in c.entities}.pop()

    level = [person("amy", "EXAMPLE CORP."), person("zed", "Example Corp")]
    renamed = [person("zzz", "EXAMPLE CORP."), person("aaa", "Example Corp")]
    assert shown(level, {}) == shown(renamed, {}) == "Example Corp"
    assert shown(level, {frozenset({"amy", "zed"}): ["amy", "zed"]}) == "EXAMPLE CORP."
    assert shown(level, {frozenset({"amy", "zed"}): ["zed", "amy"]}) == "Example Corp"


@pytest.mark.parametrize(
    "dodge",
    ["Mi\u0307crosoft", "Micros\u200aoft", "Micro\u2009soft", "Micro soft", "Micro\u3000soft"],
)
def test_what_looks_the_same_has_one_key(dodge: str) -> None:
    """Issue 28, example 5: a dot above an `i`, a hair space, a thin space: still Microsoft to the cap."""
    assert entity_key(dodge) == entity_key("Microsoft")
