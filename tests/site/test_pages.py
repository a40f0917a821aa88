"""The site's pages, checked on the HTML: structure every page must have, links that resolve inside the
site, the current phase, escaping of every name, and what is (not) shown before the results."""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import pytest

from bot.config.timeline import parse_instant
from bot.site.html import CSP
from bot.site.model import Site, SiteElection
from bot.site.pages import build_site
from tests.site.fixtures import REPO, candidate, sample_election

NOMINATIONS_OPEN = parse_instant("2026-03-10T12:00:00Z")


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        if found.get("id"):
            self.ids.add(str(found["id"]))

    def count(self, tag: str) -> int:
        return sum(1 for t, _ in self.tags if t == tag)


def parsed(data: bytes) -> Page:
    page = Page()
    page.feed(data.decode("utf-8"))
    return page


def site_at(at_text: str, *candidates_: object) -> dict[str, bytes]:
    people = candidates_ or (
        candidate("ada-example", "Ada Example", "I **maintain** tools."),
        candidate("grace-sample", "Grace Sample", "# My plan\n\nSpecs."),
    )
    entry = SiteElection(sample_election(), tuple(people))  # type: ignore[arg-type]
    return build_site(Site(at=parse_instant(at_text), elections=(entry,), repo=REPO))


def test_the_site_has_an_index_a_page_per_election_and_candidate_the_calendar_and_assets() -> None:
    files = site_at("2026-03-10T12:00:00Z")
    assert sorted(files) == [
        "assets/favicon.svg",
        "assets/site.css",
        "assets/site.js",
        "index.html",
        "sample-2026/candidates/ada-example.html",
        "sample-2026/candidates/grace-sample.html",
        "sample-2026/index.html",
        "sample-2026/sample-2026.ics",
        "sample-2026/theme.css",
    ]
    assert files["sample-2026/sample-2026.ics"].startswith(b"BEGIN:VCALENDAR\r\n")


def test_every_page_has_one_h1_landmarks_a_language_and_the_strict_policy() -> None:
    for path, data in site_at("2026-03-10T12:00:00Z").items():
        if not path.endswith(".html"):
            continue
        page = parsed(data)
        assert page.count("h1") == 1, path
        for landmark in ("header", "nav", "main", "footer"):
            assert page.count(landmark) == 1, (path, landmark)
        assert ("html", {"lang": "en"}) in page.tags
        metas = [a for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
        assert [m["content"] for m in metas] == [CSP]
        assert "default-src 'none'" in CSP and "'unsafe-inline'" not in CSP
        scripts = [a for t, a in page.tags if t == "script"]
        assert len(scripts) == 1 and str(scripts[0]["src"]).endswith("assets/site.js")
        assert b" style=" not in data and b"<style" not in data, path


def test_every_link_inside_the_site_resolves_to_a_file_and_an_anchor() -> None:
    files = site_at("2026-03-10T12:00:00Z")
    pages = {path: parsed(data) for path, data in files.items() if path.endswith(".html")}
    checked = 0
    for path, page in pages.items():
        for tag, attrs in page.tags:
            target = (
                attrs.get("href") if tag in ("a", "link") else attrs.get("src") if tag == "script" else None
            )
            if not target or urlsplit(target).scheme:
                continue
            parts = urlsplit(target)
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), unquote(parts.path)))
            if not parts.path:
                resolved = path
            assert resolved in files, f"{path}: {target} -> {resolved}"
            if parts.fragment:
                assert parts.fragment in pages[resolved].ids, f"{path}: {target}"
            checked += 1
    assert checked > 20


def test_the_open_phase_is_highlighted_with_words_not_colour_only() -> None:
    html = site_at("2026-03-10T12:00:00Z")["sample-2026/index.html"].decode()
    opened = re.findall(
        r'<li class="open" aria-current="step"><span class="state">Open now</span> '
        r'<span class="phase-title">([^<]+)</span>',
        html,
    )
    assert opened == ["Nominations", "Voter affirmation"]
    assert html.count('class="pending"') == 2 and 'class="closed"' not in html
    assert 'data-until="2026-03-17T14:00:00Z" data-label="Closes"' in html
    assert "How to nominate" not in html and "Open a pull request that adds only that file" in html


def test_before_the_election_and_after_it() -> None:
    before = site_at("2026-03-01T00:00:00Z")["sample-2026/index.html"].decode()
    assert "Upcoming</span> The first phase, Nominations, opens" in before
    after = site_at("2026-05-01T00:00:00Z")["sample-2026/index.html"].decode()
    assert "This election is over." in after
    assert "results are published here once they are counted" in after
    assert "results.html" not in after


@pytest.mark.parametrize(
    "hostile",
    ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "\u202eevil\u202c", "Ada & <b>Co</b>"],
)
def test_names_and_organisations_are_escaped_and_isolated(hostile: str) -> None:
    files = site_at("2026-03-20T00:00:00Z", candidate("mallory", hostile, "text", org=hostile))
    for path in ("sample-2026/index.html", "sample-2026/candidates/mallory.html", "index.html"):
        html = files[path].decode()
        assert "<script>alert" not in html and "<img" not in html and "<b>Co" not in html
    page = files["sample-2026/candidates/mallory.html"].decode()
    assert page.count("<bdi>") >= 3


