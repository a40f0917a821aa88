"""Creating a label may be refused to the check job's token (issue 27): its workflow grants pull-requests:
write and no issues: write, and the stand-in applies the field reports' reading (only issues: write may
create a label). The check never stops for it; the phases reconciler, whose job has issues: write, creates
the nominee's label on its pass, and duplicate detection works from there. Every command runs with the
token its job declares in this repository's workflow files."""

from __future__ import annotations

import logging

import pytest

from bot.cli import main
from bot.config.timeline import format_utc
from tests.helpers.repo import ROOT
from tests.helpers.world import IN_WINDOW, REPO, World

CHECK = "check/check"


def as_check_job(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    job = world.hub.token_for_job(REPO, "nomination-check.yml", CHECK, event="pull_request_target")
    assert job.permissions.get("issues") is None and job.permissions["pull_requests"] == "write"
    monkeypatch.setenv("GITHUB_TOKEN", job.token)


def sync_as_timer(world: World, monkeypatch: pytest.MonkeyPatch) -> int:
    job = world.hub.token_for_job(REPO, "phases-timer.yml", "phases/sync", event="schedule")
    assert job.permissions["issues"] == "write"
    monkeypatch.setenv("GITHUB_TOKEN", job.token)
    return main(["sync", "--at", format_utc(world.hub.now)])


@pytest.fixture
def strict(world: World) -> World:
    world.hub.add_workflows(REPO, ROOT)
    world.hub.now = IN_WINDOW
    world.set_roster(janedoe="fellow")
    return world


def test_a_refused_label_does_not_stop_the_check_and_the_reconciler_adds_it(
    strict: World, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    world = strict
    number = world.nominate("janedoe")
    world.pr_event(number)
    as_check_job(world, monkeypatch)
    with caplog.at_level(logging.WARNING):
        run = world.run()
    assert run.code == 0, run.out + run.err  # ready for review: nothing aborted
    assert world.conclusion(number) == "success"
    assert "Ready for review" in world.report(number)
    assert world.labels(number) == {"nomination", "ready-for-review"}  # the fixed labels exist
    refused = [r for r in run.requests if r.method == "POST" and r.path == f"/repos/{REPO}/labels"]
    assert [r.status for r in refused] == [403]
    assert "refused to create the labels nominee:janedoe" in caplog.text

    assert sync_as_timer(world, monkeypatch) == 0
    assert "nominee:janedoe" in {label.name for label in world.hub.labels(REPO)}
    assert "nominee:janedoe" in world.labels(number)

    # A second nomination of the same person is found through the label the reconciler added.
    world.user("bob")
    second = world.nominate("bob", "janedoe")
    world.pr_event(second)
    as_check_job(world, monkeypatch)
    run = world.run()
    assert run.code == 1
    assert "PR008" in world.report(second)
    assert f"/pull/{number})" in world.report(second) or f"#&#8203;{number}" in world.report(second)


def test_the_reconciler_costs_one_request_when_no_label_is_missing(
    strict: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = strict
    assert sync_as_timer(world, monkeypatch) == 0  # opens the phase issues
    world.hub.reset_log()
    assert sync_as_timer(world, monkeypatch) == 0
    assert [r.path.removeprefix(f"/repos/{REPO}") for r in world.hub.requests if r.method == "GET"][
        -1
    ] == "/pulls"
    assert world.hub.writes() == []


def test_with_the_documented_either_or_the_check_creates_the_label_itself(
    strict: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = strict
    world.hub.set_label_creation_rule(strict=False)
    number = world.nominate("janedoe")
    world.pr_event(number)
    as_check_job(world, monkeypatch)
    assert world.run().code == 0
    assert world.labels(number) == {"nomination", "nominee:janedoe", "ready-for-review"}


def test_a_refusal_of_anything_else_still_fails_closed(
    strict: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only label creation is forgiven: a job that may not write check runs is told so and claims nothing."""
    world = strict
    number = world.nominate("janedoe")
    world.pr_event(number)
    text = (ROOT / ".github/workflows/reusable-nomination-check.yml").read_text()
    reduced = text.replace("      checks: write         # the check run and its line annotations\n", "", 1)
    caller = (ROOT / ".github/workflows/nomination-check.yml").read_text()
    caller = caller.replace("      checks: write         # the check run and its line annotations\n", "", 1)
    assert reduced != text and caller != (ROOT / ".github/workflows/nomination-check.yml").read_text()
    world.hub.add_workflows(REPO, {"reusable-nomination-check.yml": reduced, "nomination-check.yml": caller})
    as_check_job(world, monkeypatch)
    run = world.run()
    assert run.code == 2 and "Nothing is claimed valid" in run.err
    assert world.checks(number) == []


def test_the_reconciler_leaves_a_decoys_label_to_the_check(
    strict: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 28: a decoy (`decoy.md` saying `github: janedoe`) gets no nominee label from the check, whose
    rule is that the file name and `github:` agree; the reconciler labelled it by file name on every pass and
    the check took the label off on its next run (three requests a pass, and a tug-of-war)."""
    world = strict
    world.hub.set_label_creation_rule(strict=False)
    world.user("mallory")
    decoy = world.nominate("mallory", "janedoe", path="nominations/sample-2026/mallory.md")
    world.pr_event(decoy)
    as_check_job(world, monkeypatch)
    assert world.run().code == 1
    assert "needs-changes" in world.labels(decoy)
    assert not any(name.startswith("nominee:") for name in world.labels(decoy))
    world.hub.reset_log()
    assert sync_as_timer(world, monkeypatch) == 0
    assert not any(name.startswith("nominee:") for name in world.labels(decoy))
    assert not [r for r in world.hub.requests if r.path.endswith(f"/pulls/{decoy}/files")]
    world.pr_event(decoy, "synchronize")
    as_check_job(world, monkeypatch)
    run = world.run()
    assert not [r for r in run.requests if r.method == "DELETE"]
