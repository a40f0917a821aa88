"""Golden files: what the bot writes, kept beside the tests that produce it, reviewed as diffs.

After an intended change of wording, regenerate them and review the diff:

    ELECTION_BOT_UPDATE_GOLDEN=1 uv run pytest tests
"""

from __future__ import annotations

import os
from pathlib import Path

UPDATE = os.environ.get("ELECTION_BOT_UPDATE_GOLDEN") == "1"
ROOT = Path(__file__).resolve().parents[1]  # tests/


def check_golden(folder: Path, name: str, text: str) -> None:
    """`text` must equal the golden file `folder/name` (written instead, when regenerating)."""
    path = folder / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {name}; run with ELECTION_BOT_UPDATE_GOLDEN=1 to create it"
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} differs; if intended, regenerate with ELECTION_BOT_UPDATE_GOLDEN=1"
    )


def golden_files() -> list[Path]:
    """Every Markdown golden file of the suite (the cmark-gfm test renders each one)."""
    return sorted(p for p in ROOT.rglob("golden/**/*.md") if p.is_file())
