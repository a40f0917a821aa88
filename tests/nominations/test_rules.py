"""Every rule, table-driven: a passing case and each failing case, on a loaded nomination."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from bot.config.loading import load_nomination
from bot.config.models import Affiliation, Election, Relationship
from bot.nominations.membership import MembershipAnswer, MembershipState
from bot.nominations.rules import READS, RULES, RuleContext, check_nomination
from bot.nominations.rules.eligibility import (
    check_attestations,
    check_ineligible,
    check_membership_class,
    check_nominator,
)
from bot.nominations.rules.entities import check_mixed_scripts, check_shared_entities
from bot.nominations.rules.hygiene import check_characters, check_placeholders, forbidden_character
from bot.nominations.rules.location import check_file_name, check_location
from bot.nominations.rules.statement import check_statement, count_words
from bot.nominations.rules.verified_membership import check_membership
from bot.nominations.rules.window import check_window
from bot.nominations.shared_entities import EntityIndex

ELECTION = Election.model_validate(
    {
        "id": "test-2026",
        "title": "Test",
        "scope": "whole-council",
        "seats": 3,
        "cohorts": [{"id": "A", "seats": 3, "term_years": 2}],
        "eligible_membership": ["supporting", "contributing", "fellow"],
        "community": {
            "membership": {
                "classes": ["basic", "supporting", "contributing", "fellow"],
                "retired": {"managing": {"became": "contributing"}},
            }
        },
        "contact": "e@example.org",
        "phases": [
            {
                "id": "nominations",
                "kind": "nominations",
                "title": "N",
                "start": "2026-07-28T14:00:00Z",
                "end": "2026-08-11T14:00:00Z",
            },
            {
                "id": "voting",
                "kind": "voting",
                "title": "V",
                "start": "2026-09-01T14:00:00Z",
                "end": "2026-09-15T14:00:00Z",
            },
        ],
        "statement": {"min_words": 3, "max_words": 10},
        "required_attestations": [{"id": "voting_member", "text": "I vote."}],
        "ineligible": [{"login": "staffer", "id": 77, "reason": "staff"}],
    }
)
GOOD_FIELDS = {
    "name": "Jane Doe",
    "github": "janedoe",
    "psf_membership": "fellow",
    "affiliations": "\n  - organization: Example\n    relationship: employer",
    "attestations": "\n  voting_member: true",
}
PATH = "nominations/test-2026/janedoe.md"
VERIFIED = MembershipAnswer(MembershipState.verified, "fellow", source="roster")


def nomination(statement: str = "one two three four", path: str = PATH, **fields: str | None) -> bytes:
    merged = {**GOOD_FIELDS, **fields}
    lines = [f"{k}: {v}" for k, v in merged.items() if v is not None]
    return ("---\n" + "\n".join(lines) + "\n---\n" + statement).encode()


def peers(count: int) -> EntityIndex:
    """`count` other candidates employed by "Example, Inc." (the nominee's "Example", normalised)."""
    employed = [Affiliation(organization="Example, Inc.", relationship=Relationship.employer)]
    others = [(f"peer{i}", employed) for i in range(count)]
    return EntityIndex.build(others, ELECTION.conflict_of_interest)


NAMED_INDEXES = {"one-other": 1, "two-others": 2}


def ctx(**overrides: object) -> RuleContext:
    base: dict[str, object] = {
        "election": ELECTION,
        "election_id": "test-2026",
        "known_elections": ("test-2026",),
        "at": datetime(2026, 8, 1, tzinfo=UTC),
        "membership": VERIFIED,
    }
    base.update(overrides)
    if isinstance(base.get("entities"), str):
        base["entities"] = peers(NAMED_INDEXES[str(base["entities"])])
    return RuleContext(**base)  # type: ignore[arg-type]


def codes(rule: object, data: bytes, context: RuleContext | None = None, path: str = PATH) -> list[str]:
    loaded = load_nomination(data, path)
    return [f.code for f in rule(loaded, context or ctx())]  # type: ignore[operator]


CASES = [
    # rule, file bytes, context overrides, path, expected codes
    (check_location, nomination(), {}, PATH, []),
    (check_location, nomination(), {}, "nominations/test-2026/janedoe.txt", ["LOC001"]),
    (check_location, nomination(), {"election_id": ""}, "janedoe.md", ["LOC001"]),
    (
        check_location,
        nomination(),
        {"election": None, "election_id": "other"},
        "nominations/other/janedoe.md",
        ["LOC002"],
    ),
    (check_file_name, nomination(), {}, PATH, []),
    (check_file_name, nomination(), {}, "nominations/test-2026/JANEDOE.md", []),
    (check_file_name, nomination(), {}, "nominations/test-2026/john.md", ["NOM006"]),
    (check_window, nomination(), {"at": datetime(2026, 7, 28, 14, tzinfo=UTC)}, PATH, []),
    (check_window, nomination(), {"at": datetime(2026, 7, 28, 13, 59, 59, tzinfo=UTC)}, PATH, ["WIN001"]),
    (check_window, nomination(), {"at": datetime(2026, 8, 11, 13, 59, 59, tzinfo=UTC)}, PATH, []),
    (check_window, nomination(), {"at": datetime(2026, 8, 11, 14, tzinfo=UTC)}, PATH, ["WIN002"]),
    (check_window, nomination(), {"at": None}, PATH, []),
    (check_placeholders, nomination(), {}, PATH, []),
    (check_placeholders, nomination(name="Your Name"), {}, PATH, ["NOM021"]),
    (
        check_placeholders,
        nomination(
            affiliations="\n  - organization: Your Employer\n    relationship: employer\n    role: Your Title"
        ),
        {},
        PATH,
        ["NOM021", "NOM021"],
    ),
    (
        check_placeholders,
        nomination(affiliations="\n  - organization: a project  you maintain\n    relationship: maintainer"),
        {},
        PATH,
        ["NOM021"],
    ),
    (check_placeholders, nomination(links="[https://example.org/your-page/]"), {}, PATH, ["NOM021"]),
    (check_placeholders, nomination(links="[https://example.org/jane]"), {}, PATH, []),
    (
        check_placeholders,
        nomination(affiliations="\n  - organization: pip\n    relationship: maintainer"),
        {},
        PATH,
        [],
    ),
    (check_characters, nomination(), {}, PATH, []),
    (check_characters, nomination(links='["https://example.org/a\\u200bb"]'), {}, PATH, ["NOM015"]),
    (check_characters, nomination(name='"Jane\\u200bDoe"'), {}, PATH, []),  # the schema's NOM015, said once
    (check_characters, nomination(statement="ok \u202e words here"), {}, PATH, ["NOM015"]),
    (check_characters, nomination(statement="emoji 👩‍💻 is fine here"), {}, PATH, []),
    (check_nominator, nomination(nominated_by="someone"), {}, PATH, []),
    (check_nominator, nomination(nominated_by="JaneDoe"), {}, PATH, ["NOM017"]),
    (check_membership_class, nomination(), {}, PATH, []),
    (check_membership_class, nomination(psf_membership="basic"), {}, PATH, ["NOM008"]),
    (check_membership_class, nomination(psf_membership="managing"), {}, PATH, ["NOM009"]),
    (check_attestations, nomination(), {}, PATH, []),
    (check_attestations, nomination(attestations=None), {}, PATH, ["NOM018"]),
    (check_attestations, nomination(attestations="\n  voting_member: false"), {}, PATH, ["NOM019"]),
    (
        check_attestations,
        nomination(attestations="\n  voting_member: true\n  not_steering_council: true"),
        {},
        PATH,
        ["NOM025"],
    ),
    (check_ineligible, nomination(), {}, PATH, []),
    (check_ineligible, nomination(github="Staffer"), {}, "nominations/test-2026/staffer.md", ["NOM020"]),
    (check_ineligible, nomination(), {"nominee_id": 77}, PATH, ["NOM020"]),  # renamed staff account
    (check_statement, nomination(), {}, PATH, []),
    (check_statement, nomination(statement=""), {}, PATH, ["NOM011"]),
    (
        check_statement,
        nomination(statement="Replace this paragraph with your statement"),
        {},
        PATH,
        ["NOM012"],
    ),
    (check_statement, nomination(statement="w " * 11), {}, PATH, ["NOM013"]),
    (check_statement, nomination(statement="two words"), {}, PATH, ["NOM014"]),
    (check_mixed_scripts, nomination(), {}, PATH, []),
    (
        check_mixed_scripts,
        nomination(affiliations='\n  - organization: "Micr\\u043esoft"\n    relationship: employer'),
        {},
        PATH,
        ["COI002"],
    ),
    (check_file_name, nomination(), {}, "nominations/test-2026/\u212aate.md", ["NOM006"]),
    (check_file_name, nomination(), {}, "nominations/test-2026/jane\u200bdoe.md", ["NOM015"]),
    (check_nominator, nomination(), {"author_login": "janedoe"}, PATH, []),
    (check_nominator, nomination(nominated_by="bob"), {"author_login": "bob"}, PATH, []),
    (check_nominator, nomination(nominated_by="BOB"), {"author_login": "bob"}, PATH, []),
    (check_nominator, nomination(nominated_by="bob"), {}, PATH, []),  # no pull request: nothing to compare
    (check_nominator, nomination(), {"author_login": "bob"}, PATH, ["NOM022"]),
    (check_nominator, nomination(nominated_by="carol"), {"author_login": "bob"}, PATH, ["NOM022"]),
    (check_nominator, nomination(nominated_by="carol"), {"author_login": "janedoe"}, PATH, ["NOM022"]),
    (check_shared_entities, nomination(), {"entities": None}, PATH, []),
    (check_shared_entities, nomination(), {"entities": "one-other"}, PATH, []),
    (check_shared_entities, nomination(), {"entities": "two-others"}, PATH, ["COI001"]),
    (check_membership, nomination(), {}, PATH, []),
    (
        check_membership,
        nomination(),
        {"membership": MembershipAnswer(MembershipState.unverified, reason="x")},
        PATH,
        ["MEM003"],
    ),
    (
        check_membership,
        nomination(),
        {"membership": MembershipAnswer(MembershipState.not_found)},
        PATH,
        ["MEM001"],
    ),
    (
        check_membership,
        nomination(),
        {"membership": MembershipAnswer(MembershipState.verified, "basic")},
        PATH,
        ["MEM002"],
    ),
    (
        check_membership,
        nomination(),
        {"membership": MembershipAnswer(MembershipState.verified, "supporting")},
        PATH,
        ["MEM004"],
    ),
]


@pytest.mark.parametrize(("rule", "data", "overrides", "path", "expected"), CASES)
def test_rule(
    rule: object, data: bytes, overrides: dict[str, object], path: str, expected: list[str]
) -> None:
    assert codes(rule, data, ctx(**overrides), path) == expected


def test_every_rule_has_a_passing_and_a_failing_case() -> None:
    covered_pass = {c[0] for c in CASES if not c[4]}
    covered_fail = {c[0] for c in CASES if c[4]}
    assert set(RULES) <= covered_pass
    assert set(RULES) <= covered_fail


# A value that fails each field's own validation: the model cannot be built.
BROKEN = {
    "name": '"   "',
    "github": '"not a login!"',
    "psf_membership": "Not A Class",
    "affiliations": "[]",
    "attestations": "yes",
}


def broken_elsewhere(data: bytes, rule: object) -> bytes:
    """The same file with an unknown field added and every field the rule does not read made invalid
    (the raw-front-matter rules, which read no field, get only the unknown field)."""
    reads = READS[rule]  # type: ignore[index]
    text = data.decode()
    if reads:
        for key, bad in BROKEN.items():
            field = "membership" if key == "psf_membership" else key
            if field not in reads:
                text = re.sub(rf"^{key}:.*(\n  .*)*$", f"{key}: {bad}", text, count=1, flags=re.M)
    return text.replace("---\n", "---\ncolour: blue\n", 1).encode()


def test_every_rule_says_which_fields_it_reads() -> None:
    assert set(READS) == set(RULES)


@pytest.mark.parametrize(("rule", "data", "overrides", "path", "expected"), CASES)
def test_no_rule_is_skipped_for_a_mistake_in_a_field_it_does_not_read(
    rule: object, data: bytes, overrides: dict[str, object], path: str, expected: list[str]
) -> None:
    """Every error in the first round: a rule runs on the fields it reads even when the rest of the file
    (and so the whole model) is wrong."""
    broken = broken_elsewhere(data, rule)
    assert load_nomination(broken, path).nomination is None
    assert codes(rule, broken, ctx(**overrides), path) == expected


def test_unverified_membership_is_never_silent() -> None:
    """Fail closed: without a directory the result carries a warning, never a clean pass."""
    loaded = load_nomination(nomination(), PATH)
    findings = check_nomination(
        loaded, ctx(membership=MembershipAnswer(MembershipState.unverified, reason="n/a"))
    )
    assert [f.code for f in findings] == ["MEM003"]


def test_a_retired_class_is_said_once_not_also_as_a_mismatch_with_the_directory() -> None:
    """`managing` became `contributing`: NOM009 says so; MEM004 would say the same again."""
    loaded = load_nomination(nomination(psf_membership="managing"), PATH)
    verified = MembershipAnswer(MembershipState.verified, "contributing")
    assert [f.code for f in check_nomination(loaded, ctx(membership=verified))] == ["NOM009"]
    other = MembershipAnswer(MembershipState.verified, "supporting")  # the directory disagrees with both
    assert sorted(f.code for f in check_nomination(loaded, ctx(membership=other))) == ["MEM004", "NOM009"]


def test_all_findings_reported_at_once() -> None:
    data = nomination(statement="", psf_membership="basic", nominated_by="janedoe", name="Your Name")
    found = sorted({f.code for f in check_nomination(load_nomination(data, PATH), ctx())})
    assert found == ["NOM008", "NOM011", "NOM017", "NOM021"]  # NOM008 says the class is wrong: no MEM004


@pytest.mark.parametrize(
    ("text", "words"),
    [("", 0), ("a b c", 3), ("a - b", 2), ("<!-- hidden words --> shown", 1), ("# Title\n\n*x*", 2)],
)
def test_count_words(text: str, words: int) -> None:
    assert count_words(text) == words


@pytest.mark.parametrize(
    ("text", "statement", "bad"),
    [
        ("Jane Doe", False, None),
        ("José Ñandú 山田", False, None),
        ("a\u200bb", False, "U+200B"),
        ("a\u00adb", False, "U+00AD"),
        ("a\tb", False, "U+0009"),
        ("a\tb\nc", True, None),
        ("a\u202eb", True, "U+202E"),
        ("a\x7fb", True, "U+007F"),
        ("\u3164", False, "U+3164"),
    ],
)
def test_forbidden_character(text: str, statement: bool, bad: str | None) -> None:
    found = forbidden_character(text, statement=statement)
    assert (found.split()[0] if found else None) == bad


def test_a_misspelt_field_is_one_finding_not_also_a_missing_one() -> None:
    data = nomination(
        affiliations=None, afiliations="\n  - organization: Example\n    relationship: employer"
    )
    loaded = load_nomination(data, PATH)
    found = [(f.code, f.message) for f in loaded.findings]
    assert [code for code, _ in found] == ["NOM003"]
    assert "did you mean `affiliations`?" in found[0][1]
    # a field that is really missing is still said
    missing = load_nomination(nomination(affiliations=None), PATH)
    assert [f.code for f in missing.findings] == ["NOM004"]
