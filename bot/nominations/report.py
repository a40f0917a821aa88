"""What people read about a nomination pull request: the report comment, the check run, the job summary,
and the polite refusal of a command.

Every user-supplied string (file names, finding messages that quote the file, logins) goes through
`bot.text.markdown`; the only deliberate `@mention` is of the nominee whose consent is awaited.
No text here depends on the clock, so the same facts always give the same bytes (a re-run writes nothing).
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass

from bot.config import workflows as bot_workflows
from bot.config.zones import human
from bot.github.values import Comment, same_login
from bot.nominations import (
    CHECK_NAME,
    ConsentVia,
    Facts,
    Ruling,
    Verdict,
    VerdictStatus,
    reply_marker,
    report_marker,
    state_block,
)
from bot.nominations.constants import NOMINATIONS_ROOT
from bot.nominations.membership import MembershipState
from bot.nominations.next_step import Cause, ChecklistRow, cause_of, checkable_locally, findings_in
from bot.nominations.record import Source
from bot.nominations.slash import Command
from bot.text import wording
from bot.text.catalogue import GUIDE
from bot.text.findings import Finding, Severity
from bot.text.labels import GITHUB_BODY_LIMIT
from bot.text.markdown import code_span, escape_inline, fill, mention, time_link, user_link

MAX_BODY = GITHUB_BODY_LIMIT - 5_536  # leave room for the markers
MAX_LISTED = 60  # findings listed in a comment; the check run has them all as annotations
MAX_MESSAGE = 1_000
NOMINEE_GUIDE = GUIDE  # the nominee guide, where every finding code has its anchor
TEMPLATE = "nominations/TEMPLATE.md"
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
# A checklist row the bot does not judge while the file name and `github` disagree: NOM006 says why and
# what follows once they agree (its text is the one owner of that sentence).
_AFTER_NOM006 = "not checked yet: see NOM006"
_SAFE_URL = re.compile(r"^https://[A-Za-z0-9.-]+(?::[0-9]+)?/[A-Za-z0-9._~/%#-]*$")

HEADLINES = {
    VerdictStatus.ready: "✅ Ready for review",
    VerdictStatus.needs_changes: "❌ Changes needed",
    VerdictStatus.awaiting_consent: "⏳ Waiting for the nominee's consent",
    VerdictStatus.membership_unverified: "⚠️ Membership not verified yet",
    VerdictStatus.window_undecided: "⚠️ Not on record as made in time: the admins decide",
    VerdictStatus.late: "⏰ Late: made at or after the cut-off",
}
TITLES = {
    VerdictStatus.ready: "Ready for review: every check passed",
    VerdictStatus.needs_changes: "Changes needed",
    VerdictStatus.awaiting_consent: "Waiting for the nominee's consent",
    VerdictStatus.membership_unverified: "Membership could not be verified",
    VerdictStatus.window_undecided: "No record that the nomination was made in time: the admins decide",
    VerdictStatus.late: "Late: made at or after the cut-off; the admins decide",
}
_ICON = {Severity.error: "❌", Severity.warning: "⚠️", Severity.notice: "ℹ️"}
_LEVEL = {Severity.error: "failure", Severity.warning: "warning", Severity.notice: "notice"}
_RANK = {Severity.error: 0, Severity.warning: 1, Severity.notice: 2}
_EVIDENCE_TEXT = {
    Source.opened: "GitHub's time of opening this pull request",
    Source.synchronize: "GitHub's time of the push",
    Source.event: "GitHub's time of an update of this pull request",
    Source.seen: "GitHub's time of the last update the bot saw",
    Source.cutoff: "the cut-off pass",
}
_DECISION_TEXT = {
    Command.verify_membership: "verified membership by hand",
    Command.unverify_membership: "withdrew the manual membership verification",
    Command.accept_late: "accepted the nomination outside the window",
}


@dataclass(frozen=True, slots=True)
class Links:
    """Where links point: the repository's web address and the branch the guides are read from."""

    web: str  # e.g. https://github.com/pypa/elections
    base_ref: str

    def guide(self, code: str) -> str:
        return f"{self.web}/blob/{urllib.parse.quote(self.base_ref)}/{NOMINEE_GUIDE}#{code.lower()}"

    def page(self, path: str) -> str:
        """A file of the repository as the default branch has it (the guides)."""
        return f"{self.web}/blob/{urllib.parse.quote(self.base_ref)}/{urllib.parse.quote(path)}"

    def file(self, sha: str, path: str, line: int | None) -> str:
        anchor = f"#L{line}" if line else ""
        return f"{self.web}/blob/{urllib.parse.quote(sha)}/{urllib.parse.quote(path)}{anchor}"


