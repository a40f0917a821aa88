"""A quiet year on the strict stand-in (issue 27): GitHub disables the scheduled workflows of a public
repository after 60 days without activity, and a disabled workflow runs on no trigger at all. The schedules
live in timers of their own, so Phases and Site keep their push and workflow_dispatch triggers; the
nomination check notices the disabled timers and tells the admins; `election-bot doctor` names them with the
fix before the election, and says ready once they are woken; enabling the timers catches up every phase
that was missed. Every command runs with the token its job declares in this repository's workflow
files (`hub.token_for_job`)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta

import pytest

from bot.cli import main
from bot.config.timeline import parse_instant
from bot.config.workflows import ENVIRONMENT, ROSTER_SECRET_NAME
from bot.nominations.constants import CHECK_APP_ID, CHECK_NAME
from bot.text.labels import FIXED, MarkerKind
from bot.text.markers import first_marker
from election_bot_demo.fakehub import FakeHub
from tests.helpers.repo import ROOT
from tests.helpers.world import BUDGET, REPO, SOURCE_CONFIG, World, nomination_md

NEXT = "sample-2027"
NEXT_DIR = f"nominations/{NEXT}"
ADDED = datetime(
    2026, 4, 20, 9, 0, tzinfo=UTC
)  # the workflows reach the default branch after the 2026 election
TIMERS = {".github/workflows/phases-timer.yml", ".github/workflows/site-timer.yml"}
CHECK = "check/check"  # nomination-check.yml's job, calling reusable-nomination-check.yml's job `check`


def call(url: str, method: str, path: str, body: object = None, *, token: str) -> int:
    """One request to the stand-in as an admin's `gh api` makes it; the status."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url + path, data=data, method=method)
    request.add_header("Authorization", f"token {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:
            return int(reply.status)
    except urllib.error.HTTPError as error:
        return error.code


def next_config(admin_id: int) -> bytes:
    """sample-2026 a year later: the same election, every date in 2027, its admin pinned by id."""
    text = SOURCE_CONFIG.read_text().replace("2026", "2027")
    return text.replace(
        "  - login: sample-admin\n", f"  - login: sample-admin\n    id: {admin_id}\n"
    ).encode()


def configure(hub: FakeHub) -> None:
    """What the admin guide's setup leaves behind: the labels, the environment (the default branch only,
    the roster secret), a ruleset requiring the check from the GitHub Actions app."""
    for label in FIXED.values():
        if label.name not in {existing.name for existing in hub.labels(REPO)}:
            hub.add_label(REPO, label.name, label.color, label.description)
    hub.add_environment(REPO, ENVIRONMENT, branches=["main"], secrets=[ROSTER_SECRET_NAME])
    hub.add_ruleset(REPO, [(CHECK_NAME, CHECK_APP_ID)])


def doctor(world: World, monkeypatch: pytest.MonkeyPatch, at: str) -> tuple[int, list[str]]:
    """`election-bot doctor` as the admin guide's step 9 runs it (an admin's token); its failed lines."""
    world.hub.set_permission(REPO, "sample-admin", "admin")
    monkeypatch.setenv("GITHUB_TOKEN", world.hub.token_for("sample-admin"))
    world.capsys.readouterr()
    code = main(["--repo", str(world.tmp / "checkout"), "doctor", "--at", at])
    out = world.capsys.readouterr().out
    assert "could not check" not in out
    return code, [line for line in out.splitlines() if line.startswith("✗")]


def push_next_election(world: World, at: datetime) -> None:
    """The next year's election.yaml reaches the default branch (and the checkout)."""
    world.hub.now = at
    config = next_config(world.user("sample-admin"))
    world.hub.commit(REPO, "main", {f"{NEXT_DIR}/election.yaml": config}, message="The 2027 election")
    (world.tmp / "checkout" / NEXT_DIR).mkdir(parents=True)
    (world.tmp / "checkout" / NEXT_DIR / "election.yaml").write_bytes(config)


def states(hub: FakeHub) -> dict[str, str]:
    return {w.path: w.state for w in hub.workflows(REPO)}


def phase_issues(hub: FakeHub) -> dict[str, str]:
    """Each phase's announcement issue of the next election → its state."""
    found: dict[str, str] = {}
    for issue in hub.issues(REPO):
        mark = first_marker(issue.body, MarkerKind("phase"))
        if issue.author == FakeHub.BOT_LOGIN and mark is not None and mark.fields.get("election") == NEXT:
            assert mark.fields["phase"] not in found, "one issue per phase"
            found[mark.fields["phase"]] = issue.state
    return found


def sync_as(world: World, monkeypatch: pytest.MonkeyPatch, workflow: str, event: str, at: str) -> None:
    """The reconciler as the job of `workflow` runs it, with that job's own token."""
    job = world.hub.token_for_job(REPO, workflow, "phases/sync", event=event)
    monkeypatch.setenv("GITHUB_TOKEN", job.token)
    world.hub.now = parse_instant(at)
    assert main(["sync", "--at", at]) == 0


def check_as_the_job(
    world: World, monkeypatch: pytest.MonkeyPatch, number: int, action: str = "opened"
) -> tuple[str, str]:
    """`election-bot pr` with the check job's token; the job summary and the report it leaves."""
    job = world.hub.token_for_job(REPO, "nomination-check.yml", CHECK, event="pull_request_target")
    assert job.permissions["actions"] == "read"
    monkeypatch.setenv("GITHUB_TOKEN", job.token)
    (world.tmp / "summary.md").unlink(missing_ok=True)
    world.pr_event(number, action)
    run = world.run()
    assert run.code in (0, 1), run.out + run.err
    return world.summary(), world.report(number)


def test_a_quiet_year_stops_only_the_timers_and_the_check_says_so(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub = world.hub
    hub.now = ADDED
    hub.add_workflows(REPO, ROOT)
    assert set(states(hub).values()) == {"active"}

    # Sixty days without a push: GitHub disables the workflows with a schedule, and only those.
    hub.now = ADDED + timedelta(days=60, minutes=1)
    stopped = {path for path, state in states(hub).items() if state != "active"}
    assert stopped == TIMERS
    assert {states(hub)[path] for path in TIMERS} == {"disabled_inactivity"}
    assert hub.trigger(REPO, "schedule") == []

    # The next year's election is pushed: Phases and Site still run on the push (no timer holds them).
    push_next_election(world, datetime(2027, 2, 20, 9, 0, tzinfo=UTC))
    runs = hub.trigger(REPO, "push", branch="main", changed_paths=[f"{NEXT_DIR}/election.yaml"])
    started = {r.workflow_path for r in runs}
    assert {".github/workflows/phases.yml", ".github/workflows/site.yml"} <= started
    assert not started & TIMERS
    assert {
        path for path, state in states(hub).items() if state != "active"
    } == TIMERS  # a push re-enables nothing
    sync_as(world, monkeypatch, "phases.yml", "push", "2027-02-20T09:00:00Z")
    assert phase_issues(hub) == {}  # nothing has started yet

    # The doctor, before the election, names the stopped timers and nothing else (nobody listens yet).
    configure(hub)
    code, failed = doctor(world, monkeypatch, "2027-02-20T09:30:00Z")
    assert code == 1 and len(failed) == 1, failed
    assert failed[0].startswith("✗ every workflow enabled: `phases-timer.yml` is disabled_inactivity")
    assert "gh workflow enable phases-timer.yml" in failed[0] and "site-timer.yml" in failed[0]

    # Nominations open on 03-03 with no timer to announce them; a nomination arrives on 03-04.
    hub.now = datetime(2027, 3, 4, 10, 0, tzinfo=UTC)
    world.set_roster(janedoe="fellow")
    hub.add_label(REPO, "nominee:janedoe")  # (a label the check job may not create: test_label_refusal.py)
    number = world.nominate("janedoe", path=f"{NEXT_DIR}/janedoe.md", content=nomination_md("janedoe"))
    summary, report = check_as_the_job(world, monkeypatch, number)
    for text in (summary, report):
        assert "### For the admins" in text
        assert "`Phases timer` (`.github/workflows/phases-timer.yml`) does not run" in text
        assert "GitHub disabled it after 60 days without activity" in text
        assert "`gh workflow enable phases-timer.yml`" in text
        assert "`Site timer`" in text
    assert "`Phases` (" not in report  # the caller itself runs

    # An admin runs Phases by hand: a dispatch of a workflow without a schedule is never refused.
    admin = hub.token_for("sample-admin")
    hub.set_permission(REPO, "sample-admin", "admin")
    status = call(
        hub.url,
        "POST",
        f"/repos/{REPO}/actions/workflows/phases.yml/dispatches",
        {"ref": "main"},
        token=admin,
    )
    assert status == 204
    sync_as(world, monkeypatch, "phases.yml", "workflow_dispatch", "2027-03-04T10:05:00Z")
    assert phase_issues(hub) == {"nominations": "open", "affirmation": "open"}

    # Nobody enables the timers until 03-20: the nominations closed on 03-17, the candidates phase began
    # on 03-19. Enabling them is all it takes: their next run catches up, no phase is lost.
    for path in TIMERS:
        status = call(
            hub.url, "PUT", f"/repos/{REPO}/actions/workflows/{path.rpartition('/')[2]}/enable", token=admin
        )
        assert status == 204
    hub.now = datetime(2027, 3, 20, 9, 4, tzinfo=UTC)
    assert sorted(r.workflow_path for r in hub.trigger(REPO, "schedule")) == sorted(TIMERS)
    sync_as(world, monkeypatch, "phases-timer.yml", "schedule", "2027-03-20T09:04:00Z")
    assert phase_issues(hub) == {"nominations": "closed", "affirmation": "open", "candidates": "open"}

    # The next check says nothing more about workflows.
    hub.push_to_pull(
        REPO, number, {f"{NEXT_DIR}/janedoe.md": nomination_md("janedoe", name="Jane Q. Example")}
    )
    summary, report = check_as_the_job(world, monkeypatch, number, "synchronize")
    assert "For the admins" not in summary and "does not run" not in report


def test_the_workflows_are_read_only_with_a_request_to_spare_and_the_notice_stays(world: World) -> None:
    """Issue 28: every run within 12 requests. Someone else's nomination with a stale label to remove spends
    all 12 on its first run, so it leaves the workflows' states for a later run; the re-run reads them and
    tells the admins; a run within six hours of that reading reads them no more, and the report keeps the
    notice."""
    hub = world.hub
    now = hub.now
    hub.now = now - timedelta(days=61)
    hub.add_workflows(REPO, ROOT)
    hub.now = now
    assert {states(hub)[path] for path in TIMERS} == {"disabled_inactivity"}
    world.set_roster(carol="contributing")
    world.user("carol")
    number = world.nominate(
        "bob", "carol", content=nomination_md("carol", membership="contributing", nominated_by="bob")
    )
    hub.label_issue(REPO, number, "ready-for-review")
    world.pr_event(number)
    first = world.run()
    assert first.total == BUDGET, [(r.method, r.path) for r in first.requests]
    assert not any(r.path.endswith("/actions/workflows") for r in first.requests)
    assert "does not run" not in world.report(number)

    again = world.run()
    assert again.total <= BUDGET
    assert any(r.path.endswith("/actions/workflows") for r in again.requests)
    assert "`Phases timer` (`.github/workflows/phases-timer.yml`) does not run" in world.report(number)

    hub.now = now + timedelta(hours=1)
    world.comment(number, "carol", "Happy to stand.")
    later = world.run()
    assert later.total <= BUDGET
    assert not any(r.path.endswith("/actions/workflows") for r in later.requests)
    assert "`Phases timer` (`.github/workflows/phases-timer.yml`) does not run" in world.report(number)


def test_the_doctor_names_the_stopped_timers_and_is_ready_once_they_are_woken(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Step 9 of the admin guide, done: after a quiet year the doctor says which timers GitHub stopped and
    how to wake them; woken through the Actions API, the repository is ready, and the timers' next run
    opens the nominations on time."""
    hub = world.hub
    hub.now = ADDED
    hub.add_workflows(REPO, ROOT)
    configure(hub)
    push_next_election(world, ADDED + timedelta(days=300))  # 2027-02-14: long after day 60
    assert {states(hub)[path] for path in TIMERS} == {"disabled_inactivity"}
    code, failed = doctor(world, monkeypatch, "2027-02-14T09:00:00Z")
    assert code == 1 and [line.split(":")[0] for line in failed] == ["✗ every workflow enabled"], failed

    admin = hub.token_for("sample-admin")
    for path in sorted(TIMERS):
        name = path.rpartition("/")[2]
        assert call(hub.url, "PUT", f"/repos/{REPO}/actions/workflows/{name}/enable", token=admin) == 204
    code, failed = doctor(world, monkeypatch, "2027-02-14T09:05:00Z")
    assert (code, failed) == (0, [])

    # The nominations open on 03-03 at 14:00; the timer's next run at 14:04 announces them.
    hub.now = datetime(2027, 3, 3, 14, 4, tzinfo=UTC)
    assert sorted(r.workflow_path for r in hub.trigger(REPO, "schedule")) == sorted(TIMERS)
    sync_as(world, monkeypatch, "phases-timer.yml", "schedule", "2027-03-03T14:04:00Z")
    assert phase_issues(hub)["nominations"] == "open"