def test_the_shared_entity_notice_names_everyone_tied_to_a_crowded_entity() -> None:
    people = [
        candidate(f"p{i}", f"Person {i}", "text", org="ExampleCo" if i == 2 else "Example Corp.")
        for i in range(3)
    ]
    html = site_at("2026-03-20T00:00:00Z", *people)["sample-2026/index.html"].decode()
    assert "Shared affiliations" in html
    assert re.search(
        r"<li><bdi>Example Corp[^<]*</bdi>: <bdi>Person 0</bdi>, <bdi>Person 1</bdi>, "
        r"<bdi>Person 2</bdi></li>",
        html,
    )
    two = site_at("2026-03-20T00:00:00Z", *people[:2])["sample-2026/index.html"].decode()
    assert "Shared affiliations" not in two


def test_candidate_page_shows_statement_links_and_the_source_in_the_repository() -> None:
    html = site_at("2026-03-20T00:00:00Z")["sample-2026/candidates/grace-sample.html"].decode()
    assert "<h3>My plan</h3>" in html
    assert (
        'href="https://github.com/example-org/elections/blob/main/nominations/sample-2026/grace-sample.md"'
        in html
    )
    assert (
        'href="https://github.com/example-org/elections/commits/main/nominations/sample-2026/grace-sample.md"'
        in html
    )
    assert 'href="https://example.org/grace-sample" rel="nofollow ugc noopener"' in html


def test_without_a_repository_there_are_no_github_links() -> None:
    entry = SiteElection(sample_election(), (candidate("ada-example", "Ada", "x"),))
    files = build_site(Site(at=NOMINATIONS_OPEN, elections=(entry,), repo=None))
    for path, data in files.items():
        if path.endswith(".html"):
            assert b"github.com/example-org" not in data


def zoned_site(at_text: str, zone: str = "America/Sao_Paulo") -> dict[str, bytes]:
    election = sample_election().model_copy(update={"timezone": zone})
    entry = SiteElection(election, (candidate("ada-example", "Ada Example", "I maintain tools."),))
    return build_site(Site(at=parse_instant(at_text), elections=(entry,), repo=REPO))


TIME = re.compile(r"<time ([^>]*)>([^<]*)</time>")


def test_with_the_elections_zone_every_time_leads_with_local_time_and_utc_follows() -> None:
    files = zoned_site("2026-03-10T12:00:00Z")
    for path, data in files.items():
        if not path.endswith(".html"):
            continue
        html = data.decode()
        times = TIME.findall(html)
        assert times, path
        for attrs, text in times:
            # Tue 17 Mar 2026, 11:00 -03 (14:00 UTC): one element, the zone's time first, UTC beside it
            assert re.fullmatch(r"\w{3} \d{1,2} \w{3} 2026, \d\d:\d\d -03 \(\d\d:\d\d UTC\)", text), (
                path,
                text,
            )
            assert 'data-shown="-180 0"' in attrs, (path, attrs)
        assert "Open until <time" in html or path != "sample-2026/index.html"
    election = files["sample-2026/index.html"].decode()
    assert "Tue 17 Mar 2026, 11:00 -03 (14:00 UTC)" in election


def test_each_page_states_once_how_its_times_are_shown_and_it_is_true() -> None:
    for files, note in (
        (site_at("2026-03-10T12:00:00Z"), "All times are UTC."),
        (
            zoned_site("2026-03-10T12:00:00Z"),
            "Times are shown in America/Sao_Paulo local time, with UTC beside them.",
        ),
    ):
        for path, data in files.items():
            if not path.endswith(".html"):
                continue
            html = data.decode()
            assert html.count('id="times"') == 1 and html.count(note) == 1, path
            assert "All times are UTC" not in html or note == "All times are UTC.", path
            assert "the end is exclusive" not in html, path


def test_phase_titles_are_never_the_subject_of_a_verb_on_the_site() -> None:
    for at in (
        "2026-03-01T00:00:00Z",
        "2026-03-10T12:00:00Z",
        "2026-03-18T00:00:00Z",
        "2026-05-01T00:00:00Z",
    ):
        files = site_at(at)
        for path, data in files.items():
            if path.endswith(".html"):
                text = re.sub(r"<[^>]+>", "", data.decode())
                for title in ("Nominations", "Voter affirmation", "Candidates", "Voting"):
                    assert not re.search(rf"\b{title} (is|are|opens|closes|closed|opened)\b", text), (
                        at,
                        path,
                    )


