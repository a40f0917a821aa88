"""`election-bot demo` in-process: the story runs to the end and the transcript holds what GitHub would
show — every announcement with its closing comment, every nomination pull request with the bot's report,
the cut-off, and the results with the pass-over and the drawn tie."""

from __future__ import annotations

import io
import re
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from bot.cli import main
from election_bot_demo.script import DemoResult, run_demo

pytestmark = pytest.mark.slow  # docs/development/testing.md: The fast lane


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[DemoResult, str]:
    folder = tmp_path_factory.mktemp("demo") / "transcript"
    out = io.StringIO()
    result = run_demo(folder, out)
    return result, out.getvalue()


def _file(result: DemoResult, pattern: str) -> str:
    [path] = [p for p in result.files if re.search(pattern, p.name)]
    return path.read_text(encoding="utf-8")


def test_the_demo_succeeds_and_writes_an_index_and_the_story(demo: tuple[DemoResult, str]) -> None:
    result, out = demo
    assert result.exit_code == 0
    index = (result.transcript / "README.md").read_text()
    assert index.count("| issue |") == 5  # four phases and the results
    assert index.count("| pull request |") == 8
    narrative = (result.transcript / "narrative.md").read_text()
    assert "election-bot sync" in narrative and "election-bot pr" in narrative
    assert out.strip().splitlines()[-1].startswith("Thu 2026-04-16")
    assert re.search(r"^Tue 2026-03-03 14:00:00 UTC  election-bot sync", out, re.M)


@pytest.mark.parametrize("phase", ["nominations", "voter-affirmation", "candidates", "voting"])
def test_each_phase_has_one_issue_opened_and_closed_with_a_closing_comment(
    demo: tuple[DemoResult, str], phase: str
) -> None:
    result, _ = demo
    text = _file(result, rf"^\d{{3}}-{phase}-demo-council")
    assert "closed (completed)" in text
    assert "`github-actions[bot]`" in text
    assert text.count("<!-- election-bot:phase-close ") == 1
    assert "### What happens next" in text


def test_the_announcements_list_the_candidates_with_statements(demo: tuple[DemoResult, str]) -> None:
    result, _ = demo
    candidates = _file(result, r"-candidates-demo-council")
    for login in ("ada-example", "bo-fixit", "dee-unlisted", "eve-example", "grace-sample"):
        assert f"/blob/main/nominations/demo-2026/{login}.md) (`{login}`)" in candidates
    assert "hal-unfinished" not in candidates.split("### Timeline")[0]
    assert "Candidates (5)" in candidates


def test_the_nomination_pull_requests_tell_their_stories(demo: tuple[DemoResult, str]) -> None:
    result, out = demo
    grace = _file(result, r"-nominate-grace-sample")
    assert "merged" in grace and "/consent" in grace
    bo = _file(result, r"-nominate-bo\.md")
    assert "NOM010" in out and "merged" in bo
    dee = _file(result, r"-nominate-dee")
    assert "/verify-membership fellow" in dee and "verified membership by hand" in dee
    duplicate = _file(result, r"-she-deserves-it")
    assert "PR008" in duplicate and "closed" in duplicate
    late = _file(result, r"-nominate-linus")
    assert "`late`" in late.split("---")[0]
    assert "<!-- election-bot:cutoff" not in late  # the pass labels; it comments on no pull request
    hal = _file(result, r"-nominate-hal")
    assert "`open-at-cutoff`" in hal.split("---")[0]
    assert "<!-- election-bot:cutoff" not in hal
    nominations = _file(result, r"^001-nominations")
    assert "#9 (opened in time" in nominations
    # what #9 proposed at the cut-off, in a hidden line of the nominations issue (late #8 needs none)
    assert nominations.count("<!-- election-bot:cutoff ") == 1 and "pr=9 " in nominations


def test_the_results_get_their_own_issue_linked_from_the_voting_issue(demo: tuple[DemoResult, str]) -> None:
    result, out = demo
    results = _file(result, r"-results-demo-council")
    voting = _file(result, r"-voting-demo-council")
    number = results.splitlines()[0].rsplit("#", 1)[1]  # the transcript's heading ends with the number
    assert f"The results are out: #{number}." in voting
    assert "Results: Demo Council election 2026" in results.splitlines()[0]  # the title, not the body
    assert "The election's announcements: Nominations #" in results
    assert "because Example Corporation already had 2:" in results
    assert "Resolved by a public random draw" in results
    assert "dee-unlisted is passed over" in out
    assert "tied at 97 votes" in out
    # Counted from the voting service's ballot file, and the announcement says so.
    assert "election-bot results counts the ballot file itself by approval: 262 ballots" in out
    assert "By approval voting, tallied by election-bot from the voting service's own ballot file" in results
    assert "--ballots ballots.blt --ballot-format blt --electors 400" in results
    assert "SHA-256 `" in results