def links_for(html_url: str, number: int, base_ref: str) -> Links:
    """The repository's web address from the PR's own URL (GitHub Enterprise hosts included); a URL that
    is not plain https (a local stand-in) falls back to github.com with the same owner/name."""
    parsed = urllib.parse.urlsplit(html_url)
    path = parsed.path.removesuffix(f"/pull/{number}")
    web = f"https://{parsed.netloc}{path}" if parsed.scheme == "https" else f"https://github.com{path}"
    return Links(safe_url(web) or "https://github.com", base_ref)


def safe_url(url: str) -> str | None:
    return url if _SAFE_URL.match(url) else None


@dataclass(frozen=True, slots=True)
class CheckOutput:
    name: str
    conclusion: str
    title: str
    summary: str
    text: str


@dataclass(frozen=True, slots=True)
class AnnotationText:
    path: str
    line: int
    level: str  # failure, warning, notice
    title: str
    message: str


# -- pieces -------------------------------------------------------------------------------------------


def _finding_line(f: Finding, links: Links, sha: str) -> str:
    where = f"{f.path}:{f.line}" if f.line else f.path
    label = "" if f.severity is Severity.error else f" ({f.severity.value})"
    target = links.file(sha, f.path, f.line)
    message = _sentence(finding_markdown(f, links))
    return (
        f"{_ICON[f.severity]} [{code_span(where)}]({target}) [**{f.code}**]({links.guide(f.code)}){label}: "
        f"{message}"
    )


def _sentence(markdown: str) -> str:
    """A finding's words end with a full stop in the report, whatever the catalogue's line ends with."""
    return markdown if markdown.rstrip().endswith((".", "?", "!")) else f"{markdown.rstrip()}."


def finding_markdown(f: Finding, links: Links) -> str:
    """A finding's words as Markdown: the catalogue's own formatting takes effect and the guide and the
    template it names are links; only the values are escaped. A finding from outside the catalogue is
    escaped whole."""
    if not f.template:
        return escape_inline(f.message, limit=MAX_MESSAGE)
    return fill(
        f.template,
        dict(f.params),
        {NOMINEE_GUIDE: links.page(NOMINEE_GUIDE), TEMPLATE: links.page(TEMPLATE)},
        pulls=f"{links.web}/pull",
    )


def _row(findings: list[Finding], ok: str, *, pending: str | None = None) -> tuple[str, str]:
    errors = [f for f in findings if f.severity is Severity.error]
    warnings = [f for f in findings if f.severity is Severity.warning]
    if errors:
        codes = ", ".join(sorted({f.code for f in errors}))
        return "❌", f"{wording.count(len(errors), 'problem')}: {codes}"
    if pending is not None:
        return "⏳", pending
    if warnings:
        codes = ", ".join(sorted({f.code for f in warnings}))
        return "⚠️", f"{ok}; see {codes}"
    return "✅", ok


def _membership_text(facts: Facts, verdict: Verdict) -> str:
    answer = verdict.membership
    if verdict.membership_by is not None:
        d = verdict.membership_by
        klass = answer.membership or "?"
        zone = facts.election.zone if facts.election else None
        return f"{klass}, verified by hand by admin {user_link(d.by_login)} at {human(d.at, zone)}"
    model = facts.election.community.membership if facts.election else None
    directory = model.directory if model else "member list"
    if answer.state is MembershipState.verified and answer.membership is not None:
        shown = answer.membership or "member"
        return f"{escape_inline(shown)}, in the {escape_inline(directory)}"
    if answer.state is MembershipState.not_found:
        return f"not found in the {escape_inline(directory)}"
    return f"could not verify: {escape_inline(answer.reason or 'no answer')}"


