"""A burst at the cut-off (issue 27, Acceptance; issue 28 item 9): 40 nomination pull requests, pushes in the
last minute before the cut-off, their runs queued behind slow runs, a stranger commenting after the cut-off
on every one of them, then the cut-off pass.

Runs are queued per pull request as the stand-in repository's committed workflow files say
(tests/helpers/checkruns.py reads each job's `concurrency:` from them), and each runs with the check job's
own token. With this repository's workflows (`queue: max` on both jobs of the check) no run is replaced, so
every push made before the cut-off is judged on time, and after the cut-off pass every report and check run
says what is true (without a re-run: the pass only labels and records). With `queue: single` (GitHub's default) the stranger's comment replaces the pending run
of the last push before the cut-off, the only record of when it was made, and that nomination is judged
late: the second test, which is why the first one can fail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from bot.cli import main
from bot.config.timeline import format_utc
from tests.helpers.checkruns import CheckQueue
from tests.helpers.repo import ROOT
from tests.helpers.world import CUTOFF, ELECTION_DIR, IN_WINDOW, REPO, World, nomination_md

pytestmark = pytest.mark.slow  # about 200 runs of the check

PULLS = 40
# fix: opened without a statement, fixed in the last minute; moved: opened with the file outside the
# election's folder, moved into it in the last minute (its first proposal: the push is the only evidence);
# plain: valid, edited in the last minute; broken: its last push before the cut-off fixes nothing;
# late: moved into the folder ten seconds after the cut-off (judged late, whatever the queue).
KINDS = ("fix", "moved", "plain", "broken", "late")
QUEUE_MAX = "      queue: max\n"


@dataclass(frozen=True)
class Nomination:
    number: int
    login: str
    kind: str

    @property
    def path(self) -> str:
        return f"{ELECTION_DIR}/{self.login}.md"


def without_statement(login: str) -> bytes:
    front, _, _ = nomination_md(login).rpartition(b"---\n")
    return front + b"---\n"


def opened_file(n: Nomination) -> tuple[str, bytes]:
    if n.kind in ("moved", "late"):
        return f"nominations/{n.login}.md", nomination_md(n.login)
    if n.kind in ("fix", "broken"):
        return n.path, without_statement(n.login)
    return n.path, nomination_md(n.login)


def first_push(n: Nomination) -> dict[str, bytes | None]:
    """At the cut-off minus 90 s: a change that leaves the problem where it was (its run is slow)."""
    path, content = opened_file(n)
    return {path: content.replace(b"Example Corporation", b"Example Corp.")}


def last_push(n: Nomination) -> dict[str, bytes | None]:
    """The push that matters: the fix, the move into the folder, an edit; `broken` fixes nothing."""
    if n.kind in ("moved", "late"):
        return {f"nominations/{n.login}.md": None, n.path: nomination_md(n.login)}
    if n.kind == "broken":
        return {n.path: without_statement(n.login).replace(b"Staff Engineer", b"Engineer")}
    return {n.path: nomination_md(n.login, name="Jane Q. Example")}


def burst(world: World, monkeypatch: pytest.MonkeyPatch) -> tuple[CheckQueue, list[Nomination]]:
    hub = world.hub
    runs = CheckQueue(world, monkeypatch)
    logins = [f"nominee{i:02d}" for i in range(PULLS)]
    world.set_roster(**dict.fromkeys(logins, "fellow"))
    for login in logins:
        hub.add_label(
            REPO, f"nominee:{login}"
        )  # (the check job may not create labels: test_label_refusal.py)

    hub.now = IN_WINDOW
    pulls: list[Nomination] = []
    for i, login in enumerate(logins):
        draft = Nomination(0, login, KINDS[i % len(KINDS)])
        path, content = opened_file(draft)
        number = world.nominate(login, path=path, content=content)
        pulls.append(Nomination(number, login, draft.kind))
        world.pr_event(number)
        runs.deliver(number)
        runs.finish(number)

    hub.now = CUTOFF - timedelta(seconds=90)  # slow runs start
    for n in pulls:
        hub.push_to_pull(REPO, n.number, first_push(n))
        world.pr_event(n.number, "synchronize")
        runs.deliver(n.number)
    for n in pulls:  # the last minute: each push's run waits behind its pull request's slow run
        if n.kind != "late":
            hub.advance(timedelta(seconds=1))
            hub.push_to_pull(REPO, n.number, last_push(n))
            world.pr_event(n.number, "synchronize")
            runs.deliver(n.number)
    assert hub.now < CUTOFF
    hub.now = CUTOFF + timedelta(seconds=10)
    for n in pulls:
        if n.kind == "late":
            hub.push_to_pull(REPO, n.number, last_push(n))
            world.pr_event(n.number, "synchronize")
            runs.deliver(n.number)
    hub.now = CUTOFF + timedelta(seconds=30)  # a stranger comments on every one of them
    for n in pulls:
        world.comment(n.number, "stranger", "/consent")
        runs.deliver(n.number)
    hub.now = CUTOFF + timedelta(seconds=60)  # the slow runs finish: the waiting ones start, one by one
    runs.drain()

    hub.now = CUTOFF + timedelta(minutes=4)  # the timer's cut-off pass, with its own job's token
    timer = hub.token_for_job(REPO, "phases-timer.yml", "phases/sync", event="schedule")
    monkeypatch.setenv("GITHUB_TOKEN", timer.token)
    world.raw_event(
        "schedule", {"schedule": "4,14,24,34,44,54 * * * *", "repository": {"default_branch": "main"}}
    )
    world.capsys.readouterr()
    assert main(["sync", "--at", format_utc(hub.now)]) == 0
    hub.now = CUTOFF + timedelta(minutes=5)
    # It labels and records; it starts no run (issue 28: a re-run per open pull request was the hour's
    # costliest moment): each report already says what happens to a nomination not ready by the cut-off.
    assert runs.dispatched() == []
    runs.drain()
    return runs, pulls


def test_every_push_before_the_cut_off_is_on_time_and_every_report_is_true(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    world.hub.add_workflows(REPO, ROOT)
    assert QUEUE_MAX in (ROOT / ".github/workflows/reusable-nomination-check.yml").read_text()
    runs, pulls = burst(world, monkeypatch)
    assert runs.check is not None and runs.check.queue == "max"
    assert runs.target is not None and runs.target.queue == "max"
    assert runs.cancelled() == []
    # Every delivery ran: opened, two pushes (`late`: one before the cut-off, one after), the comment.
    assert len(runs.executed) == PULLS * 4

    for n in pulls:
        labels, report = world.labels(n.number), world.report(n.number)
        head = world.hub.pull(REPO, n.number).head_sha
        assert f"sha={head}" in report, n  # the report is about the head as it is
        assert world.checks(n.number), n  # and so is a check run
        assert "open-at-cutoff" in labels or "late" in labels, (n, labels)
        if n.kind == "late":
            assert "late" in labels and "WIN002" in report, n
            assert world.conclusion(n.number) == "failure", n
            continue
        assert "late" not in labels and "WIN002" not in report and "WIN003" not in report, (n, labels)
        if n.kind == "broken":
            assert world.conclusion(n.number) == "failure", n
            # Said before the cut-off and still true after it: nothing to re-run for.
            assert "NOM011" in report and "not ready by then goes to the election administrators" in report, n
        else:
            assert world.conclusion(n.number) == "success", n
            assert "ready-for-review" in labels, (n, labels)
    moved = [n for n in pulls if n.kind == "moved"]
    assert all("(GitHub's time of the push)" in world.report(n.number) for n in moved)


def test_with_the_default_queue_the_same_burst_loses_a_push_made_in_time(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`queue: single`: the stranger's comment replaces each pending push run; where that push was the first
    proposal of the nomination, nothing else says when it was made, and it is judged late."""
    text = (ROOT / ".github/workflows/reusable-nomination-check.yml").read_text()
    world.hub.add_workflows(REPO, ROOT)
    world.hub.add_workflows(REPO, {"reusable-nomination-check.yml": text.replace(QUEUE_MAX, "")})
    runs, pulls = burst(world, monkeypatch)
    assert runs.check is not None and runs.check.queue == "single"
    replaced = {d.number for d in runs.cancelled() if d.name == "pull_request_target"}
    assert replaced == {n.number for n in pulls}
    lost = [n for n in pulls if n.kind == "moved"]
    for n in lost:
        assert "late" in world.labels(n.number) and "WIN002" in world.report(n.number), n
