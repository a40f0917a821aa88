"""The request log tests assert on: what was asked, by whom (login, never the token), and the answer."""

from __future__ import annotations

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

    def writes(self) -> list[RequestRecord]:
        return [r for r in self.records if r.is_write]

    def clear(self) -> None:
        self.records.clear()
