"""`election-bot doctor` against the stand-in (issue 27): a well-configured repository is ready (exit 0,
read-only, at most ~25 requests); each item fails on its own in a repository misconfigured in that one way,
with its fix."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli import main
from bot.config.workflows import (
    ENVIRONMENT,
    PHASES_TIMER,
    ROSTER_SECRET_NAME,
    SERVICE_SECRET_NAMES,
    Pin,
    caller_workflows,
)
from bot.nominations.constants import CHECK_APP_ID, CHECK_NAME
from bot.text.labels import FIXED
from election_bot_demo.fakehub import FakeHub
from tests.helpers.repo import REPO
from tests.helpers.world import SOURCE_CONFIG

BOT = "psf/election-bot"  # the bot's repository the callers pin, another owner's
SHA = "0123456789abcdef0123456789abcdef01234567"
NOW = datetime(2027, 2, 1, 9, 0, tzinfo=UTC)  # a month before the next election's nominations
ELECTION = "sample-2027"
ADMIN_ID = "  - login: sample-admin\n    id: 4242\n"


SITE = "https://pypa.github.io/elections/"


def config(*, admin_id: bool = True, draw: bool = True, year: str = "2027", site: bool = True) -> str:
    text = SOURCE_CONFIG.read_text().replace("2026", year)
    if site:
        text += f"site: {SITE}\n"
    if admin_id:
        text = text.replace("  - login: sample-admin\n", ADMIN_ID)
    if not draw:
        start = text.index("\ndraw:\n")
        end = text.find("\n", text.index("pattern:", start))
        text = text[:start] + text[end:]
        assert "draw:" not in text
    return text


class Doctor:
    def __init__(
        self, hub: FakeHub, root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        self.hub, self.root, self.capsys, self.monkeypatch = hub, root, capsys, monkeypatch

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
        files = caller_workflows(Pin(BOT, SHA, "1.4.0"))
        for name, text in (workflows or {}).items():
            files[f".github/workflows/{name}"] = text  # type: ignore[assignment]
        fakehub.commit(repo, "main", {p: t.encode() for p, t in files.items() if t is not None})
        if labels:
            for label in FIXED.values():
                fakehub.add_label(repo, label.name, label.color, label.description)
        # The settings as the admin guide has them (each test below breaks one).
        fakehub.add_environment(repo, ENVIRONMENT, branches=["main"], secrets=[ROSTER_SECRET_NAME])
        fakehub.add_ruleset(repo, [(CHECK_NAME, CHECK_APP_ID)])
        fakehub.set_pages(repo, "workflow")
        root = tmp_path / "checkout"
        folder = root / "nominations" / f"sample-{cfg.get('year', '2027')}"
        folder.mkdir(parents=True)
        (folder / "election.yaml").write_text(config(**cfg))  # type: ignore[arg-type]
        fakehub.now = NOW
        monkeypatch.setenv("GITHUB_API_URL", fakehub.url)
        monkeypatch.setenv("GITHUB_REPOSITORY", repo)
        monkeypatch.setenv("GITHUB_TOKEN", fakehub.token_for("sample-admin"))
        fakehub.set_permission(repo, "sample-admin", "admin")
        return Doctor(fakehub, root, capsys, monkeypatch)

    return setup


def test_a_well_configured_repository_is_ready(doctor: Callable[..., Doctor]) -> None:
    code, out = doctor().run()
    assert code == 0, out
    assert "✗" not in out and out.count("✓") == 13
    assert "could not check" not in out and "ready;" in out


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


# -- the repository's settings (handlers/settings.py: GitHub's answers about them) ---------------------------


def test_no_environment(doctor: Callable[..., Doctor]) -> None:
    d = doctor()
    d.hub.add_environment(REPO, "other", branches=["main"], secrets=[ROSTER_SECRET_NAME])
    d.hub.delete_environment(REPO, ENVIRONMENT)
    code, out = d.run()
    assert code == 1, out
    failed = [line for line in out.splitlines() if line.startswith("✗")]
    assert [line.split(":")[0] for line in failed] == [
        "✗ environment admits only the default branch",
        "✗ environment holds the membership secrets",
    ], out
    assert "there is no environment `election-bot`" in failed[0] and "New environment" in failed[0]


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({}, "every branch may use it"),
        ({"protected_branches": True}, "every protected branch may use it"),
        ({"branches": ["main", "release/*"]}, "`release/*`"),
    ],
    ids=["no-policy", "protected-branches", "another-pattern"],
)
def test_an_environment_open_to_other_branches(
    doctor: Callable[..., Doctor], kwargs: dict[str, object], words: str
) -> None:
    d = doctor()
    d.hub.add_environment(REPO, ENVIRONMENT, secrets=[ROSTER_SECRET_NAME], **kwargs)  # type: ignore[arg-type]
    _fails(d, "environment admits only the default branch", words, "Selected branches and tags")


def test_an_environment_without_the_secrets(doctor: Callable[..., Doctor]) -> None:
    d = doctor()
    d.hub.add_environment(REPO, ENVIRONMENT, branches=["main"], secrets=[SERVICE_SECRET_NAMES[0]])
    _fails(
        d,
        "environment holds the membership secrets",
        "only `ELECTION_BOT_MEMBERSHIP_URL`",
        ROSTER_SECRET_NAME,
    )


def test_the_service_secrets_are_enough(doctor: Callable[..., Doctor]) -> None:
    d = doctor()
    d.hub.add_environment(REPO, ENVIRONMENT, branches=["main"], secrets=list(SERVICE_SECRET_NAMES))
    code, out = d.run()
    assert code == 0, out


def test_a_check_required_from_any_app(doctor: Callable[..., Doctor]) -> None:
    d = doctor()
    d.hub.clear_rulesets(REPO)
    d.hub.add_ruleset(REPO, [(CHECK_NAME, None)])
    _fails(d, "default branch requires the check", "from any app", "GitHub Actions")


def test_no_required_check(doctor: Callable[..., Doctor]) -> None:
    d = doctor()
    d.hub.clear_rulesets(REPO)
    d.hub.add_ruleset(REPO, [(CHECK_NAME, CHECK_APP_ID)], enforcement="evaluate")  # not enforced: no rule
    _fails(d, "default branch requires the check", "nothing requires `nomination`", "Rulesets")


def test_branch_protection_may_require_the_check_instead(doctor: Callable[..., Doctor]) -> None:
    d = doctor()
    d.hub.clear_rulesets(REPO)
    d.hub.protect_branch(REPO, "main", [(CHECK_NAME, CHECK_APP_ID)])
    d.hub.set_actions_policy(REPO, allowed_actions="selected", patterns_allowed=[f"{BOT}/*"])
    code, out = d.run()
    assert code == 0, out
    assert any("/branches/main/protection/required_status_checks" in r.path for r in d.hub.requests)
    assert d.hub.count() == 20  # the most it asks: every item, the protection and the allowed patterns too


def test_actions_that_may_not_use_the_bots_repository(doctor: Callable[..., Doctor]) -> None:
    d = doctor()
    d.hub.set_actions_policy(REPO, allowed_actions="selected", patterns_allowed=["astral-sh/*"])
    _fails(d, "Actions may use the bot's repository", "matches no allowed pattern", "Actions permissions")
    d.hub.set_actions_policy(REPO, allowed_actions="selected", patterns_allowed=[f"{BOT}/*"])
    assert d.run()[0] == 0
    d.hub.set_actions_policy(REPO, allowed_actions="local_only")
    _fails(d, "Actions may use the bot's repository", "only `pypa`'s own actions")


@pytest.mark.parametrize(("build", "words"), [(None, "not set up"), ("legacy", "from a branch")])
def test_pages_not_built_by_actions(doctor: Callable[..., Doctor], build: str | None, words: str) -> None:
    d = doctor()
    d.hub.set_pages(REPO, build)  # type: ignore[arg-type]
    _fails(d, "Pages built by GitHub Actions", words, "Source: *GitHub Actions*")


def test_pages_are_not_asked_about_without_a_site(doctor: Callable[..., Doctor]) -> None:
    d = doctor(site=False)
    d.hub.set_pages(REPO, None)
    code, out = d.run()
    assert code == 0, out
    assert not any(r.path.endswith("/pages") for r in d.hub.requests)


def test_a_non_admin_token_cannot_check_everything_and_is_never_ready(doctor: Callable[..., Doctor]) -> None:
    """A maintainer's token: what only an admin sees fails closed, with how to check it."""
    d = doctor()
    d.hub.set_permission(REPO, "sample-admin", "maintain")
    code, out = d.run()
    assert code == 1, out
    unseen = [line for line in out.splitlines() if "could not check" in line]
    assert [line.split(":")[0] for line in unseen] == [
        "✗ environment holds the membership secrets",
        "✗ Actions may use the bot's repository",
    ], out
    assert all("GitHub answered 403" in line and "admin's token" in line for line in unseen)
    assert "not ready;" in out


