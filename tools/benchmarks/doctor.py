"""`election-bot doctor`'s requests against a well-configured stand-in repository (issue 27: at most ~25):
the callers written by `init` pinned to a commit of the bot's repository, the bot's labels, the environment
(the default branch only, the roster secret), a ruleset requiring `nomination` from GitHub Actions, Actions
allowed to use the bot's repository by pattern, Pages built by Actions, an election still ahead with a site."""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from pathlib import Path
from unittest import mock

from tools.benchmarks.fixtures import ELECTION, ELECTION_ID

REPO = "pypa/elections"
BOT = "psf/election-bot"
SITE = "https://pypa.github.io/elections/"
DRAW = """\
draw:
  - identifier: the fictional lottery's draw of 2026-09-16
    description: Its six numbers in ascending order, two digits each.
    available_after: 2026-09-16T00:00:00Z
    pattern: ^[0-9]{2}( [0-9]{2}){5}$
"""
SHA = "0123456789abcdef0123456789abcdef01234567"


def measure() -> dict[str, int | float]:
    from bot.cli import main
    from bot.config.workflows import ENVIRONMENT, ROSTER_SECRET_NAME, Pin, caller_workflows
    from bot.nominations.constants import CHECK_APP_ID, CHECK_NAME
    from bot.text.labels import FIXED
    from election_bot_demo.fakehub import FakeHub

    with tempfile.TemporaryDirectory() as tmp, FakeHub() as hub:
        hub.add_repo(REPO)
        files = caller_workflows(Pin(BOT, SHA, "1.4.0"))
        hub.commit(REPO, "main", {path: text.encode() for path, text in files.items()})
        for label in FIXED.values():
            hub.add_label(REPO, label.name, label.color, label.description)
        hub.add_environment(REPO, ENVIRONMENT, branches=["main"], secrets=[ROSTER_SECRET_NAME])
        hub.add_ruleset(REPO, [(CHECK_NAME, CHECK_APP_ID)])
        hub.set_actions_policy(REPO, allowed_actions="selected", patterns_allowed=[f"{BOT}/*"])
        hub.set_pages(REPO, "workflow")
        folder = Path(tmp) / "nominations" / ELECTION_ID
        folder.mkdir(parents=True)
        (folder / "election.yaml").write_text(ELECTION + f"site: {SITE}\n" + DRAW)
        hub.set_permission(REPO, "an-admin", "admin")  # the admin guide: an admin's token sees every item
        environ = {
            "GITHUB_API_URL": hub.url,
            "GITHUB_REPOSITORY": REPO,
            "GITHUB_TOKEN": hub.token_for("an-admin"),
            # No job summary: under CI's `make bench` the stand-in's readiness report would land in CI's own.
            "GITHUB_STEP_SUMMARY": "",
        }
        with mock.patch.dict(os.environ, environ):  # restored (or removed) on the way out
            hub.reset_log()
            with contextlib.redirect_stdout(io.StringIO()):
                code = main(["--repo", tmp, "doctor", "--at", "2026-01-01T00:00:00Z"])
        return {"doctor_requests": hub.count(), "doctor_writes": len(hub.writes()), "doctor_exit": code}