def test_demo_command(tmp_path: Path) -> None:
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["demo", "--transcript", str(tmp_path / "t")])
    assert code == 0
    assert "Transcript:" in out.getvalue()
    assert (tmp_path / "t" / "README.md").exists()
    # a second run replaces its own earlier transcript
    with redirect_stdout(io.StringIO()):
        assert main(["demo", "--transcript", str(tmp_path / "t")]) == 0
    assert len(list((tmp_path / "t").glob("*.md"))) == 15


# The demo election's public site, byte for byte (tests/site/golden/demo/). After an intended change of
# the pages, regenerate and review the diff:  ELECTION_BOT_UPDATE_GOLDEN=1 uv run pytest tests/e2e/test_demo.py
SITE_GOLDEN = Path(__file__).resolve().parents[1] / "site" / "golden" / "demo"


def test_the_demo_builds_the_elections_site_into_the_transcript(demo: tuple[DemoResult, str]) -> None:
    import os
    import shutil

    result, out = demo
    assert result.site is not None and result.site == result.transcript / "site"
    built = {
        p.relative_to(result.site).as_posix(): p.read_bytes()
        for p in sorted(result.site.rglob("*"))
        if p.is_file() and p.parent.name != "assets" and not p.name.startswith(".")
    }
    assert "election-bot site (the Pages workflow): 8 pages, the results included (exit 0)" in out
    if os.environ.get("ELECTION_BOT_UPDATE_GOLDEN") == "1":
        shutil.rmtree(SITE_GOLDEN, ignore_errors=True)
        for name, data in built.items():
            (SITE_GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (SITE_GOLDEN / name).write_bytes(data)
    golden = {
        p.relative_to(SITE_GOLDEN).as_posix(): p.read_bytes()
        for p in sorted(SITE_GOLDEN.rglob("*"))
        if p.is_file()
    }
    assert sorted(built) == sorted(golden)
    for name, data in built.items():
        assert data == golden[name], f"{name} differs from tests/site/golden/demo/; regenerate if intended"
    results = built["demo-2026/results.html"].decode()
    assert "Dee Unlisted</a></bdi>" not in results  # names are isolated inside links, not around them
    assert "passed over" in results and "Resolved by a public random draw" in results


# `demo --election` plays an election of the admins' own repository: one that sets a name mark
# (`community.mark`, a file beside its config) gets a site with it, and none is offered when none was built.
def test_the_demo_of_an_own_election_with_a_name_mark_builds_its_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    top = Path(__file__).resolve().parents[2]
    mark = top / "nominations" / "sample-2026" / "mark.svg"
    code = main(
        ["--repo", str(top), "demo", "--election", "sample-2026", "--transcript", str(tmp_path / "t")]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert "election-bot site: exit 0" in out
    assert (tmp_path / "t" / "site" / "sample-2026" / "mark.svg").read_bytes() == mark.read_bytes()
    assert f"public site: {tmp_path / 't' / 'site'}/index.html" in out


def test_the_demo_offers_no_site_it_could_not_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    top = Path(__file__).resolve().parents[2]
    repo = tmp_path / "elections"
    (repo / "nominations" / "sample-2026").mkdir(parents=True)
    config = top / "nominations" / "sample-2026" / "election.yaml"
    (repo / "nominations" / "sample-2026" / "election.yaml").write_bytes(config.read_bytes())  # no mark.svg
    stale = tmp_path / "t" / "site"
    stale.mkdir(parents=True)
    (stale / "index.html").write_text("an earlier run's site")
    main(["--repo", str(repo), "demo", "--election", "sample-2026", "--transcript", str(tmp_path / "t")])
    out = capsys.readouterr().out
    assert "community.mark: nominations/sample-2026/mark.svg is not a file in the repository" in out
    assert "public site" not in out and not stale.exists()
