"""The election's public site as files: an index, a page per election, per candidate, the results, the
calendar and three static assets. Pure and deterministic: the same facts and instant give the same bytes.

Every page is plain HTML and CSS that reads completely without JavaScript; `assets/site.js` only adds the
reader's local times and a countdown. Every page carries a strict Content-Security-Policy (scripts, styles
and images from the site itself only; nothing else, not even a connection), one `h1`, landmarks (`header`,
`nav`, `main`, `footer`) and a skip link. All links inside the site are relative, so it works from any
path (a GitHub Pages project site lives under `/<repository>/`). Every string from a configuration or a
nomination is escaped; names are wrapped in `<bdi>` so that right-to-left or bidi-control characters in
one name cannot reorder the text around it; statements go through `bot.core.site.statement`.
"""

from __future__ import annotations

import html
import urllib.parse
from collections.abc import Callable, Sequence
from datetime import datetime
from importlib import resources
from typing import TYPE_CHECKING

from bot.core import wording
from bot.core.calendar import to_ics
from bot.core.conflicts import EntityIndex
from bot.core.models import Affiliation, Election, Phase, PhaseKind
from bot.core.results import Status
from bot.core.site.chart import Bar, bar_chart
from bot.core.site.model import Site, SiteCandidate, SiteElection
from bot.core.site.statement import LINK_REL, render_statement
from bot.core.timeline import PhaseState, format_utc, human_utc, state_at

if TYPE_CHECKING:
    from bot.core.results import ResultsReport

PersonFn = Callable[[str], str]  # a login -> that person's name as HTML (a link where there is a page)

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "base-uri 'none'; form-action 'none'"
)
ASSETS = ("site.css", "site.js", "favicon.svg")
STATE_TEXT = {PhaseState.pending: "Upcoming", PhaseState.open: "Open now", PhaseState.closed: "Closed"}


def e(text: object) -> str:
    return html.escape(str(text), quote=True)


def name(text: str) -> str:
    """A person's or organisation's name: escaped and isolated from the surrounding text's direction."""
    return f"<bdi>{e(text)}</bdi>"


def external(url: str, text: str) -> str:
    return f'<a href="{e(url)}" rel="{LINK_REL}">{text}</a>'


def when(at: datetime) -> str:
    """An instant in UTC, marked up for the enhancement script."""
    return f'<time datetime="{format_utc(at)}" data-local>{e(human_utc(at))}</time>'


def paragraphs(text: str) -> str:
    blocks = [b.strip() for b in text.replace("\r", "").split("\n\n") if b.strip()]
    return "\n".join(f"<p>{e(' '.join(b.split()))}</p>" for b in blocks)


def page(*, title: str, depth: int, crumbs: Sequence[tuple[str, str | None]], body: str, at: datetime) -> str:
    """A whole page. `depth` is how many folders below the site's root it lives; `crumbs` are (text, link)
    pairs from the root to this page (the last has no link)."""
    up = "../" * depth
    trail = []
    for index, (text, link) in enumerate(crumbs):
        last = index == len(crumbs) - 1
        if last or link is None:
            trail.append(f'<li><span aria-current="page">{text}</span></li>' if last else f"<li>{text}</li>")
        else:
            trail.append(f'<li><a href="{e(link)}">{text}</a></li>')
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
            '<meta name="referrer" content="no-referrer">',
            f"<title>{e(title)}</title>",
            f'<link rel="stylesheet" href="{up}assets/site.css">',
            f'<link rel="icon" href="{up}assets/favicon.svg" type="image/svg+xml">',
            f'<script src="{up}assets/site.js" defer></script>',
            "</head>",
            "<body>",
            '<a class="skip" href="#main">Skip to the content</a>',
            "<header>",
            '<nav aria-label="You are here">',
            "<ol>",
            *trail,
            "</ol>",
            "</nav>",
            "</header>",
            '<main id="main">',
            body,
            "</main>",
            "<footer>",
            f"<p>Built by election-bot from the election repository; it shows the election as of "
            f'<time datetime="{format_utc(at)}">{e(human_utc(at))}</time>. All times are UTC.</p>',
            "</footer>",
            "</body>",
            "</html>",
            "",
        ]
    )


