"""One table of exit statuses (bot.errors): the reference shows exactly it, and every command maps GitHub's
failures through it, so `pr`, `sync` and `results --post` agree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.errors import EXIT_UNAVAILABLE, EXIT_USAGE, MEANINGS, github_exit
from bot.github.port import GitHubAmbiguousWrite, GitHubError, GitHubUnavailable

REFERENCE = Path(__file__).resolve().parents[2] / "docs" / "reference" / "exit-statuses.md"


def test_the_reference_table_is_the_table() -> None:
    text = REFERENCE.read_text()
    section = text[text.index("## Exit status") :]
    section = section[: section.index("\n## ", 5)]
    rows = dict(re.findall(r"^\| (\d+) \| (.+) \|$", section, flags=re.M))
    assert {int(k): v for k, v in rows.items()} == MEANINGS


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (GitHubError("refused", status=401), EXIT_USAGE),
        (GitHubError("refused", status=403), EXIT_USAGE),
        (GitHubError("missing", status=404), EXIT_USAGE),
        (GitHubError("invalid", status=422), EXIT_UNAVAILABLE),
        (GitHubError("no answer", status=None), EXIT_UNAVAILABLE),
        (GitHubUnavailable("rate limited", status=403), EXIT_UNAVAILABLE),  # transient: try again
        (GitHubAmbiguousWrite("maybe applied", status=502), EXIT_UNAVAILABLE),
    ],
)
def test_every_github_failure_has_one_exit_status(error: GitHubError, expected: int) -> None:
    assert error.exit_code == expected == github_exit(error.status, isinstance(error, GitHubUnavailable))
