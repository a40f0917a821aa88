"""`election-bot doctor`'s requests against a well-configured stand-in repository (issue 27: at most ~25):
the callers written by `init` pinned to a commit, the bot's labels, an election still ahead."""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from pathlib import Path

from tools.benchmarks.fixtures import ELECTION, ELECTION_ID

REPO = "pypa/elections"
SHA = "0123456789abcdef0123456789abcdef01234567"


def measure() -> dict[str, int | float]:
    from bot.cli import main
    from bot.config.workflows import Pin, caller_workflows
    from bot.text.labels import FIXED
    from election_bot_demo.fakehub import FakeHub

    with tempfile.TemporaryDirectory() as tmp, FakeHub() as hub:
        hub.add_repo(REPO)
        files = caller_workflows(Pin(REPO, SHA, "1.4.0"))
        hub.commit(REPO, "main", {path: text.encode() for path, text in files.items()})
        for label in FIXED.values():
            hub.add_label(REPO, label.name, label.color, label.description)
        folder = Path(tmp) / "nominations" / ELECTION_ID
        folder.mkdir(parents=True)
        (folder / "election.yaml").write_text(ELECTION)
        saved = {k: os.environ.get(k) for k in ("GITHUB_API_URL", "GITHUB_REPOSITORY", "GITHUB_TOKEN")}
        os.environ.update(GITHUB_API_URL=hub.url, GITHUB_REPOSITORY=REPO, GITHUB_TOKEN=FakeHub.BOT_TOKEN)
        try:
            hub.reset_log()
            with contextlib.redirect_stdout(io.StringIO()):
                main(["--repo", tmp, "doctor", "--at", "2026-01-01T00:00:00Z"])
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
        return {"doctor_requests": hub.count(), "doctor_writes": len(hub.writes())}
