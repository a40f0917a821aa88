"""A world for `election-bot pr` end to end (the `world` and `new_repo_world` fixtures): the stand-in, a checkout of the default branch, the Actions
environment, real webhook payloads adapted to the stand-in, and a runner that drives `bot.cli.main`."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.nominations.constants import REQUEST_BUDGET
from bot.text.labels import CHECK as LABELS
from election_bot_demo.fakehub import FakeHub, RequestRecord
from tests.helpers import canary

REPO = "pypa/elections"
ELECTION_ID = "sample-2026"
ELECTION_DIR = f"nominations/{ELECTION_ID}"
SOURCE_CONFIG = Path(__file__).resolve().parents[2] / "nominations" / ELECTION_ID / "election.yaml"
PAYLOADS = Path(__file__).resolve().parents[1] / "nominations" / "payloads"
# The session's canary token (tests/helpers/canary.py): drawn at random, so it is never in the tree.
CANARY_TOKEN = canary.CANARY_TOKEN
IN_WINDOW = datetime(
    2026, 3, 5, 10, 0, tzinfo=UTC
)  # sample-2026 takes nominations 03-03 14:00 to 03-17 14:00
CUTOFF = datetime(2026, 3, 17, 14, 0, tzinfo=UTC)


def nomination_md(
    login: str,
    *,
    name: str = "Jane Example",
    membership: str = "fellow",
    nominated_by: str | None = None,
    statement: str | None = None,
) -> bytes:
    """A nomination that passes every file rule of sample-2026."""
    lines = [
        "---",
        f"name: {name}",
        f"github: {login}",
        f"psf_membership: {membership}",
        "affiliations:",
        "  - organization: Example Corporation",
        "    relationship: employer",
        "    role: Staff Engineer",
    ]
    if nominated_by:
        lines.append(f"nominated_by: {nominated_by}")
    lines += ["attestations:", "  voting_member: true", "---"]
    body = statement or (
        "I have maintained a packaging tool for six years, reviewed interoperability standards, and "
        "helped downstream distributions adopt standard build backends. On the council I would work on "
        "clear specifications with reference tests."
    )
    return ("\n".join(lines) + "\n" + body + "\n").encode()


@dataclass
class Run:
    code: int
    out: str
    err: str
    requests: list[RequestRecord]

    @property
    def writes(self) -> list[RequestRecord]:
        return [r for r in self.requests if r.is_write]

    @property
    def total(self) -> int:
        """Requests that count against the rate limit (`GET /rate_limit` does not)."""
        return len([r for r in self.requests if r.counted])


@dataclass
class World:
    hub: FakeHub
    tmp: Path
    monkeypatch: pytest.MonkeyPatch
    capsys: pytest.CaptureFixture[str]
    roster: dict[str, str] = field(default_factory=dict)
    _event_counter: int = 0

    # -- seeding ---------------------------------------------------------------------------------------

    def user(self, login: str) -> int:
        try:
            return self.hub.user(login).id
        except KeyError:
            return self.hub.add_user(login).id

    def commit_main(self, files: Mapping[str, bytes]) -> None:
        """Commit to the default branch, as the stand-in holds it and as the job's checkout of it has it."""
        self.hub.commit(REPO, "main", dict(files))
        for path, data in files.items():
            (self.tmp / "checkout" / path).parent.mkdir(parents=True, exist_ok=True)
            (self.tmp / "checkout" / path).write_bytes(data)

    def nominate(
        self,
        author: str,
        login: str | None = None,
        *,
        content: bytes | None = None,
        created_at: datetime | None = None,
        extra: Mapping[str, bytes | None] | None = None,
        modes: Mapping[str, str] | None = None,
        path: str | None = None,
    ) -> int:
        """Open a PR by `author` adding `nominations/sample-2026/<login>.md` (login defaults to the author)."""
        login = login or author
        self.user(author)
        files: dict[str, bytes | None] = {
            path or f"{ELECTION_DIR}/{login}.md": content
            if content is not None
            else nomination_md(login, nominated_by=None if login == author else author)
        }
        files.update(extra or {})
        return self.hub.open_pull(
            REPO, author, files, modes=modes, title=f"Nominate {login}", created_at=created_at
        )

    def set_roster(self, **members: str) -> None:
        """`login=class` rows of the roster file the bot is given (ELECTION_BOT_ROSTER)."""
        self.roster.update(members)
        rows = ["github_login,membership"] + [f"{k},{v}" for k, v in self.roster.items()]
        (self.tmp / "roster.csv").write_text("\n".join(rows) + "\n")
        self.monkeypatch.setenv("ELECTION_BOT_ROSTER", str(self.tmp / "roster.csv"))

    def create_labels(self) -> None:
        for spec in LABELS.values():
            self.hub.add_label(REPO, spec.name, spec.color, spec.description)

    # -- events ----------------------------------------------------------------------------------------

    def payload(self, name: str) -> dict[str, Any]:
        data = json.loads((PAYLOADS / f"{name}.json").read_text())
        data["repository"]["full_name"] = REPO
        data["repository"]["name"] = REPO.split("/")[1]
        data["repository"]["owner"]["login"] = REPO.split("/")[0]
        return copy.deepcopy(data)

    def _user_json(self, login: str) -> dict[str, Any]:
        return {"login": login, "id": self.user(login), "type": "Bot" if login.endswith("[bot]") else "User"}

    def pr_event(
        self, number: int, action: str = "opened", *, name: str = "pull_request_target", push: int = -1
    ) -> None:
        """The delivery for `action`, as GitHub stamped it when it happened (the stand-in keeps every
        push): the real payload with this hub's head, `before`/`after` and times."""
        source = {"opened": "pull_request.opened", "synchronize": "pull_request.synchronize"}.get(
            action, f"pull_request.{action}"
        )
        data = self.payload(source if (PAYLOADS / f"{source}.json").exists() else "pull_request.opened")
        stamped = self.hub.pull_request_event(REPO, number, action, push=push)
        data["action"] = action
        data["number"] = number
        data["pull_request"]["number"] = number
        data["pull_request"]["user"] = self._user_json(self.hub.pull(REPO, number).author)
        for key in ("created_at", "updated_at"):
            data["pull_request"][key] = stamped["pull_request"][key]
        data["pull_request"]["head"]["sha"] = stamped["pull_request"]["head"]["sha"]
        for key in ("before", "after"):
            if key in stamped:
                data[key] = stamped[key]
            else:
                data.pop(key, None)
        self._write(name, data)

    def comment_event(
        self, number: int, comment_id: int, action: str = "created", *, on_pull: bool = True
    ) -> None:
        comment = next(c for c in self.hub.comments(REPO, number) if c.id == comment_id)
        data = self.payload(f"issue_comment.{action}")
        data["issue"]["number"] = number
        if on_pull:
            data["issue"]["pull_request"] = {"url": f"{self.hub.url}/repos/{REPO}/pulls/{number}"}
        else:
            data["issue"].pop("pull_request", None)
        data["comment"].update(
            id=comment.id,
            body=comment.body,
            user=self._user_json(comment.author),
            created_at=comment.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            updated_at=comment.updated_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            html_url=f"https://github.com/{REPO}/pull/{number}#issuecomment-{comment.id}",
            # GitHub's own word on the commenter, as in every delivery (the recorded one says OWNER)
            author_association=self.hub.comment_event(REPO, comment.id)["comment"]["author_association"],
        )
        self._write("issue_comment", data)

    def comment(self, number: int, author: str, body: str) -> int:
        """`author` comments on the PR, and the `issue_comment created` event is what the bot gets next."""
        self.user(author)
        comment_id = self.hub.add_comment(REPO, number, author, body)
        self.comment_event(number, comment_id)
        return comment_id

    def review_event(
        self, number: int, review_id: int, reviewer: str, state: str, action: str = "submitted"
    ) -> None:
        data = self.payload(f"pull_request_review.{action}")
        stamped = self.hub.pull_request_event(REPO, number, "review")
        data["pull_request"]["number"] = number
        data["pull_request"]["head"]["sha"] = stamped["pull_request"]["head"]["sha"]
        for key in ("created_at", "updated_at"):
            data["pull_request"][key] = stamped["pull_request"][key]
        review = next(r for r in self.hub.pull(REPO, number).reviews if r.id == review_id)
        data["review"].update(
            id=review_id, user=self._user_json(reviewer), state=state.lower(), commit_id=review.commit_id
        )
        self._write("pull_request_review", data)

    def workflow_run_event(self, number: int) -> None:
        """The relay's completion (nomination-review.yml → workflow_run), with the workflow's PR number."""
        self._write("workflow_run", {"action": "completed", "workflow_run": {"event": "pull_request_review"}})
        self.monkeypatch.setenv("ELECTION_BOT_PR_NUMBER", str(number))

    def raw_event(self, name: str, data: Any) -> None:
        self._write(name, data)

    def _write(self, name: str, data: Any) -> None:
        self._event_counter += 1
        path = self.tmp / f"event-{self._event_counter}.json"
        path.write_text(json.dumps(data) if not isinstance(data, str) else data)
        self.monkeypatch.setenv("GITHUB_EVENT_NAME", name)
        self.monkeypatch.setenv("GITHUB_EVENT_PATH", str(path))
        if name != "workflow_run":
            self.monkeypatch.delenv("ELECTION_BOT_PR_NUMBER", raising=False)

    # -- running ---------------------------------------------------------------------------------------

    def run(self) -> Run:
        """`election-bot pr` as the workflow runs it, with this world's environment; the request log is
        cleared first so the run's requests are exactly `Run.requests`."""
        self.capsys.readouterr()
        self.hub.reset_log()
        code = main(["pr"])
        captured = self.capsys.readouterr()
        run = Run(code, captured.out, captured.err, self.hub.requests)
        for text in (run.out, run.err, self.summary()):
            assert CANARY_TOKEN not in text
        return run

    # -- reading ---------------------------------------------------------------------------------------

    def labels(self, number: int) -> set[str]:
        return set(self.hub.pull(REPO, number).labels)

    def bot_comments(self, number: int) -> list[str]:
        return [c.body for c in self.hub.comments(REPO, number) if c.author == FakeHub.BOT_LOGIN]

    def report(self, number: int) -> str:
        reports = [b for b in self.bot_comments(number) if "election-bot:pr-report" in b]
        assert len(reports) == 1, f"expected exactly one report comment, found {len(reports)}"
        for body in self.bot_comments(number):
            assert CANARY_TOKEN not in body
        return reports[0]

    def checks(self, number: int) -> list[Any]:
        sha = self.hub.pull(REPO, number).head_sha
        runs = [c for c in self.hub.check_runs(REPO, sha) if c.name == "nomination"]
        for run in runs:
            assert CANARY_TOKEN not in f"{run.title} {run.summary} {run.text} {run.annotations}"
        return runs

    def conclusion(self, number: int) -> str | None:
        runs = self.checks(number)
        return runs[-1].conclusion if runs else None

    def summary(self) -> str:
        path = self.tmp / "summary.md"
        return path.read_text() if path.exists() else ""


