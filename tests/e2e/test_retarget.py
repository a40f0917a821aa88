"""A pull request into another branch than the default one nominates nobody when merged, and GitHub gives
its run the workflow of that branch (or, since December 2025, the default branch's, with the secrets): the
check says "retarget it" (PR012) and gives no verdict on membership (issue 27)."""

from __future__ import annotations

from tests.helpers.world import ELECTION_DIR, REPO, World, nomination_md


def test_a_pull_request_into_another_branch_is_told_to_retarget(world: World) -> None:
    world.set_roster(janedoe="fellow")
    world.hub.commit(REPO, "develop", {"README.md": b"a branch of its own\n"})
    number = world.hub.open_pull(
        REPO, "janedoe", {f"{ELECTION_DIR}/janedoe.md": nomination_md("janedoe")}, base="develop"
    )
    world.pr_event(number)
    run = world.run()
    assert run.code == 1
    report = world.report(number)
    assert "PR012" in report
    assert "asks to merge into `develop`, not into the default branch `main`" in report
    assert "MEM0" not in report
    assert "membership-unverified" not in world.labels(number)
    assert "needs-changes" in world.labels(number)
    assert world.conclusion(number) == "failure"
    assert "retarget this pull request to `main`" in report  # the one thing to do; no "push a fix"
    assert "then push" not in report
    assert "/blob/main/nominations/README.md#pr012" in report  # the guide of the default branch
    assert "checked once the pull request targets the default branch" in report


def test_the_same_nomination_into_the_default_branch_is_judged(world: World) -> None:
    world.set_roster(janedoe="fellow")
    number = world.nominate("janedoe")
    world.pr_event(number)
    assert world.run().code == 0
    assert "PR012" not in world.report(number)
