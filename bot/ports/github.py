"""The GitHub gateway: the only module that imports PyGithub.

Everything past this module sees our own frozen dataclasses (`bot.ports.github_types`), never a PyGithub
object. Retries, backoff and request counting live here and nowhere else.

How PyGithub is used, and why (checked against PyGithub 2.10's source):

* PyGithub is the transport: authentication, base URL, user agent, API version header, request spacing
  (`seconds_between_requests` / `seconds_between_writes`), JSON encoding, redirects and the mapping of
  error statuses to `GithubException`. Each operation is one explicit REST call through
  `Github.requester.requestJsonAndCheck` (PyGithub's documented way to reach any endpoint), and the JSON
  it returns is converted here.
* PyGithub's object layer is avoided because its lazy completion turns attribute reads into requests:
  `PaginatedList` items are not "completed", so `.raw_data` on each one issues a GET per item; an absent
  attribute does the same (`issue.pull_request` on a plain issue, `pull.merged` on a listed pull request,
  whose payload has no `merged` field). `Issue.remove_from_labels` also leaves a "/" in a label name
  unquoted, and `get_collaborator_permission` returns only `permission`, which maps maintain→write and
  triage→read. Converting plain JSON makes the number of requests per operation exact by construction;
  the tests prove it against the stand-in's request log.
* PyGithub's own retry is switched off (`retry=0`): its default `GithubRetry` also retries POST on every
  5xx and on 403, which duplicates issues and comments. Our bounded retry below knows which
  writes may be repeated and looks for a create's hidden marker before posting again.
* Request counting hooks PyGithub's connection classes (`Requester.injectConnectionClasses`, its public
  hook): every HTTP request, including pages, retries and redirects, is counted against the public
  operation that caused it, and logged at DEBUG without headers (tokens travel only in the
  Authorization header, which is never logged).
"""

from __future__ import annotations

import base64
import binascii
import contextvars
import logging
import re
import time
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final, TypeVar, cast

import requests
import urllib3.exceptions
from github import Auth, Github, GithubException
from github.Requester import (
    HTTPRequestsConnectionClass,
    HTTPSRequestsConnectionClass,
    Requester,
    RequestsResponse,
)

from bot.errors import UsageError
from bot.ports.github_types import (
    GHOST,
    MAX_ANNOTATIONS_PER_REQUEST,
    PERMISSIONS,
    Annotation,
    ChangedFile,
    CheckConclusion,
    CheckRun,
    CheckStatus,
    Comment,
    DirEntry,
    FileKind,
    GitHubAmbiguousWrite,
    GitHubError,
    GitHubUnavailable,
    Issue,
    IssueState,
    Label,
    Permission,
    PullRequest,
    RepoFile,
    RequestStats,
    Review,
    StateReason,
    User,
    is_bot_author,
)

__all__ = [
    "DEFAULT_API_URL",
    "DEFAULT_BOT_LOGIN",
    "Annotation",
    "ChangedFile",
    "Comment",
    "DirEntry",
    "Gateway",
    "GitHubAmbiguousWrite",
    "GitHubError",
    "GitHubUnavailable",
    "Issue",
    "Label",
    "PullRequest",
    "RepoFile",
    "RequestStats",
    "RetryPolicy",
    "Review",
    "User",
]

log = logging.getLogger(__name__)

DEFAULT_API_URL: Final = "https://api.github.com"
DEFAULT_BOT_LOGIN: Final = "github-actions[bot]"  # GITHUB_TOKEN writes as this account
API_VERSION: Final = "2022-11-28"
USER_AGENT: Final = "election-bot (PyGithub)"

_REPO_RE: Final = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")
_TOKEN_RE: Final = re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9_]{10,}|github_pat_[A-Za-z0-9_]{10,})")
_TOO_LARGE: Final = object()  # `_send(too_large_ok=True)`: GitHub's 403 too_large for a file over 1 MB
_SECONDARY_HINTS: Final = (
    "secondary rate limit",
    "please retry your request again later",
    "please wait a few minutes before you try again",
    "abuse detection",
)

T = TypeVar("T")
LOOPBACK_HOSTS: Final = frozenset({"127.0.0.1", "localhost", "::1"})


