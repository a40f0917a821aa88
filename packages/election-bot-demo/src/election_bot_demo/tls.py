"""Loopback HTTPS for the demo's and the tests' stand-in services: a throwaway certificate authority (made
by trustme) that issues a certificate for 127.0.0.1, and the CA's PEM file for the client to trust.

The bot speaks only HTTPS to a membership service; this is how a local service meets that rule without a
plain-HTTP exception in the bot. Nothing here is a secret: the keys live in memory and die with the
process, and only the CA certificate (public) is written to disk.
"""

from __future__ import annotations

import ssl
from http.server import ThreadingHTTPServer
from pathlib import Path

import trustme


class LoopbackTLS:
    """One CA and one server certificate for 127.0.0.1 and localhost."""

    def __init__(self) -> None:
        self._ca = trustme.CA()
        self._server_cert = self._ca.issue_cert("127.0.0.1", "localhost")

    def write_ca(self, path: Path) -> Path:
        """The CA certificate as PEM (what ELECTION_BOT_MEMBERSHIP_CA points at)."""
        self._ca.cert_pem.write_to_path(str(path))
        return path

    def wrap(self, server: ThreadingHTTPServer) -> None:
        """Serve TLS on `server`'s socket (before `serve_forever`)."""
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self._server_cert.configure_cert(context)
        server.socket = context.wrap_socket(server.socket, server_side=True)
