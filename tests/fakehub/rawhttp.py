"""Plain HTTP against the stand-in, below PyGithub: exact statuses, headers and bodies, no retries."""

from __future__ import annotations

import http.client
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]  # lower-cased names
    raw: bytes

    def json(self) -> Any:
        return json.loads(self.raw)


def call(
    base_url: str,
    method: str,
    path: str,
    body: Any = None,
    *,
    token: str | None = "anything",
    raw_body: bytes | None = None,
) -> Reply:
    """One request on a fresh connection, closed afterwards (no ResourceWarning)."""
    parts = urlsplit(base_url)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=10)
    try:
        headers = {"Accept": "application/vnd.github+json", "User-Agent": "fakehub-tests"}
        if token is not None:
            headers["Authorization"] = f"token {token}"
        payload = raw_body
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        conn.request(method, parts.path + path, body=payload, headers=headers)
        response = conn.getresponse()
        data = response.read()
        return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, data)
    finally:
        conn.close()
