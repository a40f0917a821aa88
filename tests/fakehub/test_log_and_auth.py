"""The request log, authentication and who-may-do-what, as the bot's tests will rely on them."""

from __future__ import annotations

import pytest
from github import Github

from election_bot_demo.fakehub import FakeHub
from tests.fakehub.rawhttp import call
from tests.helpers.repo import REPO

ISSUES = f"/repos/{REPO}/issues"


def test_log_counts_requests(fakehub: FakeHub, github_client: Github) -> None:
    repo = github_client.get_repo(REPO)
    issue = repo.create_issue("Hello")
    issue.create_comment("one")
    issue.create_comment("two")
    list(issue.get_comments())
    assert fakehub.count() == 5
    assert fakehub.count("GET") == 2
    assert fakehub.count("post", f"{ISSUES}/1/comments") == 2
    assert fakehub.count(path_prefix=ISSUES) == 4
    assert [(w.method, w.path) for w in fakehub.writes()] == [
        ("POST", ISSUES),
        ("POST", f"{ISSUES}/1/comments"),
        ("POST", f"{ISSUES}/1/comments"),
    ]
    fakehub.reset_log()
    assert fakehub.requests == []
    assert fakehub.count() == 0


def test_log_records_query_status_login_and_hub_time(fakehub: FakeHub) -> None:
    token = fakehub.token_for("alice")
    call(fakehub.url, "GET", f"{ISSUES}?state=all&labels=a,b&per_page=5", token=token)
    call(fakehub.url, "GET", f"/repos/{REPO}/pulls/9")
    first, second = fakehub.requests
    assert (first.method, first.path, first.status, first.login) == ("GET", ISSUES, 200, "alice")
    assert first.query == {"state": ["all"], "labels": ["a,b"], "per_page": ["5"]}
    assert (second.status, second.login, second.is_write) == (404, "github-actions[bot]", False)
    assert first.at is not None
    assert first.at <= fakehub.now


def test_log_never_holds_a_token(fakehub: FakeHub) -> None:
    token = fakehub.token_for("alice")
    call(fakehub.url, "GET", ISSUES, token=token)
    call(fakehub.url, "GET", ISSUES, token="secret-installation-token-1")
    assert token not in repr(fakehub.requests)
    assert "secret-installation-token-1" not in repr(fakehub.requests)


def test_missing_or_malformed_authorization_is_401(fakehub: FakeHub) -> None:
    reply = call(fakehub.url, "GET", f"/repos/{REPO}", token=None)
    assert reply.status == 401
    assert reply.json()["message"] == "Requires authentication"
    assert fakehub.requests[-1].login is None


def test_bearer_and_token_schemes(fakehub: FakeHub) -> None:
    import http.client

    for header in ("token abc", "Bearer abc", "bearer abc"):
        conn = http.client.HTTPConnection("127.0.0.1", int(fakehub.url.rsplit(":", 1)[1]), timeout=5)
        try:
            conn.request("GET", f"/repos/{REPO}", headers={"Authorization": header})
            response = conn.getresponse()
            response.read()
            assert response.status == 200, header
        finally:
            conn.close()


def test_revoked_token_is_bad_credentials(fakehub: FakeHub) -> None:
    token = fakehub.token_for("alice")
    fakehub.revoke(token)
    reply = call(fakehub.url, "GET", f"/repos/{REPO}", token=token)
    assert (reply.status, reply.json()["message"]) == (401, "Bad credentials")


def test_rate_limit_headers_count_down_per_identity(fakehub: FakeHub) -> None:
    first = call(fakehub.url, "GET", f"/repos/{REPO}")
    second = call(fakehub.url, "GET", f"/repos/{REPO}")
    other = call(fakehub.url, "GET", f"/repos/{REPO}", token=fakehub.token_for("alice"))
    assert (first.headers["x-ratelimit-limit"], first.headers["x-ratelimit-remaining"]) == ("1000", "999")
    assert (second.headers["x-ratelimit-remaining"], second.headers["x-ratelimit-used"]) == ("998", "2")
    assert (other.headers["x-ratelimit-limit"], other.headers["x-ratelimit-remaining"]) == ("5000", "4999")
    assert first.headers["x-ratelimit-resource"] == "core"
    assert int(first.headers["x-ratelimit-reset"]) > 0