# -- retry policy ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Bounded, deterministic retry (no jitter: the same failures give the same waits).

    Backoff for 5xx and dropped connections is `base_delay * 2**(n-1)` (1, 2, 4, 8 s …) capped at
    `max_delay`. A secondary rate limit waits `Retry-After` seconds, or `secondary_wait` when GitHub
    gives none; an exhausted primary limit waits until `x-ratelimit-reset`. The sum of all waits within
    one public operation never exceeds `max_total_wait`: when the next wait would cross it, the operation
    raises `GitHubUnavailable` at once instead of sleeping in vain.
    """

    max_attempts: int = 6
    base_delay: float = 1.0
    max_delay: float = 30.0
    secondary_wait: float = 60.0
    max_total_wait: float = 120.0

    def backoff(self, attempt: int) -> float:
        return float(min(self.max_delay, self.base_delay * 2 ** (attempt - 1)))


# Against the local stand-in: the same logic, waits of milliseconds.
LOCAL_RETRY: Final = RetryPolicy(base_delay=0.01, max_delay=0.05, secondary_wait=0.05, max_total_wait=1.0)


@dataclass(frozen=True, slots=True)
class _Transient:
    reason: str
    status: int | None
    wait: float | None  # dictated by GitHub (Retry-After, rate-limit reset); None → exponential backoff
    may_have_applied: bool  # False only when GitHub certainly did not act on the request


# -- request counting -----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Active:
    stats: RequestStats
    operation: str
    waited: float = 0.0  # seconds slept by retries within this public operation (the budget)


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


# -- JSON helpers (conversion at the edge) --------------------------------------------------------------


def _malformed(what: str) -> GitHubError:
    return GitHubError(f"unexpected response from GitHub: {what}")


def _obj(value: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _malformed(f"{what} is not an object")
    return cast(Mapping[str, Any], value)


def _list(value: Any, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise _malformed(f"{what} is not a list")
    return value


def _str(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str):
        raise _malformed(f"`{key}` missing or not a string")
    return value


def _opt_str(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _malformed(f"`{key}` is not a string")
    return value


def _int(data: Mapping[str, Any], key: str) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise _malformed(f"`{key}` missing or not an integer")
    return value


def _bool(data: Mapping[str, Any], key: str, default: bool = False) -> bool:
    value = data.get(key, default)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise _malformed(f"`{key}` is not a boolean")
    return value


def _parse_time(value: str, key: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise _malformed(f"`{key}` is not an ISO 8601 time") from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise _malformed(f"`{key}` has no UTC offset")
    return parsed.astimezone(UTC)


def _time(data: Mapping[str, Any], key: str) -> datetime:
    return _parse_time(_str(data, key), key)


def _opt_time(data: Mapping[str, Any], key: str) -> datetime | None:
    value = _opt_str(data, key)
    return None if value is None else _parse_time(value, key)


def _user(value: Any) -> User:
    if value is None:  # a deleted account
        return GHOST
    data = _obj(value, "user")
    return User(login=_str(data, "login"), id=_int(data, "id"), type=data.get("type") or "User")


def _label_names(value: Any) -> tuple[str, ...]:
    names: list[str] = []
    for item in _list(value if value is not None else [], "labels"):
        names.append(item if isinstance(item, str) else _str(_obj(item, "label"), "name"))
    return tuple(names)


def _pull(data: Any) -> PullRequest:
    pr = _obj(data, "pull request")
    head = _obj(pr.get("head"), "pull request head")
    base = _obj(pr.get("base"), "pull request base")
    head_repo = head.get("repo")
    return PullRequest(
        number=_int(pr, "number"),
        title=_str(pr, "title"),
        author=_user(pr.get("user")),
        state=_str(pr, "state"),
        draft=_bool(pr, "draft"),
        merged=_merged(pr),
        created_at=_time(pr, "created_at"),
        head_sha=_str(head, "sha"),
        head_repo_full_name=None if head_repo is None else _str(_obj(head_repo, "head repo"), "full_name"),
        base_ref=_str(base, "ref"),
        labels=_label_names(pr.get("labels")),
        html_url=_str(pr, "html_url"),
        updated_at=_opt_time(pr, "updated_at"),
    )


def _merged(pr: Mapping[str, Any]) -> bool:
    # A single pull request has `merged`; listed ones (pull-request-simple) only have `merged_at`.
    merged = pr.get("merged")
    return merged if isinstance(merged, bool) else pr.get("merged_at") is not None


def _changed_file(data: Any) -> ChangedFile:
    f = _obj(data, "pull request file")
    return ChangedFile(
        filename=_str(f, "filename"),
        status=_str(f, "status"),
        previous_filename=_opt_str(f, "previous_filename"),
        additions=_int(f, "additions"),
        deletions=_int(f, "deletions"),
        changes=_int(f, "changes"),
        ref=_file_ref(f),
    )


def _file_ref(entry: Mapping[str, Any]) -> str | None:
    """The head commit a pull request's file entry was computed for: GitHub's `contents_url` ends in
    `?ref=<sha>` (the head the list was made from)."""
    url = entry.get("contents_url")
    if not isinstance(url, str):
        return None
    refs = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query).get("ref", [])
    return refs[0] if len(refs) == 1 and re.fullmatch(r"[0-9a-f]{40}", refs[0]) else None


def _comment(data: Any) -> Comment:
    c = _obj(data, "comment")
    return Comment(
        id=_int(c, "id"),
        author=_user(c.get("user")),
        body=_opt_str(c, "body") or "",
        created_at=_time(c, "created_at"),
        updated_at=_time(c, "updated_at"),
        html_url=_str(c, "html_url"),
        author_association=_opt_str(c, "author_association") or "NONE",
    )


def _label(data: Any) -> Label:
    lb = _obj(data, "label")
    return Label(
        name=_str(lb, "name"), color=_str(lb, "color"), description=_opt_str(lb, "description") or ""
    )


def _issue(data: Any) -> Issue:
    i = _obj(data, "issue")
    return Issue(
        number=_int(i, "number"),
        title=_str(i, "title"),
        body=_opt_str(i, "body") or "",
        state=_str(i, "state"),
        state_reason=_opt_str(i, "state_reason"),
        author=_user(i.get("user")),
        labels=_label_names(i.get("labels")),
        created_at=_time(i, "created_at"),
        closed_at=_opt_time(i, "closed_at"),
        html_url=_str(i, "html_url"),
        is_pull_request=i.get("pull_request") is not None,
    )


def _review(data: Any) -> Review:
    r = _obj(data, "review")
    return Review(
        id=_int(r, "id"),
        author=_user(r.get("user")),
        state=_str(r, "state"),
        submitted_at=_opt_time(r, "submitted_at"),
        commit_id=_opt_str(r, "commit_id"),
    )


def _entry_kind(entry: Mapping[str, Any]) -> FileKind:
    kind = _str(entry, "type")
    if kind == "file" and entry.get("download_url") is None:
        # Directory listings call submodules "file" for backwards compatibility; unlike files they
        # have no download_url.
        return "submodule"
    if kind not in ("file", "dir", "symlink", "submodule"):
        raise _malformed(f"unknown content type {kind!r}")
    return cast(FileKind, kind)


def _decode_base64(content: str) -> bytes:
    try:
        return base64.b64decode(content.replace("\n", "").replace("\r", ""), validate=True)
    except (binascii.Error, ValueError):
        raise _malformed("file content is not valid base64") from None


def _repo_path(path: str) -> str:
    """A repository-relative path, refused if it could mean anything else."""
    clean = path.strip("/")
    parts = clean.split("/")
    if not clean or any(p in ("", ".", "..") for p in parts) or any(ord(ch) < 32 for ch in clean):
        raise ValueError(f"not a plain repository path: {path!r}")
    return clean


def _quote_segment(value: str) -> str:
    return urllib.parse.quote(value, safe="")


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


def _error_codes(data: Any) -> set[str]:
    codes: set[str] = set()
    if isinstance(data, Mapping):
        for err in data.get("errors") or []:
            if isinstance(err, Mapping) and isinstance(err.get("code"), str):
                codes.add(err["code"])
    return codes


def _header(headers: Mapping[str, Any] | None, name: str) -> str | None:
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


# -- the gateway ----------------------------------------------------------------------------------------


class Gateway:
    """GitHub's REST API for one repository, through PyGithub, as our own types.

    Any server that speaks GitHub's REST API can stand behind `api_url` (the local stand-in does).
    Keep the default request spacing on real GitHub (GitHub asks for at least a second between writes);
    pass 0 for both against the stand-in. `sleep` and `clock` are injectable so tests run instantly.
    Not thread-safe: one gateway per command run.
    """

    def __init__(
        self,
        repo: str,
        token: str,
        api_url: str = DEFAULT_API_URL,
        *,
        bot_login: str = DEFAULT_BOT_LOGIN,
        seconds_between_requests: float = 0.25,
        seconds_between_writes: float = 1.0,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        timeout: int = 15,
    ) -> None:
        if not _REPO_RE.match(repo):
            raise UsageError(f"not a repository name (owner/name): {repo!r}")
        if not token:
            raise UsageError("no GitHub token given (GITHUB_TOKEN)")
        parsed = urllib.parse.urlsplit(api_url)
        if parsed.scheme not in ("https", "http") or not parsed.hostname:
            raise UsageError(f"not an API base URL: {api_url!r}")
        _install_request_counter()
        self._repo = repo
        self._api_url = api_url.rstrip("/")
        self._bot_login = bot_login
        self._acting: str | None = None
        self._policy = retry or RetryPolicy()
        self._sleep = sleep
        self._clock = clock
        self._stats = RequestStats()
        self._secret = token
        github = Github(
            auth=Auth.Token(token),
            base_url=self._api_url,
            per_page=100,
            retry=0,  # no transport-level retries at all: see the module docstring
            timeout=timeout,
            user_agent=USER_AGENT,
            seconds_between_requests=seconds_between_requests,
            seconds_between_writes=seconds_between_writes,
            api_version=API_VERSION,
            lazy=True,
        )
        self._rq: Requester = github.requester
        self._per_page = github.per_page
        self._base = f"/repos/{repo}"

    @classmethod
    def from_env(cls, environ: Mapping[str, str], **options: Any) -> Gateway:
        """The workflow's environment: GITHUB_REPOSITORY, GITHUB_TOKEN, GITHUB_API_URL (optional), and
        ELECTION_BOT_LOGIN (optional: the account the token writes as, when it is not GITHUB_TOKEN's).

        GitHub's pacing (one write at a time, a second apart, as GitHub asks of integrations) is for GitHub: against a server on a loopback address (the local
        stand-in) there is no request spacing and retries wait only briefly. `options` override both.
        """
        repo = environ.get("GITHUB_REPOSITORY", "")
        token = environ.get("GITHUB_TOKEN", "")
        if not repo:
            raise UsageError("GITHUB_REPOSITORY is not set (owner/name of the repository)")
        if not token:
            raise UsageError("GITHUB_TOKEN is not set")
        api_url = environ.get("GITHUB_API_URL") or DEFAULT_API_URL
        defaults: dict[str, Any] = {}
        if environ.get("ELECTION_BOT_LOGIN"):
            defaults["bot_login"] = environ["ELECTION_BOT_LOGIN"]
        if urllib.parse.urlsplit(api_url).hostname in LOOPBACK_HOSTS:
            defaults.update(seconds_between_requests=0, seconds_between_writes=0, retry=LOCAL_RETRY)
        return cls(repo, token, api_url, **(defaults | options))

    def __repr__(self) -> str:
        return f"Gateway(repo={self._repo!r}, api_url={self._api_url!r}, bot_login={self._bot_login!r})"

    @property
    def repo(self) -> str:
        return self._repo

    @property
    def bot_login(self) -> str:
        return self._bot_login

    @property
    def stats(self) -> RequestStats:
        return self._stats

    def acting_login(self) -> str:
        """The account this token writes as, so that only comments it wrote are edited.

        A person's token names its user (GET /user). An installation token (GITHUB_TOKEN, a GitHub App's)
        may not ask: GitHub answers 403 "Resource not accessible by integration", and its writes are
        authored by the bot account (`bot_login`). Any other failure is raised: never guess who we are.
        """
        if self._acting is None:
            with self._operation("acting_login"):
                try:
                    self._acting = _user(self._get("/user")).login
                except GitHubUnavailable:
                    raise
                except GitHubError as error:
                    if error.status != 403 or "by integration" not in str(error):
                        raise
                    self._acting = self._bot_login
        return self._acting

    # -- pull requests ----------------------------------------------------------------------------------

    def get_pull(self, number: int) -> PullRequest:
        with self._operation("get_pull"):
            return _pull(self._get(f"{self._base}/pulls/{int(number)}"))

    def list_pull_files(self, number: int) -> list[ChangedFile]:
        """All changed files, every page (GitHub stops at 3,000 files per pull request)."""
        with self._operation("list_pull_files"):
            return [_changed_file(f) for f in self._get_pages(f"{self._base}/pulls/{int(number)}/files")]

    def list_open_pulls(self) -> list[PullRequest]:
        with self._operation("list_open_pulls"):
            return [_pull(p) for p in self._get_pages(f"{self._base}/pulls", {"state": "open"})]

    def list_reviews(self, number: int) -> list[Review]:
        with self._operation("list_reviews"):
            return [_review(r) for r in self._get_pages(f"{self._base}/pulls/{int(number)}/reviews")]

    # -- contents (data only, never executed) -----------------------------------------------------------

    def get_file(self, path: str, ref: str, max_bytes: int) -> RepoFile | None:
        """What lies at `path` in `ref`, or None when nothing does.

        Symlinks are refused, never followed: GitHub answers a symlink to a regular file with the
        *target's* content object, whose `path` differs from the one asked for; that is reported as
        kind "symlink" with no content. A file larger than `max_bytes` is flagged `too_large` and its
        content is neither decoded nor kept.
        """
        if max_bytes < 0:
            raise ValueError("max_bytes must not be negative")
        clean = _repo_path(path)
        with self._operation("get_file"):
            data = self._send(
                "GET", self._contents_url(clean), params={"ref": ref}, missing_ok=True, too_large_ok=True
            )
        if data is None:
            return None
        if data is _TOO_LARGE:
            # GitHub's 403 `too_large` (a file over 1 MB asked for in the default media type): the file
            # is over any nomination's limit; its exact size is not in the answer.
            return RepoFile(path=clean, kind="file", size=0, content=None, too_large=True)
        if isinstance(data, list):
            return RepoFile(path=clean, kind="dir", size=0, content=None)
        obj = _obj(data, "content")
        kind = _str(obj, "type")
        if _str(obj, "path") != clean:
            log.info("%s is a symlink (GitHub answered with its target's content); refused", clean)
            return RepoFile(path=clean, kind="symlink", size=0, content=None)
        size = _int(obj, "size")
        if kind in ("symlink", "submodule", "dir"):
            return RepoFile(path=clean, kind=cast(FileKind, kind), size=size, content=None)
        if kind != "file":
            raise _malformed(f"unknown content type {kind!r}")
        if size > max_bytes:
            return RepoFile(path=clean, kind="file", size=size, content=None, too_large=True)
        content = obj.get("content")
        if obj.get("encoding") != "base64" or not isinstance(content, str):
            # Over 1 MB GitHub sends no content (encoding "none"): too large for us in any case.
            return RepoFile(path=clean, kind="file", size=size, content=None, too_large=True)
        raw = _decode_base64(content)
        if len(raw) != size:
            raise _malformed(f"content of {clean} is {len(raw)} bytes but its size says {size}")
        return RepoFile(path=clean, kind="file", size=size, content=raw)

    def list_directory(self, path: str, ref: str) -> list[DirEntry]:
        """The entries of the directory at `path` in `ref`; [] when there is no directory there.

        GitHub lists at most 1,000 entries of a directory.
        """
        clean = _repo_path(path)
        with self._operation("list_directory"):
            data = self._get(self._contents_url(clean), {"ref": ref}, missing_ok=True)
        if not isinstance(data, list):
            return []
        entries = []
        for item in data:
            entry = _obj(item, "directory entry")
            entries.append(
                DirEntry(
                    name=_str(entry, "name"),
                    path=_str(entry, "path"),
                    kind=_entry_kind(entry),
                    size=_int(entry, "size"),
                )
            )
        return entries

    # -- comments ---------------------------------------------------------------------------------------

    def list_issue_comments(self, number: int, *, pages: int | None = None) -> list[Comment]:
        """The comments, oldest first. With `pages`, at most that many requests: the first page and the
        last `pages - 1` (GitHub's `Link: rel="last"` says where the end is), so that a flood of
        comments costs a bounded number of requests; the comments between are not read."""
        with self._operation("list_issue_comments"):
            return self._list_comments(number, pages)

    def create_issue_comment(self, number: int, body: str, *, marker: str) -> Comment:
        """Post a bot comment carrying `marker` (which must be inside `body`).

        Safe against a POST that GitHub applied but whose answer was lost: after any failed attempt the
        comments are listed and the bot's own comment with the marker is returned instead of posting again.
        """
        _require_marker(body, marker)
        url = f"{self._base}/issues/{int(number)}/comments"

        def find() -> Comment | None:
            own = [c for c in self._list_comments(number) if self._is_own(c.author) and marker in c.body]
            return max(own, key=lambda c: c.id) if own else None

        with self._operation("create_issue_comment"):
            return self._create(lambda: _comment(self._send_once("POST", url, body={"body": body})[1]), find)

    def edit_issue_comment(self, comment_id: int, body: str) -> Comment:
        with self._operation("edit_issue_comment"):
            url = f"{self._base}/issues/comments/{int(comment_id)}"
            return _comment(self._send("PATCH", url, body={"body": body}))

    # -- labels -----------------------------------------------------------------------------------------

    def list_labels(self) -> list[Label]:
        with self._operation("list_labels"):
            return [_label(lb) for lb in self._get_pages(f"{self._base}/labels")]

    def create_label(self, name: str, color: str, description: str = "") -> bool:
        """Create a repository label; False when it already existed (422 already_exists is success)."""
        with self._operation("create_label"):
            return self._create_label(Label(name=name, color=color, description=description))

    def ensure_labels(self, specs: Iterable[Label]) -> int:
        """Create the labels that are missing (names compare case-insensitively, as GitHub's do), with
        their colour and description; existing labels are left alone. Returns how many were created."""
        wanted = list(specs)
        with self._operation("ensure_labels"):
            have = {_label(lb).name.casefold() for lb in self._get_pages(f"{self._base}/labels")}
            created = 0
            for spec in wanted:
                if spec.name.casefold() in have:
                    continue
                created += self._create_label(spec)
                have.add(spec.name.casefold())
            return created

    def add_labels(self, number: int, names: Sequence[str]) -> None:
        """Add labels to an issue or pull request (adding one it has is a no-op, so retrying is safe)."""
        if isinstance(names, str):
            raise TypeError("names must be a sequence of label names, not a string")
        if not names:
            return
        with self._operation("add_labels"):
            self._send("POST", f"{self._base}/issues/{int(number)}/labels", body={"labels": list(names)})

    def remove_label(self, number: int, name: str) -> None:
        """Remove a label; a 404 means it is already gone, which is what was asked."""
        with self._operation("remove_label"):
            url = f"{self._base}/issues/{int(number)}/labels/{_quote_segment(name)}"
            self._send("DELETE", url, missing_ok=True)

    # -- check runs -------------------------------------------------------------------------------------

    def create_check_run(
        self,
        name: str,
        head_sha: str,
        *,
        status: CheckStatus = "completed",
        conclusion: CheckConclusion | None = None,
        title: str,
        summary: str,
        text: str | None = None,
        annotations: Sequence[Annotation] = (),
        external_id: str | None = None,
    ) -> int:
        """Create a check run and return its id; annotations go 50 per request (GitHub takes no more).

        The Checks API offers no way (in our subset) to find a run again, so a create is repeated only
        after failures where GitHub certainly did nothing (rate limits, a refused connection). After an
        ambiguous one (5xx, a dropped connection) it raises `GitHubAmbiguousWrite`, to be reported, rather
        than risk a duplicate run. Further annotation batches are PATCHes, retried as usual.
        """
        if status == "completed" and conclusion is None:
            raise ValueError("a completed check run needs a conclusion")
        first, rest = annotations[:MAX_ANNOTATIONS_PER_REQUEST], annotations[MAX_ANNOTATIONS_PER_REQUEST:]
        payload: dict[str, Any] = {
            "name": name,
            "head_sha": head_sha,
            "status": status,
            "output": _output(title, summary, text, first),
        }
        if conclusion is not None:
            payload["conclusion"] = conclusion
        if external_id is not None:
            payload["external_id"] = external_id
        with self._operation("create_check_run"):
            data = self._call(
                lambda: self._send_once("POST", f"{self._base}/check-runs", body=payload)[1],
                retry_ambiguous=False,
            )
            check_run_id = _int(_obj(data, "check run"), "id")
            for batch in _batches(rest):
                self._send(
                    "PATCH",
                    f"{self._base}/check-runs/{check_run_id}",
                    body={
                        "output": _output(title, summary, text, batch)
                    },  # the same output, more annotations
                )
            return check_run_id

    def latest_check_run(self, head_sha: str, name: str) -> CheckRun | None:
        """The most recent check run named `name` on commit `head_sha` (check runs belong to commits,
        not pull requests: another pull request with the same head writes to the same list)."""
        if not re.fullmatch(r"[0-9a-f]{40}", head_sha):
            raise ValueError("head_sha must be a full commit SHA")
        with self._operation("latest_check_run"):
            data = _obj(
                self._get(
                    f"{self._base}/commits/{head_sha}/check-runs",
                    {"check_name": name, "filter": "latest", "per_page": 100},
                ),
                "check runs",
            )
        runs = [_obj(r, "check run") for r in _list(data.get("check_runs"), "check runs")]
        found = [
            CheckRun(
                _int(r, "id"),
                _str(r, "name"),
                _str(r, "head_sha"),
                _str(r, "status"),
                _opt_str(r, "conclusion"),
            )
            for r in runs
            if r.get("name") == name
        ]
        return max(found, key=lambda r: r.id) if found else None

    def update_check_run(
        self,
        check_run_id: int,
        *,
        status: CheckStatus | None = None,
        conclusion: CheckConclusion | None = None,
        title: str | None = None,
        summary: str | None = None,
        text: str | None = None,
        annotations: Sequence[Annotation] = (),
    ) -> None:
        """Update a check run (PATCH, so retried); annotations are added 50 per request.

        GitHub appends annotations, so a PATCH retried after an ambiguous failure may show a batch twice:
        cosmetic, and far rarer than the failure it survives.
        """
        if (title is None) != (summary is None):
            raise ValueError("title and summary go together (GitHub requires both in an output)")
        if annotations and title is None:
            raise ValueError("annotations need an output title and summary")
        url = f"{self._base}/check-runs/{int(check_run_id)}"
        batches = _batches(annotations) or [()]
        with self._operation("update_check_run"):
            for index, batch in enumerate(batches):
                payload: dict[str, Any] = {}
                if index == 0:
                    if status is not None:
                        payload["status"] = status
                    if conclusion is not None:
                        payload["conclusion"] = conclusion
                if title is not None and summary is not None:
                    payload["output"] = _output(title, summary, text, batch)
                if payload:
                    self._send("PATCH", url, body=payload)

    # -- issues -----------------------------------------------------------------------------------------

    def list_issues(
        self, *, labels: Sequence[str] = (), state: str = "all", creator: str | None = None
    ) -> list[Issue]:
        """Issues (and pull requests: see `is_pull_request`) filtered by GitHub, never via search
        (the search index lags behind, so a just-created issue is not found). Every label in `labels` must be present."""
        with self._operation("list_issues"):
            return self._list_issues(labels=labels, state=state, creator=creator)

    def find_bot_issue(self, marker: str, label: str) -> Issue | None:
        """The bot's issue carrying `marker`, found by label, author (the bot) and marker; never by title.

        A marker on an issue someone else opened is not trusted. If there are several, the oldest wins.
        """
        with self._operation("find_bot_issue"):
            found = self._own_issues(marker, self._list_issues(labels=[label], state="all", creator=None))
            return min(found, key=lambda i: i.number) if found else None

    def create_issue(self, title: str, body: str, labels: Sequence[str], *, marker: str) -> Issue:
        """Open a bot issue carrying `marker` (inside `body`); safe against a lost answer to the POST,
        like `create_issue_comment`."""
        _require_marker(body, marker)
        label_list = list(labels)
        payload: dict[str, Any] = {"title": title, "body": body, "labels": label_list}

        def find() -> Issue | None:
            # Newest first: an issue our lost POST created is on the first page.
            data = self._get(
                f"{self._base}/issues",
                {
                    "state": "all",
                    "sort": "created",
                    "direction": "desc",
                    "per_page": self._per_page,
                    **({"labels": ",".join(label_list)} if label_list else {}),
                },
            )
            found = self._own_issues(marker, [_issue(i) for i in _list(data, "issues")])
            return max(found, key=lambda i: i.number) if found else None

        with self._operation("create_issue"):
            return self._create(
                lambda: _issue(self._send_once("POST", f"{self._base}/issues", body=payload)[1]), find
            )

    def edit_issue(
        self,
        number: int,
        *,
        title: str | None = None,
        body: str | None = None,
        state: IssueState | None = None,
        state_reason: StateReason | None = None,
    ) -> Issue:
        payload = {
            key: value
            for key, value in (
                ("title", title),
                ("body", body),
                ("state", state),
                ("state_reason", state_reason),
            )
            if value is not None
        }
        with self._operation("edit_issue"):
            url = f"{self._base}/issues/{int(number)}"
            return _issue(self._send("PATCH", url, body=payload) if payload else self._get(url))

    def get_issue(self, number: int) -> Issue:
        with self._operation("get_issue"):
            return _issue(self._get(f"{self._base}/issues/{int(number)}"))

    # -- people -----------------------------------------------------------------------------------------

    def collaborator_permission(self, login: str) -> Permission:
        """The collaborator's role: admin, maintain, write, triage, read or none (404 → none).

        Uses `role_name` (which tells maintain and triage apart); a custom role falls back to its base
        `permission`. Anything unrecognised is "none": fail closed.

        GitHub answers 403 "Must have push access to view collaborator permission." to a token without
        push access: then nobody is an admin by repository role (only the admins named in election.yaml
        are), which is "none" here, never an aborted run. Rate limits (also 403) are still retried.
        """
        with self._operation("collaborator_permission"):
            try:
                data = self._get(
                    f"{self._base}/collaborators/{_quote_segment(login)}/permission", missing_ok=True
                )
            except GitHubUnavailable:
                raise
            except GitHubError as error:
                if error.status != 403:
                    raise
                log.warning(
                    "GitHub refused to show %s's repository permission (403: %s); treated as no "
                    "permission. Name the election's admins in election.yaml if this token cannot read "
                    "collaborator permissions.",
                    login,
                    error,
                )
                return "none"
        if data is None:
            return "none"
        obj = _obj(data, "permission")
        for key in ("role_name", "permission"):
            value = obj.get(key)
            if isinstance(value, str) and value in PERMISSIONS:
                return value
        return "none"

    def get_user(self, login: str) -> User | None:
        with self._operation("get_user"):
            data = self._get(f"/users/{_quote_segment(login)}", missing_ok=True)
        return None if data is None else _user(data)

    def get_user_by_id(self, user_id: int) -> User | None:
        """The account with this numeric id, whatever its login is now (logins can be renamed)."""
        with self._operation("get_user_by_id"):
            data = self._get(f"/user/{int(user_id)}", missing_ok=True)
        return None if data is None else _user(data)

    # -- internals: helpers used by several operations --------------------------------------------------

    def _is_own(self, author: User) -> bool:
        return is_bot_author(author, self._bot_login)

    def _own_issues(self, marker: str, issues: Iterable[Issue]) -> list[Issue]:
        return [i for i in issues if not i.is_pull_request and self._is_own(i.author) and marker in i.body]

    def _list_comments(self, number: int, pages: int | None = None) -> list[Comment]:
        url = f"{self._base}/issues/{int(number)}/comments"
        found = self._get_pages(url) if pages is None else self._get_ends(url, pages)
        return [_comment(c) for c in found]

    def _list_issues(self, *, labels: Sequence[str], state: str, creator: str | None) -> list[Issue]:
        if isinstance(labels, str):
            raise TypeError("labels must be a sequence of label names, not a string")
        if state not in ("open", "closed", "all"):
            raise ValueError(f"state must be open, closed or all, not {state!r}")
        params: dict[str, Any] = {"state": state}
        if labels:
            params["labels"] = ",".join(labels)
        if creator is not None:
            params["creator"] = creator
        return [_issue(i) for i in self._get_pages(f"{self._base}/issues", params)]

    def _create_label(self, spec: Label) -> bool:
        payload = {"name": spec.name, "color": spec.color.lstrip("#"), "description": spec.description}
        attempts: list[int] = []

        def post() -> bool:
            attempts.append(1)
            try:
                self._send_once("POST", f"{self._base}/labels", body=payload)
            except GithubException as exc:
                if exc.status == 422 and "already_exists" in _error_codes(exc.data):
                    # Already there: ours if an earlier attempt of this very call may have made it.
                    return len(attempts) > 1
                raise
            return True

        return self._call(post)

    def _contents_url(self, path: str) -> str:
        return f"{self._base}/contents/{urllib.parse.quote(path, safe='/')}"

    # -- internals: the transport, with bounded retry ---------------------------------------------------

    @contextmanager
    def _operation(self, name: str) -> Iterator[None]:
        """Attribute requests to a public operation; nested calls keep the outer one (and its budget)."""
        current = _ACTIVE.get()
        if current is not None and current.stats is self._stats:
            yield
            return
        token = _ACTIVE.set(_Active(self._stats, name))
        try:
            yield
        finally:
            _ACTIVE.reset(token)

    def _send_once(
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

    def _send(
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
        contents API, for a file over 1 MB) is `_TOO_LARGE`."""

        def attempt() -> Any:
            try:
                return self._send_once(method, url, params=params, body=body)[1]
            except GithubException as exc:
                if missing_ok and exc.status == 404:
                    return None
                if too_large_ok and exc.status == 403 and "too_large" in _error_codes(exc.data):
                    return _TOO_LARGE
                raise

        return self._call(attempt)

    def _get(self, url: str, params: Mapping[str, Any] | None = None, *, missing_ok: bool = False) -> Any:
        return self._send("GET", url, params=params, missing_ok=missing_ok)

    def _get_pages(self, url: str, params: Mapping[str, Any] | None = None) -> list[Any]:
        """Every item of a list endpoint: one request per page of `per_page` (100), each page retried on
        its own, following GitHub's `Link: rel="next"` (only ever to the same server)."""
        items: list[Any] = []
        next_url: str | None = url
        next_params: Mapping[str, Any] | None = {**(params or {}), "per_page": self._per_page}
        pages = 0
        while next_url is not None:
            pages += 1
            if pages > 1000:  # a server that keeps saying "next"; 100,000 items is not a nomination list
                raise _malformed("pagination does not end")
            page_url, page_params = next_url, next_params

            def fetch(
                u: str = page_url, p: Mapping[str, Any] | None = page_params
            ) -> tuple[dict[str, Any], Any]:
                return self._send_once("GET", u, params=p)

            headers, data = self._call(fetch)
            items.extend(_list(data, "list response"))
            next_url = self._next_link(headers)
            next_params = None  # the next link carries all query parameters
        return items

    def _get_ends(self, url: str, pages: int) -> list[Any]:
        """The first page and the last `pages - 1` pages of a list endpoint, in order, without repeats."""
        if pages < 1:
            raise ValueError("pages must be at least 1")
        params = {"per_page": self._per_page}
        headers, data = self._call(lambda: self._send_once("GET", url, params=params))
        items = _list(data, "list response")
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
                return self._send_once("GET", url, params=q)

            _, data = self._call(fetch)
            items.extend(_list(data, "list response"))
        return items

    def _last_page(self, headers: Mapping[str, Any]) -> int | None:
        """The page number GitHub's `rel="last"` link names, or None when there is one page."""
        for entry in requests.utils.parse_header_links(_header(headers, "link") or ""):
            if entry.get("rel") != "last" or not entry.get("url"):
                continue
            query = urllib.parse.parse_qs(urllib.parse.urlsplit(entry["url"]).query)
            values = query.get("page", [])
            if len(values) == 1 and values[0].isascii() and values[0].isdigit() and len(values[0]) < 7:
                return int(values[0])
            raise _malformed("pagination link has no page number")
        return None

    def _next_link(self, headers: Mapping[str, Any]) -> str | None:
        link = _header(headers, "link")
        if not link:
            return None
        for entry in requests.utils.parse_header_links(link):
            if entry.get("rel") == "next" and entry.get("url"):
                target = urllib.parse.urlsplit(entry["url"])
                base = urllib.parse.urlsplit(self._api_url)
                if (target.scheme, target.netloc) != (base.scheme, base.netloc):
                    raise _malformed("pagination link points to another server")
                return entry["url"]
        return None

    def _create(self, post: Callable[[], T], find: Callable[[], T | None]) -> T:
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

        return self._call(attempt)

    def _call(self, attempt: Callable[[], T], *, retry_ambiguous: bool = True) -> T:
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
            delay = failure.wait if failure.wait is not None else self._policy.backoff(tries)
            delay = max(0.0, delay)
            waited = active.waited if active else 0.0
            if tries >= self._policy.max_attempts:
                raise GitHubUnavailable(
                    f"{operation}: {failure.reason}, {tries} attempts, giving up",
                    status=failure.status,
                    operation=operation,
                )
            if waited + delay > self._policy.max_total_wait:
                raise GitHubUnavailable(
                    f"{operation}: {failure.reason}; waiting {delay:.0f}s more would exceed the "
                    f"{self._policy.max_total_wait:.0f}s budget",
                    status=failure.status,
                    operation=operation,
                )
            log.warning(
                "GitHub %s: %s; retrying in %.1fs (attempt %d)", operation, failure.reason, delay, tries
            )
            self._sleep(delay)
            if active is not None:
                active.waited += delay
            self._stats.retries += 1
            self._stats.waited_seconds += delay

    def _classify_response(self, exc: GithubException, operation: str) -> _Transient:
        status = exc.status
        headers = exc.headers or {}
        message = _scrub(_github_message(exc.data), self._secret)
        lowered = message.lower()
        if status in (403, 429):
            retry_after = _header(headers, "retry-after")
            if retry_after is not None and retry_after.strip().isdigit():
                return _Transient(f"secondary rate limit ({status})", status, float(retry_after), False)
            remaining = _header(headers, "x-ratelimit-remaining")
            reset = _header(headers, "x-ratelimit-reset")
            if remaining is not None and remaining.strip() == "0" and reset and reset.strip().isdigit():
                wait = max(0.0, float(reset) - self._clock()) + 1.0
                return _Transient(f"rate limit exhausted ({status})", status, wait, False)
            if any(hint in lowered for hint in _SECONDARY_HINTS):
                return _Transient(
                    f"secondary rate limit ({status})", status, self._policy.secondary_wait, False
                )
            if status == 429 or lowered.startswith("api rate limit exceeded"):
                return _Transient(f"rate limited ({status})", status, None, False)
        if status >= 500:
            hint = _header(headers, "retry-after")  # a 503 may say how long to wait
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


# -- small pure helpers ---------------------------------------------------------------------------------


def _require_marker(body: str, marker: str) -> None:
    if not marker or marker not in body:
        raise ValueError("the body must contain its hidden marker")


def _batches(annotations: Sequence[Annotation]) -> list[Sequence[Annotation]]:
    step = MAX_ANNOTATIONS_PER_REQUEST
    return [annotations[i : i + step] for i in range(0, len(annotations), step)]


def _annotation(a: Annotation) -> dict[str, Any]:
    data: dict[str, Any] = {
        "path": a.path,
        "start_line": a.start_line,
        "end_line": a.end_line,
        "annotation_level": a.level,
        "message": a.message,
    }
    if a.title is not None:
        data["title"] = a.title
    return data


def _output(title: str, summary: str, text: str | None, annotations: Sequence[Annotation]) -> dict[str, Any]:
    output: dict[str, Any] = {"title": title, "summary": summary}
    if text is not None:
        output["text"] = text
    if annotations:
        output["annotations"] = [_annotation(a) for a in annotations]
    return output
