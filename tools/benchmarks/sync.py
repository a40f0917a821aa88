"""GitHub requests of the phase reconciler, counted by the local stand-in's request log.

* `sync_noop_*`: a run that finds everything in place (the target: at most 3 requests, no write).
* `sync_phase_start_*`: the run at the instant nominations (and the voter affirmation) open.
* `sync_list_update_*`: the run after a nomination was merged (the candidate list is edited).
* `sync_phase_end_*`: the run at the end of a phase (the voter affirmation): closing comment, close.
* `busiest_hour_*`: the hour around the cut-off: a sync every 5 minutes (12 runs) and 50 nomination pull
  requests opened in the last half hour before it, each checked by `election-bot pr` (10 are merged,
  which changes the list); at 14:00 the cut-off pass records and labels the 40 still open.
  `busiest_hour_requests` is what the repository's GITHUB_TOKEN spends in that hour (limit 1,000).
* `hostile_hour_*` (issue 28): the same hour with 30 decoy pull requests, 200 stranger comments (64 KB
  built to be slow for the parser, URLs, hidden commands, refused commands) and the cut-off pass; where
  the requests went: `_decoy_`, `_nomination_` and `_comment_requests` (the check's runs of each kind),
  `_cutoff_requests` (the sync that made the cut-off pass) and `_sync_requests` (the other syncs).
"""

from __future__ import annotations

import io
import json
import re
import tempfile
import time
from collections.abc import Mapping
from datetime import datetime, timedelta
from pathlib import Path

from bot.config.timeline import format_utc, parse_instant
from bot.nominations.run_budget import RATE_RESERVE
from bot.nominations.slash import Command
from bot.phases.bodies import recorded_pulls
from bot.text import labels as vocab
from tools.benchmarks.fixtures import ELECTION, ELECTION_ID, NOMINATION

REPO = "pypa/elections"
OPEN = parse_instant("2026-07-28T14:00:00Z")
CUTOFF = parse_instant("2026-08-11T14:00:00Z")


def counted(hub: object) -> int:
    """Requests that count against the rate limit (`GET /rate_limit` does not)."""
    return len([r for r in hub.requests if r.counted])  # type: ignore[attr-defined]


LOGINS = tuple(f"nominee-{i:02d}" for i in range(50))  # the nominees of both hours, all on the roster


