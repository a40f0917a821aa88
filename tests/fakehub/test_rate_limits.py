"""Rate limits as GitHub documents them (https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api):
GITHUB_TOKEN's 1,000 requests an hour per repository shared by every run, GitHub's headers and answers, a free
`GET /rate_limit`, the secondary limit on content creation, and totals per hour and per run for benchmarks."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from election_bot_demo.fakehub import LEGACY_WRITE_ALL, FakeHub
from tests.fakehub.rawhttp import call
from tests.helpers.repo import REPO

START = datetime(2026, 3, 1, 11, 0, tzinfo=UTC)
ISSUES = f"/repos/{REPO}/issues"


@pytest.fixture
def hub(fakehub: FakeHub) -> FakeHub:
    fakehub.now = START
    return fakehub


def job(hub: FakeHub, repo: str = REPO) -> str:
    return hub.token_for_installation(repo, LEGACY_WRITE_ALL)


def used(hub: FakeHub, token: str, path: str = f"/repos/{REPO}") -> int:
    return int(call(hub.url, "GET", path, token=token).headers["x-ratelimit-used"])


def test_every_token_of_a_repository_draws_on_one_budget(hub: FakeHub) -> None:
    hub.add_repo("pypa/other")
    first, second = job(hub), job(hub)
    assert [used(hub, first), used(hub, second), used(hub, first)] == [1, 2, 3]
    assert used(hub, FakeHub.BOT_TOKEN) == 4  # the unbound token counts against the path's repository
    assert used(hub, job(hub, "pypa/other"), "/repos/pypa/other") == 1
    person = call(hub.url, "GET", f"/repos/{REPO}", token=hub.token_for("alice"))
    assert (person.headers["x-ratelimit-limit"], person.headers["x-ratelimit-used"]) == ("5000", "1")
    status = hub.rate_limit_status(REPO)
    assert (status.limit, status.used, status.remaining) == (1000, 4, 996)
    assert status.reset_at == START + timedelta(hours=1)


def test_the_headers_are_on_every_answer(hub: FakeHub) -> None:
    token = job(hub)
    for method, path in (
        ("GET", f"/repos/{REPO}"),
        ("GET", f"{ISSUES}/99"),
        ("GET", "/user"),
        ("GET", "/users/x"),
    ):
        reply = call(hub.url, method, path, token=token)
        assert reply.status in (200, 403, 404)
        assert {
            "x-ratelimit-limit",
            "x-ratelimit-remaining",
            "x-ratelimit-used",
            "x-ratelimit-reset",
            "x-ratelimit-resource",
        } <= set(reply.headers), path
    assert reply.headers["x-ratelimit-used"] == "4"


def test_the_reset_is_the_hours_end_on_the_clients_clock(hub: FakeHub) -> None:
    """The hub's clock stands still here; a client waiting on x-ratelimit-reset compares it with its own
    clock, so the reset is sent as what is left of the window from the client's now."""
    token = job(hub)
    call(hub.url, "GET", f"/repos/{REPO}", token=token)
    hub.advance(timedelta(minutes=45))
    reply = call(hub.url, "GET", f"/repos/{REPO}", token=token)
    left = int(reply.headers["x-ratelimit-reset"]) - time.time()
    assert 14 * 60 - 5 <= left <= 15 * 60 + 1


def test_rate_limit_is_free_and_shows_the_shared_budget(hub: FakeHub) -> None:
    token = job(hub)
    call(hub.url, "GET", f"/repos/{REPO}", token=token)
    call(hub.url, "GET", f"/repos/{REPO}", token=job(hub))
    for _ in range(3):
        core = call(hub.url, "GET", "/rate_limit", token=token).json()["resources"]["core"]
        assert (core["limit"], core["used"], core["remaining"]) == (1000, 2, 998)
    assert hub.rate_limit_status(REPO).used == 2


def test_an_exhausted_budget_is_refused_until_the_hour_is_over(hub: FakeHub) -> None:
    hub.enforce_rate_limits(installation_per_hour=3)
    token = job(hub)
    number = hub.create_issue(REPO, "alice", "Election")
    for _ in range(3):
        assert call(hub.url, "GET", f"{ISSUES}/{number}", token=token).status == 200
    hub.advance(timedelta(minutes=59))
    reply = call(hub.url, "POST", f"{ISSUES}/{number}/comments", {"body": "late"}, token=token)
    assert call(hub.url, "GET", "/rate_limit", token=token).status == 200  # free even when exhausted
    assert reply.status == 403
    assert reply.json()["message"].startswith("API rate limit exceeded for installation ID ")
    assert reply.json()["documentation_url"] == (
        "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-rate-limits"
    )
    assert reply.json()["status"] == "403"
    assert (reply.headers["x-ratelimit-remaining"], reply.headers["x-ratelimit-used"]) == ("0", "4")
    assert reply.headers["x-ratelimit-limit"] == "3"
    assert 55 <= int(reply.headers["x-ratelimit-reset"]) - time.time() <= 61
    assert hub.comments(REPO, number) == []  # refused, not applied
    hub.advance(timedelta(minutes=1))
    again = call(hub.url, "POST", f"{ISSUES}/{number}/comments", {"body": "on time"}, token=token)
    assert (again.status, again.headers["x-ratelimit-used"]) == (201, "1")


