"""The bad-webhook corpus: every payload in tests/corpus/webhooks/ is driven through `bot.cli.main(["pr"])`
(or `["sync"]`) against the local stand-in, and ends as its manifest says (webhooks.expected.yaml): the
exit code, a clear message, no traceback, and exactly the writes to GitHub that should happen (none,
for almost all of them).

The world (`primed`): sample-2026 in the window, `janedoe` (id 70001) has opened pull request #1 nominating
herself, the roster says she is a fellow, and the bot has already checked #1 once, so a re-check with
the same facts writes nothing; #2 is a plain issue; `mallory` (id 70002) is a stranger.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from bot.cli import main
from election_bot_demo.fakehub import FakeHub
from tests.helpers import canary
from tests.helpers.world import REPO, World

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
FOLDER = CORPUS / "webhooks"
CASES: list[dict[str, Any]] = YAML(typ="safe").load((CORPUS / "webhooks.expected.yaml").read_text("utf-8"))
KEYS = {
    "case",
    "event",
    "exit",
    "message",
    "writes",
    "requests",
    "env",
    "event_path",
    "command",
    "recipe",
    "absent",
    "why",
}
SYNC_AT = "2026-03-05T10:00:00Z"


def test_every_webhook_file_is_listed_exactly_once() -> None:
    listed = [c["case"] for c in CASES]
    assert len(listed) == len(set(listed))
    assert sorted(listed) == sorted(p.stem for p in FOLDER.glob("*.json"))
    for case in CASES:
        assert set(case) <= KEYS, case["case"]
        assert {"event", "exit", "message"} <= set(case), case["case"]


@pytest.fixture
def primed(world: World) -> World:
    world.hub.add_user("janedoe", id=70001)
    world.hub.add_user("mallory", id=70002)
    world.set_roster(janedoe="fellow")
    number = world.nominate("janedoe")
    assert number == 1
    assert world.hub.create_issue(REPO, "mallory", "A question about the election") == 2
    world.pr_event(number)
    assert world.run().code == 0
    assert world.run().writes == []  # the state every case starts from: checked, nothing left to write
    return world


def payload_bytes(case: dict[str, Any]) -> bytes:
    """The case's file, or what its recipe makes of it (recipes keep megabyte files out of the tree)."""
    data = (FOLDER / f"{case['case']}.json").read_bytes()
    recipe = case.get("recipe")
    if recipe is None:
        return data
    if "nest" in recipe:  # `[[[…]]]`, deeper than any JSON parser recurses
        depth = int(recipe["nest"])
        return b"[" * depth + b"]" * depth
    document = json.loads(data)
    target = document
    *parents, last = recipe["pad"]
    for key in parents:
        target = target[key]
    target[last] = (recipe["text"] * (int(recipe["chars"]) // len(recipe["text"]) + 1))[
        : int(recipe["chars"])
    ]
    return json.dumps(document).encode()


def stored_texts(hub: FakeHub) -> str:
    return "\n".join(text for _, text in canary.hub_places(hub))


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_webhook_case(case: dict[str, Any], primed: World, capsys: pytest.CaptureFixture[str]) -> None:
    world, monkeypatch = primed, primed.monkeypatch
    path = world.tmp / f"event-{case['case']}.json"
    path.write_bytes(payload_bytes(case))
    monkeypatch.setenv("GITHUB_EVENT_NAME", case["event"])
    where = case.get("event_path")
    if where == "unset":
        monkeypatch.delenv("GITHUB_EVENT_PATH")
    elif where == "directory":
        monkeypatch.setenv("GITHUB_EVENT_PATH", str(world.tmp))
    elif where == "missing":
        monkeypatch.setenv("GITHUB_EVENT_PATH", str(world.tmp / "no-such-event.json"))
    else:
        monkeypatch.setenv("GITHUB_EVENT_PATH", str(path))
    monkeypatch.delenv("ELECTION_BOT_PR_NUMBER", raising=False)
    for name, value in (case.get("env") or {}).items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, str(value))
    argv = ["sync", "--at", SYNC_AT] if case.get("command") == "sync" else ["pr"]
    world.hub.reset_log()
    capsys.readouterr()

    code = main(argv)

    out, err = capsys.readouterr()
    shown = out + err
    assert "Traceback" not in shown and "internal error" not in shown, shown
    assert code == case["exit"], shown
    assert case["message"] in shown, shown
    if code == 2:  # refused: one line that says why, and not a single request to GitHub
        lines = [line for line in err.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("error: "), err
    elif case.get("command") != "sync":
        assert err == "", err
    assert not re.search(r"(?m)^\s*::", shown), "untrusted text must never become a workflow command"
    writes = [f"{r.method} {r.path.removeprefix(f'/repos/{REPO}')}" for r in world.hub.writes()]
    assert len(writes) == case.get("writes", 0), writes
    expected_requests = case.get("requests", 0 if code == 2 else None)
    if expected_requests is not None:
        counted = [r for r in world.hub.requests if r.counted]  # `GET /rate_limit` is free
        assert len(counted) == expected_requests, [r.path for r in world.hub.requests]
    stored = stored_texts(world.hub) + world.summary()
    for text in case.get("absent", []):
        assert text not in stored, text