def _membership_name(facts: Facts) -> str:
    return facts.election.community.membership.name if facts.election else "membership"


def _consent_text(facts: Facts, verdict: Verdict) -> tuple[str, str]:
    consent, nominee = facts.consent, facts.nominee
    if facts.names_disagree:
        return "➖", _AFTER_NOM006
    if nominee is None:
        return "➖", "unknown until the nominee's account is known"
    duplicate = {f.code for f in verdict.errors} & {"PR008", "PR009"}
    if duplicate and consent.via is None:  # not asked on the pull request they should abandon
        where = _pull_link(facts, facts.duplicate_of) if "PR008" in duplicate else "their first nomination"
        return "➖", f"not asked here: {user_link(nominee.login)} consents on {where}"
    if consent.via is ConsentVia.author:
        return "✅", f"{user_link(nominee.login)} opened this pull request"
    link = safe_url(consent.url)
    via = {ConsentVia.review: "approved this pull request", ConsentVia.comment: "commented `/consent`"}
    if consent.via is not None:
        text = via[consent.via]
        return "✅", f"{user_link(nominee.login)} {f'[{text}]({link})' if link else text}"
    if consent.stale is not None:
        return "⏳", (
            f"waiting for {user_link(nominee.login)}: the nomination changed after they consented (or the "
            "bot cannot tell which version they consented to), so they must consent again"
        )
    return "⏳", f"waiting for {user_link(nominee.login)}"


def checklist(facts: Facts, verdict: Verdict) -> str:
    """The table admins triage by: one row per check, in the order a person would ask."""
    rows: list[tuple[str, str, str]] = []
    chosen = facts.selection.nomination
    icon, text = _row(findings_in(verdict.findings, ChecklistRow.files), "")
    if icon == "✅" and chosen is not None:
        text = f"{code_span(chosen.filename)} ({escape_inline(chosen.status)})"
    rows.append((icon, ChecklistRow.files.value, text))
    election = facts.election
    icon, text = _row(findings_in(verdict.findings, ChecklistRow.election), "")
    if icon == "✅":
        text = f"{escape_inline(election.title)} ({code_span(election.id)})" if election else "—"
        icon = icon if election else "➖"
    rows.append((icon, ChecklistRow.election.value, text))
    evidence = facts.evidence
    zone = election.zone if election is not None else None
    made = (
        f"first proposed at {human(evidence.at, zone)} ({_EVIDENCE_TEXT.get(evidence.source, evidence.source)})"
        if evidence is not None
        else "no record of when it was first proposed"
    )
    if election is not None:
        window = f"{human(election.nominations.start, zone)} – {time_link(election.nominations.end, zone)}"
        icon, text = _row(findings_in(verdict.findings, ChecklistRow.window), f"{made}; window {window}")
        if verdict.late_by is not None:
            d = verdict.late_by
            icon, text = (
                "✅",
                f"{made}; accepted by admin {user_link(d.by_login)} at {human(d.at, zone)}",
            )
        rows.append((icon, ChecklistRow.window.value, text))
    file_findings = findings_in(verdict.findings, ChecklistRow.file)
    icon, text = _row(file_findings, "valid")
    if facts.loaded is None and not file_findings:
        icon, text = "➖", "not checked"
    rows.append((icon, ChecklistRow.file.value, text))
    login = facts.nominee_login
    mismatch = facts.names_disagree
    icon, text = _row(findings_in(verdict.findings, ChecklistRow.account), "")
    if mismatch:
        icon, text = "➖", _AFTER_NOM006
    elif icon == "✅":
        if facts.nominee is not None:
            text = user_link(facts.nominee.login)
        else:
            icon, text = "➖", "not checked" if login is None else "unknown"
    rows.append((icon, ChecklistRow.account.value, text))
    mem = findings_in(verdict.findings, ChecklistRow.membership)
    icon, text = _row(mem, _membership_text(facts, verdict))
    if icon == "❌" or (icon == "⚠️" and verdict.membership.state is not MembershipState.verified):
        text = _membership_text(facts, verdict)
    if not facts.names_nominee:
        icon, text = "➖", "checked once `github` is a valid login"
    elif mismatch:
        icon, text = "➖", _AFTER_NOM006
    elif facts.pull.off_default_branch:
        icon, text = "➖", "checked once the pull request targets the default branch"
    rows.append((icon, escape_inline(wording.capitalised(_membership_name(facts))), text))
    icon, text = _consent_text(facts, verdict)
    rows.append((icon, "Nominee's consent", text))
    icon, text = _row(findings_in(verdict.findings, ChecklistRow.once), "no other nomination of this person")
    if login is None or election is None:
        icon, text = "➖", "not checked"
    elif mismatch:
        icon, text = "➖", _AFTER_NOM006
    rows.append((icon, ChecklistRow.once.value, text))
    # Two columns, each with a heading (the mark leads the check's name): a phone shows the whole table.
    lines = ["| check | result |", "| --- | --- |"]
    # A `|` splits a table cell even inside a code span (GitHub's tables): escape it there too.
    lines += [f"| {icon} {what} | {_cell(text)} |" for icon, what, text in rows]
    return "\n".join(lines)


