"""GitHub requests per nomination PR check, measured against the local stand-in (`make bench`).

Each scenario runs `election-bot pr` for one event, then again for the same event, and counts the requests
the stand-in saw (reads and writes together, labels already existing, as the budget is stated). Targets:
at most 12 requests per check; a re-run with nothing new makes no write at all. The `hostile_` scenarios
are built to spend requests (thousands of findings, a flood of strangers' commands, a stranger repeating
one) and are held to the same 12; their re-runs may answer further strangers, so they are not write-free.

Keys: `pr_<scenario>_requests` (first run), `pr_<scenario>_rerun_requests`, and the maxima
`pr_check_requests_max`, `pr_hostile_requests_max`, `pr_repeated_refusal_writes` and
`pr_rerun_writes_max` that CI bounds.
"""

from __future__ import annotations

import io
import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.commands.pr.check import run_pr
from bot.text.labels import CHECK as LABELS
from election_bot_demo.fakehub import FakeHub

REPO = "pypa/elections"
ELECTION = "bench-2026"
FOLDER = f"nominations/{ELECTION}"
NOW = datetime(2026, 3, 5, 10, 0, tzinfo=UTC)
CONFIG = f"""\
id: {ELECTION}
title: Benchmark election
scope: whole-council
seats: 1
cohorts:
  - id: A
    seats: 1
    term_years: 2
eligible_membership: [supporting, contributing, fellow]
contact: elections@example.org
admins:
  - login: listed-admin
phases:
  - id: nominations
    kind: nominations
    title: Nominations
    start: 2026-03-03T14:00:00Z
    end: 2026-03-17T14:00:00Z
  - id: voting
    kind: voting
    title: Voting
    start: 2026-03-31T14:00:00Z
    end: 2026-04-14T14:00:00Z
statement:
  min_words: 5
  max_words: 500
  max_file_bytes: 32768
""".encode()


def nomination(login: str, nominated_by: str | None = None) -> bytes:
    extra = f"nominated_by: {nominated_by}\n" if nominated_by else ""
    return (
        f"---\nname: Bench Nominee\ngithub: {login}\npsf_membership: fellow\naffiliations:\n"
        f"  - organization: Example\n    relationship: employer\n{extra}---\n"
        "I maintain packaging tools and would work on clear, tested specifications.\n"
    ).encode()


def hostile(login: str, kind: str) -> bytes:
    """A nomination built to cost requests: thousands of findings, under the file-size limit."""
    if kind == "unknown_fields":  # 2,000 unknown keys: NOM003 each
        extra, attestations = "".join(f"zz{i}: 1\n" for i in range(2000)), ""
    else:  # 1,800 attestations the election does not ask for: NOM025 each
        extra, attestations = "", "attestations:\n" + "".join(f"  k{i:04d}: true\n" for i in range(1800))
    return (
        f"---\nname: Bench Nominee\ngithub: {login}\npsf_membership: fellow\naffiliations:\n"
        f"  - organization: Example\n    relationship: employer\n{extra}{attestations}---\n"
        "I maintain packaging tools and would work on clear, tested specifications.\n"
    ).encode()


# Comments that flood a pull request: this many strangers each write an admin command.
FLOOD = 300


