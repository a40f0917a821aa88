"""The election's public site as files: an index, a page per election, per candidate, the results, the
calendar and three static assets. Pure and deterministic: the same facts and instant give the same bytes.

Every page is plain HTML and CSS that reads completely without JavaScript; `assets/site.js` only adds the
reader's local times and a countdown. Every page carries a strict Content-Security-Policy (scripts, styles
and images from the site itself only; nothing else, not even a connection), one `h1`, landmarks (`header`,
`nav`, `main`, `footer`) and a skip link. All links inside the site are relative, so it works from any
path (a GitHub Pages project site lives under `/<repository>/`). Every string from a configuration or a
nomination is escaped; names are wrapped in `<bdi>` so that right-to-left or bidi-control characters in
one name cannot reorder the text around it; statements go through `bot.site.statement`. The page
frame and the escaping helpers are `bot.site.html`; the results page is `bot.site.results_page`.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from zoneinfo import ZoneInfo

from bot.config.calendar import to_ics
from bot.config.entities import entity_key
from bot.config.models import Affiliation, Election, Phase, PhaseKind
from bot.config.timeline import PhaseState, format_utc, state_at
from bot.github.values import login_key
from bot.nominations.shared_entities import EntityIndex
from bot.results.outcome import ResultsStatus
from bot.site.html import candidate_href, e, external, mailto, name, page, when
from bot.site.mark import index_look, look, mark_file, theme_css
from bot.site.model import Site, SiteCandidate, SiteElection
from bot.site.results_page import results_page
from bot.site.statement import render_description, render_statement
from bot.text import wording

ASSETS = ("site.css", "site.js", "favicon.svg")
STATE_TEXT = {PhaseState.pending: "Upcoming", PhaseState.open: "Open now", PhaseState.closed: "Closed"}


# --------------------------------------------------------------------------------------------------
# Shared pieces
# --------------------------------------------------------------------------------------------------


def _open_phases(election: Election, at: datetime) -> list[Phase]:
    return [p for p in election.phases if state_at(p, at) is PhaseState.open]


def status_line(election: Election, at: datetime, zone: ZoneInfo | None) -> str:
    """One sentence: where the election stands at `at` (HTML), its times in `zone`, said after the badge
    (`glance`), so never repeating it. Phase titles are names here, never the subject of a verb
    ("Nominations is open")."""
    current = _open_phases(election, at)
    if current:
        parts = [f"{e(p.title)} until {when(p.end, zone)}" for p in current]
        return "; ".join(parts) + "."  # after the badge that says "Open now"
    upcoming = [p for p in election.phases if state_at(p, at) is PhaseState.pending]
    if upcoming:
        soonest = min(upcoming, key=lambda p: p.start)
        if all(state_at(p, at) is PhaseState.pending for p in election.phases):
            return f"The first phase, {e(soonest.title)}, opens {when(soonest.start, zone)}."
        return f"The next phase, {e(soonest.title)}, opens {when(soonest.start, zone)}."
    return "This election is over."


@dataclass(frozen=True, slots=True)
class Glance:
    """Where an election stands, at a glance: one of four states in words, and the one thing a reader
    can do now (a link relative to the election's folder), if any."""

    state: str  # "upcoming" | "open" | "closed" | "results": the badge's class
    label: str  # the badge's words
    action: str | None = None
    href: str | None = None


# When several phases are open at once, the call to action is the first of these that is open.
ACTIONS = {
    PhaseKind.voting: ("How to vote", "#take-part"),
    PhaseKind.nominations: ("Nominate a candidate", "#take-part"),
    PhaseKind.affirmation: ("Affirm that you will vote", "#take-part"),
    PhaseKind.candidates: ("Meet the candidates", "#candidates"),
}


def glance(entry: SiteElection, at: datetime) -> Glance:
    election = entry.election
    states = [state_at(p, at) for p in election.phases]
    if entry.results is not None and all(s is PhaseState.closed for s in states):
        label = {
            ResultsStatus.FINAL: "Results",
            ResultsStatus.TIES_UNRESOLVED: "Results, not final",
            ResultsStatus.QUORUM_NOT_MET: "Results: quorum missed",
        }[entry.results.status]
        return Glance("results", label, "Read the results", "results.html")
    current = _open_phases(election, at)
    if current:
        kinds = {p.kind for p in current}
        for kind, (action, href) in ACTIONS.items():
            if kind in kinds:
                return Glance("open", "Open now", action, href)
        return Glance("open", "Open now")
    calendar = ("Add the dates to your calendar", f"{election.id}.ics")
    if all(s is PhaseState.pending for s in states):
        return Glance("upcoming", "Upcoming", *calendar)
    if any(s is PhaseState.pending for s in states):
        return Glance("closed", "Between phases", *calendar)
    return Glance("closed", "Closed, results to come")  # nothing to do but wait: no call to action


def badge(view: Glance) -> str:
    return f'<span class="badge badge-{view.state}">{e(view.label)}</span>'


def counted_as(affiliation: Affiliation, index: EntityIndex | None) -> str:
    """ ", counted as Example Corporation" where the conflict-of-interest rule counts an affiliation
    under another name (the election's alias map), as the issues and the results say; else ""."""
    if index is None or affiliation.relationship not in index.counted:
        return ""
    entity = index.resolver.entity(affiliation)
    return f", counted as {entity.name}" if entity.key != entity_key(affiliation.organization) else ""


def affiliation_items(affiliations: Sequence[Affiliation], index: EntityIndex | None = None) -> str:
    items = []
    for a in affiliations:
        detail = a.relationship.value + (f", {a.role}" if a.role else "") + counted_as(a, index)
        items.append(f'<li>{name(a.organization)} <span class="muted">({e(detail)})</span></li>')
    return (
        '<ul class="affiliations">' + "".join(items) + "</ul>" if items else "<p>No affiliations listed.</p>"
    )


def _seats(election: Election, at: datetime) -> str:
    """ "3 seats to fill." while the election runs; "3 seats." once it is over (nothing is left to fill)."""
    over = all(state_at(p, at) is PhaseState.closed for p in election.phases)
    return f"{wording.count(election.seats, 'seat')}{'' if over else ' to fill'}."


def _profile(login: str) -> str:
    return f"https://github.com/{urllib.parse.quote(login)}"


# --------------------------------------------------------------------------------------------------
# The index of elections
# --------------------------------------------------------------------------------------------------


def index_zone(site: Site) -> tuple[ZoneInfo | None, str]:
    """The zone the index shows every time in, and its statement: the elections' own when they share one,
    else UTC (the index never mixes zones under one statement)."""
    zones = {entry.election.timezone for entry in site.elections}
    if len(zones) == 1 and site.elections:
        election = site.elections[0].election
        return election.zone, election.time_note
    return None, "All times are UTC."


def index_page(site: Site) -> str:
    zone, note = index_zone(site)
    items = []
    for entry in sorted(
        site.elections, key=lambda s: (s.election.phases[0].start, s.election.id), reverse=True
    ):
        election = entry.election
        view = glance(entry, site.at)
        action = ""
        if view.action and view.href:
            # the election's title completes the link's name, so that two elections' links differ
            target = f"{election.id}/{'index.html' if view.href.startswith('#') else ''}{view.href}"
            action = (
                f'<br><a class="cta" href="{e(target)}">{e(view.action)}'
                f'<span class="visually-hidden">: {name(election.title)}</span></a>'
            )
        items.append(
            "<li>"
            f'<a class="candidate-name" href="{e(election.id)}/index.html">{name(election.title)}</a> '
            f"{badge(view)}<br>"
            f"{status_line(election, site.at, zone)}{action}"
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
    return page(
        title=site.title,
        depth=0,
        crumbs=[(e(site.title), None)],
        body=body,
        at=site.at,
        zone=zone,
        time_note=note,
        look=index_look(site),
    )


# --------------------------------------------------------------------------------------------------
# The election page
# --------------------------------------------------------------------------------------------------


def _timeline(entry: SiteElection, at: datetime) -> str:
    election = entry.election
    zone = election.zone
    items: list[str] = []
    folded: list[str] = []  # closed phases: folded, so that the open ones come first on a phone
    for phase in election.phases:
        state = state_at(phase, at)
        current = ' aria-current="step"' if state is PhaseState.open else ""
        issue = entry.issues.get(phase.id)
        link = f'<br><a href="{e(issue)}">Announcement issue: {e(phase.title)}</a>' if issue else ""
        countdown = ""
        if state is PhaseState.open:
            countdown = f'<p class="countdown" data-until="{format_utc(phase.end)}" data-label="Closes"></p>'
        elif state is PhaseState.pending:
            countdown = f'<p class="countdown" data-until="{format_utc(phase.start)}" data-label="Opens"></p>'
        (folded if state is PhaseState.closed else items).append(
            f'<li class="{state.value}"{current}>'
            f'<span class="state">{STATE_TEXT[state]}</span> '
            f'<span class="phase-title">{e(phase.title)}</span>'
            f'<span class="when">Opens {when(phase.start, zone)}</span>'
            f'<span class="when">Closes {when(phase.end, zone)}</span>'
            f"{countdown}{link}"
            "</li>"
        )
    closed = (
        [
            '<details class="closed-phases">',
            f"<summary>Closed phases ({len(folded)})</summary>",
            '<ol class="timeline">',
            *folded,
            "</ol>",
            "</details>",
        ]
        if folded
        else []
    )
    return "\n".join(
        [
            '<section aria-labelledby="timeline">',
            '<h2 id="timeline">Timeline</h2>',
            "<p>A phase closes at the minute shown: from then on it is over.</p>",
            *closed,
            *(['<ol class="timeline">', *items, "</ol>"] if items else []),
            "</section>",
        ]
    )


def _take_part(site: Site, entry: SiteElection) -> str:
    election, at = entry.election, site.at
    zone = election.zone
    current = _open_phases(election, at)
    out = ['<section aria-labelledby="take-part">', '<h2 id="take-part">How to take part now</h2>']
    if not current:
        upcoming = [p for p in election.phases if state_at(p, at) is PhaseState.pending]
        if upcoming:
            soonest = min(upcoming, key=lambda p: p.start)
            out.append(
                f"<p>Nothing is open right now. The next phase, {e(soonest.title)}, opens "
                f"{when(soonest.start, zone)}.</p>"
            )
        elif entry.results is not None:
            out.append("<p>Nothing is left to do: the election is over and its results are above.</p>")
        else:
            out.append("<p>The election is over; the results are published here once they are counted.</p>")
    for phase in current:
        out.append(f"<h3>{e(phase.title)}</h3>")
        out.append(f"<p>Open until {when(phase.end, zone)}.</p>")
        if phase.description.strip():
            out.append(f'<div class="description">{render_description(phase.description)}</div>')
        out.append(_phase_help(election, phase, site))
    out.append("</section>")
    return "\n".join(out)


def _phase_help(election: Election, phase: Phase, site: Site) -> str:
    repo, zone = site.repo, election.zone
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
            f"<p>A pull request opened at or after {when(phase.end, zone)} is late.</p>"
        )
    if phase.kind is PhaseKind.affirmation:
        if phase.description.strip():
            return ""  # the description says how; "Open until …" above says by when
        return f"<p>{wording.affirmation_undescribed(when(phase.end, zone), mailto(election.contact))}</p>"
    if phase.kind is PhaseKind.candidates:
        return '<p>Read <a href="#candidates">the candidates\' statements and affiliations</a>.</p>'
    if phase.kind is PhaseKind.voting:
        return (
            f"<p>{e(wording.electorate(election))} receive a ballot by e-mail from the election "
            "administrators when voting opens; if yours has not arrived, check your spam folder, then write "
            f"to them (the address is above). Cast it before {when(phase.end, zone)}. Only the candidates "
            "listed below are on the ballot; the results are published here once the votes are counted.</p>"
        )
    return ""


def entity_index(election: Election, candidates: Sequence[SiteCandidate]) -> EntityIndex:
    """Who is tied to which entity, with the election's alias map: the notice's and "counted as"'s."""
    return EntityIndex.build(((c.login, c.affiliations) for c in candidates), election.conflict_of_interest)


def _shared_notice(election: Election, candidates: Sequence[SiteCandidate], index: EntityIndex) -> str:
    coi = election.conflict_of_interest
    crowded = index.crowded()
    if not crowded:
        return ""
    names = {login_key(c.login): c.name for c in candidates}
    sitting = {login_key(m.login): m.name for m in coi.sitting_members}
    items = []
    for shared in crowded:
        people = []
        for tie in shared.ties:
            who = names.get(login_key(tie.login)) or sitting.get(login_key(tie.login)) or tie.login
            people.append(name(who) + (" (sitting member)" if tie.sitting else ""))
        items.append(f"<li>{name(shared.name)}: {', '.join(people)}</li>")
    return "\n".join(
        [
            '<div class="note" role="note" aria-labelledby="shared">',
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
        index = entity_index(entry.election, ordered)
        out.append('<ul class="candidates">')
        for c in ordered:
            out.append(
                "<li>"
                f'<a class="candidate-name" href="{e(candidate_href(c.login))}">{name(c.name)}</a> '
                f'<span class="login">(@{e(c.login)})</span>'
                f"{affiliation_items(c.affiliations, index)}"
                "</li>"
            )
        out.append("</ul>")
        # after the list it explains, in the page's quiet style: a fact for voters, not an alarm
        out.append(_shared_notice(entry.election, ordered, index))
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
    if report.status == ResultsStatus.QUORUM_NOT_MET:
        out.append("<p>The quorum was not met: no one is elected by this vote.</p>")
    else:
        if report.status == ResultsStatus.TIES_UNRESOLVED:
            out.append("<p><strong>Not final:</strong> a tie that decides a place is not resolved yet.</p>")
        out.append("<ul>")
        for cohort_id, term, members, undecided, _ in report.cohort_places():
            people = ", ".join(name(report.name_of(m)) for m in members) or "no one yet"
            more = f"; {wording.count(undecided, 'place')} undecided" if undecided else ""
            if wording.one_cohort(report.election):
                out.append(f"<li>Elected for {wording.term(term)}: {people}{more}</li>")
            else:
                out.append(f"<li>Cohort {e(cohort_id)} ({term}-year term): {people}{more}</li>")
        vacant = report.result.seating.vacant
        if vacant:
            out.append(f"<li>Vacant: {wording.count(vacant, 'seat')} (there were not enough candidates)</li>")
        out.append("</ul>")
    out.append(
        "<p>The full results page has the vote totals, the conflict-of-interest rule and the ties.</p>"
    )
    out.append("</section>")
    return "\n".join(out)


def _call_to_action(view: Glance) -> str:
    """The page's one call to action: the thing to do now, where there is one."""
    if not (view.action and view.href):
        return ""
    return f'<p><a class="cta" href="{e(view.href)}">{e(view.action)}</a></p>'


def election_page(site: Site, entry: SiteElection) -> str:
    election = entry.election
    view = glance(entry, site.at)
    body = "\n".join(
        part
        for part in [
            f"<h1>{name(election.title)}</h1>",
            f'<p class="lead">{badge(view)} {status_line(election, site.at, election.zone)}</p>',
            _call_to_action(view),
            f"<p>{_seats(election, site.at)} Questions: {mailto(election.contact)}.</p>",
            _results_summary(entry),
            _take_part(site, entry),
            _timeline(entry, site.at),
            _candidate_list(entry),
            _links(site, entry),
        ]
        if part
    )
    crumbs = [(e(site.title), "../index.html"), (name(election.title), None)]
    return page(
        title=election.title,
        depth=1,
        crumbs=crumbs,
        body=body,
        at=site.at,
        zone=election.zone,
        time_note=election.time_note,
        look=look(entry),
    )


# --------------------------------------------------------------------------------------------------
# A candidate's page
# --------------------------------------------------------------------------------------------------


def candidate_page(
    site: Site, entry: SiteElection, candidate: SiteCandidate, index: EntityIndex | None = None
) -> str:
    """`index`: the election's entity index, built once for all its candidates' pages (else here)."""
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
    index = index or entity_index(election, entry.candidates)
    facts += ["<dt>Affiliations</dt>", f"<dd>{affiliation_items(candidate.affiliations, index)}</dd>"]
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
    return page(
        title=f"{candidate.name} — {election.title}",
        depth=2,
        crumbs=crumbs,
        body=body,
        at=site.at,
        zone=election.zone,
        time_note=election.time_note,
        look=look(entry),
    )


# --------------------------------------------------------------------------------------------------
# The whole site
# --------------------------------------------------------------------------------------------------


def asset(file: str) -> bytes:
    return resources.files("bot.site").joinpath("assets", file).read_bytes()


def build_site(site: Site) -> dict[str, bytes]:
    """Every file of the site: relative POSIX path -> bytes."""
    files: dict[str, bytes] = {f"assets/{a}": asset(a) for a in ASSETS}
    files["index.html"] = index_page(site).encode()
    for entry in site.elections:
        election = entry.election
        folder = election.id
        files[f"{folder}/index.html"] = election_page(site, entry).encode()
        community = election.community
        if community.mark and entry.mark is not None:
            files[f"{folder}/{mark_file(community.mark)}"] = entry.mark
        if community.accent:
            files[f"{folder}/theme.css"] = theme_css(community.accent)
        files[f"{folder}/{folder}.ics"] = to_ics(election, site.at)
        index = entity_index(election, entry.candidates)
        for candidate in entry.candidates:
            files[f"{folder}/{candidate_href(candidate.login)}"] = candidate_page(
                site, entry, candidate, index
            ).encode()
        if entry.results is not None:
            files[f"{folder}/results.html"] = results_page(site, entry).encode()
    return files