def _cell(text: str) -> str:
    return _UNESCAPED_PIPE.sub(r"\\|", text)


def findings_list(findings: Sequence[Finding], links: Links, sha: str, *, numbered: bool = False) -> str:
    """The findings as a list (numbered: the fixes, in the order to make them), at most MAX_LISTED."""
    listed = list(findings[:MAX_LISTED])
    lines = [
        f"{f'{n}.' if numbered else '-'} {_finding_line(f, links, sha)}" for n, f in enumerate(listed, 1)
    ]
    rest = findings[len(listed) :]
    if rest:
        lines.append(f"- … and {len(rest)} more ({by_code(rest)}): the `{CHECK_NAME}` check lists every one")
    return "\n".join(lines)


def _nominee_named(facts: Facts, *, ping: bool) -> str:
    nominee = facts.nominee
    if nominee is None:
        return "the nominee"
    return mention(nominee.login) if ping else user_link(nominee.login)


def _end(facts: Facts) -> str:
    election = facts.election
    return time_link(election.nominations.end, election.zone) if election else "the cut-off"


def _consent_request(facts: Facts, *, ping: bool) -> str:
    """The nominee's step: who nominated them, for what, and the one thing to do."""
    who = _nominee_named(facts, ping=ping)
    how = (
        "comment `/consent` on a line of its own, or approve this pull request (*Files changed* → "
        "*Review changes* → *Approve*)"
    )
    if facts.consent.stale is not None:
        return (
            f"{who}: this nomination changed after you consented (or the bot cannot tell which version you "
            f"consented to). If you still agree to stand, consent again: {how}{_by_the_cut_off(facts)}."
        )
    title = escape_inline(facts.election.title) if facts.election else "this election"
    return (
        f"{who}: {user_link(facts.pull.author.login)} nominated you for {title}. If you agree to stand, "
        f"{how}{_by_the_cut_off(facts)}. If you do not want to stand, say so here and an admin will close it."
    )


def _by_the_cut_off(facts: Facts) -> str:
    """By when, and what happens after it: said in the first paragraph of every report that asks a
    nominee or an author to act (nothing once the cut-off has passed: the admins decide then)."""
    if facts.election is None or facts.closed:
        return ""
    return (
        f" before the cut-off, {_end(facts)}. A nomination not ready by then goes to the election "
        "administrators, who decide whether it is accepted"
    )


