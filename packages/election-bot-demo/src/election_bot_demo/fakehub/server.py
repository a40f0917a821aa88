"""Real HTTP/1.1 on loopback (keep-alive, like api.github.com) in a background thread.

Shutting down closes idle keep-alive connections and joins every handler thread, so tests running with
`-W error` see no ResourceWarning and no thread outlives the hub.
"""

from __future__ import annotations

import contextlib
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Final

from election_bot_demo.fakehub.dispatch import Dispatcher

IDLE_TIMEOUT: Final = 30.0  # seconds a keep-alive connection may sit idle before the server closes it
POLL_INTERVAL: Final = 0.02  # how often serve_forever checks for shutdown: stop() waits at most this long


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = IDLE_TIMEOUT
    disable_nagle_algorithm = True  # headers and body go out in separate writes; don't wait for delayed ACKs
    server: LoopbackServer

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw_body = self.rfile.read(length) if length > 0 else b""
        headers = {name.lower(): value for name, value in self.headers.items()}
        outcome = self.server.dispatcher.handle(self.command, self.path, headers, raw_body, self.server.host)
        if outcome.dropped:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.send_response(outcome.status)
        for name, value in outcome.headers.items():
            self.send_header(name, value)
        if outcome.status != 204:
            self.send_header("Content-Length", str(len(outcome.body)))
        self.end_headers()
        if outcome.status != 204 and outcome.body:
            self.wfile.write(outcome.body)

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_PATCH(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def version_string(self) -> str:
        return "fakehub"

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: request lines would be noise, and headers must never reach a log (tokens)."""


class LoopbackServer(ThreadingHTTPServer):
    daemon_threads = False  # joined in server_close()
    block_on_close = True

    def __init__(self, dispatcher: Dispatcher) -> None:
        self.dispatcher = dispatcher
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        super().__init__(("127.0.0.1", 0), _Handler)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def host(self) -> str:
        """host:port as clients address us; every URL in a response is built on it."""
        return f"127.0.0.1:{self.port}"

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client hanging up mid-request is normal for a test; anything else is kept for the test."""
        exc = sys.exc_info()[1]
        if isinstance(exc, ConnectionError | TimeoutError) or exc is None:
            return
        self.dispatcher.internal_errors.append(exc)

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self.serve_forever, args=(POLL_INTERVAL,), name=f"fakehub:{self.port}", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        if self._thread is None:
            return
        self.shutdown()
        with self._open_lock:
            idle = list(self._open)
        for conn in idle:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        self.server_close()
        self._thread.join()
        self._thread = None
