"""Workflows that GitHub disables (by hand or after 60 quiet days) and that then run on no trigger, through
the Actions API (https://docs.github.com/en/rest/actions/workflows) and the hub's clock."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime, timedelta

import pytest

from election_bot_demo.fakehub import FakeHub, FakeWorkflowRun, permissions
from election_bot_demo.fakehub import workflowfiles as wf
from tests.fakehub.rawhttp import call
from tests.helpers.repo import REPO, ROOT

W = f"/repos/{REPO}/actions/workflows"
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)

TIMER = """
    name: Timer
    on:
      schedule: [{cron: "3,13,23,33,43,53 * * * *"}]
      workflow_dispatch:
    jobs: {tick: {runs-on: x, steps: []}}
"""
PHASES = """
    name: Phases
    on:
      schedule: [{cron: "*/10 * * * *"}]
      push: {branches: [main], paths: ["nominations/**"]}
      workflow_dispatch:
        inputs:
          dry_run: {type: boolean, default: false}
    jobs: {phases: {runs-on: x, steps: []}}
"""
CHECK = """
    name: Nomination check
    on:
      pull_request_target: {types: [opened, synchronize]}
      issue_comment: {types: [created]}
    jobs: {check: {runs-on: x, steps: []}}
"""


@pytest.fixture
def hub(fakehub: FakeHub) -> FakeHub:
    fakehub.now = START
    fakehub.add_workflows(
        REPO,
        {
            name: textwrap.dedent(text)
            for name, text in (("timer.yml", TIMER), ("phases.yml", PHASES), ("check.yml", CHECK))
        },
    )
    return fakehub


def states(hub: FakeHub) -> dict[str, str]:
    return {w.path.rpartition("/")[2]: w.state for w in hub.workflows(REPO)}


# -- the API ---------------------------------------------------------------------------------------------------


def test_list_and_get_by_id_or_file_name(hub: FakeHub) -> None:
    listed = call(hub.url, "GET", W).json()
    assert listed["total_count"] == 3
    names = {w["path"]: (w["name"], w["state"]) for w in listed["workflows"]}
    assert names == {
        ".github/workflows/check.yml": ("Nomination check", "active"),
        ".github/workflows/phases.yml": ("Phases", "active"),
        ".github/workflows/timer.yml": ("Timer", "active"),
    }
    by_name = call(hub.url, "GET", f"{W}/phases.yml").json()
    assert call(hub.url, "GET", f"{W}/{by_name['id']}").json() == by_name
    assert by_name["created_at"] == "2026-01-05T09:00:00Z"
    assert call(hub.url, "GET", f"{W}/nope.yml").status == 404


def test_disable_and_enable(hub: FakeHub) -> None:
    assert call(hub.url, "PUT", f"{W}/phases.yml/disable").status == 204
    assert call(hub.url, "GET", f"{W}/phases.yml").json()["state"] == "disabled_manually"
    assert call(hub.url, "PUT", f"{W}/phases.yml/enable").status == 204
    assert states(hub)["phases.yml"] == "active"


def test_the_api_needs_actions_permissions(hub: FakeHub) -> None:
    """actions:read to look (public repositories: anyone may), actions:write to change or dispatch."""
    reader = hub.token_for_installation(REPO, permissions(actions="read"))
    assert call(hub.url, "GET", W, token=reader).status == 200
    for method, path, body in (
        ("PUT", f"{W}/phases.yml/disable", None),
        ("PUT", f"{W}/phases.yml/enable", None),
        ("POST", f"{W}/phases.yml/dispatches", {"ref": "main"}),
    ):
        reply = call(hub.url, method, path, body, token=reader)
        assert (reply.status, reply.json()["message"]) == (403, "Resource not accessible by integration"), (
            path
        )
        assert reply.headers["x-accepted-github-permissions"] == "actions=write"
    writer = hub.token_for_installation(REPO, permissions(actions="write"))
    assert call(hub.url, "PUT", f"{W}/phases.yml/disable", token=writer).status == 204


def test_reading_a_private_repositorys_workflows_needs_actions_read(fakehub: FakeHub) -> None:
    fakehub.add_repo("pypa/private", private=True)
    fakehub.add_workflows("pypa/private", {"timer.yml": textwrap.dedent(TIMER)})
    nothing = fakehub.token_for_installation("pypa/private", permissions(contents="read"))
    assert call(fakehub.url, "GET", "/repos/pypa/private/actions/workflows", token=nothing).status == 403
    reader = fakehub.token_for_installation("pypa/private", permissions(actions="read"))
    assert call(fakehub.url, "GET", "/repos/pypa/private/actions/workflows", token=reader).status == 200


def test_dispatch(hub: FakeHub) -> None:
    assert call(hub.url, "POST", f"{W}/phases.yml/dispatches", {"ref": "main"}).status == 204
    reply = call(
        hub.url,
        "POST",
        f"{W}/phases.yml/dispatches",
        {"ref": "main", "inputs": {"dry_run": True}, "return_run_details": True},
    )
    assert reply.status == 200
    run_id = reply.json()["workflow_run_id"]
    assert reply.json()["html_url"].endswith(f"/{REPO}/actions/runs/{run_id}")
    runs = hub.workflow_runs(REPO)
    assert [(r.workflow_path, r.event, r.inputs) for r in runs] == [
        (".github/workflows/phases.yml", "workflow_dispatch", {}),
        (".github/workflows/phases.yml", "workflow_dispatch", {"dry_run": True}),
    ]
    assert runs[-1].id == run_id


def test_dispatch_is_refused_while_disabled(hub: FakeHub) -> None:
    hub.disable_workflow(REPO, "phases.yml")
    reply = call(hub.url, "POST", f"{W}/phases.yml/dispatches", {"ref": "main"})
    assert reply.status == 422
    assert reply.json() == {
        "message": "Cannot trigger a 'workflow_dispatch' on a disabled workflow",
        "documentation_url": "https://docs.github.com/rest/actions/workflows#create-a-workflow-dispatch-event",
        "status": "422",
    }
    assert hub.workflow_runs(REPO) == []


@pytest.mark.parametrize(
    ("workflow", "body", "message"),
    [
        ("check.yml", {"ref": "main"}, "Workflow does not have 'workflow_dispatch' trigger"),
        ("phases.yml", {"ref": "nope"}, "No ref found for: nope"),
        ("phases.yml", {}, 'Invalid request.\n\n"ref" wasn\'t supplied.'),
        ("phases.yml", {"ref": "main", "inputs": {"x": "1"}}, 'Unexpected inputs provided: ["x"]'),
    ],
)
def test_dispatch_refusals(hub: FakeHub, workflow: str, body: dict[str, object], message: str) -> None:
    reply = call(hub.url, "POST", f"{W}/{workflow}/dispatches", body)
    assert (reply.status, reply.json()["message"]) == (422, message)


# -- 60 days without activity -------------------------------------------------------------------------------------


def test_scheduled_workflows_stop_after_60_days_without_a_push(hub: FakeHub) -> None:
    hub.now = START + 60 * DAY - timedelta(seconds=1)
    assert set(states(hub).values()) == {"active"}
    hub.now = START + 60 * DAY
    assert states(hub) == {
        "check.yml": "active",
        "phases.yml": "disabled_inactivity",
        "timer.yml": "disabled_inactivity",
    }
    assert hub.workflow(REPO, "phases.yml").updated_at == START + 60 * DAY


def test_the_stop_happened_at_day_60_even_when_first_seen_later(hub: FakeHub) -> None:
    hub.now = START + 200 * DAY
    assert hub.workflow(REPO, "timer.yml").updated_at == START + 60 * DAY


def test_a_push_keeps_them_alive(hub: FakeHub) -> None:
    hub.now = START + 50 * DAY
    hub.commit(REPO, "main", {"README.md": b"still here\n"})
    hub.now = START + 100 * DAY
    assert states(hub)["timer.yml"] == "active"
    hub.now = START + 110 * DAY
    assert states(hub)["timer.yml"] == "disabled_inactivity"


def test_issues_and_comments_are_not_activity(hub: FakeHub) -> None:
    hub.now = START + 30 * DAY
    number = hub.create_issue(REPO, "alice", "Hello")
    hub.add_comment(REPO, number, "bob", "hi")
    hub.now = START + 60 * DAY
    assert states(hub)["timer.yml"] == "disabled_inactivity"


def test_a_later_push_does_not_re_enable_but_enabling_gives_60_more_days(hub: FakeHub) -> None:
    hub.now = START + 70 * DAY
    hub.commit(REPO, "main", {"nominations/2027/election.yaml": b"id: 2027\n"})
    assert states(hub)["phases.yml"] == "disabled_inactivity"
    assert call(hub.url, "PUT", f"{W}/phases.yml/enable").status == 204
    hub.now = START + 129 * DAY
    assert states(hub)["phases.yml"] == "active"
    hub.now = START + 130 * DAY
    assert states(hub)["phases.yml"] == "disabled_inactivity"


def test_private_repositories_keep_their_schedules(fakehub: FakeHub) -> None:
    fakehub.now = START
    fakehub.add_repo("pypa/private", private=True)
    fakehub.add_workflows("pypa/private", {"timer.yml": textwrap.dedent(TIMER)})
    fakehub.now = START + 365 * DAY
    assert [w.state for w in fakehub.workflows("pypa/private")] == ["active"]


# -- a disabled workflow runs on no trigger -----------------------------------------------------------------------


def paths(runs: list[FakeWorkflowRun]) -> list[str]:
    return sorted(r.workflow_path.rpartition("/")[2] for r in runs)


def test_triggers_and_their_filters(hub: FakeHub) -> None:
    assert paths(hub.trigger(REPO, "schedule")) == ["phases.yml", "timer.yml"]
    assert paths(hub.trigger(REPO, "push", branch="main", changed_paths=["nominations/2026/a.md"])) == [
        "phases.yml"
    ]
    assert paths(hub.trigger(REPO, "push", branch="main", changed_paths=["README.md"])) == []
    assert paths(hub.trigger(REPO, "push", branch="dev", changed_paths=["nominations/2026/a.md"])) == []
    assert paths(hub.trigger(REPO, "pull_request_target", action="synchronize")) == ["check.yml"]
    assert paths(hub.trigger(REPO, "pull_request_target", action="edited")) == []
    assert paths(hub.trigger(REPO, "issue_comment", action="created")) == ["check.yml"]


def test_a_workflow_disabled_for_inactivity_ignores_push_and_dispatch_too(hub: FakeHub) -> None:
    hub.now = START + 61 * DAY
    assert paths(hub.trigger(REPO, "schedule")) == []
    assert paths(hub.trigger(REPO, "push", branch="main", changed_paths=["nominations/2027/x.md"])) == []
    reply = call(hub.url, "POST", f"{W}/phases.yml/dispatches", {"ref": "main"})
    assert (reply.status, reply.json()["message"]) == (
        422,
        "Cannot trigger a 'workflow_dispatch' on a disabled workflow",
    )
    assert paths(hub.trigger(REPO, "issue_comment", action="created")) == ["check.yml"]  # event-driven: alive
    hub.enable_workflow(REPO, "phases.yml")
    assert paths(hub.trigger(REPO, "workflow_dispatch")) == ["phases.yml"]  # the timer is still off
    assert call(hub.url, "POST", f"{W}/phases.yml/dispatches", {"ref": "main"}).status == 204


def test_a_manually_disabled_workflow_runs_on_nothing(hub: FakeHub) -> None:
    hub.disable_workflow(REPO, "check.yml")
    assert paths(hub.trigger(REPO, "pull_request_target", action="opened")) == []


def test_github_token_events_start_no_run_except_a_dispatch(hub: FakeHub) -> None:
    assert (
        hub.trigger(REPO, "push", branch="main", changed_paths=["nominations/a.md"], by_github_token=True)
        == []
    )
    assert paths(hub.trigger(REPO, "workflow_dispatch", by_github_token=True)) == ["phases.yml", "timer.yml"]


def test_this_repositorys_scheduled_workflows_are_stopped_by_a_quiet_year(fakehub: FakeHub) -> None:
    """Issue 27, item 1, with this repository's workflow files as they stand: every workflow with a
    schedule stops at day 61, and with it that workflow's push and dispatch triggers; the others live on."""
    fakehub.now = START
    fakehub.add_workflows(REPO, ROOT)
    files = wf.load_directory(ROOT)
    scheduled = {path for path, text in files.items() if wf.parse(text, path).schedules}
    assert scheduled  # today: phases.yml and site.yml
    fakehub.now = START + 61 * DAY
    stopped = {w.path for w in fakehub.workflows(REPO) if w.state == "disabled_inactivity"}
    assert stopped == scheduled
    dispatched = {r.workflow_path for r in fakehub.trigger(REPO, "workflow_dispatch")}
    assert dispatched
    assert not dispatched & stopped
