"""Fault injection: each kind fires on exactly the Nth matching request, once; after_apply keeps the write.

Raw HTTP shows the exact bytes; PyGithub shows what a client with its default retry makes of them.
"""

from __future__ import annotations

import http.client
import time
from collections.abc import Iterator

import pytest
from github import Auth, Github, GithubException, UnknownObjectException

from election_bot_demo.fakehub import FakeHub, Fault
from tests.fakehub.rawhttp import Reply, call
from tests.helpers.repo import REPO

ISSUES = f"/repos/{REPO}/issues"


def create(hub: FakeHub, title: str) -> Reply:
    return call(hub.url, "POST", ISSUES, {"title": title})


@pytest.fixture
def no_retry(fakehub: FakeHub) -> Iterator[Github]:
    """PyGithub without retries: every fault surfaces as it was sent."""
    gh = Github(
        base_url=fakehub.url,
        auth=Auth.Token("anything"),
        retry=None,
        seconds_between_requests=0,
        seconds_between_writes=0,
    )
    yield gh
    gh.close()


# -- exactly the Nth matching request, once -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("fault", "status"),
    [
        (Fault.SERVER_ERROR, 500),
        (Fault.BAD_GATEWAY, 502),
        (Fault.SECONDARY_RATE_LIMIT, 403),
        (Fault.PRIMARY_RATE_LIMIT, 403),
        (Fault.NOT_FOUND, 404),
        (Fault.VALIDATION_FAILED, 422),
    ],
)
def test_fault_fires_on_the_nth_matching_request_only(fakehub: FakeHub, fault: Fault, status: int) -> None:
    injection = fakehub.inject("POST", r"/issues$", nth=2, fault=fault)
    assert create(fakehub, "one").status == 201
    # Requests that do not match (other method, other path) are not counted.
    assert call(fakehub.url, "GET", ISSUES).status == 200
    assert call(fakehub.url, "POST", f"{ISSUES}/1/comments", {"body": "c"}).status == 201
    assert not injection.fired
    failed = create(fakehub, "two")
    assert failed.status == status
    assert injection.fired
    assert injection.seen == 2
    assert create(fakehub, "three").status == 201  # one-shot
    assert [i.title for i in fakehub.issues(REPO)] == ["one", "three"]  # the failed create had no effect
    assert [(r.status, r.fault) for r in fakehub.requests if r.method == "POST" and r.path == ISSUES] == [
        (201, None),
        (status, fault),
        (201, None),
    ]
    assert fakehub.pending_faults() == []


def test_drop_closes_the_connection_without_an_answer(fakehub: FakeHub) -> None:
    fakehub.inject("POST", r"/issues$", fault=Fault.DROP)
    with pytest.raises(http.client.RemoteDisconnected):
        create(fakehub, "lost")
    assert fakehub.issues(REPO) == []
    (record,) = fakehub.requests
    assert (record.status, record.fault, record.login) == (None, Fault.DROP, "github-actions[bot]")
    assert create(fakehub, "next").status == 201


@pytest.mark.parametrize(
    "fault",
    [
        Fault.SERVER_ERROR,
        Fault.BAD_GATEWAY,
        Fault.SECONDARY_RATE_LIMIT,
        Fault.PRIMARY_RATE_LIMIT,
        Fault.NOT_FOUND,
        Fault.VALIDATION_FAILED,
    ],
)
def test_after_apply_makes_the_change_then_fails(fakehub: FakeHub, fault: Fault) -> None:
    fakehub.inject("POST", r"/issues$", fault=fault, after_apply=True)
    assert create(fakehub, "applied").status >= 400
    assert [i.title for i in fakehub.issues(REPO)] == ["applied"]


def test_after_apply_drop(fakehub: FakeHub) -> None:
    number = fakehub.create_issue(REPO, "alice", "Election")
    fakehub.inject("POST", r"/comments$", fault=Fault.DROP, after_apply=True)
    with pytest.raises(http.client.RemoteDisconnected):
        call(fakehub.url, "POST", f"{ISSUES}/{number}/comments", {"body": "maybe"})
    assert [c.body for c in fakehub.comments(REPO, number)] == ["maybe"]


