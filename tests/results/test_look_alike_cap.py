"""Weakness 6 (issue 12) at the count: three employees of one company, one writing its name with a
Cyrillic letter and one with a capital Cyrillic letter, are one entity; the cap seats two of them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from tests.helpers.results import counts_yaml, make_election

NOMINEES = {
    "ada": ("Ada A", [("Microsoft", "employer")]),
    "bea": ("Bea B", [("Micr\u043esoft", "employer")]),  # CYRILLIC SMALL LETTER O
    "cid": ("Cid C", [("\u041cICROSOFT CORP.", "employer")]),  # CYRILLIC CAPITAL LETTER EM
    "dan": ("Dan D", [("Independent", "member")]),
    "eli": ("Eli E", [("Elsewhere", "employer")]),
    "fox": ("Fox F", [("Another Place", "employer")]),
}


def test_look_alike_names_do_not_dodge_the_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    make_election(tmp_path, NOMINEES)
    monkeypatch.chdir(tmp_path)
    votes = {"ada": 90, "bea": 80, "cid": 70, "dan": 60, "eli": 50, "fox": 40}
    counts = counts_yaml(tmp_path / "counts.yaml", votes)

    code = main(["results", "--election", "test-2026", "--counts", str(counts), "--format", "json"])

    out, _ = capsys.readouterr()
    assert code == 0
    doc = json.loads(out)
    results = {c["login"]: c["result"] for c in doc["candidates"]}
    assert results["ada"] == results["bea"] == "elected"
    assert results["cid"] == "passed-over"
    assert [p["login"] for p in doc["pass_overs"]] == ["cid"]
    assert doc["pass_overs"][0]["entities"][0]["entity"]["name"] == "Microsoft"
