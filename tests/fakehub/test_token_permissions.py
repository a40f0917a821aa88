"""Installation tokens (GITHUB_TOKEN) carry a permission set, and every endpoint asks for its own.

GitHub's table: https://docs.github.com/en/rest/authentication/permissions-required-for-github-apps (an
endpoint listed under two permissions accepts either). The refusal: 403 "Resource not accessible by
integration" with `x-accepted-github-permissions` naming what would do
(https://github.blog/changelog/2023-08-10-x-accepted-github-permissions-header-for-fine-grained-permission-actors).
Public repositories: reads "can be used without authentication or the aforementioned permissions if only
public resources are requested". The stricter reading of label creation: docs/development/stand-in-rules.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from election_bot_demo.fakehub import FakeHub, permissions
from election_bot_demo.fakehub.tokens import LEGACY_WRITE_ALL, Level
from tests.fakehub.rawhttp import Reply, call
from tests.helpers.repo import REPO

PRIVATE = "pypa/private-elections"
P = f"/repos/{PRIVATE}"
REFUSED = "Resource not accessible by integration"


@dataclass(frozen=True)
class World:
    issue: int
    pr: int
    comment: int
    head: str
    check_run: int


def seed(hub: FakeHub, repo: str) -> World:
    hub.add_label(repo, "nomination")
    issue = hub.create_issue(repo, "alice", "Election")
    pr = hub.open_pull(
        repo, "janedoe", {"nominations/2026/janedoe.md": b"name: Jane\n"}, labels=["nomination"]
    )
    comment = hub.add_comment(repo, pr, "alice", "hello")
    head = hub.pull(repo, pr).head_sha
    run = call(hub.url, "POST", f"/repos/{repo}/check-runs", {"name": "nomination", "head_sha": head})
    return World(issue=issue, pr=pr, comment=comment, head=head, check_run=run.json()["id"])


@pytest.fixture
def private(fakehub: FakeHub) -> World:
    fakehub.add_repo(PRIVATE, private=True)
    return seed(fakehub, PRIVATE)


@dataclass(frozen=True)
class Endpoint:
    """One endpoint the gateway calls, the sets GitHub's table accepts, and a request that succeeds."""

    method: str
    path: str  # formatted with the World's fields
    needs: tuple[dict[str, Level], ...]
    body: Any = None
    ok: int = 200


ISSUES_OR_PULLS_READ: tuple[dict[str, Level], ...] = ({"issues": "read"}, {"pull_requests": "read"})
ISSUES_OR_PULLS_WRITE: tuple[dict[str, Level], ...] = ({"issues": "write"}, {"pull_requests": "write"})

