"""`election-bot doctor` against the stand-in (issue 27): a well-configured repository is ready (exit 0,
read-only, at most ~25 requests); each item fails on its own in a repository misconfigured in that one way,
with its fix."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli import main
from bot.config.workflows import PHASES_TIMER, Pin, caller_workflows
from bot.text.labels import FIXED
from election_bot_demo.fakehub import FakeHub
from tests.helpers.repo import REPO
from tests.helpers.world import SOURCE_CONFIG

SHA = "0123456789abcdef0123456789abcdef01234567"
NOW = datetime(2027, 2, 1, 9, 0, tzinfo=UTC)  # a month before the next election's nominations
ELECTION = "sample-2027"
ADMIN_ID = "  - login: sample-admin\n    id: 4242\n"


def config(*, admin_id: bool = True, draw: bool = True, year: str = "2027") -> str:
    text = SOURCE_CONFIG.read_text().replace("2026", year)
    if admin_id:
        text = text.replace("  - login: sample-admin\n", ADMIN_ID)
    if not draw:
        start = text.index("\ndraw:\n")
        end = text.find("\n", text.index("pattern:", start))
        text = text[:start] + text[end:]
        assert "draw:" not in text
    return text


class Doctor:
    def __init__(self, hub: FakeHub, root: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.hub, self.root, self.capsys = hub, root, capsys

    def run(self) -> tuple[int, str]:
        self.capsys.readouterr()
        self.hub.reset_log()
        code = main(["--repo", str(self.root), "doctor", "--at", NOW.strftime("%Y-%m-%dT%H:%M:%SZ")])
        out = self.capsys.readouterr().out
        assert self.hub.writes() == []  # read-only, always
        assert self.hub.count() <= 25
        return code, out


@pytest.fixture
def doctor(
    fakehub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., Doctor]:
    """A well-configured repository; `setup(**changes)` breaks one thing first."""

    def setup(
        *,
        private: bool = False,
        workflows: dict[str, str | None] | None = None,
        labels: bool = True,
        **cfg: object,
    ) -> Doctor:
        repo = REPO
        if private:
            repo = "pypa/private-elections"
            fakehub.add_repo(repo, private=True)
        fakehub.now = NOW - timedelta(days=1)
        files = caller_workflows(Pin("pypa/elections", SHA, "1.4.0"))
        for name, text in (workflows or {}).items():
            files[f".github/workflows/{name}"] = text  # type: ignore[assignment]
        fakehub.commit(repo, "main", {p: t.encode() for p, t in files.items() if t is not None})
        if labels:
            for label in FIXED.values():
                fakehub.add_label(repo, label.name, label.color, label.description)
        root = tmp_path / "checkout"
        folder = root / "nominations" / f"sample-{cfg.get('year', '2027')}"
        folder.mkdir(parents=True)
        (folder / "election.yaml").write_text(config(**cfg))  # type: ignore[arg-type]
        fakehub.now = NOW
        monkeypatch.setenv("GITHUB_API_URL", fakehub.url)
        monkeypatch.setenv("GITHUB_REPOSITORY", repo)
        monkeypatch.setenv("GITHUB_TOKEN", fakehub.token_for("sample-admin"))
        fakehub.set_permission(repo, "sample-admin", "admin")
        return Doctor(fakehub, root, capsys)

    return setup


def test_a_well_configured_repository_is_ready(doctor: Callable[..., Doctor]) -> None:
    code, out = doctor().run()
    assert code == 0, out
    assert "✗" not in out and out.count("✓") == 8
    assert "? check by hand" in out  # what it cannot see yet is never claimed
    assert "ready;" in out


def _fails(doctor: Doctor, item: str, *words: str) -> str:
    code, out = doctor.run()
    assert code == 1, out
    failed = [line for line in out.splitlines() if line.startswith("✗")]
    assert len(failed) == 1 and failed[0].startswith(f"✗ {item}"), out
    for word in words:
        assert word in failed[0], failed[0]
    assert " — fix: " in failed[0]
    return failed[0]


def test_a_private_repository(doctor: Callable[..., Doctor]) -> None:
    _fails(doctor(private=True), "repository public", "paid plan", "Change visibility")


def test_a_missing_caller(doctor: Callable[..., Doctor]) -> None:
    _fails(doctor(workflows={PHASES_TIMER: None}), "callers present", "phases-timer.yml", "--bot-ref")


def test_a_caller_pinned_to_a_tag(doctor: Callable[..., Doctor]) -> None:
    text = caller_workflows(Pin("pypa/elections", "v1.4.0"))[".github/workflows/phases.yml"]
    _fails(doctor(workflows={"phases.yml": text}), "callers present", "not pinned", "`phases.yml`")


def test_a_disabled_timer(doctor: Callable[..., Doctor]) -> None:
    d = doctor()
    d.hub.disable_workflow(REPO, PHASES_TIMER)
    _fails(d, "every workflow enabled", "disabled_manually", "gh workflow enable phases-timer.yml")


def test_missing_labels(doctor: Callable[..., Doctor]) -> None:
    _fails(doctor(labels=False), "labels present", "`nomination`", "labels --apply")


def test_a_timeline_in_the_past(doctor: Callable[..., Doctor]) -> None:
    _fails(doctor(year="2026"), "timeline in the future", "has ended")


def test_no_draw_source(doctor: Callable[..., Doctor]) -> None:
    _fails(doctor(draw=False), "draw sources set", "`sample-2027`")


def test_an_admin_without_an_id(doctor: Callable[..., Doctor]) -> None:
    _fails(doctor(admin_id=False), "admins pinned by numeric id", "`sample-admin`", "gh api users")


def test_an_invalid_config(doctor: Callable[..., Doctor]) -> None:
    d = doctor()
    path = d.root / "nominations" / ELECTION / "election.yaml"
    path.write_text(path.read_text().replace("seats: 3", "seats: three"))
    code, out = d.run()
    assert code == 1 and "✗ election configs valid:" in out and "election-bot validate" in out


def test_the_benchmark_counts_a_ready_repositorys_requests() -> None:
    from tools.benchmarks import doctor as bench

    numbers = bench.measure()
    assert 0 < numbers["doctor_requests"] <= 25 and numbers["doctor_writes"] == 0
