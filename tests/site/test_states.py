"""The site in every state an election goes through, kept as golden files (tests/site/golden/states/) and
read as a person would: upcoming, nominations open, at the cut-off (the minute nominations close),
voting, and after the results — final, undecided (a tie for a seat not resolved yet) and quorum missed.

Each state's election page (and results page, where there is one) is built by `election-bot site` from a
checkout of the sample election (four candidates, so that a tie can decide a seat), compared byte for byte
with its golden file, and checked on the HTML: the state's badge and its one call to action, one `h1`, no
Markdown or HTML entity shown as text, no text of only punctuation beside a block, no two links that share
a text but not a target, the contact at most once, and tables of at most five columns with no empty
heading.

After an intended change:  ELECTION_BOT_UPDATE_GOLDEN=1 uv run pytest tests/site/test_states.py
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bot.cli import main
from tests.helpers.golden import check_golden
from tests.site.fixtures import checkout

GOLDEN = Path(__file__).resolve().parent / "golden" / "states"
TITLE = "Sample Council election 2026 (fictional)"

# Two more fictional nominees beside the sample's two, written like Ada's file.
MORE = {"bo-example": "Bo Example", "cy-example": "Cy Example"}


def counts(cast: int, votes: dict[str, int]) -> str:
    lines = "".join(f"  {login}: {n}\n" for login, n in votes.items())
    return f"election: sample-2026\nelectors: 120\nballots_cast: {cast}\nvotes:\n{lines}"


FINAL = counts(80, {"ada-example": 61, "grace-sample": 44, "bo-example": 30, "cy-example": 12})
TIED = counts(80, {"ada-example": 61, "grace-sample": 44, "bo-example": 30, "cy-example": 30})
NO_QUORUM = counts(40, {"ada-example": 31, "grace-sample": 24, "bo-example": 20, "cy-example": 12})
AFTER = "2026-04-16T10:00:00Z"

# state -> (instant, counts file, the badge's words, the call to action's words or None)
STATES = {
    "upcoming": ("2026-03-01T00:00:00Z", None, "Upcoming", "Add the dates to your calendar"),
    "nominations-open": ("2026-03-10T12:00:00Z", None, "Open now", "Nominate a candidate"),
    "at-the-cut-off": ("2026-03-17T14:00:00Z", None, "Open now", "Affirm that you will vote"),
    "voting": ("2026-04-01T00:00:00Z", None, "Open now", "How to vote"),
    "results-final": (AFTER, FINAL, "Results", "Read the results"),
    "results-undecided": (AFTER, TIED, "Results, not final", "Read the results"),
    "quorum-missed": (AFTER, NO_QUORUM, "Results: quorum missed", "Read the results"),
}


def build(tmp: Path, at: str, counts_text: str | None) -> dict[str, str]:
    repo = checkout(tmp, counts=counts_text)
    folder = repo / "nominations" / "sample-2026"
    ada = (folder / "ada-example.md").read_text(encoding="utf-8")
    for login, person in MORE.items():
        text = ada.replace("ada-example", login).replace("Ada Example", person).replace("/ada", "/" + login)
        (folder / f"{login}.md").write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(repo)
        patch.delenv("GITHUB_TOKEN", raising=False)
        patch.delenv("GITHUB_REPOSITORY", raising=False)
        assert main(["site", "--out", "public", "--at", at, "--github-repo", "example-org/elections"]) == 0
    out = repo / "public" / "sample-2026"
    pages = {"index.html": (out / "index.html").read_text(encoding="utf-8")}
    if (out / "results.html").exists():
        pages["results.html"] = (out / "results.html").read_text(encoding="utf-8")
    return pages


class Reader(HTMLParser):
    """What a person reads: the text outside code, the links (target, text), the tables' rows, and any
    text of only punctuation that stands between two blocks."""

    BLOCKS = frozenset({"p", "li", "ul", "ol", "div", "section", "h1", "h2", "h3", "table", "tr", "pre"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.links: list[tuple[str, str, str]] = []
        self.rows: list[list[tuple[str, str]]] = []
        self.stray: list[str] = []
        self._stack: list[str] = []
        self._link: list[str] | None = None
        self._cell: bool = False
        self._after_block = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self._stack.append(tag)
        if tag == "a":
            self._link = [str(found.get("href") or ""), "", str(found.get("class") or "")]
        elif tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th") and self.rows:
            self.rows[-1].append((tag, ""))
            self._cell = True
        if tag in self.BLOCKS:
            self._after_block = True

    def handle_endtag(self, tag: str) -> None:
        while self._stack and self._stack.pop() != tag:
            pass
        if tag == "a" and self._link is not None:
            href, text, cls = self._link
            self.links.append((href, " ".join(text.split()), cls))
            self._link = None
        elif tag in ("td", "th"):
            self._cell = False
        if tag in self.BLOCKS:
            self._after_block = True

    def handle_data(self, data: str) -> None:
        if any(t in ("script", "style", "title") for t in self._stack):
            return
        if data.strip() and self._after_block and re.fullmatch(r"[\s.,;:()/]+", data):
            self.stray.append(data)
        if data.strip():
            self._after_block = False
        if not any(t in ("code", "pre") for t in self._stack):
            self.text.append(data)
        if self._link is not None:
            self._link[1] += data
        if self._cell and self.rows and self.rows[-1]:
            tag, text = self.rows[-1][-1]
            self.rows[-1][-1] = (tag, text + data)


def read(html: str) -> Reader:
    reader = Reader()
    reader.feed(html)
    return reader


@pytest.fixture(scope="module")
def states(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    return {
        state: build(tmp_path_factory.mktemp(state), at, counts_text)
        for state, (at, counts_text, _, _) in STATES.items()
    }


@pytest.mark.parametrize("state", STATES)
def test_each_state_matches_its_golden_files(states: dict[str, dict[str, str]], state: str) -> None:
    for page, html in states[state].items():
        check_golden(GOLDEN, f"{state}/{page}", html)
    assert ("results.html" in states[state]) == state.startswith(("results", "quorum"))


@pytest.mark.parametrize("state", STATES)
def test_each_state_reads_right(states: dict[str, dict[str, str]], state: str) -> None:
    _, _, label, action = STATES[state]
    election = states[state]["index.html"]
    assert 'class="badge badge-' in election and f">{label}</span>" in election
    reader = read(election)
    assert [t for _, t, c in reader.links if c == "cta"] == [action]
    for page, html in states[state].items():
        reader = read(html)
        where = f"{state}/{page}"
        assert html.count("<h1>") == 1, where
        text = "".join(reader.text)
        assert not re.search(r"\*\*|\]\(|(?<!\w)_\w+_(?!\w)", text), f"{where}: Markdown shown as text"
        assert not re.search(r"&(?:[a-z]+|#[0-9]+);", text), f"{where}: an HTML entity shown as text"
        assert not reader.stray, f"{where}: punctuation alone beside a block: {reader.stray}"
        targets: dict[str, set[str]] = {}
        for href, link_text, _ in reader.links:
            targets.setdefault(link_text.casefold(), set()).add(href)
        assert not {t: h for t, h in targets.items() if len(h) > 1}, f"{where}: one text, two targets"
        assert text.count("elections@example.org") <= 1, where
        for row in reader.rows:
            assert len(row) <= 5, f"{where}: a row of {len(row)} columns"
            assert all(cell.strip() for tag, cell in row if tag == "th"), f"{where}: an empty heading"


def test_the_states_say_what_differs(states: dict[str, dict[str, str]]) -> None:
    """The words that tell the states apart, each where a reader looks for it."""
    cut_off = states["at-the-cut-off"]["index.html"]
    assert "<summary>Closed phases (1)</summary>" in cut_off  # nominations closed at that very minute
    assert "Nominate a candidate" not in cut_off
    assert "Not final:" in states["results-undecided"]["results.html"]
    assert "1 place undecided between" in states["results-undecided"]["results.html"]
    missed = states["quorum-missed"]
    assert "The quorum was not met: no one is elected by this vote." in missed["index.html"]
    assert "the quorum of 50 % of electors is not met" in missed["results.html"]
    assert 'id="elected"' not in missed["results.html"]
    final = states["results-final"]["results.html"]
    assert "Final results." in final and "the quorum of 50 % of electors is met" in final
    assert final.index('id="elected"') < final.index('id="totals"') < final.index('id="recount"')


def test_a_vacant_seat_is_said_in_the_summary_too(tmp_path: Path) -> None:
    # the sample's own two candidates for three seats: one seat stays vacant
    repo = checkout(tmp_path, counts=counts(80, {"ada-example": 61, "grace-sample": 44}))
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(repo)
        patch.delenv("GITHUB_TOKEN", raising=False)
        assert main(["site", "--out", "public", "--at", AFTER]) == 0
    page = (repo / "public" / "sample-2026" / "index.html").read_text(encoding="utf-8")
    assert "<li>Vacant: 1 seat (there were not enough candidates)</li>" in page
