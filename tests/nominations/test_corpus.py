"""The bad-nomination corpus: every data file ends in its expected findings and exit code, never a crash."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from bot.cli import main
from bot.text.catalogue import CATALOGUE
from bot.text.findings import Severity

CORPUS = Path(__file__).parent.parent / "corpus"
CASES: list[dict[str, Any]] = YAML(typ="safe").load((CORPUS / "nominations.expected.yaml").read_text())
ERROR_FREE = {code for code, entry in CATALOGUE.items() if entry.severity is not Severity.error}


def corpus_bytes(case: dict[str, Any]) -> bytes:
    """The case's file, completed by its recipe (`RECIPE` → `times` copies of `text`, or as many as keep the
    file within `fill_to` bytes)."""
    data = (CORPUS / "nominations" / f"{case['case']}.md").read_bytes()
    recipe = case.get("recipe")
    if recipe is None:
        return data
    text = str(recipe["text"]).encode()
    base = len(data) - len(b"RECIPE")
    times = int(recipe["times"]) if "times" in recipe else (int(recipe["fill_to"]) - base) // len(text)
    filled = data.replace(b"RECIPE", text * times)
    assert "fill_to" not in recipe or len(filled) <= int(recipe["fill_to"])
    return filled


def test_every_corpus_file_is_listed_exactly_once() -> None:
    files = {p.stem for p in (CORPUS / "nominations").glob("*.md")}
    listed = [c["case"] for c in CASES]
    assert sorted(listed) == sorted(files)
    assert len(listed) == len(set(listed))


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_corpus_case(case: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "nominations"
    (root / "corpus-2026").mkdir(parents=True)
    shutil.copy(CORPUS / "corpus-election.yaml", root / "corpus-2026" / "election.yaml")
    folder = root / case.get("election", "corpus-2026")
    folder.mkdir(exist_ok=True)
    name = case.get("filename", f"{case.get('login', 'janedoe')}.md")
    target = folder / name
    target.write_bytes(corpus_bytes(case))

    code = main(["validate", str(target), "--at", case.get("at", "2026-08-01T00:00:00Z"), "--format", "json"])

    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    report = json.loads(captured.out)
    codes = sorted(f["code"] for f in report["findings"] if f["code"] != "MEM003")
    assert codes == case["codes"]
    expected_exit = case.get("exit", 1 if set(case["codes"]) - ERROR_FREE else 0)
    assert code == expected_exit
    for finding in report["findings"]:
        assert finding["message"], "every finding says what to do"
        assert finding["path"].endswith(name)
    # The text format (the default, and the pre-commit hook's) in a CI log: one line per finding and a
    # summary, nothing a runner would take for a workflow command, no terminal escape.
    assert main(["validate", str(target), "--at", case.get("at", "2026-08-01T00:00:00Z")]) == code
    text = capsys.readouterr().out
    assert len(text.splitlines()) == len(report["findings"]) + 1
    assert not re.search(r"(?m)^\s*::", text) and "\x1b" not in text
