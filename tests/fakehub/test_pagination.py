"""GitHub's pagination: per_page (default 30, at most 100), page, and the Link header's relations."""

from __future__ import annotations

import re

from election_bot_demo.fakehub import FakeHub
from tests.fakehub.rawhttp import call
from tests.helpers.repo import REPO

ISSUES = f"/repos/{REPO}/issues"


def links(header: str) -> dict[str, str]:
    return {rel: url for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', header)}


def seed(hub: FakeHub, n: int) -> None:
    for i in range(n):
        hub.create_issue(REPO, "alice", f"#{i}")


def test_default_page_and_links(fakehub: FakeHub) -> None:
    seed(fakehub, 75)
    reply = call(fakehub.url, "GET", f"{ISSUES}?state=open")
    assert len(reply.json()) == 30
    rels = links(reply.headers["link"])
    assert set(rels) == {"next", "last"}
    assert rels["next"] == f"{fakehub.url}{ISSUES}?state=open&per_page=30&page=2"
    assert rels["last"].endswith("page=3")
    middle = call(fakehub.url, "GET", f"{ISSUES}?state=open&page=2")
    assert set(links(middle.headers["link"])) == {"prev", "next", "last", "first"}
    last = call(fakehub.url, "GET", f"{ISSUES}?page=3")
    assert len(last.json()) == 15
    assert set(links(last.headers["link"])) == {"prev", "first"}


def test_per_page_is_capped_at_100(fakehub: FakeHub) -> None:
    seed(fakehub, 130)
    reply = call(fakehub.url, "GET", f"{ISSUES}?per_page=500")
    assert len(reply.json()) == 100
    assert links(reply.headers["link"])["next"].endswith("per_page=100&page=2")


def test_single_page_has_no_link_and_beyond_the_end_is_empty(fakehub: FakeHub) -> None:
    seed(fakehub, 3)
    reply = call(fakehub.url, "GET", ISSUES)
    assert len(reply.json()) == 3
    assert "link" not in reply.headers
    beyond = call(fakehub.url, "GET", f"{ISSUES}?page=9")
    assert beyond.json() == []


def test_pages_do_not_overlap(fakehub: FakeHub) -> None:
    seed(fakehub, 45)
    seen: list[int] = []
    url = f"{ISSUES}?per_page=20"
    while url:
        reply = call(fakehub.url, "GET", url)
        seen += [i["number"] for i in reply.json()]
        nxt = links(reply.headers.get("link", "")).get("next")
        url = nxt.removeprefix(fakehub.url) if nxt else ""
    assert sorted(seen) == list(range(1, 46))
    assert len(seen) == 45
