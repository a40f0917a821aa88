"""One table of exit statuses (bot.errors): the reference shows exactly it, and every command maps GitHub's
failures through it, so `pr`, `sync` and `results --post` agree."""

from __future__ import annotations

import argparse
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


def _help_statuses() -> dict[str, set[int]]:
    """Each command whose `--help` lists its exit statuses: the statuses it lists."""
    from bot.cli import build_parser

    parser = build_parser()
    (commands,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    found: dict[str, set[int]] = {}
    for name, command in commands.choices.items():
        text = command.description or ""
        if "Exit " in text:
            listed = text[text.index("Exit ") :]
            found[name] = {int(n) for n in re.findall(r"(?:Exit |; )(\d+)\b", listed)}
    return found


def _reference_statuses() -> dict[str, set[int]]:
    """Each command in the reference's "What each command returns": the statuses it lists."""
    text = REFERENCE.read_text()
    section = text[text.index("## What each command returns") :]
    found: dict[str, set[int]] = {}
    for item in re.split(r"^- ", section, flags=re.M)[1:]:
        name = re.match(r"`(\w+)", item)
        assert name is not None, item
        rest = item.partition(": ")[2]
        found[name.group(1)] = {int(n) for n in re.findall(r"(?:^|[;,])\s*(\d+) ", rest)}
    return found


def test_every_command_help_lists_the_statuses_the_reference_gives() -> None:
    """`sync --help` once promised 1 for a refused request, which it never returned (a refusal of the
    token is 2, any other GitHub failure 3)."""
    listed = _help_statuses()
    reference = _reference_statuses()
    assert {"sync", "pr", "validate", "results"} <= listed.keys()
    for name, statuses in listed.items():
        assert statuses == reference[name], name
