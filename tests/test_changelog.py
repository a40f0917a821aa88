"""Changelog fragments build: `towncrier build --draft` works on this repository's changelog.d/ and shows
every fragment, and a real build writes each one, as written, under its type's heading in CHANGELOG.md."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOWNCRIER = Path(sys.executable).with_name("towncrier")
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["towncrier"]
TYPES = {kind["directory"]: kind["name"] for kind in CONFIG["type"]}


def fragments(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name not in CONFIG["ignore"])


def towncrier(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(TOWNCRIER), "build", "--dir", str(root), "--config", str(root / "pyproject.toml"), *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_every_fragment_is_named_for_a_type() -> None:
    names = [p.name for p in fragments(ROOT / "changelog.d")]
    assert names, "changelog.d/ holds the unreleased changes"
    wrong = [
        n for n in names if not re.fullmatch(r"(\d+|\+[a-z0-9-]+)\.(" + "|".join(TYPES) + r")(\.\d+)?\.md", n)
    ]
    assert wrong == []


def test_the_draft_shows_every_fragment() -> None:
    done = towncrier(ROOT, "--draft", "--version", "0.0.0", "--date", "2026-01-01")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "## 0.0.0 (2026-01-01)" in done.stdout
    for fragment in fragments(ROOT / "changelog.d"):
        assert fragment.read_text("utf-8").strip().splitlines()[0] in done.stdout, fragment.name


def test_a_release_writes_each_fragment_under_its_heading(tmp_path: Path) -> None:
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copy(ROOT / "CHANGELOG.md", tmp_path / "CHANGELOG.md")
    (tmp_path / "changelog.d").mkdir()
    for kept in CONFIG["ignore"]:
        shutil.copy(ROOT / "changelog.d" / kept, tmp_path / "changelog.d" / kept)
    (tmp_path / "changelog.d" / "25.people.md").write_text("- Results say what final means.\n", "utf-8")
    (tmp_path / "changelog.d" / "+faster.dev.md").write_text(
        "#### Faster tests\n\n- `make check` runs\n  in two minutes.\n", "utf-8"
    )
    done = towncrier(tmp_path, "--version", "1.0.0", "--date", "2026-01-01", "--keep")
    assert done.returncode == 0, done.stdout + done.stderr
    changelog = (tmp_path / "CHANGELOG.md").read_text("utf-8")
    head, released = changelog.split(CONFIG["start_string"])
    assert head == (ROOT / "CHANGELOG.md").read_text("utf-8").split(CONFIG["start_string"])[0]
    assert released == (
        "\n## 1.0.0 (2026-01-01)\n\n"
        f"### {TYPES['people']}\n\n- Results say what final means. (issue 25)\n\n"
        f"### {TYPES['dev']}\n\n#### Faster tests\n\n- `make check` runs\n  in two minutes.\n"
    )