def _pull_link(facts: Facts, number: int | None) -> str:
    """`[pull request #3](…)`: a link, since the bot names a pull request it found itself."""
    web = links_for(facts.pull.html_url, facts.pull.number, facts.pull.base_ref).web
    if number is None:
        return "another pull request"
    return f"[pull request #{number}]({web}/pull/{number})"  # inside a link GitHub adds no link of its own


def _fix_lead(facts: Facts, verdict: Verdict) -> str:
    errors = verdict.errors
    path = facts.selection.nomination.filename if facts.selection.nomination else None
    in_file = path is not None and all(f.path == path for f in errors)
    where = code_span(path) if in_file and path else "this pull request"
    lead = (
        f"{user_link(facts.pull.author.login)}: fix {wording.count(len(errors), 'thing')} in {where}, then push "
        f"to this branch{_by_the_cut_off(facts)}. The bot checks every push."
    )
    if in_file and path and checkable_locally(errors):
        lead += f" {code_span(f'election-bot validate {path}')} checks the file on your machine first."
    return lead


def lead_and_steps(facts: Facts, verdict: Verdict, *, ping: bool) -> tuple[str, list[str]]:
    """Who must do what next: one sentence for whoever acts first, then the others' steps. Each cause has
    its own next step, and none is a step that cannot work (pushing cannot make a late nomination in time;
    a duplicate's nominee is not asked to consent on the pull request they should abandon).
    `ping`: name the nominee with a real `@mention` (the report comment only)."""
    author = user_link(facts.pull.author.login)
    cause = cause_of(verdict.errors)
    steps: list[str] = []
    nominee = facts.nominee
    asks_consent = not facts.names_disagree and nominee is not None and not facts.consent.given
    unverified = verdict.membership.state is MembershipState.unverified and facts.judges_nominee
    if cause is Cause.wrong_base:
        default = code_span(facts.pull.default_branch or "")
        return (
            f"{author}: retarget this pull request to {default} (Edit, next to the title, then choose "
            f"{default} as the base branch): a nomination counts only when merged into {default}.",
            steps,
        )
    if cause is Cause.shared_head:
        return (
            f"{author}: push a commit of your own to this branch, or close this pull request: its head commit "
            "is also the head of an earlier pull request, whose check this is.",
            steps,
        )
    if cause is Cause.set_aside:
        who = user_link(nominee.login) if nominee else "The nominee"
        return (
            f"{author}: {who} has nominated themselves in another pull request, which comes first; close "
            "this one, or see problem 1 for the other way.",
            steps,
        )
    if cause in (Cause.open_duplicate, Cause.merged_duplicate):
        who = user_link(nominee.login) if nominee else "This person"
        # The lead says who acts and that a push cannot help; problem 1 below names the earlier
        # nomination and the way out (the lead does not repeat it).
        if cause is Cause.open_duplicate:
            return (
                f"{author}: this pull request nominates {who} a second time, and no push to this branch can "
                "change that: problem 1 says what can.",
                steps,
            )
        return (
            f"{author}: this pull request adds a second nomination of {who}; fix that by changing the first "
            "one instead, as problem 1 says.",
            steps,
        )
    if cause is Cause.late:
        login = nominee.login if nominee else facts.nominee_login or "<login>"
        steps.append(f"{author}: no change can make the nomination in time, so there is nothing to push.")
        return (
            f"**Admins**: this nomination came late, after the cut-off ({_end(facts)}). Accept it with "
            f"{code_span(f'/accept-late @{login}')} only if the rules allow an exception; otherwise close "
            "this pull request.",
            steps,
        )
    if asks_consent and verdict.status is VerdictStatus.needs_changes:
        steps.append(_consent_request(facts, ping=ping))
    if verdict.status is VerdictStatus.needs_changes and facts.closed:
        return (
            f"**Admins**: nominations closed at {_end(facts)} while this nomination still had "
            f"{wording.count(len(verdict.errors), 'problem')} (below); decide whether {author} may fix them. "
            f"{author}: do not push further changes unless an admin asks you to.",
            steps,
        )
    if verdict.status is VerdictStatus.needs_changes:
        return _fix_lead(facts, verdict), steps
    if unverified:
        whose = f" of {user_link(nominee.login)}" if nominee is not None else ""
        why = f" ({escape_inline(verdict.membership.reason)})" if verdict.membership.reason else ""
        steps.append(
            f"**Admins**: {escape_inline(_membership_name(facts))}{whose} could not be verified "
            f"automatically{why}. Check it by hand, then comment `/verify-membership` (or "
            "`/verify-membership <class>`)."
        )
    if verdict.status is VerdictStatus.window_undecided and nominee is not None:
        steps.insert(
            0,
            "**Admins**: the bot has no record that this nomination was made before the cut-off "
            f"({_end(facts)}). If it was, comment {code_span(f'/accept-late @{nominee.login}')}; if not, close "
            "this pull request.",
        )
    if asks_consent:
        return _consent_request(facts, ping=ping), steps
    if steps:
        return steps[0], steps[1:]
    if nominee is not None and not same_login(nominee.login, facts.pull.author.login):
        people = f"{author} and {user_link(nominee.login)}"
    else:
        people = author
    return (
        f"**Admins**: every check passed; review and merge this pull request. {people}: nothing more to do.",
        steps,
    )


