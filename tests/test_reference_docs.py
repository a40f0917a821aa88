"""The election.yaml reference is generated from the models: every key has a meaning, its worked example
loads, and `election-bot schemas` rewrites only the generated part of the page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import Field

from bot.cli import main
from bot.config.loading import load_election
from bot.config.models import Strict
from bot.config.reference import END, EXAMPLE, START, MissingDescriptionError, sections


def test_the_worked_example_is_a_valid_election_that_uses_the_keys() -> None:
    loaded = load_election(EXAMPLE.encode(), "nominations/steering-2027/election.yaml", "steering-2027")
    assert loaded.findings == []
    assert loaded.election is not None
    written = set(re.findall(r"^([a-z_]+):", EXAMPLE, re.MULTILINE))
    top = {row.key for row in sections()[0].rows}
    assert top - written == {"timezone_note"}  # its default names the zone, which the example sets


def test_a_key_without_a_meaning_stops_the_reference() -> None:
    class Probe(Strict):
        """A probe."""

        explained: int = Field(default=1, description="Has a meaning.")
        silent: int = 2

    with pytest.raises(MissingDescriptionError, match="`silent` has no description"):
        sections(Probe)


def test_schemas_writes_and_checks_the_reference(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "docs" / "election-yaml.md"
    page.parent.mkdir()
    page.write_text(f"# election.yaml\n\nPeople's words.\n\n{START}\nold\n{END}\n\nMore words.\n", "utf-8")
    schemas = tmp_path / "schemas"
    args = ["schemas", "--out", str(schemas), "--reference", str(page)]
    assert main([*args, "--check"]) == 1
    assert str(page) in capsys.readouterr().err
    assert main(args) == 0
    text = page.read_text("utf-8")
    assert text.startswith("# election.yaml\n\nPeople's words.\n\n")
    assert text.endswith(f"{END}\n\nMore words.\n")
    assert "| `conflict_of_interest` |" in text
    assert main([*args, "--check"]) == 0
    assert sorted(p.name for p in schemas.iterdir()) == ["election.schema.json", "nomination.schema.json"]
    missing = tmp_path / "new" / "reference.md"
    assert main(["schemas", "--out", str(schemas), "--reference", str(missing)]) == 0
    assert missing.read_text("utf-8").startswith(START)
