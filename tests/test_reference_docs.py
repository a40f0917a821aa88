"""The reference pages say what the code does: each is generated from its owner, or checked against it.

- docs/reference/election-yaml.md: its generated part is `election-bot schemas`'s output, every key has a
  meaning, and its worked example loads;
- docs/reference/cli.md: every command and every option of the parser;
- docs/reference/labels.md: the label registry's names, colours and descriptions;
- docs/reference/finding-codes.md: every code of the catalogue with its severity (rewrite the table with
  ELECTION_BOT_UPDATE_DOCS=1 uv run pytest tests/test_reference_docs.py);
- docs/reference/environment.md: every variable the code reads;
- docs/explanation/github-gateway.md: every operation of the gateway's request table.
"""

from __future__ import annotations

import argparse
import ast
import os
import re
from pathlib import Path

import pytest
from pydantic import Field

from bot.cli import build_parser, main
from bot.config.loading import load_election
from bot.config.models import Strict
from bot.config.reference import END, EXAMPLE, START, MissingDescriptionError, refresh, sections
from bot.text.catalogue import CATALOGUE
from bot.text.labels import FIXED, NOMINEE_COLOR, NOMINEE_PREFIX

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "docs" / "reference"
UPDATE = os.environ.get("ELECTION_BOT_UPDATE_DOCS") == "1"


def section(text: str, heading: str) -> str:
    """The text under `heading` up to the next heading of the same or a higher level."""
    level = heading.split(" ", 1)[0]
    start = text.index(f"\n{heading}\n") + 1
    ends = [text.find(f"\n{'#' * n} ", start + 1) for n in range(1, len(level) + 1)]
    found = [e for e in ends if e != -1]
    return text[start : min(found)] if found else text[start:]


# -- election.yaml -----------------------------------------------------------------------------------------


def test_the_election_yaml_reference_is_current() -> None:
    page = (REFERENCE / "election-yaml.md").read_text("utf-8")
    assert page.count(START) == 1 and page.count(END) == 1
    assert page == refresh(page), "run `uv run --frozen election-bot schemas` and commit the result"


def test_the_reference_has_a_section_for_every_mapping_and_a_row_for_every_key() -> None:
    page = (REFERENCE / "election-yaml.md").read_text("utf-8")
    for part in sections():
        title = f"`{part.path}`" if part.path else "The top level"
        rows = section(page, f"### {title}")
        for row in part.rows:
            assert f"| `{row.key}` |" in rows, (part.path, row.key)
    assert "| `voting` |" in section(page, "### The top level")  # the key as written, not the attribute


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


# -- the command line --------------------------------------------------------------------------------------


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def undocumented(page: str) -> list[str]:
    """Each command without its section, and each option or argument its section does not name."""
    missing = []
    for name, command in _commands().items():
        if f"\n## `{name}`\n" not in page:
            missing.append(f"## `{name}`")
            continue
        text = section(page, f"## `{name}`")
        for action in command._actions:
            for option in action.option_strings:
                if option.startswith("--") and option not in ("--help", "--repo") and option not in text:
                    missing.append(f"{name} {option}")
            if (
                not action.option_strings
                and action.dest != "help"
                and f"`{action.metavar or action.dest.upper()}" not in text
            ):
                missing.append(f"{name} {action.metavar or action.dest.upper()}")
    global_options = section(page, "## Options of every command")
    return missing + [f"global {o}" for o in ("--repo", "--verbose", "--version") if o not in global_options]


def test_the_cli_reference_names_every_command_and_option() -> None:
    assert undocumented((REFERENCE / "cli.md").read_text("utf-8")) == []


def test_the_cli_check_finds_what_is_missing() -> None:
    page = (REFERENCE / "cli.md").read_text("utf-8")
    assert sorted(undocumented(page.replace("--github-repo", "--gh"))) == [
        "preview --github-repo",
        "site --github-repo",
    ]
    assert undocumented(page.replace("## `labels`", "## labels")) == ["## `labels`"]
    assert undocumented(page.replace("`PATH`", "`P`").replace("PATH...", "P...")) == ["validate PATH"]


