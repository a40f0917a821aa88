"""`election-bot results --post` against the local GitHub stand-in: one results issue (and one comment on
the voting issue pointing to it), edited in place on a re-run, never posted with an unresolved deciding
tie; with an admin's token, one comment of the admin's own."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.cli import main
from bot.commands import results as results_command
from bot.github.gateway import Gateway
from bot.github.port import GitHubPort
from bot.text.labels import MarkerKind
from bot.text.markers import marker
from election_bot_demo.fakehub import FakeHub, FakeIssue
from tests.helpers import canary
from tests.helpers.repo import REPO
from tests.helpers.results import ALIASES, CAP_TIE, NOMINEES, VOTES, counts_yaml, make_election

BOT = "github-actions[bot]"
VOTING_MARKER = marker(MarkerKind("phase"), election="test-2026", phase="voting")
RESULTS_MARKER = marker(MarkerKind("results"), election="test-2026")


@pytest.fixture
def voting_issue(fakehub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    make_election(tmp_path, NOMINEES, aliases=ALIASES)
    monkeypatch.chdir(tmp_path)
    fakehub.add_label(REPO, "election-bot")
    # A person's issue carrying the same marker is never trusted.
    fakehub.create_issue(REPO, "mallory", "Voting", f"fake\n{VOTING_MARKER}", labels=["election-bot"])
    number = fakehub.create_issue(REPO, BOT, "Voting", f"Vote!\n{VOTING_MARKER}", labels=["election-bot"])
    monkeypatch.setenv("GITHUB_REPOSITORY", REPO)
    monkeypatch.setenv("GITHUB_TOKEN", canary.CANARY_TOKEN)
    monkeypatch.setenv("GITHUB_API_URL", fakehub.url)

    def gateway() -> GitHubPort:
        return Gateway.from_env(os.environ, seconds_between_requests=0, seconds_between_writes=0)

    monkeypatch.setattr(results_command, "_gateway", gateway)
    return number


def _post(path: Path) -> int:
    return main(
        ["results", "--election", "test-2026", "--counts", str(path), "--post", "--format", "markdown"]
    )


def _results_issue(fakehub: FakeHub) -> FakeIssue:
    (issue,) = [i for i in fakehub.issues(REPO) if i.author == BOT and RESULTS_MARKER in (i.body or "")]
    return issue


def test_post_opens_a_results_issue_once_and_edits_it_in_place(
    fakehub: FakeHub, voting_issue: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As the bot: the results get an issue of their own, which names the election's phase issues (so
    GitHub links each to it), and the voting issue gets one comment pointing to it, for its subscribers."""
    counts = counts_yaml(tmp_path / "counts.yaml", VOTES)
    assert _post(counts) == 0
    out, err = capsys.readouterr()
    issue = _results_issue(fakehub)
    assert "results posted: " in err and err.rstrip().endswith(f"/issues/{issue.number}")
    assert issue.title == "Results: Test Council election 2026" and "election-bot" in issue.labels
    announced = f"The election's announcements: Voting #{voting_issue}."
    # The issue's body is what `results --format markdown` prints under its heading (the title, which the
    # body does not repeat: GitHub shows it above).
    heading, body = out.split("\n\n", 1)
    assert heading == "# Results\\: Test Council election 2026" and not (issue.body or "").startswith("#")
    assert (
        issue.body == body.replace("\nQuestions:", f"\n{announced}\n\nQuestions:") + f"\n{RESULTS_MARKER}\n"
    )
    (pointer,) = fakehub.comments(REPO, voting_issue)
    assert pointer.author == BOT and pointer.body.startswith(f"The results are out: #{issue.number}.")

    assert _post(counts) == 0
    assert "results unchanged: " in capsys.readouterr().err
    assert _results_issue(fakehub).number == issue.number and len(fakehub.comments(REPO, voting_issue)) == 1

    counts_yaml(counts, {**VOTES, "gus": 35})
    assert _post(counts) == 0
    assert "results updated: " in capsys.readouterr().err
    assert "| 35 " in (_results_issue(fakehub).body or "")
    assert [c.id for c in fakehub.comments(REPO, voting_issue)] == [pointer.id]
    assert fakehub.comments(REPO, voting_issue - 1) == []


