"""Resilience at the edge: every write survives GitHub's usual failures once, without duplicates.

Faults come from the stand-in (`hub.inject`); `after_apply=True` is the nasty case where the write took
effect and then the answer was lost. Exactly-once is checked in the stand-in's state, not in what the
gateway returns. Sleeps are fake, so the waits are asserted, not endured.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from bot.github.gateway import (
    Gateway,
    GitHubAmbiguousWrite,
    GitHubError,
    GitHubUnavailable,
    Label,
    RetryPolicy,
)
from election_bot_demo.fakehub import FakeHub
from election_bot_demo.fakehub.faults import Fault
from tests.helpers.gateway import BOT, MARK, REPO, TOKEN, FakeSleep, make_gateway, nomination

RETRY_AFTER = 7


@pytest.fixture
def gw(fakehub: FakeHub, fake_sleep: FakeSleep) -> Gateway:
    return make_gateway(fakehub, fake_sleep)


# -- one case per write operation -----------------------------------------------------------------------


@dataclass(frozen=True)
class WriteCase:
    name: str
    method: str
    path: str  # regex on the request path of the write that fails
    setup: Callable[[FakeHub, Gateway], dict[str, Any]]
    run: Callable[[Gateway, dict[str, Any]], Any]
    check: Callable[[FakeHub, dict[str, Any], Any], None]  # the effect happened exactly once
    is_create: bool = False


def _pull(hub: FakeHub, gw: Gateway) -> dict[str, Any]:
    number = hub.open_pull(REPO, "janedoe", nomination())
    for name in ("nomination", "phase/nominations"):
        hub.add_label(REPO, name)
    return {"n": number, "sha": hub.pull(REPO, number).head_sha}


def _with_comment(hub: FakeHub, gw: Gateway) -> dict[str, Any]:
    ctx = _pull(hub, gw)
    ctx["comment"] = hub.add_comment(REPO, ctx["n"], BOT, f"old\n{MARK}")
    return ctx


def _with_labelled_pull(hub: FakeHub, gw: Gateway) -> dict[str, Any]:
    ctx = _pull(hub, gw)
    hub.label_issue(REPO, ctx["n"], "nomination", "phase/nominations")
    return ctx


def _with_check_run(hub: FakeHub, gw: Gateway) -> dict[str, Any]:
    ctx = _pull(hub, gw)
    ctx["run"] = gw.create_check_run("check", ctx["sha"], status="in_progress", title="Checking", summary="…")
    return ctx


def _with_issue(hub: FakeHub, gw: Gateway) -> dict[str, Any]:
    hub.add_label(REPO, "phase")
    return {"n": hub.create_issue(REPO, BOT, "Nominations are open", f"old\n{MARK}", labels=["phase"])}


def _check_comment(hub: FakeHub, ctx: dict[str, Any], result: Any) -> None:
    ours = [c for c in hub.comments(REPO, ctx["n"]) if MARK in c.body]
    assert [(c.id, c.author, c.body) for c in ours] == [(result.id, BOT, f"Checked\n{MARK}")]


def _check_edited_comment(hub: FakeHub, ctx: dict[str, Any], result: Any) -> None:
    assert [(c.id, c.body) for c in hub.comments(REPO, ctx["n"])] == [(ctx["comment"], f"new\n{MARK}")]
    assert result.body == f"new\n{MARK}"


def _check_label(hub: FakeHub, ctx: dict[str, Any], result: Any) -> None:
    matching = [lb for lb in hub.labels(REPO) if lb.name == "phase/voting"]
    assert [(lb.color, lb.description) for lb in matching] == [("5319e7", "Voting is open")]
    assert result is True


def _check_ensured(hub: FakeHub, ctx: dict[str, Any], result: Any) -> None:
    names = [lb.name for lb in hub.labels(REPO)]
    assert names.count("phase/voting") == 1
    assert names.count("phase/results") == 1
    assert result == 2


def _check_added(hub: FakeHub, ctx: dict[str, Any], result: Any) -> None:
    assert set(hub.pull(REPO, ctx["n"]).labels) == {"nomination", "phase/nominations"}
    labeled = [e for e in hub.events(REPO, ctx["n"]) if e[0] == "labeled"]
    assert len(labeled) == 2


def _check_removed(hub: FakeHub, ctx: dict[str, Any], result: Any) -> None:
    assert hub.pull(REPO, ctx["n"]).labels == ("nomination",)
    assert [e[0] for e in hub.events(REPO, ctx["n"])].count("unlabeled") == 1


def _check_run_created(hub: FakeHub, ctx: dict[str, Any], result: Any) -> None:
    runs = hub.check_runs(REPO, ctx["sha"])
    assert [(r.id, r.conclusion, len(r.annotations)) for r in runs] == [(result, "failure", 70)]


def _check_run_updated(hub: FakeHub, ctx: dict[str, Any], result: Any) -> None:
    (run,) = hub.check_runs(REPO, ctx["sha"])
    assert (run.id, run.status, run.conclusion, run.summary) == (ctx["run"], "completed", "success", "Done")


def _check_issue(hub: FakeHub, ctx: dict[str, Any], result: Any) -> None:
    ours = [i for i in hub.issues(REPO) if MARK in (i.body or "")]
    assert [(i.number, i.author, i.labels) for i in ours] == [(result.number, BOT, ("phase",))]


def _check_edited_issue(hub: FakeHub, ctx: dict[str, Any], result: Any) -> None:
    issue = hub.issue(REPO, ctx["n"])
    assert (issue.title, issue.body, issue.state, issue.state_reason) == (
        "Nominations closed",
        f"new\n{MARK}",
        "closed",
        "completed",
    )
    assert [e[0] for e in hub.events(REPO, ctx["n"])].count("closed") == 1


def _annotations() -> list[Any]:
    from bot.github.gateway import Annotation

    return [Annotation("nominations/ppc-2026/user0.md", i, i, "failure", f"p{i}") for i in range(1, 71)]


CASES = [
    WriteCase(
        "create_issue_comment",
        "POST",
        r"/issues/\d+/comments$",
        _pull,
        lambda gw, c: gw.create_issue_comment(c["n"], f"Checked\n{MARK}", marker=MARK),
        _check_comment,
        is_create=True,
    ),
    WriteCase(
        "edit_issue_comment",
        "PATCH",
        r"/issues/comments/\d+$",
        _with_comment,
        lambda gw, c: gw.edit_issue_comment(c["comment"], f"new\n{MARK}"),
        _check_edited_comment,
    ),
    WriteCase(
        "create_label",
        "POST",
        r"/labels$",
        _pull,
        lambda gw, c: gw.create_label("phase/voting", "5319e7", "Voting is open"),
        _check_label,
        is_create=True,
    ),
    WriteCase(
        "ensure_labels",
        "POST",
        r"/labels$",
        _pull,
        lambda gw, c: gw.ensure_labels([Label("phase/voting", "5319e7"), Label("phase/results", "0e8a16")]),
        _check_ensured,
        is_create=True,
    ),
    WriteCase(
        "add_labels",
        "POST",
        r"/issues/\d+/labels$",
        _pull,
        lambda gw, c: gw.add_labels(c["n"], ["nomination", "phase/nominations"]),
        _check_added,
    ),
    WriteCase(
        "remove_label",
        "DELETE",
        r"/issues/\d+/labels/",
        _with_labelled_pull,
        lambda gw, c: gw.remove_label(c["n"], "phase/nominations"),
        _check_removed,
    ),
    WriteCase(
        "create_check_run",
        "POST",
        r"/check-runs$",
        _pull,
        lambda gw, c: gw.create_check_run(
            "election-bot", c["sha"], conclusion="failure", title="t", summary="s", annotations=_annotations()
        ),
        _check_run_created,
        is_create=True,
    ),
    WriteCase(
        "update_check_run",
        "PATCH",
        r"/check-runs/\d+$",
        _with_check_run,
        lambda gw, c: gw.update_check_run(
            c["run"], status="completed", conclusion="success", title="OK", summary="Done"
        ),
        _check_run_updated,
    ),
    WriteCase(
        "create_issue",
        "POST",
        r"/issues$",
        lambda hub, gw: (hub.add_label(REPO, "phase"), {})[1],
        lambda gw, c: gw.create_issue("Nominations are open", f"Body\n{MARK}", ["phase"], marker=MARK),
        _check_issue,
        is_create=True,
    ),
    WriteCase(
        "edit_issue",
        "PATCH",
        r"/issues/\d+$",
        _with_issue,
        lambda gw, c: gw.edit_issue(
            c["n"], title="Nominations closed", body=f"new\n{MARK}", state="closed", state_reason="completed"
        ),
        _check_edited_issue,
    ),
]

FAULTS = [
    pytest.param(Fault.SERVER_ERROR, False, id="500"),
    pytest.param(Fault.SERVER_ERROR, True, id="500-after-apply"),
    pytest.param(Fault.BAD_GATEWAY, True, id="502-after-apply"),
    pytest.param(Fault.SECONDARY_RATE_LIMIT, False, id="secondary-rate-limit"),
    pytest.param(Fault.DROP, False, id="dropped"),
    pytest.param(Fault.DROP, True, id="dropped-after-apply"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
@pytest.mark.parametrize(("fault", "after_apply"), FAULTS)
def test_every_write_survives_one_failure(
    fakehub: FakeHub, gw: Gateway, fake_sleep: FakeSleep, case: WriteCase, fault: Fault, after_apply: bool
) -> None:
    ctx = case.setup(fakehub, gw)
    fakehub.inject(case.method, case.path, fault=fault, after_apply=after_apply, retry_after=RETRY_AFTER)
    ambiguous = fault is not Fault.SECONDARY_RATE_LIMIT
    if case.name == "create_check_run" and ambiguous:
        # No way to look a check run up again: an ambiguous failure is reported, never repeated blindly.
        with pytest.raises(GitHubAmbiguousWrite, match="create_check_run"):
            case.run(gw, ctx)
        runs = fakehub.check_runs(REPO, ctx["sha"])
        assert len(runs) == (1 if after_apply else 0)
        assert fake_sleep.calls == []
        return

    result = case.run(gw, ctx)

    case.check(fakehub, ctx, result)
    assert fakehub.pending_faults() == []
    assert fake_sleep.calls == [float(RETRY_AFTER) if fault is Fault.SECONDARY_RATE_LIMIT else 1.0]
    assert gw.stats.retries == 1


@pytest.mark.parametrize(
    "case",
    # Check runs trust GitHub's word that a rate-limited request was not applied, so they are not listed.
    [c for c in CASES if c.is_create and c.name != "create_check_run"],
    ids=lambda c: c.name,
)
def test_creates_survive_a_rate_limit_answer_to_an_applied_write(
    fakehub: FakeHub, gw: Gateway, fake_sleep: FakeSleep, case: WriteCase
) -> None:
    """Should a rate-limit answer ever follow an applied create, marker checks still prevent duplicates."""
    ctx = case.setup(fakehub, gw)
    fakehub.inject(case.method, case.path, fault=Fault.SECONDARY_RATE_LIMIT, after_apply=True, retry_after=3)
    case.check(fakehub, ctx, case.run(gw, ctx))


# -- exact request sequences ----------------------------------------------------------------------------


def _sequence(hub: FakeHub) -> list[tuple[str, int | None]]:
    return [(r.method, r.status) for r in hub.requests]


def test_pygithub_does_not_repeat_a_post_on_its_own(fakehub: FakeHub, gw: Gateway) -> None:
    number = fakehub.open_pull(REPO, "janedoe", nomination())
    fakehub.reset_log()
    fakehub.inject("POST", r"/comments$", fault=Fault.SERVER_ERROR)
    gw.create_issue_comment(number, f"Checked\n{MARK}", marker=MARK)
    # One POST failed; we looked for the marker (nothing), then posted once more.
    assert _sequence(fakehub) == [("POST", 500), ("GET", 200), ("POST", 201)]
    assert gw.stats.by_operation == {"create_issue_comment": 3}
    assert gw.stats.writes == 2


def test_lost_answer_to_an_applied_comment_is_found_by_its_marker(fakehub: FakeHub, gw: Gateway) -> None:
    number = fakehub.open_pull(REPO, "janedoe", nomination())
    for i in range(120):  # our comment lands on the second page
        fakehub.add_comment(REPO, number, "someone", f"comment {i}")
    fakehub.add_comment(REPO, number, "mallory", f"forged\n{MARK}")  # a person's copy of the marker
    fakehub.reset_log()
    fakehub.inject("POST", r"/comments$", fault=Fault.DROP, after_apply=True)
    comment = gw.create_issue_comment(number, f"Checked\n{MARK}", marker=MARK)

    assert _sequence(fakehub) == [("POST", None), ("GET", 200), ("GET", 200)]
    assert comment.author.login == BOT
    assert [c.id for c in fakehub.comments(REPO, number) if c.author == BOT] == [comment.id]


def test_lost_answer_to_an_applied_issue_is_found_by_its_marker(fakehub: FakeHub, gw: Gateway) -> None:
    fakehub.add_label(REPO, "phase")
    fakehub.reset_log()
    fakehub.inject("POST", r"/issues$", fault=Fault.BAD_GATEWAY, after_apply=True)
    issue = gw.create_issue("Nominations are open", f"Body\n{MARK}", ["phase"], marker=MARK)

    assert _sequence(fakehub) == [("POST", 502), ("GET", 200)]
    assert fakehub.requests[1].query["labels"] == ["phase"]
    assert [i.number for i in fakehub.issues(REPO)] == [issue.number]


# -- bounded waits --------------------------------------------------------------------------------------


def _fail_every_time(hub: FakeHub, method: str, path: str, fault: Fault, times: int = 20, **kw: Any) -> None:
    for _ in range(times):
        hub.inject(method, path, fault=fault, **kw)


def test_persistent_server_errors_end_in_unavailable(
    fakehub: FakeHub, gw: Gateway, fake_sleep: FakeSleep
) -> None:
    number = fakehub.open_pull(REPO, "janedoe", nomination())
    fakehub.reset_log()
    _fail_every_time(fakehub, "GET", r"/pulls/\d+$", Fault.SERVER_ERROR)
    with pytest.raises(GitHubUnavailable) as caught:
        gw.get_pull(number)
    assert caught.value.status == 500
    assert fake_sleep.calls == [1, 2, 4, 8, 16]  # 6 attempts, deterministic backoff
    assert fake_sleep.total <= RetryPolicy().max_total_wait
    assert fakehub.count("GET") == 6


def test_the_total_wait_is_bounded(fakehub: FakeHub, fake_sleep: FakeSleep) -> None:
    gw = make_gateway(fakehub, fake_sleep, retry=RetryPolicy(max_total_wait=10))
    number = fakehub.open_pull(REPO, "janedoe", nomination())
    _fail_every_time(fakehub, "POST", r"/labels$", Fault.DROP)
    with pytest.raises(GitHubUnavailable, match="budget"):
        gw.add_labels(number, ["x"])
    assert fake_sleep.calls == [1, 2, 4]  # the next wait (8 s) would cross the 10 s budget
    assert fake_sleep.total <= 10


def test_persistent_secondary_rate_limit_stays_within_budget(
    fakehub: FakeHub, gw: Gateway, fake_sleep: FakeSleep
) -> None:
    number = fakehub.open_pull(REPO, "janedoe", nomination())
    _fail_every_time(fakehub, "POST", r"/comments$", Fault.SECONDARY_RATE_LIMIT, retry_after=50)
    with pytest.raises(GitHubUnavailable, match="secondary rate limit"):
        gw.create_issue_comment(number, f"x\n{MARK}", marker=MARK)
    assert fake_sleep.calls == [50, 50, 50, 50]  # a fifth would cross the run's 240 s
    assert fake_sleep.total <= RetryPolicy().max_total_wait
    assert fakehub.comments(REPO, number) == []


def test_a_wait_longer_than_the_budget_is_not_slept(
    fakehub: FakeHub, gw: Gateway, fake_sleep: FakeSleep
) -> None:
    fakehub.inject("GET", r"/labels$", fault=Fault.SECONDARY_RATE_LIMIT, retry_after=600)
    with pytest.raises(GitHubUnavailable):
        gw.list_labels()
    assert fake_sleep.calls == []
    assert fakehub.count("GET") == 1


def test_primary_rate_limit_waits_for_the_reset(fakehub: FakeHub, gw: Gateway, fake_sleep: FakeSleep) -> None:
    fakehub.inject("GET", r"/labels$", fault=Fault.PRIMARY_RATE_LIMIT, reset_in=30)
    assert gw.list_labels() == []
    (wait,) = fake_sleep.calls
    assert 29 <= wait <= 33  # until x-ratelimit-reset, plus a second
    fakehub.inject("GET", r"/labels$", fault=Fault.PRIMARY_RATE_LIMIT, reset_in=3600)
    with pytest.raises(GitHubUnavailable, match="rate limit exhausted"):
        gw.list_labels()


def test_a_failed_page_is_retried_alone(fakehub: FakeHub, gw: Gateway, fake_sleep: FakeSleep) -> None:
    number = fakehub.open_pull(REPO, "janedoe", {f"f{i}.md": b"x\n" for i in range(150)})
    fakehub.reset_log()
    fakehub.inject("GET", r"/files$", nth=2, fault=Fault.DROP)
    assert len(gw.list_pull_files(number)) == 150
    assert [r.query.get("page") for r in fakehub.requests] == [None, ["2"], ["2"]]


# -- what is not retried --------------------------------------------------------------------------------


def test_not_found_is_not_retried(fakehub: FakeHub, gw: Gateway, fake_sleep: FakeSleep) -> None:
    number = fakehub.open_pull(REPO, "janedoe", nomination())
    comment = fakehub.add_comment(REPO, number, BOT, "x")
    fakehub.reset_log()
    fakehub.inject("PATCH", r"/issues/comments/\d+$", fault=Fault.NOT_FOUND)
    with pytest.raises(GitHubError) as caught:
        gw.edit_issue_comment(comment, "y")
    assert caught.value.status == 404
    assert not isinstance(caught.value, GitHubUnavailable)
    assert fakehub.count() == 1
    assert fake_sleep.calls == []


def test_validation_failure_is_not_retried(fakehub: FakeHub, gw: Gateway, fake_sleep: FakeSleep) -> None:
    fakehub.reset_log()
    with pytest.raises(GitHubError) as caught:
        gw.create_issue("Too long", "x" * 70_000 + MARK, [], marker=MARK)
    assert caught.value.status == 422
    assert "Validation Failed" in str(caught.value)
    with pytest.raises(GitHubError) as caught:
        gw.create_label("bad colour", "not-a-colour")
    assert caught.value.status == 422
    assert fakehub.count() == 2
    assert fake_sleep.calls == []
    assert fakehub.issues(REPO) == []


def test_bad_credentials_are_not_retried(fakehub: FakeHub, fake_sleep: FakeSleep) -> None:
    token = fakehub.token_for("someone")
    fakehub.revoke(token)
    gw = Gateway(
        REPO, token, fakehub.url, seconds_between_requests=0, seconds_between_writes=0, sleep=fake_sleep
    )
    with pytest.raises(GitHubError) as caught:
        gw.list_labels()
    assert caught.value.status == 401
    assert token not in str(caught.value)
    assert fake_sleep.calls == []


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_refused_connection_is_safe_to_repeat_even_for_check_runs(fake_sleep: FakeSleep) -> None:
    gw = Gateway(
        REPO,
        TOKEN,
        f"http://127.0.0.1:{_closed_port()}",
        seconds_between_requests=0,
        seconds_between_writes=0,
        sleep=fake_sleep,
        retry=RetryPolicy(max_attempts=3),
    )
    with pytest.raises(GitHubUnavailable) as caught:
        gw.create_check_run("c", "0" * 40, conclusion="success", title="t", summary="s")
    assert not isinstance(caught.value, GitHubAmbiguousWrite)  # nothing reached a server
    assert gw.stats.by_operation == {"create_check_run": 3}
    assert fake_sleep.calls == [1, 2]


# -- waits as GitHub asks (issue 27) ----------------------------------------------------------------------


def test_a_rate_limit_without_a_time_to_wait_backs_off_from_a_minute(
    fakehub: FakeHub, gw: Gateway, fake_sleep: FakeSleep
) -> None:
    """A 429 (or a rate-limit answer) without Retry-After or rate-limit headers: GitHub asks for at least a
    minute, then exponentially longer; never the 1-2 s of a server error."""
    number = fakehub.open_pull(REPO, "janedoe", nomination())
    _fail_every_time(fakehub, "GET", r"/pulls/\d+$", Fault.TOO_MANY_REQUESTS, times=2)
    assert gw.get_pull(number).number == number
    assert fake_sleep.calls == [60, 120]


def test_one_wait_budget_for_the_whole_run(fakehub: FakeHub, gw: Gateway, fake_sleep: FakeSleep) -> None:
    """Each operation's waits add up: the third wait of 100 s would take the run past its 240 s, which
    stays below the check job's 10-minute timeout, so the run says "unavailable" in time."""
    number = fakehub.open_pull(REPO, "janedoe", nomination())
    for _ in range(2):
        fakehub.inject("GET", r"/pulls/\d+$", fault=Fault.SECONDARY_RATE_LIMIT, retry_after=100)
        gw.get_pull(number)  # one wait of 100 s, then the answer
    fakehub.inject("GET", r"/pulls/\d+$", fault=Fault.SECONDARY_RATE_LIMIT, retry_after=100)
    with pytest.raises(GitHubUnavailable, match="run's 240s budget"):
        gw.get_pull(number)
    assert fake_sleep.calls == [100, 100]
    assert RetryPolicy().max_total_wait < 10 * 60


@pytest.mark.parametrize("applied", [True, False], ids=["applied", "not-applied"])
def test_an_ambiguous_check_run_create_is_looked_up_by_its_external_id(
    fakehub: FakeHub, gw: Gateway, fake_sleep: FakeSleep, applied: bool
) -> None:
    number = fakehub.open_pull(REPO, "janedoe", nomination())
    sha = fakehub.pull(REPO, number).head_sha
    fakehub.inject("POST", r"/check-runs$", fault=Fault.SERVER_ERROR, after_apply=applied)
    made = gw.create_check_run(
        "nomination", sha, conclusion="success", title="t", summary="s", external_id="pr-1-0123456789abcdef"
    )
    runs = [r for r in fakehub.check_runs(REPO, sha) if r.name == "nomination"]
    assert [r.id for r in runs] == [made]  # exactly one, whichever attempt made it
    assert runs[0].external_id == "pr-1-0123456789abcdef"
    posts = [r for r in fakehub.requests if r.method == "POST" and r.path.endswith("/check-runs")]
    assert len(posts) == (1 if applied else 2)