class _Bench:
    def __init__(self, hub: object, tmp: Path) -> None:
        """The repository both hours measure: the election's config and a seed nomination in the checkout,
        the roster beside the event payloads."""
        from election_bot_demo.fakehub import FakeHub

        assert isinstance(hub, FakeHub)
        hub.add_repo(REPO, default_branch="main")
        self.hub = hub
        self.root = tmp / "checkout"
        self.events = tmp / "events"
        self.events.mkdir()
        self.folder = self.root / "nominations" / ELECTION_ID
        self.folder.mkdir(parents=True)
        (self.folder / "election.yaml").write_text(ELECTION)
        (self.events / "roster.csv").write_text(
            "github_login,membership\n" + "".join(f"{login},fellow\n" for login in ["seed", *LOGINS])
        )
        (self.folder / "seed.md").write_text(NOMINATION.format(i=0, login="seed"))
        self.env: dict[str, str] = {
            "GITHUB_API_URL": hub.url,
            "GITHUB_TOKEN": FakeHub.BOT_TOKEN,
            "GITHUB_REPOSITORY": REPO,
        }

    def open_nomination(self, i: int, at: datetime) -> int:
        """`LOGINS[i]` opens the pull request of their own nomination at `at`; its number."""
        login = LOGINS[i]
        files = {f"nominations/{ELECTION_ID}/{login}.md": NOMINATION.format(i=i, login=login).encode()}
        return self.hub.open_pull(REPO, login, files, title=f"Nominate {login}", created_at=at)

    def sync(self, at: datetime) -> tuple[int, int]:
        """(requests, writes) of one `election-bot sync` run at `at`."""
        from bot.commands.sync import run

        self.hub.now = at
        before, writes = counted(self.hub), len(self.hub.writes())
        code = run(
            root=self.root / "nominations",
            at=at,
            election=None,
            dry_run=False,
            environ=self.env,
            stream=io.StringIO(),
        )
        if code != 0:
            raise RuntimeError(f"sync at {format_utc(at)} exited {code}")
        return counted(self.hub) - before, len(self.hub.writes()) - writes

    def pr_event(self, number: int, at: datetime) -> int:
        """Requests of one `election-bot pr` run on a `pull_request_target opened` event."""
        from bot.commands.pr.check import run_pr

        self.hub.now = at
        payload = self.events / f"event-{number}.json"
        payload.write_text(json.dumps(self.hub.pull_request_event(REPO, number)))
        env: Mapping[str, str] = {
            **self.env,
            "GITHUB_EVENT_NAME": "pull_request_target",
            "GITHUB_EVENT_PATH": str(payload),
            "ELECTION_BOT_ROSTER": str(self.events / "roster.csv"),
        }
        before = counted(self.hub)
        run_pr(env, root=self.root / "nominations", out=io.StringIO())
        return counted(self.hub) - before

    def comment_run(self, comment_id: int, at: datetime) -> tuple[int, float]:
        """(requests without label creation, wall seconds) of one `election-bot pr` run on a comment."""
        self.hub.now = at
        return self._event_run(
            "issue_comment",
            self.events / f"comment-{comment_id}.json",
            self.hub.comment_event(REPO, comment_id),
        )

    def pr_run(self, number: int, at: datetime) -> tuple[int, float]:
        """(requests without label creation, wall seconds) of one `election-bot pr` run on `opened`."""
        self.hub.now = at
        return self._event_run(
            "pull_request_target",
            self.events / f"event-{number}.json",
            self.hub.pull_request_event(REPO, number),
        )

    def _event_run(self, event_name: str, payload: Path, event: object) -> tuple[int, float]:
        """One `election-bot pr` run on `event`, written where the Actions runner would put it."""
        payload.write_text(json.dumps(event))
        env: Mapping[str, str] = {
            **self.env,
            "GITHUB_EVENT_NAME": event_name,
            "GITHUB_EVENT_PATH": str(payload),
            "ELECTION_BOT_ROSTER": str(payload.parent / "roster.csv"),
        }
        return self._timed(env)

    def _timed(self, env: Mapping[str, str]) -> tuple[int, float]:
        from bot.commands.pr.check import run_pr

        start = len(self.hub.requests)
        began = time.perf_counter()
        run_pr(env, root=self.root / "nominations", out=io.StringIO())
        seconds = time.perf_counter() - began
        made = self.hub.requests[start:]
        # Counted as the per-run bound counts them: with labels existing (a new nominee's label is created
        # once, reading the labels and adding one).
        runs = [r for r in made if r.counted and r.path != f"/repos/{REPO}/labels"]
        return len(runs), seconds


def measure() -> dict[str, int | float]:
    from election_bot_demo.fakehub import FakeHub

    results: dict[str, int | float] = {}
    with tempfile.TemporaryDirectory() as tmp, FakeHub(now=OPEN - timedelta(hours=1)) as hub:
        bench = _Bench(hub, Path(tmp))

        results["sync_phase_start_requests"], results["sync_phase_start_writes"] = bench.sync(OPEN)
        results["sync_noop_requests"], results["sync_noop_writes"] = bench.sync(OPEN + timedelta(minutes=5))
        (bench.folder / "another.md").write_text(NOMINATION.format(i=1, login="another"))
        results["sync_list_update_requests"], results["sync_list_update_writes"] = bench.sync(
            OPEN + timedelta(minutes=10)
        )

        # The busiest hour: 13:30 to 14:30 on the cut-off day.
        start = CUTOFF - timedelta(minutes=30)
        sync_requests = pr_requests = 0
        writes_before = len(hub.writes())
        pulls: list[tuple[int, str]] = []
        for minute in range(0, 60, 5):
            now = start + timedelta(minutes=minute)
            if now < CUTOFF:  # ten pull requests in each of these five-minute slots (50 in all)
                for k in range(10):
                    i = len(pulls)
                    if i >= len(LOGINS):
                        break
                    at = now + timedelta(seconds=25 * k + 5)
                    hub.now = at
                    login = LOGINS[i]
                    number = bench.open_nomination(i, at)
                    pulls.append((number, login))
                    pr_requests += bench.pr_event(number, at)
                    if i % 5 == 0:  # an admin merges every fifth one; the checkout follows the default branch
                        hub.merge_pull(REPO, number)
                        (bench.folder / f"{login}.md").write_text(NOMINATION.format(i=i, login=login))
            requests, _ = bench.sync(now)
            sync_requests += requests
        results["busiest_hour_sync_requests"] = sync_requests
        results["busiest_hour_pr_requests"] = pr_requests
        results["busiest_hour_requests"] = sync_requests + pr_requests
        results["busiest_hour_writes"] = len(hub.writes()) - writes_before
        results["busiest_hour_open_at_cutoff"] = sum(1 for p in hub.pulls(REPO) if p.state == "open")

        bench.sync(parse_instant("2026-08-13T14:00:00Z"))  # the candidates' issue opens
        results["sync_phase_end_requests"], results["sync_phase_end_writes"] = bench.sync(
            parse_instant("2026-08-25T14:00:00Z")  # the voter affirmation ends: closing comment, close
        )
        results["sync_noop_after_cutoff_requests"], _ = bench.sync(parse_instant("2026-08-25T14:05:00Z"))
    results.update(hostile_hour())
    return results


