"""Fixtures for `election-bot sync` against the local GitHub stand-in.

`site` is a temporary checkout (the current directory during the test) holding
`nominations/test-2026/election.yaml` and nomination files, with GITHUB_API_URL/GITHUB_TOKEN/
GITHUB_REPOSITORY pointing at the `fakehub` stand-in. `site.sync("2026-07-28T14:00:00Z")` moves the
stand-in's clock there and runs `bot.cli.main(["sync", "--at", ...])`.
"""

from __future__ import annotations

import io
import os
import sys
from contextlib import redirect_stdout
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pytest

from bot.cli import main
from bot.config.timeline import parse_instant
from bot.text.labels import MarkerKind
from bot.text.markers import first_marker
from election_bot_demo.fakehub import FakeComment, FakeHub, FakeIssue
from tests.helpers import canary
from tests.helpers.repo import REPO

ELECTION_ID = "test-2026"
BOT = FakeHub.BOT_LOGIN

ELECTION_YAML = """\
id: test-2026
title: Test Council election 2026
scope: whole-council
seats: 3
cohorts:
  - {id: A, seats: 1, term_years: 2}
  - {id: B, seats: 2, term_years: 1}
eligible_membership: [supporting, contributing, fellow]
community: {rules: {name: PEP 772}, membership: {name: PSF membership}}
contact: elections@example.org
admins:
  - login: test-admin
phases:
  - id: nominations
    kind: nominations
    title: Nominations
    start: 2026-07-28T14:00:00Z
    end: 2026-08-11T14:00:00Z
    description: Open a pull request that adds nominations/test-2026/<github-login>.md.
  - id: affirmation
    kind: affirmation
    title: Voter affirmation
    start: 2026-07-28T14:00:00Z
    end: 2026-08-25T14:00:00Z
    description: Affirm your intention to vote on psfmember.org before this phase closes.
  - id: candidates
    kind: candidates
    title: Candidates
    start: 2026-08-13T14:00:00Z
    end: 2026-09-01T14:00:00Z
    description: Read the candidates' statements and affiliations below.
  - id: voting
    kind: voting
    title: Voting
    start: 2026-09-01T14:00:00Z
    end: 2026-09-15T14:00:00Z
    description: Vote through the ballot link you receive by email.
statement:
  min_words: 5
  max_words: 500
"""

NOMINATION = """\
---
name: {name}
github: {login}
psf_membership: fellow
affiliations:
  - organization: {employer}
    relationship: employer
    role: Engineer
  - organization: sampletool
    relationship: maintainer
---
I maintain packaging tools and would serve the council with care and attention.
"""

PHASE_IDS = ("nominations", "affirmation", "candidates", "voting")


@dataclass
class Site:
    hub: FakeHub
    root: Path
    outputs: list[str] = field(default_factory=list)

    @property
    def folder(self) -> Path:
        return self.root / "nominations" / ELECTION_ID

    def nominate(self, login: str, name: str | None = None, employer: str = "Example Corp") -> Path:
        """A merged nomination on the default branch (a file in the checkout)."""
        path = self.folder / f"{login}.md"
        path.write_text(NOMINATION.format(login=login, name=name or login.title(), employer=employer))
        return path

    def sync(self, at: str, *args: str) -> int:
        self.hub.now = parse_instant(at)
        buffer = io.StringIO()
        with redirect_stdout(buffer):
            code = main(["sync", "--at", at, *args])
        self.outputs.append(buffer.getvalue())
        sys.stdout.write(buffer.getvalue())  # the test's captured output too, where the canary check looks
        return code

    @property
    def last_output(self) -> str:
        return self.outputs[-1]

    # -- what GitHub shows ---------------------------------------------------------------------------

    def issues(self) -> list[FakeIssue]:
        return self.hub.issues(REPO)

    def phase_issues(self, phase: str, *, include_retired: bool = False) -> list[FakeIssue]:
        """Bot issues whose marker names this phase (retired duplicates only if asked)."""
        found = []
        for issue in self.issues():
            mark = first_marker(issue.body, MarkerKind("phase"))
            if mark is None and include_retired:
                mark = first_marker(issue.body, MarkerKind("phase-duplicate"))
            if issue.author == BOT and mark is not None and mark.fields.get("phase") == phase:
                found.append(issue)
        return found

    def issue_for(self, phase: str) -> FakeIssue:
        found = self.phase_issues(phase)
        assert len(found) == 1, f"expected exactly one {phase} issue, found {[i.number for i in found]}"
        return found[0]

    def comments(self, number: int) -> list[FakeComment]:
        return self.hub.comments(REPO, number)

    def marked_comments(self, number: int, kind: MarkerKind) -> list[FakeComment]:
        return [
            c for c in self.comments(number) if c.author == BOT and first_marker(c.body, kind) is not None
        ]

    def assert_converged(self, at: datetime) -> None:
        """Exactly one issue per announced phase that has started; closed with one closing comment once
        it ended, open with none while it runs."""
        for phase in PHASE_IDS:
            start, end = PHASES[phase]
            found = self.phase_issues(phase)
            if at < start:
                assert found == [], phase
                continue
            assert len(found) == 1, (phase, [i.number for i in found])
            issue = found[0]
            closing = self.marked_comments(issue.number, MarkerKind("phase-close"))
            if at < end:
                assert issue.state == "open", phase
                assert closing == [], phase
            else:
                assert issue.state == "closed", phase
                assert issue.state_reason == "completed", phase
                assert len(closing) == 1, (phase, [c.id for c in closing])


PHASES = {
    "nominations": (parse_instant("2026-07-28T14:00:00Z"), parse_instant("2026-08-11T14:00:00Z")),
    "affirmation": (parse_instant("2026-07-28T14:00:00Z"), parse_instant("2026-08-25T14:00:00Z")),
    "candidates": (parse_instant("2026-08-13T14:00:00Z"), parse_instant("2026-09-01T14:00:00Z")),
    "voting": (parse_instant("2026-09-01T14:00:00Z"), parse_instant("2026-09-15T14:00:00Z")),
}


@pytest.fixture
def site(fakehub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Site:
    root = tmp_path / "checkout"
    (root / "nominations" / ELECTION_ID).mkdir(parents=True)
    (root / "nominations" / ELECTION_ID / "election.yaml").write_text(ELECTION_YAML)
    monkeypatch.chdir(root)
    monkeypatch.setenv("GITHUB_API_URL", fakehub.url)
    monkeypatch.setenv("GITHUB_TOKEN", canary.CANARY_TOKEN)
    monkeypatch.setenv("GITHUB_REPOSITORY", REPO)
    for name in ("GITHUB_EVENT_PATH", "ELECTION_BOT_LOGIN"):
        monkeypatch.delenv(name, raising=False)
    assert os.getcwd() == str(root)
    return Site(fakehub, root)
