"""The distribution as an adopter installs it: the wheel is built from this tree with the project's own
backend (hatchling, offline: no build isolation), checked as PyPI checks it (twine), installed into a
fresh virtual environment, and its `election-bot` runs `init`, `validate` and `preview` outside this
repository. The dependencies come from the project's environment, the package itself only from the
wheel (the test checks which `bot` it ran). The stand-in and the demo are a distribution of their own
(`packages/election-bot-demo`, the `demo` extra): the product's wheel holds none of them, nor the
benchmarks, and says how to get the demo."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # docs/development/testing.md: The fast lane

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def run(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    run(BIN / "hatchling", "build", "-t", "wheel", "-d", out, cwd=ROOT)
    (built,) = out.glob("election_bot-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh venv holding the wheel; its dependencies are this environment's (a .pth line adds its
    site-packages after the venv's own, whose .pth files, the editable install's among them, are not
    read)."""
    home = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(with_pip=False).create(home)
    python = home / "bin" / "python"
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").strip())
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    (site / "zz-project-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    script = home / "bin" / "election-bot"
    script.write_text(f"#!{python}\nimport sys\nfrom bot.cli import main\nsys.exit(main())\n")
    script.chmod(0o755)
    yield home
    shutil.rmtree(home, ignore_errors=True)


DEVELOPMENT_ONLY = (
    "bot/fakehub/",
    "bot/demo/",
    "bot/benchmarks/",
    "bot/commands/bench.py",
    "election_bot_demo/",
)


def test_the_wheel_holds_the_package_and_its_metadata_passes_twine(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "bot/cli.py" in names and "bot/site/assets/site.js" in names
    assert not [
        n for n in names if n.startswith(("tests/", "nominations/", ".github/", "tools/", "packages/"))
    ]
    assert not [n for n in names if n.startswith(DEVELOPMENT_ONLY)]
    assert {n.split("/", 1)[0] for n in names} == {"bot", wheel.name.split("-py3")[0] + ".dist-info"}
    metadata = (
        zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    )
    assert "Provides-Extra: demo" in metadata
    assert "Requires-Dist: election-bot-demo; extra == 'demo'" in metadata
    assert "trustme" not in metadata  # the demo's dependency, not the product's
    entry = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "election-bot = bot.cli:main" in zipfile.ZipFile(wheel).read(entry).decode()
    assert "PASSED" in run(BIN / "twine", "check", "--strict", wheel)


def test_the_demo_wheel_holds_the_stand_in_and_the_story(tmp_path: Path) -> None:
    run(
        BIN / "hatchling", "build", "-t", "wheel", "-d", tmp_path, cwd=ROOT / "packages" / "election-bot-demo"
    )
    (built,) = tmp_path.glob("election_bot_demo-*.whl")
    names = zipfile.ZipFile(built).namelist()
    assert "election_bot_demo/fakehub/hub.py" in names and "election_bot_demo/script.py" in names
    assert {n.split("/", 1)[0] for n in names} == {
        "election_bot_demo",
        built.name.split("-py3")[0] + ".dist-info",
    }
    metadata = (
        zipfile.ZipFile(built).read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    )
    assert "Requires-Dist: election-bot" in metadata and "Requires-Dist: trustme" in metadata
    assert "PASSED" in run(BIN / "twine", "check", "--strict", built)


def test_the_installed_wheel_validates_the_sample_election_and_asks_for_the_demo_extra(
    installed: Path, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "PYTHON"))}
    cli = installed / "bin" / "election-bot"
    shutil.copytree(ROOT / "nominations", tmp_path / "nominations")
    out = run(cli, "validate", "nominations/sample-2026", "--no-window", cwd=tmp_path, env=env)
    assert "OK: 2 files checked, 0 errors" in out
    demo = subprocess.run(
        [str(cli), "demo", "--transcript", str(tmp_path / "t")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert demo.returncode == 2, demo.stdout + demo.stderr
    assert "pip install 'election-bot[demo]'" in demo.stderr
    assert "Traceback" not in demo.stderr and not (tmp_path / "t").exists()


def test_the_installed_wheel_scaffolds_validates_and_previews(installed: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "PYTHON"))}
    cli = installed / "bin" / "election-bot"
    where = run(installed / "bin" / "python", "-c", "import bot; print(bot.__file__)", cwd=tmp_path, env=env)
    assert where.strip().startswith(str(installed)), where
    assert run(cli, "--version", env=env).startswith("election-bot ")
    repo = tmp_path / "elections"
    run(
        cli, "init", repo, "--id", "board-2027", "--title", "Board election 2027", "--contact", "board@example.org",
        "--nominations", "2027-05-01T00:00:00Z", "2027-05-15T00:00:00Z",
        "--voting", "2027-06-01T00:00:00Z", "2027-06-08T00:00:00Z",
        cwd=tmp_path, env=env,
    )  # fmt: skip
    template = (repo / "nominations" / "TEMPLATE.md").read_text()
    nomination = repo / "nominations" / "board-2027" / "ada.md"
    nomination.write_text(
        template.replace("Your Name", "Ada Example").replace("your-github-login", "ada")
        .replace("Your Employer", "Example Corp").replace("Your Title", "Engineer")
        .replace("A Project You Maintain", "examplelib").replace("https://example.org/your-page", "https://example.org/ada")
        .split("Replace this paragraph")[0] + "I have reviewed pull requests for five years. " * 12 + "\n"
    )  # fmt: skip
    assert "OK" in run(cli, "validate", nomination, "--no-window", cwd=repo, env=env)
    run(cli, "preview", "--election", "board-2027", "--out", tmp_path / "preview", cwd=repo, env=env)
    assert (tmp_path / "preview" / "nominations-issue.html").is_file()


def test_the_workflows_locked_install_holds_neither_the_stand_in_nor_its_dependencies() -> None:
    """The workflows install uv.lock's runtime dependencies (`uv sync --no-dev`, .github/actions/setup):
    everything election-bot needs, transitively, and nothing the demo alone needs."""
    import tomllib

    lock = {p["name"]: p for p in tomllib.loads((ROOT / "uv.lock").read_text("utf-8"))["package"]}
    needed: set[str] = set()
    todo = [d["name"] for d in lock["election-bot"]["dependencies"]]
    while todo:
        name = todo.pop()
        if name not in needed:
            needed.add(name)
            todo.extend(d["name"] for d in lock[name].get("dependencies", ()))
    assert {"pygithub", "pydantic", "ruamel-yaml"} <= needed
    assert not needed & {"election-bot-demo", "trustme", "pytest", "hypothesis"}
    assert lock["election-bot"]["optional-dependencies"]["demo"] == [{"name": "election-bot-demo"}]
    assert {d["name"] for d in lock["election-bot-demo"]["dependencies"]} == {"election-bot", "trustme"}