# docs/development/stand-in-rules.md, "Token permissions": the gateway's endpoints (research notes 0.1) and the table's sets.
ENDPOINTS = (
    Endpoint("GET", P + "/pulls/{pr}", ({"pull_requests": "read"}, {"contents": "read"})),
    Endpoint("GET", P + "/pulls?state=open", ({"pull_requests": "read"},)),
    Endpoint("GET", P + "/pulls/{pr}/files", ({"pull_requests": "read"},)),
    Endpoint("GET", P + "/pulls/{pr}/reviews", ({"pull_requests": "read"},)),
    Endpoint("GET", P + "/pulls/{pr}/commits", ({"pull_requests": "read"},)),
    Endpoint("GET", P + "/contents/nominations/2026?ref={head}", ({"contents": "read"},)),
    Endpoint("GET", P + "/issues/{pr}/comments", ISSUES_OR_PULLS_READ),
    Endpoint("GET", P + "/issues/comments/{comment}", ISSUES_OR_PULLS_READ),
    Endpoint("GET", P + "/issues/{pr}/events", ISSUES_OR_PULLS_READ),
    Endpoint("POST", P + "/issues/{pr}/comments", ISSUES_OR_PULLS_WRITE, {"body": "Report"}, 201),
    Endpoint("PATCH", P + "/issues/comments/{comment}", ISSUES_OR_PULLS_WRITE, {"body": "edited"}),
    Endpoint("GET", P + "/labels", ISSUES_OR_PULLS_READ),
    Endpoint("GET", P + "/labels/nomination", ISSUES_OR_PULLS_READ),
    Endpoint("POST", P + "/issues/{pr}/labels", ISSUES_OR_PULLS_WRITE, {"labels": ["nomination"]}),
    Endpoint("PUT", P + "/issues/{pr}/labels", ISSUES_OR_PULLS_WRITE, {"labels": ["nomination"]}),
    Endpoint("DELETE", P + "/issues/{pr}/labels/nomination", ISSUES_OR_PULLS_WRITE),
    Endpoint("GET", P + "/issues?state=all", ({"issues": "read"},)),
    Endpoint("GET", P + "/issues/{issue}", ({"issues": "read"},)),
    Endpoint("POST", P + "/issues", ({"issues": "write"},), {"title": "Phase"}, 201),
    Endpoint("PATCH", P + "/issues/{pr}", ISSUES_OR_PULLS_WRITE, {"title": "Nominate Jane"}),
    Endpoint("POST", P + "/check-runs", ({"checks": "write"},), {"name": "n", "head_sha": "{head}"}, 201),
    Endpoint("PATCH", P + "/check-runs/{check_run}", ({"checks": "write"},), {"status": "in_progress"}),
    Endpoint("GET", P + "/check-runs/{check_run}", ({"checks": "read"},)),
    Endpoint("GET", P + "/commits/{head}/check-runs?check_name=nomination", ({"checks": "read"},)),
    Endpoint("GET", P + "/actions/workflows", ({"actions": "read"},)),
)


def fill(value: Any, world: World) -> Any:
    if isinstance(value, str):
        return value.format(**world.__dict__)
    if isinstance(value, dict):
        return {k: fill(v, world) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, world) for v in value]
    return value


def send(hub: FakeHub, endpoint: Endpoint, world: World, token: str) -> Reply:
    return call(hub.url, endpoint.method, fill(endpoint.path, world), fill(endpoint.body, world), token=token)


def header(sets: tuple[dict[str, Level], ...]) -> str:
    return "; ".join(",".join(f"{k}={v}" for k, v in sorted(s.items())) for s in sets)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: f"{e.method} {e.path}")
def test_each_endpoint_refuses_a_token_without_its_permission(
    fakehub: FakeHub, private: World, endpoint: Endpoint
) -> None:
    token = fakehub.token_for_installation(PRIVATE, permissions())  # metadata: read only
    reply = send(fakehub, endpoint, private, token)
    assert reply.status == 403
    assert reply.json()["message"] == REFUSED
    assert reply.json()["documentation_url"].startswith("https://docs.github.com/rest/")
    assert reply.headers["x-accepted-github-permissions"] == header(endpoint.needs)
    assert "x-ratelimit-remaining" in reply.headers  # GitHub sends its rate headers on errors too


@pytest.mark.parametrize(
    ("endpoint", "granted"),
    [(e, s) for e in ENDPOINTS for s in e.needs],
    ids=lambda x: (
        x.method + " " + x.path if isinstance(x, Endpoint) else ",".join(f"{k}={v}" for k, v in x.items())
    ),
)
def test_each_accepted_permission_set_is_enough(
    fakehub: FakeHub, private: World, endpoint: Endpoint, granted: dict[str, Level]
) -> None:
    fakehub.set_label_creation_rule(strict=False)  # only creation is stricter; these add existing labels
    token = fakehub.token_for_installation(PRIVATE, permissions(**granted))
    reply = send(fakehub, endpoint, private, token)
    assert reply.status == endpoint.ok, reply.raw[:300]


def test_write_includes_read(fakehub: FakeHub, private: World) -> None:
    token = fakehub.token_for_installation(PRIVATE, permissions(pull_requests="write"))
    assert call(fakehub.url, "GET", f"{P}/pulls/{private.pr}/files", token=token).status == 200
    assert call(fakehub.url, "GET", f"{P}/contents/README.md", token=token).status == 403