def test_a_strangers_results_issue_is_never_taken_for_the_bots(
    fakehub: FakeHub, voting_issue: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Adversarial order: a person opens an issue carrying the results marker first."""
    fake = fakehub.create_issue(
        REPO, "mallory", "Results", f"Fake\n{RESULTS_MARKER}", labels=["election-bot"]
    )
    assert _post(counts_yaml(tmp_path / "counts.yaml", VOTES)) == 0
    assert _results_issue(fakehub).number != fake
    assert fakehub.issue(REPO, fake).body == f"Fake\n{RESULTS_MARKER}"


def test_unresolved_tie_is_never_posted(
    fakehub: FakeHub, voting_issue: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _post(counts_yaml(tmp_path / "counts.yaml", CAP_TIE)) == 1
    assert "not posted" in capsys.readouterr().err
    assert fakehub.comments(REPO, voting_issue) == []


def test_missing_voting_issue_is_a_usage_error(
    fakehub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    make_election(tmp_path, NOMINEES, aliases=ALIASES)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GITHUB_REPOSITORY", REPO)
    monkeypatch.setenv("GITHUB_TOKEN", canary.CANARY_TOKEN)
    monkeypatch.setenv("GITHUB_API_URL", fakehub.url)
    monkeypatch.setattr(
        results_command,
        "_gateway",
        lambda: Gateway.from_env(os.environ, seconds_between_requests=0, seconds_between_writes=0),
    )
    assert _post(counts_yaml(tmp_path / "counts.yaml", VOTES)) == 2
    assert "announcement issue of the voting phase `voting` was not found" in capsys.readouterr().err


def test_without_a_token_nothing_is_posted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    make_election(tmp_path, NOMINEES, aliases=ALIASES)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    monkeypatch.setenv("GITHUB_REPOSITORY", REPO)
    assert _post(counts_yaml(tmp_path / "counts.yaml", VOTES)) == 2
    assert "GITHUB_TOKEN is not set" in capsys.readouterr().err


def test_an_admins_token_finds_the_bots_issue_and_edits_only_its_own_comment(
    fakehub: FakeHub,
    voting_issue: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """In the adversarial order: the bot already posted, and a stranger copied the results marker into a
    comment of their own, before an admin runs `--post` by hand with a personal token."""
    counts = counts_yaml(tmp_path / "counts.yaml", VOTES)
    assert _post(counts) == 0  # the results workflow, as the bot
    (bot_comment,) = fakehub.comments(REPO, voting_issue)
    fakehub.add_comment(REPO, voting_issue, "mallory", f"Fake results\n{RESULTS_MARKER}\n")
    capsys.readouterr()

    monkeypatch.setenv("GITHUB_TOKEN", fakehub.token_for("election-admin"))
    counts_yaml(counts, {**VOTES, "gus": 35})
    assert _post(counts) == 0
    assert "results posted: " in capsys.readouterr().err
    comments = fakehub.comments(REPO, voting_issue)
    assert [c.author for c in comments] == [BOT, "mallory", "election-admin"]
    assert comments[0].body == bot_comment.body  # the bot's comment is not the admin's to edit
    assert comments[1].body == f"Fake results\n{RESULTS_MARKER}\n"  # nor anyone else's

    counts_yaml(counts, {**VOTES, "gus": 36})
    assert _post(counts) == 0  # run again by the same admin: edited in place
    assert "results updated: " in capsys.readouterr().err
    again = fakehub.comments(REPO, voting_issue)
    assert [c.id for c in again] == [c.id for c in comments]
    assert "| 36 " in again[2].body and "| 36 " not in again[0].body


def test_a_strangers_marker_is_not_taken_for_the_bots_earlier_comment(
    fakehub: FakeHub, voting_issue: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fakehub.add_comment(REPO, voting_issue, "mallory", f"Fake results\n{RESULTS_MARKER}\n")
    assert _post(counts_yaml(tmp_path / "counts.yaml", VOTES)) == 0
    assert "results posted: " in capsys.readouterr().err
    comments = fakehub.comments(REPO, voting_issue)
    assert [c.author for c in comments] == ["mallory", BOT]
    assert comments[0].body == f"Fake results\n{RESULTS_MARKER}\n"


def test_committed_results_are_the_files_in_the_results_folder(
    fakehub: FakeHub, voting_issue: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "results" / "test-2026"
    folder.mkdir(parents=True)
    args = ["results", "--election", "test-2026", "--committed", "--format", "markdown"]
    assert main(args) == 2
    assert "holds none of counts.yaml, ballots.blt, ballots.csv" in capsys.readouterr().err
    counts_yaml(folder / "counts.yaml", VOTES)
    assert main([*args, "--post"]) == 0
    out = capsys.readouterr().out
    body = out.split("\n\n", 1)[1]  # under the title's heading
    assert body.split("\nQuestions:")[0] in (_results_issue(fakehub).body or "")


def test_a_token_that_may_not_comment_is_a_configuration_error(
    fakehub: FakeHub,
    voting_issue: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", fakehub.token_for("github-actions[bot]", read_only=True))
    assert _post(counts_yaml(tmp_path / "counts.yaml", VOTES)) == 2  # as `pr` and `sync` say it
    err = capsys.readouterr().err
    assert "not posted: " in err and "check the token's permissions" in err
    assert fakehub.comments(REPO, voting_issue) == []
