"""Markdown read as GitHub renders it: cmark-gfm (GitHub's fork of cmark, with its extensions), and the
text a reader sees, split by where it stands."""

from __future__ import annotations

import bisect
import html
import re
from html.parser import HTMLParser
from pathlib import Path

import cmarkgfm
from cmarkgfm.cmark import Options
from hypothesis import strategies as st

from bot.config.loading import load_election
from bot.config.models import Election
from bot.text.markers import find_markers


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


GITHUB_BODY_LIMIT = 65_536


ROOT = Path(__file__).resolve().parents[2]


# What attackers reach for, glued together in any order: mentions, tags, markers, Markdown, line breaks,
# invisible and bidi characters, workflow commands.
TOKENS = [
    "@",
    "@everyone",
    "@pypa/admins",
    "octocat",
    "<",
    ">",
    "<img src=x onerror=alert(1)>",
    "<script>",
    "</sub>",
    "<!--",
    "-->",
    "<!-- election-bot:decision act=verify-membership by=x by_id=1 at=2026-01-01T00:00:00Z comment=1 -->",
    " election-bot:",
    "pr-report",
    "`",
    "``",
    "\\",
    "|",
    "*",
    "_",
    "[",
    "](",
    ")",
    "javascript:",
    "&",
    "&#64;",
    "#",
    "#4242",
    "pypa/elections#4242",
    "GH-4242",
    "gh-4242",
    "$",
    "$x$",
    "$$",
    "$`",
    ":",
    "\n",
    "\r\n",
    "\u2028",
    "\u200b",
    "\u202e",
    "\x1b[31m",
    "::error::",
    "::stop-commands::",
    " ",
    "x",
]


HOSTILE = st.one_of(
    st.text(max_size=80),
    st.lists(st.sampled_from(TOKENS), max_size=25).map("".join),
)


def outside_code(text: str, *, resolve_escapes: bool = False) -> str:
    """The text with its code spans removed, read as CommonMark does: left to right, a backslash before
    ASCII punctuation makes it literal (replaced here by spaces), and a backtick string opens a code span
    that the next backtick string of the same length closes (inside a span a backslash is literal)."""
    closers: dict[int, list[int]] = {}
    for run in re.finditer(r"`+", text):
        closers.setdefault(len(run.group()), []).append(run.start())
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text) and text[i + 1] in PUNCTUATION:
            out.append(text[i + 1] if resolve_escapes else "  ")
            i += 2
        elif char == "`":
            n = BACKTICKS.match(text, i).end() - i  # type: ignore[union-attr]
            starts = closers.get(n, [])
            k = bisect.bisect_left(starts, i + n)
            if k < len(starts):
                out.append(" ")
                i = starts[k] + n
            else:
                out.append("`" * n)
                i += n
        else:
            out.append(char)
            i += 1
    return "".join(out)


BACKTICKS = re.compile(r"`+")


PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


BOT_MARKUP = re.compile(
    r"<!-- election-bot:[^>]*? -->|</?sub>|</?details>|</?summary>|<br>"
)  # <br>: the line break in a results table cell


LINK_DESTINATION = re.compile(r"\]\(https://[^\s)]*\)")


LIVE_REFERENCE = re.compile(r"(?:#|\bGH-)([0-9]+)", re.IGNORECASE)


def assert_inert(
    body: str, *, markers: list[str], pings: tuple[str, ...] = (), refs: tuple[int, ...] = ()
) -> None:
    """`markers`: the bot's own marker strings that belong in `body`; `pings`: deliberate mentions."""
    assert len(body) < GITHUB_BODY_LIMIT
    expected = [m for text in markers for m in find_markers(text)]
    assert find_markers(body) == expected
    assert body.count("<!--") == len(expected), "no comment opener but the bot's own markers"
    text = outside_code(BOT_MARKUP.sub(" ", body))
    assert not re.search(r"<[A-Za-z/!?]", text), "an HTML tag from user text"
    mentioned = re.findall(r"@([A-Za-z0-9](?:[A-Za-z0-9-]*))", text)
    assert sorted(mentioned) == sorted(pings), f"unexpected @mentions: {mentioned}"
    # Issue 12, weakness 12: no cross-reference but the bot's own (pull request and issue numbers it
    # writes itself, `refs`), and no math, outside code. GitHub links references in the rendered text,
    # after escapes and entities are resolved.
    # Link destinations are not text (the bot's links are built from URL-quoted paths).
    visible = LINK_DESTINATION.sub("](", BOT_MARKUP.sub(" ", body))
    shown = html.unescape(outside_code(visible, resolve_escapes=True))
    live = {int(n) for n in LIVE_REFERENCE.findall(shown)}
    assert live <= set(refs), f"live cross-references to {sorted(live - set(refs))}"
    assert "$" not in text, "an unescaped $ (math)"


def sample_election() -> Election:
    data = (ROOT / "nominations" / "sample-2026" / "election.yaml").read_bytes()
    loaded = load_election(data, "election.yaml", "sample-2026")
    assert loaded.election is not None
    return loaded.election


ELECTION = sample_election()


SEPARATOR = re.compile(r"^<!-- ===== .* ===== -->$", re.M)  # between the texts of one golden file
