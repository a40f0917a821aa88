"""`validate`, `timeline` and `schemas` as a nominee or admin runs them: outputs and exit codes."""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.cli import main
from bot.config.schemas import SCHEMAS, render_schema
from bot.text.catalogue import CATALOGUE

REPO = Path(__file__).parent.parent.parent
SAMPLES = REPO / "nominations" / "sample-2026"
IN_WINDOW = "2026-03-10T00:00:00Z"


def sample_repository(root: Path) -> Path:
    """A repository at `root` holding the sample election's config alone; its folder."""
    (root / ".git").mkdir()
    folder = root / "nominations" / "sample-2026"
    folder.mkdir(parents=True)
    (folder / "election.yaml").write_bytes((SAMPLES / "election.yaml").read_bytes())
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_samples_are_valid(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", str(SAMPLES), "--at", IN_WINDOW)
    assert code == 0
    assert "OK: 2 files checked, 0 errors" in out


def test_samples_with_a_roster(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "github_login,membership,github_id\nada-example,fellow,1\ngrace-sample,contributing,2\n"
    )
    code, out, _ = run(
        capsys, "validate", str(SAMPLES), "--at", IN_WINDOW, "--roster", str(roster), "--format", "json"
    )
    assert code == 0
    assert json.loads(out)["findings"] == []
    assert (
        "membership was not checked" not in run(capsys, "validate", str(SAMPLES), "--roster", str(roster))[2]
    )


def test_without_a_directory_one_line_says_membership_was_not_checked(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Locally, no roster is the normal case: one info line on stderr, not a MEM003 warning per file."""
    code, out, err = run(capsys, "validate", str(SAMPLES), "--at", IN_WINDOW)
    assert code == 0 and "MEM003" not in out
    assert err.count("info: membership was not checked here") == 1
    assert "the pull request check verifies it" in err


def test_roster_says_basic(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("github_login,membership\nada-example,basic\n")
    code, out, _ = run(
        capsys, "validate", str(SAMPLES / "ada-example.md"), "--at", IN_WINDOW, "--roster", str(roster)
    )
    assert code == 1
    assert "MEM002" in out


def test_roster_missing_nominee(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("github_login,membership\nsomeone,fellow\n")
    code, out, _ = run(
        capsys, "validate", str(SAMPLES / "ada-example.md"), "--at", IN_WINDOW, "--roster", str(roster)
    )
    assert code == 1
    assert "MEM001" in out


@pytest.mark.parametrize(
    "content",
    [
        "login,class\nx,fellow\n",
        "github_login,membership\nx,not a class\n",
        "github_login,membership,github_id\nx,fellow,12ab\n",
        "github_login,membership\n-x-,fellow\n",
    ],
)
def test_unusable_roster_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(content)
    code, out, err = run(capsys, "validate", str(SAMPLES), "--at", IN_WINDOW, "--roster", str(roster))
    assert code == 2
    assert "roster" in err
    assert "Traceback" not in err


def test_text_format_is_path_line_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "nominations" / "sample-2026"
    folder.mkdir(parents=True)
    (folder / "election.yaml").write_bytes((SAMPLES / "election.yaml").read_bytes())
    (folder / "ada-example.md").write_text((SAMPLES / "ada-example.md").read_text().replace("name:", "nmae:"))
    code, out, _ = run(capsys, "validate", str(folder / "ada-example.md"), "--at", IN_WINDOW)
    assert code == 1
    assert re.search(r"ada-example\.md:2: NOM003 unknown field `nmae` \(did you mean `name`\?\)", out)


def test_github_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "nominations" / "sample-2026"
    folder.mkdir(parents=True)
    (folder / "election.yaml").write_bytes((SAMPLES / "election.yaml").read_bytes())
    (folder / "ada-example.md").write_text(
        (SAMPLES / "ada-example.md").read_text().replace("fellow", "basic")
    )
    code, out, _ = run(capsys, "validate", str(folder), "--at", IN_WINDOW, "--format", "github")
    assert code == 1
    assert re.search(r"^::error file=[^,]*ada-example\.md,line=4,title=NOM008::", out, re.M)
    assert "\n" not in out.strip().split("::error")[1]  # one command per line: no injection via newlines


def test_window_is_half_open(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(SAMPLES / "ada-example.md")
    assert run(capsys, "validate", path, "--at", "2026-03-17T13:59:59Z")[0] == 0
    code, out, _ = run(capsys, "validate", path, "--at", "2026-03-17T14:00:00Z")
    assert code == 1
    assert "WIN002" in out and "closed at Tue 17 Mar 2026, 14:00 UTC" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["validate"],
        ["validate", "x.md", "--at", "2026-08-11T14:00:00"],  # no offset
        ["validate", "x.md", "--at", "yesterday"],
        ["validate", "x.md", "--format", "xml"],
        ["timeline", "--election", "no-such-election"],
        ["nonsense"],
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert err and "Traceback" not in err


def test_timeline_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "timeline", "--election", "ppc-2026", "--at", "2026-08-11T14:00:00Z", "--format", "json"
    )
    assert code == 0
    document = json.loads(out)
    assert document["election"] == "ppc-2026"
    assert document["at"] == "2026-08-11T14:00:00Z"
    states = {p["id"]: p["state"] for p in document["phases"]}
    assert states["nominations"] == "closed"
    assert states["voting"] == "pending"
    assert set(document["phases"][0]) == {"id", "title", "start", "end", "state"}


def test_ppc_2026_facts(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "timeline", "--election", "ppc-2026", "--at", "2026-08-01T00:00:00Z", "--format", "json"
    )
    phases = {p["id"]: p for p in json.loads(out)["phases"]}
    assert (phases["nominations"]["start"], phases["nominations"]["end"]) == (
        "2026-07-28T14:00:00Z",
        "2026-08-11T14:00:00Z",
    )
    assert phases["affirmation"]["end"] == "2026-08-25T14:00:00Z"
    assert phases["candidates"]["start"].startswith("2026-08-13T")
    assert (phases["voting"]["start"], phases["voting"]["end"]) == (
        "2026-09-01T14:00:00Z",
        "2026-09-15T14:00:00Z",
    )


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schemas_are_current(name: str) -> None:
    committed = (REPO / "schemas" / name).read_text(encoding="utf-8")
    assert committed == render_schema(SCHEMAS[name], name), "run `election-bot schemas` and commit the result"


def test_election_configs_point_editors_at_the_schema() -> None:
    for config in (REPO / "nominations").glob("*/election.yaml"):
        assert config.read_text().startswith(
            "# yaml-language-server: $schema=../../schemas/election.schema.json"
        )


def test_every_code_is_documented_in_the_guide() -> None:
    guide = (REPO / "nominations" / "README.md").read_text()
    missing = [code for code in CATALOGUE if f"**{code}**" not in guide]
    assert missing == []


def test_every_example_value_of_the_template_is_caught(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The template copied as it is: each of its example values is a NOM021 at its own line, and the
    attestations the sample election does not ask for are NOM025."""
    target = tmp_path / "nominations" / "sample-2026"
    target.mkdir(parents=True)
    (target / "election.yaml").write_bytes((SAMPLES / "election.yaml").read_bytes())
    template = (REPO / "nominations" / "TEMPLATE.md").read_text()
    (target / "your-github-login.md").write_text(template)
    code, out, _ = run(
        capsys, "validate", str(target / "your-github-login.md"), "--no-window", "--format", "json"
    )
    assert code == 1
    found = json.loads(out)["findings"]
    lines = template.splitlines()
    placeholders = set()
    for f in found:
        if f["code"] == "NOM021":
            value = f["message"].split("placeholder `")[1].split("`")[0]
            assert value in lines[f["line"] - 1]  # reported at the example's own line
            placeholders.add(value)
    assert placeholders == {
        "Your Name",
        "your-github-login",
        "Your Employer",
        "Your Title",
        "A Project You Maintain",
        "https://example.org/your-page",
    }
    extra = sorted(f["message"].split("`")[1] for f in found if f["code"] == "NOM025")
    assert extra == ["not_psf_staff", "not_steering_council"]


def test_no_window_checks_the_file_but_not_the_window(capsys: pytest.CaptureFixture[str]) -> None:
    """The pre-commit hook: a nominee may commit before nominations open. Without `--no-window`, a file
    checked before nominations open is not wrong either: a notice says when they open (WIN004); the pull
    request check still refuses a pull request opened too early (WIN001, tests/e2e/test_pr.py)."""
    code, out, _ = run(capsys, "validate", str(SAMPLES), "--at", "2020-01-01T00:00:00Z")
    assert code == 0
    assert "WIN004 notice: nominations for sample-2026 open at Tue 3 Mar 2026, 14:00 UTC" in out
    assert "WIN001" not in out and out.rstrip().splitlines()[-1].startswith("OK: 2 files checked, 0 errors")
    code, out, _ = run(capsys, "validate", str(SAMPLES), "--no-window")
    assert code == 0
    assert "WIN00" not in out
    hook = (REPO / ".pre-commit-hooks.yaml").read_text()
    assert "entry: election-bot validate --no-window" in hook
    code, _, err = run(capsys, "validate", str(SAMPLES), "--no-window", "--at", IN_WINDOW)
    assert code == 2
    assert "not allowed with argument" in err


def test_commands_find_the_repository_from_any_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    sample_repository(tmp_path)
    deep = tmp_path / "docs" / "deeper"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    code, out, _ = run(capsys, "timeline", "--election", "sample-2026", "--at", IN_WINDOW)
    assert code == 0
    assert "nominations  2026-03-03T14:00:00Z" in out
    code, out, _ = run(capsys, "calendar", "--election", "sample-2026")
    assert code == 0
    assert "BEGIN:VCALENDAR" in out


def test_repo_option_and_where_an_unknown_election_was_looked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".git").mkdir()  # an empty repository: no nominations folder
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "timeline", "--election", "sample-2026")
    assert code == 2
    assert f"no nominations folder in {tmp_path}" in err
    assert "--repo DIR" in err
    for argv in (
        ["timeline", "--repo", str(REPO), "--election", "sample-2026", "--at", IN_WINDOW],
        ["--repo", str(REPO), "timeline", "--election", "sample-2026", "--at", IN_WINDOW],
    ):
        code, out, _ = run(capsys, *argv)
        assert code == 0, argv
        assert "sample-2026" in out
    code, _, err = run(capsys, "timeline", "--repo", str(REPO), "--election", "nope")
    assert code == 2
    assert "unknown election 'nope' (known: " in err
    assert f"looked in {REPO / 'nominations'}/<id>/election.yaml" in err
    code, _, err = run(capsys, "--repo", str(tmp_path), "timeline")
    assert code == 2
    assert f"there is no {tmp_path / 'nominations'} folder" in err


