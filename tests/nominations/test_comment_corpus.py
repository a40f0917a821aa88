"""The comment corpus: every body in tests/corpus/comments/ is read by the slash-command parser as its
manifest says (comments.expected.yaml), and where the manifest asks, posted on a nomination pull request
and checked end to end: a look-alike, hidden or quoted `/consent` is never consent, a refused admin
command gets one reply and changes nothing, and nothing is written to GitHub that should not be."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from bot.nominations.slash import SlashCommand, parse_commands
from tests.helpers.world import REPO, World

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
FOLDER = CORPUS / "comments"
CASES: list[dict[str, Any]] = YAML(typ="safe").load((CORPUS / "comments.expected.yaml").read_text("utf-8"))
E2E = [c for c in CASES if "e2e" in c]
EFFECTS = {"consent", "no-consent", "verified", "refused", "ignored"}
GITHUB_COMMENT_LIMIT = 65_536
ADMIN = "sample-admin"  # the admin sample-2026's election.yaml names


def body_of(case: dict[str, Any]) -> str:
    text = (FOLDER / f"{case['case']}.md").read_bytes().decode("utf-8")
    recipe = case.get("recipe")
    return text if recipe is None else recipe["before"] * int(recipe["times"]) + text


def shown(command: SlashCommand) -> str:
    if not command.valid_args:
        return f"{command.name.value} !"
    return " ".join([command.name.value, *command.args])


def test_every_comment_file_is_listed_exactly_once() -> None:
    listed = [c["case"] for c in CASES]
    assert len(listed) == len(set(listed))
    assert sorted(listed) == sorted(p.stem for p in FOLDER.glob("*.md"))
    assert {c["e2e"] for c in E2E} <= EFFECTS
    for case in E2E:
        assert len(body_of(case)) <= GITHUB_COMMENT_LIMIT, case["case"]


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_comment_is_read_as_expected(case: dict[str, Any]) -> None:
    body = body_of(case)
    started = time.perf_counter()
    found = parse_commands(body)
    assert time.perf_counter() - started < 2.0, "parsing is linear in the comment's length"
    assert [shown(c) for c in found] == case["commands"]
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for command in found:  # each at the start of the line it names
        assert lines[command.line - 1].lstrip(" ").lower().startswith("/" + command.name.value)


@pytest.mark.parametrize("case", E2E, ids=[c["case"] for c in E2E])
def test_comment_end_to_end(case: dict[str, Any], world: World) -> None:
    effect = case["e2e"]
    if effect in ("consent", "no-consent"):
        world.set_roster(alice="fellow")
        number = world.nominate("bob", "alice")
        author = "alice"
        world.user(author)
    else:
        number = world.nominate("alice")  # no membership directory: unverified until an admin verifies
        author = ADMIN
        world.user(author)
    world.pr_event(number)
    before = world.run()
    assert before.code == 1
    world.comment(number, author, body_of(case))

    run = world.run()

    assert "Traceback" not in run.out + run.err
    report = world.report(number)
    replies = [b for b in world.bot_comments(number) if "election-bot:reply" in b]
    if effect == "consent":
        assert run.code == 0, run.out
        assert "Ready for review" in report and "commented `/consent`" in report
    elif effect == "verified":
        assert run.code == 0, run.out
        assert "verified by hand by admin" in report
    elif not parse_commands(body_of(case)):
        # No command to rule on and nothing waiting since the report: answered from the comments alone.
        assert run.code == 0 and "holds no command" in run.out, run.out
        assert run.total == 1
        assert "verified by hand" not in report and "commented `/consent`" not in report
    else:
        assert run.code == 1, run.out
        assert "verified by hand" not in report and "commented `/consent`" not in report
    if effect == "refused":
        assert len(replies) == 1 and "Nothing was changed" in replies[0]
        assert [f"{r.method} {r.path}" for r in run.writes] == [
            f"POST /repos/{REPO}/issues/{number}/comments"
        ]
    else:
        assert replies == []
    if effect in ("no-consent", "ignored"):
        assert run.writes == [], "a comment that is not a command changes nothing"
    again = world.run()
    # and a re-run neither acts nor answers twice (an admin election.yaml names is never skipped as
    # "answered already": their next command may be the corrected one)
    assert again.writes == [] and again.code == run.code
