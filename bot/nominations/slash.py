"""Slash commands in pull-request comments: `/consent`, `/verify-membership fellow`, `/recheck`, ...

A command counts only where a reader sees it as one: at the start of a line of a top-level paragraph, as
GitHub renders the comment (CommonMark with GitHub's extensions, parsed by markdown-it-py, the maintained
port of the reference parser), with up to three spaces of indentation, as plain text (not inside a code
span, inline HTML, a link or emphasis). Nothing else is a command: code blocks, block quotes (including a
quote's lazy continuation lines), list items, headings, tables (where cmark-gfm, GitHub's renderer,
starts them), HTML blocks and comments, link reference definitions (including a title spread over lines),
GFM footnote definitions (`[^1]: note`, with their lazy continuation lines: GitHub moves them to the end
of the comment, or hides them when nothing refers to them), and a multi-line HTML attribute. Names are
exact ASCII (compared without regard to letter case, so that a phone's automatic capital letter does not
matter); a
look-alike such as `／consent` (fullwidth solidus) or `/сonsent` (Cyrillic `с`) is not a command, nor is
`/consent` followed by anything but ASCII whitespace.

Parsing is pure and never raises; who may run which command is decided in `bot.nominations`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock, lheading, paragraph, reference
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

# Tables as cmark-gfm (GitHub) reads them, where markdown-it reads them otherwise (issue 28). cmark-gfm
# looks for a table at each line of an open paragraph that is a delimiter row (`| - |`, `:-:`, not
# indented four spaces, not a line a quote or list item only continues lazily); the paragraph's last line
# so far is the header, whatever it looks like and however it is indented; and a paragraph has one
# chance: after a delimiter row failed (its header had another number of cells), no later row in the same
# paragraph starts a table. A paragraph's text includes the link reference definitions it opens with
# (cmark-gfm takes them out when the paragraph ends). markdown-it asks each line in turn whether it is a
# header over a delimiter row, skips lines indented four spaces, asks again after a failure, and takes
# reference definitions out first. So the paragraph's rules (`lheading` and `paragraph`) are wrapped:
# `_table_header_in` walks the paragraph as cmark-gfm does and finds the line where a table takes over;
# the paragraph is cut there (its rule sees the end of the text) and the table rule starts at that line
# even if it is indented; the reference rule notes whether its lines used the paragraph's chance.
# Besides: the table rule leaves a header line that opens something else (`> a |` opens a quote) to that
# block; a delimiter row of dashes alone (`---`) under a line with pipes underlines a setext heading, not
# a one-column table (what follows is a paragraph a reader sees); and a header row without a pipe
# (`Thanks`) over a one-column delimiter row (`| - |`, `:-:`) starts a table, whose rows (a `/consent`
# under it) are table cells, not lines of a paragraph. The last is the line pair `_one_column_headers`
# marks.
_DASHES_ONLY = re.compile(r" {0,3}-+[ \t]*")
_ONE_COLUMN_DELIMITER = re.compile(r" {0,3}\|?[ \t]*:?-+:?[ \t]*\|?[ \t]*")
# A delimiter row after its indentation (one way to match each text: no backtracking to speak of).
_DELIMITER_ROW = re.compile(r"\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*(?:\|[ \t]*)?")
_UNDERLINE = re.compile(r"(?:=+|-+)[ \t]*")
# Keys of the parser's `env` (one parse's own dictionary): a paragraph is being cut for a table (the table
# rule leaves deciding to `_table_header_in` meanwhile); the header line a cut left for the table rule;
# the line after link reference definitions, with whether their lines used the paragraph's chance.
_IN_PARAGRAPH = "election_bot.in_paragraph"
_HEADER = "election_bot.table_header"
_AFTER_REFERENCES = "election_bot.after_references"

_Rule = Callable[[StateBlock, int, int, bool], bool]


def _text(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def _tries_a_table(state: StateBlock, line: int) -> bool:
    """Whether cmark-gfm, continuing a paragraph with `line`, tries to start a table there: a delimiter
    row, neither indented four spaces nor lazy, and not a list item (`- |`: the list rule comes first)."""
    indent = state.sCount[line] - state.blkIndent
    text = _text(state, line)
    return (
        state.sCount[line] >= 0
        and 0 <= indent <= 3
        and _DELIMITER_ROW.fullmatch(text) is not None
        and not text.startswith(("- ", "-\t"))
    )


def _unindented(rule: _Rule, state: StateBlock, line: int, end: int, silent: bool) -> bool:
    """`rule` at `line` with the line's indentation ignored: a line that continues a paragraph is its
    text however it is indented (the header of a table `_table_header_in` cut the paragraph for, the line
    after link reference definitions)."""
    saved = state.sCount[line]
    state.sCount[line] = min(saved, state.blkIndent)
    try:
        return rule(state, line, end, silent)
    finally:
        state.sCount[line] = saved


def _chance_used(state: StateBlock, start: int) -> bool:
    """Whether the paragraph cmark-gfm continues at `start` used its chance on link reference definitions
    just before (markdown-it took them out, and starts a new block at `start`)."""
    return state.env.get(_AFTER_REFERENCES) == (start, True)


def _table_header_in(state: StateBlock, start: int, end: int) -> int | None:
    """The line of the paragraph opening at `start` that cmark-gfm makes a table's header (the paragraph
    ends before it), or None. The table rule itself was tried at `start` already."""
    terminators = [rule for rule in state.md.block.ruler.getRules("paragraph") if rule is not _gfm_table]
    tried = _chance_used(state, start)  # cmark-gfm tried a delimiter row in this paragraph (and it failed)
    for below in range(start + 1, end):
        if state.isEmpty(below):
            return None
        indent = state.sCount[below] - state.blkIndent
        if indent > 3 or state.sCount[below] < 0:
            continue  # a continuation line, of the paragraph or lazily of a quote: no table starts here
        if indent >= 0 and _UNDERLINE.fullmatch(_text(state, below)):
            return None  # a setext heading's underline (or a rule): the paragraph ends
        if _tries_a_table(state, below):
            if (
                not tried
                and below - 1 > start
                and _unindented(_markdown_it_table, state, below - 1, end, True)
            ):
                return below - 1
            tried = True
            continue
        if any(rule(state, below, end, True) for rule in terminators):
            return None
    return None


def _cut_for_tables(rule: _Rule) -> _Rule:
    """`rule` (markdown-it's `lheading` or `paragraph`) with the paragraph ending where cmark-gfm starts a
    table in it."""

    def cut(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        header = _table_header_in(state, start, min(end, state.lineMax))
        saved_max, saved_flag = state.lineMax, state.env.get(_IN_PARAGRAPH)
        if header is not None:
            state.lineMax = end = header
        state.env[_IN_PARAGRAPH] = True
        try:
            done = rule(state, start, end, silent)
        finally:
            state.lineMax = saved_max
            state.env[_IN_PARAGRAPH] = saved_flag
        if done and header is not None:
            state.env[_HEADER] = header
        return done

    return cut


def _gfm_reference(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it's reference rule, noting where the definitions end and whether a delimiter row among
    their lines, or on the line after them, used the paragraph's chance (cmark-gfm's paragraph goes on)."""
    if not reference(state, start, end, silent):
        return False
    after = state.line
    used = _chance_used(state, start) or any(
        _tries_a_table(state, line) for line in range(start + 1, min(after + 1, state.lineMax))
    )
    state.env[_AFTER_REFERENCES] = (after, used)
    return True


def _gfm_table(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it's table rule where cmark-gfm starts a table with `start` as its header."""
    if silent and state.env.get(_IN_PARAGRAPH):
        return False  # (the paragraph's own walk, `_table_header_in`, decided already)
    if start + 1 < end and _DASHES_ONLY.fullmatch(
        state.src[state.bMarks[start + 1] : state.eMarks[start + 1]]
    ):
        return False  # a setext heading's underline (the heading rule takes it)
    if state.env.get(_HEADER) == start:  # the header of a table a paragraph was cut for
        del state.env[_HEADER]
        return _unindented(_markdown_it_table, state, start, end, silent)
    if _chance_used(state, start) or not _markdown_it_table(state, start, end, True):
        return False
    if not _paragraph_text(_text(state, start)):
        return False  # the header line opens a quote, a list item, a heading...: cmark-gfm reads that first
    return silent or _markdown_it_table(state, start, end, False)


_gfm_lheading = _cut_for_tables(lheading)
_gfm_paragraph = _cut_for_tables(paragraph)


def _after_references(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """The line after link reference definitions, where cmark-gfm's paragraph goes on unless the line
    interrupts a paragraph: `-` alone, `2. item`, an indented line are its text (markdown-it started an
    empty list item, a list, a code block there), and can head a table however it is indented."""
    after = state.env.get(_AFTER_REFERENCES)
    if silent or after is None or after[0] != start:
        return False
    saved = state.parentType
    state.parentType = "paragraph"  # (the list rule asks whether it interrupts one)
    try:
        if any(rule(state, start, end, True) for rule in state.md.block.ruler.getRules("paragraph")):
            return False  # a block of its own, in cmark-gfm too
    finally:
        state.parentType = saved
    if not _chance_used(state, start) and _unindented(_markdown_it_table, state, start, end, True):
        return _unindented(_markdown_it_table, state, start, end, False)  # the paragraph's last line heads it
    return (
        _gfm_reference(state, start, end, False)
        or _unindented(_gfm_lheading, state, start, end, False)
        or _unindented(_gfm_paragraph, state, start, end, False)
    )


_MARKDOWN.block.ruler.at("table", _gfm_table, {"alt": ["paragraph", "reference"]})
_MARKDOWN.block.ruler.at("reference", _gfm_reference, {"alt": []})
_MARKDOWN.block.ruler.at("lheading", _gfm_lheading, {"alt": []})
_MARKDOWN.block.ruler.at("paragraph", _gfm_paragraph, {"alt": []})
_MARKDOWN.block.ruler.before("table", "after_references", _after_references)


def _one_column_headers(lines: list[str]) -> list[int]:
    """The lines cmark-gfm makes a one-column table's header although they hold no pipe (markdown-it
    requires one): a line of paragraph text (alone and unindented, it parses as a paragraph or a link
    reference definition: not a rule, a heading's underline, a list item, a quote; an indented one heads
    a table only where it continues a paragraph, `_table_header_in`) over a one-column delimiter row (not
    dashes alone: a heading's underline)."""
    return [
        i
        for i in range(len(lines) - 1)
        if lines[i].strip()
        and "|" not in lines[i]
        and _ONE_COLUMN_DELIMITER.fullmatch(lines[i + 1])
        and not _DASHES_ONLY.fullmatch(lines[i + 1])
        and _paragraph_text(lines[i].strip())
    ]


# A line of text that means nothing to a parser (a private-use character).
_PLAIN_TEXT = "\ue003"
# What a link reference definition on one line starts with: a label, a colon, a destination.
_ONE_LINE_DEFINITION = re.compile(r" {0,3}\[(?!\^)[^\]]+\]:[ \t]*\S")  # (`[^1]:` is a footnote)


def _underlines_after_definitions(lines: list[str]) -> list[int]:
    """The lines of dashes (`-`, `---`) cmark-gfm reads as paragraph text: right under link reference
    definitions (one a line) that open a paragraph, a heading's underline has no heading to underline, and
    the line stays text (a table's header, if a delimiter row follows); markdown-it read a rule or an empty
    list item. Each line is parsed alone at most once or twice: a walk back over definitions stops at the
    first line that is not one."""
    found: list[int] = []
    for i, line in enumerate(lines):
        if not _DASHES_ONLY.fullmatch(line):
            continue
        first = i
        while first > 0 and _ONE_LINE_DEFINITION.match(lines[first - 1]) and _definition(lines[first - 1]):
            first -= 1
        if first == i:
            continue  # (no definition right above)
        if first == 0 or (first - 1 not in found and _closes_what_is_above(lines[first - 1])):
            found.append(i)
    return found


def _closes_what_is_above(line: str) -> bool:
    """Whether a line leaves no paragraph open under it (blank, a rule, a heading), so that a link
    reference definition can open one."""
    if not line.strip():
        return True
    tokens = _MARKDOWN.parse(line)
    return bool(tokens) and tokens[0].type in ("hr", "heading_open")


def _paragraph_text(line: str) -> bool:
    """Whether a line alone is paragraph text for cmark-gfm: a paragraph, or a link reference definition
    (cmark-gfm keeps one as the paragraph's text until the paragraph ends, so it can head a table)."""
    tokens = _MARKDOWN.parse(line)
    return tokens[0].type == "paragraph_open" if tokens else _definition(line)


def _definition(line: str) -> bool:
    """Whether a line alone is a link reference definition (which leaves no token; nor does a footnote
    definition nothing refers to, which is no paragraph text)."""
    env: dict[str, object] = {}
    return not _MARKDOWN.parse(line, env) and bool(env.get("references"))


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
    plain = list(lines)
    for i in _underlines_after_definitions(lines):
        plain[i] = marked[i] = _PLAIN_TEXT
    for i in _one_column_headers(plain):
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
