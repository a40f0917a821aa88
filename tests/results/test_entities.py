"""Entity names: normalisation of case, punctuation and legal suffixes, and the admins' alias map."""

from __future__ import annotations

import pytest

from bot.core.entities import AliasError, EntityResolver, entity_key
from bot.core.models import Affiliation, Relationship


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
    assert {entity_key(name) for name in names} == {key}


@pytest.mark.parametrize(
    ("a", "b"),
    [("Anaconda", "Anaconda Cloud"), ("Meta", "Metacompany"), ("Quansight", "Quansight Labs")],
)
def test_different_entities_stay_different(a: str, b: str) -> None:
    assert entity_key(a) != entity_key(b)


def test_aliases_are_normalised_and_followed() -> None:
    resolver = EntityResolver.from_aliases({"MSFT": "Microsoft", "GitHub, Inc.": "Microsoft Corporation"})
    for name in ["MSFT", "msft inc", "GitHub", "github inc.", "Microsoft Corp."]:
        assert resolver.key(name) == "microsoft"
    assert resolver.key("Google") == "google"


def test_alias_chains_resolve_to_the_end() -> None:
    resolver = EntityResolver.from_aliases({"FB": "Facebook", "Facebook": "Meta Platforms"})
    assert resolver.key("fb") == "meta platforms"


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
        ("microsoft", "Microsoft", "MSFT"),
        ("doe consulting", "Doe Consulting LLC", "Doe Consulting LLC"),
    ]
