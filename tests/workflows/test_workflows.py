"""The workflows keep the security design of docs/explanation/workflows.md.

Three layers: the structural rules of `hygiene.py` hold for every workflow (and each rule is shown to fail
on a workflow that breaks it); the design decisions themselves (triggers, exact permissions, concurrency
groups, the commands run) are pinned here; and the shell scripts inside `run:` are executed with stand-in
tools, so that the parts zizmor cannot see (finding the reviewed pull request, writing the roster secret to
a private file) are tested too.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from tests.workflows import hygiene
from tests.workflows.hygiene import Workflow

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW_DIR = ROOT / ".github" / "workflows"
NAMES = [
    "ci.yml",
    "doctor.yml",
    "nomination-check.yml",
    "nomination-review.yml",
    "phases-timer.yml",
    "phases.yml",
    "release.yml",
    "results.yml",
    "reusable-doctor.yml",
    "reusable-nomination-check.yml",
    "reusable-phases.yml",
    "reusable-results.yml",
    "reusable-site.yml",
    "site-timer.yml",
    "site.yml",
]
# The thin callers in this repository and the reusable workflow each calls (adopters' callers, written by
# `election-bot init`, call the same files by commit SHA).
CALLERS = {
    "doctor.yml": "reusable-doctor.yml",
    "nomination-check.yml": "reusable-nomination-check.yml",
    "phases.yml": "reusable-phases.yml",
    "phases-timer.yml": "reusable-phases.yml",
    "results.yml": "reusable-results.yml",
    "site.yml": "reusable-site.yml",
    "site-timer.yml": "reusable-site.yml",
}
SETUP_ACTION = ROOT / ".github" / "actions" / "setup" / "action.yml"


def workflow(name: str) -> Workflow:
    return hygiene.load(WORKFLOW_DIR / name)


def step_named(job: Mapping[str, Any], prefix: str) -> Mapping[str, Any]:
    matches = [step for _, step in hygiene.steps(job) if str(step.get("name", "")).startswith(prefix)]
    assert len(matches) == 1, f"expected one step named {prefix!r}"
    return matches[0]


# --------------------------------------------------------------------------------------------------
# Every rule holds for every workflow
# --------------------------------------------------------------------------------------------------


def test_the_workflow_folder_holds_exactly_these_workflows() -> None:
    assert sorted(p.name for p in WORKFLOW_DIR.iterdir()) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_workflow_keeps_every_rule(name: str) -> None:
    assert [str(v) for v in hygiene.violations(workflow(name))] == []


# --------------------------------------------------------------------------------------------------
# Every rule can fail: a good privileged workflow, and one mutation per rule
# --------------------------------------------------------------------------------------------------

GOOD = textwrap.dedent(
    """\
    name: Example
    on:
      pull_request_target:  # zizmor: ignore[dangerous-triggers] -- see docs/explanation/workflows.md
        types: [opened, synchronize]
      issue_comment:
        types: [created]
      workflow_run:
        workflows: [Relay]
        types: [completed]
    permissions: {}
    jobs:
      check:
        name: Check
        if: github.event.issue.pull_request || github.event.workflow_run.event == 'pull_request_review'
        runs-on: ubuntu-24.04
        timeout-minutes: 10
        environment: election-bot
        permissions:
          contents: read
          pull-requests: write
        concurrency:
          group: nomination-${{ github.event.pull_request.number || github.event.issue.number }}
          cancel-in-progress: false
        steps:
          - name: Check out the default branch
            uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
            with:
              ref: ${{ github.event.repository.default_branch }}
              persist-credentials: false
          - name: Run
            env:
              TITLE: ${{ github.event.pull_request.title }}
              TOKEN: ${{ secrets.EXAMPLE_TOKEN }}
            run: echo "$TITLE"
    """
)

# (rule code, text to replace in GOOD, replacement): each must produce exactly that rule's violation.
BAD: dict[str, tuple[str, str, str]] = {
    "top-level permissions missing": ("WF001", "permissions: {}\njobs:", "jobs:"),
    "top-level permissions write-all": ("WF001", "permissions: {}\njobs:", "permissions: write-all\njobs:"),
    "top-level permissions not empty": (
        "WF001",
        "permissions: {}\njobs:",
        "permissions:\n  contents: read\njobs:",
    ),
    "job permissions missing": (
        "WF002",
        "    permissions:\n      contents: read\n      pull-requests: write\n",
        "",
    ),
    "job permissions as a string": (
        "WF002",
        "    permissions:\n      contents: read\n      pull-requests: write\n",
        "    permissions: read-all\n",
    ),
    "job writes contents": ("WF002", "contents: read", "contents: write"),
    "job asks for an OIDC token": ("WF002", "contents: read", "id-token: write"),
    "job permission misspelt": ("WF002", "contents: read", "content: read"),
    "action pinned to a tag": ("WF003", "checkout@11bd71901bbe5b1630ceea73d27597364c9af683", "checkout@v4"),
    "action pinned to a short sha": (
        "WF003",
        "checkout@11bd71901bbe5b1630ceea73d27597364c9af683",
        "checkout@11bd719",
    ),
    "action pinned to a branch": (
        "WF003",
        "checkout@11bd71901bbe5b1630ceea73d27597364c9af683",
        "checkout@main",
    ),
    "pinned action without a version comment": ("WF003", " # v4.2.2", ""),
    "event data inside run": (
        "WF004",
        'run: echo "$TITLE"',
        "run: echo ${{ github.event.pull_request.title }}",
    ),
    "head_ref inside run": ("WF004", 'run: echo "$TITLE"', "run: git fetch origin ${{ github.head_ref }}"),
    "inputs inside run": ("WF004", 'run: echo "$TITLE"', "run: echo ${{ inputs.dry_run }}"),
    "any expression inside run": ("WF004", 'run: echo "$TITLE"', "run: echo ${{ runner.temp }}"),
    "checkout persists credentials": ("WF005", "persist-credentials: false", "persist-credentials: true"),
    "checkout without persist-credentials": ("WF005", "\n          persist-credentials: false", ""),
    "checkout of the head sha": (
        "WF005",
        "ref: ${{ github.event.repository.default_branch }}",
        "ref: ${{ github.event.pull_request.head.sha }}",
    ),
    "checkout of the head ref": (
        "WF005",
        "ref: ${{ github.event.repository.default_branch }}",
        "ref: ${{ github.head_ref }}",
    ),
    "checkout of the merge ref": (
        "WF005",
        "ref: ${{ github.event.repository.default_branch }}",
        "ref: refs/pull/${{ github.event.number }}/merge",
    ),
    "privileged checkout without an explicit ref": (
        "WF005",
        "\n          ref: ${{ github.event.repository.default_branch }}",
        "",
    ),
    "checkout of the head repository": (
        "WF005",
        "          persist-credentials: false",
        "          persist-credentials: false\n          repository: ${{ github.event.pull_request.head.repo.full_name }}",
    ),
    "artifact download in a privileged workflow": (
        "WF006",
        'run: echo "$TITLE"',
        'run: gh run download "$RUN"',
    ),
    "head handed to an action": (
        "WF006",
        "      - name: Run\n",
        "      - name: Act\n        uses: example/act@11bd71901bbe5b1630ceea73d27597364c9af683 # v1\n"
        "        with:\n          sha: ${{ github.event.pull_request.head.sha }}\n      - name: Run\n",
    ),
    "no concurrency group": (
        "WF007",
        "    concurrency:\n      group: nomination-${{ github.event.pull_request.number || github.event.issue.number }}\n"
        "      cancel-in-progress: false\n",
        "",
    ),
    "writer cancelled in progress": ("WF007", "cancel-in-progress: false", "cancel-in-progress: true"),
    "group not per pull request": (
        "WF007",
        "group: nomination-${{ github.event.pull_request.number || github.event.issue.number }}",
        "group: nomination",
    ),
    "no timeout": ("WF008", "    timeout-minutes: 10\n", ""),
    "six-hour timeout": ("WF008", "timeout-minutes: 10", "timeout-minutes: 360"),
    "pull_request_target without types": ("WF009", "\n    types: [opened, synchronize]", ""),
    "issue_comment also on edits": ("WF009", "types: [created]", "types: [created, edited]"),
    "issue_comment on issues too": ("WF009", "github.event.issue.pull_request || ", ""),
    "workflow_run without a workflow name": ("WF009", "\n    workflows: [Relay]", ""),
    "workflow_run on requested runs": ("WF009", "types: [completed]", "types: [requested]"),
    "workflow_run from any event": (
        "WF009",
        " || github.event.workflow_run.event == 'pull_request_review'",
        "",
    ),
    "secrets outside an environment": ("WF010", "    environment: election-bot\n", ""),
    "every secret as JSON": ("WF010", "${{ secrets.EXAMPLE_TOKEN }}", "${{ toJSON(secrets) }}"),
    "suppression of another audit": ("WF011", "ignore[dangerous-triggers]", "ignore[template-injection]"),
    "suppression on another line": (
        "WF011",
        "types: [opened, synchronize]",
        "types: [opened, synchronize]  # zizmor: ignore[dangerous-triggers] -- see docs/explanation/workflows.md",
    ),
    "suppression without its argument": ("WF011", " -- see docs/explanation/workflows.md", ""),
    "a call of a workflow that is not here": (
        "WF012",
        "\njobs:\n",
        "\njobs:\n  call:\n    permissions: {}\n    uses: $/.github/workflows/elsewhere.yml\n",
    ),
}


def test_the_good_example_keeps_every_rule() -> None:
    assert [str(v) for v in hygiene.violations(hygiene.parse(GOOD, "good.yml"))] == []


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_each_rule_fails_on_a_bad_workflow(case: str) -> None:
    code, old, new = BAD[case]
    assert GOOD.count(old) == 1, f"the mutation for {case!r} must apply exactly once"
    bad = hygiene.parse(GOOD.replace(old, new), "bad.yml")
    codes = {v.code for v in hygiene.violations(bad)}
    assert codes == {code}, [str(v) for v in hygiene.violations(bad)]


def test_every_rule_has_a_failing_example() -> None:
    documented = {check.__doc__.split(":")[0] for check in hygiene.CHECKS if check.__doc__}
    assert documented == {code for code, _, _ in BAD.values()}
    assert len(documented) == len(hygiene.CHECKS)


def test_write_in_an_unprivileged_pull_request_workflow_fails() -> None:
    text = GOOD.replace("  pull_request_target:", "  pull_request:")
    codes = {v.code for v in hygiene.violations(hygiene.parse(text, "pr.yml"))}
    assert {"WF002", "WF010"} <= codes  # a write permission and a secret where PR code runs


def test_untrusted_yaml_features_are_refused() -> None:
    with pytest.raises(Exception, match="duplicate"):
        hygiene.parse("name: a\nname: b\n", "dup.yml")


# --------------------------------------------------------------------------------------------------
# The design decisions, pinned (docs/explanation/workflows.md explains each)
# --------------------------------------------------------------------------------------------------

# The Doctor reads only (issue 27): the settings only an admin sees come through its stored fine-grained
# token, never through a wider GITHUB_TOKEN.
_DOCTOR_READS = {"contents": "read", "actions": "read", "issues": "read", "pages": "read"}
EXPECTED_PERMISSIONS = {
    "ci.yml": {"test": {"contents": "read"}},
    "doctor.yml": {"doctor": _DOCTOR_READS},
    "reusable-doctor.yml": {"doctor": _DOCTOR_READS},
    "nomination-check.yml": {
        "check": {"contents": "read", "pull-requests": "write", "checks": "write", "actions": "read"}
    },
    "reusable-nomination-check.yml": {
        "target": {"pull-requests": "read"},
        "check": {"contents": "read", "pull-requests": "write", "checks": "write", "actions": "read"},
    },
    "nomination-review.yml": {"relay": {}},
    "phases.yml": {"phases": {"contents": "read", "issues": "write", "pull-requests": "write"}},
    "phases-timer.yml": {"phases": {"contents": "read", "issues": "write", "pull-requests": "write"}},
    "reusable-phases.yml": {
        "sync": {"contents": "read", "issues": "write", "pull-requests": "write"},
        "dry-run": {"contents": "read", "issues": "read", "pull-requests": "read"},
    },
    "release.yml": {
        "build": {"contents": "read"},
        "publish": {"id-token": "write"},
    },
    "results.yml": {"results": {"contents": "read", "issues": "write"}},
    "reusable-results.yml": {"results": {"contents": "read", "issues": "write"}},
    "site.yml": {"site": {"contents": "read", "issues": "read", "pages": "write", "id-token": "write"}},
    "site-timer.yml": {"site": {"contents": "read", "issues": "read", "pages": "write", "id-token": "write"}},
    "reusable-site.yml": {
        "build": {"contents": "read", "issues": "read"},
        "deploy": {"pages": "write", "id-token": "write"},
    },
}


@pytest.mark.parametrize("name", NAMES)
def test_each_job_has_exactly_the_permissions_it_needs(name: str) -> None:
    jobs = workflow(name).jobs
    assert {job: dict(spec["permissions"]) for job, spec in jobs.items()} == EXPECTED_PERMISSIONS[name]


def test_nomination_check_triggers() -> None:
    wf = workflow("nomination-check.yml")
    assert set(wf.triggers) == {"pull_request_target", "issue_comment", "workflow_run", "workflow_dispatch"}
    # The cut-off pass re-checks each open nomination by number (a dispatch: GITHUB_TOKEN's events start
    # no run); the target step accepts digits only.
    assert wf.triggers["workflow_dispatch"]["inputs"]["pr"]["required"] is True
    target = wf.triggers["pull_request_target"]
    assert set(target["types"]) == {"opened", "synchronize", "reopened", "edited", "ready_for_review"}
    # Deliberately no path or branch filter: the bot judges every pull request ("split your PR").
    assert set(target) == {"types"}
    assert wf.triggers["issue_comment"] == {"types": ["created"]}
    # The relay is named by its exact `name:`; a rename would silently cut reviews off.
    relay = workflow("nomination-review.yml")
    assert wf.triggers["workflow_run"] == {"workflows": [relay.data["name"]], "types": ["completed"]}


def test_the_review_relay_is_inert() -> None:
    relay = workflow("nomination-review.yml")
    assert set(relay.triggers) == {"pull_request_review"}
    assert set(relay.triggers["pull_request_review"]["types"]) == {"submitted", "dismissed"}
    (job,) = relay.jobs.values()
    assert job["permissions"] == {}
    assert all("uses" not in step and "env" not in step for _, step in hygiene.steps(job))
    assert "${{" not in json.dumps(dict(job))  # reads nothing from the event


def test_the_check_job_is_serialised_per_pull_request_and_only_for_pull_requests() -> None:
    wf = workflow("reusable-nomination-check.yml")
    target, check = wf.jobs["target"], wf.jobs["check"]
    assert check["needs"] == "target"
    assert check["if"] == "needs.target.outputs.pr != ''"
    # Every waiting run kept (`queue: max`): a push's run holds the only record of its time (test_cutoff_burst.py).
    assert check["concurrency"] == {
        "group": "election-bot-nomination-${{ needs.target.outputs.pr }}",
        "cancel-in-progress": False,
        "queue": "max",
    }
    assert target["concurrency"]["queue"] == "max" and target["concurrency"]["cancel-in-progress"] is False
    assert target["outputs"] == {"pr": "${{ steps.find.outputs.pr }}"}
    condition = " ".join(target["if"].split())
    assert "github.event_name == 'issue_comment' && github.event.issue.pull_request" in condition
    assert "github.event.workflow_run.event == 'pull_request_review'" in condition
    # The environment's secrets and branch policy, and no deployment per run (thousands would pile up).
    assert check["environment"] == {"name": "${{ inputs.environment }}", "deployment": False}
    inputs = wf.triggers["workflow_call"]["inputs"]
    assert inputs["environment"]["default"] == "election-bot"


def test_the_check_job_runs_the_pinned_bot_and_nothing_else() -> None:
    check = workflow("reusable-nomination-check.yml").jobs["check"]
    uses = [str(step.get("uses", "")).split("@")[0] for _, step in hygiene.steps(check)]
    # The elections from the default branch; the bot from this repository at the running commit.
    assert [u for u in uses if u] == ["actions/checkout", "$/.github/actions/setup"]
    run = step_named(check, "Check the pull request")
    assert run["run"].rstrip().endswith('"${BOT_PYTHON}" -P -m bot --repo "${GITHUB_WORKSPACE}" pr')
    assert set(run["env"]) == {
        "BOT_PYTHON",
        "PYTHONPATH",
        "GITHUB_TOKEN",
        "ELECTION_BOT_PR_NUMBER",
        "ELECTION_BOT_MEMBERSHIP_URL",
        "ELECTION_BOT_MEMBERSHIP_TOKEN",
        "ROSTER_CSV",
    }
    # Secrets reach only the one step that needs them.
    others = [step for _, step in hygiene.steps(check) if step is not run]
    assert "secrets." not in json.dumps([dict(step) for step in others])


BOT = '"${BOT_PYTHON}" -P -m bot --repo "${GITHUB_WORKSPACE}"'


def test_the_doctor_only_reads_and_only_its_step_sees_its_token() -> None:
    """Issue 27: by hand only, read-only, in the environment that admits only the default branch (no
    deployment record), the stored token in one step's `env:` and nowhere else (the step's behaviour with
    and without it: tests/e2e/test_doctor.py runs it)."""
    caller, called = workflow("doctor.yml"), workflow("reusable-doctor.yml")
    assert set(caller.triggers) == {"workflow_dispatch"}
    (job,) = called.jobs.values()
    assert job["environment"] == {"name": "${{ inputs.environment }}", "deployment": False}
    assert called.triggers["workflow_call"]["inputs"]["environment"]["default"] == "election-bot"
    assert all(level == "read" for level in job["permissions"].values())
    run = step_named(job, "Run the doctor")
    assert run["run"].rstrip().endswith(f"{BOT} doctor")
    assert run["env"]["DOCTOR_TOKEN"] == "${{ secrets.ELECTION_BOT_DOCTOR_TOKEN }}"
    others = [step for _, step in hygiene.steps(job) if step is not run]
    assert "secrets." not in json.dumps([dict(step) for step in others])
    assert json.dumps(dict(called.data)).count("secrets.") == 1


def _cron_minutes(cron: str) -> set[int]:
    minutes = cron.split()[0]
    assert all(part.isdigit() for part in minutes.split(",")), f"explicit minutes, not {minutes!r}"
    return {int(part) for part in minutes.split(",")}


def test_every_schedule_is_in_a_timer_of_its_own_on_minutes_of_its_own() -> None:
    """A disabled scheduled workflow runs on no trigger at all (GitHub disables a schedule after 60 quiet
    days), so no workflow with `push` or `workflow_dispatch` holds a schedule; the timers fire on offset
    minutes, never :00 (GitHub's documented peak) and never on the same minutes as each other."""
    scheduled = {name: workflow(name) for name in NAMES if "schedule" in workflow(name).triggers}
    assert sorted(scheduled) == ["phases-timer.yml", "site-timer.yml"]
    seen: set[int] = set()
    for name, wf in scheduled.items():
        assert set(wf.triggers) == {"schedule"}, name
        (entry,) = wf.triggers["schedule"]
        minutes = _cron_minutes(entry["cron"])
        assert 0 not in minutes and not (minutes & seen), (name, minutes)
        assert len(minutes) == 6 and entry["cron"].split()[1:] == ["*"] * 4  # every ten minutes
        seen |= minutes
    for name in ("phases.yml", "site.yml"):
        assert {"push", "workflow_dispatch"} <= set(workflow(name).triggers)
        assert "schedule" not in workflow(name).triggers
    # The timers call the same reusable workflows with the same grant as the callers they stand beside.
    assert (
        workflow("phases-timer.yml").jobs["phases"]["permissions"]
        == (workflow("phases.yml").jobs["phases"]["permissions"])
    )
    assert (
        workflow("site-timer.yml").jobs["site"]["permissions"]
        == workflow("site.yml").jobs["site"]["permissions"]
    )


def test_phases_triggers_and_serialisation() -> None:
    wf = workflow("phases.yml")
    assert "schedule" not in wf.triggers
    assert workflow("phases-timer.yml").triggers["schedule"] == [{"cron": "4,14,24,34,44,54 * * * *"}]
    assert wf.triggers["push"] == {"branches": ["main"], "paths": ["nominations/**"]}
    assert wf.triggers["workflow_dispatch"]["inputs"]["dry_run"]["type"] == "boolean"
    assert wf.triggers["workflow_dispatch"]["inputs"]["dry_run"]["default"] is False
    assert wf.jobs["phases"]["with"] == {
        "dry-run": "${{ github.event_name == 'workflow_dispatch' && inputs.dry_run }}"
    }
    called = workflow("reusable-phases.yml")
    sync, dry = called.jobs["sync"], called.jobs["dry-run"]
    group = {"group": "election-bot-phases", "cancel-in-progress": False}
    assert sync["concurrency"] == group and dry["concurrency"] == group
    assert sync["if"] == "${{ !inputs.dry-run }}"
    assert dry["if"] == "${{ inputs.dry-run }}"
    assert step_named(sync, "Reconcile")["run"] == f"{BOT} sync"
    assert step_named(dry, "Reconcile (dry run)")["run"] == f"{BOT} sync --dry-run"
    # Only the reconciler, on the default branch and reading no pull-request input, writes the cache.
    assert step_named(sync, "Install election-bot")["with"] == {"save-cache": "true"}
    assert "with" not in step_named(dry, "Install election-bot")


def test_ci_runs_the_one_test_command_unprivileged() -> None:
    wf = workflow("ci.yml")
    assert set(wf.triggers) == {"push", "pull_request", "workflow_dispatch"}
    assert step_named(wf.jobs["test"], "Run the tests and checks")["run"] == ".ci/run"


def test_uv_is_pinned_identically_everywhere() -> None:
    pins = {
        line.strip()
        for path in [*(WORKFLOW_DIR / name for name in NAMES), SETUP_ACTION]
        for line in path.read_text().splitlines()
        if "uv==" in line
    }
    assert len(pins) == 1
    (pin,) = pins
    assert "--hash=sha256:" in pin


# --------------------------------------------------------------------------------------------------
# The shell inside the workflows, executed
# --------------------------------------------------------------------------------------------------

BASH = shutil.which("bash")
needs_bash = pytest.mark.skipif(BASH is None, reason="bash is not installed")


def run_blocks() -> list[tuple[str, str]]:
    action = hygiene.load_action(SETUP_ACTION)
    return [
        (f"{wf.name}:{job_name}:{step.get('name', index)}", step["run"])
        for wf in [*(workflow(name) for name in NAMES), action]
        for job_name, job in wf.jobs.items()
        for index, step in hygiene.steps(job)
        if "run" in step
    ]


@needs_bash
def test_the_setup_action_keys_the_cache_on_the_lock_file_of_its_own_commit(tmp_path: Path) -> None:
    """The action's root is three folders up from it (the fetched commit), and the key is uv.lock's hash."""
    import hashlib

    (step,) = [
        s for _, s in hygiene.steps(hygiene.load_action(SETUP_ACTION).jobs["runs"]) if s.get("id") == "key"
    ]
    root = tmp_path / "_actions" / "pypa" / "elections" / ("a" * 40)
    action_path = root / ".github" / "actions" / "setup"
    action_path.mkdir(parents=True)
    (root / "uv.lock").write_text("version = 1\n")
    output = tmp_path / "output"
    env = {
        "PATH": os.environ["PATH"],
        "ACTION_PATH": str(action_path),
        "RUNNER_OS": "Linux",
        "GITHUB_OUTPUT": str(output),
    }
    result = run_step(step["run"], env, tmp_path)
    assert result.returncode == 0, result.stderr
    lock = hashlib.sha256(b"version = 1\n").hexdigest()
    assert outputs(output) == {"root": str(root), "key": f"election-bot-uv-Linux-py3.11-{lock}"}


@needs_bash
@pytest.mark.parametrize(("where", "script"), run_blocks(), ids=[w for w, _ in run_blocks()])
def test_every_run_block_is_valid_bash(where: str, script: str) -> None:
    assert BASH is not None
    result = subprocess.run([BASH, "-n", "-c", script], capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{where}: {result.stderr}"


def run_step(script: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """The step as the runner runs it: `bash --noprofile --norc -eo pipefail`."""
    assert BASH is not None
    return subprocess.run(
        [BASH, "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        cwd=cwd,
    )


def outputs(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if line)


PULLS = [
    {"number": 7, "head": {"sha": "a" * 40, "repo": {"id": 100}}},
    {"number": 8, "head": {"sha": "b" * 40, "repo": {"id": 200}}},  # the reviewed fork
    {"number": 9, "head": {"sha": "b" * 40, "repo": {"id": 300}}},  # same commit, another fork
    {"number": 10, "head": {"sha": "c" * 40, "repo": None}},  # its fork was deleted
]


@pytest.fixture
def target_env(tmp_path: Path) -> dict[str, str]:
    """A stand-in `gh` that answers `gh api ... --jq FILTER` from PULLS, applying the filter with jq."""
    jq = shutil.which("jq")
    if BASH is None or jq is None:
        pytest.skip("bash and jq are needed to run the step")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (tmp_path / "pulls.json").write_text(json.dumps(PULLS))
    gh = bin_dir / "gh"
    gh.write_text(
        "#!/bin/sh\n"
        'echo "$@" >> "$GH_LOG"\n'
        'while [ "$#" -gt 0 ]; do if [ "$1" = "--jq" ]; then shift; filter="$1"; fi; shift; done\n'
        f'exec {jq} -r "$filter" "{tmp_path / "pulls.json"}"\n'
    )
    gh.chmod(gh.stat().st_mode | stat.S_IEXEC)
    return {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "GH_LOG": str(tmp_path / "gh.log"),
        "GITHUB_OUTPUT": str(tmp_path / "output"),
        "GH_TOKEN": "token",
        "REPOSITORY": "pypa/elections",
        "EVENT_PR": "",
        "RUN_HEAD_SHA": "",
        "RUN_HEAD_REPO_ID": "",
    }


def target_script() -> str:
    return str(
        step_named(workflow("reusable-nomination-check.yml").jobs["target"], "Find the pull request number")[
            "run"
        ]
    )


@pytest.mark.parametrize(
    ("event", "extra", "expected"),
    [
        ("pull_request_target", {"EVENT_PR": "42"}, "42"),
        ("issue_comment", {"EVENT_PR": "43"}, "43"),
        ("workflow_run", {"RUN_HEAD_SHA": "b" * 40, "RUN_HEAD_REPO_ID": "200"}, "8"),
        ("workflow_run", {"RUN_HEAD_SHA": "a" * 40, "RUN_HEAD_REPO_ID": "100"}, "7"),
        ("workflow_run", {"RUN_HEAD_SHA": "d" * 40, "RUN_HEAD_REPO_ID": "200"}, ""),  # no open PR
        ("workflow_run", {"RUN_HEAD_SHA": "b" * 40, "RUN_HEAD_REPO_ID": "999"}, ""),  # another repository
        (
            "workflow_run",
            {"RUN_HEAD_SHA": "c" * 40, "RUN_HEAD_REPO_ID": ""},
            "",
        ),  # a deleted fork never matches
        ("workflow_run", {"RUN_HEAD_SHA": "c" * 40, "RUN_HEAD_REPO_ID": "null"}, ""),
    ],
)
def test_the_target_step_finds_the_pull_request(
    event: str, extra: dict[str, str], expected: str, target_env: dict[str, str], tmp_path: Path
) -> None:
    result = run_step(target_script(), {**target_env, "EVENT_NAME": event, **extra}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert outputs(tmp_path / "output") == {"pr": expected}
    asked_github = (tmp_path / "gh.log").exists()
    assert asked_github is (event == "workflow_run")


def test_the_target_step_ignores_an_ambiguous_head(target_env: dict[str, str], tmp_path: Path) -> None:
    pulls = [*PULLS, {"number": 11, "head": {"sha": "b" * 40, "repo": {"id": 200}}}]
    (tmp_path / "pulls.json").write_text(json.dumps(pulls))
    env = {**target_env, "EVENT_NAME": "workflow_run", "RUN_HEAD_SHA": "b" * 40, "RUN_HEAD_REPO_ID": "200"}
    result = run_step(target_script(), env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert outputs(tmp_path / "output") == {"pr": ""}
    assert "No single open pull request" in result.stdout


def test_the_target_step_refuses_a_number_that_is_not_one(target_env: dict[str, str], tmp_path: Path) -> None:
    env = {**target_env, "EVENT_NAME": "pull_request_target", "EVENT_PR": "1; rm -rf /"}
    result = run_step(target_script(), env, tmp_path)
    assert result.returncode != 0
    assert not (tmp_path / "output").exists()


@pytest.fixture
def check_env(tmp_path: Path) -> dict[str, str]:
    """A stand-in `.venv/bin/python` that records what the bot would see: its environment and the roster."""
    if BASH is None:
        pytest.skip("bash is needed to run the step")
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(
        "#!/bin/sh\n"
        'echo "$@" > args\n'
        "env > seen-env\n"
        'if [ -n "$ELECTION_BOT_ROSTER" ]; then cp "$ELECTION_BOT_ROSTER" seen-roster; '
        'stat -c %a "$ELECTION_BOT_ROSTER" > seen-mode; fi\n'
    )
    python.chmod(0o755)
    (tmp_path / "runner-temp").mkdir()
    return {
        "PATH": os.environ["PATH"],
        "RUNNER_TEMP": str(tmp_path / "runner-temp"),
        "BOT_PYTHON": str(python),
        "PYTHONPATH": str(tmp_path / "bot-checkout"),
        "GITHUB_WORKSPACE": str(tmp_path),
        "GITHUB_TOKEN": "token",
        "ELECTION_BOT_PR_NUMBER": "42",
        "ELECTION_BOT_MEMBERSHIP_URL": "",
        "ELECTION_BOT_MEMBERSHIP_TOKEN": "",
        "ROSTER_CSV": "",
    }


def check_script() -> str:
    job = workflow("reusable-nomination-check.yml").jobs["check"]
    return str(step_named(job, "Check the pull request")["run"])


def seen_env(tmp_path: Path) -> dict[str, str]:
    return dict(
        line.split("=", 1) for line in (tmp_path / "seen-env").read_text().splitlines() if "=" in line
    )


def test_the_roster_secret_becomes_a_private_file_that_is_removed(
    check_env: dict[str, str], tmp_path: Path
) -> None:
    roster = "github_login,membership\njanedoe,fellow"
    result = run_step(check_script(), {**check_env, "ROSTER_CSV": roster}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "args").read_text().split() == ["-P", "-m", "bot", "--repo", str(tmp_path), "pr"]
    seen = seen_env(tmp_path)
    assert "ROSTER_CSV" not in seen  # the bot sees the path, never the content
    assert seen["ELECTION_BOT_ROSTER"] == str(tmp_path / "runner-temp" / "election-bot-roster.csv")
    assert (tmp_path / "seen-roster").read_text() == roster + "\n"
    assert (tmp_path / "seen-mode").read_text().strip() == "600"
    assert list((tmp_path / "runner-temp").iterdir()) == []  # removed when the step ends
    assert "ELECTION_BOT_MEMBERSHIP_URL" not in seen
    assert "ELECTION_BOT_MEMBERSHIP_TOKEN" not in seen


def test_without_secrets_the_bot_sees_no_directory_at_all(check_env: dict[str, str], tmp_path: Path) -> None:
    result = run_step(check_script(), check_env, tmp_path)
    assert result.returncode == 0, result.stderr
    seen = seen_env(tmp_path)
    assert not {"ELECTION_BOT_ROSTER", "ROSTER_CSV", "ELECTION_BOT_MEMBERSHIP_URL"} & seen.keys()
    assert seen["ELECTION_BOT_PR_NUMBER"] == "42"


def test_a_membership_service_is_passed_through(check_env: dict[str, str], tmp_path: Path) -> None:
    env = {
        **check_env,
        "ELECTION_BOT_MEMBERSHIP_URL": "https://members.example",
        "ELECTION_BOT_MEMBERSHIP_TOKEN": "t",
    }
    result = run_step(check_script(), env, tmp_path)
    assert result.returncode == 0, result.stderr
    seen = seen_env(tmp_path)
    assert seen["ELECTION_BOT_MEMBERSHIP_URL"] == "https://members.example"
    assert seen["ELECTION_BOT_MEMBERSHIP_TOKEN"] == "t"


def test_the_bots_exit_status_is_the_steps(check_env: dict[str, str], tmp_path: Path) -> None:
    python = tmp_path / ".venv" / "bin" / "python"
    python.write_text("#!/bin/sh\nexit 3\n")
    result = run_step(check_script(), {**check_env, "ROSTER_CSV": "x"}, tmp_path)
    assert result.returncode == 3
    assert list((tmp_path / "runner-temp").iterdir()) == []  # removed on failure too


def test_the_site_is_built_read_only_and_published_by_pages_alone() -> None:
    wf = workflow("site.yml")
    assert set(wf.triggers) == {"push", "workflow_dispatch"}  # the schedule: site-timer.yml
    called = workflow("reusable-site.yml")
    build, deploy = called.jobs["build"], called.jobs["deploy"]
    assert step_named(build, "Build")["run"] == f'{BOT} site --out "${{RUNNER_TEMP}}/site" --github'

    assert str(step_named(build, "Upload the site")["uses"]).startswith("actions/upload-pages-artifact@")
    assert [str(step["uses"]).split("@")[0] for _, step in hygiene.steps(deploy)] == ["actions/deploy-pages"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"


def test_pages_permissions_are_refused_in_a_job_that_runs_anything_else() -> None:
    text = (WORKFLOW_DIR / "reusable-site.yml").read_text()
    tampered = text.replace(
        "      - name: Deploy\n",
        "      - name: Something of ours\n        run: echo hello\n\n      - name: Deploy\n",
    )
    assert tampered != text
    found = [v.code for v in hygiene.violations(hygiene.parse(tampered, "reusable-site.yml"))]
    assert found.count("WF002") == 2  # pages: write and id-token: write


def test_a_release_is_built_checked_and_published_by_trusted_publishing_alone() -> None:
    wf = workflow("release.yml")
    assert wf.triggers == {"push": {"tags": ["v*"]}}
    build, publish = wf.jobs["build"], wf.jobs["publish"]
    checks = step_named(build, "Check the distributions")["run"]
    assert "twine check --strict" in checks and "election-bot --version" in checks and " init " in checks
    assert step_named(build, "Check out the tag")["with"]["fetch-depth"] == 0  # hatch-vcs needs the tags
    assert [str(s["uses"]).split("@")[0] for _, s in hygiene.steps(publish)] == [
        "actions/download-artifact",
        "pypa/gh-action-pypi-publish",
    ]
    assert publish["environment"]["name"] == "pypi" and "secrets" not in str(publish)


def test_the_publish_job_may_not_run_anything_else() -> None:
    text = (WORKFLOW_DIR / "release.yml").read_text()
    tampered = text.replace(
        "      - name: Publish\n",
        "      - name: Something of ours\n        run: echo hello\n\n      - name: Publish\n",
    )
    assert tampered != text
    found = [v.code for v in hygiene.violations(hygiene.parse(tampered, "release.yml"))]
    assert found.count("WF002") == 1  # id-token: write


# --------------------------------------------------------------------------------------------------
# Reusable workflows: called by this repository's own workflows, judged with their callers' triggers
# --------------------------------------------------------------------------------------------------


def test_each_reusable_workflow_is_called_by_this_repositorys_own_workflow() -> None:
    reusable = sorted(name for name in NAMES if workflow(name).reusable)
    assert reusable == sorted(set(CALLERS.values()))
    for caller, called in CALLERS.items():
        jobs = workflow(caller).jobs
        assert [job["uses"] for job in jobs.values()] == [f"$/.github/workflows/{called}"]
        # A caller holds triggers and the grant only: no steps, nothing of its own runs.
        assert all(set(job) <= {"name", "permissions", "uses", "with"} for job in jobs.values())


def test_the_composite_action_keeps_the_step_rules() -> None:
    assert hygiene.action_violations(hygiene.load_action(SETUP_ACTION)) == []
    text = SETUP_ACTION.read_text()
    pinned = "actions/cache/restore@27d5ce7f107fe9357f9df03efb73ab90386fccae"
    assert text.count(pinned) == 1
    unpinned = hygiene.parse_action(text.replace(pinned, "actions/cache/restore@v5"), "action.yml")
    assert {v.code for v in hygiene.action_violations(unpinned)} == {"WF003"}
    injected = hygiene.parse_action(text.replace('"${ACTION_PATH}/', '"${{ github.action_path }}/'), "a.yml")
    assert {v.code for v in hygiene.action_violations(injected)} == {"WF004"}


def test_every_use_of_the_setup_action_gives_only_its_inputs() -> None:
    declared = set(hygiene.load_action(SETUP_ACTION).data["inputs"])
    uses = [
        step
        for name in sorted(set(CALLERS.values()))
        for job in workflow(name).jobs.values()
        for _, step in hygiene.steps(job)
        if step.get("uses") == "$/.github/actions/setup"
    ]
    assert len(uses) == 6
    assert all(set(step.get("with") or {}) <= declared for step in uses)


CALLEE = textwrap.dedent(
    """\
    name: Called
    on:
      workflow_call:
        inputs:
          wanted:
            type: string
            required: true
    permissions: {}
    jobs:
      work:
        runs-on: ubuntu-24.04
        timeout-minutes: 5
        permissions:
          contents: read
          issues: write
        concurrency:
          group: work-${{ github.event.pull_request.number }}
          cancel-in-progress: false
        steps:
          - run: echo working
    """
)
CALLER = textwrap.dedent(
    """\
    name: Caller
    on:
      workflow_dispatch:
    permissions: {}
    jobs:
      call:
        permissions:
          contents: read
          issues: write
        uses: $/.github/workflows/called.yml
        with:
          wanted: "yes"
    """
)


def judge(tmp_path: Path, caller: str, callee: str = CALLEE) -> list[str]:
    (tmp_path / "called.yml").write_text(callee)
    (tmp_path / "caller.yml").write_text(caller)
    return [str(v) for v in hygiene.violations(hygiene.load(tmp_path / "caller.yml"))]


def test_a_good_call_keeps_every_rule(tmp_path: Path) -> None:
    assert judge(tmp_path, CALLER) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("      issues: write\n    uses", "      issues: write\n      checks: write\n    uses", "grants"),
        ("      issues: write\n    uses", "    uses", "grants"),
        (
            '      wanted: "yes"\n',
            '      wanted: "yes"\n      unwanted: "no"\n',
            "input `unwanted` is not declared",
        ),
        ('    with:\n      wanted: "yes"\n', "", "required input `wanted`"),
        ("called.yml\n", "missing.yml\n", "is not a reusable workflow here"),
    ],
)
def test_a_bad_call_is_refused(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert CALLER.count(old) == 1
    found = judge(tmp_path, CALLER.replace(old, new))
    assert [v for v in found if "WF012" in v and expected in v], found


def test_the_called_workflow_is_judged_with_its_callers_triggers(tmp_path: Path) -> None:
    """A writer keyed by something else than the pull request passes when called by hand, and fails when
    the caller is pull_request_target (WF007), as the same job would in the caller itself."""
    callee = CALLEE.replace("work-${{ github.event.pull_request.number }}", "work")
    assert judge(tmp_path, CALLER, callee) == []
    privileged = CALLER.replace(
        "  workflow_dispatch:\n",
        "  pull_request_target:  # zizmor: ignore[dangerous-triggers] -- see docs/explanation/workflows.md\n"
        "    types: [opened]\n",
    )
    found = judge(tmp_path, privileged, callee)
    assert any("called by caller.yml" in v and "WF007" in v for v in found), found


def test_a_reusable_workflow_on_its_own_is_held_to_the_privileged_rules(tmp_path: Path) -> None:
    """A checkout of anything but the default branch in a reusable workflow is refused whatever calls it."""
    assert CALLEE.count("    steps:\n") == 1
    callee = CALLEE.replace(
        "    steps:\n",
        "    steps:\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n"
        "        with:\n          persist-credentials: false\n",
    )
    (tmp_path / "called.yml").write_text(callee)
    found = [str(v) for v in hygiene.violations(hygiene.load(tmp_path / "called.yml"))]
    assert any("WF005" in v and "default_branch" in v for v in found), found


def _body(text: str) -> list[str]:
    """A workflow from its `name:` on, without its `uses:` line."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("name: "))
    return [line for line in lines[start:] if not line.strip().startswith("uses: ")]


def test_this_repositorys_callers_are_exactly_what_init_writes() -> None:
    """One owner for the callers' text (`bot.config.workflows`): ours call the reusable workflows at the
    running commit, an adopter's the same files pinned to a release's commit."""
    from bot.config.workflows import SELF, Pin, caller_workflows

    ours = caller_workflows(SELF)
    for path, text in ours.items():
        assert (ROOT / path).read_text() == text, f"{path} differs from bot/config/workflows.py"
    sha = "0123456789abcdef0123456789abcdef01234567"
    theirs = caller_workflows(Pin("pypa/elections", sha, "1.4.0"))
    assert theirs.keys() == ours.keys()
    for path, text in theirs.items():
        name = Path(path).name
        assert _body(text) == _body(ours[path])  # the same triggers, grants and inputs
        assert [str(v) for v in hygiene.check_pinned_uses(hygiene.parse(text, name))] == []
        if name in CALLERS:
            assert f"uses: pypa/elections/.github/workflows/{CALLERS[name]}@{sha} # v1.4.0\n" in text


# The first release of each JavaScript action that runs on Node 24 (read from each action's action.yml at
# its tags; Node 20 left GitHub's runners in September 2026). Composite and Docker actions have no Node.
FIRST_NODE24_MAJOR = {
    "actions/checkout": 5,
    "actions/setup-python": 6,
    "actions/cache/restore": 5,
    "actions/cache/save": 5,
    "actions/upload-artifact": 6,
    "actions/download-artifact": 7,
    "actions/deploy-pages": 5,
}
NOT_NODE = {"actions/upload-pages-artifact", "pypa/gh-action-pypi-publish"}  # composite, Docker


def _pinned_uses() -> list[tuple[str, str]]:
    """Every `uses: owner/repo@sha # vX.Y.Z` in the workflows and the setup action: (action, version)."""
    found = []
    texts = [p.read_text() for p in WORKFLOW_DIR.glob("*.yml")] + [SETUP_ACTION.read_text()]
    for text in texts:
        for action, version in re.findall(r"uses: ([\w./-]+)@[0-9a-f]{40} # v(\d+\.\d+\.\d+)", text):
            found.append((action, version))
    return found


def test_every_javascript_action_runs_on_node_24() -> None:
    pinned = _pinned_uses()
    assert {a for a, _ in pinned} == set(FIRST_NODE24_MAJOR) | NOT_NODE
    for action, version in pinned:
        if action in FIRST_NODE24_MAJOR:
            assert int(version.split(".")[0]) >= FIRST_NODE24_MAJOR[action], (action, version)


def test_dependabot_bumps_every_folder_with_pinned_actions() -> None:
    from ruamel.yaml import YAML

    config = YAML(typ="safe").load((ROOT / ".github" / "dependabot.yml").read_text())
    (entry,) = [u for u in config["updates"] if u["package-ecosystem"] == "github-actions"]
    folders = {"/"} | {
        f"/{p.parent.relative_to(ROOT)}" for p in (ROOT / ".github" / "actions").glob("*/action.yml")
    }
    assert set(entry["directories"]) == folders
    assert entry["cooldown"]["default-days"] >= 7
