"""A stand-in for the PSF's membership service, for the demo: `GET /<login>` with a bearer token answers
`{"membership": "fellow"}`, 404 for someone who is not a member, and 503 for a record it cannot read right
now, so that the bot says "could not verify" and an election admin verifies by hand. Loopback only, over
HTTPS with a throwaway CA (election_bot_demo/tls.py): the bot never speaks plain HTTP to a membership service."""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Self

from election_bot_demo.tls import LoopbackTLS

TOKEN = "demo-membership-token"  # noqa: S105 - a value for a local toy service, not a secret


class MembershipService:
    def __init__(self, members: Mapping[str, str], unavailable: frozenset[str] = frozenset()) -> None:
        self.members = {k.lower(): v for k, v in members.items()}
        self.unavailable = {u.lower() for u in unavailable}
        self.asked: list[str] = []
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                login = urllib.parse.unquote(self.path.strip("/")).lower()
                service.asked.append(login)
                if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                    self._answer(401, {"message": "bad token"})
                elif login in service.unavailable:
                    self._answer(503, {"message": "this record is being migrated; try again later"})
                elif login in service.members:
                    self._answer(200, {"membership": service.members[login]})
                else:
                    self._answer(404, {"message": "not a member"})

            def _answer(self, status: int, payload: object) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: object) -> None:
                return

        self._tls = LoopbackTLS()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._tls.wrap(self._server)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"https://{host!s}:{port}"

    def write_ca(self, path: Path) -> Path:
        """The CA that signed this service's certificate, for ELECTION_BOT_MEMBERSHIP_CA."""
        return self._tls.write_ca(path)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