def test_the_index_never_mixes_zones_under_one_statement() -> None:
    berlin = sample_election().model_copy(update={"timezone": "Europe/Berlin"})
    other = sample_election().model_copy(update={"id": "other-2026", "timezone": "Asia/Tokyo"})
    site = Site(
        at=parse_instant("2026-03-10T12:00:00Z"),
        elections=(SiteElection(berlin, ()), SiteElection(other, ())),
    )
    index = build_site(site)["index.html"].decode()
    assert "All times are UTC." in index
    assert all(text.endswith("UTC") and "(" not in text for _, text in TIME.findall(index))
    only_berlin = build_site(Site(at=site.at, elections=(SiteElection(berlin, ()),)))["index.html"].decode()
    assert "Europe/Berlin local time" in only_berlin and "CET (" in only_berlin


def test_a_phase_description_is_rendered_markdown_with_its_link_and_nothing_more() -> None:
    election = sample_election()
    described = election.phases[1].model_copy(
        update={
            "description": "Affirm on [psfmember.org](https://psfmember.org/) (*Your Memberships*). "
            "<script>alert(1)</script> [x](javascript:alert(1))"
        }
    )
    changed = election.model_copy(update={"phases": [election.phases[0], described, *election.phases[2:]]})
    site = Site(at=parse_instant("2026-03-10T12:00:00Z"), elections=(SiteElection(changed, ()),), repo=REPO)
    html = build_site(site)["sample-2026/index.html"].decode()
    assert '<a href="https://psfmember.org/" rel="nofollow ugc noopener">psfmember.org</a>' in html
    assert "<em>Your Memberships</em>" in html
    assert "[psfmember.org]" not in html and "*Your" not in html
    assert "&lt;script&gt;alert(1)" in html and "<script>alert" not in html and 'href="javascript' not in html
    # the description says how to affirm: no second sentence repeats it
    assert "Affirm your intention to vote before" not in html


def test_the_contact_is_one_mailto_link_per_page_and_seats_are_to_fill_only_while_it_runs() -> None:
    during = site_at("2026-03-10T12:00:00Z")["sample-2026/index.html"].decode()
    assert during.count("elections@example.org") == 2  # the address and its link, once
    assert '<a href="mailto:elections@example.org">elections@example.org</a>' in during
    assert "3 seats to fill." in during
    over = site_at("2026-05-01T00:00:00Z")["sample-2026/index.html"].decode()
    assert "3 seats." in over and "to fill" not in over


def test_closed_phases_are_folded_below_the_statement_and_the_open_ones_shown() -> None:
    html = site_at("2026-03-18T00:00:00Z")["sample-2026/index.html"].decode()
    folded = html[html.index('<details class="closed-phases">') : html.index("</details>")]
    assert "<summary>Closed phases (1)</summary>" in folded and ">Nominations</span>" in folded
    assert ">Voter affirmation</span>" not in folded and ">Voter affirmation</span>" in html
    over = site_at("2026-05-01T00:00:00Z")["sample-2026/index.html"].decode()
    assert "<summary>Closed phases (4)</summary>" in over
    during = site_at("2026-03-10T12:00:00Z")["sample-2026/index.html"].decode()
    assert "closed-phases" not in during


def test_an_affiliation_counted_under_an_alias_says_so_in_the_list_and_on_the_page() -> None:
    # the sample's alias map counts "ExampleCo" as "Example Corporation" (issue 29, point 11)
    files = site_at(
        "2026-03-20T00:00:00Z",
        candidate("bo-fixit", "Bo Fixit", "text", org="ExampleCo"),
        candidate("ada-example", "Ada Example", "text", org="Example Corporation"),
    )
    said = (
        "<li><bdi>ExampleCo</bdi> "
        '<span class="muted">(employer, Engineer, counted as Example Corporation)</span></li>'
    )
    for path in ("sample-2026/index.html", "sample-2026/candidates/bo-fixit.html"):
        assert said in files[path].decode(), path
    # the name the rule counts under is never said of itself
    for path in ("sample-2026/index.html", "sample-2026/candidates/ada-example.html"):
        assert "(employer, Engineer)</span>" in files[path].decode(), path
    assert files["sample-2026/index.html"].decode().count("counted as") == 1


def test_the_index_shows_a_mark_only_when_every_election_shares_it() -> None:
    sample = sample_election()
    mark = b'<svg xmlns="http://www.w3.org/2000/svg"/>'
    other = sample.model_copy(
        update={
            "id": "other-2026",
            "community": sample.community.model_copy(update={"accent": "#0b4fa8"}),
        }
    )
    alone = build_site(Site(at=NOMINATIONS_OPEN, elections=(SiteElection(sample, (), mark=mark),)))
    assert '<img src="sample-2026/mark.svg" alt="Python Software Foundation"' in alone["index.html"].decode()
    assert alone["sample-2026/mark.svg"] == mark
    both = build_site(
        Site(
            at=NOMINATIONS_OPEN,
            elections=(SiteElection(sample, (), mark=mark), SiteElection(other, (), mark=mark)),
        )
    )
    index = both["index.html"].decode()
    assert "<img" not in index and "theme.css" not in index
    assert both["other-2026/theme.css"] == b":root { --accent: #0b4fa8; }\n"
    assert '<img src="../other-2026/mark.svg"' in both["other-2026/index.html"].decode()