def test_the_exhausted_answer_can_be_429(hub: FakeHub) -> None:
    hub.enforce_rate_limits(installation_per_hour=1, exhausted_status=429)
    token = job(hub)
    call(hub.url, "GET", f"/repos/{REPO}", token=token)
    reply = call(hub.url, "GET", f"/repos/{REPO}", token=token)
    assert (reply.status, reply.headers["x-ratelimit-remaining"]) == (429, "0")


def test_one_repositorys_exhaustion_leaves_the_other_alone(hub: FakeHub) -> None:
    hub.enforce_rate_limits(installation_per_hour=1)
    hub.add_repo("pypa/other")
    token = job(hub)
    call(hub.url, "GET", f"/repos/{REPO}", token=token)
    assert call(hub.url, "GET", f"/repos/{REPO}", token=job(hub)).status == 403
    assert call(hub.url, "GET", "/repos/pypa/other", token=job(hub, "pypa/other")).status == 200


def test_content_creation_has_a_secondary_limit_per_minute(hub: FakeHub) -> None:
    hub.enforce_rate_limits(content_per_minute=2)
    token = job(hub)
    number = hub.create_issue(REPO, "alice", "Election")
    assert call(hub.url, "POST", f"{ISSUES}/{number}/comments", {"body": "1"}, token=token).status == 201
    hub.advance(timedelta(seconds=20))
    assert call(hub.url, "POST", f"/repos/{REPO}/labels", {"name": "x"}, token=token).status == 201
    hub.advance(timedelta(seconds=10))
    reply = call(hub.url, "POST", f"{ISSUES}/{number}/comments", {"body": "3"}, token=token)
    assert reply.status == 403
    assert reply.json()["message"].startswith("You have exceeded a secondary rate limit.")
    assert reply.json()["documentation_url"].endswith("#about-secondary-rate-limits")
    assert reply.headers["retry-after"] == "30"  # the first creation leaves the minute in 30 s
    assert [c.body for c in hub.comments(REPO, number)] == ["1"]
    edited = call(
        hub.url, "PATCH", f"{ISSUES}/comments/{hub.comments(REPO, number)[0].id}", {"body": "1!"}, token=token
    )
    assert edited.status == 200  # an edit creates no content
    hub.advance(timedelta(seconds=30))
    assert call(hub.url, "POST", f"{ISSUES}/{number}/comments", {"body": "3"}, token=token).status == 201
    assert hub.content_created(REPO, timedelta(minutes=1)) == 2


def test_content_creation_has_a_secondary_limit_per_hour(hub: FakeHub) -> None:
    hub.enforce_rate_limits(content_per_hour=3)
    token = job(hub)
    for minute in range(3):
        hub.now = START + timedelta(minutes=10 * minute)
        assert call(hub.url, "POST", ISSUES, {"title": f"t{minute}"}, token=token).status == 201
    hub.now = START + timedelta(minutes=40)
    reply = call(hub.url, "POST", ISSUES, {"title": "t3"}, token=token)
    assert (reply.status, reply.headers["retry-after"]) == (403, str(20 * 60))


def test_limits_are_counted_but_not_enforced_by_default(hub: FakeHub) -> None:
    """Tests written before these rules make thousands of requests on a clock that stands still."""
    token = job(hub)
    for _ in range(90):
        assert call(hub.url, "POST", ISSUES, {"title": "t"}, token=token).status == 201
    assert hub.content_created(REPO, timedelta(minutes=1)) == 90
    assert hub.rate_limit_status(REPO).used == 90


def test_totals_per_hour_and_per_run_for_benchmarks(hub: FakeHub) -> None:
    first = hub.token_for_installation(REPO, LEGACY_WRITE_ALL, run_id=1)
    second = hub.token_for_installation(REPO, LEGACY_WRITE_ALL, run_id=2)
    for _ in range(3):
        call(hub.url, "GET", f"/repos/{REPO}", token=first)
    call(hub.url, "GET", "/rate_limit", token=first)  # free: not in the totals
    hub.advance(timedelta(hours=1))
    call(hub.url, "GET", f"/repos/{REPO}", token=second)
    call(hub.url, "GET", f"/repos/{REPO}", token=hub.token_for("alice"))  # a person's budget
    assert hub.requests_per_run(REPO) == {1: 3, 2: 1}
    assert hub.requests_per_hour(REPO) == {START: 3, START + timedelta(hours=1): 1}
    assert sum(hub.requests_per_hour().values()) == 5
    assert [(r.repo, r.run_id, r.counted) for r in hub.requests[:4]] == [
        (REPO, 1, True),
        (REPO, 1, True),
        (REPO, 1, True),
        (REPO, 1, False),
    ]
