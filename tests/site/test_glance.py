"""What a reader sees first on the site: where each election stands (upcoming, open, closed, results) and
the one thing to do now; and the noise issue 29 found gone (identical link texts that lead to different
places, the contact said more than once, the shared-affiliations notice as the loudest element)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bot.cli import main
from bot.config.timeline import parse_instant
from bot.site.model import Site, SiteElection
from bot.site.pages import build_site
from tests.site.fixtures import COUNTS, REPO, candidate, checkout, sample_election

UPCOMING = "2026-03-01T00:00:00Z"
NOMINATIONS = "2026-03-10T12:00:00Z"
CANDIDATES = "2026-03-25T00:00:00Z"
VOTING = "2026-04-01T00:00:00Z"
OVER = "2026-04-16T10:00:00Z"
# (instant, the badge's class and words, the call to action's words and target): every state of the sample
STATES = [
    (UPCOMING, "upcoming", "Upcoming", "Add the dates to your calendar", "sample-2026.ics"),
    (NOMINATIONS, "open", "Open now", "Nominate a candidate", "#take-part"),
    (CANDIDATES, "open", "Open now", "Meet the candidates", "#candidates"),
    (VOTING, "open", "Open now", "How to vote", "#take-part"),
    (OVER, "closed", "Closed, results to come", None, None),
]


class Links(HTMLParser):
    """Every link's target and its text (what a screen reader announces: hidden words included)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []  # (href, text, class)
        self._open: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            found = dict(attrs)
            self._open.append([str(found.get("href") or ""), "", str(found.get("class") or "")])

    def handle_data(self, data: str) -> None:
        for link in self._open:
            link[1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            href, text, cls = self._open.pop()
            self.links.append((href, " ".join(text.split()), cls))


def links(html: str) -> list[tuple[str, str, str]]:
    parser = Links()
    parser.feed(html)
    return parser.links


def built(at: str, *people: object) -> dict[str, bytes]:
    people = people or (
        candidate("ada-example", "Ada Example", "I maintain tools."),
        candidate("grace-sample", "Grace Sample", "Specs."),
    )
    election = sample_election()
    issues = {
        p.id: f"https://github.com/example-org/elections/issues/{n}" for n, p in enumerate(election.phases, 1)
    }
    entry = SiteElection(election, tuple(people), issues=issues)  # type: ignore[arg-type]
    return build_site(Site(at=parse_instant(at), elections=(entry,), repo=REPO))


def html_pages(*instants: str) -> dict[str, str]:
    return {
        f"{at} {path}": data.decode()
        for at in instants
        for path, data in built(at).items()
        if path.endswith(".html")
    }


@pytest.fixture(scope="module")
def with_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The sample election's site after its results, built by the command from a checkout."""
    repo = checkout(tmp_path_factory.mktemp("results"), counts=COUNTS)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(repo)
        patch.delenv("GITHUB_TOKEN", raising=False)
        assert main(["site", "--out", "public", "--at", OVER, "--github-repo", "example-org/elections"]) == 0
    out = repo / "public"
    return {str(p.relative_to(out)): p.read_text(encoding="utf-8") for p in out.rglob("*.html")}


@pytest.mark.parametrize(("at", "state", "label", "action", "href"), STATES)
def test_each_state_has_its_badge_and_at_most_one_call_to_action(
    at: str, state: str, label: str, action: str | None, href: str | None
) -> None:
    files = built(at)
    page = files["sample-2026/index.html"].decode()
    assert f'<span class="badge badge-{state}">{label}</span>' in page
    index = files["index.html"].decode()
    if action is None or href is None:  # voting closed, results not counted: nothing to do but wait
        assert 'class="cta"' not in page and 'class="cta"' not in index
        return
    assert [(h, t) for h, t, c in links(page) if c == "cta"] == [(href, action)]
    target = f"sample-2026/{'index.html' if href.startswith('#') else ''}{href}"
    title = "Sample Council election 2026 (fictional)"
    assert [(h, t) for h, t, c in links(index) if c == "cta"] == [(target, f"{action}: {title}")]
    assert f'<span class="badge badge-{state}">{label}</span>' in index


def test_after_the_results_the_one_call_to_action_is_to_read_them(with_results: dict[str, str]) -> None:
    page = with_results["sample-2026/index.html"]
    assert '<span class="badge badge-results">Results</span>' in page
    assert [(h, t) for h, t, c in links(page) if c == "cta"] == [("results.html", "Read the results")]
    # no second link to the same page competes with it
    assert [h for h, _, _ in links(page)].count("results.html") == 1


def test_no_two_links_on_a_page_share_a_text_but_not_a_target(with_results: dict[str, str]) -> None:
    pages = html_pages(NOMINATIONS, OVER) | {f"results {p}": html for p, html in with_results.items()}
    checked = 0
    for where, html in pages.items():
        targets: dict[str, set[str]] = {}
        for href, text, _ in links(html):
            targets.setdefault(text.casefold(), set()).add(href)
            checked += 1
        same = {text: hrefs for text, hrefs in targets.items() if len(hrefs) > 1}
        assert not same, (where, same)
    assert checked > 50


def test_the_contact_is_said_once_per_page_as_a_mailto_link(with_results: dict[str, str]) -> None:
    pages = html_pages(NOMINATIONS, VOTING) | {f"results {p}": html for p, html in with_results.items()}
    for where, html in pages.items():
        text = re.sub(r"<[^>]+>", "", html)
        assert text.count("elections@example.org") <= 1, where
        if "elections@example.org" in html:
            assert '<a href="mailto:elections@example.org">elections@example.org</a>' in html, where
        assert text.count("the end is exclusive") <= 1, where


def test_the_shared_affiliations_notice_sits_quietly_after_the_candidates_it_explains() -> None:
    people = [candidate(f"p{i}", f"Person {i}", "text") for i in range(3)]
    html = built(CANDIDATES, *people)["sample-2026/index.html"].decode()
    section = html[html.index('<section aria-labelledby="candidates">') :]
    section = section[: section.index("</section>")]
    assert section.index('<ul class="candidates">') < section.index('id="shared"')
    assert '<div class="note" role="note" aria-labelledby="shared">' in section
    assert 'class="notice"' not in html


def test_the_quiet_note_is_quieter_than_the_open_phase_in_the_stylesheet() -> None:
    css = (Path(__file__).resolve().parents[2] / "bot" / "site" / "assets" / "site.css").read_text()
    note = re.search(r"^\.note \{([^}]*)\}", css, re.M)
    assert note is not None
    assert "var(--now" not in note.group(1) and "2px" not in note.group(1)
