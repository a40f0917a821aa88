"""Markdown read as GitHub renders it: cmark-gfm (GitHub's fork of cmark, with its extensions), and the
text a reader sees, split by where it stands."""

from __future__ import annotations

from html.parser import HTMLParser

import cmarkgfm
from cmarkgfm.cmark import Options


def render(markdown: str) -> str:
    # GitHub passes the HTML it allows (`<details>`, `<sub>`) through its sanitiser: unsafe here, so that
    # the test sees it too. GitHub renders footnotes (`[^1]: note`): moved to the end, or dropped when
    # nothing refers to them.
    html: str = cmarkgfm.github_flavored_markdown_to_html(
        markdown, options=Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES
    )
    return html


class Reading(HTMLParser):
    """The text a reader sees, split by where it stands: in code, in a link, elsewhere."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.plain: list[str] = []
        self.code: list[str] = []
        self.links: list[str] = []  # the texts of links
        self.hrefs: list[str] = []
        self.paragraphs: list[str] = []
        self.comments: list[str] = []
        self._paragraph: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack.append(tag)
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href") or "")
        if tag == "p" and self._paragraph is None:
            self._paragraph = []

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop() != tag:
            pass
        if tag == "p" and self._paragraph is not None:
            self.paragraphs.append("".join(self._paragraph))
            self._paragraph = None

    def handle_data(self, data: str) -> None:
        if self._paragraph is not None:
            self._paragraph.append(data)
        if "code" in self.stack or "pre" in self.stack:
            self.code.append(data)
        else:
            self.plain.append(data)
        if "a" in self.stack:
            self.links.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def read(markdown: str) -> Reading:
    reading = Reading()
    reading.feed(render(markdown))
    reading.close()
    return reading