def test_a_workflow_job_token_cannot_check_the_admin_settings(doctor: Callable[..., Doctor]) -> None:
    """doctor from a workflow_dispatch job: GITHUB_TOKEN can hold no administration or environments scope."""
    d = doctor()
    token = d.hub.token_for_job(
        REPO,
        "probe.yml",
        "doctor",
        event="workflow_dispatch",
        files={
            ".github/workflows/probe.yml": "on: workflow_dispatch\npermissions: {contents: read, actions: read, issues: read}\n"
            "jobs: {doctor: {runs-on: ubuntu-24.04, steps: [{run: 'true'}]}}\n"
        },
    )
    d.monkeypatch.setenv("GITHUB_TOKEN", token.token)
    code, out = d.run()
    assert code == 1, out
    unseen = [line.split(":")[0] for line in out.splitlines() if "could not check" in line]
    assert unseen == [
        "✗ environment holds the membership secrets",
        "✗ Actions may use the bot's repository",
        "✗ Pages built by GitHub Actions",
    ], out


def test_the_benchmark_counts_a_ready_repositorys_requests() -> None:
    from tools.benchmarks import doctor as bench

    numbers = bench.measure()
    assert 0 < numbers["doctor_requests"] <= 25 and numbers["doctor_writes"] == 0
    assert numbers["doctor_exit"] == 0  # every item checked, with an admin's token