def test_a_refused_write_changes_nothing(fakehub: FakeHub, private: World) -> None:
    token = fakehub.token_for_installation(PRIVATE, permissions(pull_requests="read", contents="read"))
    reply = call(fakehub.url, "POST", f"{P}/issues/{private.pr}/comments", {"body": "x"}, token=token)
    assert reply.status == 403
    assert [c.body for c in fakehub.comments(PRIVATE, private.pr)] == ["hello"]  # the seeded one only


def test_pull_requests_permission_counts_only_for_pull_requests(fakehub: FakeHub, private: World) -> None:
    """The issue endpoints serve pull requests too, hence pull_requests in their row of the table; on a
    plain issue (the phases job's announcement issues) only issues will do."""
    prs = fakehub.token_for_installation(PRIVATE, permissions(pull_requests="write"))
    issues = fakehub.token_for_installation(PRIVATE, permissions(issues="write"))
    on_issue = f"{P}/issues/{private.issue}/comments"
    on_pr = f"{P}/issues/{private.pr}/comments"
    assert call(fakehub.url, "POST", on_issue, {"body": "x"}, token=prs).status == 403
    assert call(fakehub.url, "POST", on_pr, {"body": "x"}, token=prs).status == 201
    assert call(fakehub.url, "POST", on_issue, {"body": "x"}, token=issues).status == 201
    assert call(fakehub.url, "POST", on_pr, {"body": "x"}, token=issues).status == 201
    issue_comment = fakehub.comments(PRIVATE, private.issue)[0].id
    edit = call(fakehub.url, "PATCH", f"{P}/issues/comments/{issue_comment}", {"body": "y"}, token=prs)
    assert edit.status == 403
    assert call(fakehub.url, "PATCH", f"{P}/issues/{private.issue}", {"title": "t"}, token=prs).status == 403


def test_public_repository_reads_need_no_permission_but_writes_do(fakehub: FakeHub) -> None:
    world = seed(fakehub, REPO)
    token = fakehub.token_for_installation(REPO, permissions())
    for path in (
        f"/pulls/{world.pr}/files",
        "/contents",
        f"/issues/{world.pr}/comments",
        "/labels",
        "/issues",
    ):
        assert call(fakehub.url, "GET", f"/repos/{REPO}{path}", token=token).status == 200, path
    reply = call(fakehub.url, "POST", f"/repos/{REPO}/issues/{world.pr}/comments", {"body": "x"}, token=token)
    assert (reply.status, reply.json()["message"]) == (403, REFUSED)


def test_a_token_is_limited_to_its_repository(fakehub: FakeHub, private: World) -> None:
    """Another private repository does not exist for it; another public one it may only read."""
    seed(fakehub, REPO)
    other_private = fakehub.token_for_installation(REPO, LEGACY_WRITE_ALL)
    assert call(fakehub.url, "GET", f"{P}/issues/{private.issue}", token=other_private).status == 404
    own = fakehub.token_for_installation(PRIVATE, LEGACY_WRITE_ALL)
    assert call(fakehub.url, "GET", f"/repos/{REPO}/issues/1", token=own).status == 200
    reply = call(fakehub.url, "POST", f"/repos/{REPO}/issues/1/comments", {"body": "x"}, token=own)
    assert (reply.status, reply.json()["message"]) == (403, REFUSED)


def test_unbound_tokens_keep_the_old_write_everything_default(fakehub: FakeHub, private: World) -> None:
    """Tokens the hub never issued (and `token_for(BOT_LOGIN)`) are GITHUB_TOKEN with every scope at write,
    on every repository: what the stand-in allowed before token permissions, so older tests run unchanged."""
    for token in (FakeHub.BOT_TOKEN, fakehub.token_for(FakeHub.BOT_LOGIN)):
        reply = call(fakehub.url, "POST", f"{P}/issues", {"title": "Phase"}, token=token)
        assert reply.status == 201
        reply = call(fakehub.url, "PUT", f"{P}/actions/workflows/x.yml/enable", token=token)
        assert reply.status == 404  # allowed through; there is just no such workflow