@dataclass
class Bench:
    hub: FakeHub
    tmp: Path
    events: int = 0

    def environ(self, name: str, payload: dict[str, Any], roster: bool = True) -> dict[str, str]:
        self.events += 1
        path = self.tmp / f"event-{self.events}.json"
        path.write_text(json.dumps(payload))
        env = {
            "GITHUB_EVENT_NAME": name,
            "GITHUB_EVENT_PATH": str(path),
            "GITHUB_REPOSITORY": REPO,
            "GITHUB_API_URL": self.hub.url,
            "GITHUB_TOKEN": "bench-token",
        }
        if roster:
            env["ELECTION_BOT_ROSTER"] = str(self.tmp / "roster.csv")
        return env

    def pr_event(self, number: int) -> dict[str, str]:
        return self.environ("pull_request_target", self.hub.pull_request_event(REPO, number, "synchronize"))

    def comment_event(self, number: int, author: str, body: str) -> dict[str, str]:
        comment_id = self.hub.add_comment(REPO, number, author, body)
        return self.environ("issue_comment", self.hub.comment_event(REPO, comment_id))

    def run(self, environ: dict[str, str]) -> tuple[int, int, int]:
        """(requests, writes, exit code) of one run."""
        self.hub.reset_log()
        result = run_pr(environ, root=self.tmp / "nominations", out=io.StringIO())
        counted = len([r for r in self.hub.requests if r.counted])  # `GET /rate_limit` is free
        return counted, len(self.hub.writes()), result.exit_code


def _scenarios() -> list[tuple[str, Callable[[Bench], dict[str, str]]]]:
    def self_nomination(b: Bench) -> dict[str, str]:
        return b.pr_event(b.hub.open_pull(REPO, "alice", {f"{FOLDER}/alice.md": nomination("alice")}))

    def nominated_by_someone_else(b: Bench) -> dict[str, str]:
        b.hub.add_user("carol")
        return b.pr_event(b.hub.open_pull(REPO, "bob", {f"{FOLDER}/carol.md": nomination("carol", "bob")}))

    def consent_by_review(b: Bench) -> dict[str, str]:
        b.hub.add_user("dave")
        number = b.hub.open_pull(REPO, "bob", {f"{FOLDER}/dave.md": nomination("dave", "bob")})
        b.run(b.pr_event(number))
        b.hub.add_review(REPO, number, "dave", "APPROVED")
        return b.pr_event(number)

    def consent_by_comment(b: Bench) -> dict[str, str]:
        b.hub.add_user("erin")
        number = b.hub.open_pull(REPO, "bob", {f"{FOLDER}/erin.md": nomination("erin", "bob")})
        b.run(b.pr_event(number))
        return b.comment_event(number, "erin", "/consent")

    def admin_verifies(b: Bench) -> dict[str, str]:
        number = b.hub.open_pull(REPO, "frank", {f"{FOLDER}/frank.md": nomination("frank")})
        b.run(b.pr_event(number))
        b.hub.set_permission(REPO, "maintainer", "write")
        return b.comment_event(number, "maintainer", "/verify-membership fellow")

    def refusal(b: Bench) -> dict[str, str]:
        number = b.hub.open_pull(REPO, "grace", {f"{FOLDER}/grace.md": nomination("grace")})
        b.run(b.pr_event(number))
        b.hub.set_permission(REPO, "triager", "triage")
        return b.comment_event(number, "triager", "/verify-membership fellow")

    def duplicate(b: Bench) -> dict[str, str]:
        first = b.hub.open_pull(REPO, "alice2", {f"{FOLDER}/heidi.md": nomination("heidi", "alice2")})
        b.run(b.pr_event(first))
        b.hub.add_user("heidi")
        return b.pr_event(b.hub.open_pull(REPO, "heidi", {f"{FOLDER}/heidi.md": nomination("heidi")}))

    def not_a_nomination(b: Bench) -> dict[str, str]:
        return b.pr_event(b.hub.open_pull(REPO, "dev", {"docs/readme.md": b"hello\n"}))

    # -- hostile input: the budget holds whatever the file, the comments or the events contain ----------

    def unknown_fields(b: Bench) -> dict[str, str]:
        return b.pr_event(
            b.hub.open_pull(REPO, "ivan", {f"{FOLDER}/ivan.md": hostile("ivan", "unknown_fields")})
        )

    def hostile_push(b: Bench) -> dict[str, str]:
        path = f"{FOLDER}/judy.md"
        number = b.hub.open_pull(REPO, "judy", {path: hostile("judy", "unknown_fields")})
        b.run(b.pr_event(number))
        b.hub.push_to_pull(REPO, number, {path: hostile("judy", "attestations")})
        return b.pr_event(number)

    def flood(b: Bench) -> int:
        number = b.hub.open_pull(REPO, "kim", {f"{FOLDER}/kim.md": nomination("kim")})
        b.run(b.pr_event(number))
        for i in range(FLOOD):
            b.hub.add_comment(REPO, number, f"stranger-{i}", "/accept-late\n/verify-membership @kim fellow")
        return number

    def comment_flood(b: Bench) -> dict[str, str]:
        return b.comment_event(flood(b), f"stranger-{FLOOD}", "/accept-late")

    def flood_then_push(b: Bench) -> dict[str, str]:
        number = flood(b)
        b.hub.push_to_pull(REPO, number, {f"{FOLDER}/kim.md": nomination("kim").replace(b"clear", b"short")})
        return b.pr_event(number)

    def one_stranger_repeats(b: Bench) -> dict[str, str]:
        number = b.hub.open_pull(REPO, "lee", {f"{FOLDER}/lee.md": nomination("lee")})
        b.run(b.pr_event(number))
        for _ in range(20):
            b.run(b.comment_event(number, "pest", "/verify-membership fellow"))
        return b.comment_event(number, "pest", "/verify-membership fellow")

    return [
        ("self", self_nomination),
        ("someone_else", nominated_by_someone_else),
        ("consent_review", consent_by_review),
        ("consent_comment", consent_by_comment),
        ("admin_verify", admin_verifies),
        ("refusal", refusal),
        ("duplicate", duplicate),
        ("not_a_nomination", not_a_nomination),
        ("hostile_unknown_fields", unknown_fields),
        ("hostile_push", hostile_push),
        ("hostile_comment_flood", comment_flood),
        ("hostile_flood_then_push", flood_then_push),
        ("hostile_repeated_refusal", one_stranger_repeats),
    ]


