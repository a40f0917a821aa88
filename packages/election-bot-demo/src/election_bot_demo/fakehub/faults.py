"""Fault injection: make the Nth matching request fail the way GitHub fails, once.

`after_apply` models the nasty case: the write happened, then the answer was lost (a 502 or a dropped
connection), which is how a retried POST becomes a duplicate comment.
"""

from __future__ import annotations

import enum
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any, Final

RATE_LIMIT_DOCS: Final = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"


class Fault(enum.Enum):
    SERVER_ERROR = "server_error"  # 500
    BAD_GATEWAY = "bad_gateway"  # 502 with GitHub's HTML error page
    SECONDARY_RATE_LIMIT = "secondary_rate_limit"  # 403 + Retry-After
    PRIMARY_RATE_LIMIT = "primary_rate_limit"  # 403 + x-ratelimit-remaining: 0
    TOO_MANY_REQUESTS = "too_many_requests"  # 429 with no Retry-After and no rate-limit headers
    DROP = "drop"  # the connection closes without any response
    NOT_FOUND = "not_found"  # 404
    VALIDATION_FAILED = "validation_failed"  # 422, as when GitHub rejects what a write asks for


@dataclass
class Injection:
    """One armed fault. `seen` counts requests that matched method and path; fires when it reaches `nth`."""

    method: str | None
    pattern: re.Pattern[str]
    nth: int
    fault: Fault
    after_apply: bool = False
    retry_after: int = 60
    reset_in: int = 60
    seen: int = 0
    fired: bool = False

    def matches(self, method: str, path: str) -> bool:
        return (self.method is None or self.method == method) and self.pattern.search(path) is not None


@dataclass
class FaultBook:
    injections: list[Injection] = field(default_factory=list)

    def add(self, injection: Injection) -> Injection:
        if injection.nth < 1:
            raise ValueError("nth counts from 1")
        self.injections.append(injection)
        return injection

    def take(self, method: str, path: str) -> Injection | None:
        """Count this request against every pending injection it matches; return the one that fires."""
        firing: Injection | None = None
        for injection in self.injections:
            if injection.fired or not injection.matches(method, path):
                continue
            injection.seen += 1
            if firing is None and injection.seen >= injection.nth:
                injection.fired = True
                firing = injection
        return firing

    def pending(self) -> list[Injection]:
        return [i for i in self.injections if not i.fired]

    def clear(self) -> None:
        self.injections.clear()


@dataclass(frozen=True, slots=True)
class FaultResponse:
    status: int
    headers: dict[str, str]
    body: bytes
    content_type: str = "application/json; charset=utf-8"


_BAD_GATEWAY_PAGE: Final = (
    b"<!DOCTYPE html>\n<html><head><title>Unicorn! &middot; GitHub</title></head>"
    b"<body><p>We had issues producing the response to your request.</p>"
    b"<p>Sorry about that. Please try refreshing and contact us if the problem persists.</p></body></html>\n"
)


def _json(message: str, status: int, docs: str = "https://docs.github.com/rest") -> bytes:
    body: dict[str, Any] = {"message": message, "documentation_url": docs, "status": str(status)}
    return json.dumps(body).encode()


def secondary_message(request_id: str) -> str:
    """GitHub's words when a secondary rate limit refuses a request."""
    return (
        "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. "
        f"If you reach out to GitHub Support for help, please include the request ID {request_id}."
    )


def fault_response(
    injection: Injection, *, installation: bool, user_id: int, limit: int, request_id: str
) -> FaultResponse | None:
    """The bytes GitHub would send for this fault; None means: close the socket, send nothing."""
    fault = injection.fault
    if fault is Fault.DROP:
        return None
    if fault is Fault.SERVER_ERROR:
        return FaultResponse(500, {}, _json("Server Error", 500))
    if fault is Fault.BAD_GATEWAY:
        return FaultResponse(502, {}, _BAD_GATEWAY_PAGE, "text/html; charset=utf-8")
    if fault is Fault.NOT_FOUND:
        return FaultResponse(404, {}, _json("Not Found", 404))
    if fault is Fault.VALIDATION_FAILED:
        return FaultResponse(422, {}, _json("Validation Failed", 422))
    if fault is Fault.TOO_MANY_REQUESTS:
        # A rate-limit answer that does not say when to come back; GitHub's docs: wait at least a minute,
        # then exponentially longer ("Exceeding the rate limit").
        return FaultResponse(429, {}, _json(secondary_message(request_id), 429, RATE_LIMIT_DOCS))
    if fault is Fault.SECONDARY_RATE_LIMIT:
        return FaultResponse(
            403,
            {"Retry-After": str(injection.retry_after)},
            _json(secondary_message(request_id), 403, f"{RATE_LIMIT_DOCS}#about-secondary-rate-limits"),
        )
    # Primary: the reset is real wall-clock time, because clients compare it with their own clock.
    who = "installation ID 1" if installation else f"user ID {user_id}"
    return FaultResponse(
        403,
        {
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": str(int(time.time()) + injection.reset_in),
            "X-RateLimit-Used": str(limit),
            "X-RateLimit-Resource": "core",
        },
        _json(f"API rate limit exceeded for {who}.", 403, f"{RATE_LIMIT_DOCS}#about-rate-limits"),
    )
