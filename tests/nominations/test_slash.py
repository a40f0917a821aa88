"""The slash-command parser: only what a reader sees as a command, at the start of a line, in ASCII."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.nominations.slash import Command, has_command, parse_commands

C = Command


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # plain commands, and where on the line they may stand
        ("/consent", [C.consent]),
        ("/consent\n", [C.consent]),
        ("/consent\r\n", [C.consent]),
        ("Happy to stand!\n\n/consent", [C.consent]),
        ("   /consent", [C.consent]),  # up to three spaces: still a paragraph in Markdown
        ("    /consent", []),  # four: an indented code block
        ("\t/consent", []),
        ("please /consent", []),
        ("- /consent", []),
        ("**/consent**", []),
        ("`/consent`", []),
        # what may follow the name
        ("/consent please", [C.consent]),
        ("/consent\t", [C.consent]),
        ("/consent.", []),
        ("/consent,", []),
        ("/consented", []),
        ("/consent-now", []),
        ("/consent\u00a0", []),  # a no-break space is not ASCII whitespace
        # letter case: a phone's automatic capital letter does not matter
        ("/Consent", [C.consent]),
        ("/RECHECK", [C.recheck]),
        ("/Verify-Membership", [C.verify_membership]),
        # look-alikes are not commands
        ("／consent", []),  # fullwidth solidus
        ("∕consent", []),  # division slash
        ("⁄consent", []),  # fraction slash
        ("/сonsent", []),  # Cyrillic es
        ("/consеnt", []),  # Cyrillic ie
        ("/ｃonsent", []),  # fullwidth c
        ("/con\u200bsent", []),  # zero-width space inside
        ("\u200b/consent", []),  # zero-width space before
        ("/rechec\u212a", []),  # Kelvin sign: lower-cases to an ASCII k, still not ASCII
        # block quotes
        ("> /consent", []),
        (">/consent", []),
        ("  > /consent", []),
        # a lazy continuation line: GitHub shows it inside the quote (issue 12, weakness 11)
        ("> quoted\n/consent", []),
        ("> quoted\n\n/consent", [C.consent]),
        # fenced code
        ("```\n/consent\n```", []),
        ("~~~\n/consent\n~~~", []),
        ("```text\n/consent\n```\n/recheck", [C.recheck]),
        ("````\n```\n/consent\n````", []),  # a shorter fence does not close a longer one
        ("```\n/consent\n~~~", []),  # nor does the other fence character
        ("```\nnever closed\n/consent", []),
        ("``` ``\n/consent", [C.consent]),  # a backtick in the info string: not a fence
        ("   ```\n/consent\n   ```\n/recheck", [C.recheck]),
        # HTML comments hide text from readers
        ("<!--\n/consent\n-->", []),
        ("<!-- hidden -->\n/consent", [C.consent]),
        ("text <!--\n/consent\n--> /recheck\n/recheck", [C.recheck]),
        # unknown names are not ours and not errors
        ("/usr/bin/python", []),
        ("/shrug", []),
        ("/", []),
        # several commands, each once
        ("/recheck\n/consent\n/recheck", [C.recheck, C.consent]),
        ("/verify-membership fellow\n/accept-late", [C.verify_membership, C.accept_late]),
        ("", []),
    ],
)
def test_commands_in_a_comment(body: str, expected: list[Command]) -> None:
    assert [c.name for c in parse_commands(body)] == expected


@pytest.mark.parametrize(
    ("line", "args", "valid"),
    [
        ("/verify-membership", (), True),
        ("/verify-membership fellow", ("fellow",), True),
        ("/verify-membership   fellow  ", ("fellow",), True),
        ("/verify-membership Fellow", ("Fellow",), True),
        ("/verify-membership fellow thanks!", (), False),
        ("/verify-membership a b c d e", (), False),
        ("/verify-membership <b>x</b>", (), False),
        ("/verify-membership @everyone", ("@everyone",), True),  # `@login`: the nominee, named
    ],
)
def test_arguments(line: str, args: tuple[str, ...], valid: bool) -> None:
    (command,) = parse_commands(line)
    assert command.args == args
    assert command.valid_args is valid


def test_line_numbers_point_at_the_command() -> None:
    (command,) = parse_commands("Hello\n\n```\n/consent\n```\n/recheck")
    assert command.line == 6


def test_none_is_an_empty_comment() -> None:
    assert parse_commands(None) == []
    assert not has_command(None, C.consent)


@given(st.text())
def test_never_raises_and_only_finds_commands_at_line_starts(body: str) -> None:
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for command in parse_commands(body):
        assert isinstance(command.name, Command)
        assert lines[command.line - 1].lstrip(" ").startswith("/")


@given(
    st.lists(st.sampled_from(["/consent", "/recheck", "/verify-membership fellow", "text", ""]), max_size=8)
)
def test_quoting_a_comment_quotes_its_commands(lines: list[str]) -> None:
    quoted = "\n".join(f"> {line}" for line in lines)
    fenced = "```\n" + "\n".join(lines) + "\n```"
    assert parse_commands(quoted) == []
    assert parse_commands(fenced) == []


@given(st.text(alphabet=st.characters(blacklist_characters="/"), max_size=200))
def test_no_slash_no_command(body: str) -> None:
    assert parse_commands(body) == []
