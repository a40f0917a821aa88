"""Escaping: user text is literal, mention-free and can never spell a hidden bot marker."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.text import catalogue
from bot.text.markdown import code_span, escape_inline, fill, neutralise_mentions, user_link
from bot.text.markers import find_markers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jane Doe", "Jane Doe"),
        ("@octocat", "@&#8203;octocat"),
        ("<script>", "&lt;script&gt;"),
        ("**bold** [x](y)", "\\*\\*bold\\*\\* \\[x\\]\\(y\\)"),
        ("a\nb\rc", "a b c"),
        ("a | b", "a \\| b"),
        # issue 12, weakness 12: cross-references and math are not live
        ("#123", "\\#&#8203;123"),
        ("pypa/elections#77", "pypa/elections\\#&#8203;77"),
        ("GH-12 and gh-3", "GH\\-&#8203;12 and gh\\-&#8203;3"),
        ("$x^2$ and $$y$$", "\\$x^2\\$ and \\$\\$y\\$\\$"),
        ("#hashtag", "\\#hashtag"),
    ],
)
def test_escape_inline(text: str, expected: str) -> None:
    assert escape_inline(text) == expected


def test_code_span_cannot_be_broken_out_of() -> None:
    assert code_span("a`b") == "``a`b``"
    assert code_span("`") == "`` ` ``"


def test_user_link_does_not_ping() -> None:
    assert user_link("octocat") == "[octocat](https://github.com/octocat)"
    assert user_link("evil)<img>") == "[evilimg](https://github.com/evilimg)"
    # A login that reads as a reference is code inside its link: nothing invisible in a copied login.
    assert user_link("gh-123") == "[`gh-123`](https://github.com/gh-123)"


MARKERISH = st.text(alphabet=st.sampled_from(list("<!-->election-bot:report pr=1 @`*_[]()\n")), max_size=80)


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        st.text(max_size=120), MARKERISH, MARKERISH.map(lambda t: "<!-- election-bot:report pr=1 -->" + t)
    )
)
def test_no_user_string_survives_as_markup(text: str) -> None:
    for rendered in (escape_inline(text), code_span(text)):
        assert "<!--" not in rendered
        assert find_markers(rendered) == []
        assert "\n" not in rendered
    inline = escape_inline(text)
    assert "<" not in inline
    assert ">" not in inline
    assert not re.search(r"@[A-Za-z0-9_-]", inline)


REFERENCE_TEXT = st.lists(
    st.sampled_from(
        ["#", "1", "42", "GH-", "gh-", "pypa/elections", "/", "$", "`", "\\", " ", "x", "&", "@"]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(REFERENCE_TEXT, st.text(max_size=120)))
def test_no_cross_reference_or_math_survives_escaping(text: str) -> None:
    """GitHub links `#123`, `owner/repo#123` and `GH-123` in the rendered text (backslash escapes are gone
    by then), and reads `$` as math: after escaping, every `#` or `GH-` before a digit is broken by a
    zero-width space and every `$` is escaped."""
    shown = rendered_text(escape_inline(text))
    assert not LIVE_REFERENCE.search(shown), shown
    assert not re.search(r"(?<!\\)\$", escape_inline(text).replace("\\\\", ""))


# GitHub's references, as they appear in the rendered text (a zero-width space before the digits breaks one).
LIVE_REFERENCE = re.compile(r"#[0-9]|GH-[0-9]", re.IGNORECASE)


def rendered_text(escaped: str) -> str:
    """What a reader (and GitHub's reference linker) sees of escaped inline text: escapes and entities
    resolved."""
    text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", escaped)
    return html.unescape(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_mentions_are_neutralised(text: str) -> None:
    assert not re.search(r"@[A-Za-z0-9_-]", neutralise_mentions(text))


# -- the catalogue's trusted Markdown, with only its values escaped ----------------------------------------


def test_a_value_in_a_code_span_is_code_and_elsewhere_literal_text() -> None:
    assert fill("`{key}` is missing", {"key": "a_b*c"}) == "`a_b*c` is missing"
    assert fill("made by {who}", {"who": "@x *y*"}) == "made by @&#8203;x \\*y\\*"
    assert fill("`agreement.{extra}`", {"extra": "order"}) == "`agreement.order`"


def test_a_value_cannot_break_out_of_its_code_span() -> None:
    filled = fill("`{key}` appears twice", {"key": "a` <b>@evil"})
    assert filled == "``a` <b>@evil`` appears twice"


def test_the_guide_and_the_template_become_links_and_no_number_links_into_another_issue() -> None:
    links = {"nominations/README.md": "https://github.com/o/r/blob/main/nominations/README.md"}
    assert fill("(see {guide})", {"guide": "nominations/README.md"}, links) == (
        "(see [nominations/README\\.md](https://github.com/o/r/blob/main/nominations/README.md))"
    )
    template = {"nominations/TEMPLATE.md": "https://t"}
    assert fill("copy nominations/TEMPLATE.md", {}, template) == "copy [nominations/TEMPLATE.md](https://t)"
    assert fill("continue in #{number}", {"number": "12"}) == "continue in #&#8203;12"


def test_a_pull_request_the_bot_found_is_an_explicit_link_and_nothing_else_is() -> None:
    """Issue 29, point 9: GitHub autolinks `#12` only when it is not escaped, so the bot's own reference
    is a link to the pull request's address; a value that is not a plain number stays inert."""
    pulls = "https://github.com/o/r/pull"
    assert fill("continue in #{number}", {"number": "12"}, pulls=pulls) == (
        "continue in [#12](https://github.com/o/r/pull/12)"
    )
    assert fill("in #{number}", {"number": "12 @x"}, pulls=pulls) == "in #&#8203;12 @&#8203;x"
    assert fill("in #{number}", {"number": "\u0661\u0662"}, pulls=pulls) == "in #&#8203;\u0661\u0662"
    assert fill("see #12 and {n}", {"n": "3"}, pulls=pulls) == "see #&#8203;12 and 3"  # fixed words: inert


def test_every_catalogue_text_renders_without_a_visible_escape() -> None:
    for code, entry in catalogue.CATALOGUE.items():
        names = re.findall(r"\{(\w+)\}", entry.template)
        filled = fill(entry.template, dict.fromkeys(names, "x"))
        assert "\\`" not in filled, code
        assert filled.count("`") % 2 == 0, code


def test_a_contact_address_is_whole_where_a_finding_names_it() -> None:
    finding = catalogue.make(
        "WIN002", "f.md", None, election="e", end="14:00", at="14:00", contact="elections@example.org"
    )
    assert "`elections@example.org`" in fill(finding.template, dict(finding.params))
    assert "\u200b" not in fill(finding.template, dict(finding.params))


def test_a_value_with_backticks_of_its_own_is_literal() -> None:
    """The bot quotes file names in backticks inside a composed value; a file name with backticks of its
    own makes the pairing uncertain, so the whole value is shown as literal text (found by the CI profile:
    a file named ```#0 put `#0` outside code)."""
    from bot.text.markdown import fill

    hostile = fill("files: {files}", {"files": "`a.md`, ````#0.md`"})
    assert "\\#&#8203;0" in hostile and "`a.md`" not in hostile
    assert fill("it {found}", {"found": "is `bob`"}) == "it is `bob`"
