"""The server itself: lifecycle, thread safety, clean shutdown (no leaked sockets or threads)."""

from __future__ import annotations

import gc
import http.client
import threading
import warnings
from concurrent.futures import ThreadPoolExecutor

import pytest
from github import Auth, Github

from election_bot_demo.fakehub import FakeHub
from tests.fakehub.rawhttp import call
from tests.helpers.repo import REPO


def test_context_manager_starts_and_stops() -> None:
    with FakeHub() as hub:
        hub.add_repo("o/r")
        url = hub.url
        assert url.startswith("http://127.0.0.1:")
        assert not url.endswith("/")
        assert call(url, "GET", "/repos/o/r").status == 200
    with pytest.raises(RuntimeError, match="not started"):
        _ = hub.url
    with pytest.raises(OSError):  # noqa: PT011 - refused or reset, depending on timing
        call(url, "GET", "/repos/o/r")
    hub.stop()  # idempotent


def test_two_hubs_do_not_share_state() -> None:
    with FakeHub() as one, FakeHub() as two:
        one.add_repo("o/r")
        assert one.url != two.url
        assert call(two.url, "GET", "/repos/o/r").status == 404


def test_stop_closes_idle_keep_alive_connections_and_joins_threads() -> None:
    before = threading.active_count()
    hub = FakeHub().start()
    hub.add_repo("o/r")
    gh = Github(base_url=hub.url, auth=Auth.Token("x"), seconds_between_requests=0, seconds_between_writes=0)
    gh.get_repo("o/r")  # leaves a keep-alive connection open in PyGithub's pool
    hub.stop()
    gh.close()
    assert threading.active_count() == before


def test_no_resource_warnings_from_a_full_session() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with FakeHub() as hub:
            hub.add_repo("o/r")
            gh = Github(
                base_url=hub.url, auth=Auth.Token("x"), seconds_between_requests=0, seconds_between_writes=0
            )
            gh.get_repo("o/r").create_issue("t").create_comment("c")
            gh.close()
        gc.collect()
    assert [str(w.message) for w in caught] == []


def test_concurrent_writes_get_unique_numbers(fakehub: FakeHub) -> None:
    """One lock: parallel creates never share a number, and all of them land."""

    def create(i: int) -> int:
        reply = call(fakehub.url, "POST", f"/repos/{REPO}/issues", {"title": f"t{i}"})
        assert reply.status == 201
        number: int = reply.json()["number"]
        return number

    with ThreadPoolExecutor(max_workers=8) as pool:
        numbers = list(pool.map(create, range(40)))
    assert sorted(numbers) == list(range(1, 41))
    assert len(fakehub.issues(REPO)) == 40
    assert fakehub.count("POST") == 40


def test_keep_alive_serves_many_requests_on_one_connection(fakehub: FakeHub) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", int(fakehub.url.rsplit(":", 1)[1]), timeout=5)
    try:
        for _ in range(3):
            conn.request("GET", f"/repos/{REPO}", headers={"Authorization": "token x"})
            response = conn.getresponse()
            assert response.status == 200
            response.read()
        conn.request("DELETE", f"/repos/{REPO}/issues/comments/1", headers={"Authorization": "token x"})
        response = conn.getresponse()
        assert response.status == 404
        response.read()
    finally:
        conn.close()
