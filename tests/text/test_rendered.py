"""Every golden file rendered as GitHub renders it (cmark-gfm, GitHub's fork of cmark, with its
extensions), and read as a person would: the checks are on the HTML, not on the Markdown source.

What a reader must never see: a literal backtick or backslash escape outside code (Markdown that failed to
take effect), an HTML entity shown as text, a zero-width character inside a link, an e-mail address or code
(a copied login, address or command would be broken), a hidden bot marker. The first paragraph of a
pull-request report names the person who must act and the action. Every body fits GitHub's limit.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bot.config.zones import CONVERTER
from bot.text.labels import GITHUB_BODY_LIMIT
from tests.helpers.golden import ROOT, golden_files
from tests.helpers.rendering import SEPARATOR, read, render

FILES = golden_files()
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Text that a nominee or an admin wrote and that the fixtures make hostile on purpose: shown literally,
# backticks included, which is right for them.
HOSTILE = ("hostile",)


def name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_there_are_golden_files_of_every_kind() -> None:
    folders = {p.parent.relative_to(ROOT).as_posix() for p in FILES}
    assert {"nominations/golden", "phases/golden", "results/golden"} <= folders
    assert len(FILES) >= 30


@pytest.mark.parametrize("path", FILES, ids=name)
def test_what_a_reader_sees(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for body in SEPARATOR.split(text):
        assert len(body) < GITHUB_BODY_LIMIT
    reading = read(text)
    plain = "".join(reading.plain)
    if not any(word in path.name for word in HOSTILE):  # (hostile text is shown literally, backticks too)
        assert "`" not in plain, "a literal backtick: Markdown that did not take effect"
        assert "\\" not in plain, "a visible backslash escape"
    assert not re.search(r"&(?:[a-z]+|#[0-9]+);", plain), "an HTML entity shown as text"
    if not any(word in path.name for word in HOSTILE):  # (a hostile name spells out a marker, shown inert)
        assert "election-bot:" not in plain, "a hidden marker shown"
    # A hostile name keeps its broken `@mention` even where it is a link's text (defence in depth).
    hostile = any(word in path.name for word in HOSTILE)
    places = [("code", reading.code), ("a link's address", reading.hrefs)]
    places += [] if hostile else [("a link's text", reading.links)]
    for where, texts in places:
        bad = [t for t in texts if INVISIBLE.search(t)]
        assert not bad, f"a zero-width character in {where}: {bad}"
    for address in EMAIL.findall(plain + "".join(reading.code)):
        assert not INVISIBLE.search(address), address
    assert not any("election-bot:" not in c and c.strip() and "=====" not in c for c in reading.comments)


PERSON = re.compile(r"\bAdmins\b|@[A-Za-z0-9-]+|^[A-Za-z0-9-]+:")
ACTION = re.compile(r"\b(fix|push|comment|approve|review and merge|close|decide|accept)\b", re.IGNORECASE)


REPORTS = sorted(p for p in (ROOT / "nominations" / "golden").glob("*.md") if p.name != "replies.md")


@pytest.mark.parametrize("path", REPORTS, ids=name)
def test_a_report_leads_with_the_person_and_the_action(path: Path) -> None:
    """The paragraph after the verdict's heading: who (a login, `@login`, or the admins) and what."""
    for body in SEPARATOR.split(path.read_text(encoding="utf-8")):
        reading = read(body)
        first = reading.paragraphs[0] if reading.paragraphs else ""
        if first.startswith(
            ("Changes needed", "Ready for review", "Waiting", "Membership", "No record", "Late")
        ):
            first = reading.paragraphs[1]  # the check run's title line comes first in the golden file
        assert PERSON.search(first), f"nobody named first: {first!r}"
        assert ACTION.search(first), f"no action first: {first!r}"