def _decisions_table(facts: Facts) -> str:
    """Who decided what, for whom, each person a link to their profile and each decision a link to the
    admin's comment."""
    decisions, nominee = facts.decisions, facts.nominee
    pr_url = f"{links_for(facts.pull.html_url, facts.pull.number, facts.pull.base_ref).web}/pull/{facts.pull.number}"
    lines = [
        "| when | admin | decision | for | comment |",
        "| --- | --- | --- | --- | --- |",
    ]
    for d in sorted(decisions, key=lambda d: (d.at, d.comment_id)):
        what = _DECISION_TEXT.get(d.kind, d.kind.value)
        if d.value:
            what += f": {code_span(d.value)}"
        login = d.nominee_login or (
            nominee.login if nominee is not None and nominee.id == d.nominee_id else ""
        )
        # (a record from before logins were kept, for another account: its id is all there is)
        whom = user_link(login) if login else f"account id {d.nominee_id}"
        if d.election:
            whom += f" in {code_span(d.election)}"
        link = f"[comment]({pr_url}#issuecomment-{d.comment_id})"
        lines.append(f"| {human(d.at, None)} | {user_link(d.by_login)} | {what} | {whom} | {link} |")
    return "\n".join(lines)


def _footer(facts: Facts) -> str:
    contact = f" Questions: {code_span(facts.election.contact)}." if facts.election else ""
    return (
        f"<sub>Checked commit {code_span(facts.pull.head_sha[:12])}.{contact}</sub>\n\n"
        "<details><summary>Commands</summary>\n\n"
        "The nominee consents with `/consent`; admins can comment `/verify-membership [class]`, "
        "`/unverify-membership`, `/accept-late` and `/recheck`, naming the nominee to be exact "
        "(`/accept-late @<login>`).\n\n</details>"
    )


def _bounded(text: str) -> str:
    if len(text) <= MAX_BODY:
        return text
    cut = text[:MAX_BODY].rsplit("\n", 1)[0]
    return f"{cut}\n\n… (shortened; the `{CHECK_NAME}` check lists everything)"


# -- the report comment -------------------------------------------------------------------------------


def _checklist_details(facts: Facts, verdict: Verdict) -> str:
    return f"<details><summary>Checklist</summary>\n\n{checklist(facts, verdict)}\n\n</details>"


def _after_lead(verdict: Verdict, links: Links, sha: str, steps: Sequence[str]) -> list[str]:
    """What follows the lead sentence: the numbered fixes, the other people's steps and the notes."""
    parts: list[str] = []
    if verdict.errors:
        parts += ["", findings_list(verdict.errors, links, sha, numbered=True)]
    if steps:
        parts += ["", "\n".join(f"- {s}" for s in steps)]
    others = [f for f in verdict.findings if f.severity is not Severity.error]
    if others:
        parts += ["", "### Notes", "", findings_list(others, links, sha)]
    return parts


