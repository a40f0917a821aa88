"""Issue 28, example 3: runs per hour. The check's `target` job starts for a comment only when a line of
it starts with one of the bot's commands (where a command can stand) and never for a bot's comment: every
comment with a URL, or a line like `/x`, used to start a run. The job's `if:` is evaluated here as GitHub evaluates it, for the functions it uses
(`contains` and `startsWith` ignore case; `fromJSON` parses JSON; string literals have no escapes)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from bot.nominations.slash import Command, parse_commands
from tools.benchmarks.sync import STARTS_RUN

WORKFLOW = Path(__file__).resolve().parents[2] / ".github" / "workflows" / "reusable-nomination-check.yml"


def condition() -> str:
    jobs = YAML(typ="safe").load(WORKFLOW.read_text("utf-8"))["jobs"]
    return str(jobs["target"]["if"])


def evaluate(expression: str, event: dict[str, Any], event_name: str) -> bool:
    """The subset of GitHub's expression language the condition uses, as Python."""

    def lookup(path: str) -> Any:
        value: Any = {"event": event, "event_name": event_name}
        for part in path.split(".")[1:]:
            value = value.get(part) if isinstance(value, dict) else None
        return value

    names = {
        "contains": lambda a, b: str(b).lower() in str(a or "").lower(),
        "startsWith": lambda a, b: str(a or "").lower().startswith(str(b).lower()),
        "fromJSON": json.loads,
    }
    literals: list[str] = []

    def literal(m: re.Match[str]) -> str:
        literals.append(m.group(1).replace("''", "'"))
        return f"__lit[{len(literals) - 1}]"

    code = re.sub(r"'((?:[^']|'')*)'", literal, expression)
    code = re.sub(r"github(?:\.[A-Za-z_]+)+", lambda m: f"__get({m.group(0)!r})", code)
    code = code.replace("&&", " and ").replace("||", " or ").replace("\n", " ")
    code = re.sub(r"!(?!=)", " not ", code)
    return bool(eval(code, {"__builtins__": {}, "__lit": literals, "__get": lookup, **names}))


def comment_event(body: str, user_type: str = "User") -> dict[str, Any]:
    return {
        "issue": {"number": 1, "pull_request": {"url": "https://api.github.com/repos/o/r/pulls/1"}},
        "comment": {"body": body, "user": {"login": "someone", "type": user_type}},
    }


@pytest.mark.parametrize(
    ("body", "runs"),
    [
        ("/consent", True),
        ("Thanks!\n/verify-membership fellow", True),
        ("Thanks!\r\n   /Accept-Late", True),
        ("  /recheck", True),
        ("See https://example.org/a/b for details", False),
        ("a / b, and/or c", False),
        ("Nice!\n    /x (four spaces: code, never a command)", False),
        ("Nice!\n/x\n", False),
        ("/usr/share/doc is where it is", False),
        ("Thanks\n/unverify-membership", True),
        ("   /ACCEPT-LATE", True),
        ("    /consent", False),
        ("```\n/accept-late\n```", True),  # (the bot's parser finds no command in a code block)
        ("", False),
    ],
)
def test_a_comment_starts_a_run_only_with_a_command_at_a_line_start(body: str, runs: bool) -> None:
    assert evaluate(condition(), comment_event(body), "issue_comment") is runs
    assert bool(STARTS_RUN.search(body)) is runs  # the hostile hour's bench starts the same runs
    if parse_commands(body):
        assert runs, "a comment with a command always starts a run"


@pytest.mark.parametrize("command", list(Command))
@pytest.mark.parametrize("before", ["", "Thanks!\n", "Thanks!\r\n", "a\n\n"])
@pytest.mark.parametrize("indent", ["", " ", "  ", "   "])
def test_every_command_the_bot_obeys_starts_a_run(command: Command, before: str, indent: str) -> None:
    body = f"{before}{indent}/{command.value} x"
    assert parse_commands(body), body
    assert evaluate(condition(), comment_event(body), "issue_comment")
    assert STARTS_RUN.search(body)


def test_a_bots_comment_never_starts_a_run() -> None:
    assert not evaluate(condition(), comment_event("/recheck", "Bot"), "issue_comment")


def test_pull_request_events_always_start_a_run() -> None:
    assert evaluate(condition(), {"pull_request": {"number": 1}}, "pull_request_target")
    on_issue = {"issue": {"number": 2}, "comment": {"body": "/consent", "user": {"type": "User"}}}
    assert not evaluate(condition(), on_issue, "issue_comment")