def test_method_none_matches_any_method_and_regex_searches_the_path(fakehub: FakeHub) -> None:
    fakehub.inject(None, r"^/repos/[^/]+/elections$", nth=3, fault=Fault.SERVER_ERROR)
    statuses = [call(fakehub.url, "GET", f"/repos/{REPO}").status for _ in range(4)]
    assert statuses == [200, 200, 500, 200]


def test_injections_count_independently(fakehub: FakeHub) -> None:
    first = fakehub.inject("GET", r"/issues$", nth=1, fault=Fault.NOT_FOUND)
    second = fakehub.inject("GET", r"/issues$", nth=1, fault=Fault.SERVER_ERROR)
    assert [call(fakehub.url, "GET", ISSUES).status for _ in range(3)] == [404, 500, 200]
    assert first.fired
    assert second.fired


def test_clear_faults(fakehub: FakeHub) -> None:
    fakehub.inject("GET", r".", fault=Fault.SERVER_ERROR)
    fakehub.clear_faults()
    assert call(fakehub.url, "GET", f"/repos/{REPO}").status == 200


# -- the exact answers --------------------------------------------------------------------------------------


def test_secondary_rate_limit_answer(fakehub: FakeHub) -> None:
    fakehub.inject("GET", r".", fault=Fault.SECONDARY_RATE_LIMIT, retry_after=42)
    reply = call(fakehub.url, "GET", f"/repos/{REPO}")
    assert reply.status == 403
    assert reply.headers["retry-after"] == "42"
    assert reply.json()["message"].startswith("You have exceeded a secondary rate limit")


def test_primary_rate_limit_answer(fakehub: FakeHub) -> None:
    fakehub.inject("GET", r".", fault=Fault.PRIMARY_RATE_LIMIT, reset_in=90)
    before = int(time.time())
    reply = call(fakehub.url, "GET", f"/repos/{REPO}")
    assert reply.status == 403
    assert reply.headers["x-ratelimit-remaining"] == "0"
    assert (reply.headers["x-ratelimit-limit"], reply.headers["x-ratelimit-used"]) == ("1000", "1000")
    assert (
        before + 89 <= int(reply.headers["x-ratelimit-reset"]) <= int(time.time()) + 91
    )  # real epoch seconds
    assert reply.json()["message"].startswith("API rate limit exceeded")


def test_primary_rate_limit_names_the_user_for_a_user_token(fakehub: FakeHub) -> None:
    fakehub.inject("GET", r".", fault=Fault.PRIMARY_RATE_LIMIT)
    alice = fakehub.add_user("alice")
    reply = call(fakehub.url, "GET", f"/repos/{REPO}", token=fakehub.token_for("alice"))
    assert reply.json()["message"] == f"API rate limit exceeded for user ID {alice.id}."
    assert reply.headers["x-ratelimit-limit"] == "5000"
    assert fakehub.requests[-1].login == "alice"


def test_bad_gateway_is_an_html_page(fakehub: FakeHub) -> None:
    fakehub.inject("GET", r".", fault=Fault.BAD_GATEWAY)
    reply = call(fakehub.url, "GET", f"/repos/{REPO}")
    assert reply.status == 502
    assert reply.headers["content-type"].startswith("text/html")


def test_nth_must_be_positive(fakehub: FakeHub) -> None:
    with pytest.raises(ValueError, match="nth"):
        fakehub.inject("GET", r".", nth=0, fault=Fault.NOT_FOUND)


# -- what PyGithub does with them ---------------------------------------------------------------------------


