"""PEP 772's cap on a nomination PR: a notice for voters when the nominee's employer is already shared by
as many merged candidates as the cap allows — never an error, never a label, never a failed check."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.world import ELECTION_DIR, World, nomination_md


def merge_locally(login: str) -> None:
    """A merged nomination in the checkout of the default branch (employer: Example Corporation)."""
    Path(ELECTION_DIR, f"{login}.md").write_bytes(nomination_md(login, name=login.title()))


def test_a_third_candidate_of_one_employer_gets_a_notice(world: World) -> None:
    merge_locally("ada-example")
    merge_locally("bo-example")
    world.set_roster(janedoe="fellow")
    number = world.nominate("janedoe")
    world.pr_event(number)

    run = world.run()

    assert run.code == 0
    assert world.conclusion(number) == "success"
    assert "ready-for-review" in world.labels(number)
    report = world.report(number)
    assert "COI001" in report
    assert "3 candidates are tied to Example Corporation" in report


def test_at_the_cap_there_is_no_notice(world: World) -> None:
    merge_locally("ada-example")
    world.set_roster(janedoe="fellow")
    number = world.nominate("janedoe")
    world.pr_event(number)

    assert world.run().code == 0
    assert "COI001" not in world.report(number)