def _world(
    hub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> World:
    config = SOURCE_CONFIG.read_bytes()
    hub.commit(REPO, "main", {f"{ELECTION_DIR}/election.yaml": config}, message="Add the election")
    hub.now = IN_WINDOW
    checkout = tmp_path / "checkout"
    (checkout / ELECTION_DIR).mkdir(parents=True)
    (checkout / ELECTION_DIR / "election.yaml").write_bytes(config)
    monkeypatch.chdir(checkout)
    for name in ("ELECTION_BOT_ROSTER", "ELECTION_BOT_MEMBERSHIP_URL", "ELECTION_BOT_PR_NUMBER"):
        monkeypatch.delenv(name, raising=False)
    # The membership token stays the canary (tests/conftest.py): unused until a test sets the URL.
    monkeypatch.setenv("ELECTION_BOT_MEMBERSHIP_TOKEN", canary.CANARY_MEMBERSHIP_TOKEN)
    monkeypatch.setenv("GITHUB_API_URL", hub.url)
    monkeypatch.setenv("GITHUB_TOKEN", CANARY_TOKEN)
    monkeypatch.setenv("GITHUB_REPOSITORY", REPO)
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    return World(hub, tmp_path, monkeypatch, capsys)


@pytest.fixture
def world(
    fakehub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> World:
    """sample-2026 on the stand-in's default branch and in a local checkout, the clock inside the window,
    the six fixed labels already created, and no membership directory until a test sets one."""
    w = _world(fakehub, tmp_path, monkeypatch, capsys)
    w.create_labels()
    return w


@pytest.fixture
def new_repo_world(
    fakehub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> World:
    """The same, in a repository that has none of the bot's labels yet."""
    return _world(fakehub, tmp_path, monkeypatch, capsys)


BUDGET = REQUEST_BUDGET  # 12, the read of the workflows' states included (issue 28)


def settled(world: World, *, code: int) -> Run:
    """Run the current event twice: the first run within budget, the second the same verdict, no writes."""
    first = world.run()
    assert first.code == code, first.out + first.err
    assert first.total <= BUDGET, [(r.method, r.path) for r in first.requests]
    second = world.run()
    assert second.code == code, second.out + second.err
    assert second.writes == [], [(r.method, r.path) for r in second.writes]
    assert second.total <= BUDGET
    return first


def plain(text: str) -> str:
    """The report as a reader sees it: Markdown backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", text)


def mentions(text: str) -> list[str]:
    """Real @mentions (a ping), not the neutralised `@&#8203;name` form."""
    return re.findall(r"(?<![\w&;/])@([A-Za-z0-9-]+)", text)


def unverified_nomination(world: World) -> int:
    """A self-nomination that is right in every way except that no directory could verify membership."""
    number = world.nominate("janedoe")
    world.pr_event(number)
    settled(world, code=1)
    assert "membership-unverified" in world.labels(number)
    return number


def within_budget(run: Run) -> bool:
    """At most 12 requests, not counting the creation of a new nominee's label (reading the
    repository's labels and adding one): the budget counts runs with their labels existing."""
    counted = [r for r in run.requests if r.path != f"/repos/{REPO}/labels" and r.counted]
    assert len(counted) <= BUDGET, [(r.method, r.path) for r in run.requests]
    return True
