"""Every (endpoint, status) the stand-in serves, over real HTTP, checked against GitHub's OpenAPI description.

Each case names the operation in the description whose response schema applies. Where the stand-in sends
less than the description requires, or null where it forbids null, OMITTED and NULLS list it per endpoint
and the lists are checked exactly. Endpoints the cut of the description does not contain are checked against
the component schema GitHub uses for the same object, and say so in `why`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from election_bot_demo.fakehub import FakeHub, permissions
from election_bot_demo.fakehub.routes import ROUTES
from tests.fakehub.contract.openapi import assert_conforms, component, response_schema, spec
from tests.fakehub.rawhttp import call
from tests.helpers.repo import REPO

R = f"/repos/{REPO}"

# Required fields the stand-in deliberately does not send, per "METHOD route status". Exact: a listed
# field that shows up, or a new one that goes missing, fails the test.
OMITTED: dict[str, frozenset[str]] = {
    # GET /user for a person: private account data (plan, disk usage, 2FA, private repo counts) is not
    # modelled, so it is not invented either.
    "GET /user 200": frozenset(
        {
            "collaborators",
            "disk_usage",
            "owned_private_repos",
            "private_gists",
            "total_private_repos",
            "two_factor_authentication",
        }
    ),
}

# Nulls the description forbids but GitHub sends, per "METHOD route status". Exact, like OMITTED.
NULLS: dict[str, frozenset[str]] = {
    # `pull-request-simple` types label descriptions as non-nullable strings, while `label` and
    # `pull-request` allow null, which is what a label without a description has.
    "GET /repos/{owner}/{repo}/pulls 200": frozenset({"[].labels.[].description"}),
}


@dataclass(frozen=True)
class Case:
    id: str
    method: str
    path: str  # formatted with the world's ids, e.g. {pr}
    status: int
    operation: str | None = None  # path template in the description; None: see `schema_name`
    schema_name: str | None = None  # a components/schemas entry, for operations the cut lacks
    body: Any = None
    raw_body: bytes | None = None
    token: str | None = "bot"  # "bot", a login (a user token), or None (no Authorization)
    route: str = ""  # the stand-in's route template this case exercises, for the coverage check
    why: str = ""
    setup: Callable[[FakeHub], None] | None = None  # run after the world is built, before the request


def world(hub: FakeHub) -> dict[str, Any]:
    """A repository with every kind of thing the endpoints can show."""
    hub.add_user("alice")
    hub.add_user("bob")
    hub.set_permission(REPO, "alice", "write")
    hub.commit(
        REPO,
        "main",
        {
            "README.md": b"# Elections\n",
            "old.md": b"old\n",
            "moved.md": b"same content\n",
            "bin/run.sh": b"#!/bin/sh\necho hi\n",
            "link": b"README.md",
            "dangling": b"../outside",
            "vendor/sub": b"https://example.org/sub.git",
            "big.bin": b"\0" * (1024 * 1024 + 1),
            "nominations/2026/.keep": b"",
        },
        modes={"bin/run.sh": "100755", "link": "120000", "dangling": "120000", "vendor/sub": "160000"},
    )
    hub.add_label(REPO, "nomination", "0e8a16", "A nomination")
    issue = hub.create_issue(REPO, "alice", "Election 2026", "Timeline", labels=["nomination"])
    hub.add_comment(REPO, issue, "alice", "first")
    comment = hub.add_comment(REPO, issue, "bob", "second")
    closed = hub.create_issue(REPO, "bob", "Old", "done")
    hub.set_state(REPO, closed, "closed", by="alice")
    pr = hub.open_pull(
        REPO,
        "janedoe",
        {
            "nominations/2026/janedoe.md": b"name: Jane\n",
            "README.md": b"# Elections 2026\n",
            "old.md": None,
            "moved.md": None,
            "renamed.md": b"same content\n",
            "bin/run.sh": b"#!/bin/sh\necho hi\n",
        },
        modes={"bin/run.sh": "100644"},
        title="Nominate Jane",
        body="Please",
        labels=["nomination", "needs-review"],  # the second is auto-created: grey, no description
    )
    hub.add_review(REPO, pr, "alice", "APPROVED", body="ok")
    hub.add_comment(REPO, pr, "alice", "on the PR")
    fork_pr = hub.open_pull(
        REPO, "eve", {"nominations/2026/eve.md": b"name: Eve\n"}, head_repo="eve/elections"
    )
    merged = hub.open_pull(REPO, "alice", {"nominations/2026/alice.md": b"name: Alice\n"})
    hub.merge_pull(REPO, merged)
    head = hub.pull(REPO, pr).head_sha
    gh_token = hub.BOT_TOKEN
    run = call(
        hub.url,
        "POST",
        f"{R}/check-runs",
        {"name": "nominations", "head_sha": head, "status": "in_progress"},
        token=gh_token,
    ).json()["id"]
    hub.add_workflows(REPO, {"phases.yml": PHASES_WORKFLOW, "check.yml": CHECK_WORKFLOW})
    return {
        "issue": issue,
        "closed": closed,
        "comment": comment,
        "pr": pr,
        "fork_pr": fork_pr,
        "merged": merged,
        "head": head,
        "run": run,
        "alice_id": hub.user("alice").id,
        "workflow": hub.workflow(REPO, "phases.yml").id,
    }


NOT_IN_CUT = "the Actions workflows API is not in the shared cut of the description"
PHASES_WORKFLOW = """name: Phases
on:
  schedule: [{cron: "3,13,23,33,43,53 * * * *"}]
  workflow_dispatch:
