"""One run of `election-bot pr`: check one nomination pull request end to end, from the Actions environment.

Gather the facts through the ports (the event payload, GitHub through the gateway, the membership
directory, the elections in the checkout of the default branch: `gather`, `rulings`), let the pure core
decide (`bot.nominations`), render (`bot.nominations.report`) and act (`run`, `publish`): one check run,
one report comment edited in place, labels kept in sync, a polite refusal for a command that was not
allowed, a job summary. This module is the entry point: the event, the quick answers, the log and the
summary.

Level-triggered: every run recomputes the whole verdict from the pull request's current state (GitHub
keeps one pending run per concurrency group, so an event's own run may be replaced by a later one).
Writes happen only when something changed: the report comment's hidden marker carries the digest of the
verdict, the check run id and the head commit, so a re-run with the same state makes no write at all.

Request budget for one run (labels already existing): `list_open_pulls` (finds this PR, its labels and
any other PR carrying the same `nominee:` label), `list_pull_files`, `get_file`, `list_issue_comments`,
`list_directory` (only for an added file in a pull request into another branch than the default: else
the checkout's), `list_workflows` (a disabled timer is told to the admins; only when the report's last
reading is six hours old, the hour is quiet (`run_budget.quiet_hour`: 90 % of its requests left) and
the run has a request to spare once its writes are counted: `Gatherer.workflows_if_spare`),
`list_reviews` and `get_user` (only when the file name and `github` agree, the nominee is not the
author and has not consented by comment), `collaborator_permission` (only for a new admin command from
someone not listed in election.yaml), `list_check_runs` (only when the report looks fresh: the commit's latest `nomination` check run must be the report's), then the writes that changed: `create_check_run`, the report
comment, `ensure_labels` (only when a label to add is on no open pull request) + `add_labels`, one
`remove_label` per stale label. At most `REQUEST_BUDGET`
(bot/nominations/constants.py) in every scenario the tests cover; `tools/benchmarks/pr.py` measures them.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

from bot import nominations as prcheck
from bot.commands.pr.conversions import listed
from bot.commands.pr.environment import (
    ActionsEnv,
    GatewayFactory,
    directory_or_failure,
    gateway_from_env,
    read_payload,
    resolve_event,
)
from bot.commands.pr.run import PrCheck as PrCheck
from bot.commands.pr.run import RunResult as RunResult
from bot.config.models import Election
from bot.errors import EXIT_OK, REFUSED_STATUSES, UsageError
from bot.github.port import GitHubError, GitHubPort, GitHubUnavailable
from bot.github.values import Comment, is_bot
from bot.nominations import EventFacts, Ignored, PayloadError, report
from bot.nominations.run_budget import (
    COMMENT_PAGES,
    answered_already,
    may_be_owed_nothing,
    nothing_owed_reason,
)
from bot.nominations.slash import parse_commands
from bot.ports.actions import append_summary
from bot.ports.checkout import ElectionRegistry
from bot.text import finding_formats as render_findings
from bot.text.findings import Severity


def _elections(registry: ElectionRegistry) -> list[Election]:
    """The elections in the checkout whose election.yaml loads."""
    loaded = (registry.get(election_id) for election_id in registry.known())
    return [one.election for one in loaded if one is not None and one.election is not None]


def _configured_admin(registry: ElectionRegistry, comment: Comment) -> bool:
    """The comment's author is an admin some election.yaml in the checkout names (by id where it pins one)."""
    return any(e.is_admin_login(comment.author.login, comment.author.id) for e in _elections(registry))


def _nothing_owed(
    event: EventFacts, gh: GitHubPort, read: list[Comment], registry: ElectionRegistry
) -> RunResult | None:
    """A new comment that owes nobody a run (issue 28: runs per hour), decided from the delivery and
    `GET /rate_limit` (free) below the rate-limit reserve (`run_budget.may_be_owed_nothing`,
    `run_budget.nothing_owed_reason`: its refusal waits for a later run, level-triggered), and above it,
    unless an election.yaml names the author an admin, from the pull request's comments (one request, or two pages: `run_budget.answered_already`; they are
    appended to `read`, for the check not to list them again). None: run the check."""
    comment = event.comment
    if not event.acts_on_commands or comment is None:
        return None
    commands = parse_commands(comment.body)  # once: a flood's comments are what a run must not parse again
    if not may_be_owed_nothing(comment, commands):
        return None
    limit = gh.rate_limit()
    why = nothing_owed_reason(commands, None if limit is None else limit.remaining)
    if why is not None:
        return RunResult(EXIT_OK, f"deferred: {why}", deferred=why)
    if commands and _configured_admin(registry, comment):
        return None  # (refused once for a slip, an admin's next command is ruled on)
    read.extend(gh.list_issue_comments(event.number, pages=COMMENT_PAGES))
    found = [listed(c, gh.bot_login) for c in read]
    own = [c.comment for c in found if c.own]
    others = [c.comment for c in found if not c.own]
    answer = answered_already(comment, commands, event.number, own, others)
    if answer is None:
        return None
    if not answer.refuse:
        return RunResult(EXIT_OK, f"nothing to do: {answer.why}")
    elections = _elections(registry)
    if len(elections) != 1:
        return None  # (whose contact to name is the pull request's election's: the whole run finds it)
    rulings = [prcheck.refused_as_not_admin(command) for command in commands]
    gh.create_issue_comment(
        event.number,
        report.refusal_body(comment, rulings, elections[0].contact),
        marker=prcheck.reply_marker(comment.id, comment.author.id),
    )
    return RunResult(EXIT_OK, f"answered: {answer.why}", writes=["reply"])


