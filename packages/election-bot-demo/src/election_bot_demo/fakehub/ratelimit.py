"""GitHub's REST rate limits as the stand-in keeps them: a primary budget per hour and a secondary limit on
content creation, on the hub's clock.

Source: https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api

- "Primary rate limit for GITHUB_TOKEN in GitHub Actions": "The rate limit for GITHUB_TOKEN is 1,000
  requests per hour per repository." Every installation token of one repository (every job, every run)
  draws on one budget; a person's token has 5,000 an hour ("Primary rate limit for authenticated users").
- "Checking the status of your rate limit": the `x-ratelimit-limit`, `-remaining`, `-used`, `-reset` (epoch
  seconds) and `-resource` headers; `GET /rate_limit` "does not count against your primary rate limit".
- "Exceeding the rate limit": 403 or 429 with `x-ratelimit-remaining: 0`; the stand-in answers 403 by
  default (configurable) with the body GitHub sends, "API rate limit exceeded for installation ID <n>.".
- "About secondary rate limits": "no more than 80 content-generating requests per minute and no more than
  500 content-generating requests per hour"; the answer is 403 (or 429) with a message about a secondary
  rate limit and, here, `retry-after`. Which requests are content-generating is not listed; the stand-in
  counts the POSTs that create an issue, a comment, a label or a check run (routes.py `creates_content`),
  not edits, label changes on an issue, deletions or dispatches.

A window starts at the first counted request and ends an hour later (the reset stays fixed while the
remaining count falls, as recorded traffic shows). Refusing is off by default, so tests written before these
rules run unchanged; `FakeHub.enforce_rate_limits()` turns it on.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Final

HOUR: Final = timedelta(hours=1)
MINUTE: Final = timedelta(minutes=1)
INSTALLATION_PER_HOUR: Final = 1000
USER_PER_HOUR: Final = 5000
CONTENT_PER_MINUTE: Final = 80
CONTENT_PER_HOUR: Final = 500


def repo_key(full_name: str) -> str:
    """The budget every installation token of one repository shares."""
    return f"repo:{full_name.lower()}"


@dataclass
class RatePolicy:
    enforce_primary: bool = False
    enforce_secondary: bool = False
    installation_per_hour: int = INSTALLATION_PER_HOUR
    user_per_hour: int = USER_PER_HOUR
    exhausted_status: int = 403  # GitHub sends 403 or 429
    content_per_minute: int = CONTENT_PER_MINUTE
    content_per_hour: int = CONTENT_PER_HOUR


@dataclass(frozen=True, slots=True)
class RateStatus:
    """One budget as the headers show it; `reset_at` is on the hub's clock."""

    limit: int
    used: int
    reset_at: datetime
    resource: str = "core"

    @property
    def remaining(self) -> int:
        return max(self.limit - self.used, 0)

    @property
    def exhausted(self) -> bool:
        return self.used > self.limit


@dataclass
class _Window:
    start: datetime
    used: int = 0


@dataclass
class RateLimiter:
    policy: RatePolicy = field(default_factory=RatePolicy)
    _windows: dict[str, _Window] = field(default_factory=dict)
    _created: dict[str, deque[datetime]] = field(default_factory=dict)

    def _window(self, key: str, now: datetime) -> _Window:
        window = self._windows.get(key)
        if window is None or now >= window.start + HOUR or now < window.start:
            window = self._windows[key] = _Window(start=now)
        return window

    def limit_for(self, installation: bool) -> int:
        return self.policy.installation_per_hour if installation else self.policy.user_per_hour

    def status(self, key: str, limit: int, now: datetime) -> RateStatus:
        """The budget without spending it (`GET /rate_limit`). An expired window reads as a fresh one."""
        window = self._windows.get(key)
        if window is None or now >= window.start + HOUR or now < window.start:
            return RateStatus(limit=limit, used=0, reset_at=now + HOUR)
        return RateStatus(limit=limit, used=window.used, reset_at=window.start + HOUR)

    def spend(self, key: str, limit: int, now: datetime) -> RateStatus:
        """Count one request; `exhausted` on the result says it is over the limit (refused if enforced)."""
        window = self._window(key, now)
        window.used += 1
        return RateStatus(limit=limit, used=window.used, reset_at=window.start + HOUR)

    def refuses_primary(self, status: RateStatus) -> bool:
        return self.policy.enforce_primary and status.exhausted

    def content_wait(self, key: str, now: datetime) -> int | None:
        """Seconds until one more content-generating request is allowed; None if it is allowed now."""
        created = self._created.setdefault(key, deque())
        while created and created[0] <= now - HOUR:
            created.popleft()
        waits: list[timedelta] = []
        in_minute = [t for t in created if t > now - MINUTE]
        if len(in_minute) >= self.policy.content_per_minute:
            waits.append(in_minute[len(in_minute) - self.policy.content_per_minute] + MINUTE - now)
        if len(created) >= self.policy.content_per_hour:
            waits.append(created[len(created) - self.policy.content_per_hour] + HOUR - now)
        if not waits:
            return None
        return max(1, int(max(waits).total_seconds()))

    def refuses_secondary(self, key: str, now: datetime) -> int | None:
        """Retry-After seconds when the secondary limit refuses a content-generating request now."""
        if not self.policy.enforce_secondary:
            return None
        return self.content_wait(key, now)

    def record_content(self, key: str, now: datetime) -> None:
        self._created.setdefault(key, deque()).append(now)

    def content_created(self, key: str, now: datetime, within: timedelta) -> int:
        return sum(1 for t in self._created.get(key, ()) if t > now - within)
