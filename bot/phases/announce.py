"""Every text of the phase announcements: issue titles and bodies, closing comments, notices, the cut-off
comment on nomination pull requests.

Pure and deterministic (golden-file tested in tests/phases/golden/): a body depends on the election config,
the phase and the merged candidates only, never on the clock, so an unchanged list never causes an edit.
Every string from a config or a nomination is escaped (bot/text/markdown.py); nobody is
@mentioned; bodies stay under GitHub's 65,536-character limit (long candidate lists are cut with a link
to the full list in the repository).
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from bot.config.entities import EntityResolver, entity_key
from bot.config.models import Affiliation, Election, Phase, PhaseKind, Relationship
from bot.config.zones import day
from bot.nominations.shared_entities import EntityIndex
from bot.text import wording
from bot.text.catalogue import GUIDE
from bot.text.markdown import code_span, escape_inline, time_link, trusted_markdown

if TYPE_CHECKING:
    from bot.phases.world import AnnouncedCandidate, PullView, RepoRef, Withheld

# What the text may use; the rest is head-room for the hidden marker and GitHub's own counting.
BODY_BUDGET = 62_000
MAX_PULLS_LISTED = 200
MAX_AFFILIATIONS_SHOWN = 6
MAX_WITHHELD_LISTED = 50
SIGNATURE = "<sub>Posted by election-bot, which keeps this issue in step with the election's timeline.</sub>"

_LIST_HEADINGS = {
    PhaseKind.nominations: "Nominations accepted so far",
    PhaseKind.candidates: "Candidates",
    PhaseKind.voting: "Candidates on the ballot",
}


def shows_candidates(phase: Phase) -> bool:
    return phase.kind in _LIST_HEADINGS


# --------------------------------------------------------------------------------------------------
# The announcement issue
# --------------------------------------------------------------------------------------------------


def issue_title(election: Election, phase: Phase) -> str:
    """`Nominations: PSF Board election 2026, Tue 28 Jul 2026 – Tue 11 Aug 2026`. Plain text (GitHub does
    not render Markdown in titles), the dates after a comma, not in brackets (an election's title may end
    in its own); the body does not repeat it. Never used to find the issue."""
    zone = election.zone
    title = f"{phase.title}: {election.title}, {day(phase.start, zone)} – {day(phase.end, zone)}"
    return " ".join(title.split())[:250]


def issue_body(
    election: Election,
    phase: Phase,
    candidates: Sequence[AnnouncedCandidate],
    repo: RepoRef,
    withheld: Sequence[Withheld] = (),
    *,
    closed: bool = False,
    issues: Mapping[str, int] | None = None,
) -> str:
    """The text of the phase's announcement issue (the hidden marker is added by the planner). `closed`:
    the body the issue keeps once the phase is over — a banner saying so and what comes next, without the
    steps that no longer work. `issues`: the other phases' announcement issues by phase id, linked from the
    timeline (GitHub then shows each link in the other issue's timeline too)."""
    issues = issues or {}
    head: list[str] = []  # no heading: GitHub shows the issue's title (`issue_title`) above the body
    if closed:
        head += [*_closed_banner(election, phase, issues), ""]
    else:
        late = (
            " A nomination pull request opened then or later is late."
            if phase.kind is PhaseKind.nominations
            else ""
        )
        head += [
            f"**This phase is open from {_at(election, phase.start)} until {_at(election, phase.end)}.**"
            f"{late} {escape_inline(election.time_note)}{_local_time(election)}",
            "",
        ]
        if phase.description.strip():
            head += [trusted_markdown(phase.description), ""]
        elif phase.kind is PhaseKind.affirmation:  # voters must act: never leave them without whom to ask
            head += [
                wording.affirmation_undescribed(_at(election, phase.end), code_span(election.contact)),
                "",
            ]
    if phase.kind is PhaseKind.nominations and not closed:
        head += _how_to_nominate(election, repo)
    if phase.kind is PhaseKind.voting:
        head += _how_to_vote(election, phase, closed=closed)
    zone = election.zone
    heading = "### Timeline (UTC)" if zone is None else f"### Timeline ({zone.key} time, UTC in brackets)"
    tail = [heading, "", *_timeline(election, phase, issues), ""]
    tail += [
        "### Questions",
        "",
        f"Write to the election administrators at {code_span(election.contact)}.",
        "",
    ]
    ending = (
        "This issue was closed when the phase ended; its closing comment says what happened. "
        if closed
        else "This issue opened when the phase started and will be closed, with a closing comment, when it ends. "
    )
    tail += [
        ending
        + {
            PhaseKind.nominations: "The list above is kept up to date as nominations are merged.",
            PhaseKind.candidates: "The list above is kept up to date with the repository.",
            PhaseKind.voting: "The list above is the ballot.",
        }.get(phase.kind, "Subscribe to it to hear about changes."),
        "",
        SIGNATURE,
    ]
    if not shows_candidates(phase):
        return "\n".join(head + tail)
    notice = withheld_section(election, withheld, repo)
    fixed = len("\n".join(head + notice + tail)) + 4
    heading = _LIST_HEADINGS[phase.kind]
    if closed:
        heading = heading.removesuffix(" so far")  # the list is final once the phase is over
    listing = candidate_section(election, heading, candidates, repo, budget=BODY_BUDGET - fixed)
    return "\n".join([*head, *listing, "", *notice, *tail])


def withheld_section(election: Election, withheld: Sequence[Withheld], repo: RepoRef) -> list[str]:
    """Merged files that do not count, said in public where voters and admins look: never a silent drop.

    Only file names and finding codes: what is wrong is for `election-bot validate`, not for the issue.
    """
    if not withheld:
        return []
    folder = f"nominations/{election.id}"
    lines = [
        "### Merged files that do not count",
        "",
        "These files are on the default branch but are not valid nominations, so they are not in the "
        "list above and are never counted. Election administrators: correct or remove each one "
        f"(`election-bot validate {folder}` says what is wrong; the codes are explained in "
        f"[the nominee's guide]({repo.blob(GUIDE)})).",
        "",
    ]
    for item in withheld[:MAX_WITHHELD_LISTED]:
        codes = ", ".join(code_span(code) for code in item.codes)
        lines.append(
            f"- [{code_span(item.file)}]({repo.blob(urllib.parse.quote(f'{folder}/{item.file}'))}): {codes}"
        )
    if len(withheld) > MAX_WITHHELD_LISTED:
        lines.append(f"- and {len(withheld) - MAX_WITHHELD_LISTED} more")
    return [*lines, ""]


def _how_to_vote(election: Election, phase: Phase, *, closed: bool) -> list[str]:
    """What a voter asks: how many seats, how to mark the ballot, who sends it and when, where to look
    for it, and where the results will be. Said once, here, so that nothing else contradicts it."""
    seats = wording.count(election.seats, "seat")
    if election.counting.method == "approval":
        method = (
            "Mark every candidate you support (approval voting): each mark is one vote, and the candidates "
            f"with the most votes fill the {seats}, within the election's rules."
        )
    else:
        method = (
            f"Give every candidate a score from 0 to {election.counting.max_score} (Bloc STAR voting); the "
            f"scores decide who fills the {seats}."
        )
    results = (
        "The results will be published in an issue of their own in this repository once the votes are "
        "counted, linked from this one."
    )
    if closed:
        return [f"Only the candidates below were on the ballot. {results}", ""]
    return [
        "### How to vote",
        "",
        f"- **{seats}** to fill; only the candidates below are on the ballot.",
        f"- {method}",
        *_terms(election),
        f"- {wording.electorate(election)} receive a ballot by e-mail from the election administrators "
        f"when voting opens ({_at(election, phase.start)}). If yours has not arrived, check your spam "
        f"folder, then write to {code_span(election.contact)}.",
        f"- Cast it before {_at(election, phase.end)}. {results}",
        "",
    ]


def _terms(election: Election) -> list[str]:
    """With several cohorts, which term each elected person serves: the cohorts fill in rank order."""
    if len(election.cohorts) < 2:
        return []
    parts = []
    for i, cohort in enumerate(election.cohorts):
        who = ("the first" if i == 0 else "the next") + ("" if cohort.seats == 1 else f" {cohort.seats}")
        serve = "serves" if cohort.seats == 1 else "serve"
        parts.append(f"{who} elected {serve} {wording.term(cohort.term_years)}")
    return [f"- Terms follow the result: {wording.listed(parts)}."]


def _how_to_nominate(election: Election, repo: RepoRef) -> list[str]:
    guide = repo.blob(GUIDE)
    template = repo.blob("nominations/TEMPLATE.md")
    path = code_span(f"nominations/{election.id}/<github-login>.md")
    return [
        "### How to nominate",
        "",
        f"1. Read [the nominee's guide]({guide}).",
        f"2. Copy [the template]({template}) to {path}, named after the nominee's GitHub login.",
        f"3. Fill in the front matter (name, {escape_inline(election.community.membership.name)}, "
        "**affiliations**) and write the statement.",
        "4. Open a pull request that adds only that file. The bot checks it within a minute and answers "
        "with a report; the election administrators review and merge it.",
        "",
        "Nominating someone else? Set `nominated_by` to your login; the nominee then consents from their own "
        "GitHub account (an approving review or a `/consent` comment on the pull request).",
        "",
    ]


def _timeline(election: Election, current: Phase, issues: Mapping[str, int]) -> list[str]:
    rows = ["| Phase | Opens | Closes |", "| --- | --- | --- |"]
    for phase in election.phases:
        name = escape_inline(phase.title)
        if phase.id == current.id:
            name = f"**{name}** (this issue)"
        elif phase.id in issues:
            name = f"{name} (#{issues[phase.id]})"
        rows.append(f"| {name} | {_at(election, phase.start)} | {_at(election, phase.end)} |")
    return rows


# --------------------------------------------------------------------------------------------------
# Candidate lists
# --------------------------------------------------------------------------------------------------


def candidate_section(
    election: Election,
    heading: str,
    candidates: Sequence[AnnouncedCandidate],
    repo: RepoRef,
    *,
    budget: int = BODY_BUDGET,
) -> list[str]:
    """A heading and a table of candidates, cut to `budget` characters with a link to the full list."""
    ordered = sorted(candidates, key=lambda c: c.sort_key)
    folder = repo.tree(f"nominations/{election.id}")
    lines = [f"### {heading} ({len(ordered)})", ""]
    if not ordered:
        lines.append("None yet.")
        return lines
    header = [
        "Each name links to the candidate's statement.",
        "",
        "| Candidate | Affiliations |",
        "| --- | --- |",
    ]
    header = _shared_entities(election, ordered) + header
    coi = election.conflict_of_interest
    resolver, counted = EntityResolver.lenient(coi.entity_aliases), frozenset(coi.counted_relationships)
    rows = [_row(election, c, repo, resolver, counted) for c in ordered]
    more_line = (
        "\n…and {n} more, not shown here because of GitHub's size limit: "
        f"[the full list is in the repository]({folder})."
    )
    used = sum(len(x) + 1 for x in lines + header)
    shown: list[str] = []
    for index, row in enumerate(rows):
        remaining = len(rows) - index - 1
        reserve = len(more_line) + 10 if remaining else 0
        if used + len(row) + 1 + reserve > budget:
            break
        shown.append(row)
        used += len(row) + 1
    lines += header + shown
    if len(shown) < len(rows):
        lines.append(more_line.format(n=len(rows) - len(shown)))
    else:
        lines += ["", f"Every statement is also in [the repository]({folder})."]
    return lines


MAX_SHARED_SHOWN = 10


def _shared_entities(election: Election, candidates: Sequence[AnnouncedCandidate]) -> list[str]:
    """The election's cap as a notice for voters: entities tied to more candidates than can sit together."""
    coi = election.conflict_of_interest
    crowded = EntityIndex.build(((c.login, c.affiliations) for c in candidates), coi).crowded()
    if not crowded:
        return []
    lines = [
        f"**Shared affiliations.** {wording.cap_sentence(election, coi.limit, escape_inline)}. More "
        "candidates than that are tied to:",
        "",
    ]
    for shared in crowded[:MAX_SHARED_SHOWN]:
        people = ", ".join(
            code_span(t.login, limit=39) + (" (sitting member)" if t.sitting else "") for t in shared.ties[:8]
        )
        more = f" and {shared.count - 8} more" if shared.count > 8 else ""
        lines.append(f"- {escape_inline(shared.name, limit=120)}: {people}{more}")
    if len(crowded) > MAX_SHARED_SHOWN:
        lines.append(f"- and {len(crowded) - MAX_SHARED_SHOWN} more entities")
    lines += ["", "Vote as you see fit: the rule is applied when the votes are counted.", ""]
    return lines


def _row(
    election: Election,
    candidate: AnnouncedCandidate,
    repo: RepoRef,
    resolver: EntityResolver,
    counted: frozenset[Relationship],
) -> str:
    """One line per candidate, kept short so that 300 ordinary ones fit in one issue: the name links to
    the statement; the login is shown as code (a profile link would double the row, a mention would
    ping)."""
    path = f"nominations/{election.id}/{urllib.parse.quote(candidate.file)}"
    name = f"[{escape_inline(candidate.name, limit=120)}]({repo.blob(path)}) ({code_span(candidate.login, limit=39)})"
    return f"| {name} | {affiliations_text(candidate.affiliations, resolver, counted)} |"


def affiliations_text(
    affiliations: Sequence[Affiliation],
    resolver: EntityResolver | None = None,
    counted: frozenset[Relationship] = frozenset(),
) -> str:
    """As the candidate wrote them; one the cap counts under an alias says so ("counted as …"), as the
    voters' notice above and the results do."""
    parts = []
    for a in affiliations[:MAX_AFFILIATIONS_SHOWN]:
        detail = a.relationship.value + (f", {a.role}" if a.role else "")
        if resolver is not None and a.relationship in counted:
            entity = resolver.entity(a)
            if entity.key != entity_key(a.organization):
                detail += f", counted as {entity.name}"
        parts.append(f"{escape_inline(a.organization, limit=120)} ({escape_inline(detail, limit=200)})")
    if len(affiliations) > MAX_AFFILIATIONS_SHOWN:
        parts.append(f"and {len(affiliations) - MAX_AFFILIATIONS_SHOWN} more (see the statement)")
    return "; ".join(parts) or "—"


def list_summary(phase: Phase, candidates: Sequence[AnnouncedCandidate]) -> str:
    """A line for the log: what changed in the body."""
    if shows_candidates(phase):
        return f"{wording.count(len(candidates), 'candidate')} listed"
    return "text changed"


# --------------------------------------------------------------------------------------------------
# Comments
# --------------------------------------------------------------------------------------------------


def closing_comment(
    election: Election,
    phase: Phase,
    open_at_cutoff: Sequence[PullView] = (),
    issues: Mapping[str, int] | None = None,
    *,
    listing: tuple[Sequence[AnnouncedCandidate], RepoRef] | None = None,
) -> str:
    """Short: the phase closed, the pull requests still open at the cut-off (nominations), what comes
    next. The final list is in the issue's own body, not repeated here — unless a person edited that body
    (`listing`: the candidates and where their statements are), when this comment is the only place the
    bot can give it."""
    issues = issues or {}
    head = [f"**This phase closed** at {_at(election, phase.end)}.", ""]
    pulls: list[str] = []
    if phase.kind is PhaseKind.nominations and open_at_cutoff:
        pulls += [f"### Nomination pull requests still open at the cut-off ({len(open_at_cutoff)})", ""]
        for pull in open_at_cutoff[:MAX_PULLS_LISTED]:
            verdict = (
                "late: opened at or after the cut-off"
                if pull.created_at >= phase.end
                else "opened in time: the election administrators decide"
            )
            pulls.append(f"- #{pull.number} ({verdict})")
        if len(open_at_cutoff) > MAX_PULLS_LISTED:
            more = len(open_at_cutoff) - MAX_PULLS_LISTED
            pulls.append(f"- …and {more} more (labelled `open-at-cutoff` or `late`)")
        pulls.append("")
    above = listing is None and shows_candidates(phase)
    listed = " The final list is in the issue above." if above else ""
    tail = ["### What happens next", "", *_next(election, phase, issues), ""]
    tail += [
        f"This issue is now closed.{listed} Questions: write to {code_span(election.contact)}.",
        "",
        SIGNATURE,
    ]
    if listing is None or not shows_candidates(phase):
        return "\n".join(head + pulls + tail)
    candidates, repo = listing
    heading = {
        PhaseKind.nominations: "Nominations accepted at the cut-off",
        PhaseKind.candidates: "Final list of candidates",
        PhaseKind.voting: "Candidates on the ballot",
    }[phase.kind]
    fixed = len("\n".join(head + pulls + tail)) + 2
    table = candidate_section(election, heading, candidates, repo, budget=BODY_BUDGET - fixed)
    return "\n".join([*head, *table, "", *pulls, *tail])


def _next(election: Election, phase: Phase, issues: Mapping[str, int]) -> list[str]:
    out: list[str] = []
    if phase.kind is PhaseKind.nominations:
        out.append(
            "- The election administrators review the nomination pull requests that were still open at "
            "the cut-off; each one is labelled `open-at-cutoff` (or `late`, when it was opened after the "
            "cut-off)."
        )
    if phase.kind is PhaseKind.voting:
        out.append(
            "- The vote is over. The election administrators count the votes and publish the results, with "
            "the full vote totals, in an issue of their own, linked here."
        )
    later = _later(election, phase)
    if later:
        first = min(p.start for p in later)
        for p in later:
            if p.start == first:
                out.append(
                    f"- Next: {escape_inline(p.title)}, from {_at(election, p.start)}{_where(p, issues)}."
                )
    elif phase.kind is not PhaseKind.voting:
        still = [p for p in election.phases if p.end > phase.end]
        if still:
            soonest = min(still, key=lambda p: p.end)
            out.append(
                f"- Still open: {escape_inline(soonest.title)}, until {_at(election, soonest.end)}"
                f"{_where(soonest, issues)}."
            )
        else:
            out.append("- This was the last phase of the election.")
    return out


def _where(phase: Phase, issues: Mapping[str, int]) -> str:
    """Where a phase is announced: its issue, or that one opens when it starts."""
    if phase.id in issues:
        return f": #{issues[phase.id]}"
    return " (an announcement issue opens then)" if phase.announce else ""


def _local_time(election: Election) -> str:
    page = election.site_page
    if page is None:  # GitHub shows every reader the same text: each time links to a converter
        return " Each time links to a page that shows it in your own time zone."
    return f" The election's page shows [every time in your own time zone]({page}) and offers the timeline as a calendar file."


_NOTICES = {
    "closed-early": (
        "An administrator closed this announcement before the phase ended ({end}). The bot respects that: "
        "it will **not** reopen this issue and will stop updating it. When the phase ends it will still "
        "post the closing comment with the final list. To hand the issue back to the bot, reopen it."
    ),
    "reopened": (
        "This issue was reopened after the bot closed it at the end of the phase ({end}). The bot will "
        "leave it open and will **not** close it again; close it when you are done."
    ),
    "edited": (
        "The text of this issue was edited by hand. The bot will **not** overwrite the edit: it stops "
        "updating the text (the list of candidates is always current in [the repository]({folder})), and "
        "it still posts the closing comment, with the final list, and closes this issue when the phase "
        "ends ({end})."
    ),
}


def notice_comment(election: Election, phase: Phase, reason: str, repo: RepoRef) -> str:
    text = _NOTICES[reason].format(
        end=_at(election, phase.end), folder=repo.tree(f"nominations/{election.id}")
    )
    return f"{text}\n\n{SIGNATURE}"


def duplicate_body(election: Election, phase: Phase, keep: int) -> str:
    return (
        f"This issue duplicated #{keep}, the announcement of {escape_inline(phase.title)} "
        f"({escape_inline(election.title)}): two runs of the bot opened one each at the same moment. "
        f"Follow #{keep} instead.\n\n{SIGNATURE}"
    )


def retired_comment() -> str:
    return "_(A duplicate of the comment above, posted by two runs of the bot at once; nothing new here.)_"


def _later(election: Election, phase: Phase) -> list[Phase]:
    """The phases that start once this one is over."""
    return [p for p in election.phases if p.start >= phase.end and p.id != phase.id]


def next_phase(election: Election, phase: Phase) -> Phase | None:
    """The phase that starts first once this one is over."""
    return min(_later(election, phase), key=lambda p: p.start, default=None)


def _at(election: Election, at: datetime) -> str:
    """An instant as announcements show it: UTC, or local time with UTC beside it, linked to a page that
    shows it in the reader's own time zone."""
    return time_link(at, election.zone)


def _closed_banner(election: Election, phase: Phase, issues: Mapping[str, int]) -> list[str]:
    """GitHub's note alert: the phase is over, when it ran, and what follows (if anything)."""
    after = next_phase(election, phase)
    follows = (
        f" Next: {escape_inline(after.title)}, from {_at(election, after.start)}"
        f"{f' (#{issues[after.id]})' if after.id in issues else ''}."
        if after is not None
        else " It was the last phase of this election."
    )
    return [
        "> [!NOTE]",
        f"> **This phase is over.** It ran from {_at(election, phase.start)} until "
        f"{_at(election, phase.end)}.{follows}",
    ]
