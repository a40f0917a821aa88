"""A late nomination an admin accepted, in an election whose nominations phase has no announcement issue
(`announce: false`): issue 28, item 9, said `sync` re-added `late` on every run and the check removed it,
a label tug-of-war. Built in the adversarial order, sync runs and check runs alternating; what must hold
is about labels and writes, not about what the cut-off pass says."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.cli import main
from bot.config.timeline import format_utc
from tests.helpers.repo import ROOT
from tests.helpers.world import CANARY_TOKEN, CUTOFF, ELECTION_DIR, REPO, SOURCE_CONFIG, World, settled

CHECK = "check/check"
SYNCS = 4


def _sync(world: World, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """One `election-bot sync` as the timer runs it (its own job token); its requests."""
    hub = world.hub
    timer = hub.token_for_job(REPO, "phases-timer.yml", "phases/sync", event="schedule")
    monkeypatch.setenv("GITHUB_TOKEN", timer.token)
    world.raw_event(
        "schedule", {"schedule": "4,14,24,34,44,54 * * * *", "repository": {"default_branch": "main"}}
    )
    hub.reset_log()
    code = main(["sync", "--at", format_utc(hub.now)])
    monkeypatch.setenv("GITHUB_TOKEN", CANARY_TOKEN)
    assert code == 0
    return [(r.method, r.path) for r in hub.requests]


def test_an_accepted_late_nomination_keeps_its_labels_through_sync_and_check_runs(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub = world.hub
    hub.add_workflows(REPO, ROOT)
    config = SOURCE_CONFIG.read_text()
    quiet = config.replace("    kind: nominations\n", "    kind: nominations\n    announce: false\n", 1)
    assert quiet != config
    world.commit_main({f"{ELECTION_DIR}/election.yaml": quiet.encode()})
    world.set_roster(janedoe="fellow")
    hub.set_permission(REPO, "maintainer", "maintain")

    # Opened half an hour after the cut-off; the check says late.
    hub.now = CUTOFF + timedelta(minutes=30)
    number = world.nominate("janedoe", created_at=hub.now)
    world.pr_event(number)
    settled(world, code=1)
    assert "late" in world.labels(number)

    # An admin accepts it; the check runs again on that comment and passes.
    hub.now += timedelta(minutes=10)
    world.comment(number, "maintainer", "Opened during a GitHub outage.\n/accept-late")
    settled(world, code=0)
    accepted = world.labels(number)
    assert "late" in accepted and "ready-for-review" in accepted
    report = world.report(number)

    # Sync runs and check runs alternate: nothing moves any more.
    on_the_pull = (f"/repos/{REPO}/issues/{number}/", f"/repos/{REPO}/pulls/{number}")
    later_writes: list[tuple[str, str]] = []
    for turn in range(SYNCS):
        hub.now += timedelta(minutes=10)
        requests = _sync(world, monkeypatch)
        # (without an announcement issue to remember the cut-off pass in, every sync looks at the pulls)
        assert any(m == "GET" and p.startswith(f"/repos/{REPO}/pulls") for m, p in requests)
        writes = [(method, path) for method, path in requests if method not in ("GET", "HEAD")]
        assert [w for w in writes if w[1].startswith(on_the_pull)] == [], writes
        assert world.labels(number) == accepted, f"sync {turn + 1}"
        dispatched = [r for r in hub.workflow_runs(REPO) if r.event == "workflow_dispatch"]
        assert dispatched == [], f"sync {turn + 1} started the check again"
        if turn:
            later_writes += writes

        hub.now += timedelta(minutes=1)
        world.pr_event(number, "edited")  # (a title edit: any event that starts the check)
        run = world.run()
        assert run.code == 0, run.out + run.err
        assert run.writes == [], [(r.method, r.path) for r in run.writes]
        assert world.labels(number) == accepted, f"check run {turn + 1}"
    assert later_writes == []  # after the first sync, every later one finds everything in place
    assert world.report(number) == report
