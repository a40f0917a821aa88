"""The bad-ballot corpus: every file in tests/corpus/ballots/ is counted with `election-bot results
--ballots FILE --electors N --post` and ends as its manifest says (ballots.expected.yaml): the exit code,
the message (with `file:line`), never a traceback, and nothing posted (no GitHub token is set, so a run
that reached posting would fail with another message)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from bot.cli import main
from tests.helpers.results import make_election

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
FOLDER = CORPUS / "ballots"
CASES: list[dict[str, Any]] = YAML(typ="safe").load((CORPUS / "ballots.expected.yaml").read_text("utf-8"))
KEYS = {"case", "method", "exit", "message", "electors", "recipe", "why"}
NOMINEES = {
    "ada": ("Ada Lovelace", [("Example Corp", "employer")]),
    "bo": ("Bo Fixit", [("Fixit Ltd", "employer")]),
    "cy": ("Cy Fan", [("Fan Club", "member")]),
}
TWO_SEATS = "  - {id: A, seats: 1, term_years: 2}\n  - {id: B, seats: 1, term_years: 1}"


def _file(case: dict[str, Any]) -> Path:
    found = sorted(FOLDER.glob(f"{case['case']}.*"))
    assert len(found) == 1, case["case"]
    return found[0]


def test_every_ballot_file_is_listed_exactly_once() -> None:
    listed = [c["case"] for c in CASES]
    assert len(listed) == len(set(listed))
    assert sorted(listed) == sorted(p.stem for p in FOLDER.iterdir())
    for case in CASES:
        assert set(case) <= KEYS, case["case"]
        assert {"exit", "message"} <= set(case), case["case"]
    assert sum(1 for c in CASES if c["exit"] == 2) >= 30


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_ballot_case(
    case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make_election(tmp_path, NOMINEES, election_id="corpus-2026", seats=2, cohorts=TWO_SEATS)
    method = case.get("method", "approval")
    election = folder / "election.yaml"
    election.write_text(election.read_text() + f"voting: {{method: {method}}}\n")
    source = _file(case)
    target = tmp_path / f"ballots{source.suffix}"
    shutil.copy(source, target)
    if "recipe" in case:
        with target.open("r+b") as handle:  # sparse: the size check must refuse it before reading
            handle.truncate(int(case["recipe"]["size"]))
    monkeypatch.chdir(tmp_path)
    for name in ("GITHUB_TOKEN", "GITHUB_REPOSITORY"):
        monkeypatch.delenv(name, raising=False)
    args = ["results", "--election", "corpus-2026", "--ballots", target.name]
    args += ["--electors", str(case.get("electors", 1000))]
    code = main([*args, "--post"] if case["exit"] == 2 else [*args, "--format", "json"])
    out, err = capsys.readouterr()
    assert code == case["exit"], err
    assert "Traceback" not in err and "internal error" not in err
    if case["exit"] == 2:
        assert out == ""
        assert err.startswith("error: ") and case["message"] in err, err
        assert "not posted" not in err and "results posted" not in err
    else:
        assert '"source": "ballots"' in out
    assert os.environ.get("GITHUB_TOKEN") is None
