"""Fixtures for the gateway's tests: a fake sleep, and the VCR set-up (replay, or re-recording).

Replay (the default, `--record-mode=none` from pyproject): cassettes in tests/cassettes/, built from
GitHub's published examples by tests/cassettes/build_cassettes.py; `targets.json` says what they hold.

Re-recording against a scratch repository (see docs/development/cassettes.md):

    ELECTION_BOT_SCRATCH_REPO=you/scratch ELECTION_BOT_SCRATCH_PULL=1 GITHUB_TOKEN=... \
        uv run pytest tests/github/test_vcr.py --record-mode=rewrite

reads the repository, pull request and token from the environment, records real answers and rewrites
targets.json to match. Authorization and cookie headers are filtered out before anything is written.
"""

from __future__ import annotations

import json
import os
import urllib.parse
from dataclasses import asdict
from typing import Any

import pytest

from bot.github.gateway import DEFAULT_API_URL, DEFAULT_BOT_LOGIN, Gateway
from tests.cassettes.build_cassettes import EXAMPLE_TARGETS
from tests.helpers import canary
from tests.helpers.gateway import CASSETTES, TOKEN_PATTERN, FakeSleep, Targets

TARGETS_FILE = CASSETTES / "targets.json"
# The session's canary (tests/helpers/canary.py): never in a cassette or output.
REPLAY_TOKEN = canary.CANARY_TOKEN
SECRET_HEADERS = ["authorization", "cookie", "set-cookie", "x-github-token", "proxy-authorization"]


@pytest.fixture
def fake_sleep() -> FakeSleep:
    return FakeSleep()


# -- VCR ------------------------------------------------------------------------------------------------


SCRATCH_KEYS = ("file", "file_symlink", "other_symlink", "submodule", "directory", "missing", "label")


def _recording_targets() -> Targets:
    """Targets for recording, from the environment; the paths default to the documented scratch layout."""
    try:
        repo = os.environ["ELECTION_BOT_SCRATCH_REPO"]
        pull = int(os.environ["ELECTION_BOT_SCRATCH_PULL"])
    except (KeyError, ValueError):
        pytest.exit(
            "recording needs ELECTION_BOT_SCRATCH_REPO (owner/name), ELECTION_BOT_SCRATCH_PULL (a number) "
            "and GITHUB_TOKEN",
            returncode=2,
        )
    values: dict[str, Any] = {**EXAMPLE_TARGETS, "source": "recorded", "repo": repo, "pull": pull}
    values["bot_login"] = os.environ.get("ELECTION_BOT_SCRATCH_BOT_LOGIN", DEFAULT_BOT_LOGIN)
    values["api_url"] = os.environ.get("ELECTION_BOT_SCRATCH_API_URL", DEFAULT_API_URL)
    for key in SCRATCH_KEYS:
        values[key] = os.environ.get(f"ELECTION_BOT_SCRATCH_{key.upper()}", values[key])
    return Targets(**values)


@pytest.fixture(scope="session")
def targets(record_mode: str) -> Targets:
    if record_mode == "none":
        return Targets(**json.loads(TARGETS_FILE.read_text(encoding="utf-8")))
    recorded = _recording_targets()
    TARGETS_FILE.write_text(json.dumps(asdict(recorded), indent=2) + "\n", encoding="utf-8")
    return recorded


@pytest.fixture
def gh(record_mode: str, targets: Targets, fake_sleep: FakeSleep) -> Gateway:
    """The gateway the VCR tests use: cassettes answer it (or the real server, when recording)."""
    if record_mode == "none":
        return Gateway(
            targets.repo,
            REPLAY_TOKEN,
            targets.api_url,
            bot_login=targets.bot_login,
            seconds_between_requests=0,
            seconds_between_writes=0,
            sleep=fake_sleep,
            clock=fake_sleep.clock,
        )
    token = os.environ.get("GITHUB_TOKEN", "")
    if not token:
        pytest.exit("recording needs GITHUB_TOKEN", returncode=2)
    if urllib.parse.urlsplit(targets.api_url).hostname in ("127.0.0.1", "localhost"):
        # Recording against a local stand-in (the recording self-test): no spacing needed.
        return Gateway(
            targets.repo,
            token,
            targets.api_url,
            bot_login=targets.bot_login,
            seconds_between_requests=0,
            seconds_between_writes=0,
        )
    return Gateway(targets.repo, token, targets.api_url, bot_login=targets.bot_login)  # GitHub's spacing


def _scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in SECRET_HEADERS:
            del headers[name]
    body = response.get("body", {}).get("string")
    if isinstance(body, bytes):
        response["body"]["string"] = TOKEN_PATTERN.sub("***", body.decode("utf-8", "replace")).encode()
    elif isinstance(body, str):
        response["body"]["string"] = TOKEN_PATTERN.sub("***", body)
    return response


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, Any]:
    return {
        "filter_headers": SECRET_HEADERS,
        "filter_query_parameters": ["access_token", "client_secret", "token"],
        "before_record_response": _scrub_response,
        "decode_compressed_response": True,
    }


@pytest.fixture(scope="module")
def vcr_cassette_dir() -> str:
    return str(CASSETTES)
