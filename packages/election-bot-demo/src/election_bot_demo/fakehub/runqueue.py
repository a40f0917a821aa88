"""Runs waiting in GitHub Actions concurrency groups: which start, which wait, which are cancelled.

Pure and deterministic, for scenario tests (a burst of pushes at the cut-off): events go in as runs with a
concurrency group, the test says when a run finishes, and the model answers which run starts next and which
were cancelled on the way. Rules, from
https://docs.github.com/en/actions/how-tos/write-workflows/choose-when-workflows-run/control-workflow-concurrency
("Using concurrency in different scenarios"):

- "there can be at most one running job or workflow in a concurrency group at any time"; a run that arrives
  while another runs is pending; "By default, any existing pending job or workflow in the same concurrency
  group will be canceled and the new queued job or workflow will take its place" (`queue: single`).
- `cancel-in-progress: true` also cancels the running one; the newcomer runs.
- `queue: max`: "up to 100 jobs or workflow runs can be pending in the concurrency group. When the queue is
  full, additional jobs or workflow runs are canceled"; pending runs start first in, first out, by the time
  they started waiting in the group (changelog 2026-05-07, "GitHub Actions concurrency groups now allow
  larger queues"). `queue: max` with `cancel-in-progress: true` is a workflow validation error.
- Group names are case-insensitive.

A run without a group starts at once and waits for nothing.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final, Generic, Literal, TypeVar

from election_bot_demo.fakehub.workflowfiles import Concurrency

T = TypeVar("T")
QueueMode = Literal["single", "max"]
RunStatus = Literal["pending", "in_progress", "completed"]
MAX_PENDING: Final = 100


@dataclass
class QueuedRun(Generic[T]):
    id: int
    payload: T
    group: str | None
    status: RunStatus
    submitted_at: datetime | None = None
    started_at: datetime | None = None
    completed_at: datetime | None = None
    conclusion: str | None = None  # success, failure, cancelled...
    cancelled_by: int | None = None  # the run whose arrival cancelled this one
    start_order: int | None = None  # 1 for the first run to start in the whole queue, and so on

    @property
    def cancelled(self) -> bool:
        return self.conclusion == "cancelled"


@dataclass
class RunQueue(Generic[T]):
    """Every concurrency group of one repository. `submit` an event's run, `finish` a running one."""

    max_pending: int = MAX_PENDING
    runs: list[QueuedRun[T]] = field(default_factory=list)
    _running: dict[str, QueuedRun[T]] = field(default_factory=dict)
    _pending: dict[str, list[QueuedRun[T]]] = field(default_factory=dict)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _starts: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @staticmethod
    def key(group: str) -> str:
        return group.casefold()

    def submit(
        self,
        payload: T,
        *,
        group: str | None = None,
        cancel_in_progress: bool = False,
        queue: QueueMode = "single",
        at: datetime | None = None,
    ) -> QueuedRun[T]:
        if queue == "max" and cancel_in_progress:
            raise ValueError("queue: max cannot be combined with cancel-in-progress: true")
        if queue not in ("single", "max"):
            raise ValueError(f"queue must be single or max, not {queue!r}")
        run: QueuedRun[T] = QueuedRun(
            id=next(self._ids), payload=payload, group=group, status="pending", submitted_at=at
        )
        self.runs.append(run)
        if group is None:
            self._start(run, at)
            return run
        key = self.key(group)
        pending = self._pending.setdefault(key, [])
        running = self._running.get(key)
        if cancel_in_progress:
            if running is not None:
                self._cancel(running, run, at)
                del self._running[key]
            for waiting in pending:
                self._cancel(waiting, run, at)
            pending.clear()
            running = None
        if running is None and not pending:
            self._running[key] = run
            self._start(run, at)
        elif queue == "single":
            for waiting in pending:
                self._cancel(waiting, run, at)
            pending[:] = [run]
        elif len(pending) >= self.max_pending:
            run.status, run.conclusion, run.completed_at = "completed", "cancelled", at
        else:
            pending.append(run)
        return run

    def submit_job(
        self,
        payload: T,
        concurrency: Concurrency | None,
        context: Mapping[str, Any],
        *,
        at: datetime | None = None,
    ) -> QueuedRun[T]:
        """Submit a run with a job's `concurrency:` as its workflow file declares it (`WorkflowFile.concurrency`),
        its group and cancel-in-progress filled from the event's `context`."""
        if concurrency is None:
            return self.submit(payload, at=at)
        spec = concurrency.resolve(context)
        return self.submit(
            payload,
            group=spec.group,
            cancel_in_progress=bool(spec.cancel_in_progress),
            queue=spec.queue,
            at=at,
        )

    def finish(
        self, run: QueuedRun[T] | int, *, conclusion: str = "success", at: datetime | None = None
    ) -> QueuedRun[T] | None:
        """Complete a running run; the first pending run of its group starts and is returned."""
        found = self._find(run)
        if found.status != "in_progress":
            raise ValueError(f"run {found.id} is {found.status}, not in progress")
        found.status, found.conclusion, found.completed_at = "completed", conclusion, at
        if found.group is None:
            return None
        key = self.key(found.group)
        if self._running.get(key) is found:
            del self._running[key]
        pending = self._pending.get(key, [])
        if not pending:
            return None
        following = pending.pop(0)
        self._running[key] = following
        self._start(following, at)
        return following

    def drain(self, *, at: datetime | None = None) -> list[QueuedRun[T]]:
        """Let every run finish (success), oldest start first, until nothing runs or waits; the runs in
        the order they completed."""
        done: list[QueuedRun[T]] = []
        while True:
            active = [r for r in self.runs if r.status == "in_progress"]
            if not active:
                return done
            first = min(active, key=lambda r: r.start_order or 0)
            self.finish(first, at=at)
            done.append(first)

    def running(self, group: str) -> QueuedRun[T] | None:
        return self._running.get(self.key(group))

    def pending(self, group: str) -> list[QueuedRun[T]]:
        return list(self._pending.get(self.key(group), []))

    def cancelled(self) -> list[QueuedRun[T]]:
        return [r for r in self.runs if r.cancelled]

    def _find(self, run: QueuedRun[T] | int) -> QueuedRun[T]:
        wanted = run if isinstance(run, int) else run.id
        for candidate in self.runs:
            if candidate.id == wanted:
                return candidate
        raise KeyError(f"no run {wanted}")

    def _start(self, run: QueuedRun[T], at: datetime | None) -> None:
        run.status, run.started_at, run.start_order = "in_progress", at, next(self._starts)

    @staticmethod
    def _cancel(run: QueuedRun[T], by: QueuedRun[T], at: datetime | None) -> None:
        run.status, run.conclusion, run.completed_at, run.cancelled_by = "completed", "cancelled", at, by.id