def admin_notes(facts: Facts) -> list[str]:
    """What the admins must fix outside this pull request for the election to go on: a bot workflow that
    GitHub does not run (a timer disabled after 60 quiet days stops every phase), or workflow states the
    job could not read."""
    if facts.workflows is None:
        return [
            "The check could not read the repository's workflows: its job needs `actions: read` (the "
            "`nomination-check.yml` that `election-bot init` writes grants it), to notice a disabled timer."
        ]
    notes = [bot_workflows.stopped_notice(w, code_span) for w in bot_workflows.stopped(facts.workflows)]
    for run in facts.foreign_checks:
        made = f"by the app {code_span(run.app_slug)}" if run.app_slug else "by an unknown app"
        url = safe_url(run.details_url or "")
        where = f" ([details]({url}))" if url else ""
        notes.append(
            f"A `{CHECK_NAME}` check run on this commit (id {run.id}, {escape_inline(run.conclusion or run.status)}) "
            f"was made {made}, not by this check{where}: a workflow job named `{CHECK_NAME}` (in a fork's own "
            "workflow, say) or another app. GitHub's required check goes by the newest run; the check keeps its "
            "own the newest. Require the check from the GitHub Actions app (branch protection or "
            "ruleset), and do not merge on that run's word."
        )
    return notes


def election_live(facts: Facts) -> bool:
    """The election is under way: its last phase had not ended when the pull request last changed
    (GitHub's own time; the check reads no clock)."""
    election = facts.election
    if election is None or not election.phases:
        return False
    at = facts.pull.updated_at or facts.pull.created_at
    return at < max(p.end for p in election.phases)


def _admin_section(facts: Facts) -> list[str]:
    notes = admin_notes(facts)
    return ["", "### For the admins", "", "\n".join(f"- {n}" for n in notes)] if notes else []


def report_body(facts: Facts, verdict: Verdict, *, check_run_id: int | None) -> str:
    pull = facts.pull
    links = links_for(pull.html_url, pull.number, pull.default_branch or pull.base_ref)
    lead, steps = lead_and_steps(facts, verdict, ping=True)
    parts = [f"## Nomination check: {HEADLINES[verdict.status]}", "", lead]
    parts += _after_lead(verdict, links, pull.head_sha, steps)
    if election_live(facts):
        parts += _admin_section(facts)
    parts += ["", _checklist_details(facts, verdict)]
    if facts.decisions:
        parts += ["", "### Decisions", "", _decisions_table(facts)]
    parts += ["", _footer(facts)]
    body = _bounded("\n".join(parts))
    marker = report_marker(pull.number, verdict.digest, check_run_id, pull.head_sha)
    return f"{marker}\n{body}\n{state_block(facts.decisions, facts.sightings, facts.consents, facts.read, facts.workflow_reading, facts.cut_off_recorded)}\n"


# -- the check run ------------------------------------------------------------------------------------


def check_output(facts: Facts, verdict: Verdict) -> CheckOutput:
    pull = facts.pull
    links = links_for(pull.html_url, pull.number, pull.default_branch or pull.base_ref)
    errors = len(verdict.errors)
    fixable = (
        errors and verdict.status is VerdictStatus.needs_changes
    )  # nothing to fix makes a late one in time
    title = TITLES[verdict.status] + (f": {wording.count(errors, 'problem')} to fix" if fixable else "")
    lead, steps = lead_and_steps(facts, verdict, ping=False)  # a check run pings nobody
    # The problems first, as in the comment: the lead, the fixes and the steps, then the checklist.
    after = "\n".join(_after_lead(verdict, links, pull.head_sha, steps)).strip()
    summary = _bounded(f"## {HEADLINES[verdict.status]}\n\n{lead}\n\n{after}".strip())
    text = _bounded(checklist(facts, verdict))
    return CheckOutput(CHECK_NAME, verdict.conclusion, title, summary, text)