def test_installation_tokens_still_cannot_ask_who_they_are(fakehub: FakeHub) -> None:
    token = fakehub.token_for_installation(REPO, LEGACY_WRITE_ALL)
    assert call(fakehub.url, "GET", "/user", token=token).status == 403


def test_a_token_that_can_write_nothing_has_no_push_access(fakehub: FakeHub) -> None:
    """The collaborator-permission API asks the caller for push access (recorded answer); a token without
    any write permission (the `target` job's) is refused there."""
    fakehub.add_user("alice")
    reader = fakehub.token_for_installation(REPO, permissions(pull_requests="read"))
    reply = call(fakehub.url, "GET", f"/repos/{REPO}/collaborators/alice/permission", token=reader)
    assert (reply.status, reply.json()["message"]) == (
        403,
        "Must have push access to view collaborator permission.",
    )
    writer = fakehub.token_for_installation(REPO, permissions(contents="read", pull_requests="write"))
    assert (
        call(fakehub.url, "GET", f"/repos/{REPO}/collaborators/alice/permission", token=writer).status == 200
    )


def test_job_tokens_cannot_hold_scopes_github_token_lacks() -> None:
    with pytest.raises(ValueError, match="unknown permission scope"):
        permissions(pull_request="write")  # the REST spelling is pull_requests


# -- label creation (issue 27, item 2) ------------------------------------------------------------------------


def test_label_creation_needs_issues_write_by_default(fakehub: FakeHub, private: World) -> None:
    """The strict reading: pull-requests: write is not enough to create a label."""
    token = fakehub.token_for_installation(PRIVATE, permissions(pull_requests="write"))
    reply = call(fakehub.url, "POST", f"{P}/labels", {"name": "nominee:janedoe"}, token=token)
    assert (reply.status, reply.json()["message"]) == (403, REFUSED)
    assert reply.headers["x-accepted-github-permissions"] == "issues=write"
    assert [label.name for label in fakehub.labels(PRIVATE)] == ["nomination"]


def test_adding_an_unknown_label_is_creating_it(fakehub: FakeHub, private: World) -> None:
    token = fakehub.token_for_installation(PRIVATE, permissions(pull_requests="write"))
    reply = call(
        fakehub.url, "POST", f"{P}/issues/{private.pr}/labels", {"labels": ["nominee:janedoe"]}, token=token
    )
    assert reply.status == 403
    assert (
        call(fakehub.url, "POST", f"{P}/issues/{private.pr}/labels", ["nomination"], token=token).status
        == 200
    )
    assert fakehub.pull(PRIVATE, private.pr).labels == ("nomination",)


def test_issues_write_creates_labels(fakehub: FakeHub, private: World) -> None:
    token = fakehub.token_for_installation(PRIVATE, permissions(issues="write"))
    assert call(fakehub.url, "POST", f"{P}/labels", {"name": "nominee:janedoe"}, token=token).status == 201
    reply = call(fakehub.url, "POST", f"{P}/issues/{private.pr}/labels", ["nominee:bob"], token=token)
    assert reply.status == 200


def test_the_documented_either_or_is_one_switch_away(fakehub: FakeHub, private: World) -> None:
    fakehub.set_label_creation_rule(strict=False)
    token = fakehub.token_for_installation(PRIVATE, permissions(pull_requests="write"))
    assert call(fakehub.url, "POST", f"{P}/labels", {"name": "nominee:janedoe"}, token=token).status == 201
    fakehub.set_label_creation_rule(strict=True)
    assert call(fakehub.url, "POST", f"{P}/labels", {"name": "nominee:bob"}, token=token).status == 403
