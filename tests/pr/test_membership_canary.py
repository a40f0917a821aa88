"""The membership service's token is a secret too: `election-bot pr` sends it (and only to the service), and
whatever the service answers — the token echoed back in an error, in a class, in a body too deep to read —
it never reaches a comment, a check run, the job summary or the log (the canary checks in
tests/conftest.py fail the test otherwise), and the check fails closed."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests import canary
from tests.pr.conftest import World

Answer = Callable[[str], tuple[int, bytes]]  # the Authorization header → status, body


@pytest.fixture
def service(world: World) -> Iterator[Callable[[Answer], list[str]]]:
    """Start a loopback membership service answering with `answer`; returns the headers it received."""
    servers: list[ThreadingHTTPServer] = []

    def start(answer: Answer) -> list[str]:
        seen: list[str] = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                header = self.headers.get("Authorization", "")
                seen.append(header)
                status, body = answer(header)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append(server)
        world.monkeypatch.setenv(
            "ELECTION_BOT_MEMBERSHIP_URL", f"http://127.0.0.1:{server.server_port}/members"
        )
        return seen

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def fellow_if_authorised(header: str) -> tuple[int, bytes]:
    if header == f"Bearer {canary.CANARY_MEMBERSHIP_TOKEN}":
        return 200, json.dumps({"membership": "fellow"}).encode()
    return 401, b'{"message": "bad credentials"}'


def test_the_token_is_sent_to_the_service_and_nowhere_else(
    world: World, service: Callable[[Answer], list[str]]
) -> None:
    seen = service(fellow_if_authorised)
    number = world.nominate("janedoe")
    world.pr_event(number)
    run = world.run()
    assert run.code == 0, run.out + run.err
    assert seen == [f"Bearer {canary.CANARY_MEMBERSHIP_TOKEN}"]
    assert "fellow (from the service)" in world.report(number)


@pytest.mark.parametrize(
    "answer",
    [
        lambda header: (500, json.dumps({"error": f"rejected {header}"}).encode()),
        lambda header: (200, json.dumps({"membership": header}).encode()),
        lambda header: (200, json.dumps({"membership": "fellow", "github_id": header}).encode()[:-2]),
        lambda header: (200, b"[" * 60000 + header.encode()),
        lambda header: (200, header.encode()),
    ],
    ids=["echoed-in-an-error", "echoed-as-the-class", "truncated-json", "nested-too-deep", "not-json"],
)
def test_a_service_that_echoes_the_token_leaks_nothing_and_verifies_nothing(
    world: World, service: Callable[[Answer], list[str]], answer: Answer
) -> None:
    seen = service(answer)
    number = world.nominate("janedoe")
    world.pr_event(number)
    run = world.run()
    assert seen, "the service was asked"
    assert run.code == 1, run.out + run.err
    assert "membership-unverified" in world.labels(number)
    assert "could not verify" in world.report(number)
