"""The results page of the public site: the council first, then the totals (a chart and a table), then
the pass-overs under the cap, the ties and the draw, in the words of `bot.results.text`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.github.values import login_key
from bot.results import text as words
from bot.results.outcome import ResultsStatus
from bot.site.chart import Bar, bar_chart
from bot.site.html import PersonFn, candidate_href, e, external, mailto, name, page
from bot.site.mark import look
from bot.site.model import Site, SiteElection
from bot.text import wording

if TYPE_CHECKING:
    from bot.results.outcome import ResultsReport

# --------------------------------------------------------------------------------------------------
# The results page
# --------------------------------------------------------------------------------------------------


def results_page(site: Site, entry: SiteElection) -> str:
    report = entry.results
    assert report is not None
    result, quorum, election = report.result, report.quorum, report.election
    met = quorum.met
    logins = {login_key(c.login) for c in entry.candidates}

    def person(login: str) -> str:
        shown = name(report.name_of(login))
        if login_key(login) in logins:
            return f'<a href="{e(candidate_href(login))}">{shown}</a>'
        return shown

    measure = report.counting.measure
    star = report.counting.method == "bloc-star"
    totals = "Points" if star else "Vote totals"

    def outcome(login: str) -> str:
        if not met:
            return "—"
        state = report.outcome(login)
        if state == "elected":
            cohort = report.settled_cohort(login)
            if cohort is None:
                return f"elected, cohort undecided ({' or '.join(o or '' for o in report.options(login))})"
            passed = result.pass_over(login)
            again = " (re-qualified)" if passed is not None and passed.requalified else ""
            if wording.one_cohort(election):
                return f"elected{again}"
            return f"elected, cohort {cohort}{again}"
        return {
            "passed-over": words.PASSED_OVER,
            "not-elected": "not elected",
            "undecided": "undecided (tie)",
        }[state]

    status = {
        ResultsStatus.FINAL: "Final results.",
        ResultsStatus.TIES_UNRESOLVED: "Not final: a tie that decides a seat is not resolved yet; until it is, no one "
        "is named for the seats it decides.",
        ResultsStatus.QUORUM_NOT_MET: "The quorum was not met: no one is elected by this vote.",
    }[report.status]
    turnout = f"{quorum.ballots_cast} of {quorum.electors} electors cast a ballot ({words._percent(quorum.turnout)})"
    if quorum.required is not None:
        verdict = "met" if met else "not met"
        turnout += f"; the quorum of {words._percent(quorum.required)} of electors is {verdict}"
    turnout += "."
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
        title=f"{totals} before exclusions",
        description="; ".join(
            f"{b.label}: {measure.amount(b.value)}{', ' + b.note if b.note else ''}" for b in bars
        ),
    )
    first = "Place" if star else "Rank"
    order = (
        "in the order Bloc STAR seats them (its rounds' runoffs, not the points, decide it)"
        if star
        else "most first"
    )
    rows = []
    for c in result.ranked:
        # the affiliations the rule counted, under the name: four columns fit a phone without scrolling
        entities = "; ".join(
            name(x.written)
            + f" ({e(x.relationship.value)}"
            + (f", counted as {name(x.name)}" if x.written != x.name else "")
            + ")"
            for x in c.entities
        )
        under = f'<br><span class="muted affiliation">{entities}</span>' if entities else ""
        rows.append(
            "<tr>"
            f'<td class="num" data-label="{first}">{result.rank[c.login]}</td>'
            f'<td data-label="Candidate">{person(c.login)}{under}</td>'
            f'<td class="num" data-label="{measure.heading}">{c.votes}</td>'
            f'<td data-label="Outcome">{e(outcome(c.login))}</td>'
            "</tr>"
        )
    # Who is elected first (a phone shows it without scrolling), then the totals, then why: pass-overs,
    # ties and the draw.
    body = [
        f"<h1>Results: {name(election.title)}</h1>",
        f'<p class="lead status">{e(status)}</p>',
        *(_council(report, person) if met else []),
        f"<p>{e(turnout)}</p>",
        '<section aria-labelledby="totals">',
        f'<h2 id="totals">{totals}</h2>',
        f"<p>The full {'points (each ballot scores every candidate)' if star else 'vote totals'}, before any "
        f"exclusion under the conflict-of-interest rule.{e(words._provisional_places(report))}</p>",
        '<figure aria-labelledby="totals-caption">',
        chart,
        f'<figcaption id="totals-caption">{measure.heading} per candidate, {order}. Solid bars: elected; '
        "hatched bars: not elected. Each bar is labelled with its number and outcome; the table below has "
        "the same figures.</figcaption>",
        "</figure>",
        '<div class="table-wrap" role="region" aria-labelledby="totals-table" tabindex="0">',
        '<table class="cards">',
        f'<caption id="totals-table">{totals} and outcomes (under each name, the affiliations the '
        "conflict-of-interest rule counts)</caption>",
        f'<thead><tr><th scope="col" class="num">{first}</th><th scope="col">Candidate</th>'
        f'<th scope="col" class="num">{measure.heading}</th><th scope="col">Outcome</th></tr></thead>',
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
    body += _names(report, person)
    body += _recount(site, entry)
    body.append(f"<p>Questions: write to the election administrators at {mailto(election.contact)}.</p>")
    crumbs = [
        (e(site.title), "../index.html"),
        (name(election.title), "index.html"),
        ("Results", None),
    ]
    return page(
        title=f"Results — {election.title}",
        depth=1,
        crumbs=crumbs,
        body="\n".join(body),
        at=site.at,
        zone=election.zone,
        time_note=election.time_note,
        look=look(entry),
    )


SOURCE_WORDS = {
    "counts.yaml": "the vote totals, as the voting service reported them",
    "counts.yml": "the vote totals, as the voting service reported them",
    "ballots.blt": "the voting service's anonymised ballots (BLT)",
    "ballots.csv": "the voting service's anonymised ballots (CSV)",
    "names.yaml": "the names file: which ballot name is which nomination",
    "service-totals.csv": "the voting service's own totals, checked against the ballots",
    "resolutions.yaml": "the election administrators' resolutions of ties",
    "resolutions.yml": "the election administrators' resolutions of ties",
}


def _recount(site: Site, entry: SiteElection) -> list[str]:
    """Recount it yourself: the files these results were counted from, as published in the repository
    (linked), and the commands that count them again (issue 29, point 16)."""
    report, repo = entry.results, site.repo
    if report is None or not entry.sources:
        return []
    items = []
    for path in entry.sources:
        shown = f"<code>{e(path)}</code>"
        label = external(repo.blob(path), shown) if repo is not None else shown
        words = SOURCE_WORDS.get(path.rsplit("/", 1)[-1], "")
        sha = ""
        if report.counting.file and path.endswith("/" + report.counting.file) and report.counting.sha256:
            sha = f" (SHA-256 <code>{e(report.counting.sha256)}</code>)"
        items.append(f"<li>{label}{sha}{': ' + e(words) if words else ''}</li>")
    lines = []
    if repo is not None:
        lines += [f"git clone {repo.server}/{repo.repo}.git", f"cd {repo.repo.split('/', 1)[1]}"]
    ballots = report.counting.file
    if ballots is not None:
        lines += [f"sha256sum {path}" for path in entry.sources if path.endswith("/" + ballots)]
    lines.append(f"election-bot results --election {report.election.id} --committed")
    where = "" if repo is not None else ", in a clone of the election's repository"
    return [
        '<section aria-labelledby="recount">',
        '<h2 id="recount">Recount it yourself</h2>',
        "<p>The results on this page were counted from these files, as published in the election's "
        "repository:</p>",
        "<ul>",
        *items,
        "</ul>",
        f"<p>To count them again, run these commands with election-bot installed{where}; they print "
        "the results on this page:</p>",
        f"<pre><code>{e(chr(10).join(lines))}</code></pre>",
        "</section>",
    ]


def _names(report: ResultsReport, person: PersonFn) -> list[str]:
    """Every ballot name the admins' names file matched to a nomination: a mapping is never silent."""
    counting = report.counting
    if not counting.name_mappings:
        return []
    items = [
        f"<li>“{name(m.ballot_name)}” on the ballot file is {person(m.login)}</li>"
        for m in counting.name_mappings
    ]
    return [
        '<section aria-labelledby="names">',
        '<h2 id="names">Names on the ballot</h2>',
        "<p>The voting service lists some candidates under other names; the admins' names file "
        f"<code>{e(counting.names_file or '')}</code> matched them to the nominations:</p>",
        "<ul>",
        *items,
        "</ul>",
        "</section>",
    ]