def test_a_reader_that_stops_early_gets_141_and_no_internal_error() -> None:
    """`election-bot timeline | head -1` once printed "internal error (BrokenPipeError) … report it"."""
    script = "import sys; from bot.cli import main; sys.exit(main(sys.argv[1:]))"
    argv = ["--repo", str(REPO), "timeline", "--election", "sample-2026"]
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first line is written
    try:
        done = subprocess.run([sys.executable, "-c", script, *argv], stdout=write, stderr=subprocess.PIPE)
    finally:
        os.close(write)
    assert (done.returncode, done.stderr.decode()) == (141, "")


def test_a_broken_pipe_that_is_not_the_output_is_an_internal_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(args: argparse.Namespace) -> int:
        raise BrokenPipeError(32, "a socket's peer went away")

    parser = argparse.ArgumentParser()
    parser.set_defaults(handler=broken, verbose=False, repo_dir=None)
    monkeypatch.setattr("bot.cli.build_parser", lambda: parser)
    assert main([]) == 70
    assert "internal error (BrokenPipeError)" in capsys.readouterr().err


def _run_in(
    zone: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *argv: str
) -> tuple[int, str, str]:
    """A command run on a computer whose clock is set to `zone`."""
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        return run(capsys, *argv)
    finally:
        monkeypatch.undo()
        time.tzset()