jobs:
  phases: {runs-on: ubuntu-24.04, steps: [{run: "true"}]}
"""
CHECK_WORKFLOW = """name: Nomination check
on: {pull_request_target: {types: [opened, synchronize]}}
jobs:
  check: {runs-on: ubuntu-24.04, steps: [{run: "true"}]}
"""


def many_annotations(n: int) -> list[dict[str, Any]]:
    return [
        {
            "path": "README.md",
            "start_line": 1,
            "end_line": 1,
            "annotation_level": "warning",
            "message": f"m{i}",
        }
        for i in range(n)
    ]


OUTPUT = {
    "title": "Nominations",
    "summary": "1 problem",
    "text": "details",
    "annotations": many_annotations(2),
}
LONG = "x" * 65_537
RP = "/repos/{owner}/{repo}"

CASES: tuple[Case, ...] = (
    # -- repository -----------------------------------------------------------------------------------------
    Case("repo", "GET", R, 200, RP, route="GET " + RP),
    Case("repo-missing", "GET", "/repos/pypa/nope", 404, RP, route="GET " + RP),
    Case("repo-unauthenticated", "GET", R, 401, RP, token=None, route="GET " + RP),
    Case("repo-revoked-token", "GET", R, 401, RP, token="revoked", route="GET " + RP),
    Case("unknown-endpoint", "GET", R + "/hooks", 404, RP, route=""),
    Case(
        "permission-write",
        "GET",
        R + "/collaborators/alice/permission",
        200,
        RP + "/collaborators/{username}/permission",
        route="GET " + RP + "/collaborators/{username}/permission",
    ),
    Case(
        "permission-bot",
        "GET",
        R + "/collaborators/github-actions%5Bbot%5D/permission",
        200,
        RP + "/collaborators/{username}/permission",
        route="GET " + RP + "/collaborators/{username}/permission",
    ),
    Case(
        "permission-unknown-user",
        "GET",
        R + "/collaborators/nobody/permission",
        404,
        RP + "/collaborators/{username}/permission",
        route="GET " + RP + "/collaborators/{username}/permission",
    ),
    Case(
        "permission-caller-without-push-access",
        "GET",
        R + "/collaborators/alice/permission",
        403,
        schema_name="basic-error",
        token="alice-triage",
        route="GET " + RP + "/collaborators/{username}/permission",
        why="GitHub answers this 403 (recorded: tests/fakehub/recorded/) but the description lists 200 and 404 only",
    ),
    # -- pull requests --------------------------------------------------------------------------------------
    Case(
        "pulls",
        "GET",
        R + "/pulls?state=all",
        200,
        RP + "/pulls",
        route="GET " + RP + "/pulls",
    ),
    Case(
        "pulls-bad-state", "GET", R + "/pulls?state=merged", 422, RP + "/pulls", route="GET " + RP + "/pulls"
    ),
    Case(
        "pull",
        "GET",
        R + "/pulls/{pr}",
        200,
        RP + "/pulls/{pull_number}",
        route="GET " + RP + "/pulls/{number}",
    ),
    Case(
        "pull-fork",
        "GET",
        R + "/pulls/{fork_pr}",
        200,
        RP + "/pulls/{pull_number}",
        route="GET " + RP + "/pulls/{number}",
    ),
    Case(
        "pull-merged",
        "GET",
        R + "/pulls/{merged}",
        200,
        RP + "/pulls/{pull_number}",
        route="GET " + RP + "/pulls/{number}",
    ),
    Case(
        "pull-is-an-issue",
        "GET",
        R + "/pulls/{issue}",
        404,
        RP + "/pulls/{pull_number}",
        route="GET " + RP + "/pulls/{number}",
    ),
    Case(
        "pull-files",
        "GET",
        R + "/pulls/{pr}/files",
        200,
        RP + "/pulls/{pull_number}/files",
        route="GET " + RP + "/pulls/{number}/files",
    ),
    Case(
        "pull-reviews",
        "GET",
        R + "/pulls/{pr}/reviews",
        200,
        RP + "/pulls/{pull_number}/reviews",
        route="GET " + RP + "/pulls/{number}/reviews",
    ),
    Case(
        "pull-commits",
        "GET",
        R + "/pulls/{merged}/commits",
        200,
        RP + "/pulls/{pull_number}/commits",
        route="GET " + RP + "/pulls/{number}/commits",
    ),
    # -- contents -------------------------------------------------------------------------------------------
    *(
        Case(
            f"contents-{name}",
            "GET",
            R + path,
            status,
            RP + "/contents/{path}",
            route="GET " + RP + ("/contents/{path+}" if path.startswith("/contents/") else "/contents"),
        )
        for name, path, status in (
            ("file", "/contents/README.md", 200),
            ("file-at-sha", "/contents/README.md?ref={head}", 200),
            ("executable", "/contents/bin/run.sh", 200),
            ("symlink-to-file", "/contents/link", 200),
            ("symlink-dangling", "/contents/dangling", 200),
            ("submodule", "/contents/vendor/sub", 200),
            ("large-file", "/contents/big.bin", 403),  # too_large in the default media type
            ("missing", "/contents/nope.md", 404),
            ("bad-ref", "/contents/README.md?ref=nope", 404),
        )
    ),
    # A directory is an array; the description's discriminator maps the pseudo-type "array" to
    # `content-directory` (the validator cannot apply a discriminator to an array, so we take that branch).
    Case(
        "contents-root",
        "GET",
        R + "/contents",
        200,
        schema_name="content-directory",
        route="GET " + RP + "/contents",
        why="discriminator branch 'array'",
    ),
    Case(
        "contents-dir",
        "GET",
        R + "/contents/nominations",
        200,
        schema_name="content-directory",
        route="GET " + RP + "/contents/{path+}",
        why="discriminator branch 'array'",
    ),
    # -- issues ---------------------------------------------------------------------------------------------
    Case("issues", "GET", R + "/issues?state=all", 200, RP + "/issues", route="GET " + RP + "/issues"),
    Case(
        "issues-filtered",
        "GET",
        R + "/issues?labels=nomination&creator=alice&since=2000-01-01T00:00:00Z",
        200,
        RP + "/issues",
        route="GET " + RP + "/issues",
    ),
    Case(
        "issues-bad-state",
        "GET",
        R + "/issues?state=nope",
        422,
        RP + "/issues",
        route="GET " + RP + "/issues",
    ),
    Case(
        "issue-create",
        "POST",
        R + "/issues",
        201,
        RP + "/issues",
        body={"title": "Phase", "body": "text", "labels": ["phase", "nomination"]},
        route="POST " + RP + "/issues",
    ),
    Case(
        "issue-create-no-title",
        "POST",
        R + "/issues",
        422,
        RP + "/issues",
        body={"body": "x"},
        route="POST " + RP + "/issues",
    ),
    Case(
        "issue-create-too-long",
        "POST",
        R + "/issues",
        422,
        RP + "/issues",
        body={"title": "t", "body": LONG},
        route="POST " + RP + "/issues",
    ),
    Case(
        "issue-create-bad-json",
        "POST",
        R + "/issues",
        400,
        RP + "/issues",
        raw_body=b"{not json",
        route="POST " + RP + "/issues",
        why="GitHub answers 400 'Problems parsing JSON'; the operation does not list 400, see bad_request",
    ),
    Case(
        "issue",
        "GET",
        R + "/issues/{issue}",
        200,
        RP + "/issues/{issue_number}",
        route="GET " + RP + "/issues/{number}",
    ),
    Case(
        "issue-closed",
        "GET",
        R + "/issues/{closed}",
        200,
        RP + "/issues/{issue_number}",
        route="GET " + RP + "/issues/{number}",
    ),
    Case(
        "issue-missing",
        "GET",
        R + "/issues/999",
        404,
        RP + "/issues/{issue_number}",
        route="GET " + RP + "/issues/{number}",
    ),
    Case(
        "issue-edit",
        "PATCH",
        R + "/issues/{issue}",
        200,
        RP + "/issues/{issue_number}",
        body={
            "title": "Election 2026 (closed)",
            "state": "closed",
            "state_reason": "not_planned",
            "labels": ["x"],
        },
        route="PATCH " + RP + "/issues/{number}",
    ),
    Case(
        "issue-edit-bad-state",
        "PATCH",
        R + "/issues/{issue}",
        422,
        RP + "/issues/{issue_number}",
        body={"state": "merged"},
        route="PATCH " + RP + "/issues/{number}",
    ),
    Case(
        "issue-edit-not-author",
        "PATCH",
        R + "/issues/{issue}",
        403,
        RP + "/issues/{issue_number}",
        body={"title": "mine now"},
        token="bob",
        route="PATCH " + RP + "/issues/{number}",
    ),
    # The description's event union has no state-change event; a `closed` event satisfies its generic
    # branches (project events with optional fields), so the common event fields are what is checked.
    Case(
        "issue-events",
        "GET",
        R + "/issues/{closed}/events",
        200,
        RP + "/issues/{issue_number}/events",
        route="GET " + RP + "/issues/{number}/events",
    ),
    # -- comments -------------------------------------------------------------------------------------------
    Case(
        "comments",
        "GET",
        R + "/issues/{issue}/comments",
        200,
        RP + "/issues/{issue_number}/comments",
        route="GET " + RP + "/issues/{number}/comments",
    ),
    Case(
        "comment-create",
        "POST",
        R + "/issues/{pr}/comments",
        201,
        RP + "/issues/{issue_number}/comments",
        body={"body": "Thanks!"},
        route="POST " + RP + "/issues/{number}/comments",
    ),
    Case(
        "comment-create-too-long",
        "POST",
        R + "/issues/{pr}/comments",
        422,
        RP + "/issues/{issue_number}/comments",
        body={"body": LONG},
        route="POST " + RP + "/issues/{number}/comments",
    ),
    Case(
        "comment-create-no-issue",
        "POST",
        R + "/issues/999/comments",
        404,
        RP + "/issues/{issue_number}/comments",
        body={"body": "x"},
        route="POST " + RP + "/issues/{number}/comments",
    ),
    Case(
        "comment",
        "GET",
        R + "/issues/comments/{comment}",
        200,
        schema_name="issue-comment",
        route="GET " + RP + "/issues/comments/{id}",
        why="GET of one comment is not in the cut; PATCH of it answers the same `issue-comment`",
    ),
    Case(
        "comment-missing",
        "GET",
        R + "/issues/comments/1",
        404,
        schema_name="basic-error",
        route="GET " + RP + "/issues/comments/{id}",
        why="not in the cut; GitHub's not_found response is `basic-error`",
    ),
    Case(
        "comment-edit",
        "PATCH",
        R + "/issues/comments/{comment}",
        200,
        RP + "/issues/comments/{comment_id}",
        body={"body": "edited"},
        route="PATCH " + RP + "/issues/comments/{id}",
    ),
    Case(
        "comment-edit-too-long",
        "PATCH",
        R + "/issues/comments/{comment}",
        422,
        RP + "/issues/comments/{comment_id}",
        body={"body": LONG},
        route="PATCH " + RP + "/issues/comments/{id}",
    ),
    Case(
        "comment-edit-not-author",
        "PATCH",
        R + "/issues/comments/{comment}",
        403,
        RP + "/issues/comments/{comment_id}",
        body={"body": "hijack"},
        token="alice-triage",
        route="PATCH " + RP + "/issues/comments/{id}",
    ),
    Case(
        "comment-edit-missing",
        "PATCH",
        R + "/issues/comments/1",
        404,
        RP + "/issues/comments/{comment_id}",
        body={"body": "x"},
        route="PATCH " + RP + "/issues/comments/{id}",
    ),
    Case(
        "comment-delete-missing",
        "DELETE",
        R + "/issues/comments/1",
        404,
        schema_name="basic-error",
        route="DELETE " + RP + "/issues/comments/{id}",
        why="DELETE of a comment is not in the cut; its 404 is GitHub's `basic-error`",
    ),
    # -- labels ---------------------------------------------------------------------------------------------
    Case("labels", "GET", R + "/labels", 200, RP + "/labels", route="GET " + RP + "/labels"),
    Case(
        "label-create",
        "POST",
        R + "/labels",
        201,
        RP + "/labels",
        body={"name": "phase: voting", "color": "#1D76DB", "description": "Voting is open"},
        route="POST " + RP + "/labels",
    ),
    Case(
        "label-create-exists",
        "POST",
        R + "/labels",
        422,
        RP + "/labels",
        body={"name": "Nomination"},
        route="POST " + RP + "/labels",
    ),
    Case(
        "label",
        "GET",
        R + "/labels/nomination",
        200,
        RP + "/labels/{name}",
        route="GET " + RP + "/labels/{name+}",
    ),
    Case(
        "label-missing",
        "GET",
        R + "/labels/nope",
        404,
        RP + "/labels/{name}",
        route="GET " + RP + "/labels/{name+}",
    ),
    Case(
        "issue-labels-add",
        "POST",
        R + "/issues/{issue}/labels",
        200,
        RP + "/issues/{issue_number}/labels",
        body={"labels": ["brand new"]},
        route="POST " + RP + "/issues/{number}/labels",
    ),
    Case(
        "issue-labels-add-list",
        "POST",
        R + "/issues/{issue}/labels",
        200,
        RP + "/issues/{issue_number}/labels",
        body=["nomination", "other"],
        route="POST " + RP + "/issues/{number}/labels",
    ),
    Case(
        "issue-labels-set",
        "PUT",
        R + "/issues/{issue}/labels",
        200,
        RP + "/issues/{issue_number}/labels",
        body={"labels": ["accepted"]},
        route="PUT " + RP + "/issues/{number}/labels",
    ),
    Case(
        "issue-label-remove",
        "DELETE",
        R + "/issues/{issue}/labels/nomination",
        200,
        RP + "/issues/{issue_number}/labels/{name}",
        route="DELETE " + RP + "/issues/{number}/labels/{name+}",
    ),
    Case(
        "issue-label-remove-absent",
        "DELETE",
        R + "/issues/{issue}/labels/other",
        404,
        RP + "/issues/{issue_number}/labels/{name}",
        route="DELETE " + RP + "/issues/{number}/labels/{name+}",
    ),
    # -- check runs -----------------------------------------------------------------------------------------
    Case(
        "check-run-create",
        "POST",
        R + "/check-runs",
        201,
        RP + "/check-runs",
        body={"name": "nominations", "head_sha": "{head}", "status": "in_progress", "output": OUTPUT},
        route="POST " + RP + "/check-runs",
    ),
    Case(
        "check-run-create-completed",
        "POST",
        R + "/check-runs",
        201,
        RP + "/check-runs",
        body={"name": "nominations", "head_sha": "{head}", "conclusion": "failure", "output": OUTPUT},
        route="POST " + RP + "/check-runs",
    ),
    Case(
        "check-run-create-51-annotations",
        "POST",
        R + "/check-runs",
        422,
        schema_name="validation-error",
        body={
            "name": "n",
            "head_sha": "{head}",
            "output": {"title": "t", "summary": "s", "annotations": many_annotations(51)},
        },
        route="POST " + RP + "/check-runs",
        why="the operation lists only 201; GitHub's 422s are `validation-error`",
    ),
    Case(
        "check-run-create-unknown-sha",
        "POST",
        R + "/check-runs",
        422,
        schema_name="validation-error",
        body={"name": "n", "head_sha": "0" * 40},
        route="POST " + RP + "/check-runs",
        why="the operation lists only 201; GitHub's 422s are `validation-error`",
    ),
    Case(
        "check-run-create-as-user",
        "POST",
        R + "/check-runs",
        403,
        schema_name="basic-error",
        body={"name": "n", "head_sha": "{head}"},
        token="alice",
        route="POST " + RP + "/check-runs",
        why="the operation lists only 201; GitHub's 403 is `basic-error`",
    ),
    Case(
        "check-run-update",
        "PATCH",
        R + "/check-runs/{run}",
        200,
        RP + "/check-runs/{check_run_id}",
        body={"conclusion": "success", "output": OUTPUT},
        route="PATCH " + RP + "/check-runs/{id}",
    ),
    Case(
        "check-run-update-51-annotations",
        "PATCH",
        R + "/check-runs/{run}",
        422,
        schema_name="validation-error",
        body={"output": {"title": "t", "summary": "s", "annotations": many_annotations(51)}},
        route="PATCH " + RP + "/check-runs/{id}",
        why="the operation lists only 200; GitHub's 422s are `validation-error`",
    ),
    Case(
        "check-run-update-missing",
        "PATCH",
        R + "/check-runs/1",
        404,
        schema_name="basic-error",
        body={"status": "completed", "conclusion": "success"},
        route="PATCH " + RP + "/check-runs/{id}",
        why="the operation lists only 200; GitHub's 404 is `basic-error`",
    ),
    Case(
        "commit-check-runs",
        "GET",
        R + "/commits/{head}/check-runs?check_name=nominations",
        200,
        schema_name="check-run-list",
        route="GET " + RP + "/commits/{ref}/check-runs",
        why="listing a commit's check runs is not in the cut; GitHub answers {total_count, check_runs: "
        "[check-run]}",
    ),
    Case(
        "check-run",
        "GET",
        R + "/check-runs/{run}",
        200,
        schema_name="check-run",
        route="GET " + RP + "/check-runs/{id}",
        why="GET of a check run is not in the cut; create and update answer the same `check-run`",
    ),
    Case(
        "check-run-missing",
        "GET",
        R + "/check-runs/1",
        404,
        schema_name="basic-error",
        route="GET " + RP + "/check-runs/{id}",
        why="not in the cut; GitHub's 404 is `basic-error`",
    ),
    # -- users and rate limit -------------------------------------------------------------------------------
    Case("user", "GET", "/users/alice", 200, "/users/{username}", route="GET /users/{username}"),
    Case(
        "user-bot",
        "GET",
        "/users/github-actions%5Bbot%5D",
        200,
        "/users/{username}",
        route="GET /users/{username}",
    ),
    Case("user-missing", "GET", "/users/nobody", 404, "/users/{username}", route="GET /users/{username}"),
    Case(
        "user-by-id",
        "GET",
        "/user/{alice_id}",
        200,
        schema_name="public-user",
        route="GET /user/{account_id}",
        why="GET /user/{account_id} is not in the description; it serves what /users/{username} does",
    ),
    Case(
        "user-by-id-missing",
        "GET",
        "/user/1",
        404,
        schema_name="basic-error",
        route="GET /user/{account_id}",
        why="not in the description; GitHub's 404 is `basic-error`",
    ),
    Case(
        "authenticated-user",
        "GET",
        "/user",
        200,
        schema_name="private-user",
        token="alice",
        route="GET /user",
        why="GET /user is not in the cut; it answers `private-user` for the token's own account",
    ),
    Case(
        "authenticated-user-installation",
        "GET",
        "/user",
        403,
        schema_name="basic-error",
        route="GET /user",
        why="not in the cut; GITHUB_TOKEN gets 403 'Resource not accessible by integration'",
    ),
    Case("rate-limit", "GET", "/rate_limit", 200, "/rate_limit", route="GET /rate_limit"),
    # -- the stricter rules: refusals are GitHub's `basic-error` ------------------------------------------
    Case(
        "comment-create-without-permission",
        "POST",
        R + "/issues/{pr}/comments",
        403,
        RP + "/issues/{issue_number}/comments",
        body={"body": "x"},
        token="job-metadata",
        route="POST " + RP + "/issues/{number}/comments",
    ),
    Case(
        "label-create-with-pull-requests-write",
        "POST",
        R + "/labels",
        403,
        schema_name="basic-error",
        body={"name": "nominee:janedoe"},
        token="job-pull-requests-write",
        route="POST " + RP + "/labels",
        why="the operation lists 201 and 404 only; GitHub's 403 is `basic-error`",
    ),
    Case(
        "primary-rate-limit-exhausted",
        "GET",
        R + "/issues/{issue}",
        403,
        RP + "/issues/{issue_number}",
        setup=lambda hub: hub.enforce_rate_limits(installation_per_hour=1),
        route="GET " + RP + "/issues/{number}",
    ),
    Case(
        "secondary-rate-limit",
        "POST",
        R + "/issues/{pr}/comments",
        403,
        RP + "/issues/{issue_number}/comments",
        body={"body": "x"},
        setup=lambda hub: hub.enforce_rate_limits(content_per_minute=1),
        route="POST " + RP + "/issues/{number}/comments",
    ),
    Case(
        "commit-check-runs-by-app",
        "GET",
        R + "/commits/{head}/check-runs?check_name=nominations&app_id=15368&status=in_progress&filter=all",
        200,
        schema_name="check-run-list",
        route="GET " + RP + "/commits/{ref}/check-runs",
        why="listing a commit's check runs is not in the cut; GitHub answers {total_count, check_runs: "
        "[check-run]}",
    ),
    # -- the Actions workflows API: its errors are GitHub's shared ones ----------------------------------
    Case(
        "workflow-missing",
        "GET",
        R + "/actions/workflows/nope.yml",
        404,
        schema_name="basic-error",
        route="GET " + RP + "/actions/workflows/{workflow_id}",
        why=f"{NOT_IN_CUT}; GitHub's 404 is `basic-error`",
    ),
    Case(
        "workflow-disable-without-permission",
        "PUT",
        R + "/actions/workflows/phases.yml/disable",
        403,
        schema_name="basic-error",
        token="job-metadata",
        route="PUT " + RP + "/actions/workflows/{workflow_id}/disable",
        why=f"{NOT_IN_CUT}; GitHub's 403 is `basic-error`",
    ),
    Case(
        "workflow-dispatch-disabled",
        "POST",
        R + "/actions/workflows/phases.yml/dispatches",
        422,
        schema_name="validation-error",
        body={"ref": "main"},
        setup=lambda hub: hub.disable_workflow(REPO, "phases.yml"),
        route="POST " + RP + "/actions/workflows/{workflow_id}/dispatches",
        why=f"{NOT_IN_CUT}; GitHub's 422 is `validation-error`",
    ),
    Case(
        "workflow-dispatch-no-trigger",
        "POST",
        R + "/actions/workflows/check.yml/dispatches",
        422,
        schema_name="validation-error",
        body={"ref": "main"},
        route="POST " + RP + "/actions/workflows/{workflow_id}/dispatches",
        why=f"{NOT_IN_CUT}; GitHub's 422 is `validation-error`",
    ),
)

# Success answers of operations the shared cut of the description lacks (/work/shared/github-api's
# api.github.com.subset.json has no /actions/workflows operation and no `workflow` schema). No schema is
# invented for them: each is checked for exactly the fields GitHub's REST page documents
# (https://docs.github.com/en/rest/actions/workflows, "Response schema"), with their JSON types.
WORKFLOW_FIELDS: dict[str, type] = {
    "id": int,
    "node_id": str,
    "name": str,
    "path": str,
    "state": str,
    "created_at": str,
    "updated_at": str,
    "url": str,
    "html_url": str,
    "badge_url": str,
}
WORKFLOW_STATES = {"active", "deleted", "disabled_fork", "disabled_inactivity", "disabled_manually"}
UNDESCRIBED: tuple[Case, ...] = (
    Case(
        "workflows",
        "GET",
        R + "/actions/workflows",
        200,
        route="GET " + RP + "/actions/workflows",
        why=NOT_IN_CUT,
    ),
    Case(
        "workflow-by-name",
        "GET",
        R + "/actions/workflows/phases.yml",
        200,
        route="GET " + RP + "/actions/workflows/{workflow_id}",
        why=NOT_IN_CUT,
    ),
    Case(
        "workflow-by-id",
        "GET",
        R + "/actions/workflows/{workflow}",
        200,
        route="GET " + RP + "/actions/workflows/{workflow_id}",
        why=NOT_IN_CUT,
    ),
    Case(
        "workflow-dispatch-with-run-details",
        "POST",
        R + "/actions/workflows/phases.yml/dispatches",
        200,
        body={"ref": "main", "return_run_details": True},
        route="POST " + RP + "/actions/workflows/{workflow_id}/dispatches",
        why=NOT_IN_CUT,
    ),
)

# Settings `election-bot doctor` reads (handlers/settings.py cites each page); not in the shared cut either:
# their answers are checked for the fields GitHub's reference pages document.
SETTINGS_NOT_IN_CUT = "the settings endpoints are not in the shared cut of the description"


def _settings(hub: FakeHub) -> None:
    hub.add_environment(REPO, "election-bot", branches=["main"], secrets=["ELECTION_BOT_ROSTER_CSV"])
    hub.add_ruleset(REPO, [("nomination", 15368)])
    hub.protect_branch(REPO, "main", [("nomination", 15368)])
    hub.set_actions_policy(REPO, allowed_actions="selected", patterns_allowed=["psf/election-bot/*"])
    hub.set_pages(REPO, "workflow")


SETTINGS: tuple[tuple[Case, frozenset[str]], ...] = tuple(
    (
        Case(
            case_id,
            "GET",
            R + tail,
            200,
            token="admin",
            route="GET " + RP + route,
            why=SETTINGS_NOT_IN_CUT,
            setup=_settings,
        ),
        frozenset(fields),
    )
    for case_id, tail, route, fields in (
        (
            "environment",
            "/environments/election-bot",
            "/environments/{name}",
            {"id", "name", "deployment_branch_policy", "protection_rules"},
        ),
        (
            "branch-policies",
            "/environments/election-bot/deployment-branch-policies",
            "/environments/{name}/deployment-branch-policies",
            {"total_count", "branch_policies"},
        ),
        (
            "environment-secrets",
            "/environments/election-bot/secrets",
            "/environments/{name}/secrets",
            {"total_count", "secrets"},
        ),
        ("branch-rules", "/rules/branches/main", "/rules/branches/{branch}", set()),
        (
            "protection-checks",
            "/branches/main/protection/required_status_checks",
            "/branches/{branch}/protection/required_status_checks",
            {"strict", "contexts", "checks"},
        ),
        (
            "actions-permissions",
            "/actions/permissions",
            "/actions/permissions",
            {"enabled", "allowed_actions", "selected_actions_url"},
        ),
        (
            "selected-actions",
            "/actions/permissions/selected-actions",
            "/actions/permissions/selected-actions",
            {"github_owned_allowed", "verified_allowed", "patterns_allowed"},
        ),
        (
            "pages",
            "/pages",
            "/pages",
            {
                "url",
                "status",
                "cname",
                "custom_404",
                "html_url",
                "build_type",
                "source",
                "public",
                "https_enforced",
            },
        ),
    )
)


@pytest.mark.parametrize(("case", "fields"), SETTINGS, ids=lambda c: c.id if isinstance(c, Case) else "")
def test_settings_answers_have_the_documented_fields(
    fakehub: FakeHub, case: Case, fields: frozenset[str]
) -> None:
    body = _send(fakehub, case).json()
    assert case.why == SETTINGS_NOT_IN_CUT
    if isinstance(body, list):  # the rules for a branch: one entry per rule
        assert body and all(
            {"type", "parameters", "ruleset_source_type", "ruleset_id"} <= set(r) for r in body
        )
    else:
        assert fields <= set(body), sorted(fields - set(body))


# Cases whose body is empty by definition (no schema to check).
NO_BODY: tuple[Case, ...] = (
    Case(
        "comment-delete",
        "DELETE",
        R + "/issues/comments/{comment}",
        204,
        route="DELETE " + RP + "/issues/comments/{id}",
    ),
    Case(
        "workflow-disable",
        "PUT",
        R + "/actions/workflows/phases.yml/disable",
        204,
        route="PUT " + RP + "/actions/workflows/{workflow_id}/disable",
    ),
    Case(
        "workflow-enable",
        "PUT",
        R + "/actions/workflows/{workflow}/enable",
        204,
        route="PUT " + RP + "/actions/workflows/{workflow_id}/enable",
    ),
    Case(
        "workflow-dispatch",
        "POST",
        R + "/actions/workflows/phases.yml/dispatches",
        204,
        body={"ref": "main"},
        route="POST " + RP + "/actions/workflows/{workflow_id}/dispatches",
    ),
)


def _fill(value: Any, ids: dict[str, Any]) -> Any:
    if isinstance(value, str):
        return value.format(**ids) if "{" in value else value
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    return value


def _token(hub: FakeHub, who: str | None) -> str | None:
    if who is None or who == "bot":
        return None if who is None else "anything"
    if who == "admin":
        hub.set_permission(REPO, "bob", "admin")
        return hub.token_for("bob")
    if who == "revoked":
        token = hub.token_for("alice")
        hub.revoke(token)
        return token
    if who == "alice-triage":
        hub.set_permission(REPO, "alice", "triage")
        return hub.token_for("alice")
    if who == "job-metadata":
        return hub.token_for_installation(REPO, permissions())
    if who == "job-pull-requests-write":
        return hub.token_for_installation(REPO, permissions(pull_requests="write"))
    return hub.token_for(who)


def _send(hub: FakeHub, case: Case) -> Any:
    ids = world(hub)
    if case.setup is not None:
        case.setup(hub)
    reply = call(
        hub.url,
        case.method,
        _fill(case.path, ids),
        _fill(case.body, ids),
        token=_token(hub, case.token),
        raw_body=case.raw_body,
    )
    assert reply.status == case.status, reply.raw[:500]
    return reply


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_response_matches_github_description(fakehub: FakeHub, case: Case) -> None:
    reply = _send(fakehub, case)
    assert reply.headers["content-type"].startswith("application/json")
    if case.operation is not None:
        schema = response_schema(case.operation, case.method, case.status)
    else:
        assert case.schema_name is not None
        assert case.why, "say why no operation of the description applies"
        schema = (
            {
                "type": "object",
                "required": ["total_count", "check_runs"],
                "properties": {
                    "total_count": {"type": "integer"},
                    "check_runs": {"type": "array", "items": component("check-run")},
                },
            }
            if case.schema_name == "check-run-list"
            else component(case.schema_name)
        )
    key = f"{case.route} {case.status}"
    assert_conforms(
        reply.json(), schema, omitted=OMITTED.get(key, frozenset()), nulls=NULLS.get(key, frozenset())
    )


@pytest.mark.parametrize("case", NO_BODY, ids=lambda c: c.id)
def test_no_content_responses_have_no_body(fakehub: FakeHub, case: Case) -> None:
    reply = _send(fakehub, case)
    assert reply.raw == b""
    assert "content-type" not in reply.headers


def _workflow_fields(item: Any) -> None:
    assert isinstance(item, dict)
    assert set(item) == set(WORKFLOW_FIELDS)
    for name, kind in WORKFLOW_FIELDS.items():
        assert isinstance(item[name], kind), name
    assert item["state"] in WORKFLOW_STATES


@pytest.mark.parametrize("case", UNDESCRIBED, ids=lambda c: c.id)
def test_undescribed_answers_have_the_documented_fields(fakehub: FakeHub, case: Case) -> None:
    reply = _send(fakehub, case)
    body = reply.json()
    assert case.why == NOT_IN_CUT
    if case.id == "workflows":
        assert set(body) == {"total_count", "workflows"}
        assert body["total_count"] == len(body["workflows"]) == 2
        for item in body["workflows"]:
            _workflow_fields(item)
    elif case.method == "GET":
        _workflow_fields(body)
    else:  # return_run_details (https://github.blog/changelog/2026-02-19-workflow-dispatch-api-now-returns-run-ids)
        assert set(body) == {"workflow_run_id", "run_url", "html_url"}
        assert isinstance(body["workflow_run_id"], int)


def test_the_shared_cut_still_lacks_what_is_checked_by_fields() -> None:
    """When a newer cut of the description brings the workflows API, check it against the schema instead."""
    assert not any("/actions/workflows" in path for path in spec()["paths"])
    assert "workflow" not in spec()["components"]["schemas"]


def test_every_route_has_a_success_case() -> None:
    """A new endpoint in the stand-in needs a contract case here."""
    routes = {f"{r.method} {r.template}" for r in ROUTES}
    settings = tuple(c for c, _ in SETTINGS)
    covered = {c.route for c in CASES + NO_BODY + UNDESCRIBED + settings if 200 <= c.status < 300}
    assert routes - covered == set()
    assert covered - routes == set()


def test_every_listed_omission_is_exercised() -> None:
    keys = {f"{c.route} {c.status}" for c in CASES}
    assert set(OMITTED) - keys == set()
    assert set(NULLS) - keys == set()


def test_every_case_names_a_real_operation() -> None:
    for case in CASES:
        if case.operation is not None:
            assert case.method.lower() in spec()["paths"][case.operation], case.id
