"""The site's results page read on a phone (issue 29, points 4 and 7): a table of few columns, no empty
header, each candidate's counted affiliations under their name, and the outcome in plain words; checked on
the demo election's page (tests/site/golden/demo/, built byte for byte by tests/e2e/test_demo.py), which has
a pass-over under the employer cap and an alias."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from bot.results.text import PASSED_OVER

RESULTS = Path(__file__).resolve().parent / "golden" / "demo" / "demo-2026" / "results.html"


class Table(HTMLParser):
    """The headers and the rows (each cell's text) of the page's tables."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headers: list[list[str]] = []
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.headers.append([])
        elif tag == "tr":
            self.rows.append([])
        elif tag in ("th", "td"):
            self._cell = [tag, ""]
        elif tag == "br" and self._cell is not None:
            self._cell[1] += "\n"

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell[1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self._cell is not None:
            kind, text = self._cell
            (self.headers[-1] if kind == "th" else self.rows[-1]).append(text.strip())
            self._cell = None


def table() -> Table:
    parsed = Table()
    parsed.feed(RESULTS.read_text(encoding="utf-8"))
    return parsed


def test_the_results_table_has_few_columns_and_no_empty_header() -> None:
    parsed = table()
    assert parsed.headers == [["Rank", "Candidate", "Votes", "Outcome"]]
    rows = [r for r in parsed.rows if r]
    assert len(rows) == 5 and all(len(r) <= 5 for r in rows)


def test_each_candidates_counted_affiliation_is_under_their_name() -> None:
    cells = {r[1].split("\n")[0]: r[1].split("\n")[1:] for r in table().rows if r}
    assert cells["Bo Fixit"] == ["ExampleCo (employer, counted as Example Corporation)"]
    assert cells["Dee Unlisted"] == ["Example Corporation (employer)"]


def test_the_outcome_is_in_plain_words_the_same_as_on_github() -> None:
    outcomes = {r[1].split("\n")[0]: r[3] for r in table().rows if r}
    assert outcomes["Dee Unlisted"] == PASSED_OVER == "passed over: the employer limit"
    assert outcomes["Eve Example"] == "not elected"
    html = RESULTS.read_text(encoding="utf-8")
    assert not re.search(r"passed over \(", html)  # never the shorthand "passed over (cap)"
