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


# -- the Doctor workflow (doctor.yml → reusable-doctor.yml), run as its job ----------------------------------

ROOT = Path(__file__).resolve().parents[2]  # this repository: its .github/workflows are what init writes
DOCTOR_JOB = "doctor/doctor"  # doctor.yml's job `doctor`, through reusable-doctor.yml's job `doctor`
STEP = "Run the doctor"


def _step_script() -> tuple[dict[str, str], str]:
    """The reusable Doctor workflow's step that runs the doctor: its `env:` and `run:`, as committed."""
    from ruamel.yaml import YAML

    doc = YAML(typ="safe", pure=True).load((ROOT / ".github/workflows/reusable-doctor.yml").read_text())
    (step,) = [s for s in doc["jobs"]["doctor"]["steps"] if s.get("name") == STEP]
    return dict(step["env"]), str(step["run"])


def run_the_job(d: Doctor, tmp_path: Path, *, job_token: str, secret: str = "") -> tuple[int, str, str]:
    """The step's own shell script, run by bash as the runner would: the job's GITHUB_TOKEN and the
    environment secret (empty when not set, as Actions passes a missing secret) in its `env:`, the bot from
    this checkout; the doctor's clock pinned with `--at` (appended to its arguments by BOT_PYTHON)."""
    import os
    import subprocess
    import sys

    env_spec, script = _step_script()
    assert set(env_spec) == {"BOT_PYTHON", "PYTHONPATH", "DOCTOR_TOKEN", "JOB_TOKEN"}
    assert env_spec["DOCTOR_TOKEN"] == "${{ secrets.ELECTION_BOT_DOCTOR_TOKEN }}"
    assert env_spec["JOB_TOKEN"] == "${{ github.token }}"
    python = tmp_path / "bot-python"
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@" --at {NOW.strftime("%Y-%m-%dT%H:%M:%SZ")}\n')
    python.chmod(0o755)
    summary = tmp_path / "summary.md"
    summary.write_text("")
    environ = {
        "PATH": os.environ["PATH"],
        "BOT_PYTHON": str(python),
        "PYTHONPATH": str(ROOT),
        "DOCTOR_TOKEN": secret,
        "JOB_TOKEN": job_token,
        "GITHUB_API_URL": d.hub.url,
        "GITHUB_REPOSITORY": REPO,
        "GITHUB_WORKSPACE": str(d.root),
        "GITHUB_STEP_SUMMARY": str(summary),
    }
    d.hub.reset_log()
    done = subprocess.run(  # the committed step's script, against the loopback stand-in
        ["bash", "--noprofile", "--norc", "-e", "-c", script],
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert d.hub.writes() == []  # read-only, always
    assert job_token not in done.stdout + done.stderr + summary.read_text()
    if secret:
        assert secret not in done.stdout + done.stderr + summary.read_text()
    return done.returncode, done.stdout, summary.read_text()


def _job_token(d: Doctor, files: dict[str, str] | Path = ROOT) -> str:
    """The job's GITHUB_TOKEN with exactly the permissions the Doctor workflow files declare."""
    return d.hub.token_for_job(REPO, "doctor.yml", DOCTOR_JOB, event="workflow_dispatch", files=files).token


def _admin_reads(**levels: str) -> dict[str, str]:
    """The read-only fine-grained token the admin guide asks for (metadata is always included)."""
    wanted = dict.fromkeys(
        ("contents", "issues", "actions", "administration", "environments", "secrets", "pages"), "read"
    )
    wanted.update(levels)
    return wanted


def test_the_doctor_job_without_the_secret_is_not_ready_and_says_why(
    doctor: Callable[..., Doctor], tmp_path: Path
) -> None:
    d = doctor()
    code, out, summary = run_the_job(d, tmp_path, job_token=_job_token(d))
    assert code == 1, out
    unseen = [line.split(":")[0] for line in summary.splitlines() if "could not check" in line]
    assert unseen == [
        "- ✗ environment holds the membership secrets",
        "- ✗ Actions may use the bot's repository",
    ], summary
    assert "ELECTION_BOT_DOCTOR_TOKEN" in summary.splitlines()[2]  # the token line says what to add
    assert "token: the job's GITHUB_TOKEN" in summary and summary.rstrip().endswith("**not ready**")
    assert "- ✓ Pages built by GitHub Actions" in summary  # `pages: read` is declared, and is enough
    assert out.count("✗") == summary.count("- ✗") == 2


def test_the_doctor_job_with_a_read_only_fine_grained_token_is_ready(
    doctor: Callable[..., Doctor], tmp_path: Path
) -> None:
    from election_bot_demo.fakehub.tokens import permissions

    d = doctor()
    token = d.hub.token_for_fine_grained("sample-admin", REPO, permissions(**_admin_reads()))  # type: ignore[arg-type]
    code, out, summary = run_the_job(d, tmp_path, job_token=_job_token(d), secret=token)
    assert code == 0, out
    assert "token: the environment secret `ELECTION_BOT_DOCTOR_TOKEN`" in summary
    assert summary.count("- ✓") == 13 and "- ✗" not in summary
    assert summary.rstrip().endswith("**ready**")
    assert all(r.method == "GET" for r in d.hub.requests) and d.hub.count() <= 25


@pytest.mark.parametrize(
    ("scope", "item"),
    [
        ("environments", "environment holds the membership secrets"),
        ("administration", "Actions may use the bot's repository"),
        ("pages", "Pages built by GitHub Actions"),
    ],
)
def test_the_stored_token_needs_each_admin_permission(
    doctor: Callable[..., Doctor], tmp_path: Path, scope: str, item: str
) -> None:
    """Each permission the admin guide lists for the stored token that a public repository's answers
    need: without it, its item cannot be checked (the others are needed on a private repository)."""
    from election_bot_demo.fakehub.tokens import permissions

    d = doctor()
    token = d.hub.token_for_fine_grained("sample-admin", REPO, permissions(**_admin_reads(**{scope: "none"})))  # type: ignore[arg-type]
    code, out, summary = run_the_job(d, tmp_path, job_token=_job_token(d), secret=token)
    assert code == 1, out
    unseen = [line for line in summary.splitlines() if "could not check" in line]
    assert len(unseen) == 1 and unseen[0].startswith(f"- ✗ {item}"), summary


def test_the_stored_token_of_someone_who_is_not_an_admin_is_not_enough(
    doctor: Callable[..., Doctor], tmp_path: Path
) -> None:
    """A token's permissions never add to its person's role: a maintainer's token cannot see what only
    an admin sees, whatever it was granted."""
    from election_bot_demo.fakehub.tokens import permissions

    d = doctor()
    d.hub.set_permission(REPO, "sample-maintainer", "maintain")
    token = d.hub.token_for_fine_grained("sample-maintainer", REPO, permissions(**_admin_reads()))  # type: ignore[arg-type]
    code, out, summary = run_the_job(d, tmp_path, job_token=_job_token(d), secret=token)
    assert code == 1, out
    assert "could not check" in summary and "**not ready**" in summary


def test_removing_a_permission_from_the_doctor_workflow_fails(doctor: Callable[..., Doctor]) -> None:
    from election_bot_demo.fakehub.workflowfiles import StartupFailureError, load_directory

    d = doctor()
    files = load_directory(ROOT)
    line = "      pages: read    # the Pages site, when an election names one\n"
    caller = ".github/workflows/doctor.yml"
    assert line in files[caller]
    # Only from the caller: GitHub does not start the run (the called job asks for more).
    with pytest.raises(StartupFailureError, match="pages: read"):
        _job_token(d, {**files, caller: files[caller].replace(line, "")})
    # From both: the run starts, and the doctor can no longer see the Pages site.
    reusable = ".github/workflows/reusable-doctor.yml"
    assert line in files[reusable]
    weaker = {**files, caller: files[caller].replace(line, ""), reusable: files[reusable].replace(line, "")}
    d.monkeypatch.setenv("GITHUB_TOKEN", _job_token(d, weaker))
    code, out = d.run()
    assert code == 1 and "✗ Pages built by GitHub Actions: could not check the Pages site" in out, out


def test_the_environment_is_read_from_the_check_caller(doctor: Callable[..., Doctor]) -> None:
    """An adopter whose check caller passes `environment: elections`: the doctor judges that one."""
    files = caller_workflows(Pin(BOT, SHA, "1.4.0"))
    given = "    with:\n      environment: elections\n"
    d = doctor(
        workflows={
            "nomination-check.yml": files[".github/workflows/nomination-check.yml"] + given,
            "doctor.yml": files[".github/workflows/doctor.yml"] + given,  # the same, as the guide says
        }
    )
    code, out = d.run()
    assert (
        code == 1
        and "✗ environment admits only the default branch: there is no environment `elections`" in out
    )
    d.hub.add_environment(REPO, "elections", branches=["main"], secrets=[ROSTER_SECRET_NAME])
    d.hub.delete_environment(REPO, ENVIRONMENT)
    code, out = d.run()
    assert code == 0, out
    assert "✓ environment admits only the default branch: `elections`: `main` only" in out
    assert not any(f"/environments/{ENVIRONMENT}" in r.path for r in d.hub.requests)


def test_an_environment_chosen_at_run_time_is_not_guessed(doctor: Callable[..., Doctor]) -> None:
    check = caller_workflows(Pin(BOT, SHA, "1.4.0"))[".github/workflows/nomination-check.yml"]
    d = doctor(workflows={"nomination-check.yml": check + "    with:\n      environment: ${{ vars.ENV }}\n"})
    code, out = d.run()
    failed = [line.split(":")[0] for line in out.splitlines() if line.startswith("✗")]
    assert code == 1 and failed == [
        "✗ environment admits only the default branch",
        "✗ environment holds the membership secrets",
    ], out
    assert "cannot read as a name" in out


def test_the_doctor_caller_must_name_the_checks_environment(doctor: Callable[..., Doctor]) -> None:
    """The Doctor's job finds its stored token only in the environment it names: the check's."""
    files = caller_workflows(Pin(BOT, SHA, "1.4.0"))
    check = files[".github/workflows/nomination-check.yml"] + "    with:\n      environment: elections\n"
    d = doctor(workflows={"nomination-check.yml": check})
    d.hub.add_environment(REPO, "elections", branches=["main"], secrets=[ROSTER_SECRET_NAME])
    line = _fails(d, "callers present", "`doctor.yml` names the environment `election-bot`", "`elections`")
    assert "with: environment: elections" in line
    doctor_text = files[".github/workflows/doctor.yml"] + "    with:\n      environment: elections\n"
    d.hub.commit(REPO, "main", {".github/workflows/doctor.yml": doctor_text.encode()})
    code, out = d.run()
    assert code == 0, out
