"""Acting on a verdict: what the nomination check writes to GitHub, and nothing it need not."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import replace

from bot import nominations as prcheck
from bot.commands.pr.conversions import CONCLUSIONS, ListedComment, annotation
from bot.github.port import MAX_ANNOTATIONS_PER_REQUEST, GitHubError, GitHubPort, GitHubUnavailable
from bot.github.values import PullRequest
from bot.nominations import Facts, Outcome, ReportState, Ruling, Verdict, record, report
from bot.nominations.constants import REQUEST_BUDGET
from bot.text import labels as vocab

log = logging.getLogger(__name__)

# REQUEST_BUDGET (bot.nominations.constants) is the most requests one run may make, whatever the pull
# request, its file, its comments or the event contain, with its labels existing (`make bench` holds every
# scenario, hostile ones included, to it). Replies to older refused commands come last and only while the
# run is under it (an unanswered one waits for the next run); the answer to the event's own comment always
# goes out.


def publish(
    gh: GitHubPort,
    facts: Facts,
    verdict: Verdict,
    state: ReportState,
    rulings: Mapping[int, Sequence[Ruling]],
    listed: Sequence[ListedComment],
    event_comment: int | None,
    writes: list[str],
    *,
    low: bool = False,
    known_labels: frozenset[str] = frozenset(),
) -> Facts:
    """Make GitHub show the verdict: the check run, the report comment, the labels, a renewed consent
    request, and one polite refusal per person; only what changed is written (each write is appended to
    `writes`). The check run is trusted as fresh only when the commit's latest one is the report's.
    Returns the facts as the report showed them (with any foreign `nomination` check run found)."""
    pull = facts.pull
    check_run_id = state.check_run_id
    fresh = _report_names_this_verdict(state, pull, verdict)
    if fresh and facts.shared_with is None:
        # Never trust "fresh" on the report's word alone: the commit's latest `nomination` check run
        # must be the one this report names (another pull request with this head could have added one,
        # or a workflow job named `nomination`: then the admins are told, and a new one makes ours newest).
        runs = gh.list_check_runs(pull.head_sha, prcheck.CHECK_NAME)
        latest = max(runs, key=lambda r: r.id) if runs else None
        fresh = latest is not None and latest.id == check_run_id
        foreign = tuple(r for r in runs if not prcheck.made_by_the_check(r.app_slug, r.external_id))
        if foreign:
            facts = replace(facts, foreign_checks=foreign)
    if facts.shared_with is not None:
        check_run_id = None  # the commit's verdict is the earlier pull request's
    elif not fresh:
        output = report.check_output(facts, verdict)
        check_run_id = gh.create_check_run(
            output.name,
            pull.head_sha,
            conclusion=CONCLUSIONS.get(output.conclusion, "failure"),
            title=output.title,
            summary=output.summary,
            text=output.text or None,
            annotations=[
                annotation(a) for a in report.annotation_texts(verdict, facts, MAX_ANNOTATIONS_PER_REQUEST)
            ],
            external_id=prcheck.check_external_id(pull.number, verdict.digest),
        )
        writes.append("create_check_run")
    body = report.report_body(facts, verdict, check_run_id=check_run_id)
    quiet = _record_only(facts, state)
    if state.comment_id is not None and quiet is not facts:
        # What is new is only for the record (short comments read, a reading of the workflows that found
        # what the last one found): not worth a request of its own.
        unread = report.report_body(quiet, verdict, check_run_id=check_run_id)
        if _normal(unread) == _normal(state.body):
            body = unread
    if state.comment_id is None:
        marker = prcheck.report_marker(pull.number, verdict.digest, check_run_id, pull.head_sha)
        gh.create_issue_comment(pull.number, body, marker=marker)
        writes.append("create_issue_comment")
    elif _normal(body) != _normal(state.body):
        try:
            gh.edit_issue_comment(state.comment_id, body)
        except GitHubError as error:
            if error.status != 404:
                raise
            # Deleted since this run listed it (someone with write access can): not a configuration
            # problem. The re-run lists the comments again and posts a new report (or edits this one,
            # if GitHub's 404 was a glitch); a new report now could leave two.
            raise GitHubUnavailable(
                "the bot's report comment was deleted while this run updated it; re-run the job to "
                "post a new one",
                status=404,
                operation=error.operation,
            ) from None
        writes.append("edit_issue_comment")
    add, remove = prcheck.plan_labels(pull.labels, verdict.labels)
    if add:
        add = _existing_after_ensuring(gh, add, known_labels)
    if add:
        gh.add_labels(pull.number, add)
        writes.append("add_labels")
    for name in remove:
        gh.remove_label(pull.number, name)
        writes.append("remove_label")
    stale, nominee = facts.consent.stale, facts.nominee
    if stale is not None and nominee is not None:
        mark = record.reconsent_marker(stale[0].value, stale[1])
        if not any(mark in c.comment.body for c in listed if c.own):
            body = report.reconsent_body(mark, nominee.login, pull.html_url)
            gh.create_issue_comment(pull.number, body, marker=mark)
            writes.append("reconsent")
    by_id = {c.comment.id: c.comment for c in listed}
    contact = facts.election.contact if facts.election else None
    answered = prcheck.refused_authors(c.comment.body for c in listed if c.own)
    for comment_id, comment_rulings in rulings.items():
        refused = [r for r in comment_rulings if r.outcome is Outcome.refused]
        comment = by_id.get(comment_id)
        if not refused or comment is None or comment.author.id in answered:
            continue  # (each person is refused in words once per pull request)
        if comment_id != event_comment and (low or gh.stats.total >= REQUEST_BUDGET):
            # The answer to this event's own comment always goes out; older ones wait their turn.
            log.info("request budget reached: the reply to comment %d waits for the next run", comment_id)
            continue
        gh.create_issue_comment(
            pull.number,
            report.refusal_body(comment, refused, contact),
            marker=prcheck.reply_marker(comment_id, comment.author.id),
        )
        answered.add(comment.author.id)
        writes.append("reply")

    return facts


def _record_only(facts: Facts, state: ReportState) -> Facts:
    """The facts with what is new only for the trusted record put back as the record had it."""
    quiet = facts
    if not facts.read_worth_writing and facts.read != state.read:
        quiet = replace(quiet, read=state.read)
    now, then = facts.workflow_reading, state.workflows
    if now is not None and now != then and now.stopped == (then.stopped if then is not None else ()):
        quiet = replace(quiet, workflow_reading=then)  # (found what the report shows)
    return quiet


def _report_names_this_verdict(state: ReportState, pull: PullRequest, verdict: Verdict) -> bool:
    """The report names a check run for this head and this verdict (then `publish` only confirms the
    check run is the commit's newest); `requests_to_publish` counts by the same test."""
    return (
        state.check_run_id is not None and state.head_sha == pull.head_sha and state.digest == verdict.digest
    )


def _unknown_labels(names: Sequence[str], known: frozenset[str]) -> list[str]:
    """The labels to add that no open pull request carries (`known`, casefolded): those `publish` may create."""
    return [name for name in names if name.casefold() not in known]


def requests_to_publish(
    facts: Facts,
    verdict: Verdict,
    state: ReportState,
    rulings: Mapping[int, Sequence[Ruling]],
    listed: Sequence[ListedComment],
    event_comment: int | None,
    known_labels: frozenset[str] = frozenset(),
    *,
    creating: bool = True,
) -> int:
    """The most requests `publish` can make for this verdict besides the replies it may leave for a later
    run: what a run has to keep for it before it reads anything it can do without. `creating` False: as
    the per-run bound counts them, with the labels existing (a new nominee's label is created once)."""
    pull = facts.pull
    count = 0
    if facts.shared_with is None:
        same = _report_names_this_verdict(state, pull, verdict)
        count += 2 if same else 1  # (the commit's check runs listed, and a new one if ours is not the newest)
    count += 1  # the report, created or edited
    add, remove = prcheck.plan_labels(pull.labels, verdict.labels)
    # A label no open pull request carries may be created (`_existing_after_ensuring`; the bot's fixed
    # labels exist: `election-bot labels` and the reconciler create them), then the labels are added.
    unknown = _unknown_labels(add, known_labels)
    nominees = [name for name in unknown if name.startswith(vocab.NOMINEE_PREFIX)]
    created = len(nominees) + (0 if len(nominees) == len(unknown) else 1)
    count += (1 + (created if creating else 0) if add else 0) + len(remove)
    stale, nominee = facts.consent.stale, facts.nominee
    if stale is not None and nominee is not None:
        count += 1
    by_id = {c.comment.id: c for c in listed}
    if event_comment is not None and any(
        r.outcome is Outcome.refused for r in rulings.get(event_comment, ())
    ):
        answered = prcheck.refused_authors(c.comment.body for c in listed if c.own)
        own = by_id.get(event_comment)
        count += int(own is not None and own.comment.author.id not in answered)
    return count


def _existing_after_ensuring(gh: GitHubPort, names: Sequence[str], known: frozenset[str]) -> list[str]:
    """The labels to add that exist once the missing ones were asked for: none is asked for when some open
    pull request carries each (`known`, casefolded); a new nominee's label is created at once (one request;
    GitHub answers 422 already_exists for one that exists, which is success); the repository's labels are
    listed first only when one of the bot's fixed labels may be missing. Creating a label may be refused
    to this job's token (GitHub's table accepts pull_requests: write, field reports say only issues: write
    works; the check job holds no issues: write): the run goes on with the labels that exist, and the phases
    reconciler, which has issues: write, creates a nominee's label on its next pass and adds it."""
    unknown = _unknown_labels(names, known)
    if not unknown:
        return list(names)
    try:
        if all(name.startswith(vocab.NOMINEE_PREFIX) for name in unknown):
            for name in unknown:
                spec = vocab.spec(name)
                gh.create_label(spec.name, spec.color, spec.description)
        else:
            gh.ensure_labels([vocab.spec(name) for name in unknown])
        return list(names)
    except GitHubUnavailable:
        raise
    except GitHubError as error:
        if error.status != 403:
            raise
    have = {label.name.casefold() for label in gh.list_labels()}
    left = [name for name in names if name.casefold() not in have]
    log.warning(
        "GitHub refused to create the labels %s for this job's token; the phases reconciler creates them",
        ", ".join(left),
    )
    return [name for name in names if name.casefold() in have]


def _normal(text: str) -> str:
    return text.replace("\r\n", "\n").strip()
