"""PyGithub as the transport: one requester, every HTTP request counted against the public operation
that caused it, and bounded, deterministic retry that knows which writes may be repeated.

Errors leave this module as our own `GitHubError` family with the token scrubbed from GitHub's message.
"""

from __future__ import annotations

import contextvars
import logging
import re
import urllib.parse
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Final, TypeVar

import requests
import urllib3.exceptions
from github import Auth, Github, GithubException
from github.Requester import (
    HTTPRequestsConnectionClass,
    HTTPSRequestsConnectionClass,
    Requester,
    RequestsResponse,
)

from bot.github.gateway import convert
from bot.github.port import GitHubAmbiguousWrite, GitHubError, GitHubUnavailable, RequestStats

log = logging.getLogger(__name__)

API_VERSION: Final = "2022-11-28"


USER_AGENT: Final = "election-bot (PyGithub)"


_TOKEN_RE: Final = re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9_]{10,}|github_pat_[A-Za-z0-9_]{10,})")


TOO_LARGE: Final = object()  # `_send(too_large_ok=True)`: GitHub's 403 too_large for a file over 1 MB


_SECONDARY_HINTS: Final = (
    "secondary rate limit",
    "please retry your request again later",
    "please wait a few minutes before you try again",
    "abuse detection",
)


T = TypeVar("T")