# --------------------------------------------------------------------------------------------------
# Shared pieces
# --------------------------------------------------------------------------------------------------


def _open_phases(election: Election, at: datetime) -> list[Phase]:
    return [p for p in election.phases if state_at(p, at) is PhaseState.open]


def status_line(election: Election, at: datetime) -> str:
    """One sentence: where the election stands at `at` (HTML)."""
    current = _open_phases(election, at)
    if current:
        parts = [f"{e(p.title)} is open until {when(p.end)}" for p in current]
        return "Now: " + "; ".join(parts) + "."
    upcoming = [p for p in election.phases if state_at(p, at) is PhaseState.pending]
    if upcoming:
        soonest = min(upcoming, key=lambda p: p.start)
        if all(state_at(p, at) is PhaseState.pending for p in election.phases):
            return f"Not started yet: {e(soonest.title)} opens {when(soonest.start)}."
        return f"Between phases: {e(soonest.title)} opens {when(soonest.start)}."
    return "This election is over."


def affiliation_items(affiliations: Sequence[Affiliation]) -> str:
    items = []
    for a in affiliations:
        detail = a.relationship.value + (f", {a.role}" if a.role else "")
        items.append(f'<li>{name(a.organization)} <span class="muted">({e(detail)})</span></li>')
    return (
        '<ul class="affiliations">' + "".join(items) + "</ul>" if items else "<p>No affiliations listed.</p>"
    )


def _profile(login: str) -> str:
    return f"https://github.com/{urllib.parse.quote(login)}"


def _candidate_href(candidate_login: str) -> str:
    return f"candidates/{urllib.parse.quote(candidate_login)}.html"


# --------------------------------------------------------------------------------------------------
# The index of elections
# --------------------------------------------------------------------------------------------------


def index_page(site: Site) -> str:
    items = []
    for entry in sorted(
        site.elections, key=lambda s: (s.election.phases[0].start, s.election.id), reverse=True
    ):
        election = entry.election
        items.append(
            "<li>"
            f'<a class="candidate-name" href="{e(election.id)}/index.html">{name(election.title)}</a> '
            f'<span class="login">({e(election.id)})</span><br>'
            f"{status_line(election, site.at)}"
            "</li>"
        )
    listing = '<ul class="candidates">' + "\n".join(items) + "</ul>" if items else "<p>No elections yet.</p>"
    body = "\n".join(
        [
            f"<h1>{e(site.title)}</h1>",
            '<p class="lead">Each election has its own page: the timeline, how to take part, every '
            "candidate's statement and, once voting has closed, the results.</p>",
            '<section aria-labelledby="elections">',
            '<h2 id="elections">Elections</h2>',
            listing,
            "</section>",
        ]
    )
    return page(title=site.title, depth=0, crumbs=[(e(site.title), None)], body=body, at=site.at)


# --------------------------------------------------------------------------------------------------
# The election page
# --------------------------------------------------------------------------------------------------


def _timeline(entry: SiteElection, at: datetime) -> str:
    election = entry.election
    items = []
    for phase in election.phases:
        state = state_at(phase, at)
        current = ' aria-current="step"' if state is PhaseState.open else ""
        issue = entry.issues.get(phase.id)
        link = f'<br><a href="{e(issue)}">The announcement issue of this phase</a>' if issue else ""
        countdown = ""
        if state is PhaseState.open:
            countdown = (
                f'<p class="countdown" data-until="{format_utc(phase.end)}" '
                f'data-label="{e(phase.title)} closes" data-after="{e(phase.title)} closed"></p>'
            )
        elif state is PhaseState.pending:
            countdown = (
                f'<p class="countdown" data-until="{format_utc(phase.start)}" '
                f'data-label="{e(phase.title)} opens" data-after="{e(phase.title)} opened"></p>'
            )
        items.append(
            f'<li class="{state.value}"{current}>'
            f'<span class="state">{STATE_TEXT[state]}</span> '
            f'<span class="phase-title">{e(phase.title)}</span>'
            f'<span class="when">Opens {when(phase.start)}</span>'
            f'<span class="when">Closes {when(phase.end)} (the end is exclusive: at that minute it is '
            "over)</span>"
            f"{countdown}{link}"
            "</li>"
        )
    return "\n".join(
        [
            '<section aria-labelledby="timeline">',
            '<h2 id="timeline">Timeline</h2>',
            f"<p>{e(election.time_note)}</p>",
            '<p id="zone-note" class="muted" hidden></p>',
            '<ol class="timeline">',
            *items,
            "</ol>",
            "</section>",
        ]
    )


