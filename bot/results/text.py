"""Election results as a terminal table, a JSON document (docs/reference/results-files.md) and the Markdown
announcement. Every user string in Markdown is escaped; people are named with non-pinging links."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

from bot.config.entities import Entity, entity_key
from bot.config.models import Election
from bot.results.draw import Draw
from bot.results.outcome import Counting, ResultsReport, ResultsStatus
from bot.results.ranking import Decides, PassOver, Resolution, Tie
from bot.text import wording
from bot.text.markdown import code_span, escape_inline, user_link

JSON_FORMAT_VERSION = (
    2  # 2: a Bloc STAR count says "points" where approval says "votes"; ties say whom they affect
)

METHOD_NAMES = {"approval": "approval voting", "bloc-star": "Bloc STAR"}
FORMAT_NAMES = {"blt": "BLT", "star-csv": "star.vote CSV"}


# --------------------------------------------------------------------------------------------------
# Shared wording
# --------------------------------------------------------------------------------------------------


def _tied(report: ResultsReport, tie: Tie) -> str:
    """How the tie came about: equal totals, or a Bloc STAR round the STAR protocol could not settle."""
    if tie.stage or tie.votes is None:
        return f"in {tie.stage} of the Bloc STAR count (the STAR tiebreakers could not separate them)"
    return f"with {report.counting.measure.amount(tie.votes)}"


def _years(n: int) -> str:
    return f"{n}-year term"


def _percent(value: float) -> str:
    return f"{value * 100:.1f} %".replace(".0 %", " %")


def _decides_text(
    report: ResultsReport, tie: Tie, shown: Callable[[str], str], who: Callable[[Sequence[str]], str]
) -> str:
    """What the tie decides, and for whom; `shown` makes an entity name (the nominees' own words) safe for
    the output (escaped for Markdown, stripped of control characters for a terminal); `who` names people.

    A tie can decide the places of people outside it: through the cap and re-qualification, the order of
    three candidates who are elected in every order can decide which of two others takes the last seat."""
    others = list(tie.others)
    if not others:
        parts = []
        if Decides.seat in tie.decides:
            parts.append("who is elected")
        if Decides.cap in tie.decides:
            entities = [shown(name) for name in _shared_capped(report, tie)]
            where = f" ({', '.join(entities)})" if entities else ""
            parts.append(f"which of them takes an entity's last place under the cap{where}")
        if Decides.cohort in tie.decides:
            parts.append("who goes into which cohort")
        return " and ".join(parts)
    parts = []
    if Decides.seat in tie.decides or Decides.cap in tie.decides:
        parts.append("who is elected")
    if Decides.cohort in tie.decides:
        parts.append("who goes into which cohort")
    own = [m for m in tie.members if m in tie.affects]
    text = f"{' and '.join(parts)} among {who(own + others)}"
    if Decides.cap in tie.decides:
        text += ", through the conflict-of-interest rule"
    if not own:
        text += "; the order changes nothing for the tied candidates themselves"
    return text


def _shared_capped(report: ResultsReport, tie: Tie) -> list[str]:
    """Names of entities that two or more tied candidates share (shown plain; callers escape)."""
    seen: dict[str, list[Entity]] = {}
    for login in tie.members:
        for entity in report.candidate(login).entities:
            seen.setdefault(entity.key, []).append(entity)
    return sorted(entities[0].name for entities in seen.values() if len(entities) > 1)


def _nothing_text(report: ResultsReport, tie: Tie) -> str:
    if any(m in report.result.undecided for m in tie.members):
        return "their places depend on another tie, not on this one"
    outcomes = {report.result.seating.cohort(m) for m in tie.members}
    both = len(tie.members) == 2
    if outcomes == {None}:
        return "neither is elected, in either order" if both else "none of them is elected, in any order"
    if len(outcomes) == 1:
        who = "both are" if both else "all of them are"
        into = "" if wording.one_cohort(report.election) else f" into cohort {next(iter(outcomes))}"
        return f"{who} elected{into}, in {'either' if both else 'any'} order"
    return "the order changes nobody's result"


def draw_seeded_by(draw: Draw, code: Callable[[str], str], shown: Callable[[str], str]) -> str:
    """Which value seeded the draw and why that one, per source: "drand quicknet round 123, the first
    round at or after …, whose value is `…` (anyone can read it at `…`)". `code` marks up a value or an
    address, `shown` escapes the config's own words."""
    parts = []
    for source in draw.sources:
        if not source.origin:
            parts.append(f"the published value {code(source.value)}")
            continue
        where = f" (anyone can read it at {code(source.url)})" if source.url else ""
        parts.append(f"{shown(source.origin)}, whose value is {code(source.value)}{where}")
    return "; and ".join(parts)


def _draw_command(election_id: str, draw: Draw) -> str:
    tied = " ".join(f"--tied {login}" for login in draw.tied)
    values = " ".join(f"--value '{n}={v}'" for n, v in enumerate(draw.values, 1))
    return f"election-bot draw --election {election_id} {tied} {values}"


# --------------------------------------------------------------------------------------------------
# JSON
# --------------------------------------------------------------------------------------------------


def _entity_json(entity: Entity) -> dict[str, str]:
    return {"name": entity.name, "written": entity.written, "relationship": entity.relationship.value}


def _pass_over_json(report: ResultsReport, item: PassOver) -> dict[str, Any]:
    return {
        "login": item.login,
        "votes": report.candidate(item.login).votes,
        "entities": [
            {
                "entity": _entity_json(b.entity),
                "held_by": [{"login": h, "sitting": report.is_sitting(h)} for h in b.holders],
            }
            for b in item.blockers
        ],
        "requalified": item.requalified,
    }


def _draw_json(draw: Draw) -> dict[str, Any]:
    return {
        "canonical_input": draw.canonical,
        "seed": draw.seed,
        "values": list(draw.values),
        "sources": [{"value": v.value, "origin": v.origin, "url": v.url} for v in draw.sources],
        "order": list(draw.order),
        "steps": [
            {"position": s.position, "digest": s.digest, "remaining": list(s.remaining), "index": s.index}
            for s in draw.steps
        ],
    }


def _tie_json(report: ResultsReport, tie: Tie) -> dict[str, Any]:
    resolution = report.resolution(tie)
    resolved: dict[str, Any] | None = None
    if resolution is not None:
        resolved = {"method": resolution.method, "order": list(resolution.order), "note": resolution.note}
        if resolution.method == "agreement":
            resolved["agreed_by"] = list(resolution.agreed_by)
        if resolution.draw is not None:
            resolved["draw"] = _draw_json(resolution.draw)
    return {
        report.counting.measure.key: tie.votes,
        "stage": tie.stage or None,
        "candidates": list(tie.members),
        "decides": sorted(d.value for d in tie.decides),
        "affects": sorted(tie.affects, key=str.casefold),
        "needs_resolution": tie.blocking,
        "resolution": resolved,
    }


def as_document(report: ResultsReport) -> dict[str, Any]:
    result, quorum, election = report.result, report.quorum, report.election
    met = quorum.met
    seating = result.seating
    candidates = []
    for c in result.ranked:
        entry: dict[str, Any] = {
            "rank": result.rank[c.login],
            "login": c.login,
            "name": c.name,
            report.counting.measure.key: c.votes,
            "ballot_name": report.counting.ballot_names.get(c.login),
            "counted_entities": [_entity_json(e) for e in c.entities],
            "result": report.outcome(c.login) if met else None,
            "sure_of_seat": met and c.login in result.sure,
            "cohort": None,
            "requalified": False,
            "possible_cohorts": None,
        }
        if met:
            entry["cohort"] = report.settled_cohort(c.login)
            passed = result.pass_over(c.login)
            entry["requalified"] = bool(passed and passed.requalified and c.login not in result.undecided)
            if c.login in result.undecided:
                entry["possible_cohorts"] = [p or "none" for p in report.options(c.login)]
        candidates.append(entry)
    document: dict[str, Any] = {
        "version": JSON_FORMAT_VERSION,
        "election": election.id,
        "title": election.title,
        "scope": election.scope,
        "seats": result.rules.seats,
        "status": report.status,
        "counting": _counting_json(report.counting),
        "quorum": {
            "required": quorum.required,  # null: the election has no quorum
            "electors": quorum.electors,
            "ballots_cast": quorum.ballots_cast,
            "turnout": round(quorum.turnout, 6),
            "met": met if quorum.applies else None,
        },
        "cap": {
            # null: no limit; with a share, the number of members it comes to
            "limit": election.conflict_of_interest.limit if election.conflict_of_interest.limited else None,
            "share": election.conflict_of_interest.share,
            "counted_relationships": [r.value for r in election.conflict_of_interest.counted_relationships],
        },
        "candidates": candidates,
        "sitting_members": [
            {
                "login": m.login,
                "name": m.name,
                "cohort": m.cohort,
                "counted_entities": [_entity_json(e) for e in m.entities],
            }
            for m in result.rules.sitting
        ],
        "pass_overs": [],
        "ties": [],
        "cohorts": [],
        "vacant_seats": result.rules.seats,  # without the quorum no one is elected: every seat stays vacant
    }
    if met:
        document["pass_overs"] = [_pass_over_json(report, p) for p in result.pass_overs]
        document["ties"] = [_tie_json(report, t) for t in result.ties]
        document["cohorts"] = [
            {
                "id": cohort_id,
                "term_years": term,
                "members": members,
                "undecided_places": undecided,
                "contenders": contenders,
            }
            for cohort_id, term, members, undecided, contenders in report.cohort_places()
        ]
        document["vacant_seats"] = seating.vacant
    return document


def _counting_json(counting: Counting) -> dict[str, Any]:
    ballot_file = None
    if counting.source == "ballots":
        ballot_file = {
            "name": counting.file,
            "format": counting.format,
            "sha256": counting.sha256,
            "bytes": counting.size,
            "url": counting.ballots_url,
        }
    return {
        "method": counting.method,
        "source": counting.source,
        "totals": counting.measure.key,
        "max_score": counting.max_score,
        "ballot_file": ballot_file,
        "recount_command": counting.recount_command,
        "names_file": None
        if counting.names_file is None
        else {
            "name": counting.names_file,
            "mappings": [{"ballot_name": m.ballot_name, "login": m.login} for m in counting.name_mappings],
        },
        "withdrawn": [
            {"login": w.login, "name": w.name, "note": w.note, "on_ballot": w.on_ballot}
            for w in counting.withdrawn
        ],
    }


def as_json(report: ResultsReport) -> str:
    return json.dumps(as_document(report), indent=2, ensure_ascii=False)


# --------------------------------------------------------------------------------------------------
# Terminal table
# --------------------------------------------------------------------------------------------------


def _plain(text: str) -> str:
    """User text for a terminal: control and format characters dropped, one line."""
    return "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text).strip()


def _table(rows: Sequence[Sequence[str]], right: set[int]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            cell.rjust(w) if i in right else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return lines


def as_table(report: ResultsReport) -> str:
    result, quorum, election = report.result, report.quorum, report.election
    seating = result.seating
    lines = [f"{_plain(election.title)} ({election.id}): {report.status}"]
    lines.append(_counting_plain(report.counting))
    voted = f"{quorum.ballots_cast} of {quorum.electors} electors voted ({_percent(quorum.turnout)}"
    if quorum.required is None:
        lines.append(f"Turnout: {voted})")
    else:
        verdict = "met" if quorum.met else "NOT MET"
        lines.append(f"Quorum {verdict}: {voted}; required {_percent(quorum.required)})")
    lines.append("")
    unit = report.counting.measure.key
    first = "place" if report.counting.method == "bloc-star" else "rank"
    single = wording.one_cohort(election)
    rows: list[list[str]] = [[first, "login", "name", unit, "result", "cohort"]]
    for c in result.ranked:
        outcome = report.outcome(c.login) if quorum.met else "-"
        cohort = "-"
        if quorum.met:
            if c.login in result.undecided:
                cohort = "/".join(p or "none" for p in report.options(c.login))
            else:
                cohort = seating.cohort(c.login) or "-"
            passed = result.pass_over(c.login)
            if passed is not None and passed.requalified and c.login not in result.undecided:
                outcome = "elected (re-qualified)"
        rows.append([str(result.rank[c.login]), c.login, _plain(c.name), str(c.votes), outcome, cohort])
    if single:  # one cohort: the column would only repeat its id
        rows = [row[:-1] for row in rows]
    lines += _table(rows, {0, 3})
    if not quorum.met:
        lines += ["", "Quorum not met: no one is elected."]
        return "\n".join(lines)
    passes = list(result.pass_overs)
    if passes:
        lines += ["", f"Passed over (cap {result.rules.cap}):"]
        for p in passes:
            reasons = "; ".join(f"{_plain(b.entity.name)} held by {', '.join(b.holders)}" for b in p.blockers)
            again = " — re-qualified" if p.requalified else ""
            lines.append(f"  {p.login}: {reasons}{again}")
    if result.ties:
        lines += ["", "Ties:"]
        for tie in result.ties:
            lines.append("  " + _tie_plain(report, tie))
    lines += ["", f"{wording.capitalised(_plain(election.community.body))}:"]
    open_cohort = report.seated_cohort_open
    if open_cohort:
        lines.append(f"  elected in every order, cohort undecided: {', '.join(open_cohort)}")
    for cohort_id, term, members, undecided, contenders in report.cohort_places():
        text = ", ".join(members)
        if undecided:
            extra = f"{wording.count(undecided, 'place')} undecided among {', '.join(contenders)}"
            text = f"{text} + {extra}" if text else extra
        text = text or "no one"
        if single:
            lines.append(f"  elected for {wording.term(term)}: {text}")
        else:
            lines.append(f"  cohort {cohort_id} ({_years(term)}): {text}")
    for member in result.rules.sitting:
        lines.append(f"  sitting, cohort {member.cohort}: {member.login}")
    if seating.vacant:
        lines.append(f"  vacant seats: {seating.vacant}")
    return "\n".join(lines)


def _counting_plain(counting: Counting) -> str:
    method = METHOD_NAMES.get(counting.method, counting.method)
    if counting.source != "ballots":
        return f"Counted by {method} (totals from the admins' counts file)"
    fmt = FORMAT_NAMES.get(counting.format or "", counting.format)
    text = f"Counted by {method} from {_plain(counting.file or '')} ({fmt}, sha256 {counting.sha256})"
    gone = [w.login for w in counting.withdrawn]
    if gone:
        text += f"; withdrawn, not counted: {', '.join(gone)}"
    if counting.name_mappings:
        mapped = ", ".join(f"{_plain(m.ballot_name)!r} is {m.login}" for m in counting.name_mappings)
        text += f"\nMatched by the names file {_plain(counting.names_file or '')}: {mapped}"
    return text


def _tie_plain(report: ResultsReport, tie: Tie) -> str:
    who = ", ".join(tie.members)
    amount = report.counting.measure.amount(tie.votes) if tie.votes is not None else ""
    head = f"{who} (tied in {tie.stage})" if tie.stage or tie.votes is None else f"{who} ({amount})"
    resolution = report.resolution(tie)
    if not tie.deciding:
        text = f"{head}: decides nothing — {_nothing_text(report, tie)}"
        if resolution is not None:
            text += f"; resolved by {resolution.method} anyway: {', '.join(resolution.order)}"
        return text
    decides = _decides_text(report, tie, _plain, lambda logins: wording.listed(list(logins)))
    if resolution is None:
        return f"{head}: decides {decides} — UNRESOLVED: record a resolution (agreement or draw)"
    return f"{head}: decides {decides} — resolved by {resolution.method}: {', '.join(resolution.order)}"


# --------------------------------------------------------------------------------------------------
# Markdown announcement
# --------------------------------------------------------------------------------------------------


def _person(report: ResultsReport, login: str) -> str:
    return f"{escape_inline(report.name_of(login))} ({user_link(login)})"


def _people(report: ResultsReport, logins: Sequence[str]) -> str:
    """`A`, `A and B`, `A, B and C`."""
    return wording.listed([_person(report, login) for login in logins])


def _entity_cell(entities: Sequence[Entity]) -> str:
    """As the candidate wrote it; an alias says which entity it counts as."""
    if not entities:
        return "—"
    cells = []
    for e in entities:
        alias = f", counted as {escape_inline(e.name)}" if entity_key(e.written) != e.key else ""
        cells.append(f"{escape_inline(e.written)} ({e.relationship.value}{alias})")
    return ", ".join(cells)


BAR_WIDTH = 16  # characters for the most votes
TABLE_BAR_WIDTH = 8  # in the announcement's table, beside the number: narrow enough for a phone
_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(value: int, most: int, width: int = BAR_WIDTH) -> str:
    """A bar of Unicode block characters, in eighths of a character: it survives e-mail, phones and
    screen readers' plain text (the number is beside it)."""
    if most <= 0 or value <= 0:
        return ""
    eighths = max(1, round(value * width * 8 / most))
    full, part = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[part] if part else "")


# What the employer cap did to a candidate, in plain words: the results' tables, on GitHub and on the site.
PASSED_OVER = "passed over: the employer limit"


def _result_cell(report: ResultsReport, login: str) -> str:
    """What became of the candidate, in words: the Result column."""
    result = report.result
    if login in result.undecided:
        options = report.options(login)
        if None not in options:
            cohorts = " or ".join(escape_inline(o or "") for o in options)
            return f"**elected**, cohort undecided ({cohorts})"
        one = wording.one_cohort(report.election)
        shown = " or ".join(
            ("elected" if one else f"cohort {escape_inline(o)}") if o else "not elected" for o in options
        )
        return f"undecided: {shown}"
    cohort = result.seating.cohort(login)
    passed = result.pass_over(login)
    if cohort is not None:
        again = ", re-qualified" if passed is not None and passed.requalified else ""
        if wording.one_cohort(report.election):
            return f"**elected**{again}"
        return f"**elected**, cohort {escape_inline(cohort)}{again}"
    if passed is not None:
        return PASSED_OVER
    return "not elected"


def _elected(report: ResultsReport) -> list[str]:
    """Who won, first: each cohort's members and term, the sitting members, vacant seats."""
    result = report.result
    out = []
    open_cohort = report.seated_cohort_open
    if open_cohort:
        out.append(f"- Elected in every order, cohort still undecided: {_people(report, open_cohort)}")
    for cohort_id, term, members, undecided, contenders in report.cohort_places():
        text = _people(report, members) if members else ""
        if undecided:
            extra = f"{wording.count(undecided, 'place')} undecided between {_people(report, contenders)}"
            text = f"{text}; {extra}" if text else extra
        if wording.one_cohort(report.election):
            out.append(f"- **Elected for {wording.term(term)}:** {text or 'no one'}")
        else:
            out.append(f"- **Cohort {escape_inline(cohort_id)}** ({_years(term)}): {text or 'no one'}")
    if result.seating.vacant:
        out.append(
            f"- Vacant: {wording.count(result.seating.vacant, 'seat')} (there were not enough candidates)"
        )
    return out


def issue_title(election: Election) -> str:
    """`Results: PSF Board election 2026`: the results issue's title, plain text (GitHub renders no Markdown
    in titles); the body does not repeat it."""
    return " ".join(f"Results: {election.title}".split())[:250]


def titled(report: ResultsReport, heading: str = "#") -> str:
    """The results where nothing shows a title above them (a comment, `results --format markdown`): the
    title as a heading, then the issue's body."""
    return f"{heading} {escape_inline(issue_title(report.election))}\n\n{as_markdown(report)}"


def as_markdown(report: ResultsReport, announcements: Sequence[tuple[str, int]] = ()) -> str:
    """The announcement, the body of the results issue (its title is `issue_title`, which the body does not
    repeat). `announcements`: the election's phase issues (title, number), named at the end so that GitHub
    links each of them to the results in its timeline."""
    quorum, election = report.quorum, report.election
    out: list[str] = []
    turnout = (
        f"{quorum.ballots_cast} of {quorum.electors} electors cast a ballot ({_percent(quorum.turnout)})"
    )
    if quorum.required is not None and not quorum.met:
        out += [
            f"**No one is elected: the quorum was not met.** {turnout}; the quorum is "
            f"{_percent(quorum.required)} of electors.",
        ]
    else:
        out += ["**Elected:**", "", *_elected(report), ""]
        sitting = report.result.rules.sitting
        if sitting:  # not elected now: said apart from those who are
            staying = wording.listed(
                [f"{_person(report, m.login)} (cohort {escape_inline(m.cohort)})" for m in sitting]
            )
            out += [f"Staying on the council, not up for election: {staying}.", ""]
        if report.status == ResultsStatus.TIES_UNRESOLVED:
            out += [
                "> [!IMPORTANT]",
                "> **These results are not final:** a tie that decides a seat has not been resolved yet "
                "(see *Ties* below). Until it is, no one is named for the seats it decides.",
                "",
            ]
        if quorum.required is None:
            out.append(f"{turnout}.")
        else:
            out.append(f"{turnout}; the quorum of {_percent(quorum.required)} of electors is met.")
    out += _markdown_totals(report)
    if quorum.met:
        out += _markdown_cap(report)
        out += _markdown_ties(report)
    out += _markdown_counting(report)
    if announcements:
        named = ", ".join(f"{escape_inline(title)} #{number}" for title, number in announcements)
        out += ["", f"The election's announcements: {named}."]
    out += ["", f"Questions: {code_span(election.contact)}"]
    return "\n".join(out) + "\n"


def results_link(number: int) -> str:
    """The comment on the voting phase's issue, where its subscribers hear of the results."""
    return f"The results are out: #{number}."


def _markdown_totals(report: ResultsReport) -> list[str]:
    result, met = report.result, report.quorum.met
    star = report.counting.method == "bloc-star"
    filled = "seats" if wording.one_cohort(report.election) else "cohorts"
    out = ["", "### Vote totals", ""]
    if star:
        out += [
            "The place is the order in which Bloc STAR seats the candidates when run to completion; the "
            f"conflict-of-interest rule and the {filled} follow that order. A candidate's points are the sum "
            "of every ballot's score for them." + _provisional_places(report),
            "",
        ]
    first, unit = (
        ("Place", report.counting.measure.heading) if star else ("Rank", report.counting.measure.heading)
    )
    most = max((c.votes for c in result.ranked), default=0)
    # Four columns, so that a phone shows them all: the affiliations that explain a pass-over sit under the
    # name, the bar beside the number, and every column has a heading.
    out += [f"| {first} | Candidate | {unit} | Result |", "| ---: | --- | --- | --- |"]
    for c in result.ranked:
        outcome = _result_cell(report, c.login) if met else "not elected (no quorum)"
        affiliations = f"<br>{_entity_cell(c.entities)}" if c.entities else ""
        out.append(
            f"| {result.rank[c.login]} | {_person(report, c.login)}{affiliations} | "
            f"{c.votes} {bar(c.votes, most, TABLE_BAR_WIDTH)} | {outcome} |"
        )
    return out


def _provisional_places(report: ResultsReport) -> str:
    start = report.result.provisional_from
    if start is None or report.counting.method != "bloc-star":
        return ""
    return (
        f" Places from {start} on depend on a tie the STAR tiebreakers could not break and are shown in "
        "an order by login, which means nothing."
    )


_SHELL_UNSAFE = re.compile(r"[^A-Za-z0-9 ._/=:+,'-]")


def _shell_line(text: str) -> str:
    """A command inside a code block: the command layer admits only plain file names, and anything else
    is shown as `?` here, so no text can close the block, open a tag or spell a bot marker."""
    return _SHELL_UNSAFE.sub("?", text)[:1000]


def _markdown_counting(report: ResultsReport) -> list[str]:
    counting = report.counting
    method = METHOD_NAMES.get(counting.method, counting.method)
    out = ["", "### How the votes were counted", ""]
    if counting.source != "ballots":
        out.append(f"By {method}; the totals are the admins' counts from the voting service.")
    else:
        fmt = FORMAT_NAMES.get(counting.format or "", counting.format or "")
        cast = report.quorum.ballots_cast
        text = (
            f"By {method}, tallied by election-bot from the voting service's own ballot file "
            f"{code_span(counting.file or '')} ({fmt}, {wording.count(cast, 'ballot')}, SHA-256 {code_span(counting.sha256 or '')})."
        )
        if counting.method == "bloc-star":
            text += (
                f" Each ballot scores every candidate from 0 to {counting.max_score}. Bloc STAR fills one place "
                "per round: the two candidates with the highest total scores among those not yet placed go to "
                "an automatic runoff, won by the one preferred on more ballots (tabulated with starvote; ties "
                "by the official STAR tiebreaker protocol, and any tie it cannot break by agreement of the "
                "tied candidates or a public draw, never by the software at random)."
            )
        else:
            text += " Each candidate marked on a ballot gets one vote (times the ballot's weight); blank ballots count as cast."
        out.append(text)
        where = (
            f"The anonymised ballots are published at {code_span(counting.ballots_url)}; anyone can check "
            f"the file's SHA-256 and recount everything:"
            if counting.ballots_url
            else "With the ballot file (SHA-256 above), anyone can recount everything:"
        )
        out += [
            "",
            "<details><summary>Recount it yourself</summary>",
            "",
            where,
            "",
            "```sh",
            _shell_line(f"sha256sum {counting.file}"),
            _shell_line(counting.recount_command or ""),
            "```",
            "",
            "</details>",
        ]
    if counting.name_mappings:
        out += [
            "",
            f"The voting service lists some candidates under other names; the admins' names file "
            f"{code_span(counting.names_file or '')} matched them to the nominations:",
            "",
        ]
        out += [
            f"- “{escape_inline(m.ballot_name)}” on the ballot file is {_person(report, m.login)}"
            for m in counting.name_mappings
        ]
    if counting.withdrawn:
        out += ["", "Withdrawn candidates (not counted):", ""]
        for w in counting.withdrawn:
            line = f"- {escape_inline(w.name)} ({user_link(w.login)})"
            if w.note:
                line += f": {escape_inline(w.note)}"
            if w.on_ballot:
                line += " — still on the ballot file; their marks were not counted."
            out.append(line)
    return out


WHO_DEPENDS_ON_A_TIE = "Who is passed over depends on the order of a tie (see *Ties*)."


def _markdown_cap(report: ResultsReport) -> list[str]:
    """The cap, and who it passed over, in one paragraph."""
    result = report.result
    rule = (
        f"{wording.cap_rule(report.election, result.rules.cap, escape_inline)} A candidate is passed over "
        "when seating them would exceed that; the next candidate moves up."
        if report.election.conflict_of_interest.limited
        else wording.no_cap_rule(report.election, escape_inline)
    )
    passes = list(result.pass_overs)
    depends = " Who else is passed over depends on the order of a tie (see *Ties*)." if passes else ""
    if not passes:
        if result.pass_overs_open:
            return ["", "### Conflict-of-interest rule", "", f"{rule} {WHO_DEPENDS_ON_A_TIE}"]
        return ["", "### Conflict-of-interest rule", "", f"{rule} No candidate was passed over."]
    reasons: list[str] = []
    requalified: list[str] = []
    for p in passes:
        votes = report.candidate(p.login).votes
        amount = report.counting.measure.amount(votes)
        held = []
        for b in p.blockers:
            holders = [
                escape_inline(report.name_of(login)) + (" (sitting)" if report.is_sitting(login) else "")
                for login in b.holders
            ]
            held.append(
                f"{escape_inline(b.entity.name)} already had {len(b.holders)}: {wording.listed(holders)}"
            )
        reason = f"{escape_inline(report.name_of(p.login))} ({amount}), because {' and '.join(held)}"
        if p.requalified:
            body = escape_inline(report.election.community.body)
            requalified.append(
                f"{reason}; elected all the same, in vote order, because a full {body} could not be formed "
                "otherwise"
            )
        else:
            reasons.append(reason)
    more = depends if result.pass_overs_open else ""
    # Someone passed over and then elected is not "passed over" in the end: said apart, so that the
    # paragraph never calls an elected member passed over.
    text = f"{rule} Passed over: {'; '.join(reasons)}." if reasons else rule
    if requalified:
        text += f" Passed over at first, then re-qualified: {'; '.join(requalified)}."
    return ["", "### Conflict-of-interest rule", "", f"{text}{more}"]


def _markdown_ties(report: ResultsReport) -> list[str]:
    result = report.result
    if not result.ties:
        return []
    out = ["", "### Ties", ""]
    for tie in result.ties:
        names = _people(report, tie.members)
        head = f"- {names} tied {_tied(report, tie)}."
        resolution = report.resolution(tie)
        if not tie.deciding:
            line = f"{head} The tie decides nothing: {_nothing_text(report, tie)}."
            if resolution is not None:
                line += " " + _resolution_text(report, resolution)
            out.append(line)
            continue
        line = (
            f"{head} The tie decides "
            f"{_decides_text(report, tie, escape_inline, lambda logins: _people(report, logins))}."
        )
        if resolution is None:
            line += (
                " **Not resolved yet:** the candidates may agree on an order, or else the admins draw "
                "the order at random (`election-bot draw`)."
            )
            out.append(line)
            continue
        out.append(f"{line} {_resolution_text(report, resolution)}")
        if resolution.draw is not None:
            out += _markdown_draw(report.election.id, resolution.draw)
    return out


def _resolution_text(report: ResultsReport, resolution: Resolution) -> str:
    order = ", then ".join(_person(report, login) for login in resolution.order)
    if resolution.method == "agreement":
        agreed = ", ".join(user_link(login) for login in resolution.agreed_by)
        text = f"Resolved by mutual agreement of {agreed}: {order}."
    else:
        text = f"Resolved by a public random draw (RFC 3797 method): {order}."
    if resolution.note:
        text += f" Note: {escape_inline(resolution.note)}"
    return text


def _markdown_draw(election_id: str, draw: Draw) -> list[str]:
    """The proof of a draw, folded: the published values, the seed, and the commands that re-run it."""
    return [
        "",
        "  <details><summary>How the draw was made, and how to re-run it</summary>",
        "",
        f"  The draw was seeded by {draw_seeded_by(draw, code_span, escape_inline)}. Its canonical input, "
        f"hashed with SHA-256, gives the seed {code_span(draw.seed)}. Anyone can re-run it:",
        "",
        "  ```sh",
        f"  {_draw_command(election_id, draw)}",
        f"  {draw.printf_command()}",
        "  ```",
        "",
        "  </details>",
    ]
