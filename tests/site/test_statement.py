"""Statements are untrusted Markdown: rendered by markdown-it-py, cleaned by nh3, checked here on the HTML.

Every hostile case (tests/site/hostile.py) must give HTML with only the allowed tags and attributes, no
event handler, no URL but http(s) and mailto, no image, no comment; the browser test loads the same cases.
"""

from __future__ import annotations

import time
from html.parser import HTMLParser

import pytest

from bot.site.statement import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, LINK_REL, render_statement
from tests.site.hostile import CASES


class Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.comments: list[str] = []
        self.declarations: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)

    def handle_decl(self, decl: str) -> None:
        self.declarations.append(decl)


def parse(fragment: str) -> Collect:
    collected = Collect()
    collected.feed(fragment)
    collected.close()
    return collected


def assert_safe(fragment: str) -> None:
    collected = parse(fragment)
    assert collected.comments == [] and collected.declarations == []
    for tag, attrs in collected.tags:
        assert tag in ALLOWED_TAGS, tag
        for attribute, value in attrs.items():
            assert not attribute.startswith("on"), attribute
            allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set())
            allowed |= {"class"} if tag == "span" else set()
            assert attribute in allowed, (tag, attribute)
            if attribute == "href":
                assert value is not None and value.startswith(("https://", "http://", "mailto:")), value
            if attribute == "rel":
                assert value == LINK_REL
        if tag == "a" and "href" in attrs:
            assert attrs.get("rel") == LINK_REL
    lowered = fragment.lower()
    for needle in (
        "<script",
        "<img",
        "<svg",
        "<iframe",
        "<style",
        "<meta",
        "<base",
        "<form",
        "<link",
        "<!--",
    ):
        assert needle not in lowered, needle
    assert "javascript:" not in " ".join(str(v) for _, a in collected.tags for v in a.values()).lower()


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(CASES))
def test_every_hostile_statement_renders_safely(case: str) -> None:
    started = time.perf_counter()
    html = render_statement(CASES[case])
    elapsed = time.perf_counter() - started
    assert_safe(html)
    assert elapsed < 60, f"{case} took {elapsed:.1f} s"  # a hang guard, not a benchmark


def test_raw_html_is_shown_as_text_not_dropped() -> None:
    html = render_statement("I like <script>alert(1)</script> tags")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_headings_are_demoted_below_the_pages_own() -> None:
    html = render_statement(CASES["headings"])
    tags = [tag for tag, _ in parse(html).tags]
    assert tags == ["h3", "h4", "h6", "h3"]


def test_links_are_external_with_rel_and_relative_links_lose_their_target() -> None:
    html = render_statement(
        "[a](https://example.org/x) [m](mailto:me@example.org) [r](../up.html) [f](#main)"
    )
    links = [attrs for tag, attrs in parse(html).tags if tag == "a"]
    assert [a.get("href") for a in links] == ["https://example.org/x", "mailto:me@example.org", None, None]
    assert all(a["rel"] == "nofollow ugc noopener" for a in links)


def test_remote_images_become_links_and_never_img() -> None:
    html = render_statement("![the logo](https://example.org/logo.png)")
    assert html == (
        '<p><a href="https://example.org/logo.png" rel="nofollow ugc noopener">[image: the logo]</a></p>'
    )
    nested = render_statement(CASES["image-in-link"])
    assert nested.count("<a ") == 1 and "[image: t]" in nested


def test_javascript_links_keep_their_text_as_text() -> None:
    html = render_statement("[click](javascript:alert(1))")
    assert "<a" not in html and "click" in html


def test_ordinary_markdown_survives() -> None:
    html = render_statement(
        "I **maintain** _tools_ and ~~old~~ `code`.\n\n- one\n- two\n\n3. three\n4. four\n\n"
        "> quoted\n\n```\nblock\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    for needle in (
        "<strong>maintain</strong>",
        "<em>tools</em>",
        "<s>old</s>",
        "<code>code</code>",
        "<ul>",
        '<ol start="3">',
        "<blockquote>",
        "<pre><code>block",
        "<table>",
        "<td>2</td>",
    ):
        assert needle in html, needle


def test_nesting_is_bounded() -> None:
    html = render_statement(">" * 5000 + " deep")
    assert html.count("<blockquote>") <= 21


@pytest.mark.slow
def test_the_one_megabyte_statement_is_rendered_whole() -> None:
    source = CASES["one-megabyte"]
    html = render_statement(source)
    assert html.count('<a href="https://example.org/"') == source.count("[a link]")