def _take_part(site: Site, entry: SiteElection) -> str:
    election, at = entry.election, site.at
    current = _open_phases(election, at)
    out = ['<section aria-labelledby="take-part">', '<h2 id="take-part">How to take part now</h2>']
    if not current:
        upcoming = [p for p in election.phases if state_at(p, at) is PhaseState.pending]
        if upcoming:
            soonest = min(upcoming, key=lambda p: p.start)
            out.append(
                f"<p>Nothing is open right now. Next: {e(soonest.title)} opens {when(soonest.start)}.</p>"
            )
        elif entry.results is not None:
            out.append('<p>The election is over. <a href="results.html">Read the results</a>.</p>')
        else:
            out.append("<p>The election is over; the results are published here once they are counted.</p>")
    for phase in current:
        out.append(f"<h3>{e(phase.title)} (until {when(phase.end)})</h3>")
        if phase.description.strip():
            out.append(paragraphs(phase.description))
        out.append(_phase_help(election, phase, site))
    out.append(f"<p>Questions: write to the election administrators at {e(election.contact)}.</p>")
    out.append("</section>")
    return "\n".join(out)


def _phase_help(election: Election, phase: Phase, site: Site) -> str:
    repo = site.repo
    if phase.kind is PhaseKind.nominations:
        path = f"nominations/{election.id}/&lt;github-login&gt;.md"
        guide = (
            external(repo.blob("nominations/README.md"), "the nominee's guide")
            if repo
            else "the nominee's guide (nominations/README.md in the repository)"
        )
        template = external(repo.blob("nominations/TEMPLATE.md"), "the template") if repo else "the template"
        return (
            "<ol>"
            f"<li>Read {guide}.</li>"
            f"<li>Copy {template} to <code>{path}</code>, named after the nominee's GitHub login.</li>"
            f"<li>Fill in the name, {e(election.community.membership.name)} and <strong>affiliations</strong>, "
            "and write the statement.</li>"
            "<li>Open a pull request that adds only that file. The bot checks it within a minute; the election "
            "administrators review and merge it.</li>"
            "</ol>"
            f"<p>A pull request opened at or after {when(phase.end)} is late.</p>"
        )
    if phase.kind is PhaseKind.affirmation:
        return f"<p>Affirm your intention to vote before {when(phase.end)} to receive a ballot.</p>"
    if phase.kind is PhaseKind.candidates:
        return '<p>Read <a href="#candidates">the candidates\' statements and affiliations</a>.</p>'
    if phase.kind is PhaseKind.voting:
        return (
            f"<p>{e(wording.electorate(election))} receive a ballot from the election "
            f"administrators. Cast it before {when(phase.end)}. Only the candidates listed below are on the "
            "ballot.</p>"
        )
    return ""


def _shared_notice(election: Election, candidates: Sequence[SiteCandidate]) -> str:
    coi = election.conflict_of_interest
    crowded = EntityIndex.build(((c.login, c.affiliations) for c in candidates), coi).crowded()
    if not crowded:
        return ""
    names = {c.login.casefold(): c.name for c in candidates}
    sitting = {m.login.casefold(): m.name for m in coi.sitting_members}
    items = []
    for shared in crowded:
        people = []
        for tie in shared.ties:
            who = names.get(tie.login.casefold()) or sitting.get(tie.login.casefold()) or tie.login
            people.append(name(who) + (" (sitting member)" if tie.sitting else ""))
        items.append(f"<li>{name(shared.name)}: {', '.join(people)}</li>")
    return "\n".join(
        [
            '<div class="notice" role="note" aria-labelledby="shared">',
            '<h3 id="shared">Shared affiliations</h3>',
            f"<p>{wording.cap_sentence(election, coi.limit, e)}. More candidates than that are tied to:</p>",
            "<ul>",
            *items,
            "</ul>",
            "<p>Vote as you see fit: the rule is applied when the votes are counted.</p>",
            "</div>",
        ]
    )


