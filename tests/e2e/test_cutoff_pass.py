"""The cut-off pass on the strict stand-in, each job with the token its workflow files declare (issues 27
and 28): it labels every open nomination and records in the nominations issue what each one opened in time
proposed, and starts no run — each report already said what happens to a nomination not ready by the
cut-off, and the check's next run says the nominations closed. The check reads the record back only where
it can date a nomination nothing else on record dates, and only from the bot's own issue."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot import phases
from bot.cli import main
from bot.config.timeline import format_utc
from bot.nominations.record import Snapshot
from tests.helpers.repo import ROOT
from tests.helpers.world import CUTOFF, ELECTION_ID, IN_WINDOW, REPO, World

CHECK = "check/check"
SCHEDULE = {"schedule": "4,14,24,34,44,54 * * * *", "repository": {"default_branch": "main"}}


def timer_sync(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """One run of the phases timer at `hub.now`, with its job's own token."""
    timer = world.hub.token_for_job(REPO, "phases-timer.yml", "phases/sync", event="schedule")
    assert "actions" not in timer.permissions  # it dispatches nothing: least privilege
    monkeypatch.setenv("GITHUB_TOKEN", timer.token)
    world.raw_event("schedule", SCHEDULE)
    assert main(["sync", "--at", format_utc(world.hub.now)]) == 0


def check_job(world: World, monkeypatch: pytest.MonkeyPatch, event: str) -> None:
    job = world.hub.token_for_job(REPO, "nomination-check.yml", CHECK, event=event)
    monkeypatch.setenv("GITHUB_TOKEN", job.token)


def test_the_pass_labels_records_and_starts_no_run(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    hub = world.hub
    hub.add_workflows(REPO, ROOT)
    world.set_roster(janedoe="fellow")
    world.user("bob")
    hub.now = IN_WINDOW
    timer_sync(world, monkeypatch)  # the nominations issue opens
    check_job(world, monkeypatch, "pull_request_target")
    number = world.nominate("bob", "janedoe")  # waits for janedoe's consent when the nominations close
    world.pr_event(number)
    assert world.run().code == 1
    before = world.report(number)
    assert "before the cut-off" in before and "goes to the election administrators" in before

    hub.now = CUTOFF + timedelta(minutes=4)
    hub.reset_log()
    timer_sync(world, monkeypatch)
    assert hub.workflow_runs(REPO) == [] or all(
        r.event != "workflow_dispatch" for r in hub.workflow_runs(REPO)
    )
    assert "open-at-cutoff" in world.labels(number)
    assert world.report(number) == before  # untouched, and still true
    assert len(world.bot_comments(number)) == 1  # the report only: no comment from the pass
    on_pull = [w for w in hub.writes() if f"/issues/{number}/" in w.path]
    assert [w.path.rsplit("/", 1)[-1] for w in on_pull] == ["labels"]  # one write on the pull request
    [issue] = [i for i in hub.issues(REPO) if phases.recorded_pulls(i.body or "", ELECTION_ID)]
    assert phases.recorded_pulls(issue.body or "", ELECTION_ID) == {number}

    # The check's next run (janedoe's consent, after the cut-off) says the nominations closed.
    check_job(world, monkeypatch, "issue_comment")
    hub.now = CUTOFF + timedelta(minutes=30)
    world.comment_event(number, world.comment(number, "janedoe", "/consent"))
    run = world.run()
    assert run.code == 0, run.out + run.err  # consented: opened in time, on record before the cut-off
    after = world.report(number)
    assert after != before and "before the cut-off" not in after


def test_people_with_write_access_may_still_check_a_pull_request_again_by_hand(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub = world.hub
    hub.add_workflows(REPO, ROOT)
    world.set_roster(janedoe="fellow")
    number = world.nominate("janedoe")
    check_job(world, monkeypatch, "workflow_dispatch")
    world.raw_event("workflow_dispatch", {"inputs": {"pr": str(number)}, "ref": "refs/heads/main"})
    monkeypatch.setenv("ELECTION_BOT_PR_NUMBER", str(number))
    run = world.run()
    assert run.code == 0, run.out + run.err
    assert "ready-for-review" in world.labels(number)


def _never_checked_before_the_cut_off(world: World, monkeypatch: pytest.MonkeyPatch) -> int:
    """A nomination opened in time whose check never ran before the cut-off (say, Actions was down): the
    pass records it; the check's first run comes after the cut-off."""
    hub = world.hub
    hub.add_workflows(REPO, ROOT)
    world.set_roster(janedoe="fellow")
    hub.now = IN_WINDOW
    timer_sync(world, monkeypatch)
    number = world.nominate("janedoe", created_at=CUTOFF - timedelta(hours=1))
    hub.now = CUTOFF + timedelta(minutes=4)
    timer_sync(world, monkeypatch)
    assert "open-at-cutoff" in world.labels(number)
    hub.now = CUTOFF + timedelta(hours=2)
    check_job(world, monkeypatch, "pull_request_target")
    world.pr_event(number, "reopened")
    return number


def test_the_record_dates_a_nomination_the_check_first_saw_after_the_cut_off(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    number = _never_checked_before_the_cut_off(world, monkeypatch)
    world.hub.reset_log()
    run = world.run()
    assert run.code == 0, run.out + run.err
    report = world.report(number)
    assert "WIN003" not in report and "WIN002" not in report
    assert "the cut-off pass" in report  # where the evidence came from
    issues = [r for r in world.hub.requests if r.path == f"/repos/{REPO}/issues"]
    assert len(issues) == 1  # one read of the bot's issues


def test_a_record_in_an_issue_someone_else_wrote_is_not_evidence(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same nomination, labelled `open-at-cutoff` by an admin, and a copy of a nominations issue with
    a record line for it, opened (and labelled) by someone else: not the bot's, so not evidence."""
    hub = world.hub
    hub.add_workflows(REPO, ROOT)
    world.set_roster(janedoe="fellow")
    number = world.nominate("janedoe", created_at=CUTOFF - timedelta(hours=1))
    hub.now = CUTOFF + timedelta(minutes=4)
    head = hub.pull(REPO, number).head_sha
    line = phases.cutoff_marker(ELECTION_ID, number, Snapshot(head, CUTOFF - timedelta(hours=1), hub.now))
    body = phases.compose("Nominations", phases.PhaseMarker(ELECTION_ID, "nominations", ""))
    hub.create_issue(
        REPO, "mallory", "Nominations", phases.with_cutoff_record(body, [line]), labels=["election-bot"]
    )
    hub.label_issue(REPO, number, "open-at-cutoff")
    hub.now = CUTOFF + timedelta(hours=2)
    check_job(world, monkeypatch, "pull_request_target")
    world.pr_event(number, "reopened")
    run = world.run()
    assert run.code == 1, run.out + run.err
    assert "WIN003" in world.report(number)  # the admins decide
