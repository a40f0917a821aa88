"""GitHub requests of the phase reconciler, counted by the local stand-in's request log.

* `sync_noop_*`: a run that finds everything in place (the target: at most 3 requests, no write).
* `sync_phase_start_*`: the run at the instant nominations (and the voter affirmation) open.
* `sync_list_update_*`: the run after a nomination was merged (the candidate list is edited).
* `sync_phase_end_*`: the run at the end of a phase (the voter affirmation): closing comment, close.
* `busiest_hour_*`: the hour around the cut-off: a sync every 5 minutes (12 runs) and 50 nomination pull
  requests opened in the last half hour before it, each checked by `election-bot pr` (10 are merged,
  which changes the list); at 14:00 the cut-off pass comments on and labels the 40 still open.
  `busiest_hour_requests` is what the repository's GITHUB_TOKEN spends in that hour (limit 1,000).
"""

from __future__ import annotations

import io
import json
import tempfile
from collections.abc import Mapping
from datetime import datetime, timedelta
from pathlib import Path

from bot.config.timeline import format_utc, parse_instant
from tools.benchmarks.fixtures import ELECTION, ELECTION_ID, NOMINATION

REPO = "pypa/elections"
OPEN = parse_instant("2026-07-28T14:00:00Z")
CUTOFF = parse_instant("2026-08-11T14:00:00Z")


class _Bench:
    def __init__(self, hub: object, root: Path) -> None:
        from election_bot_demo.fakehub import FakeHub

        assert isinstance(hub, FakeHub)
        self.hub = hub
        self.root = root
        self.folder = root / "nominations" / ELECTION_ID
        self.env: dict[str, str] = {
            "GITHUB_API_URL": hub.url,
            "GITHUB_TOKEN": FakeHub.BOT_TOKEN,
            "GITHUB_REPOSITORY": REPO,
        }

    def sync(self, at: datetime) -> tuple[int, int]:
        """(requests, writes) of one `election-bot sync` run at `at`."""
        from bot.commands.sync import run

        self.hub.now = at
        before, writes = self.hub.count(), len(self.hub.writes())
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
        return self.hub.count() - before, len(self.hub.writes()) - writes

    def pr_event(self, number: int, at: datetime, events: Path) -> int:
        """Requests of one `election-bot pr` run on a `pull_request_target opened` event."""
        from bot.commands.pr.check import run_pr

        self.hub.now = at
        payload = events / f"event-{number}.json"
        payload.write_text(json.dumps(self.hub.pull_request_event(REPO, number)))
        env: Mapping[str, str] = {
            **self.env,
            "GITHUB_EVENT_NAME": "pull_request_target",
            "GITHUB_EVENT_PATH": str(payload),
            "ELECTION_BOT_ROSTER": str(events / "roster.csv"),
        }
        before = self.hub.count()
        run_pr(env, root=self.root / "nominations", out=io.StringIO())
        return self.hub.count() - before


def measure() -> dict[str, int | float]:
    from election_bot_demo.fakehub import FakeHub

    results: dict[str, int | float] = {}
    with tempfile.TemporaryDirectory() as tmp, FakeHub(now=OPEN - timedelta(hours=1)) as hub:
        hub.add_repo(REPO, default_branch="main")
        root = Path(tmp) / "checkout"
        events = Path(tmp) / "events"
        events.mkdir()
        bench = _Bench(hub, root)
        bench.folder.mkdir(parents=True)
        (bench.folder / "election.yaml").write_text(ELECTION)
        logins = [f"nominee-{i:02d}" for i in range(50)]
        (events / "roster.csv").write_text(
            "github_login,membership\n" + "".join(f"{login},fellow\n" for login in ["seed", *logins])
        )
        (bench.folder / "seed.md").write_text(NOMINATION.format(i=0, login="seed"))

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
                    if i >= len(logins):
                        break
                    at = now + timedelta(seconds=25 * k + 5)
                    hub.now = at
                    login = logins[i]
                    number = hub.open_pull(
                        REPO,
                        login,
                        {
                            f"nominations/{ELECTION_ID}/{login}.md": NOMINATION.format(
                                i=i, login=login
                            ).encode()
                        },
                        title=f"Nominate {login}",
                        created_at=at,
                    )
                    pulls.append((number, login))
                    pr_requests += bench.pr_event(number, at, events)
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
    return results


if __name__ == "__main__":  # pragma: no cover - a convenience for people
    for key, value in measure().items():
        print(f"{key:<36} {value}")
