"""Runs in concurrency groups: one running, one pending that a newer run replaces, or (`queue: max`) up to 100
pending in order; `cancel-in-progress` (runqueue.py cites GitHub's page for each rule)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from election_bot_demo.fakehub import FakeHub, RunQueue
from election_bot_demo.fakehub import workflowfiles as wf
from election_bot_demo.fakehub.runqueue import QueueMode
from tests.helpers.repo import ROOT

CUTOFF = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
GROUP = "election-bot-nomination-7"


def burst(
    runs: RunQueue[int], n: int = 40, *, queue: QueueMode = "single", cancel_in_progress: bool = False
) -> None:
    """n pushes to one pull request within the minute before the cut-off."""
    for push in range(1, n + 1):
        at = CUTOFF - timedelta(seconds=60 - push)
        runs.submit(push, group=GROUP, at=at, queue=queue, cancel_in_progress=cancel_in_progress)


def test_a_burst_keeps_the_first_and_the_last() -> None:
    """40 pushes, the default queue: the first runs, each newer one replaces the one pending; 38 are
    cancelled and their events are never seen."""
    queue: RunQueue[int] = RunQueue()
    burst(queue)
    running = queue.running(GROUP)
    assert running is not None
    assert running.payload == 1
    assert [r.payload for r in queue.pending(GROUP)] == [40]
    cancelled = queue.cancelled()
    assert [r.payload for r in cancelled] == list(range(2, 40))
    assert all(r.cancelled_by == r.id + 1 for r in cancelled)  # each by the next arrival
    assert [r.payload for r in queue.drain(at=CUTOFF)] == [1, 40]


def test_the_pending_run_is_replaced_even_after_waiting_long() -> None:
    queue: RunQueue[str] = RunQueue()
    queue.submit("opened", group=GROUP)
    early = queue.submit("push before the cut-off", group=GROUP, at=CUTOFF - timedelta(minutes=5))
    late = queue.submit("comment after the cut-off", group=GROUP, at=CUTOFF + timedelta(minutes=1))
    assert early.cancelled and early.cancelled_by == late.id
    assert [r.payload for r in queue.drain()] == ["opened", "comment after the cut-off"]


def test_queue_max_keeps_every_push_in_order() -> None:
    queue: RunQueue[int] = RunQueue()
    burst(queue, queue="max")
    assert queue.cancelled() == []
    assert [r.payload for r in queue.pending(GROUP)] == list(range(2, 41))
    assert [r.payload for r in queue.drain()] == list(range(1, 41))


def test_queue_max_cancels_arrivals_beyond_100_pending() -> None:
    queue: RunQueue[int] = RunQueue()
    burst(queue, 103, queue="max")
    assert len(queue.pending(GROUP)) == 100
    assert [r.payload for r in queue.cancelled()] == [102, 103]
    assert queue.cancelled()[0].cancelled_by is None  # refused on arrival, not replaced


def test_cancel_in_progress_keeps_only_the_newest() -> None:
    queue: RunQueue[int] = RunQueue()
    burst(queue, cancel_in_progress=True)
    running = queue.running(GROUP)
    assert running is not None
    assert running.payload == 40
    assert queue.pending(GROUP) == []
    assert [r.payload for r in queue.cancelled()] == list(range(1, 40))


def test_queue_max_with_cancel_in_progress_is_invalid() -> None:
    with pytest.raises(ValueError, match="queue: max cannot be combined with cancel-in-progress: true"):
        RunQueue[int]().submit(1, group=GROUP, queue="max", cancel_in_progress=True)
    text = "on: push\njobs: {j: {concurrency: {group: g, cancel-in-progress: true, queue: max}, steps: []}}\n"
    with pytest.raises(wf.WorkflowError, match="queue: max cannot be combined"):
        wf.parse(text, "w.yml").concurrency("j")


def test_groups_are_case_insensitive_and_independent() -> None:
    queue: RunQueue[str] = RunQueue()
    queue.submit("a1", group="Prod")
    queue.submit("a2", group="prod")
    queue.submit("b1", group="other")
    queue.submit("free")  # no group: runs at once
    assert [r.payload for r in queue.pending("PROD")] == ["a2"]
    assert [r.payload for r in queue.runs if r.status == "in_progress"] == ["a1", "b1", "free"]


def test_finish_starts_the_next_and_refuses_what_is_not_running() -> None:
    queue: RunQueue[str] = RunQueue()
    first = queue.submit("first", group=GROUP)
    second = queue.submit("second", group=GROUP)
    with pytest.raises(ValueError, match="pending, not in progress"):
        queue.finish(second)
    assert queue.finish(first, conclusion="failure") is second
    assert (first.conclusion, second.status) == ("failure", "in_progress")


def test_a_job_is_queued_with_the_concurrency_its_workflow_declares() -> None:
    """This repository's check job: one group per pull request, queue `single` as the file stands."""
    called = wf.read(wf.source_of(wf.load_directory(ROOT)), "reusable-nomination-check.yml")
    concurrency = called.concurrency("check")
    queue: RunQueue[int] = RunQueue()
    for push in range(1, 6):
        queue.submit_job(push, concurrency, {"needs": {"target": {"outputs": {"pr": "7"}}}})
    queue.submit_job(99, concurrency, {"needs": {"target": {"outputs": {"pr": "8"}}}})
    assert concurrency is not None
    expected = [1, 5] if concurrency.queue == "single" else [1, 2, 3, 4, 5]
    assert [r.payload for r in queue.drain() if r.payload != 99] == expected
    assert queue.running("election-bot-nomination-8") is None  # ran and finished in its own group


def test_group_expressions_are_filled_from_the_event() -> None:
    group = "t-${{ github.event.pull_request.number || github.event.issue.number }}"
    by_flag = wf.Concurrency(group=group, cancel_in_progress="${{ inputs.cancel }}")
    resolved = by_flag.resolve({"github": {"event": {"issue": {"number": 5}}}, "inputs": {"cancel": True}})
    assert (resolved.group, resolved.cancel_in_progress) == ("t-5", True)
    unsupported = wf.Concurrency(group=group, cancel_in_progress="${{ github.event_name == 'push' }}")
    with pytest.raises(wf.WorkflowError, match="cannot evaluate"):
        unsupported.resolve({})


def test_a_scenario_queues_as_the_committed_workflow_says(fakehub: FakeHub) -> None:
    """`hub.job_concurrency` reads the stand-in repository's own files, through the caller's `uses:`: a
    commit that drops `queue: max` makes the same job queue `single` again."""
    fakehub.add_repo("o/r")
    fakehub.add_workflows("o/r", ROOT)
    found = fakehub.job_concurrency("o/r", "nomination-check.yml", "check/check")
    assert found is not None and found.queue == "max" and found.cancel_in_progress is False
    assert found.resolve({"needs": {"target": {"outputs": {"pr": "7"}}}}).group == "election-bot-nomination-7"
    text = (ROOT / ".github/workflows/reusable-nomination-check.yml").read_text()
    fakehub.add_workflows("o/r", {"reusable-nomination-check.yml": text.replace("      queue: max\n", "")})
    single = fakehub.job_concurrency("o/r", "nomination-check.yml", "check/target")
    assert single is not None and single.queue == "single"
    assert fakehub.job_concurrency("o/r", "nomination-review.yml", "relay") is None  # its workflow's block
    with pytest.raises(wf.WorkflowError, match="calls no reusable workflow"):
        fakehub.job_concurrency("o/r", "reusable-nomination-check.yml", "check/check")
