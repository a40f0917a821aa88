"""The nomination check's runs as GitHub Actions queues them, for burst scenarios (tests/e2e/test_cutoff_burst.py).

Every delivery goes through the two jobs of `nomination-check.yml` → `reusable-nomination-check.yml`, each
queued in its concurrency group exactly as the stand-in repository's committed workflow files declare it
(`hub.job_concurrency`, so `queue: max` or `queue: single` comes from the file, and removing it there changes
what this runner does): `target` (finds the pull request at once) and then `check`, which runs
`election-bot pr` with the event as it was delivered and the check job's own token. A check run reads the
world when it *starts*; it stays in progress (a slow run: the runner, the membership directory) until the
test lets it finish, and only then does the next run of its group start.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from election_bot_demo.fakehub import QueuedRun, RunQueue
from election_bot_demo.fakehub.workflowfiles import Concurrency
from tests.helpers.world import REPO, Run, World

CALLER = "nomination-check.yml"
TARGET = "check/target"
CHECK = "check/check"


@dataclass(frozen=True)
class Delivery:
    """An event as GitHub delivered it: its name, the payload file, the pull request it is about."""

    name: str
    path: Path
    number: int


@dataclass
class CheckRun:
    delivery: Delivery
    result: Run | None = None


class CheckQueue:
    """The check's two jobs for one repository, queued per pull request as the workflow files say."""

    def __init__(self, world: World, monkeypatch: pytest.MonkeyPatch) -> None:
        self.world, self.monkeypatch = world, monkeypatch
        self.target: Concurrency | None = world.hub.job_concurrency(REPO, CALLER, TARGET)
        self.check: Concurrency | None = world.hub.job_concurrency(REPO, CALLER, CHECK)
        self.targets: RunQueue[Delivery] = RunQueue()
        self.checks: RunQueue[CheckRun] = RunQueue()
        self.executed: list[CheckRun] = []
        self._dispatches_seen: set[int] = set()

    # -- deliveries --------------------------------------------------------------------------------------

    def deliver(self, number: int) -> Delivery:
        """The event the world wrote last (`world.pr_event`, `world.comment`, `world.raw_event`), delivered:
        its `target` run is queued, and (when it starts: it finishes at once) its `check` run."""
        delivery = Delivery(os.environ["GITHUB_EVENT_NAME"], Path(os.environ["GITHUB_EVENT_PATH"]), number)
        payload = self._payload(delivery)
        at = self.world.hub.now
        run: QueuedRun[Delivery] | None = self.targets.submit_job(
            delivery, self.target, {"github": {"event": payload}}, at=at
        )
        while run is not None and run.status == "in_progress":
            run = self._target_done(run)
        return delivery

    def dispatched(self) -> list[Delivery]:
        """Deliver every `workflow_dispatch` of the nomination check the stand-in recorded since the last
        call (the cut-off pass's re-checks), with its `pr` input."""
        out = []
        for wrun in self.world.hub.workflow_runs(REPO):
            wanted = wrun.event == "workflow_dispatch" and wrun.workflow_path.endswith(CALLER)
            if wrun.id in self._dispatches_seen or not wanted:
                continue
            self._dispatches_seen.add(wrun.id)
            number = int(wrun.inputs["pr"])
            self.world.raw_event("workflow_dispatch", {"inputs": {"pr": str(number)}, "ref": wrun.ref})
            out.append(self.deliver(number))
        return out

    # -- runs ----------------------------------------------------------------------------------------------

    def running(self) -> list[QueuedRun[CheckRun]]:
        return [r for r in self.checks.runs if r.status == "in_progress"]

    def finish(self, number: int) -> QueuedRun[CheckRun] | None:
        """The running check of pull request `number` finishes; the next one of its group starts (and reads
        the world now)."""
        current = next(r for r in self.running() if r.payload.delivery.number == number)
        following = self.checks.finish(current, at=self.world.hub.now)
        if following is not None:
            self._execute(following.payload)
        return following

    def drain(self) -> None:
        """Every run finishes, oldest start first, until nothing runs or waits."""
        while active := self.running():
            self.finish(min(active, key=lambda r: r.start_order or 0).payload.delivery.number)

    def cancelled(self) -> list[Delivery]:
        return [r.payload.delivery for r in self.checks.cancelled()] + [
            r.payload for r in self.targets.cancelled()
        ]

    # -- inside ---------------------------------------------------------------------------------------------

    @staticmethod
    def _payload(delivery: Delivery) -> dict[str, Any]:
        data = json.loads(delivery.path.read_text())
        return data if isinstance(data, dict) else {}

    def _target_done(self, run: QueuedRun[Delivery]) -> QueuedRun[Delivery] | None:
        """`target` ran (it only names the pull request): its check is queued, the next target starts."""
        delivery = run.payload
        needs = {"needs": {"target": {"outputs": {"pr": str(delivery.number)}}}}
        check = self.checks.submit_job(CheckRun(delivery), self.check, needs, at=self.world.hub.now)
        if check.status == "in_progress":
            self._execute(check.payload)
        return self.targets.finish(run, at=self.world.hub.now)

    def _execute(self, run: CheckRun) -> None:
        """`election-bot pr` as the check job runs it: its delivery, its pull request, its own token."""
        world, delivery = self.world, run.delivery
        job = world.hub.token_for_job(REPO, CALLER, CHECK, event=delivery.name)
        self.monkeypatch.setenv("GITHUB_TOKEN", job.token)
        self.monkeypatch.setenv("GITHUB_EVENT_NAME", delivery.name)
        self.monkeypatch.setenv("GITHUB_EVENT_PATH", str(delivery.path))
        self.monkeypatch.setenv("ELECTION_BOT_PR_NUMBER", str(delivery.number))
        run.result = world.run()
        assert run.result.code in (0, 1), run.result.out + run.result.err
        self.executed.append(run)
