"""The cassettes themselves: no credentials in them, and the builder reproduces them exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cassettes import build_cassettes
from tests.helpers.gateway import CASSETTES, TOKEN_PATTERN


def test_cassettes_hold_no_tokens() -> None:
    files = [p for p in CASSETTES.rglob("*") if p.is_file() and p.suffix in (".yaml", ".yml", ".json")]
    assert len(files) >= 8
    leaks = [str(p.relative_to(CASSETTES)) for p in files if TOKEN_PATTERN.search(p.read_text("utf-8"))]
    assert leaks == []
    for path in files:
        text = path.read_text("utf-8").lower()
        assert "authorization:" not in text, f"{path.name} keeps an Authorization header"


def test_builder_is_deterministic(tmp_path: Path) -> None:
    """Rebuilding the example cassettes gives exactly the committed files (unless re-recorded)."""
    if json.loads((CASSETTES / "targets.json").read_text("utf-8"))["source"] != "github-examples":
        pytest.skip("the cassettes were re-recorded against a scratch repository")
    before = {p.name: p.read_bytes() for p in CASSETTES.glob("*.yaml")}
    build_cassettes.build(tmp_path)
    after = {p.name: p.read_bytes() for p in tmp_path.glob("*.yaml")}
    assert after == before
    assert (tmp_path / "targets.json").read_bytes() == (CASSETTES / "targets.json").read_bytes()
