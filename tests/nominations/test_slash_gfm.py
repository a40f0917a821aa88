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
        if tag in ("br", "hr", "img", "input"):
            return  # (`<hr />` comes here too: a void element has no end)
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


def assert_commands_as_github_shows(kinds: list[str]) -> None:
    """The comment made of these lines (each `/recheck` numbered) obeys the first `/recheck` GitHub shows."""
    lines = [f"/recheck a{i}" if kind == "/recheck" else kind for i, kind in enumerate(kinds)]
    body = "\n".join(lines)
    found = [c for c in parse_commands(body) if c.name is Command.recheck]
    ours = found[0].args[0] if found else None
    assert ours == shown_first_recheck(body), body


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
    assert_commands_as_github_shows(kinds)


def test_a_command_in_a_footnote_is_not_obeyed() -> None:
    """Issue 28, example 6: GitHub shows only "Thanks…"; the footnote is dropped (nothing refers to it)."""
    body = "Thanks for the nomination!\n\n[^1]: internal note\n/verify-membership fellow"
    assert parse_commands(body) == []
    assert shown_first_recheck(body.replace("/verify-membership fellow", "/recheck a1")) is None
    # The same line as a paragraph of its own, after a blank line, is a command.
    assert [c.name for c in parse_commands(body.replace("\n/verify", "\n\n/verify"))] == [
        Command.verify_membership
    ]


TABLE_LINE_KINDS = st.sampled_from(
    [
        "",
        "Thanks",
        "| a |",
        "| - |",
        "|-|",
        "-|",
        "| :-: |",
        "---",
        "-",
        ":-:",
        "- - -",
        "> quoted",
        "- item",
        "| a | b |",
        "| - | - |",
        "    | a |",
        "    Thanks",
        "[ref]: https://example.org",
        "[^1]: note",
        "> a |",
    ]
)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(st.one_of(TABLE_LINE_KINDS, st.just("/recheck")), min_size=1, max_size=8))
def test_commands_are_what_github_shows_with_tables(kinds: list[str]) -> None:
    """Issue 28: GFM tables as cmark-gfm reads them, where markdown-it read them otherwise: a delimiter row
    of dashes alone, a header without a pipe, a delimiter row later in a paragraph where a table failed
    already, a header row indented four spaces that continues a paragraph, a link reference definition as
    a header (but not a footnote definition), a header line that opens a quote."""
    assert_commands_as_github_shows(kinds)


def test_a_command_github_shows_in_a_table_cell_is_not_obeyed_and_one_under_a_heading_is() -> None:
    """A header row without a pipe over `| - |` is a one-column table on GitHub: the line under it is a
    cell (markdown-it read a paragraph, and obeyed it). `---` under `| a |` underlines a heading on GitHub:
    the line under it is a paragraph (markdown-it read a table, and ignored it)."""
    in_a_cell = "Thanks\n| - |\n/accept-late"
    assert parse_commands(in_a_cell) == []
    assert shown_first_recheck(in_a_cell.replace("/accept-late", "/recheck a1")) is None
    under_a_heading = "| a |\n---\n/recheck a2"
    assert [c.args for c in parse_commands(under_a_heading)] == [("a2",)]
    assert shown_first_recheck(under_a_heading) == "a2"


def test_a_delimiter_row_after_one_that_failed_starts_no_table() -> None:
    """cmark-gfm tries a paragraph's first delimiter row only: `| - |` under the two cells of `| a | b |`
    fails, and then `x` over the next `| - |` is still paragraph text, the command under it a line GitHub
    shows (markdown-it made `x` a table's header and the command a cell, and ignored it)."""
    body = "| a | b |\n| - |\nx\n| - |\n/recheck a1"
    assert shown_first_recheck(body) == "a1"
    assert [(c.name, c.args) for c in parse_commands(body)] == [(Command.recheck, ("a1",))]


def test_a_header_row_indented_four_spaces_in_a_paragraph_starts_a_table() -> None:
    """A line indented four spaces that continues a paragraph is the paragraph's last line, so cmark-gfm
    makes it the header of the table `| - |` starts, and the line under it a cell (markdown-it started no
    table there: it read a paragraph, and obeyed the command GitHub shows in a cell)."""
    body = "Thanks\n    | a |\n| - |\n/accept-late"
    assert parse_commands(body) == []
    assert shown_first_recheck(body.replace("/accept-late", "/recheck a1")) is None


def test_a_link_reference_definition_over_a_delimiter_row_heads_a_table_and_nothing_raises() -> None:
    """cmark-gfm keeps a link reference definition as paragraph text until the paragraph ends, so it can
    head a table; the reader raised IndexError on this comment (a stranger's comment then failed every run
    of the check on that pull request)."""
    body = "[ref]: https://example.org\n| - |\n/accept-late"
    assert parse_commands(body) == []
    assert shown_first_recheck(body.replace("/accept-late", "/recheck a1")) is None


def test_a_quote_over_a_delimiter_row_stays_a_quote() -> None:
    """`> a |` opens a quote before anything else, in cmark-gfm; the lines under it continue the quote's
    paragraph lazily (markdown-it read a table headed `> a`, and the command after its end as a paragraph)."""
    body = "> a |\n| - |\n    | a |\n/accept-late"
    assert parse_commands(body) == []
    assert shown_first_recheck(body.replace("/accept-late", "/recheck a1")) is None


def test_a_footnote_definition_over_a_delimiter_row_or_dashes_is_no_link_reference_definition() -> None:
    """A footnote definition nothing refers to leaves no trace on GitHub, like a link reference definition,
    but it is a container, not a paragraph's text: `| - |` under it heads no table, and `---` under it is a
    rule (the reader raised IndexError on the first, as on a link reference definition)."""
    over_a_delimiter = "[^1]: note\n| - |\n/accept-late"
    assert parse_commands(over_a_delimiter) == []
    assert shown_first_recheck(over_a_delimiter.replace("/accept-late", "/recheck a1")) is None
    over_dashes = "[^1]: internal note\n---\n/recheck a2"
    assert shown_first_recheck(over_dashes) == "a2"
    assert [c.args for c in parse_commands(over_dashes)] == [("a2",)]