LOOPBACK_HOSTS: Final = frozenset({"127.0.0.1", "localhost", "::1"})


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Bounded, deterministic retry (no jitter: the same failures give the same waits).

    Backoff for 5xx and dropped connections is `base_delay * 2**(n-1)` (1, 2, 4, 8 s …) capped at
    `max_delay`. A rate limit waits as GitHub asks: `Retry-After` seconds when it says so, until
    `x-ratelimit-reset` when the primary limit is spent, and otherwise — a 429, or a rate-limit answer
    without those headers — "at least one minute", then exponentially longer (`secondary_wait * 2**(n-1)`:
    60, 120, 240 s; https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api,
    "Exceeding the rate limit"). The sum of all waits of one run — one gateway, every operation together —
    never exceeds `max_total_wait`, kept below the shortest job timeout (the check's 10 minutes): when the
    next wait would cross it, the operation raises `GitHubUnavailable` at once instead of sleeping in vain,
    and the job ends in time to say so.
    """

    max_attempts: int = 6
    base_delay: float = 1.0
    max_delay: float = 30.0
    secondary_wait: float = 60.0
    max_total_wait: float = 240.0

    def backoff(self, attempt: int) -> float:
        return float(min(self.max_delay, self.base_delay * 2 ** (attempt - 1)))

    def rate_limit_backoff(self, attempt: int) -> float:
        """A rate-limit answer that says nothing of when to come back: a minute, then doubling."""
        return float(self.secondary_wait * 2 ** (attempt - 1))


# Against the local stand-in: the same logic, waits of milliseconds.
LOCAL_RETRY: Final = RetryPolicy(base_delay=0.01, max_delay=0.05, secondary_wait=0.05, max_total_wait=1.0)


@dataclass(frozen=True, slots=True)
class _Transient:
    reason: str
    status: int | None
    wait: float | None  # dictated by GitHub (Retry-After, rate-limit reset); None → exponential backoff
    may_have_applied: bool  # False only when GitHub certainly did not act on the request
    rate_limited: bool = False  # a rate limit without a time to wait: back off from a minute


@dataclass(slots=True)
class _Active:
    stats: RequestStats
    operation: str


_ACTIVE: contextvars.ContextVar[_Active | None] = contextvars.ContextVar(
    "election_bot_github_op", default=None
)


def _observe(verb: str, url: str) -> None:
    active = _ACTIVE.get()
    if active is None:  # a request made outside the gateway (there should be none)
        return
    active.stats.record(active.operation, verb)
    log.debug("GitHub request %s %s [%s]", verb, url, active.operation)


class _CountingHTTPConnection(HTTPRequestsConnectionClass):
    def getresponse(self) -> RequestsResponse:
        _observe(self.verb, self.url)  # counted before sending: a dropped request was still made
        return super().getresponse()


class _CountingHTTPSConnection(HTTPSRequestsConnectionClass):
    def getresponse(self) -> RequestsResponse:
        _observe(self.verb, self.url)
        return super().getresponse()


def _install_request_counter() -> None:
    # A class-level hook; harmless for any other PyGithub user (requests outside an operation are not
    # counted), and this module is the only PyGithub user by design.
    Requester.injectConnectionClasses(_CountingHTTPConnection, _CountingHTTPSConnection)


def _scrub(text: str, secret: str) -> str:
    if secret:
        text = text.replace(secret, "***")
    return _TOKEN_RE.sub("***", text)


def _github_message(data: Any) -> str:
    if isinstance(data, Mapping):
        message = data.get("message")
        if isinstance(message, str):
            return message
        raw = data.get("data")  # PyGithub wraps a non-JSON body (an HTML error page) like this
        if isinstance(raw, str):
            return raw.strip().splitlines()[0] if raw.strip() else ""
    return ""


def error_codes(data: Any) -> set[str]:
    codes: set[str] = set()
    if isinstance(data, Mapping):
        for err in data.get("errors") or []:
            if isinstance(err, Mapping) and isinstance(err.get("code"), str):
                codes.add(err["code"])
    return codes


def header(headers: Mapping[str, Any] | None, name: str) -> str | None:
    if not headers:
        return None
    for key, value in headers.items():
        if key.lower() == name:
            return str(value)
    return None


def _never_sent(exc: requests.exceptions.RequestException) -> bool:
    """True when the connection was refused or never opened: the server cannot have acted."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    reason = exc.args[0] if exc.args else None
    reason = getattr(reason, "reason", reason)  # urllib3 MaxRetryError wraps the cause
    return isinstance(reason, urllib3.exceptions.NewConnectionError)


class Transport:
    """PyGithub's requester for one token and server, with request counting and bounded retry.

    Every request goes through `call`, which retries transient failures within the running operation's
    wait budget (`RetryPolicy`); `operation` attributes requests to a public gateway operation.
    """

    def __init__(
        self,
        token: str,
        api_url: str,
        *,
        seconds_between_requests: float,
        seconds_between_writes: float,
        retry: RetryPolicy | None,
        sleep: Callable[[float], None],
        clock: Callable[[], float],
        timeout: int,
    ) -> None:
        _install_request_counter()
        self._api_url = api_url
        self._policy = retry or RetryPolicy()
        self._sleep = sleep
        self._clock = clock
        self._secret = token
        self.stats = RequestStats()
        github = Github(
            auth=Auth.Token(token),
            base_url=api_url,
            per_page=100,
            retry=0,  # no transport-level retries at all: see the package docstring
            timeout=timeout,
            user_agent=USER_AGENT,
            seconds_between_requests=seconds_between_requests,
            seconds_between_writes=seconds_between_writes,
            api_version=API_VERSION,
            lazy=True,
        )
        self._rq: Requester = github.requester
        self.per_page: int = github.per_page

    @contextmanager
    def operation(self, name: str) -> Iterator[None]:
        """Attribute requests to a public operation; nested calls keep the outer one (and its budget)."""
        current = _ACTIVE.get()
        if current is not None and current.stats is self.stats:
            yield
            return
        token = _ACTIVE.set(_Active(self.stats, name))
        try:
            yield
        finally:
            _ACTIVE.reset(token)

    def send_once(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
    ) -> tuple[dict[str, Any], Any]:
        return self._rq.requestJsonAndCheck(
            method, url, parameters=dict(params) if params else None, input=body
        )

    def send(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        missing_ok: bool = False,
        too_large_ok: bool = False,
    ) -> Any:
        """One idempotent request (GET, PATCH, PUT, DELETE, or a POST that is safe to repeat), retried.

        `missing_ok`: a 404 is None. `too_large_ok`: GitHub's 403 with the error code `too_large` (the
        contents API, for a file over 1 MB) is `TOO_LARGE`."""

        def attempt() -> Any:
            try:
                return self.send_once(method, url, params=params, body=body)[1]
            except GithubException as exc:
                if missing_ok and exc.status == 404:
                    return None
                if too_large_ok and exc.status == 403 and "too_large" in error_codes(exc.data):
                    return TOO_LARGE
                raise

        return self.call(attempt)

    def get(self, url: str, params: Mapping[str, Any] | None = None, *, missing_ok: bool = False) -> Any:
        return self.send("GET", url, params=params, missing_ok=missing_ok)

    def get_pages(self, url: str, params: Mapping[str, Any] | None = None) -> list[Any]:
        """Every item of a list endpoint: one request per page of `per_page` (100), each page retried on
        its own, following GitHub's `Link: rel="next"` (only ever to the same server)."""
        items: list[Any] = []
        next_url: str | None = url
        next_params: Mapping[str, Any] | None = {**(params or {}), "per_page": self.per_page}
        pages = 0
        while next_url is not None:
            pages += 1
            if pages > 1000:  # a server that keeps saying "next"; 100,000 items is not a nomination list
                raise convert.malformed("pagination does not end")
            page_url, page_params = next_url, next_params

            def fetch(
                u: str = page_url, p: Mapping[str, Any] | None = page_params
            ) -> tuple[dict[str, Any], Any]:
                return self.send_once("GET", u, params=p)

            headers, data = self.call(fetch)
            items.extend(convert.list_of(data, "list response"))
            next_url = self._next_link(headers)
            next_params = None  # the next link carries all query parameters
        return items

    def get_ends(self, url: str, pages: int) -> list[Any]:
        """The first page and the last `pages - 1` pages of a list endpoint, in order, without repeats."""
        if pages < 1:
            raise ValueError("pages must be at least 1")
        params = {"per_page": self.per_page}
        headers, data = self.call(lambda: self.send_once("GET", url, params=params))
        items = convert.list_of(data, "list response")
        last = self._last_page(headers)
        if last is None or pages == 1:
            if last is not None and last > 1:
                log.warning("read only the first page of %s (%d pages)", url, last)
            return items
        first_tail = max(2, last - pages + 2)
        if first_tail > 2:
            log.warning("skipped pages 2 to %d of %s (%d pages)", first_tail - 1, url, last)
        for page in range(first_tail, last + 1):
            query: dict[str, Any] = {**params, "page": page}

            def fetch(q: Mapping[str, Any] = query) -> tuple[dict[str, Any], Any]:
                return self.send_once("GET", url, params=q)

            _, data = self.call(fetch)
            items.extend(convert.list_of(data, "list response"))
        return items

    def _last_page(self, headers: Mapping[str, Any]) -> int | None:
        """The page number GitHub's `rel="last"` link names, or None when there is one page."""
        for entry in requests.utils.parse_header_links(header(headers, "link") or ""):
            if entry.get("rel") != "last" or not entry.get("url"):
                continue
            query = urllib.parse.parse_qs(urllib.parse.urlsplit(entry["url"]).query)
            values = query.get("page", [])
            if len(values) == 1 and values[0].isascii() and values[0].isdigit() and len(values[0]) < 7:
                return int(values[0])
            raise convert.malformed("pagination link has no page number")
        return None

    def _next_link(self, headers: Mapping[str, Any]) -> str | None:
        link = header(headers, "link")
        if not link:
            return None
        for entry in requests.utils.parse_header_links(link):
            if entry.get("rel") == "next" and entry.get("url"):
                target = urllib.parse.urlsplit(entry["url"])
                base = urllib.parse.urlsplit(self._api_url)
                if (target.scheme, target.netloc) != (base.scheme, base.netloc):
                    raise convert.malformed("pagination link points to another server")
                return entry["url"]
        return None

    def create(self, post: Callable[[], T], find: Callable[[], T | None]) -> T:
        """A create made safe by its marker: after any failed attempt, look before posting again."""
        failed = False

        def attempt() -> T:
            nonlocal failed
            if failed:
                existing = find()
                if existing is not None:
                    log.info("found the result of an earlier attempt by its marker; not posting again")
                    return existing
            try:
                return post()
            except Exception:
                failed = True
                raise

        return self.call(attempt)

    def call(self, attempt: Callable[[], T], *, retry_ambiguous: bool = True) -> T:
        """Run `attempt`, retrying transient failures within the operation's wait budget."""
        active = _ACTIVE.get()
        operation = active.operation if active else "?"
        tries = 0
        while True:
            tries += 1
            try:
                return attempt()
            except GitHubError:
                raise
            except GithubException as exc:
                failure = self._classify_response(exc, operation)
            except requests.exceptions.RequestException as exc:
                failure = self._classify_transport(exc, operation)
            if failure.may_have_applied and not retry_ambiguous:
                raise GitHubAmbiguousWrite(
                    f"{operation}: {failure.reason}; GitHub may or may not have applied it, so it was not "
                    "repeated",
                    status=failure.status,
                    operation=operation,
                )
            if failure.wait is not None:
                delay = failure.wait
            elif failure.rate_limited:
                delay = self._policy.rate_limit_backoff(tries)
            else:
                delay = self._policy.backoff(tries)
            delay = max(0.0, delay)
            waited = self.stats.waited_seconds  # one budget for the whole run, not per operation
            if tries >= self._policy.max_attempts:
                raise GitHubUnavailable(
                    f"{operation}: {failure.reason}, {tries} attempts, giving up",
                    status=failure.status,
                    operation=operation,
                )
            if waited + delay > self._policy.max_total_wait:
                raise GitHubUnavailable(
                    f"{operation}: {failure.reason}; waiting {delay:.0f}s more would exceed the run's "
                    f"{self._policy.max_total_wait:.0f}s budget for waiting",
                    status=failure.status,
                    operation=operation,
                )
            log.warning(
                "GitHub %s: %s; retrying in %.1fs (attempt %d)", operation, failure.reason, delay, tries
            )
            self._sleep(delay)
            self.stats.retries += 1
            self.stats.waited_seconds += delay

    def _classify_response(self, exc: GithubException, operation: str) -> _Transient:
        status = exc.status
        headers = exc.headers or {}
        message = _scrub(_github_message(exc.data), self._secret)
        lowered = message.lower()
        if status in (403, 429):
            retry_after = header(headers, "retry-after")
            if retry_after is not None and retry_after.strip().isdigit():
                return _Transient(f"secondary rate limit ({status})", status, float(retry_after), False)
            remaining = header(headers, "x-ratelimit-remaining")
            reset = header(headers, "x-ratelimit-reset")
            if remaining is not None and remaining.strip() == "0" and reset and reset.strip().isdigit():
                wait = max(0.0, float(reset) - self._clock()) + 1.0
                return _Transient(f"rate limit exhausted ({status})", status, wait, False)
            if any(hint in lowered for hint in _SECONDARY_HINTS):
                return _Transient(f"secondary rate limit ({status})", status, None, False, rate_limited=True)
            if status == 429 or lowered.startswith("api rate limit exceeded"):
                return _Transient(f"rate limited ({status})", status, None, False, rate_limited=True)
        if status >= 500:
            hint = header(headers, "retry-after")  # a 503 may say how long to wait
            server_wait = float(hint) if hint and hint.strip().isdigit() else None
            return _Transient(f"GitHub answered {status}", status, server_wait, True)
        detail = f": {message[:300]}" if message else ""
        raise GitHubError(
            f"{operation}: GitHub answered {status}{detail}", status=status, operation=operation
        )

    def _classify_transport(self, exc: requests.exceptions.RequestException, operation: str) -> _Transient:
        if isinstance(exc, requests.exceptions.SSLError) or not isinstance(
            exc,
            requests.exceptions.ConnectionError
            | requests.exceptions.Timeout
            | requests.exceptions.ChunkedEncodingError,
        ):
            raise GitHubError(
                f"{operation}: request failed ({type(exc).__name__})", operation=operation
            ) from None
        return _Transient(f"connection failed ({type(exc).__name__})", None, None, not _never_sent(exc))