def _pass_overs(report: ResultsReport, person: PersonFn) -> list[str]:
    result = report.result
    out = [
        '<section aria-labelledby="cap">',
        '<h2 id="cap">The conflict-of-interest rule</h2>',
        f"<p>{wording.cap_rule(report.election, result.rules.cap, e)} A candidate is passed over when "
        "seating them would exceed that; the next candidate moves up.</p>"
        if report.election.conflict_of_interest.limited
        else f"<p>{wording.no_cap_rule(report.election, e)}</p>",
    ]
    passes = list(result.pass_overs)
    if not passes and result.pass_overs_open:
        out.append("<p>Who is passed over depends on the order of a tie (see <em>Ties</em>).</p>")
    elif not passes:
        out.append("<p>No candidate was passed over.</p>")
    else:
        out.append("<ul>")
        for p in passes:
            reasons = []
            for b in p.blockers:
                holders = wording.listed(
                    [
                        person(h) + (" (sitting member)" if report.is_sitting(h) else " (elected)")
                        for h in b.holders
                    ]
                )
                members = wording.count(len(b.holders), f"{report.election.community.body} member")
                reasons.append(f"{name(b.entity.name)} already has {e(members)}: {holders}")
            again = (
                f" Re-qualified in vote order, because a full {e(report.election.community.body)} could "
                "not be formed otherwise."
                if p.requalified
                else ""
            )
            amount = report.counting.measure.amount(report.candidate(p.login).votes)
            out.append(f"<li>{person(p.login)}, {amount}, was passed over: {'; '.join(reasons)}.{again}</li>")
        out.append("</ul>")
    out.append("</section>")
    return out