def _candidate_list(entry: SiteElection) -> str:
    ordered = sorted(entry.candidates, key=lambda c: c.sort_key)
    out = [
        '<section aria-labelledby="candidates">',
        f'<h2 id="candidates">Candidates ({len(ordered)})</h2>',
    ]
    if not ordered:
        out.append("<p>No nominations have been accepted yet.</p>")
    else:
        out.append(_shared_notice(entry.election, ordered))
        out.append('<ul class="candidates">')
        for c in ordered:
            out.append(
                "<li>"
                f'<a class="candidate-name" href="{e(_candidate_href(c.login))}">{name(c.name)}</a> '
                f'<span class="login">(@{e(c.login)})</span>'
                f"{affiliation_items(c.affiliations)}"
                "</li>"
            )
        out.append("</ul>")
    out.append("</section>")
    return "\n".join(out)


def _links(site: Site, entry: SiteElection) -> str:
    election = entry.election
    items = [
        f'<li><a href="{e(election.id)}.ics" type="text/calendar">The timeline as a calendar file '
        "(.ics)</a>: import it, or subscribe to its address, to get every phase and deadline in your own "
        "calendar.</li>"
    ]
    repo = site.repo
    if repo is not None:
        base = f"{repo.server}/{repo.repo}"
        label = urllib.parse.quote("label:election-bot")
        items.append(
            "<li>"
            + external(f"{base}/issues?q={label}", "The announcement issues")
            + " (one per phase, opened by the bot)</li>"
        )
        nominations = urllib.parse.quote("is:pr label:nomination")
        items.append(
            "<li>" + external(f"{base}/pulls?q={nominations}", "The nomination pull requests") + "</li>"
        )
        items.append(
            "<li>"
            + external(repo.tree(f"nominations/{election.id}"), "The election's folder in the repository")
            + " (its configuration and every merged nomination)</li>"
        )
    return "\n".join(
        [
            '<section aria-labelledby="links">',
            '<h2 id="links">Calendar and links</h2>',
            "<ul>",
            *items,
            "</ul>",
            "</section>",
        ]
    )


def _results_summary(entry: SiteElection) -> str:
    report = entry.results
    if report is None:
        return ""

    out = ['<section aria-labelledby="results">', '<h2 id="results">Results</h2>']
    if report.status == Status.QUORUM_NOT_MET:
        out.append("<p>The quorum was not met: no one is elected by this vote.</p>")
    else:
        if report.status == Status.TIES_UNRESOLVED:
            out.append("<p><strong>Not final:</strong> a tie that decides a place is not resolved yet.</p>")
        out.append("<ul>")
        for cohort_id, term, members, undecided, _ in report.cohort_places():
            people = ", ".join(name(report.name_of(m)) for m in members) or "no one yet"
            more = f"; {undecided} place(s) undecided" if undecided else ""
            out.append(f"<li>Cohort {e(cohort_id)} ({term}-year term): {people}{more}</li>")
        out.append("</ul>")
    out.append(
        '<p><a href="results.html">The full results: vote totals, the conflict-of-interest rule, ties</a></p>'
    )
    out.append("</section>")
    return "\n".join(out)


def election_page(site: Site, entry: SiteElection) -> str:
    election = entry.election
    body = "\n".join(
        part
        for part in [
            f"<h1>{name(election.title)}</h1>",
            f'<p class="lead">{status_line(election, site.at)}</p>',
            f"<p>{election.seats} seat(s) to fill. Questions: {e(election.contact)}.</p>",
            _results_summary(entry),
            _take_part(site, entry),
            _timeline(entry, site.at),
            _candidate_list(entry),
            _links(site, entry),
        ]
        if part
    )
    crumbs = [(e(site.title), "../index.html"), (name(election.title), None)]
    return page(title=election.title, depth=1, crumbs=crumbs, body=body, at=site.at)


