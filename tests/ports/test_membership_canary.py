"""The membership service's token is a secret too: `election-bot pr` sends it (and only to the service), and
whatever the service answers — the token echoed back in an error, in a class, in a body too deep to read —
it never reaches a comment, a check run, the job summary or the log (the canary checks in
tests/conftest.py fail the test otherwise), and the check fails closed.

The service runs on loopback over HTTPS (a throwaway CA, election_bot_demo/tls.py): the bot has no plain-HTTP mode
to test with. A redirect is never followed: the token would go wherever `Location` points."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from election_bot_demo.tls import LoopbackTLS
from tests.helpers import canary
from tests.helpers.world import World

# The Authorization header → status, body (and optionally extra response headers).
Answer = Callable[[str], tuple[int, bytes] | tuple[int, bytes, dict[str, str]]]


class Service:
    """A loopback membership service: what it was asked (Authorization headers) and its base URL."""

    def __init__(self, answer: Answer, tls: LoopbackTLS | None) -> None:
        self.seen: list[str] = []
        seen = self.seen

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                header = self.headers.get("Authorization", "")
                seen.append(header)
                status, body, *extra = answer(header)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                for name, value in (extra[0] if extra else {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        if tls is not None:
            tls.wrap(self.server)
        self.scheme = "https" if tls is not None else "http"
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.server.server_port}/members"


@pytest.fixture
def services(world: World) -> Iterator[Callable[..., Service]]:
    """Start loopback services; `tls=False` makes a plain-HTTP one (a redirect target, never configured)."""
    started: list[Service] = []
    tls = LoopbackTLS()
    ca = tls.write_ca(world.tmp / "membership-ca.pem")
    world.monkeypatch.setenv("ELECTION_BOT_MEMBERSHIP_CA", str(ca))

    def start(answer: Answer, *, https: bool = True) -> Service:
        started.append(Service(answer, tls if https else None))
        return started[-1]

    yield start
    for service in started:
        service.server.shutdown()
        service.server.server_close()


@pytest.fixture
def service(world: World, services: Callable[..., Service]) -> Callable[[Answer], list[str]]:
    """Start the configured membership service answering with `answer`; returns the headers it received."""

    def start(answer: Answer) -> list[str]:
        started = services(answer)
        world.monkeypatch.setenv("ELECTION_BOT_MEMBERSHIP_URL", started.url)
        return started.seen

    return start


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
    assert "fellow, in the PSF voting\\-member roster" in world.report(number)  # the service's answer


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


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("https", [False, True], ids=["to-plain-http", "to-another-https-origin"])
def test_a_redirect_is_never_followed_and_the_token_stays_with_the_service(
    world: World, services: Callable[..., Service], status: int, https: bool
) -> None:
    """Issue 12, weakness 8: `urlopen` followed a redirect to another host (even `http://`), sent it the
    bearer token, and trusted its answer. Now any 3xx is "could not verify" and nothing else is asked."""
    elsewhere = services(fellow_if_authorised, https=https)
    configured = services(lambda header: (status, b"{}", {"Location": f"{elsewhere.url}/janedoe"}))
    world.monkeypatch.setenv("ELECTION_BOT_MEMBERSHIP_URL", configured.url)
    number = world.nominate("janedoe")
    world.pr_event(number)
    run = world.run()
    assert configured.seen == [f"Bearer {canary.CANARY_MEMBERSHIP_TOKEN}"]
    assert elsewhere.seen == [], "the redirect target was asked (with the token)"
    assert run.code == 1, run.out + run.err
    assert "membership-unverified" in world.labels(number)
    report = world.report(number)
    assert "could not verify" in report and "redirect" in report
    assert "fellow, in the" not in report


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/members",  # plain HTTP, even on loopback
        "http://localhost:9/members",
        "http://members.example/api",
        "ftp://members.example/",
        "https://user:secret@members.example/api",
        "https://members.example/api?key=1",
        "https://members.example/api#frag",
        "https:///members",
        "https://members.example:99999/",
        "members.example/api",
    ],
)
def test_a_membership_url_that_is_not_plain_https_is_never_used(
    world: World, url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A URL by which the token could leave TLS, or go with credentials or a query of its own, is never
    used: the directory is misconfigured (said in the job log), the check fails closed."""
    world.monkeypatch.setenv("ELECTION_BOT_MEMBERSHIP_URL", url)
    number = world.nominate("janedoe")
    world.pr_event(number)
    run = world.run()
    assert run.code == 1, run.out + run.err
    assert "membership directory unusable: the membership service URL" in caplog.text
    assert "membership-unverified" in world.labels(number)
    assert "misconfigured" in world.report(number)
    assert "Traceback" not in run.err
