"""One request in, one answer out: authentication, fault injection, rate limits, token permissions, routing,
the log.

No sockets here (that is server.py), so the order of those steps is easy to read and to change:
authentication (401) -> route (404 after the rate count, like GitHub) -> primary rate limit (counted for every
authenticated request but `GET /rate_limit`) -> the token's repository and permission set (404/403) ->
secondary limit on content creation -> the handler.
"""

from __future__ import annotations

import itertools
import json
import re
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final
from urllib.parse import parse_qs, unquote

from election_bot_demo.fakehub import access, routes
from election_bot_demo.fakehub.api import Request
from election_bot_demo.fakehub.errors import ApiError
from election_bot_demo.fakehub.faults import (
    RATE_LIMIT_DOCS,
    FaultBook,
    Injection,
    fault_response,
    secondary_message,
)
from election_bot_demo.fakehub.model import Repo
from election_bot_demo.fakehub.ratelimit import (
    INSTALLATION_PER_HOUR,
    USER_PER_HOUR,
    RateLimiter,
    RateStatus,
    repo_key,
)
from election_bot_demo.fakehub.requestlog import RequestLog, RequestRecord
from election_bot_demo.fakehub.serialise import Urls
from election_bot_demo.fakehub.state import BOT_ID, Actor, HubState
from election_bot_demo.fakehub.tokens import accepted_header

ENTERPRISE_PREFIX: Final = "/api/v3"
JSON_TYPE: Final = "application/json; charset=utf-8"
BOT_RATE_LIMIT: Final = INSTALLATION_PER_HOUR  # GITHUB_TOKEN: 1,000 requests per hour per repository
USER_RATE_LIMIT: Final = USER_PER_HOUR
INSTALLATION_ID_BASE: Final = 90_000_000  # a repository's GITHUB_TOKEN installation id: this + repository id
_REPO_PATH = re.compile(r"/repos/([^/]+)/([^/]+)")


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
        self.limiter = RateLimiter()

    # -- rate limits --------------------------------------------------------------------------------------

    def bucket(self, actor: Actor, path: str) -> tuple[str, str | None, str]:
        """(budget key, repository full name, who GitHub names when it is spent) for a request.

        An installation token draws on its repository's budget. The legacy token, bound to no repository,
        draws on the budget of the repository in the path, or for paths without one (`/users/...`,
        `/rate_limit`) on the hub's first repository's, as if it were that repository's GITHUB_TOKEN. A
        person draws on their own."""
        if not actor.installation:
            return f"user:{actor.user.id}", None, f"user ID {actor.user.id}"
        repo: Repo | None = None
        if actor.repo_id is not None:
            repo = self.state.repos.get(actor.repo_id)
        else:
            found = _REPO_PATH.match(path)
            if found:
                repo = self.state.find_repo(unquote(found[1]), unquote(found[2]))
            elif self.state.repos:
                repo = self.state.repos[min(self.state.repos)]
        if repo is None:
            return "installation", None, "installation ID 1"
        name = self.state.full_name(repo)
        return repo_key(name), name, f"installation ID {INSTALLATION_ID_BASE + repo.id}"

    def reset_epoch(self, reset_at: datetime) -> int:
        """x-ratelimit-reset in epoch seconds. Clients compare it with their own clock, so with a fixed hub
        clock the reset is sent as "now on the client's clock + what is left of the window on the hub's"."""
        if self.state.clock_is_real:
            return int(reset_at.timestamp())
        left = max(0, int((reset_at - self.state.now()).total_seconds()))
        return int(time.time()) + left

    def rate_headers(self, status: RateStatus) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(status.limit),
            "X-RateLimit-Remaining": str(status.remaining),
            "X-RateLimit-Reset": str(self.reset_epoch(status.reset_at)),
            "X-RateLimit-Used": str(status.used),
            "X-RateLimit-Resource": status.resource,
        }

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
            repo_name = self.bucket(actor, path)[1] if actor else None
            self.log.add(
                RequestRecord(
                    method=method,
                    path=path,
                    query=query,
                    status=None if outcome.dropped else outcome.status,
                    login=actor.user.login if actor else None,
                    fault=injection.fault if injection else None,
                    at=self.state.now(),
                    repo=repo_name,
                    run_id=actor.run_id if actor else None,
                    job=actor.job if actor else None,
                    counted=actor is not None and path != "/rate_limit",
                )
            )
            return outcome

    @staticmethod
    def _plain_issue(template: str, repo: Repo | None, params: Mapping[str, str]) -> bool:
        """Whether an /issues/... request is about an issue that is not a pull request."""
        if repo is None or "/issues/" not in template:
            return False
        number: int | None = None
        try:
            if "/issues/comments/{id}" in template:
                comment = repo.comments.get(int(params["id"]))
                number = comment.issue_number if comment is not None else None
            elif "/issues/{number}" in template:
                number = int(params["number"])
        except ValueError:
            return False
        issue = repo.issues.get(number) if number is not None else None
        return issue is not None and issue.pull is None

    def _path_repo(self, params: Mapping[str, str]) -> Repo | None:
        if "owner" not in params or "repo" not in params:
            return None
        return self.state.find_repo(params["owner"], params["repo"])

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
        key, _, who = self.bucket(actor, path)
        limit = self.limiter.limit_for(actor.installation)
        now = self.state.now()
        free = path == "/rate_limit"
        rate = self.limiter.status(key, limit, now) if free else self.limiter.spend(key, limit, now)
        common.update(self.rate_headers(rate))
        if route is not None and (actor.installation or actor.fine_grained) and route.needs:
            common["X-Accepted-GitHub-Permissions"] = accepted_header(route.needs)
        if not free and self.limiter.refuses_primary(rate):
            status = self.limiter.policy.exhausted_status
            exhausted = ApiError(
                status,
                f"API rate limit exceeded for {who}.",
                documentation_url=f"{RATE_LIMIT_DOCS}#about-rate-limits",
            )
            return _json_outcome(status, exhausted.body(), common), actor
        try:
            if found is None:
                raise ApiError(404, "Not Found")
            route_, params = found
            repo = self._path_repo(params)
            access.require_token_permission(
                repo,
                actor,
                method,
                route_.needs,
                public_read=route_.public_read,
                docs=docs,
                plain_issue=self._plain_issue(route_.template, repo, params),
            )
            if route_.creates_content:
                wait = self.limiter.refuses_secondary(key, now)
                if wait is not None:
                    raise ApiError(
                        403,
                        secondary_message(request_id),
                        documentation_url=f"{RATE_LIMIT_DOCS}#about-secondary-rate-limits",
                        headers={"Retry-After": str(wait)},
                    )
                self.limiter.record_content(key, now)
            body: Any = None
            if raw_body.strip():
                try:
                    body = json.loads(raw_body)
                except ValueError:
                    raise ApiError(400, "Problems parsing JSON") from None
            request = Request(
                method=method,
                path=path,
                params=params,
                query=query,
                body=body,
                actor=actor,
                urls=urls,
                state=self.state,
                rate=(rate.limit, rate.remaining, self.reset_epoch(rate.reset_at)),
                accept=(headers.get("accept") or "").lower(),
            )
            response = route_.handler(request)
        except ApiError as err:
            return _json_outcome(err.status, err.body(docs), {**common, **err.headers}), actor
        except Exception as exc:  # a bug in the stand-in: answer like GitHub, keep it for the test to see
            self.internal_errors.append(exc)
            return _json_outcome(500, {"message": "Server Error", "documentation_url": docs}, common), actor
        return _json_outcome(response.status, response.body, {**common, **response.headers}), actor