# --------------------------------------------------------------------------------------------------
# A candidate's page
# --------------------------------------------------------------------------------------------------


def candidate_page(site: Site, entry: SiteElection, candidate: SiteCandidate) -> str:
    election, repo = entry.election, site.repo
    facts = [
        "<dt>GitHub</dt>",
        f"<dd>{external(_profile(candidate.login), '@' + e(candidate.login))}</dd>",
    ]
    if candidate.nominated_by:
        facts += [
            "<dt>Nominated by</dt>",
            f"<dd>{external(_profile(candidate.nominated_by), '@' + e(candidate.nominated_by))}</dd>",
        ]
    facts += ["<dt>Affiliations</dt>", f"<dd>{affiliation_items(candidate.affiliations)}</dd>"]
    if candidate.links:
        links = "".join(f"<li>{external(url, e(url))}</li>" for url in candidate.links)
        facts += ["<dt>Links</dt>", f"<dd><ul>{links}</ul></dd>"]
    statement = render_statement(candidate.statement) or "<p>(No statement.)</p>"
    source = ""
    if repo is not None:
        path = f"nominations/{election.id}/{urllib.parse.quote(candidate.file)}"
        history = f"{repo.server}/{repo.repo}/commits/{repo.branch}/{path}"
        source = (
            "<p>"
            + external(repo.blob(path), "The nomination file in the repository")
            + " · "
            + external(history, "its history, with the nomination pull request")
            + "</p>"
        )
    body = "\n".join(
        [
            f"<h1>{name(candidate.name)}</h1>",
            f'<p class="lead">Candidate in the {name(election.title)}.</p>',
            '<dl class="facts">',
            *facts,
            "</dl>",
            '<section aria-labelledby="statement">',
            '<h2 id="statement">Statement</h2>',
            '<p class="muted">In the candidate\'s own words, as merged into the repository.</p>',
            f'<div class="statement">{statement}</div>',
            "</section>",
            source,
            '<p><a href="../index.html#candidates">All candidates</a></p>',
        ]
    )
    crumbs = [
        (e(site.title), "../../index.html"),
        (name(election.title), "../index.html"),
        (name(candidate.name), None),
    ]
    return page(title=f"{candidate.name} — {election.title}", depth=2, crumbs=crumbs, body=body, at=site.at)


# --------------------------------------------------------------------------------------------------
# The results page
# --------------------------------------------------------------------------------------------------