def _one_line(text: str) -> str:
    """Untrusted text for the job log: one line, never starting with `::`. The log of a privileged run
    is parsed for workflow commands (`::error::`, `::stop-commands::`, ...) at the start of each line,
    after leading spaces; file names and finding messages quote what a nominee wrote."""
    line = re.sub(r"[\x00-\x1f\x7f\u2028\u2029]+", " ", text)
    return "./" + line.lstrip() if line.lstrip().startswith("::") else line


def _github_failure(error: GitHubError) -> tuple[int, str]:
    if isinstance(error, GitHubUnavailable):
        return error.exit_code, (
            f"GitHub is unavailable ({error.message}); nothing was decided and nothing is claimed valid. "
            "Re-run the job later."
        )
    if error.status in REFUSED_STATUSES:
        hint = {
            401: "the token was refused",
            403: "the token may not do this (a `pull_request` run from a fork gets a read-only token: "
            "the workflow must use `pull_request_target`)",
            404: "the repository or pull request does not exist, or the token cannot see it",
        }[error.status]
        return (
            error.exit_code,
            f"GitHub refused a request: {error.message} — {hint}. Nothing is claimed valid.",
        )
    return (
        error.exit_code,
        f"GitHub failed: {error.message}; nothing was decided and nothing is claimed valid.",
    )


def run_pr(
    environ: Mapping[str, str],
    *,
    gateway_factory: GatewayFactory = gateway_from_env,
    root: Path | None = None,
    out: TextIO | None = None,
) -> RunResult:
    """Check the pull request the Actions environment names. GitHub failures become exit codes 2 and 3;
    usage, configuration and payload errors raise `UsageError` (exit 2 in `bot.cli`), before any request."""
    stream = out or sys.stdout
    env = ActionsEnv.from_environ(environ)
    if not env.event_name:
        raise UsageError("GITHUB_EVENT_NAME is not set (run this from GitHub Actions, or set it by hand)")
    if env.event_name not in prcheck.ACCEPTED_EVENTS:
        result = RunResult(
            EXIT_OK, f"the {env.event_name} event is not about a nomination pull request: nothing to do"
        )
        print(_one_line(result.message), file=stream)
        append_summary(env.step_summary, report.message_summary("nothing to do", result.message))
        return result
    try:
        event = resolve_event(env, read_payload(env.event_path))
    except PayloadError as error:
        raise UsageError(f"malformed event payload: {error}; nothing was done") from None
    if isinstance(event, Ignored):
        result = RunResult(EXIT_OK, f"{event.reason}: nothing to do")
        print(_one_line(result.message), file=stream)
        append_summary(env.step_summary, report.message_summary("nothing to do", result.message))
        return result
    gh = gateway_factory(environ)  # no request yet
    if event.comment is not None and is_bot(event.comment.author.login, gh.bot_login):
        result = RunResult(EXIT_OK, "a comment by the bot itself: nothing to do")
        print(_one_line(result.message), file=stream)
        return result
    folder = root or Path.cwd() / prcheck.NOMINATIONS_ROOT
    if not folder.is_dir():
        raise UsageError(
            f"no {prcheck.NOMINATIONS_ROOT}/ folder in {folder.parent}: run in a checkout of the default branch"
        )
    registry = ElectionRegistry(folder)
    read: list[Comment] = []
    quick = _nothing_owed(event, gh, read, registry)
    if quick is not None:
        print(_one_line(quick.message), file=stream)
        append_summary(env.step_summary, report.message_summary("nothing to do", quick.message))
        return quick
    directory = directory_or_failure(environ)
    try:
        result = PrCheck(gh, event, registry, directory, listed_comments=read or None).run()
    except GitHubError as error:
        code, message = _github_failure(error)
        print(f"error: {_one_line(message)}", file=sys.stderr)
        print(gh.stats.summary(), file=stream)
        append_summary(env.step_summary, report.message_summary("not checked", message))
        return RunResult(code, message)
    if result.verdict is not None and result.facts is not None:
        verdict = result.verdict
        print(f"#{event.number}: {result.message} (exit {verdict.exit_code})", file=stream)
        listed = [f for f in verdict.findings if f.severity is not Severity.notice] or list(verdict.findings)
        if listed:
            for finding in listed:
                print(_one_line(render_findings.as_text([finding])), file=stream)
        print(gh.stats.summary(), file=stream)
        summary = report.job_summary(result.facts, verdict, requests=gh.stats.summary())
        if result.deferred:
            summary += f"\n**Deferred**: {result.deferred}.\n"
            print(_one_line(f"deferred: {result.deferred}"), file=stream)
        append_summary(env.step_summary, summary)
    else:
        print(_one_line(result.message), file=stream)
        print(gh.stats.summary(), file=stream)
        append_summary(env.step_summary, report.message_summary("nothing to do", result.message))
    return result
