"""The re-recording path works: record the VCR tests against a live server, then replay them offline.

A maintainer records against a scratch repository on GitHub; here the local stand-in plays GitHub, seeded
with the documented scratch layout, so the whole path (environment, filters, targets.json, replay) runs
in CI without a token or a network.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from election_bot_demo.fakehub import FakeHub

pytestmark = pytest.mark.slow  # docs/development/testing.md: The fast lane

ROOT = Path(__file__).resolve().parents[2]
SCRATCH = "someone/election-bot-scratch"
RECORDING_TOKEN = "recording-token-must-not-be-kept"


def seed_scratch_layout(hub: FakeHub) -> int:
    """The scratch repository docs/development/cassettes.md asks for: an open pull request whose head has
    these paths."""
    hub.add_repo(SCRATCH, files={"README.md": b"# Scratch repository for election-bot recordings\n"})
    hub.add_label(SCRATCH, "bug", "d73a4a", "Something isn't working")
    return hub.open_pull(
        SCRATCH,
        "janedoe",
        {
            "lib/octokit.rb": b"puts 1\n",
            "link-to-readme": b"README.md",
            "bin/some-symlink": b"/path/to/symlink/target",
            "test/qunit": b"https://github.com/jquery/qunit.git",
        },
        modes={"link-to-readme": "120000", "bin/some-symlink": "120000", "test/qunit": "160000"},
    )


def run_vcr_tests(env: dict[str, str], record_mode: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/github/test_vcr.py",
            f"--record-mode={record_mode}",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_record_against_a_live_server_then_replay_offline(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ELECTION_BOT_", "GITHUB_"))}
    env["ELECTION_BOT_CASSETTE_DIR"] = str(tmp_path)
    with FakeHub() as hub:
        pull = seed_scratch_layout(hub)
        recording = {
            **env,
            "ELECTION_BOT_SCRATCH_REPO": SCRATCH,
            "ELECTION_BOT_SCRATCH_PULL": str(pull),
            "ELECTION_BOT_SCRATCH_API_URL": hub.url,
            "GITHUB_TOKEN": RECORDING_TOKEN,
        }
        recorded = run_vcr_tests(recording, "rewrite")
        assert recorded.returncode == 0, recorded.stdout + recorded.stderr
        assert hub.count() > 20  # the stand-in really answered

    targets = json.loads((tmp_path / "targets.json").read_text("utf-8"))
    assert (targets["source"], targets["repo"], targets["pull"]) == ("recorded", SCRATCH, pull)
    cassettes = sorted(p.name for p in tmp_path.glob("*.yaml"))
    assert len(cassettes) == 7  # every recordable test; the example-only one is skipped
    for name in cassettes:
        text = (tmp_path / name).read_text("utf-8")
        assert RECORDING_TOKEN not in text
        assert "authorization" not in text.lower()

    replayed = run_vcr_tests(env, "none")  # the stand-in is gone: only the cassettes can answer
    assert replayed.returncode == 0, replayed.stdout + replayed.stderr
    assert "7 passed" in replayed.stdout