def results_page(site: Site, entry: SiteElection) -> str:
    from bot.core.render import results as words

    report = entry.results
    assert report is not None
    result, quorum, election = report.result, report.quorum, report.election
    met = quorum.met
    logins = {c.login.casefold() for c in entry.candidates}

    def person(login: str) -> str:
        shown = name(report.name_of(login))
        if login.casefold() in logins:
            return f'<a href="{e(_candidate_href(login))}">{shown}</a>'
        return shown

    def outcome(login: str) -> str:
        if not met:
            return "—"
        state = report.outcome(login)
        if state == "elected":
            passed = result.seating.passed_over(login)
            again = " (re-qualified)" if passed is not None and passed.requalified else ""
            return f"elected, cohort {result.seating.cohort(login)}{again}"
        return {"passed-over": "passed over", "not-elected": "not elected", "undecided": "undecided (tie)"}[
            state
        ]

    status = {
        Status.FINAL: "Final results.",
        Status.TIES_UNRESOLVED: "Not final: a tie that decides a place is not resolved yet; the places it decides "
        "are marked undecided.",
        Status.QUORUM_NOT_MET: "The quorum was not met: no one is elected by this vote.",
    }[report.status]
    turnout = (
        f"{quorum.ballots_cast} of {quorum.electors} electors cast a ballot ({words._percent(quorum.turnout)}); "
        f"the quorum is {words._percent(quorum.required)} of electors."
    )
    bars = [
        Bar(
            report.name_of(c.login),
            c.votes,
            outcome(c.login) if met else "",
            report.outcome(c.login) == "elected",
        )
        for c in result.ranked
    ]
    chart = bar_chart(
        bars,
        chart_id="totals",
        title="Vote totals before exclusions",
        description="; ".join(f"{b.label}: {b.value} votes{', ' + b.note if b.note else ''}" for b in bars),
    )
    rows = []
    for c in result.ranked:
        entities = ", ".join(
            name(x.written)
            + f" ({e(x.relationship.value)}"
            + (f", counted as {name(x.name)}" if x.written != x.name else "")
            + ")"
            for x in c.entities
        )
        rows.append(
            "<tr>"
            f'<td class="num" data-label="Rank">{result.rank[c.login]}</td>'
            f'<td data-label="Candidate">{person(c.login)}</td>'
            f'<td class="num" data-label="Votes">{c.votes}</td>'
            f'<td data-label="Outcome">{e(outcome(c.login))}</td>'
            f'<td data-label="Counted affiliations">{entities or "—"}</td>'
            "</tr>"
        )
    body = [
        f"<h1>Results: {name(election.title)}</h1>",
        f'<p class="lead status">{e(status)}</p>',
        f"<p>{e(turnout)}</p>",
        '<section aria-labelledby="totals">',
        '<h2 id="totals">Vote totals</h2>',
        "<p>The full vote totals, before any exclusion under the conflict-of-interest rule.</p>",
        '<figure aria-labelledby="totals-caption">',
        chart,
        '<figcaption id="totals-caption">Votes per candidate, most first. Solid bars: elected; hatched bars: '
        "not elected. Each bar is labelled with its number and outcome; the table below has the same "
        "figures.</figcaption>",
        "</figure>",
        '<div class="table-wrap" role="region" aria-labelledby="totals-table" tabindex="0">',
        '<table class="cards">',
        '<caption id="totals-table">Vote totals and outcomes</caption>',
        '<thead><tr><th scope="col" class="num">Rank</th><th scope="col">Candidate</th>'
        '<th scope="col" class="num">Votes</th><th scope="col">Outcome</th>'
        '<th scope="col">Counted affiliations</th></tr></thead>',
        "<tbody>",
        *rows,
        "</tbody>",
        "</table>",
        "</div>",
        "</section>",
    ]
    if met:
        body += _pass_overs(report, person)
        body += _ties(report, person)
        body += _council(report, person)
    body.append(f"<p>Questions: write to the election administrators at {e(election.contact)}.</p>")
    crumbs = [
        (e(site.title), "../index.html"),
        (name(election.title), "index.html"),
        ("Results", None),
    ]
    return page(title=f"Results — {election.title}", depth=1, crumbs=crumbs, body="\n".join(body), at=site.at)


def _pass_overs(report: ResultsReport, person: PersonFn) -> list[str]:
    result = report.result
    out = [
        '<section aria-labelledby="cap">',
        '<h2 id="cap">The conflict-of-interest rule</h2>',
        f"<p>{wording.cap_rule(report.election, result.rules.cap, e)} A candidate is passed over when "
        "seating them would exceed that; the next candidate moves up.</p>"
        if report.election.conflict_of_interest.cap is not None
        else f"<p>{wording.no_cap_rule(report.election, e)}</p>",
    ]
    passes = [p for p in result.seating.pass_overs if p.login not in result.undecided]
    if not passes:
        out.append("<p>No candidate was passed over.</p>")
    else:
        out.append("<ul>")
        for p in passes:
            reasons = []
            for b in p.blockers:
                holders = ", ".join(
                    person(h) + (" (sitting member)" if report.is_sitting(h) else " (elected above)")
                    for h in b.holders
                )
                reasons.append(
                    f"{name(b.entity.name)} already has {len(b.holders)} council members: {holders}"
                )
            again = (
                " Re-qualified in vote order, because a full council could not be formed otherwise."
                if p.requalified
                else ""
            )
            votes = report.candidate(p.login).votes
            out.append(
                f"<li>{person(p.login)}, {votes} votes, was passed over: {'; '.join(reasons)}.{again}</li>"
            )
        out.append("</ul>")
    out.append("</section>")
    return out