def test_pygithub_without_retry_surfaces_each_fault(fakehub: FakeHub, no_retry: Github) -> None:
    repo = no_retry.get_repo(REPO)
    fakehub.inject("GET", r"/issues/1$", fault=Fault.NOT_FOUND)
    fakehub.create_issue(REPO, "alice", "x")
    with pytest.raises(UnknownObjectException):
        repo.get_issue(1)
    fakehub.inject("GET", r"/labels$", fault=Fault.SERVER_ERROR)
    with pytest.raises(GithubException) as server_error:
        list(repo.get_labels())
    assert server_error.value.status == 500
    fakehub.inject("GET", r"/labels$", fault=Fault.BAD_GATEWAY)
    with pytest.raises(GithubException) as bad_gateway:
        list(repo.get_labels())
    assert bad_gateway.value.status == 502
    assert list(repo.get_labels()) == []


def test_pygithub_default_retry_hides_a_get_failure(fakehub: FakeHub, github_client: Github) -> None:
    fakehub.inject("GET", r"/repos/[^/]+/elections$", fault=Fault.SERVER_ERROR)
    assert github_client.get_repo(REPO).name == "elections"
    assert [r.status for r in fakehub.requests] == [500, 200]


@pytest.mark.parametrize("fault", [Fault.BAD_GATEWAY, Fault.DROP])
def test_pygithub_default_retry_duplicates_a_post_that_was_applied(
    fakehub: FakeHub, github_client: Github, fault: Fault
) -> None:
    """urllib3 retries POST on 5xx and dropped connections; the first create had landed."""
    fakehub.inject("POST", r"/issues$", fault=fault, after_apply=True)
    issue = github_client.get_repo(REPO).create_issue("Nominations are open")
    assert issue.number == 2
    assert [i.title for i in fakehub.issues(REPO)] == ["Nominations are open", "Nominations are open"]
    assert [(r.method, r.fault) for r in fakehub.requests if r.path == ISSUES] == [
        ("POST", fault),
        ("POST", None),
    ]


def test_pygithub_retries_rate_limits_after_the_stated_wait(fakehub: FakeHub, github_client: Github) -> None:
    fakehub.inject("GET", r"/labels$", fault=Fault.SECONDARY_RATE_LIMIT, retry_after=0)
    fakehub.inject("GET", r"/labels$", nth=2, fault=Fault.PRIMARY_RATE_LIMIT, reset_in=-2)
    assert list(github_client.get_repo(REPO).get_labels()) == []
    assert [r.fault for r in fakehub.requests if r.path.endswith("/labels")] == [
        Fault.SECONDARY_RATE_LIMIT,
        Fault.PRIMARY_RATE_LIMIT,
        None,
    ]


def test_pygithub_does_not_retry_patch(fakehub: FakeHub, github_client: Github) -> None:
    """PATCH is not in urllib3's retryable methods: a 502 after the edit landed surfaces as an error."""
    number = fakehub.create_issue(REPO, "alice", "Old title")
    issue = github_client.get_repo(REPO).get_issue(number)
    fakehub.inject("PATCH", rf"/issues/{number}$", fault=Fault.BAD_GATEWAY, after_apply=True)
    with pytest.raises(GithubException) as bad_gateway:
        issue.edit(title="New title")
    assert bad_gateway.value.status == 502
    assert fakehub.issue(REPO, number).title == "New title"
    assert fakehub.count("PATCH") == 1


def test_pygithub_retries_delete_into_a_404(fakehub: FakeHub, github_client: Github) -> None:
    """DELETE is retried: when the first one landed, the retry answers 404 although the delete worked."""
    number = fakehub.create_issue(REPO, "alice", "Election")
    comment_id = fakehub.add_comment(REPO, number, "github-actions[bot]", "bye")
    comment = github_client.get_repo(REPO).get_issue(number).get_comment(comment_id)
    fakehub.inject("DELETE", r"/issues/comments/\d+$", fault=Fault.SERVER_ERROR, after_apply=True)
    with pytest.raises(UnknownObjectException):
        comment.delete()
    assert fakehub.comments(REPO, number) == []
    assert [r.status for r in fakehub.requests if r.method == "DELETE"] == [500, 404]
