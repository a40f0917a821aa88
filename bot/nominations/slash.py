"""Slash commands in pull-request comments: `/consent`, `/verify-membership fellow`, `/recheck`, ...

A command counts only where a reader sees it as one: at the start of a line of a top-level paragraph, as
GitHub renders the comment (CommonMark with GitHub's extensions, parsed by markdown-it-py, the maintained
port of the reference parser), with up to three spaces of indentation, as plain text (not inside a code
span, inline HTML, a link or emphasis). Nothing else is a command: code blocks, block quotes (including a
quote's lazy continuation lines), list items, headings, tables, HTML blocks and comments, link reference
definitions (including a title spread over lines), GFM footnote definitions (`[^1]: note`, with their lazy
continuation lines: GitHub moves them to the end of the comment, or hides them when nothing refers to them),
and a multi-line HTML attribute. Names are exact ASCII
(compared without regard to letter case, so that a phone's automatic capital letter does not matter); a
look-alike such as `／consent` (fullwidth solidus) or `/сonsent` (Cyrillic `с`) is not a command, nor is
`/consent` followed by anything but ASCII whitespace.

Parsing is pure and never raises; who may run which command is decided in `bot.nominations`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.table import table as _markdown_it_table
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.footnote.index import footnote_def


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
# A comment longer than this is never parsed for commands (issue 28): the CommonMark parser's work grows
# with the text, and 64 KB built to be slow for it took seconds; a command belongs in a short comment.
# The check before parsing is one scan for a line that starts with one of our commands' names.
MAX_COMMAND_COMMENT_CHARS = 4000

# ASCII only: `re.ASCII` makes `\s` mean ASCII whitespace, so a no-break space or a zero-width character
# after the name makes the line not a command.
_COMMAND = re.compile(r"^ {0,3}/([A-Za-z][A-Za-z-]{0,39})(?:[ \t]+(.*))?$", re.ASCII)
_ARG = re.compile(r"^@?[A-Za-z0-9._-]{1,64}$", re.ASCII)  # `@login`: the nominee, named
_INDENT = re.compile(r"^ {0,3}")
# The cheap look before the parser: a line that starts (after up to three spaces) with one of our names.
_KNOWN_LINE = re.compile(
    r"^ {0,3}/(?:" + "|".join(re.escape(c.value) for c in Command) + r")(?![A-Za-z-])",
    re.ASCII | re.IGNORECASE | re.MULTILINE,
)
# GitHub's comments: CommonMark, raw HTML allowed (GitHub filters it after parsing, which changes nothing
# about where text is), GFM tables, strikethrough and footnotes. A footnote definition is a container, like
# a list item: what is in it is moved or hidden, never a top-level paragraph. GFM has no inline footnotes
# (`^[text]`), so that extension stays off. In cmark-gfm a footnote definition also ends a quote's or a
# list item's lazy continuation (`> quote\n[^1]: note`), so the rule is one of theirs terminators too.
_MARKDOWN = (
    MarkdownIt("commonmark", {"html": True})
    .enable(["table", "strikethrough"])
    .use(footnote_plugin, inline=False, move_to_end=True)
)
_MARKDOWN.block.ruler.at(
    "footnote_def", footnote_def, {"alt": ["paragraph", "reference", "blockquote", "list"]}
)

# Tables as cmark-gfm (GitHub) reads them, where markdown-it reads them otherwise (issue 28): a delimiter
# row of dashes alone (`---`) under a line with pipes underlines a setext heading, not a one-column table
# (what follows is a paragraph a reader sees); and a header row without a pipe (`Thanks`) over a
# one-column delimiter row (`| - |`, `:-:`) starts a table, whose rows (a `/consent` under it) are table
# cells, not lines of a paragraph. The second is the line pair `_one_column_headers` marks.
_DASHES_ONLY = re.compile(r" {0,3}-+[ \t]*")
_ONE_COLUMN_DELIMITER = re.compile(r" {0,3}\|?[ \t]*:?-+:?[ \t]*\|?[ \t]*")


def _gfm_table(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if start + 1 < end:
        below = state.src[state.bMarks[start + 1] : state.eMarks[start + 1]]
        if _DASHES_ONLY.fullmatch(below):
            return False  # a setext heading's underline (the heading rule takes it)
    return _markdown_it_table(state, start, end, silent)


_MARKDOWN.block.ruler.at("table", _gfm_table, {"alt": ["paragraph", "reference"]})


def _one_column_headers(lines: list[str]) -> list[int]:
    """The lines cmark-gfm makes a one-column table's header although they hold no pipe (markdown-it
    requires one): a line of paragraph text (alone and unindented, it parses as a paragraph: not a rule, a
    heading's underline, a list item, a quote; an indented one is code unless it continues a paragraph,
    and markdown-it starts no table in code) over a one-column delimiter row (not dashes alone: a heading's
    underline)."""
    return [
        i
        for i in range(len(lines) - 1)
        if lines[i].strip()
        and "|" not in lines[i]
        and _ONE_COLUMN_DELIMITER.fullmatch(lines[i + 1])
        and not _DASHES_ONLY.fullmatch(lines[i + 1])
        and _MARKDOWN.parse(lines[i].strip())[0].type == "paragraph_open"
    ]


@dataclass(frozen=True, slots=True)
class SlashCommand:
    name: Command
    args: tuple[str, ...]
    line: int  # 1-based line in the comment body
    valid_args: bool = True  # False: arguments that are not plain ASCII words (the command is refused)


def _tag(body: str) -> str:
    """A prefix that occurs nowhere in `body` (private-use characters), so no text can forge a mark."""
    attempt = 0
    while True:
        tag = f"\ue000{attempt}\ue001"
        if tag not in body:
            return tag
        attempt += 1


def _visible_command_lines(lines: list[str]) -> list[int]:
    """0-based indices of the lines that look like commands and that a reader sees as one.

    Each candidate line is marked, after its indentation, with a unique tag, and the whole comment is
    parsed once: a candidate counts when its tag starts a plain-text token at a line start, at the top
    level of a top-level paragraph's inline content. Wherever else the parser put the line (a code block,
    a quote, an HTML attribute, a link title), its tag is not there.
    """
    candidates = [i for i, line in enumerate(lines) if _COMMAND.match(line) and _known(line)]
    if not candidates:
        return []
    tag = _tag("\n".join(lines))
    marked = list(lines)
    for i in candidates:
        indent = _INDENT.match(lines[i])
        cut = indent.end() if indent else 0
        marked[i] = f"{lines[i][:cut]}{tag}{i}\ue002{lines[i][cut:]}"
    for i in _one_column_headers(lines):
        marked[i] += " |"  # (a pipe changes nothing else: the line is a table's header either way)
    tokens = _MARKDOWN.parse("\n".join(marked))
    seen: set[int] = set()
    for index, token in enumerate(tokens):
        if token.type != "paragraph_open" or token.level != 0 or index + 1 >= len(tokens):
            continue
        inline = tokens[index + 1]
        seen.update(_marks_at_line_starts(inline.children or [], tag))
    return sorted(seen.intersection(candidates))


def _marks_at_line_starts(children: list[Token], tag: str) -> list[int]:
    found: list[int] = []
    at_start = True
    for child in children:
        if at_start and child.type == "text" and child.level == 0 and child.content.startswith(tag):
            number, sep, _ = child.content[len(tag) :].partition("\ue002")
            if sep and number.isdigit():
                found.append(int(number))
        at_start = child.type in ("softbreak", "hardbreak")
    return found


def _known(line: str) -> bool:
    return _KNOWN_LINE.match(line) is not None


def may_hold_commands(body: str | None) -> bool:
    """Whether a comment is worth the parser: short enough, with a line that starts with one of our
    commands' names. Linear in the comment's length and never more; `parse_commands` finds nothing in a
    comment for which this is False."""
    text = body or ""
    if len(text) > MAX_COMMAND_COMMENT_CHARS:
        return False
    return _KNOWN_LINE.search(text.replace("\r\n", "\n").replace("\r", "\n")) is not None


def parse_commands(body: str | None) -> list[SlashCommand]:
    """Every known command in a comment body, in order, at most one of each name; none in a comment
    longer than `MAX_COMMAND_COMMENT_CHARS`."""
    if not may_hold_commands(body):
        return []
    text = (body or "").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    found: list[SlashCommand] = []
    seen: set[Command] = set()
    for index in _visible_command_lines(lines):
        match = _COMMAND.match(lines[index])
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
        found.append(SlashCommand(name, args, index + 1, valid))
        if len(found) >= MAX_COMMANDS:
            break
    return found


def has_command(body: str | None, name: Command) -> bool:
    return any(command.name is name for command in parse_commands(body))
