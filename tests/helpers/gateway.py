"""The gateway's test doubles and data: a fake clock for its retries (FakeSleep), the scratch repository
a recording run targets (Targets), the cassettes' folder, and a gateway on the stand-in (make_gateway)."""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.github.gateway import (
    DEFAULT_API_URL,
    Gateway,
)
from election_bot_demo.fakehub import FakeHub
from tests.helpers import canary

REPO = "pypa/elections"


BOT = "github-actions[bot]"


MARK = "<!-- election-bot:test -->"


TOKEN = canary.CANARY_TOKEN  # the session's canary: watched in every output (tests/helpers/canary.py)


def make_gateway(hub: FakeHub, sleep: FakeSleep, **options: Any) -> Gateway:
    return Gateway(
        REPO,
        TOKEN,
        hub.url,
        seconds_between_requests=0,
        seconds_between_writes=0,
        sleep=sleep,
        clock=sleep.clock,
        **options,
    )


def nomination(i: int = 0) -> dict[str, bytes | None]:
    return {f"nominations/ppc-2026/user{i}.md": b"---\nname: Someone\n---\nStatement\n"}


# ELECTION_BOT_CASSETTE_DIR exists for the recording self-test (test_recording.py) only.
CASSETTES = Path(
    os.environ.get("ELECTION_BOT_CASSETTE_DIR") or Path(__file__).resolve().parent.parent / "cassettes"
)


TOKEN_PATTERN = re.compile(r"(?:ghp_|gho_|ghs_|ghu_|ghr_|github_pat_)[A-Za-z0-9_]*")


@dataclass
class FakeSleep:
    """Records the waits instead of sleeping; `now` (wall-clock time at creation) moves with them, so it
    serves as the gateway's clock for rate-limit resets, which servers state in real epoch seconds."""

    calls: list[float] = field(default_factory=list)
    now: float = field(default_factory=time.time)

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now

    @property
    def total(self) -> float:
        return sum(self.calls)


@dataclass(frozen=True)
class Targets:
    """What the VCR tests ask for: the repository, a pull request and paths at its head."""

    source: str  # "github-examples" (built by build_cassettes.py) or "recorded"
    repo: str
    pull: int
    file: str  # a regular file (over 10 bytes)
    file_symlink: str  # a symlink to a regular file
    other_symlink: str  # a symlink to something else (GitHub then describes the link itself)
    submodule: str
    directory: str  # a directory holding at least one entry
    missing: str  # nothing there
    label: str  # an existing label
    new_label: str  # created by test_labels if missing
    bot_login: str  # the account the token writes as
    api_url: str = DEFAULT_API_URL

    @property
    def from_examples(self) -> bool:
        return self.source == "github-examples"
