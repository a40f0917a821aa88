"""Membership directories: a roster file (CSV, given to the workflow as a secret) or an HTTP service.

Fail closed: a directory that cannot answer says `unverified`, never "member". The roster is private
data: it is read at run time from a path outside the repository and never committed or echoed.
"""

from __future__ import annotations

import csv
import io
import json
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from bot.core.membership import NO_DIRECTORY, MembershipAnswer, MembershipState
from bot.core.models import LOGIN_RE, Membership

ROSTER_ENV = "ELECTION_BOT_ROSTER"
SERVICE_URL_ENV = "ELECTION_BOT_MEMBERSHIP_URL"
SERVICE_TOKEN_ENV = "ELECTION_BOT_MEMBERSHIP_TOKEN"  # noqa: S105 - the variable's name, not a secret


class DirectoryError(Exception):
    """The directory's configuration is unusable (a usage error: exit 2), with a message for people."""


class MembershipDirectory(Protocol):
    def lookup(self, login: str, user_id: int | None = None) -> MembershipAnswer: ...


class NoDirectory:
    def lookup(self, login: str, user_id: int | None = None) -> MembershipAnswer:
        return NO_DIRECTORY


def _membership(value: str) -> Membership | None:
    text = value.strip().lower()
    if text == "managing":  # merged into contributing in 2024; old exports may still say it
        return Membership.contributing
    try:
        return Membership(text)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class _Row:
    login: str
    user_id: int | None
    membership: Membership


class RosterFile:
    """CSV with a header: `github_login,membership` and optionally `github_id`."""

    def __init__(self, rows: list[_Row], source: str) -> None:
        self._by_login = {r.login.lower(): r for r in rows}
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
        missing = {"github_login", "membership"} - set(header)
        if missing:
            raise DirectoryError(
                f"the membership roster {source} needs the columns github_login,membership "
                f"(missing: {', '.join(sorted(missing))})"
            )
        rows = []
        for number, record in enumerate(reader, start=2):
            clean = {(k or "").strip(): (v or "").strip() for k, v in record.items() if isinstance(v, str)}
            login, klass, raw_id = (
                clean.get("github_login", ""),
                clean.get("membership", ""),
                clean.get("github_id", ""),
            )
            membership = _membership(klass)
            if not LOGIN_RE.match(login) or membership is None or (raw_id and not raw_id.isdigit()):
                raise DirectoryError(f"the membership roster {source}, line {number}: unreadable row")
            rows.append(_Row(login, int(raw_id) if raw_id else None, membership))
        return cls(rows, source)

    def lookup(self, login: str, user_id: int | None = None) -> MembershipAnswer:
        row = self._by_id.get(user_id) if user_id is not None else None
        if row is None:
            row = self._by_login.get(login.lower())
            # A row pinned to another numeric id is someone else who once had this login.
            if row is not None and row.user_id is not None and user_id is not None and row.user_id != user_id:
                row = None
        if row is None:
            return MembershipAnswer(MembershipState.not_found, source="roster")
        return MembershipAnswer(MembershipState.verified, row.membership, source="roster")


class MembershipService:
    """`GET {url}/{login}` with a bearer token → `{"membership": "fellow", "github_id": 123}`; 404 = no."""

    def __init__(self, url: str, token: str, timeout: float = 10.0) -> None:
        parsed = urllib.parse.urlsplit(url)
        loopback = parsed.hostname in ("127.0.0.1", "localhost", "::1")
        if parsed.scheme != "https" and not (parsed.scheme == "http" and loopback):
            raise DirectoryError("the membership service URL must be https:// (the token must not leak)")
        self._url = url.rstrip("/")
        self._token = token
        self._timeout = timeout

    def __repr__(self) -> str:
        return f"MembershipService({self._url!r})"

    def lookup(self, login: str, user_id: int | None = None) -> MembershipAnswer:
        request = urllib.request.Request(  # noqa: S310 - scheme checked in __init__
            f"{self._url}/{urllib.parse.quote(login)}",
            headers={"Authorization": f"Bearer {self._token}", "Accept": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:  # noqa: S310
                payload = json.loads(response.read(65536).decode("utf-8"))
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return MembershipAnswer(MembershipState.not_found, source="service")
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
        return MembershipService(url, token)
    return NoDirectory()
