"""The slash-command reader against cmark-gfm, GitHub's own renderer: a `/recheck` line is a command
exactly when GitHub shows it at the start of a line of a top-level paragraph. The bodies mix footnote
definitions (a container GitHub moves to the end of the comment, or drops when nothing refers to it),
footnote references, link reference definitions, lazy continuation lines and blank lines."""

from __future__ import annotations

from html.parser import HTMLParser

import cmarkgfm
from cmarkgfm.cmark import Options
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nominations.slash import Command, parse_commands

EXAMPLES = 500


class TopLevelLines(HTMLParser):
    """The lines of the document's own paragraphs (not those inside a footnote, list, quote, table)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.in_top_paragraph = False
        self.text: list[str] = []
        self.lines: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "p" and self.depth == 0:
            self.in_top_paragraph = True
            self.text = []
        if tag not in ("br", "hr", "img", "input"):
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        self.depth -= 1
        if tag == "p" and self.depth == 0 and self.in_top_paragraph:
            self.lines.extend("".join(self.text).split("\n"))
            self.in_top_paragraph = False

    def handle_data(self, data: str) -> None:
        if self.in_top_paragraph:
            self.text.append(data)


def shown_first_recheck(body: str) -> str | None:
    """The argument of the first `/recheck aN` GitHub shows at a top-level paragraph's line start."""
    html = cmarkgfm.github_flavored_markdown_to_html(
        body, options=Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES
    )
    reader = TopLevelLines()
    reader.feed(html)
    reader.close()
    for line in reader.lines:
        if line.startswith("/recheck a"):
            return line.split()[1]
    return None


LINE_KINDS = st.sampled_from(
    [
        "",
        "Thanks for the nomination.",
        "[^1]: internal note",
        "[^note]: see below",
        "   [^2]: indented",
        "[^x]:",
        "    four spaces",
        "A reference[^1] in text.",
        "[ref]: https://example.org",
        "> quoted",
        "- item",
        "1. item",
        "  continued",
        "```",
        "<!-- note",
        "-->",
    ]
)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(st.one_of(LINE_KINDS, st.just("/recheck")), min_size=1, max_size=10))
def test_commands_are_what_github_shows_with_footnotes(kinds: list[str]) -> None:
    lines = [f"/recheck a{i}" if kind == "/recheck" else kind for i, kind in enumerate(kinds)]
    body = "\n".join(lines)
    found = [c for c in parse_commands(body) if c.name is Command.recheck]
    ours = found[0].args[0] if found else None
    assert ours == shown_first_recheck(body), body


def test_a_command_in_a_footnote_is_not_obeyed() -> None:
    """Issue 28, example 6: GitHub shows only "Thanks…"; the footnote is dropped (nothing refers to it)."""
    body = "Thanks for the nomination!\n\n[^1]: internal note\n/verify-membership fellow"
    assert parse_commands(body) == []
    assert shown_first_recheck(body.replace("/verify-membership fellow", "/recheck a1")) is None
    # The same line as a paragraph of its own, after a blank line, is a command.
    assert [c.name for c in parse_commands(body.replace("\n/verify", "\n\n/verify"))] == [
        Command.verify_membership
    ]
