"""Membership directories: a roster file (CSV, given to the workflow as a secret) or an HTTP service.

Fail closed: a directory that cannot answer says `unverified`, never "member". The roster is private
data: it is read at run time from a path outside the repository and never committed or echoed.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import ssl
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from typing import IO, Protocol

from bot.config.models import LOGIN_RE
from bot.github.values import login_key
from bot.nominations.membership import NO_DIRECTORY, MembershipAnswer, MembershipState

ROSTER_ENV = "ELECTION_BOT_ROSTER"
SERVICE_URL_ENV = "ELECTION_BOT_MEMBERSHIP_URL"
SERVICE_TOKEN_ENV = "ELECTION_BOT_MEMBERSHIP_TOKEN"  # noqa: S105 - the variable's name, not a secret
SERVICE_CA_ENV = "ELECTION_BOT_MEMBERSHIP_CA"  # optional: a PEM bundle, for a service with a private CA


class DirectoryError(Exception):
    """The directory's configuration is unusable (a usage error: exit 2), with a message for people."""


class MembershipDirectory(Protocol):
    def lookup(self, login: str, user_id: int | None = None) -> MembershipAnswer: ...


class NoDirectory:
    def lookup(self, login: str, user_id: int | None = None) -> MembershipAnswer:
        return NO_DIRECTORY


CLASS_RE = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")


def _membership(value: str) -> str | None:
    """The class as written, lower case (the election maps retired classes: `class_of`), or None."""
    text = value.strip().lower()
    return text if CLASS_RE.match(text) else None


@dataclass(frozen=True, slots=True)
class _Row:
    login: str
    user_id: int | None
    membership: str  # "" when the roster has no `membership` column: a plain member list


class RosterFile:
    """CSV with a header: `github_login`, optionally `membership` (the member's class; without it the
    file is a plain member list) and `github_id` (pins the row to an account)."""

    def __init__(self, rows: list[_Row], source: str) -> None:
        self._by_login = {login_key(r.login): r for r in rows}
        self._by_id = {r.user_id: r for r in rows if r.user_id is not None}
        self._source = source

    @classmethod
    def from_path(cls, path: Path) -> RosterFile:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise DirectoryError(f"cannot read the membership roster {path}: {error}") from None
        return cls.from_text(text, path.name)

    @classmethod
    def from_text(cls, text: str, source: str) -> RosterFile:
        reader = csv.DictReader(io.StringIO(text))
        header = [h.strip() for h in reader.fieldnames or []]
        if "github_login" not in header:
            raise DirectoryError(
                f"the membership roster {source} needs a header line with a `github_login` column "
                "(and, where members hold classes, a `membership` column; optionally `github_id`)"
            )
        classes = "membership" in header
        rows = []
        for number, record in enumerate(reader, start=2):
            clean = {(k or "").strip(): (v or "").strip() for k, v in record.items() if isinstance(v, str)}
            login, klass, raw_id = (
                clean.get("github_login", ""),
                clean.get("membership", ""),
                clean.get("github_id", ""),
            )
            where = f"the membership roster {source}, line {number}"
            if not LOGIN_RE.match(login) or len(login) > 39:
                raise DirectoryError(f"{where}: github_login {login!r} is not a GitHub login")
            membership = _membership(klass) if classes else ""
            if membership is None:
                raise DirectoryError(
                    f"{where}: membership {klass!r} is not a class name (lower-case letters, digits, "
                    "`-` or `_`, e.g. `fellow`)"
                )
            if raw_id and not (raw_id.isascii() and raw_id.isdigit() and len(raw_id) < 19):
                raise DirectoryError(f"{where}: github_id {raw_id!r} is not a numeric GitHub id")
            rows.append(_Row(login, int(raw_id) if raw_id else None, membership))
        return cls(rows, source)

    def lookup(self, login: str, user_id: int | None = None) -> MembershipAnswer:
        row = self._by_id.get(user_id) if user_id is not None else None
        if row is None:
            row = self._by_login.get(login_key(login))
            # A row pinned to another numeric id is someone else who once had this login.
            if row is not None and row.user_id is not None and user_id is not None and row.user_id != user_id:
                row = None
        if row is None:
            return MembershipAnswer(MembershipState.not_found, source="roster")
        return MembershipAnswer(MembershipState.verified, row.membership, source="roster")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A 3xx is an answer, never an instruction: `urlopen` would resend the Authorization header to
    wherever the `Location` points (another host, even plain `http://`), and trust that host's reply."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: Message,
        newurl: str,
    ) -> urllib.request.Request | None:
        return None  # urllib then raises HTTPError(code): "could not verify"


