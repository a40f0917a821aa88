"""Broken election configs: exit 2 with `file:line: CODE message`, for timeline and validate alike."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from bot.cli import main

CORPUS = Path(__file__).parent.parent / "corpus"
CASES: list[dict[str, Any]] = YAML(typ="safe").load((CORPUS / "elections.expected.yaml").read_text())


def test_every_config_case_is_listed() -> None:
    assert sorted(c["case"] for c in CASES) == sorted(p.stem for p in (CORPUS / "elections").glob("*.yaml"))


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_config_case(
    case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "nominations" / "corpus-2026"
    folder.mkdir(parents=True)
    shutil.copy(CORPUS / "elections" / f"{case['case']}.yaml", folder / "election.yaml")
    shutil.copy(CORPUS / "nominations" / "valid-basic.md", folder / "janedoe.md")
    monkeypatch.chdir(tmp_path)

    timeline_exit = main(["timeline", "--election", "corpus-2026", "--at", "2026-08-01T00:00:00Z"])
    timeline_err = capsys.readouterr().err
    validate_exit = main(["validate", "nominations", "--at", "2026-08-01T00:00:00Z"])
    validate_out = capsys.readouterr().out

    if not case["codes"]:
        assert (timeline_exit, validate_exit) == (0, 0)
        return
    assert (timeline_exit, validate_exit) == (2, 2)
    assert "Traceback" not in timeline_err
    found = sorted(re.findall(r"election\.yaml:\d+: ([A-Z]+\d{3}) ", timeline_err))
    assert found == case["codes"], timeline_err
    assert sorted(re.findall(r"election\.yaml:\d+: ([A-Z]+\d{3}) ", validate_out)) == case["codes"]
