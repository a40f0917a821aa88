"""Check runs know the app that created them (GITHUB_TOKEN: GitHub Actions, 15368), only that app may change
them, and listing a commit's check runs filters as GitHub's API does
(https://docs.github.com/en/rest/checks/runs#list-check-runs-for-a-git-reference)."""

from __future__ import annotations

import pytest

from election_bot_demo.fakehub import GITHUB_ACTIONS_APP, App, FakeHub, permissions
from tests.fakehub.rawhttp import call
from tests.helpers.repo import REPO

LINT_APP = App(id=777, slug="lint-bot", name="Lint Bot")
RUNS = f"/repos/{REPO}/check-runs"


@pytest.fixture
def head(fakehub: FakeHub) -> str:
    pr = fakehub.open_pull(REPO, "janedoe", {"nominations/2026/janedoe.md": b"name: Jane\n"})
    return fakehub.pull(REPO, pr).head_sha


def listed(hub: FakeHub, head: str, query: str = "") -> list[tuple[str, int, str | None]]:
    reply = call(hub.url, "GET", f"/repos/{REPO}/commits/{head}/check-runs{query}")
    assert reply.status == 200
    body = reply.json()
    assert body["total_count"] == len(body["check_runs"])
    return [(r["name"], r["app"]["id"], r["external_id"]) for r in body["check_runs"]]


def test_a_github_token_check_run_belongs_to_github_actions(fakehub: FakeHub, head: str) -> None:
    token = fakehub.token_for_installation(REPO, permissions(checks="write"))
    body = {"name": "nomination", "head_sha": head, "external_id": "pr-1-abc", "status": "in_progress"}
    created = call(fakehub.url, "POST", RUNS, body, token=token).json()
    assert (created["app"]["id"], created["app"]["slug"], created["external_id"]) == (
        15368,
        "github-actions",
        "pr-1-abc",
    )
    [run] = fakehub.check_runs(REPO, head)
    assert (run.app_id, run.app_slug, run.external_id) == (15368, "github-actions", "pr-1-abc")


def test_only_the_creating_app_may_update(fakehub: FakeHub, head: str) -> None:
    lint = fakehub.token_for_installation(REPO, permissions(checks="write"), app=LINT_APP)
    made = call(fakehub.url, "POST", RUNS, {"name": "lint", "head_sha": head}, token=lint).json()
    assert made["app"]["id"] == 777
    reply = call(
        fakehub.url, "PATCH", f"{RUNS}/{made['id']}", {"conclusion": "success"}, token=FakeHub.BOT_TOKEN
    )
    assert reply.status == 403
    assert reply.json()["message"] == (
        "Invalid app_id '15368' - check run can only be modified by the GitHub App that created it."
    )
    assert fakehub.check_runs(REPO, head)[0].conclusion is None
    assert (
        call(fakehub.url, "PATCH", f"{RUNS}/{made['id']}", {"conclusion": "success"}, token=lint).status
        == 200
    )


def test_filters_by_name_app_and_status(fakehub: FakeHub, head: str) -> None:
    fakehub.add_check_run(REPO, head, "nomination", external_id="pr-1-a")
    fakehub.add_check_run(REPO, head, "nomination", app=LINT_APP, external_id="lint-1")
    fakehub.add_check_run(REPO, head, "lint", app=LINT_APP, status="in_progress", conclusion=None)
    assert listed(fakehub, head, "?check_name=nomination&app_id=15368") == [("nomination", 15368, "pr-1-a")]
    assert listed(fakehub, head, "?check_name=nomination") == [
        ("nomination", 777, "lint-1"),
        ("nomination", 15368, "pr-1-a"),
    ]
    assert listed(fakehub, head, "?status=in_progress") == [("lint", 777, None)]
    assert listed(fakehub, head, "?app_id=777&status=completed") == [("nomination", 777, "lint-1")]
    assert call(fakehub.url, "GET", f"/repos/{REPO}/commits/{head}/check-runs?status=done").status == 422


def test_filter_latest_keeps_the_newest_of_each_name_per_app(fakehub: FakeHub, head: str) -> None:
    fakehub.add_check_run(REPO, head, "nomination", external_id="old")
    fakehub.add_check_run(REPO, head, "nomination", external_id="new")
    assert listed(fakehub, head, "?check_name=nomination") == [("nomination", 15368, "new")]
    assert [e for _, _, e in listed(fakehub, head, "?check_name=nomination&filter=all")] == ["new", "old"]
    fakehub.add_check_run(REPO, fakehub.branch_sha(REPO), "ci")
    assert listed(fakehub, "main") == [("ci", 15368, None)]  # a branch name stands for its head commit


def test_a_forks_own_job_named_nomination_looks_like_ours(fakehub: FakeHub, head: str) -> None:
    """Issue 27, item 6: a fork's `pull_request` workflow with a job named `nomination` creates a check run
    of that name from the same app as GITHUB_TOKEN; the newest one is what `filter=latest` shows. The
    bot's own stays findable by its external_id."""
    ours = call(
        fakehub.url,
        "POST",
        RUNS,
        {"name": "nomination", "head_sha": head, "external_id": "pr-1-digest", "conclusion": "failure"},
    ).json()
    spoof = fakehub.add_job_check_run(REPO, head, "nomination", conclusion="success")
    assert (spoof.app_id, spoof.app_slug) == (GITHUB_ACTIONS_APP.id, "github-actions")
    assert spoof.details_url is not None
    assert "/actions/runs/" in spoof.details_url
    assert spoof.suite_id != ours["check_suite"]["id"]
    latest = call(fakehub.url, "GET", f"/repos/{REPO}/commits/{head}/check-runs?check_name=nomination").json()
    assert [(r["id"], r["conclusion"]) for r in latest["check_runs"]] == [(spoof.id, "success")]
    every = call(
        fakehub.url,
        "GET",
        f"/repos/{REPO}/commits/{head}/check-runs?check_name=nomination&filter=all&app_id=15368",
    ).json()
    assert [r["external_id"] for r in every["check_runs"]] == [spoof.external_id, "pr-1-digest"]