class MembershipService:
    """`GET {url}/{login}` with a bearer token → `{"membership": "fellow", "github_id": 123}`; 404 = no.

    The token goes to the configured origin only: the URL must be `https://` with a host and no user
    information, query or fragment; the login is one quoted path segment; certificates are verified
    (against the system's CAs, or the PEM bundle in ELECTION_BOT_MEMBERSHIP_CA for a private CA); a
    redirect of any kind is not followed and means "could not verify". There is no plain-HTTP mode, not
    even for loopback: the tests and `make demo` run their services over TLS with a throwaway CA.
    """

    def __init__(self, url: str, token: str, timeout: float = 10.0, *, cafile: str | None = None) -> None:
        self._url = _service_url(url)
        self._origin = _origin(self._url)
        self._token = token
        self._timeout = timeout
        try:
            context = ssl.create_default_context(cafile=cafile)
        except (OSError, ssl.SSLError) as error:
            raise DirectoryError(
                f"cannot read the membership service's CA bundle {cafile} ({type(error).__name__})"
            ) from None
        # Only our own handlers: no redirects, TLS with this context. Proxies from the environment still
        # apply; an HTTPS request goes through a proxy as a CONNECT tunnel, so the token stays inside TLS.
        self._opener = urllib.request.build_opener(
            _NoRedirects(), urllib.request.HTTPSHandler(context=context)
        )

    def __repr__(self) -> str:
        return f"MembershipService({self._url!r})"

    def lookup(self, login: str, user_id: int | None = None) -> MembershipAnswer:
        if not LOGIN_RE.match(login):
            return _unverified("not a GitHub login")
        target = f"{self._url}/{urllib.parse.quote(login, safe='')}"
        if _origin(target) != self._origin:  # cannot happen for a login; the invariant the token relies on
            return _unverified("the membership service URL is not usable")
        request = urllib.request.Request(  # noqa: S310 - https only, checked in _service_url
            target,
            headers={"Authorization": f"Bearer {self._token}", "Accept": "application/json"},
        )
        try:
            with self._opener.open(request, timeout=self._timeout) as response:
                payload = json.loads(response.read(65536).decode("utf-8"))
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return MembershipAnswer(MembershipState.not_found, source="service")
            if 300 <= error.code < 400:
                return _unverified(
                    f"the membership service answered with a redirect (HTTP {error.code}), "
                    "which is never followed"
                )
            return _unverified(f"the membership service answered HTTP {error.code}")
        except (urllib.error.URLError, OSError, ValueError) as error:
            return _unverified(f"the membership service could not be reached ({type(error).__name__})")
        if not isinstance(payload, dict):
            return _unverified("the membership service gave an unreadable answer")
        membership = _membership(str(payload.get("membership", "")))
        known_id = payload.get("github_id")
        if membership is None:
            return _unverified("the membership service gave an unknown class")
        if isinstance(known_id, int) and user_id is not None and known_id != user_id:
            return MembershipAnswer(MembershipState.not_found, source="service")
        return MembershipAnswer(MembershipState.verified, membership, source="service")


def _service_url(url: str) -> str:
    """The configured service URL, or DirectoryError: https, a host, no user information, query or
    fragment (the token must reach this origin and nothing else)."""
    try:
        parsed = urllib.parse.urlsplit(url.strip())
        port = parsed.port
    except ValueError:
        raise DirectoryError("the membership service URL is not a URL") from None
    if parsed.scheme != "https":
        raise DirectoryError("the membership service URL must be https:// (the token must not leak)")
    if not parsed.hostname or port == 0:
        raise DirectoryError("the membership service URL has no host")
    if parsed.username is not None or parsed.password is not None or "@" in parsed.netloc:
        raise DirectoryError("the membership service URL must not carry user information")
    if parsed.query or parsed.fragment or url.strip().endswith(("?", "#")):
        raise DirectoryError("the membership service URL must not have a query or a fragment")
    return url.strip().rstrip("/")


def _origin(url: str) -> tuple[str, str, int]:
    parsed = urllib.parse.urlsplit(url)
    return (parsed.scheme, (parsed.hostname or "").lower(), parsed.port or 443)


def _unverified(reason: str) -> MembershipAnswer:
    return MembershipAnswer(MembershipState.unverified, reason=reason)


def directory_from(roster: str | None, environ: Mapping[str, str] = os.environ) -> MembershipDirectory:
    """`--roster` first, then the environment; with neither, membership stays unverified."""
    path = roster or environ.get(ROSTER_ENV)
    if path:
        return RosterFile.from_path(Path(path))
    url = environ.get(SERVICE_URL_ENV)
    if url:
        token = environ.get(SERVICE_TOKEN_ENV, "")
        if not token:
            raise DirectoryError(f"{SERVICE_URL_ENV} is set but {SERVICE_TOKEN_ENV} is empty")
        return MembershipService(url, token, cafile=environ.get(SERVICE_CA_ENV) or None)
    return NoDirectory()
