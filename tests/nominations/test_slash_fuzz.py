"""Properties of the slash-command parser beyond tests/nominations/test_slash.py: what a reader does not see as a
command is never one, whatever surrounds it; look-alikes never count; the answer does not depend on line
endings; and the output is bounded however long the comment."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nominations.slash import MAX_ARG_CHARS, MAX_ARGS, Command, parse_commands

EXAMPLES = 300  # per property; the threat model quotes the total
NAMES = [c.value for c in Command]
COMMAND_LINES = st.builds(
    lambda name, upper, args: "/" + (name.upper() if upper else name) + args,
    st.sampled_from(NAMES),
    st.booleans(),
    st.sampled_from(["", " fellow", " a b", "\t x", " <b>", " @everyone"]),
)
# Text lines: anything without a line break (a line break would start a new line, which may be a command).
TEXT_LINES = st.text(st.characters(blacklist_characters="\r\n"), max_size=60)
LINES = st.lists(st.one_of(COMMAND_LINES, TEXT_LINES), max_size=12)
# Inside a fence: any line but one that could close it.
CODE_LINES = st.lists(
    st.one_of(COMMAND_LINES, TEXT_LINES.filter(lambda t: "```" not in t and "~~~" not in t)), max_size=12
)
# Characters people (and attackers) mistake for the ASCII ones in a command.
CONFUSABLES = {
    "/": "／∕⁄⧸⟋",
    "c": "сϲⅽｃ",
    "o": "оοｏ\u0585",
    "e": "еҽｅ",
    "a": "аɑａ",
    "i": "іɩｉ\u0130",
    "k": "\u212aкｋ",
    "-": "\u2010\u2011\u2012\u2013\u2212\ufe63",
    "s": "ѕｓ",
    "n": "ոｎ",
    "t": "тｔ",
    "r": "гｒ",
    "m": "мｍ",
    "p": "рｐ",
    "h": "һｈ",
}
# What can open an inline span across a line break: a code span, inline HTML or a comment, a link, emphasis
# or strikethrough (a command inside one is code, markup or formatted text, not a command).
INLINE_OPENERS = re.compile(r"[`<\[*_~]")
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u202e\u2066"


def names(body: str) -> list[Command]:
    return [c.name for c in parse_commands(body)]


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.sampled_from(NAMES), st.data())
def test_a_look_alike_character_anywhere_in_a_command_is_not_a_command(
    name: str, data: st.DataObject
) -> None:
    line = "/" + name
    spots = [i for i, char in enumerate(line) if char in CONFUSABLES]
    spot = data.draw(st.sampled_from(spots))
    swapped = line[:spot] + data.draw(st.sampled_from(CONFUSABLES[line[spot]])) + line[spot + 1 :]
    assert parse_commands(swapped) == []
    assert parse_commands(swapped + "\n" + "more text") == []


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.sampled_from(NAMES), st.integers(min_value=0, max_value=40), st.sampled_from(INVISIBLE))
def test_an_invisible_character_anywhere_in_a_command_is_not_a_command(name: str, at: int, char: str) -> None:
    line = "/" + name
    spot = at % (len(line) + 1)
    assert parse_commands(line[:spot] + char + line[spot:]) == []


@settings(max_examples=EXAMPLES, deadline=None)
@given(
    CODE_LINES, st.sampled_from(["```", "~~~~", "````"]), st.sampled_from(["> ", ">", "    ", "\t", "   > "])
)
def test_nothing_inside_code_or_a_quote_is_a_command(lines: list[str], fence: str, prefix: str) -> None:
    inside = "\n".join(lines)
    assert parse_commands(f"{fence}\n{inside}\n{fence}") == []
    assert parse_commands(f"{fence}\n{inside}") == []  # never closed: code to the end
    assert parse_commands("<!--\n" + inside.replace("-->", "") + "\n-->") == []
    assert parse_commands("\n".join(prefix + line for line in lines)) == []


@settings(max_examples=EXAMPLES, deadline=None)
@given(LINES, TEXT_LINES.filter(lambda t: t.strip(" \t") != ""))
def test_text_before_a_command_on_its_line_makes_it_text(lines: list[str], before: str) -> None:
    body = "\n".join(before + " " + line.lstrip(" ") for line in lines)
    assert parse_commands(body) == [] or before.lstrip(" ").startswith("/")


@settings(max_examples=EXAMPLES, deadline=None)
@given(LINES)
def test_line_endings_do_not_matter(lines: list[str]) -> None:
    unix = "\n".join(lines)
    assert parse_commands(unix.replace("\n", "\r\n")) == parse_commands(unix)
    assert parse_commands(unix.replace("\n", "\r")) == parse_commands(unix)


@settings(max_examples=EXAMPLES, deadline=None)
@given(
    st.lists(
        st.one_of(COMMAND_LINES.map(lambda c: (True, c)), TEXT_LINES.map(lambda t: (False, t))), max_size=12
    )
)
def test_the_commands_found_are_the_visible_command_lines_each_name_once(
    lines: list[tuple[bool, str]],
) -> None:
    """A body of command lines and plain text: the parser finds exactly the first command line of each
    name (the text lines start with a word, and hold nothing that opens a block or an inline span that
    could run over a line break and hide a command: a code span, inline HTML, a link, emphasis)."""
    plain = [line if command else "text: " + INLINE_OPENERS.sub("", line) for command, line in lines]
    expected: list[Command] = []
    for command, line in lines:
        name = Command(line[1:].split()[0].lower()) if command else None
        if name is not None and name not in expected:
            expected.append(name)
    found = parse_commands("\n".join(plain))
    assert [c.name for c in found] == expected
    assert [c.line for c in found] == sorted(c.line for c in found)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.text(max_size=3000))
def test_output_is_bounded_and_arguments_are_plain_words(body: str) -> None:
    found = parse_commands(body)
    assert len(found) <= len(Command)
    assert len({c.name for c in found}) == len(found)
    for command in found:
        assert len(command.args) <= MAX_ARGS
        assert all(arg.isascii() and 0 < len(arg) <= MAX_ARG_CHARS for arg in command.args)
        assert command.valid_args or command.args == ()


@settings(max_examples=EXAMPLES, deadline=None)
@given(
    COMMAND_LINES,
    TEXT_LINES.map(lambda t: INLINE_OPENERS.sub("", t)),
    st.sampled_from(
        [
            ("`", "`"),  # a code span over three lines
            ("``", "``"),
            ('<span title="', '">x</span>'),  # a multi-line HTML attribute
            ("<!-- ", " -->"),  # an inline HTML comment
            ("[", "](https://example.org)"),  # link text
            ("*", "*"),  # emphasis
            ("**", "**"),
            ("~~", "~~"),  # struck through
        ]
    ),
)
def test_a_command_line_inside_an_inline_span_over_several_lines_is_not_a_command(
    command: str, text: str, span: tuple[str, str]
) -> None:
    """Issue 12, weakness 11: the line parser read a `/command` that GitHub shows as code, inside an HTML
    attribute or comment, or as formatted text."""
    opener, closer = span
    body = f"text {text} {opener}word\n{command}\nword{closer} end"
    assert parse_commands(body) == [], body


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(COMMAND_LINES, min_size=1, max_size=6), TEXT_LINES.map(lambda t: INLINE_OPENERS.sub("", t)))
def test_lazy_lines_and_link_reference_titles_hide_commands(commands: list[str], text: str) -> None:
    """Issue 12, weakness 11: a block quote's lazy continuation lines, a link reference definition's title
    spread over lines and an HTML block's attribute are not text a reader sees as a command."""
    inside = "\n".join(commands)
    assert parse_commands(f"> quoted {text}\n{inside}") == []
    assert parse_commands(f'[ref]: https://example.org "title\n{inside}\n"\n\ntext') == []
    assert parse_commands(f'<div title="\n{inside}\n">\n</div>') == []
    assert [c.name for c in parse_commands(f"> quoted {text}\n\n{inside}")] != []  # after the quote: text