def annotation_texts(verdict: Verdict, facts: Facts, limit: int) -> list[AnnotationText]:
    """The findings at their file and line (line 1 for findings about the whole file), at most `limit`
    (what one request to GitHub carries): errors first; past the limit, the last annotation counts the
    findings left out by code, and the check run's text lists them."""
    chosen = facts.selection.nomination.filename if facts.selection.nomination else None

    def where(f: Finding) -> str:
        return f.path if f.path != NOMINATIONS_ROOT else (chosen or f.path)

    ranked = sorted(verdict.findings, key=lambda f: _RANK[f.severity])  # stable: file order within
    shown = ranked if len(ranked) <= limit else ranked[: max(limit - 1, 0)]
    out = [
        AnnotationText(where(f), f.line or 1, _LEVEL[f.severity], f.code, f.message[:MAX_MESSAGE])
        for f in shown
    ]
    left = ranked[len(shown) :]
    if left and limit > 0:
        message = f"{len(left)} more findings are not annotated: {by_code(left)}; the check's text lists them"
        out.append(AnnotationText(where(left[0]), left[0].line or 1, "notice", "more", message[:MAX_MESSAGE]))
    return out


def by_code(findings: Sequence[Finding]) -> str:
    """`NOM003 ×1990, NOM025 ×12`: how many findings of each code, most first."""
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.code] = counts.get(f.code, 0) + 1
    return ", ".join(f"{code} ×{n}" for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


# -- replies and the job summary ----------------------------------------------------------------------


def refusal_body(comment: Comment, rulings: Sequence[Ruling], contact: str | None) -> str:
    """One polite answer to one comment, naming it in a marker so that a re-run never answers twice."""
    link = safe_url(comment.html_url)
    where = f"[your comment]({link})" if link else "your comment"
    lines = [
        reply_marker(comment.id, comment.author.id),
        f"Thank you, {user_link(comment.author.login)}. I did not act on {where}:",
        "",
    ]
    lines += [f"- `/{r.command.name.value}`: {r.reason}." for r in rulings]
    ask = f" If you think this is wrong, write to {code_span(contact)}." if contact else ""
    lines += ["", f"Nothing was changed.{ask}"]
    return "\n".join(lines)


def reconsent_body(marker: str, nominee_login: str, pull_url: str) -> str:
    """The nominee is asked again, once, when the nomination changed after they consented."""
    link = safe_url(pull_url)
    where = f"[this pull request]({link})" if link else "this pull request"
    return "\n".join(
        [
            marker,
            f"{mention(nominee_login)}: the nomination in {where} changed after you consented (or the bot "
            "cannot tell which version you consented to), so your consent no longer counts. If you still "
            "agree to stand with the nomination as it is now, approve the pull request again or comment "
            "`/consent` on a line of its own.",
        ]
    )


def _exit_words(verdict: Verdict) -> str:
    """The run's exit status in words an admin reading the job summary can act on."""
    meaning = "every check passed" if verdict.exit_code == 0 else "the nomination is not ready (see above)"
    return f"The check ended with exit status {verdict.exit_code}: {meaning}."


def job_summary(facts: Facts, verdict: Verdict, *, requests: str) -> str:
    pull = facts.pull
    links = links_for(pull.html_url, pull.number, pull.default_branch or pull.base_ref)
    lead, steps = lead_and_steps(facts, verdict, ping=False)
    parts = [f"## Nomination check of #{pull.number}: {HEADLINES[verdict.status]}", "", lead]
    parts += _after_lead(verdict, links, pull.head_sha, steps)
    parts += _admin_section(facts)
    parts += ["", _checklist_details(facts, verdict)]
    parts += [
        "",
        f"<details><summary>This run</summary>\n\n{_exit_words(verdict)} {_sentence(escape_inline(requests))}"
        "\n\n</details>",
        "",
    ]
    return _bounded("\n".join(parts))


def message_summary(title: str, detail: str) -> str:
    """A job summary for runs that did not reach a verdict (nothing to do, GitHub unavailable)."""
    return f"## Nomination check: {escape_inline(title)}\n\n{escape_inline(detail, limit=2000)}\n"