def test_writes_are_authored_by_the_token_user(fakehub: FakeHub) -> None:
    number = fakehub.create_issue(REPO, "alice", "Election")
    call(fakehub.url, "POST", f"{ISSUES}/{number}/comments", {"body": "bot"})
    call(fakehub.url, "POST", f"{ISSUES}/{number}/comments", {"body": "me"}, token=fakehub.token_for("bob"))
    assert [(c.author, c.body) for c in fakehub.comments(REPO, number)] == [
        ("github-actions[bot]", "bot"),
        ("bob", "me"),
    ]


def test_read_only_token_cannot_write(fakehub: FakeHub) -> None:
    """A fork PR's GITHUB_TOKEN: reads work, writes are refused like an installation without permission."""
    number = fakehub.create_issue(REPO, "alice", "Election")
    token = fakehub.token_for(fakehub.BOT_LOGIN, read_only=True)
    assert call(fakehub.url, "GET", f"{ISSUES}/{number}", token=token).status == 200
    reply = call(fakehub.url, "POST", f"{ISSUES}/{number}/comments", {"body": "x"}, token=token)
    assert (reply.status, reply.json()["message"]) == (403, "Resource not accessible by integration")
    assert fakehub.comments(REPO, number) == []


@pytest.mark.parametrize(
    ("permission", "can_label"),
    [("none", False), ("read", False), ("triage", True), ("write", True), ("admin", True)],
)
def test_labelling_needs_triage(fakehub: FakeHub, permission: str, can_label: bool) -> None:
    number = fakehub.create_issue(REPO, "alice", "Election")
    fakehub.set_permission(REPO, "carol", permission)  # type: ignore[arg-type]
    token = fakehub.token_for("carol")
    reply = call(fakehub.url, "POST", f"{ISSUES}/{number}/labels", {"labels": ["x"]}, token=token)
    assert reply.status == (200 if can_label else 403)
    assert fakehub.issue(REPO, number).labels == (("x",) if can_label else ())


def test_labels_on_a_new_issue_are_dropped_without_triage(fakehub: FakeHub) -> None:
    token = fakehub.token_for("stranger")
    reply = call(fakehub.url, "POST", ISSUES, {"title": "t", "labels": ["urgent"]}, token=token)
    assert reply.status == 201
    assert reply.json()["labels"] == []


def test_private_repo_is_invisible_without_access(fakehub: FakeHub) -> None:
    fakehub.add_repo("pypa/secret", private=True)
    token = fakehub.token_for("stranger")
    assert call(fakehub.url, "GET", "/repos/pypa/secret", token=token).status == 404
    fakehub.set_permission("pypa/secret", "stranger", "read")
    assert call(fakehub.url, "GET", "/repos/pypa/secret", token=token).status == 200


def test_author_association_is_reported_not_trusted(fakehub: FakeHub) -> None:
    """A MEMBER association can come without write access; the permission API tells."""
    number = fakehub.create_issue(REPO, "mallory", "Hi")
    fakehub.set_author_association(REPO, "mallory", "MEMBER")
    assert call(fakehub.url, "GET", f"{ISSUES}/{number}").json()["author_association"] == "MEMBER"
    permission = call(fakehub.url, "GET", f"/repos/{REPO}/collaborators/mallory/permission").json()
    assert permission["permission"] == "read"


def test_unknown_endpoint_and_wrong_method_are_404(fakehub: FakeHub) -> None:
    assert call(fakehub.url, "GET", f"/repos/{REPO}/hooks").status == 404
    assert call(fakehub.url, "DELETE", f"/repos/{REPO}").status == 404


def test_bad_json_is_400(fakehub: FakeHub) -> None:
    reply = call(fakehub.url, "POST", ISSUES, raw_body=b"{nope")
    assert (reply.status, reply.json()["message"]) == (400, "Problems parsing JSON")


def test_wrong_field_type_is_422(fakehub: FakeHub) -> None:
    reply = call(fakehub.url, "POST", ISSUES, {"title": "t", "body": 5})
    assert reply.status == 422