def measure() -> dict[str, int | float]:
    results: dict[str, int | float] = {}
    with tempfile.TemporaryDirectory() as scratch, FakeHub(now=NOW) as hub:
        tmp = Path(scratch)
        (tmp / FOLDER).mkdir(parents=True)
        (tmp / FOLDER / "election.yaml").write_bytes(CONFIG)
        roster = ["github_login,membership"] + [
            f"{login},fellow" for login in ("alice", "carol", "dave", "erin", "heidi", "kim", "lee")
        ]
        (tmp / "roster.csv").write_text("\n".join(roster) + "\n")
        hub.add_repo(REPO, files={f"{FOLDER}/election.yaml": CONFIG})
        for spec in LABELS.values():
            hub.add_label(REPO, spec.name, spec.color, spec.description)
        bench = Bench(hub, tmp)
        most, hostile_most, rerun_writes = 0, 0, 0
        for name, prepare in _scenarios():
            environ = prepare(bench)
            requests, first_writes, _ = bench.run(environ)
            again, writes, _ = bench.run(environ)
            results[f"pr_{name}_requests"] = requests
            results[f"pr_{name}_rerun_requests"] = again
            if name.startswith("hostile_"):
                hostile_most = max(hostile_most, requests, again)
                if name == "hostile_repeated_refusal":
                    results["pr_repeated_refusal_writes"] = first_writes  # answered once, long before
                continue  # (their re-runs may answer more strangers: bounded, not write-free)
            if name != "not_a_nomination":  # it has no report comment to remember its check run by
                most = max(most, requests, again)
                rerun_writes = max(rerun_writes, writes)
        results["pr_check_requests_max"] = most
        results["pr_hostile_requests_max"] = hostile_most
        results["pr_rerun_writes_max"] = rerun_writes
    return results


if __name__ == "__main__":  # pragma: no cover - `make bench` is the way in
    for key, value in measure().items():
        print(f"{key:<36} {value}")
