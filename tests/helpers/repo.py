"""The repository under test (ROOT, its tracked files) and the stand-in's repository name (REPO)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

REPO = "pypa/elections"


ROOT = Path(__file__).resolve().parents[2]  # the repository


def tracked_files() -> Iterator[tuple[str, bytes]]:
    """(path, content) of every file `git ls-files` names in the working tree (nothing outside git)."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, timeout=60
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return
    for name in listed.decode("utf-8", "surrogateescape").split("\0"):
        path = ROOT / name
        if name and path.is_file() and not path.is_symlink():
            yield name, path.read_bytes()
