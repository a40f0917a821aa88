"""One request in, one answer out: authentication, fault injection, rate-limit headers, routing, the log.

No sockets here (that is server.py), so the order of those steps is easy to read and to change.
"""

from __future__ import annotations

import itertools
import json
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import parse_qs

from election_bot_demo.fakehub import routes
from election_bot_demo.fakehub.api import Request
from election_bot_demo.fakehub.errors import ApiError
from election_bot_demo.fakehub.faults import FaultBook, Injection, fault_response
from election_bot_demo.fakehub.requestlog import RequestLog, RequestRecord
from election_bot_demo.fakehub.serialise import Urls
from election_bot_demo.fakehub.state import BOT_ID, Actor, HubState

ENTERPRISE_PREFIX: Final = "/api/v3"
JSON_TYPE: Final = "application/json; charset=utf-8"
BOT_RATE_LIMIT: Final = 1000  # GITHUB_TOKEN: 1,000 requests per hour per repository
USER_RATE_LIMIT: Final = 5000
WINDOW: Final = 3600


@dataclass(frozen=True, slots=True)
class Outcome:
    """What to send back; status 0 means: drop the connection without a word."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def dropped(self) -> bool:
        return self.status == 0


DROPPED: Final = Outcome(0, {}, b"")


def _json_outcome(status: int, body: Any, headers: Mapping[str, str] | None = None) -> Outcome:
    out = {"Content-Type": JSON_TYPE, **(headers or {})}
    if body is None:
        out.pop("Content-Type")
        return Outcome(status, out, b"")
    return Outcome(status, out, json.dumps(body, ensure_ascii=False).encode("utf-8"))


def _token(headers: Mapping[str, str]) -> str | None:
    """`Authorization: token X` or `Bearer X` (scheme case-insensitive); header names are lower-cased."""
    value = headers.get("authorization")
    if not value:
        return None
    scheme, _, token = value.strip().partition(" ")
    if scheme.lower() not in ("token", "bearer") or not token.strip():
        return None
    return token.strip()


class Dispatcher:
    def __init__(self, state: HubState, log: RequestLog, faults: FaultBook) -> None:
        self.state = state
        self.log = log
        self.faults = faults
        self.internal_errors: list[BaseException] = []
        self._request_ids = itertools.count(1)
        self._window_start = int(time.time())
        self._used: dict[int, int] = {}

    def _rate(self, actor: Actor, *, count: bool) -> tuple[int, int, int]:
        """(limit, remaining, reset) in real epoch seconds: clients compare the reset with their own clock."""
        now = int(time.time())
        if now >= self._window_start + WINDOW:
            self._window_start, self._used = now, {}
        limit = BOT_RATE_LIMIT if actor.installation else USER_RATE_LIMIT
        if count:
            self._used[actor.user.id] = self._used.get(actor.user.id, 0) + 1
        used = self._used.get(actor.user.id, 0)
        return limit, max(limit - used, 0), self._window_start + WINDOW

    def handle(
        self, method: str, raw_path: str, headers: Mapping[str, str], raw_body: bytes, host: str
    ) -> Outcome:
        path, _, query_string = raw_path.partition("?")
        prefix = ""
        if path == ENTERPRISE_PREFIX or path.startswith(ENTERPRISE_PREFIX + "/"):
            prefix, path = ENTERPRISE_PREFIX, path[len(ENTERPRISE_PREFIX) :] or "/"
        query = parse_qs(query_string, keep_blank_values=True)
        request_id = f"{next(self._request_ids):04X}:{secrets.token_hex(4).upper()}"
        urls = Urls(api=f"http://{host}{prefix}", web=f"http://{host}")
        with self.state.lock:
            injection = self.faults.take(method, path)
            actor: Actor | None
            if injection is not None and not injection.after_apply:
                actor = self._peek_actor(headers)
                outcome = self._fault(injection, actor, request_id)
            else:
                outcome, actor = self._serve(method, path, query, headers, raw_body, urls, request_id)
                if injection is not None:
                    # The change is made; only the answer is lost.
                    outcome = self._fault(injection, actor, request_id)
            self.log.add(
                RequestRecord(
                    method=method,
                    path=path,
                    query=query,
                    status=None if outcome.dropped else outcome.status,
                    login=actor.user.login if actor else None,
                    fault=injection.fault if injection else None,
                    at=self.state.now(),
                )
            )
            return outcome

    def _peek_actor(self, headers: Mapping[str, str]) -> Actor | None:
        token = _token(headers)
        if token is None:
            return None
        try:
            return self.state.actor_for(token)
        except ApiError:
            return None

    def _fault(self, injection: Injection, actor: Actor | None, request_id: str) -> Outcome:
        response = fault_response(
            injection,
            installation=actor.installation if actor else True,
            user_id=actor.user.id if actor else BOT_ID,
            limit=USER_RATE_LIMIT if actor and not actor.installation else BOT_RATE_LIMIT,
            request_id=request_id,
        )
        if response is None:
            return DROPPED
        return Outcome(
            response.status,
            {"Content-Type": response.content_type, "X-GitHub-Request-Id": request_id, **response.headers},
            response.body,
        )

    def _serve(
        self,
        method: str,
        path: str,
        query: dict[str, list[str]],
        headers: Mapping[str, str],
        raw_body: bytes,
        urls: Urls,
        request_id: str,
    ) -> tuple[Outcome, Actor | None]:
        common = {"X-GitHub-Request-Id": request_id, "X-GitHub-Media-Type": "github.v3; format=json"}
        found = routes.match(method, path)
        route = found[0] if found else None
        docs = routes.docs_url(route)
        token = _token(headers)
        if token is None:
            return _json_outcome(401, ApiError(401, "Requires authentication").body(docs), common), None
        try:
            actor = self.state.actor_for(token)
        except ApiError as err:
            return _json_outcome(err.status, err.body(docs), common), None
        limit, remaining, reset = self._rate(actor, count=path != "/rate_limit")
        common.update(
            {
                "X-RateLimit-Limit": str(limit),
                "X-RateLimit-Remaining": str(remaining),
                "X-RateLimit-Reset": str(reset),
                "X-RateLimit-Used": str(limit - remaining),
                "X-RateLimit-Resource": "core",
            }
        )
        try:
            if found is None:
                raise ApiError(404, "Not Found")
            body: Any = None
            if raw_body.strip():
                try:
                    body = json.loads(raw_body)
                except ValueError:
                    raise ApiError(400, "Problems parsing JSON") from None
            request = Request(
                method=method,
                path=path,
                params=found[1],
                query=query,
                body=body,
                actor=actor,
                urls=urls,
                state=self.state,
                rate=(limit, remaining, reset),
                accept=(headers.get("accept") or "").lower(),
            )
            response = found[0].handler(request)
        except ApiError as err:
            return _json_outcome(err.status, err.body(docs), {**common, **err.headers}), actor
        except Exception as exc:  # a bug in the stand-in: answer like GitHub, keep it for the test to see
            self.internal_errors.append(exc)
            return _json_outcome(500, {"message": "Server Error", "documentation_url": docs}, common), actor
        return _json_outcome(response.status, response.body, {**common, **response.headers}), actor