# -- labels ------------------------------------------------------------------------------------------------


def test_the_labels_reference_is_the_registry() -> None:
    page = (REFERENCE / "labels.md").read_text("utf-8")
    rows = re.findall(r"^\| `([^`]+)` \| `#([0-9a-f]{6})` \| ([^|]+) \|", page, re.MULTILINE)
    shown = {name: (color, description.strip()) for name, color, description in rows}
    wanted = {label.name: (label.color, label.description) for label in FIXED.values()}
    wanted[f"{NOMINEE_PREFIX}<login>"] = (NOMINEE_COLOR, "Nominates <login> (set by election-bot)")
    assert shown == wanted


# -- finding codes -----------------------------------------------------------------------------------------

FAMILIES = {
    "FILE": "the file",
    "YAML": "YAML (front matter and election.yaml)",
    "NOM": "the nomination's fields",
    "LOC": "where the file is",
    "WIN": "the nomination window",
    "MEM": "membership",
    "PR": "the pull request as a whole",
    "COI": "shared affiliations",
    "ELC": "election.yaml",
}
CODES_START, CODES_END = "<!-- finding-codes:start -->", "<!-- finding-codes:end -->"


def codes_table() -> str:
    rows = [
        "<!-- Generated from bot/text/catalogue.py by tests/test_reference_docs.py; do not edit here. -->",
        "",
        "| code (what it means, for the nominee) | severity | about |",
        "| --- | --- | --- |",
    ]
    for code, entry in CATALOGUE.items():
        family = FAMILIES[re.sub(r"\d+$", "", code)]
        rows.append(
            f"| [{code}](../../nominations/README.md#{code.lower()}) | {entry.severity.value} | {family} |"
        )
    return "\n".join(rows)


def test_the_finding_codes_reference_is_current() -> None:
    page = REFERENCE / "finding-codes.md"
    text = page.read_text("utf-8")
    before, rest = text.split(CODES_START)
    current, after = rest.split(CODES_END)
    wanted = f"\n{codes_table()}\n"
    if UPDATE and current != wanted:
        page.write_text(before + CODES_START + wanted + CODES_END + after, "utf-8")
        current = wanted
    assert current == wanted, "stale: ELECTION_BOT_UPDATE_DOCS=1 uv run pytest tests/test_reference_docs.py"


# -- environment -------------------------------------------------------------------------------------------


def test_the_environment_reference_names_every_variable_the_code_reads() -> None:
    page = (REFERENCE / "environment.md").read_text("utf-8")
    read = set()
    for module in (ROOT / "bot").glob("**/*.py"):
        read |= set(re.findall(r"[\"']((?:ELECTION_BOT|GITHUB)_[A-Z_]+)[\"']", module.read_text("utf-8")))
    read = {name for name in read if not name.endswith("_LIMIT")}  # constants, not variables
    assert len(read) > 10
    assert sorted(name for name in read if f"`{name}`" not in page) == []


# -- the GitHub gateway --------------------------------------------------------------------------------------


def request_table() -> dict[str, int]:
    """`REQUEST_TABLE` of the gateway's tests, read as data (test modules do not import each other)."""
    for module in sorted(ROOT.glob("tests/**/test_gateway.py")):
        for node in ast.parse(module.read_text("utf-8")).body:
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "REQUEST_TABLE" for t in node.targets
            ):
                table: dict[str, int] = ast.literal_eval(node.value)
                return table
    raise AssertionError("no REQUEST_TABLE in tests/**/test_gateway.py")


def test_the_gateway_table_is_the_request_table() -> None:
    page = (ROOT / "docs" / "explanation" / "github-gateway.md").read_text("utf-8")
    rows = [line for line in page.splitlines() if line.startswith("| `")]
    documented = {}
    for row in rows:
        operations, requests = row.split("|")[1:3]
        for operation in re.findall(r"`(\w+)`", operations):
            documented[operation] = requests.strip()
    table = request_table()
    assert sorted(documented) == sorted(table)
    # An operation that costs one request in the table's small repository says so.
    assert [op for op, n in table.items() if n == 1 and not documented[op].startswith("1 ")] == []
