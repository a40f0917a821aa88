"""Slash commands in pull-request comments: `/consent`, `/verify-membership fellow`, `/recheck`, ...

A command counts only where a reader sees it as one: at the start of a line (up to three spaces of
indentation, as Markdown allows for a paragraph), outside fenced and indented code blocks, block quotes
and HTML comments. Names are exact ASCII (compared without regard to letter case, so that a phone's
automatic capital letter does not matter); a look-alike such as `／consent` (fullwidth solidus) or
`/сonsent` (Cyrillic `с`) is not a command, nor is `/consent` followed by anything but ASCII whitespace.

Parsing is pure and never raises; who may run which command is decided in `bot.core.prcheck`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Command(StrEnum):
    consent = "consent"  # the nominee agrees to stand (only from the nominee's own account)
    recheck = "recheck"  # check the pull request again (admins, the PR author, the nominee)
    verify_membership = "verify-membership"  # an admin verified PSF membership by hand; optional class
    unverify_membership = "unverify-membership"  # an admin withdraws an earlier verification
    accept_late = "accept-late"  # an admin accepts a nomination made outside the window


ADMIN_COMMANDS = frozenset({Command.verify_membership, Command.unverify_membership, Command.accept_late})
MAX_ARGS = 4
MAX_ARG_CHARS = 64
MAX_COMMANDS = 10  # per comment; the rest is ignored

# ASCII only: `re.ASCII` makes `\s` mean ASCII whitespace, so a no-break space or a zero-width character
# after the name makes the line not a command.
_COMMAND = re.compile(r"^ {0,3}/([A-Za-z][A-Za-z-]{0,39})(?:[ \t]+(.*))?$", re.ASCII)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_QUOTE = re.compile(r"^ {0,3}>")
_INDENTED = re.compile(r"^(?: {4}| {0,3}\t)")
_ARG = re.compile(r"^[A-Za-z0-9._-]{1,64}$", re.ASCII)


@dataclass(frozen=True, slots=True)
class SlashCommand:
    name: Command
    args: tuple[str, ...]
    line: int  # 1-based line in the comment body
    valid_args: bool = True  # False: arguments that are not plain ASCII words (the command is refused)


def _visible_lines(body: str) -> list[tuple[int, str]]:
    """Lines that are ordinary Markdown text: not inside code, quotes or HTML comments."""
    out: list[tuple[int, str]] = []
    fence: str | None = None
    in_comment = False
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    for number, line in enumerate(text.split("\n"), start=1):
        if in_comment:
            if "-->" in line:
                in_comment = False
            continue
        if fence is not None:
            match = _FENCE.match(line)
            closing = match is not None and not match.group(2).strip()
            if match and closing and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            continue
        match = _FENCE.match(line)
        if match and not (match.group(1)[0] == "`" and "`" in match.group(2)):
            fence = match.group(1)
            continue
        start = line.find("<!--")
        if start >= 0 and "-->" not in line[start + 4 :]:
            in_comment = True
            if start > 0:
                out.append((number, line[:start]))
            continue
        if _QUOTE.match(line) or _INDENTED.match(line):
            continue
        out.append((number, line))
    return out


def parse_commands(body: str | None) -> list[SlashCommand]:
    """Every known command in a comment body, in order, at most one of each name."""
    found: list[SlashCommand] = []
    seen: set[Command] = set()
    for number, line in _visible_lines(body or ""):
        match = _COMMAND.match(line)
        if match is None:
            continue
        try:
            name = Command(match.group(1).lower())
        except ValueError:  # `/usr/bin`, `/shrug`: not ours, not an error
            continue
        if name in seen:
            continue
        seen.add(name)
        rest = (match.group(2) or "").strip()
        words = rest.split() if rest else []
        valid = len(words) <= MAX_ARGS and all(_ARG.match(word) for word in words)
        args = tuple(word[:MAX_ARG_CHARS] for word in words[:MAX_ARGS]) if valid else ()
        found.append(SlashCommand(name, args, number, valid))
        if len(found) >= MAX_COMMANDS:
            break
    return found


def has_command(body: str | None, name: Command) -> bool:
    return any(command.name is name for command in parse_commands(body))
