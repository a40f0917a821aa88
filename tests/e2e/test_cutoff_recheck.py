"""The cut-off pass re-checks every open nomination (issue 27): it writes with GITHUB_TOKEN, whose events
start no workflow, so it dispatches the nomination check for each pull request it labels — the documented
exception — and that run's report says what is true after the cut-off. Each job runs with the token its
workflow files declare."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from bot.cli import main
from bot.config.timeline import format_utc
from tests.helpers.repo import ROOT
from tests.helpers.world import CUTOFF, REPO, World

CHECK = "check/check"


def test_the_cut_off_pass_dispatches_the_check_and_the_report_follows(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub = world.hub
    hub.add_workflows(REPO, ROOT)
    world.set_roster(janedoe="fellow")
    world.user("bob")
    number = world.nominate("bob", "janedoe")  # waits for janedoe's consent when the nominations close
    world.pr_event(number)
    assert world.run().code == 1
    before = world.report(number)

    hub.now = CUTOFF + timedelta(minutes=4)
    timer = hub.token_for_job(REPO, "phases-timer.yml", "phases/sync", event="schedule")
    assert timer.permissions["actions"] == "write"
    monkeypatch.setenv("GITHUB_TOKEN", timer.token)
    world.raw_event(
        "schedule", {"schedule": "4,14,24,34,44,54 * * * *", "repository": {"default_branch": "main"}}
    )
    hub.reset_log()
    assert main(["sync", "--at", format_utc(hub.now)]) == 0
    dispatched = [r for r in hub.workflow_runs(REPO) if r.workflow_path.endswith("nomination-check.yml")]
    assert [(r.event, r.inputs) for r in dispatched] == [("workflow_dispatch", {"pr": str(number)})]

    # The dispatched run: the check job's own token, the pull request named by the workflow's input.
    job = hub.token_for_job(REPO, "nomination-check.yml", CHECK, event="workflow_dispatch")
    monkeypatch.setenv("GITHUB_TOKEN", job.token)
    world.raw_event("workflow_dispatch", {"inputs": {"pr": str(number)}, "ref": "refs/heads/main"})
    monkeypatch.setenv("ELECTION_BOT_PR_NUMBER", str(number))
    run = world.run()
    assert run.code == 1, run.out + run.err
    after = world.report(number)
    assert after != before  # the report now knows the nominations closed
    assert "open-at-cutoff" in world.labels(number) or "late" in world.labels(number)


def test_a_job_without_actions_write_is_told_and_the_pass_goes_on(
    world: World, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    hub = world.hub
    text = (ROOT / ".github/workflows/reusable-phases.yml").read_text()
    reduced = text.replace(
        "      actions: write       # at the cut-off: re-run the nomination check",
        "      # at the cut-off: re-run the nomination check",
        1,
    )
    callers = {
        name: (ROOT / ".github/workflows" / name)
        .read_text()
        .replace(
            "      actions: write       # at the cut-off: re-run the nomination check on each of them (a dispatch)\n",
            "",
        )
        for name in ("phases-timer.yml", "phases.yml")
    }
    assert reduced != text
    hub.add_workflows(REPO, ROOT)
    hub.add_workflows(REPO, {"reusable-phases.yml": reduced, **callers})
    world.user("bob")
    number = world.nominate("bob", "janedoe")
    world.pr_event(number)
    world.run()
    hub.now = CUTOFF + timedelta(minutes=4)
    timer = hub.token_for_job(REPO, "phases-timer.yml", "phases/sync", event="schedule")
    assert timer.permissions.get("actions") is None
    monkeypatch.setenv("GITHUB_TOKEN", timer.token)
    capsys.readouterr()
    assert main(["sync", "--at", format_utc(hub.now)]) == 0
    out = capsys.readouterr().out
    assert f"#{number}: the check could not be started again" in out
    assert [r for r in hub.workflow_runs(REPO) if r.event == "workflow_dispatch"] == []
    assert json.dumps(sorted(world.labels(number)))  # labelled all the same
    assert world.labels(number) & {"open-at-cutoff", "late"}


def test_a_nomination_ready_for_review_is_not_checked_again_at_the_cut_off(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 28: at the cut-off, the hour's busiest moment, a re-run of a pull request whose report asks
    nobody to act (ready for review) changes nothing; the one with something left to do is re-checked."""
    hub = world.hub
    hub.add_workflows(REPO, ROOT)
    world.set_roster(janedoe="fellow", carol="fellow")
    ready = world.nominate("janedoe")
    world.pr_event(ready)
    assert world.run().code == 0
    world.user("bob")
    waiting = world.nominate("bob", "carol")
    world.pr_event(waiting)
    assert world.run().code == 1
    before = world.report(ready)

    hub.now = CUTOFF + timedelta(minutes=4)
    timer = hub.token_for_job(REPO, "phases-timer.yml", "phases/sync", event="schedule")
    monkeypatch.setenv("GITHUB_TOKEN", timer.token)
    world.raw_event(
        "schedule", {"schedule": "4,14,24,34,44,54 * * * *", "repository": {"default_branch": "main"}}
    )
    assert main(["sync", "--at", format_utc(hub.now)]) == 0
    dispatched = [
        r.inputs for r in hub.workflow_runs(REPO) if r.workflow_path.endswith("nomination-check.yml")
    ]
    assert dispatched == [{"pr": str(waiting)}]
    assert world.labels(ready) & {"open-at-cutoff", "late"}  # labelled and told all the same
    assert world.report(ready) == before