def _ties(report: ResultsReport, person: PersonFn) -> list[str]:
    result = report.result
    out = ['<section aria-labelledby="ties">', '<h2 id="ties">Ties</h2>']
    if not result.ties:
        out += ["<p>No ties.</p>", "</section>"]
        return out
    out.append("<ul>")
    for tie in result.ties:
        who = wording.listed([person(m) for m in tie.members])
        text = f"{who} tied {e(words._tied(report, tie))}. "
        resolution = report.resolution(tie)
        if not tie.deciding:
            text += f"The tie decides nothing: {e(words._nothing_text(report, tie))}."
        else:
            among = words._decides_text(
                report, tie, e, lambda logins: wording.listed([person(x) for x in logins])
            )
            text += f"The tie decides {among}."
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
            seeded = words.draw_seeded_by(draw, lambda text: f"<code>{e(text)}</code>", e)
            extra = (
                f"<p>The draw was seeded by {seeded}; its canonical input, hashed with "
                f"SHA-256, gives the seed <code>{e(draw.seed)}</code>. Anyone can re-run it:</p>"
                f"<pre><code>{e(words._draw_command(report.election.id, draw))}\n"
                f"{e(draw.printf_command())}</code></pre>"
            )
        out.append(f"<li><p>{text}</p>{extra}</li>")
    out += ["</ul>", "</section>"]
    return out


def _council(report: ResultsReport, person: PersonFn) -> list[str]:
    result = report.result
    body = e(report.election.community.body)
    out = ['<section aria-labelledby="elected">', f'<h2 id="elected">The {body}</h2>', "<ul>"]
    open_cohort = report.seated_cohort_open
    if open_cohort:
        listed = wording.listed([person(m) for m in open_cohort])
        out.append(f"<li>Elected in every order, cohort still undecided: {listed}</li>")
    for cohort_id, term, members, undecided, contenders in report.cohort_places():
        text = wording.listed([person(m) for m in members]) if members else ""
        if undecided:
            among = wording.listed([person(m) for m in contenders])
            extra = f"{wording.count(undecided, 'place')} undecided between {among}"
            text = f"{text}; {extra}" if text else extra
        text = text or "no one"
        if wording.one_cohort(report.election):
            out.append(f"<li><strong>Elected for {wording.term(term)}:</strong> {text}</li>")
        else:
            out.append(f"<li><strong>Cohort {e(cohort_id)}</strong> ({term}-year term): {text}</li>")
    for member in result.rules.sitting:
        out.append(f"<li>Sitting member, cohort {e(member.cohort)}: {name(member.name)}</li>")
    if result.seating.vacant:
        out.append(f"<li>Vacant seats: {result.seating.vacant} (there were not enough candidates).</li>")
    out += ["</ul>", "</section>"]
    return out
