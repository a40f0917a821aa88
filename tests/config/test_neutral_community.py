"""Issue 15: the PSF is not built in. A small project with a plain member list (no classes), a 3-seat
steering council, nominations open for ten days in Europe/Berlin time, no cap wording of its own and no
affirmation phase, runs every local command; nothing the bot writes mentions the PSF, PEP 772, psfmember.org
or an affirmation it does not have, and the community's own words appear where it configured them."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from tests.helpers.config import neutral

CONFIG = """\
id: steering-2027
title: Example Project steering council election 2027
scope: whole-council
seats: 3
cohorts:
  - {id: A, seats: 3, term_years: 1}
eligible_membership: [member]
community:
  name: Example Project
  body: steering council
  rules: {name: the Example Project charter, url: "https://example.org/charter"}
  membership: {name: project membership, directory: project member list}
contact: steering-elections@example.org
timezone: Europe/Berlin
phases:
  - {id: nominations, kind: nominations, title: Nominations, start: "2027-03-01T09:00", end: "2027-03-11T18:00"}
  - {id: voting, kind: voting, title: Voting, start: "2027-03-15T09:00", end: "2027-03-22T18:00"}
"""

NOMINATION = """\
---
name: {name}
github: {login}
membership: member
affiliations:
  - organization: {org}
    relationship: employer
    role: Engineer
---
I have reviewed pull requests for this project for five years and would help it decide with care.
"""


def write(root: Path, login: str, name: str, org: str = "Example Corp", membership: str = "member") -> Path:
    path = root / "nominations" / "steering-2027" / f"{login}.md"
    path.write_text(
        NOMINATION.format(login=login, name=name, org=org).replace("member\n", f"{membership}\n", 1)
    )
    return path


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "nominations" / "steering-2027"
    folder.mkdir(parents=True)
    (folder / "election.yaml").write_text(CONFIG)
    write(tmp_path, "ada", "Ada Example", org="Shared Corp")
    write(tmp_path, "grace", "Grace Sample", org="Shared Corp")
    write(tmp_path, "linus", "Linus Sample", org="Shared Corp")
    write(tmp_path, "margaret", "Margaret Sample", org="Shared Corp")
    monkeypatch.chdir(tmp_path)
    for name in ("GITHUB_TOKEN", "GITHUB_REPOSITORY", "ELECTION_BOT_ROSTER"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def test_every_text_the_bot_writes_is_in_the_communitys_words(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["preview", "--election", "steering-2027", "--out", str(repo / "preview")]) == 0
    assert main(["site", "--out", str(repo / "site"), "--at", "2027-03-05T12:00:00Z"]) == 0
    texts = {p.name: p.read_text() for p in (repo / "preview").iterdir()}
    texts |= {str(p.relative_to(repo)): p.read_text() for p in (repo / "site").rglob("*.html")}
    for where, text in texts.items():
        neutral(text, where)
    issue = texts["nominations-issue.md"]
    assert "(name, project membership, **affiliations**)" in issue
    assert "The Example Project charter lets at most 2 steering council members" in issue
    voting = texts["voting-issue.md"]
    assert "Eligible voters receive a ballot" in voting  # there is no affirmation phase
    check = texts["nomination-ada.md"]
    assert "Project membership" in check
    neutral(capsys.readouterr().out, "the commands' output")


def test_a_plain_member_list_verifies_members_and_says_why_a_row_is_bad(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = repo / "members.csv"
    roster.write_text("github_login\nada\ngrace\n")
    file = str(repo / "nominations" / "steering-2027" / "ada.md")
    assert main(["validate", file, "--no-window", "--roster", str(roster)]) == 0
    assert (
        main(
            [
                "validate",
                str(repo / "nominations/steering-2027/linus.md"),
                "--no-window",
                "--roster",
                str(roster),
            ]
        )
        == 1
    )
    out = capsys.readouterr().out
    assert (
        "MEM001 `linus` is not in the project member list; write to `steering-elections@example.org`" in out
    )
    neutral(out, "validate")
    roster.write_text("github_login\nada\nnot a login\n")
    assert main(["validate", file, "--no-window", "--roster", str(roster)]) == 2
    err = capsys.readouterr().err
    assert "line 3: github_login 'not a login' is not a GitHub login" in err


def test_a_class_the_community_does_not_have_is_refused_with_its_own_words(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(repo, "ken", "Ken Sample", membership="fellow")
    assert main(["validate", str(path), "--no-window"]) == 1
    out = capsys.readouterr().out
    assert "`membership: fellow` names no class of project membership; eligible classes: member." in out
    neutral(out, "validate")


def test_the_psf_spelling_of_the_field_still_works_for_the_psf(repo: Path) -> None:
    path = repo / "nominations" / "steering-2027" / "ada.md"
    path.write_text(path.read_text().replace("membership: member", "psf_membership: member"))
    assert main(["validate", str(path), "--no-window"]) == 0
