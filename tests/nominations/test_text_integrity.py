"""Weakness 6 (issue 12), end to end on the stand-in: the employer cap dodged with a look-alike or an
invisible character, a file name that passes the check and is dropped after the merge, `nominated_by`
compared with nobody. One text-integrity predicate for every short field; entities compared by skeleton."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from bot.ports.checkout import read_merged
from tests.helpers.world import ELECTION_DIR, World, nomination_md

HIDDEN_INSIDE = [
    "\u115f",  # HANGUL CHOSEONG FILLER (a letter by category)
    "\u1160",  # HANGUL JUNGSEONG FILLER
    "\uffa0",  # HALFWIDTH HANGUL FILLER
    "\u2800",  # BRAILLE PATTERN BLANK (a symbol by category)
    "\u034f",  # COMBINING GRAPHEME JOINER (a mark)
    "\u17b4",  # KHMER VOWEL INHERENT AQ (a mark)
]


def with_employer(login: str, employer: str, *, nominated_by: str | None = None) -> bytes:
    text = nomination_md(login, name=login.title(), nominated_by=nominated_by).decode()
    return text.replace("organization: Example Corporation", f'organization: "{employer}"').encode()


def merge_locally(login: str, employer: str = "Example Corporation") -> None:
    Path(ELECTION_DIR, f"{login}.md").write_bytes(with_employer(login, employer))


@pytest.mark.parametrize("hidden", HIDDEN_INSIDE, ids=lambda c: f"U+{ord(c):04X}")
def test_an_invisible_character_inside_the_employer_is_refused(world: World, hidden: str) -> None:
    world.set_roster(janedoe="fellow")
    number = world.nominate("janedoe", content=with_employer("janedoe", f"Exa{hidden}mple Corporation"))
    world.pr_event(number)

    run = world.run()

    assert run.code == 1
    assert world.conclusion(number) == "failure"
    assert "needs-changes" in world.labels(number)
    report = world.report(number)
    assert "NOM015" in report
    assert unicodedata.name(hidden) in report


def test_a_look_alike_employer_counts_toward_the_cap_and_the_admins_are_warned(world: World) -> None:
    merge_locally("ada-example")
    merge_locally("bo-example")
    world.set_roster(janedoe="fellow")
    # `Exаmple Corporation` with CYRILLIC SMALL LETTER A: a separate entity before the fix.
    number = world.nominate("janedoe", content=with_employer("janedoe", "Ex\u0430mple Corporation"))
    world.pr_event(number)

    run = world.run()

    assert run.code == 0  # a notice and a warning: nothing blocks the nomination
    report = world.report(number)
    assert "COI001" in report
    assert "3 candidates are tied to Example Corporation" in report
    assert "COI002" in report
    assert "Latin, Cyrillic" in report


def test_a_kelvin_sign_file_name_fails_the_check_and_is_never_silently_dropped(world: World) -> None:
    """`\u212aate.md`: `.lower()` makes it `kate.md`; the check passed it and the merged reader dropped it."""
    world.set_roster(kate="fellow")
    number = world.nominate("kate", content=nomination_md("kate"), path=f"{ELECTION_DIR}/\u212aate.md")
    world.pr_event(number)

    run = world.run()

    assert run.code == 1
    assert world.conclusion(number) == "failure"
    assert "NOM006" in world.report(number)
    # The merged-file reader uses the same predicate: the same file after a merge is a listed problem.
    Path(ELECTION_DIR, "\u212aate.md").write_bytes(nomination_md("kate"))
    election_dir = Path(ELECTION_DIR)
    from bot.config.loading import load_election

    election = load_election((election_dir / "election.yaml").read_bytes(), "election.yaml", "sample-2026")
    assert election.election is not None
    merged, problems = read_merged(election_dir, election.election)
    assert merged == []
    assert [p.code for p in problems] == ["NOM006"]


def test_nominated_by_must_be_who_opened_the_pull_request(world: World) -> None:
    world.set_roster(carol="fellow")
    world.user("carol")
    number = world.nominate("bob", "carol", content=nomination_md("carol", nominated_by="dave"))
    world.pr_event(number)

    run = world.run()

    assert run.code == 1
    assert world.conclusion(number) == "failure"
    report = world.report(number)
    assert "NOM022" in report
    assert "opened by `bob`" in report  # the catalogue's code span, the login inside it as code


def test_nominating_someone_else_without_nominated_by_is_a_finding(world: World) -> None:
    world.set_roster(carol="fellow")
    world.user("carol")
    number = world.nominate("bob", "carol", content=nomination_md("carol"))
    world.pr_event(number)

    assert world.run().code == 1
    report = world.report(number)
    assert "NOM022" in report
    assert "is missing" in report


def test_the_nominator_named_rightly_passes(world: World) -> None:
    world.set_roster(carol="fellow")
    world.user("carol")
    number = world.nominate("bob", "carol", content=nomination_md("carol", nominated_by="BOB"))
    world.pr_event(number)

    world.run()

    assert "NOM022" not in world.report(number)


# Issue 28, example 5: characters that look like nothing. Each was a separate entity: no NOM015, no
# shared-employer notice, no mixed-script finding.
LOOKS_LIKE_NOTHING = ["Mi\u0307crosoft", "Micros\u200aoft", "Micro\u2009soft"]


@pytest.mark.parametrize("employer", LOOKS_LIKE_NOTHING, ids=["dot-above", "hair-space", "thin-space"])
def test_an_employer_that_looks_like_another_is_refused(world: World, employer: str) -> None:
    """Refused with NOM015's explanation; were it merged over the red check, the cap would still count it
    as Microsoft (`tests/results/test_entities.py::test_what_looks_the_same_has_one_key`)."""
    merge_locally("ada-example", "Microsoft")
    merge_locally("bo-example", "Microsoft")
    world.set_roster(janedoe="fellow")
    number = world.nominate("janedoe", content=with_employer("janedoe", employer))
    world.pr_event(number)

    run = world.run()

    assert run.code == 1
    report = world.report(number)
    assert "NOM015" in report
    odd = next(c for c in employer if not c.isascii())
    assert unicodedata.name(odd) in report


def test_a_mark_of_another_script_counts_against_its_neighbours(world: World) -> None:
    """U+064B ARABIC FATHATAN (Inherited, used only with Arabic and Syriac) inside a Latin name."""
    world.set_roster(janedoe="fellow")
    number = world.nominate("janedoe", content=with_employer("janedoe", "Exa\u064bmple Corporation"))
    world.pr_event(number)

    world.run()

    report = world.report(number)
    assert "COI002" in report and "ARABIC FATHATAN" in report
