"""The voters' notice behind PEP 772's cap: who shares an entity, with aliases and sitting members."""

from __future__ import annotations

from bot.config.models import Affiliation, ConflictOfInterest, Relationship, SittingMember
from bot.nominations.shared_entities import EntityIndex


def aff(org: str, rel: Relationship = Relationship.employer) -> list[Affiliation]:
    return [Affiliation(organization=org, relationship=rel)]


def test_aliases_suffixes_and_uncounted_relationships() -> None:
    coi = ConflictOfInterest(entity_aliases={"MSFT": "Microsoft"})
    index = EntityIndex.build(
        [
            ("a", aff("Microsoft Corporation")),
            ("b", aff("MSFT")),
            ("c", aff("microsoft, inc.", Relationship.contractor)),
            ("d", aff("Microsoft", Relationship.maintainer)),  # not counted: maintainer
        ],
        coi,
    )
    crowded = index.crowded()
    assert [(s.name, [t.login for t in s.ties]) for s in crowded] == [("Microsoft", ["a", "b", "c"])]


def test_at_the_cap_is_no_notice() -> None:
    index = EntityIndex.build([("a", aff("Acme")), ("b", aff("Acme GmbH"))], ConflictOfInterest())
    assert index.crowded() == []
    assert index.crowded_for("c", aff("ACME")) != []  # a third one would cross it
    assert index.crowded_for("a", aff("Acme")) == []  # counting `a` once, not twice


def test_sitting_members_count() -> None:
    sitting = SittingMember(login="s", name="S", cohort="A", affiliations=aff("Acme", Relationship.director))
    index = EntityIndex.build([("a", aff("Acme"))], ConflictOfInterest(sitting_members=[sitting]))
    [shared] = index.crowded_for("b", aff("Acme Ltd."))
    assert [(t.login, t.sitting) for t in shared.ties] == [("s", True), ("a", False)]


def test_a_cyclic_alias_map_does_not_crash_the_notice() -> None:
    index = EntityIndex.build([("a", aff("X"))], ConflictOfInterest(entity_aliases={"X": "Y", "Y": "X"}))
    assert index.crowded() == []


def test_a_crowd_is_named_briefly() -> None:
    index = EntityIndex.build([(f"p{i}", aff("Big Co")) for i in range(40)], ConflictOfInterest())
    [shared] = index.crowded_for("p3", aff("Big Co"))
    assert shared.count == 40
    assert len(shared.ties) == 5
    assert "p3" not in [t.login for t in shared.ties]
    [newcomer] = index.crowded_for("new", aff("Big Co"))
    assert newcomer.count == 41


def test_the_notice_says_how_many_it_does_not_name() -> None:
    from bot.config.loading import load_nomination
    from bot.nominations.rules import RuleContext
    from bot.nominations.rules.entities import check_shared_entities

    index = EntityIndex.build([(f"p{i}", aff("Big Co")) for i in range(9)], ConflictOfInterest())
    text = b"---\nname: N\ngithub: newbie\npsf_membership: fellow\naffiliations:\n  - organization: Big Co.\n    relationship: officer\n---\nx"
    loaded = load_nomination(text, "nominations/e/newbie.md")
    [finding] = check_shared_entities(loaded, RuleContext(election=None, election_id="e", entities=index))
    assert finding.code == "COI001"
    assert finding.line == 5
    assert "10 candidates are tied to Big Co" in finding.message
    assert "and 4 more" in finding.message