def _ties(report: ResultsReport, person: PersonFn) -> list[str]:
    from bot.core.render import results as words

    result = report.result
    out = ['<section aria-labelledby="ties">', '<h2 id="ties">Ties</h2>']
    if not result.ties:
        out += ["<p>No ties.</p>", "</section>"]
        return out
    out.append("<ul>")
    for tie in result.ties:
        who = ", ".join(person(m) for m in tie.members)
        text = f"{who} tied with {tie.votes} votes. "
        resolution = report.resolution(tie)
        if not tie.deciding:
            text += f"The tie decides nothing: {e(words._nothing_text(report, tie))}."
        else:
            text += f"The tie decides {words._decides_text(report, tie, e)}."
            if resolution is None:
                text += (
                    " <strong>Not resolved yet:</strong> the candidates may agree on an order, or else the admins "
                    "draw the order at random."
                )
        if resolution is not None:
            order = ", then ".join(person(m) for m in resolution.order)
            if resolution.method == "agreement":
                text += f" Resolved by mutual agreement of the tied candidates: {order}."
            else:
                text += f" Resolved by a public random draw (RFC 3797 method): {order}."
            if resolution.note:
                text += f" Note: {e(resolution.note)}"
        extra = ""
        if resolution is not None and resolution.draw is not None:
            draw = resolution.draw
            values = ", ".join(f"<code>{e(v)}</code>" for v in draw.values)
            extra = (
                f"<p>The draw was seeded by the published value(s) {values}; its canonical input, hashed with "
                f"SHA-256, gives the seed <code>{e(draw.seed)}</code>. Anyone can re-run it:</p>"
                f"<pre><code>{e(words._draw_command(report.election.id, draw))}\n"
                f"{e(draw.printf_command())}</code></pre>"
            )
        out.append(f"<li><p>{text}</p>{extra}</li>")
    out += ["</ul>", "</section>"]
    return out


def _council(report: ResultsReport, person: PersonFn) -> list[str]:
    result = report.result
    out = ['<section aria-labelledby="council">', '<h2 id="council">The council</h2>', "<ul>"]
    for cohort_id, term, members, undecided, contenders in report.cohort_places():
        text = ", ".join(person(m) for m in members) or "no one"
        if undecided:
            among = ", ".join(person(m) for m in contenders)
            text += f"; {undecided} place(s) undecided between {among}"
        out.append(f"<li><strong>Cohort {e(cohort_id)}</strong> ({term}-year term): {text}</li>")
    for member in result.rules.sitting:
        out.append(f"<li>Sitting member, cohort {e(member.cohort)}: {name(member.name)}</li>")
    if result.seating.vacant:
        out.append(f"<li>Vacant seats: {result.seating.vacant} (there were not enough candidates).</li>")
    out += ["</ul>", "</section>"]
    return out


# --------------------------------------------------------------------------------------------------
# The whole site
# --------------------------------------------------------------------------------------------------


def asset(file: str) -> bytes:
    return resources.files("bot.core.site").joinpath("assets", file).read_bytes()


def build_site(site: Site) -> dict[str, bytes]:
    """Every file of the site: relative POSIX path -> bytes."""
    files: dict[str, bytes] = {f"assets/{a}": asset(a) for a in ASSETS}
    files["index.html"] = index_page(site).encode()
    for entry in site.elections:
        election = entry.election
        folder = election.id
        files[f"{folder}/index.html"] = election_page(site, entry).encode()
        files[f"{folder}/{folder}.ics"] = to_ics(election, site.at)
        for candidate in entry.candidates:
            files[f"{folder}/{_candidate_href(candidate.login)}"] = candidate_page(
                site, entry, candidate
            ).encode()
        if entry.results is not None:
            files[f"{folder}/results.html"] = results_page(site, entry).encode()
    return files
