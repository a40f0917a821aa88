"""The request log tests assert on: what was asked, by whom (login, never the token), and the answer."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from election_bot_demo.fakehub.faults import Fault


@dataclass(frozen=True, slots=True)
class RequestRecord:
    method: str
    path: str  # without query string and without an /api/v3 prefix
    query: dict[str, list[str]]
    status: int | None  # None when the connection was dropped on purpose
    login: str | None  # who the token acted as; None when unauthenticated
    fault: Fault | None = None  # the injected fault, if one fired on this request
    at: datetime | None = None  # hub time
    repo: str | None = None  # whose rate budget it drew on: the token's repository (None: a person's)
    run_id: int | None = None  # the workflow run of the job token that made it
    job: str | None = None  # that job, as named to FakeHub.token_for_job
    counted: bool = False  # counts against the primary rate limit (not GET /rate_limit, not unauthenticated)

    @property
    def is_write(self) -> bool:
        return self.method not in ("GET", "HEAD")


@dataclass
class RequestLog:
    records: list[RequestRecord] = field(default_factory=list)

    def add(self, record: RequestRecord) -> None:
        self.records.append(record)

    def snapshot(self) -> list[RequestRecord]:
        return list(self.records)

    def count(self, method: str | None = None, path_prefix: str | None = None) -> int:
        return sum(
            1
            for r in self.records
            if (method is None or r.method == method.upper())
            and (path_prefix is None or r.path.startswith(path_prefix))
        )

    def per_hour(self, repo: str | None = None) -> dict[datetime, int]:
        """Counted requests per clock hour of the hub (the hour's start), optionally of one repository."""
        hours: Counter[datetime] = Counter()
        for r in self._counted(repo):
            if r.at is not None:
                hours[r.at.replace(minute=0, second=0, microsecond=0)] += 1
        return dict(sorted(hours.items()))

    def per_run(self, repo: str | None = None) -> dict[int, int]:
        """Counted requests per workflow run (job tokens only), optionally of one repository."""
        runs: Counter[int] = Counter(r.run_id for r in self._counted(repo) if r.run_id is not None)
        return dict(sorted(runs.items()))

    def _counted(self, repo: str | None) -> list[RequestRecord]:
        return [
            r
            for r in self.records
            if r.counted and (repo is None or (r.repo is not None and r.repo.lower() == repo.lower()))
        ]

    def writes(self) -> list[RequestRecord]:
        return [r for r in self.records if r.is_write]

    def clear(self) -> None:
        self.records.clear()
