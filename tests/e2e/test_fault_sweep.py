"""Every GitHub request of a PR check and of a sync fails once, in turn, and the bot still converges.

For each scenario the operation is first run cleanly on a fresh stand-in and its request sequence is
recorded from the stand-in's request log. Then, for every request i of that sequence and every fault kind
that applies to it, a fresh stand-in is brought to the same starting state, the fault is injected at
exactly that request (same method, same path, the right `nth`), the operation runs (it may finish, or
stop with exit code 3), and then runs again without faults. The test asserts:

* the fault fired at request i and nowhere else;
* the faulty run exits with the clean run's code or 3 ("GitHub unavailable, nothing is claimed valid");
  when it exits with the clean code, it already left exactly the clean end state (a run that says it is
  done is done);
* a failed read before the first write leaves no write behind (no verdict from partial facts);
* after the re-run, GitHub shows the clean run's end state: the same labels, one report comment with the
  same text, the same announcement issues and comments (no duplicate, nothing lost), the same check-run
  conclusion — and the same number of check runs, with one documented exception.

The exception: a check run cannot be looked up again (our API subset has no "list check runs"), so the
gateway never repeats an ambiguous create, and the report comment records the check run's id. When a run
created its check run but stopped before the report comment recorded it (a lost answer to the create, or
GitHub failing on the report write that follows), the re-run creates a second check run for the same head
commit with the same name, verdict and `external_id`. That is tolerable: GitHub shows, and branch
protection's required check uses, the most recent check run of a name on a commit, and both carry the same
conclusion computed from the same facts. The test allows exactly one extra check run, exactly in that case,
identical to the clean one.

The kinds: a 500, a dropped connection, a secondary rate limit (403 with Retry-After: 60, more than the
retry budget, so the run stops at once rather than sleep), a lost answer (a write GitHub applied whose
answer never arrived), and a 404 on editing a comment (the comment was just deleted). The PR command and
sync wait only briefly between retries against a loopback stand-in, so the sweep takes seconds.
`sweep_totals()` counts the fault points (printed by `test_fault_sweep_totals`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from bot.config.timeline import parse_instant
from bot.github.gateway import Gateway
from election_bot_demo.fakehub import FakeHub, Fault, RequestRecord
from tests.helpers.sync_site import ELECTION_ID, ELECTION_YAML, Site
from tests.helpers.world import IN_WINDOW, REPO, World, _world

pytestmark = pytest.mark.slow  # docs/development/testing.md: The fast lane

OPEN = "2026-07-28T14:00:00Z"
NEXT_DAY = "2026-07-29T00:00:00Z"
CUTOFF = "2026-08-11T14:00:00Z"
EXIT_UNAVAILABLE = 3


# -- fault kinds ------------------------------------------------------------------------------------------


def _any(method: str, path: str) -> bool:
    return True


def _write(method: str, path: str) -> bool:
    return method != "GET"


def _comment_edit(method: str, path: str) -> bool:
    return method == "PATCH" and re.fullmatch(r"/repos/[^/]+/[^/]+/issues/comments/\d+", path) is not None


@dataclass(frozen=True)
class Kind:
    name: str
    fault: Fault
    applies: Callable[[str, str], bool]
    after_apply: bool = False


KINDS = [
    Kind("500", Fault.SERVER_ERROR, _any),
    Kind("drop", Fault.DROP, _any),
    Kind("secondary-rate-limit", Fault.SECONDARY_RATE_LIMIT, _any),
    Kind("lost-answer", Fault.DROP, _write, after_apply=True),
    Kind("404-comment-edit", Fault.NOT_FOUND, _comment_edit),
]
KIND = {k.name: k for k in KINDS}


# -- a fresh stand-in in a scenario's starting state ---------------------------------------------------------


@dataclass
class Context:
    tmp_path: Path
    monkeypatch: pytest.MonkeyPatch
    capsys: pytest.CaptureFixture[str]
    made: int = 0

    def fresh_dir(self) -> Path:
        self.made += 1
        folder = self.tmp_path / f"stage-{self.made}"
        folder.mkdir()
        return folder


@dataclass
class Stage:
    """One fresh stand-in, set up; `operate` runs the operation under test and returns its exit code."""

    hub: FakeHub
    operate: Callable[[], int]
    snapshot: Callable[[], dict[str, Any]]
    checks: Callable[[], list[tuple[str | None, str | None, str | None]]]
    requests: list[RequestRecord] = field(default_factory=list)


def _normal(body: str) -> str:
    return re.sub(r"\bcheck=\d+", "check=N", body)


def _pr_stage(ctx: Context, hub: FakeHub, setup: Callable[[World], int]) -> Stage:
    world = _world(hub, ctx.fresh_dir(), ctx.monkeypatch, ctx.capsys)
    world.create_labels()
    number = setup(world)

    def operate() -> int:
        run = world.run()
        assert "Traceback" not in run.err, run.err
        stage.requests = run.requests
        return run.code

    def snapshot() -> dict[str, Any]:
        comments = hub.comments(REPO, number)
        return {
            "labels": sorted(hub.pull(REPO, number).labels),
            "repo labels": sorted((lb.name, lb.color, lb.description) for lb in hub.labels(REPO)),
            "bot comments": sorted(_normal(c.body) for c in comments if c.author == FakeHub.BOT_LOGIN),
            "other comments": [(c.id, c.author, c.body) for c in comments if c.author != FakeHub.BOT_LOGIN],
            "issues": [(i.number, i.title) for i in hub.issues(REPO)],
        }

    def checks() -> list[tuple[str | None, str | None, str | None]]:
        sha = hub.pull(REPO, number).head_sha
        return [(c.conclusion, c.title, c.external_id) for c in hub.check_runs(REPO, sha)]

    stage = Stage(hub, operate, snapshot, checks)
    return stage


def _sync_stage(ctx: Context, hub: FakeHub, setup: Callable[[Site], None], at: str) -> Stage:
    root = ctx.fresh_dir() / "checkout"
    (root / "nominations" / ELECTION_ID).mkdir(parents=True)
    (root / "nominations" / ELECTION_ID / "election.yaml").write_text(ELECTION_YAML)
    mp = ctx.monkeypatch
    mp.chdir(root)
    mp.setenv("GITHUB_API_URL", hub.url)
    mp.setenv("GITHUB_TOKEN", FakeHub.BOT_TOKEN)
    mp.setenv("GITHUB_REPOSITORY", REPO)
    for name in ("GITHUB_EVENT_PATH", "ELECTION_BOT_LOGIN"):
        mp.delenv(name, raising=False)
    site = Site(hub, root)
    setup(site)

    def operate() -> int:
        hub.reset_log()
        code = site.sync(at)
        stage.requests = hub.requests
        return code

    def snapshot() -> dict[str, Any]:
        issues = hub.issues(REPO, include_pulls=True)
        return {
            "issues": [
                (i.number, i.title, i.body, i.author, i.state, i.state_reason, i.labels) for i in issues
            ],
            "comments": {
                i.number: [(c.author, c.body) for c in hub.comments(REPO, i.number)] for i in issues
            },
            "repo labels": sorted((lb.name, lb.color, lb.description) for lb in hub.labels(REPO)),
        }

    stage = Stage(hub, operate, snapshot, list)
    return stage


# -- the scenarios ----------------------------------------------------------------------------------------


def _valid_self_nomination(world: World) -> int:
    world.set_roster(janedoe="fellow")
    number = world.nominate("janedoe")
    world.pr_event(number)
    return number


def _consent_by_comment(world: World) -> int:
    world.set_roster(carol="fellow")
    world.user("carol")
    number = world.nominate("bob", "carol")
    world.pr_event(number)
    assert world.run().code == 1  # awaiting consent: the report comment exists
    world.comment(number, "carol", "Happy to stand.\n\n/consent")
    return number


def _admin_verifies(world: World) -> int:
    world.hub.set_permission(REPO, "anadmin", "write")
    number = world.nominate("janedoe")
    world.pr_event(number)
    assert world.run().code == 1  # membership unverified: no directory
    world.comment(number, "anadmin", "Checked on psfmember.org.\n\n/verify-membership fellow")
    return number


def _nothing(site: Site) -> None:
    pass


def _opened(site: Site) -> None:
    assert site.sync(OPEN) == 0
    site.nominate("ada-example", "Ada Example")


def _at_cutoff(site: Site) -> None:
    _opened(site)
    for login, created in (("early-bird", "2026-08-10T00:00:00Z"), ("late-comer", CUTOFF)):
        site.hub.open_pull(
            REPO,
            login,
            {f"nominations/{ELECTION_ID}/{login}.md": b"---\nname: x\n---\n"},
            created_at=parse_instant(created),
            labels=["nomination"],
        )


@dataclass(frozen=True)
class Scenario:
    name: str
    build: Callable[[Context, FakeHub], Stage]
    clean_code: int
    kinds: tuple[str, ...]


_ALL_BUT_EDIT = ("500", "drop", "secondary-rate-limit", "lost-answer")
SCENARIOS = [
    Scenario(
        "pr-valid-self-nomination",
        lambda ctx, hub: _pr_stage(ctx, hub, _valid_self_nomination),
        0,
        _ALL_BUT_EDIT,
    ),
    Scenario(
        "pr-consent-comment",
        lambda ctx, hub: _pr_stage(ctx, hub, _consent_by_comment),
        0,
        (*_ALL_BUT_EDIT, "404-comment-edit"),
    ),
    Scenario(
        "pr-admin-verifies",
        lambda ctx, hub: _pr_stage(ctx, hub, _admin_verifies),
        0,
        (*_ALL_BUT_EDIT, "404-comment-edit"),
    ),
    Scenario("sync-phase-start", lambda ctx, hub: _sync_stage(ctx, hub, _nothing, OPEN), 0, _ALL_BUT_EDIT),
    Scenario("sync-list-update", lambda ctx, hub: _sync_stage(ctx, hub, _opened, NEXT_DAY), 0, _ALL_BUT_EDIT),
    Scenario("sync-cutoff", lambda ctx, hub: _sync_stage(ctx, hub, _at_cutoff, CUTOFF), 0, _ALL_BUT_EDIT),
]
SCENARIO = {s.name: s for s in SCENARIOS}


# -- running ----------------------------------------------------------------------------------------------


@contextmanager
def fresh_hub() -> Iterator[FakeHub]:
    with FakeHub(now=IN_WINDOW) as hub:  # a fixed clock before the first commit: the same shas every time
        hub.add_repo(REPO, default_branch="main")
        yield hub
        errors = hub.internal_errors
    assert not errors, f"the GitHub stand-in failed internally: {errors!r}"


@dataclass(frozen=True)
class Clean:
    code: int
    sequence: list[tuple[str, str]]
    snapshot: dict[str, Any]
    checks: list[tuple[str | None, str | None, str | None]]

    @property
    def first_write(self) -> int:
        return next((i for i, (method, _) in enumerate(self.sequence) if method != "GET"), len(self.sequence))


def clean_run(ctx: Context, scenario: Scenario) -> Clean:
    with fresh_hub() as hub:
        stage = scenario.build(ctx, hub)
        code = stage.operate()
        assert code == scenario.clean_code
        assert all(r.fault is None for r in stage.requests)
        sequence = [(r.method, r.path) for r in stage.requests]
        clean = Clean(code, sequence, stage.snapshot(), stage.checks())
        assert stage.operate() == code  # and a second run changes nothing
        assert stage.snapshot() == clean.snapshot and stage.checks() == clean.checks
        assert [r for r in stage.requests if r.is_write] == []
    return clean


def points(clean: Clean, kind: Kind) -> list[int]:
    return [i for i, (method, path) in enumerate(clean.sequence) if kind.applies(method, path)]


def _orphaned_check_run(requests: list[RequestRecord], injected: int, kind: Kind) -> bool:
    """Did this run create a check run GitHub kept, without a report comment recording it afterwards?"""
    created = None
    for i, r in enumerate(requests):
        applied = (r.status is not None and 200 <= r.status < 300) or (i == injected and kind.after_apply)
        if r.method == "POST" and r.path.endswith("/check-runs") and applied:
            created = i
        report = re.search(r"/issues/\d+/comments$|/issues/comments/\d+$", r.path) is not None
        if created is not None and i > created and r.method in ("POST", "PATCH") and report and applied:
            created = None
    return created is not None


def try_point(ctx: Context, scenario: Scenario, clean: Clean, kind: Kind, index: int) -> None:
    method, path = clean.sequence[index]
    nth = clean.sequence[:index].count((method, path)) + 1
    where = f"{scenario.name}: {kind.name} at request {index} ({method} {path}, nth={nth})"
    with fresh_hub() as hub:
        stage = scenario.build(ctx, hub)
        hub.inject(
            method,
            "^" + re.escape(path) + "$",
            nth=nth,
            fault=kind.fault,
            after_apply=kind.after_apply,
            retry_after=60,
        )
        code = stage.operate()
        faulty = stage.requests
        fired = [i for i, r in enumerate(faulty) if r.fault is not None]
        assert hub.pending_faults() == [] and fired == [index], where
        assert (faulty[index].method, faulty[index].path) == (method, path), where
        assert code in (clean.code, EXIT_UNAVAILABLE), f"{where}: exit {code}"
        if code == clean.code:  # a run that says it finished, finished
            assert stage.snapshot() == clean.snapshot, where
            assert stage.checks() == clean.checks, where
        elif method == "GET" and index < clean.first_write:  # no verdict from partial facts
            assert [r for r in faulty if r.is_write] == [], where
        orphan = _orphaned_check_run(faulty, index, kind)
        assert stage.operate() == clean.code, where
        assert [r.fault for r in stage.requests] == [None] * len(stage.requests)
        assert stage.snapshot() == clean.snapshot, where
        expected = clean.checks + clean.checks[-1:] if orphan else clean.checks
        assert stage.checks() == expected, where


def sweep_totals(ctx: Context) -> dict[tuple[str, str], int]:
    """Fault points per (scenario, kind): one fresh stand-in each, in the sweep below."""
    totals: dict[tuple[str, str], int] = {}
    for scenario in SCENARIOS:
        clean = clean_run(ctx, scenario)
        for kind in KINDS:
            n = len(points(clean, kind))
            if kind.name in scenario.kinds:
                assert n > 0, f"{scenario.name} makes no request a {kind.name} applies to"
                totals[(scenario.name, kind.name)] = n
            else:
                assert n == 0, f"{scenario.name} makes {n} requests a {kind.name} applies to; sweep them"
    return totals


@pytest.fixture
def ctx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Context:
    return Context(tmp_path, monkeypatch, capsys)


@pytest.mark.parametrize(
    ("scenario_name", "kind_name"),
    [(s.name, k) for s in SCENARIOS for k in s.kinds],
)
def test_every_request_fails_once_in_turn_and_the_bot_converges(
    ctx: Context, scenario_name: str, kind_name: str
) -> None:
    scenario, kind = SCENARIO[scenario_name], KIND[kind_name]
    clean = clean_run(ctx, scenario)
    tried = points(clean, kind)
    assert tried, f"{scenario.name} makes no request a {kind.name} applies to"
    for index in tried:
        try_point(ctx, scenario, clean, kind, index)


@pytest.mark.parametrize("scenario_name", ["pr-consent-comment", "pr-admin-verifies"])
def test_a_report_comment_deleted_just_before_the_bot_edits_it(
    ctx: Context, monkeypatch: pytest.MonkeyPatch, scenario_name: str
) -> None:
    """Not an injected 404: someone really deletes the report comment between the bot's read and its edit.
    The run stops (exit 3, GitHub's state changed under it); the re-run posts a new report comment and,
    since the deleted comment held the check run's id, a second check run with the same verdict. The deleted
    comment also held the bot's record of when GitHub showed each head (`bot.nominations.record`): the new report
    starts from what the re-run itself sees, so its evidence line may differ, never its verdict."""
    scenario = SCENARIO[scenario_name]
    clean = clean_run(ctx, scenario)
    with fresh_hub() as hub:
        stage = scenario.build(ctx, hub)
        real_edit = Gateway.edit_issue_comment

        def deleted_first(self: Gateway, comment_id: int, body: str) -> Any:
            hub.delete_comment(REPO, comment_id)
            return real_edit(self, comment_id, body)

        with monkeypatch.context() as patch:
            patch.setattr(Gateway, "edit_issue_comment", deleted_first)
            assert stage.operate() == EXIT_UNAVAILABLE
        assert [(r.method, r.status) for r in stage.requests if _comment_edit(r.method, r.path)] == [
            ("PATCH", 404)
        ]
        assert stage.operate() == clean.code
        after, before = stage.snapshot(), dict(clean.snapshot)
        assert len(after.pop("bot comments")) == len(before.pop("bot comments"))
        assert after == before
        verdicts = [(conclusion, title) for conclusion, title, _ in stage.checks()]
        clean_verdicts = [(conclusion, title) for conclusion, title, _ in clean.checks]
        assert verdicts == clean_verdicts + clean_verdicts[-1:]


def test_fault_sweep_totals(ctx: Context) -> None:
    """`uv run pytest tests/e2e/test_fault_sweep.py -k totals -s` shows the numbers."""
    totals = sweep_totals(ctx)
    lines = ["fault points (each on a fresh stand-in, then a clean re-run):"]
    for scenario in SCENARIOS:
        row = {k: n for (s, k), n in totals.items() if s == scenario.name}
        listed = ", ".join(f"{name} {n}" for name, n in row.items())
        lines.append(f"  {scenario.name}: {sum(row.values())} ({listed})")
    lines.append(f"  total: {sum(totals.values())}, plus 2 real deletions of the report comment")
    print("\n".join(lines))
    assert set(totals) == {(s.name, k) for s in SCENARIOS for k in s.kinds}
    threats = Path(__file__).resolve().parents[2] / "docs" / "security" / "threat-model.md"
    security = threats.read_text(encoding="utf-8")
    assert f"the fault sweep fails **{sum(totals.values())}** requests" in security.replace("\n", " ")