def _validate_in(
    zone: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *argv: str
) -> str:
    """`validate`'s standard error on a computer set to `zone`."""
    return _run_in(zone, monkeypatch, capsys, "validate", *argv)[2]


def test_in_the_window_validate_says_when_nominations_close_on_the_nominees_clock(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A nominee in São Paulo reads the cut-off in UTC and on their own clock, without converting it."""
    err = _validate_in("America/Sao_Paulo", monkeypatch, capsys, str(SAMPLES), "--at", IN_WINDOW)
    assert (
        "info: nominations for sample-2026 close at Tue 17 Mar 2026, 14:00 UTC "
        "(Tue 17 Mar 2026, 11:00 -03 on this computer's clock). Open the pull request before then"
    ) in err
    assert err.count("nominations for sample-2026 close") == 1  # one line per election, not per file
    # On a computer set to UTC the time is said once; outside the window, or with --no-window, not at all.
    err = _validate_in("UTC", monkeypatch, capsys, str(SAMPLES / "ada-example.md"), "--at", IN_WINDOW)
    assert "close at Tue 17 Mar 2026, 14:00 UTC. Open" in err
    for late in (["--at", "2026-03-17T14:00:00Z"], ["--no-window"]):
        err = _validate_in("America/Sao_Paulo", monkeypatch, capsys, str(SAMPLES), *late)
        assert "membership was not checked" in err and "close at" not in err


def test_the_timeline_adds_each_phase_on_the_readers_clock_where_it_reads_otherwise(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ("timeline", "--election", "sample-2026", "--at", IN_WINDOW)
    code, out, _ = _run_in("America/Sao_Paulo", monkeypatch, capsys, *argv)
    assert code == 0
    assert (
        "On this computer's clock:\n  nominations  Tue 3 Mar 2026, 11:00 -03 → Tue 17 Mar 2026, 11:00 -03\n"
        in out
    )
    assert out.count("Tue 14 Apr 2026, 11:00 -03") == 1  # voting's end, once
    code, out, _ = _run_in("UTC", monkeypatch, capsys, *argv)  # the election's own time: said once
    assert code == 0 and "computer's clock" not in out and "2026-03-17T14:00:00Z" in out


def test_a_file_outside_the_elections_folders_is_also_checked_against_the_only_election(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 29: `validate` on a file outside `nominations/<election>/` said only LOC001. With exactly one
    election in the repository it checks the file against that one too, and says so; with two it cannot
    know which, and says only LOC001."""
    folder = sample_repository(tmp_path)
    draft = tmp_path / "drafts" / "ada-example.md"
    draft.parent.mkdir()
    text = (SAMPLES / "ada-example.md").read_text(encoding="utf-8")
    draft.write_text(text.replace("psf_membership: fellow", "psf_membership: fellowship"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "validate", "drafts/ada-example.md", "--at", IN_WINDOW)
    codes = re.findall(r"\b([A-Z]{3}\d{3})\b", out)
    assert code == 1 and "LOC001" in codes and "NOM008" in codes, out
    assert (
        "info: drafts/ada-example.md is not in an election's folder (LOC001); it was also checked against "
        "sample-2026, the only election here: move it to nominations/sample-2026/ada-example.md"
    ) in err
    # The same file, once moved: the rest is still found, and the location is fine.
    moved = folder / "ada-example.md"
    moved.write_text(draft.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = run(capsys, "validate", "nominations/sample-2026/ada-example.md", "--at", IN_WINDOW)
    assert "NOM008" in out and "LOC001" not in out and "was also checked" not in err
    # Two elections: which one is not known, so only where the file is.
    other = tmp_path / "nominations" / "other-2026"
    other.mkdir()
    (other / "election.yaml").write_text(
        (SAMPLES / "election.yaml").read_text(encoding="utf-8").replace("sample-2026", "other-2026"),
        encoding="utf-8",
    )
    code, out, err = run(capsys, "validate", "drafts/ada-example.md", "--at", IN_WINDOW)
    assert code == 1 and re.findall(r"\b([A-Z]{3}\d{3})\b", out) == ["LOC001"], out
    assert "was also checked" not in err


def test_validate_warns_of_an_affirmation_or_voting_phase_that_tells_voters_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 29: a phase that asks voters to act, with no `description`, leaves them asking how."""
    folder = sample_repository(tmp_path)
    config = (folder / "election.yaml").read_text(encoding="utf-8")
    (folder / "ada-example.md").write_bytes((SAMPLES / "ada-example.md").read_bytes())
    monkeypatch.chdir(tmp_path)
    _, _, err = run(capsys, "validate", "nominations/sample-2026", "--at", IN_WINDOW)
    assert "has no description" not in err  # the sample describes both
    bare = re.sub(r"(\n    end: [^\n]+\n)    description: >-\n(      [^\n]+\n)+", r"\1", config)
    assert bare.count("description:") < config.count("description:")
    (folder / "election.yaml").write_text(bare, encoding="utf-8")
    _, _, err = run(capsys, "validate", "nominations/sample-2026", "--at", IN_WINDOW)
    assert (
        "warning: nominations/sample-2026/election.yaml: the affirmation phase `affirmation` has no "
        "description, so voters are not told how to affirm; add one (the site meanwhile asks them to write "
        "to elections@example.org)"
    ) in err
    assert "the voting phase `voting` has no description, so voters are not told who sends the ballots" in err