class _Tables(HTMLParser):
    """Every table row's cells as rendered: (tag, text) per cell."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[tuple[str, str]]] = []
        self._cell: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th") and self.rows:
            self.rows[-1].append((tag, ""))
            self._cell = tag

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None and self.rows and self.rows[-1]:
            tag, text = self.rows[-1][-1]
            self.rows[-1][-1] = (tag, text + data)


@pytest.mark.parametrize("path", FILES, ids=name)
def test_no_table_is_wider_than_a_phone_shows_and_no_header_is_empty(path: Path) -> None:
    """What the bot posts is read on phones: at most five columns, and every column has a heading."""
    for body in SEPARATOR.split(path.read_text(encoding="utf-8")):
        tables = _Tables()
        tables.feed(render(body))
        for row in tables.rows:
            assert len(row) <= 5, f"a table of {len(row)} columns: {row}"
            for tag, text in row:
                if tag == "th":
                    assert text.strip(), f"an empty column heading: {row}"


class _Links(HTMLParser):
    """Each link's address and text, and the text outside links, as rendered."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.outside: list[str] = []
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href = dict(attrs).get("href") or ""
            self.links.append((self._href, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._href = None

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            href, text = self.links[-1]
            self.links[-1] = (href, text + data)
        else:
            self.outside.append(data)


# A time as the bot shows it ends in its UTC clock reading: `…, 14:00 UTC` or `… CEST (14:00 UTC)`.
UTC_CLOCK = re.compile(r"\b([0-9]{2}):([0-9]{2})(?::([0-9]{2}))? UTC\b")
PHASE_TEXTS = sorted((ROOT / "phases" / "golden").glob("*.md"))


def _where_times_matter(path: Path) -> list[str]:
    """The Markdown in which every time must be readable in another zone: all of a phase text; a report's
    lead paragraph (the deadline it asks someone to act by)."""
    bodies = SEPARATOR.split(path.read_text(encoding="utf-8"))
    if path in PHASE_TEXTS:
        return bodies
    leads = []
    for body in bodies:
        chunks = [c.strip() for c in body.split("\n\n") if c.strip()]
        headed = [i for i, c in enumerate(chunks) if c.splitlines()[-1].startswith("## ")]
        leads += [chunks[headed[0] + 1]] if headed and headed[0] + 1 < len(chunks) else []
    return leads


@pytest.mark.parametrize("path", PHASE_TEXTS + REPORTS, ids=name)
def test_every_deadline_links_to_the_instant_in_the_readers_own_time_zone(path: Path) -> None:
    """Point 10 of issue 29: GitHub shows every reader the same text, so each time in a phase text and in
    a report's lead is a link to a page that shows that instant in the reader's zone (the election's zone,
    where it has one, is in the text beside UTC)."""
    seen = 0
    for markdown in _where_times_matter(path):
        links = _Links()
        links.feed(render(markdown))
        bare = UTC_CLOCK.findall("".join(links.outside))
        assert not bare, f"a time a reader outside UTC cannot convert: {bare} in {markdown[:300]!r}"
        for href, text in links.links:
            for hours, minutes, seconds in UTC_CLOCK.findall(text):
                seen += 1
                assert href.startswith(CONVERTER + "?iso="), f"{text!r} links to {href!r}"
                assert f"T{hours}{minutes}{seconds}&p1=1440" in href, f"{text!r} links to another instant"
    if path.name.startswith(("issue-", "closing-", "cutoff-")) or path.stem in ("needs-changes", "late"):
        assert seen, f"no time found in {path.name}: the check read nothing"


# The phase titles the golden files' elections use, and what a phase "does" in a sentence.
PHASE_TITLES = ("Nominations", "Voter affirmation", "Candidates", "Voting")
PHASE_VERBS = (
    r"(?:is|are|was|were|opens|opened|closes|closed|starts|started|ends|ended|begins|began|runs|ran)"
)


@pytest.mark.parametrize("path", FILES, ids=name)
def test_a_phase_title_is_never_the_subject_of_a_sentence(path: Path) -> None:
    """Issue 29, point 14: "Nominations is open", "Candidates opens", "**Candidates closed** at". The
    phase is named beside what happens ("This phase is open", "Next: Candidates, from …")."""
    for body in SEPARATOR.split(path.read_text(encoding="utf-8")):
        text = " ".join(read(body).plain)
        for title in PHASE_TITLES:
            found = re.search(rf"\b{title}\s+{PHASE_VERBS}\b", text)
            assert not found, f"{found.group()!r} in {path.name}" if found else ""


@pytest.mark.parametrize("path", REPORTS, ids=name)
def test_a_lead_that_asks_for_a_push_or_consent_names_the_deadline(path: Path) -> None:
    """Each report's first paragraph names the cut-off where it asks the author or nominee to act (a
    push, a consent) and wherever it tells the admins about the cut-off: as a time any reader can convert."""
    for lead in _where_times_matter(path):
        asks = "then push" in lead or "`/consent`" in lead or "cut-off" in lead
        if asks:
            assert f"]({CONVERTER}?iso=" in lead, f"no deadline in {lead[:200]!r}"