# -- the hostile hour (issue 28) ----------------------------------------------------------------------------

# What the check workflow's `if:` lets start a run: a line starting (after up to three spaces) with one of
# the bot's commands, in any case (tests/workflows proves the workflow's expression says the same).
STARTS_RUN = re.compile(
    r"(?:^|\n) {0,3}/(?:" + "|".join(re.escape(c.value) for c in Command) + ")", re.IGNORECASE
)
SLOW = "<![_"


def _stranger_bodies() -> list[str]:
    """200 comments by strangers: 64 KB built to be slow for the parser, URLs and slashes, parser-hostile
    comments short enough to be read with a command line hidden in them, and refused commands."""
    bodies: list[str] = []
    for i in range(200):
        kind = i % 4
        if kind == 0:
            bodies.append("Nice!\n/x\n" + SLOW * (65_000 // len(SLOW)) + f"\n{i}")
        elif kind == 1:
            bodies.append(f"See https://example.org/a/b/{i} and/or the docs at /usr/share/doc.")
        elif kind == 2:
            bodies.append("```\n/accept-late\n```\n" + SLOW * (3_800 // len(SLOW)) + f"\n{i}")
        else:
            bodies.append(f"/accept-late\n/verify-membership fellow {i}")
    return bodies


def hostile_hour() -> dict[str, int | float]:
    """One hour around the cut-off with strangers at work: 30 decoy pull requests (`decoyN.md` saying
    `github: nominee-00`), 50 nomination events, 200 stranger comments (`_stranger_bodies`), a sync every
    five minutes and the cut-off pass at 14:00, GitHub's primary rate limit enforced (1,000 an hour).
    Measured: the hour's requests, the largest run's requests and wall time, the rate limit left at the
    end and when the cut-off pass began, and the pull requests open at the cut-off that the pass missed."""
    from election_bot_demo.fakehub import FakeHub

    results: dict[str, int | float] = {}
    start = CUTOFF - timedelta(minutes=30)
    with tempfile.TemporaryDirectory() as tmp, FakeHub(now=start - timedelta(hours=2)) as hub:
        bench = _Bench(hub, Path(tmp))
        # GitHub's primary limit refused as GitHub refuses it (1,000 an hour for the repository). The
        # secondary limit on content creation is not enforced here: this script moves the hub's clock back
        # and forth within each five-minute slot, which a per-minute window cannot follow.
        hub.enforce_rate_limits(primary=True, secondary=False)
        bench.sync(OPEN)  # the phase issues exist before the hour (as in the busiest hour)
        hub.now = start
        before = counted(hub)
        runs: list[tuple[int, float]] = []
        spent = {"decoy": 0, "nomination": 0, "comment": 0, "sync": 0, "cutoff": 0}

        below = {"requests": 0}  # what the check's runs spent that began below the reserve

        def left() -> int:
            status = hub.rate_limit_status(REPO)
            return status.limit - status.used

        def spend(kind: str, since: int, left_before: int | None = None) -> None:
            spent[kind] += counted(hub) - since
            if left_before is not None and left_before < RATE_RESERVE:
                below["requests"] += counted(hub) - since

        left_at_cutoff = 0

        for i in range(30):  # the decoys, opened as the hour starts
            at = start + timedelta(seconds=10 * i)
            hub.now = at
            login = f"decoy-{i:02d}"
            path = f"nominations/{ELECTION_ID}/{login}.md"
            decoy = NOMINATION.format(i=100 + i, login=LOGINS[0]).encode()
            number = hub.open_pull(REPO, login, {path: decoy}, title=f"Nominate {LOGINS[0]}", created_at=at)
            mark, before_run = counted(hub), left()
            runs.append(bench.pr_run(number, at))
            spend("decoy", mark, before_run)
        bodies = _stranger_bodies()
        pulls: list[int] = []
        for minute in range(0, 60, 5):
            now = start + timedelta(minutes=minute)
            for k in range(10):  # ten nominations in each slot before the cut-off (50 in all)
                if now >= CUTOFF or len(pulls) >= len(LOGINS):
                    break
                at = now + timedelta(seconds=25 * k + 5)
                hub.now = at
                number = bench.open_nomination(len(pulls), at)
                pulls.append(number)
                mark, before_run = counted(hub), left()
                runs.append(bench.pr_run(number, at))
                spend("nomination", mark, before_run)
            for k in range(17):  # the strangers, all hour long, on the nominations there are
                if not bodies or not pulls:
                    break
                at = now + timedelta(seconds=17 * k + 3)
                hub.now = at
                author = f"stranger-{len(bodies) % 7}"  # add_comment makes the account on its first comment
                body = bodies.pop()
                comment_id = hub.add_comment(
                    REPO, pulls[len(bodies) % len(pulls)], author, body, created_at=at
                )
                if STARTS_RUN.search(body):
                    mark, before_run = counted(hub), left()
                    runs.append(bench.comment_run(comment_id, at))
                    spend("comment", mark, before_run)
            mark, at = counted(hub), now + timedelta(minutes=4, seconds=50)
            passing = at - timedelta(minutes=5) < CUTOFF <= at
            if passing:
                left_at_cutoff = left()
            bench.sync(at)
            spend("cutoff" if passing else "sync", mark)
        status = hub.rate_limit_status(REPO)
        open_at_cutoff = [p for p in hub.pulls(REPO) if p.state == "open"]
        # The pass's work: every open pull request labelled, every one opened in time in the record.
        recorded = {
            n
            for i in hub.issues(REPO)
            if i.author == FakeHub.BOT_LOGIN
            for n in recorded_pulls(i.body or "", ELECTION_ID)
        }
        missed = [
            p.number
            for p in open_at_cutoff
            if not set(p.labels) & vocab.CUTOFF or (p.created_at < CUTOFF and p.number not in recorded)
        ]
        results["hostile_hour_requests"] = counted(hub) - before
        for kind, requests in spent.items():  # where they went: the runs of each kind, the syncs
            results[f"hostile_hour_{kind}_requests"] = requests
        results["hostile_hour_runs"] = len(runs)
        results["hostile_hour_run_requests_max"] = max(r for r, _ in runs)
        results["hostile_hour_run_seconds_max"] = round(max(s for _, s in runs), 2)
        results["hostile_hour_rate_limit_left"] = status.limit - status.used
        # The reserve kept for the reconciler and the cut-off pass: what was left when the pass began, how
        # far below the reserve that was, and what runs of the check that began below it spent (only what
        # an event's own author is owed).
        results["hostile_hour_left_at_cutoff_pass"] = left_at_cutoff
        results["hostile_hour_reserve_shortfall_at_cutoff"] = max(0, RATE_RESERVE - left_at_cutoff)
        results["hostile_hour_check_requests_below_reserve"] = below["requests"]
        results["hostile_hour_cutoff_missed"] = len(missed)
    return results


if __name__ == "__main__":  # pragma: no cover - a convenience for people
    for key, value in measure().items():
        print(f"{key:<36} {value}")
