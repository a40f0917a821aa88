"""Every `election-bot …` command the documentation shows a reader exists, with the options it is shown
with: a newcomer copies the guide's line into a terminal, and a renamed command or option must fail here,
not there. Commands are read where a reader copies them from: code spans, fenced and indented code blocks.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from pathlib import Path

from bot.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent

_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_SPAN = re.compile(r"(`+)(.+?)\1")
# `election-bot <command> <the rest>`, not a path or a name that merely starts with it (election-bot-demo).
_CALL = re.compile(r"(?<![\w/.\[-])election-bot +([a-z][a-z-]*)(.*)")
_OPTION = re.compile(r"(?<![\w-])(--[a-z][a-z-]*)")


def pages(root: Path = ROOT) -> list[Path]:
    """The pages a user reads (a changelog fragment tells history: it may name what is gone)."""
    found = [root / "README.md", root / "nominations" / "README.md", root / "nominations" / "TEMPLATE.md"]
    return [p for p in [*found, *sorted((root / "docs").glob("**/*.md"))] if p.exists()]


def shown_commands(text: str) -> Iterator[tuple[int, str, str]]:
    """(line, command, what follows it on the line) for each command shown as code."""
    fenced = False
    for number, line in enumerate(text.splitlines(), start=1):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced or line.startswith("    "):
            code = [line.split(" #", 1)[0]]  # a shell comment after the command is prose
        else:
            code = [m.group(2) for m in _SPAN.finditer(line)]
        for piece in code:
            for call in _CALL.finditer(piece):
                yield number, call.group(1), call.group(2)


def unknown(page: Path, parser: argparse.ArgumentParser) -> list[str]:
    """`line: what is wrong` for each command or option the page shows that the command line lacks."""
    [commands] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    common = {s for a in parser._actions for s in a.option_strings}
    wrong = []
    for number, name, rest in shown_commands(page.read_text(encoding="utf-8")):
        command = commands.choices.get(name)
        if command is None:
            wrong.append(f"{number}: no command `{name}`")
            continue
        options = common | {s for a in command._actions for s in a.option_strings}
        wrong += [f"{number}: `{name}` has no {o}" for o in _OPTION.findall(rest) if o not in options]
    return wrong


def test_every_command_a_page_shows_exists_with_its_options() -> None:
    parser = build_parser()
    wrong = {str(p.relative_to(ROOT)): unknown(p, parser) for p in pages()}
    assert {p: w for p, w in wrong.items() if w} == {}
    assert sum(1 for p in pages() for _ in shown_commands(p.read_text(encoding="utf-8"))) > 50


def test_the_check_can_fail(tmp_path: Path) -> None:
    page = tmp_path / "probe.md"
    page.write_text(
        "Run `election-bot validate --no-window f.md` then `election-bot vote --now`.\n\n"
        "    election-bot timeline --election x --zone Europe/Berlin   # --zone: a comment, not a flag\n"
        "```\nelection-bot site --out site --publish\n```\n"
        "The election-bot-demo package and `election-bot` alone are not commands.\n",
        "utf-8",
    )
    assert unknown(page, build_parser()) == [
        "1: no command `vote`",
        "3: `timeline` has no --zone",
        "5: `site` has no --publish",
    ]
