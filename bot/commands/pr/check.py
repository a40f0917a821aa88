"""One run of `election-bot pr`: check one nomination pull request end to end, from the Actions environment.

Gather the facts through the ports (the event payload, GitHub through the gateway, the membership
directory, the elections in the checkout of the default branch), let the pure core decide
(`bot.nominations`), render (`bot.nominations.report`) and act: one check run, one report comment edited
in place, labels kept in sync, a polite refusal for a command that was not allowed, a job summary.

Level-triggered: every run recomputes the whole verdict from the pull request's current state (GitHub
keeps one pending run per concurrency group, so an event's own run may be replaced by a later one).
Writes happen only when something changed: the report comment's hidden marker carries the digest of the
verdict, the check run id and the head commit, so a re-run with the same state makes no write at all.

Request budget for one run (labels already existing): `list_open_pulls` (finds this PR, its labels and
any other PR carrying the same `nominee:` label), `list_pull_files`, `get_file`, `list_issue_comments`,
`list_directory` (only for an added file), `list_reviews` and `get_user` (only when the nominee is not the
author and has not consented by comment), `collaborator_permission` (only for a new admin command from
someone not listed in election.yaml), `latest_check_run` (only when the report looks fresh: the commit's latest `nomination` check run must be the report's), then the writes that changed: `create_check_run`, the report
comment, `ensure_labels` + `add_labels`, one `remove_label` per stale label. At most `REQUEST_BUDGET`
(bot/nominations/constants.py) in every scenario the tests cover; `tools/benchmarks/pr.py` measures them.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TextIO

from bot import nominations as prcheck
from bot.commands.pr.environment import (
    ActionsEnv,
    GatewayFactory,
    directory_or_failure,
    gateway_from_env,
    read_payload,
    resolve_event,
)
from bot.commands.pr.publish import publish
from bot.config.loading import LoadedNomination
from bot.errors import EXIT_OK, REFUSED_STATUSES, UsageError
from bot.github.port import GitHubError, GitHubPort, GitHubUnavailable, PullRequest
from bot.github.values import is_bot, login_key
from bot.nominations import (
    EventFacts,
    Facts,
    Ignored,
    PayloadError,
    ReportState,
    Ruling,
    Verdict,
    record,
    report,
)
from bot.nominations import record_decisions as trusted
from bot.nominations.changed_files import shared_with
from bot.nominations.comments import (
    ListedComment,
    asker,
    cut_off_marks,
    find_report_state,
    pending_commands,
    rule,
    snapshots,
    with_permission,
)
from bot.nominations.membership import MembershipAnswer, MembershipState
from bot.ports.actions import append_summary
from bot.ports.checkout import ElectionRegistry
from bot.ports.directory import MembershipDirectory
from bot.ports.pull_request import (
    blob_reader,
    election_for,
    merged_entities,
    open_duplicate,
    pinned_files,
    read_comments,
    resolve_nominee,
)
from bot.ports.pull_request import (
    membership as membership_of,
)
from bot.text import finding_formats as render_findings
from bot.text.findings import Finding, Severity

log = logging.getLogger(__name__)


@dataclass(slots=True)
class RunResult:
    """What a run did, for the log, the job summary, the tests and the benchmark."""

    exit_code: int
    message: str
    verdict: Verdict | None = None
    facts: Facts | None = None
    writes: list[str] = field(default_factory=list)


class PrCheck:
    """One run of the check against one pull request."""

    def __init__(
        self,
        gh: GitHubPort,
        event: EventFacts,
        registry: ElectionRegistry,
        directory: MembershipDirectory,
    ) -> None:
        self.gh = gh
        self.event = event
        self.registry = registry
        self.directory = directory
        self.permissions: dict[str, str] = {}  # collaborator permission per login, asked once per run
        self.writes: list[str] = []
        self.listed: list[ListedComment] = []

    # -- gathering --------------------------------------------------------------------------------------

    def run(self) -> RunResult:
        gh, number = self.gh, self.event.number
        open_pulls = gh.list_open_pulls()
        ours = next((p for p in open_pulls if p.number == number), None)
        if ours is None:
            pr = gh.get_pull(number)
            if pr.state != "open":
                return RunResult(
                    EXIT_OK, f"#{number} is {'merged' if pr.merged else 'closed'}: nothing to check"
                )
            ours = pr
        pull, files = pinned_files(gh, ours)
        if not prcheck.proposes_nomination(files, pull.labels):
            return self.not_a_nomination(pull, shared_with(open_pulls, pull))
        selection = prcheck.select_nomination(files)
        election = election_for(self.registry, selection)
        loaded: LoadedNomination | None = None
        blob_findings: tuple[Finding, ...] = ()
        blob_content: bytes | None = None
        chosen = selection.nomination
        if chosen is not None:
            max_bytes = prcheck.max_bytes_for(election)
            found = gh.get_file(chosen.filename, pull.head_sha, max_bytes)
            loaded, findings = prcheck.load_blob(chosen.filename, found, pull.head_sha, max_bytes)
            blob_findings = tuple(findings)
            if found is not None and found.kind == "file":
                blob_content = found.content
        login = prcheck.nominee_login(loaded, chosen.filename) if chosen else None
        comments = read_comments(gh, self.event)
        self.listed = comments
        own = [c for c in comments if c.own]
        state = find_report_state(own, number)
        people = [c.comment for c in comments if not c.own]
        # The nominee is looked up whenever `github` is a valid login, whatever else is wrong in the file.
        names_nominee = loaded is not None and loaded.fields.github is not None
        cut_off = cut_off_marks(own, number)
        blob = record.blob_sha(blob_content) if blob_content is not None else ""
        nominee, reviews = (
            (None, [])
            if not (names_nominee and login)
            else resolve_nominee(gh, login, pull, people, state, blob)
        )
        key = record.proposal_key(chosen.filename, nominee.id if nominee else None) if chosen else ""
        sightings = record.merge(
            state.sightings,
            trusted.new_sightings(
                pull, state.sightings, key, nominee, blob if chosen else "", self.event.head
            ),
        )
        consents = trusted.bind_consents(
            state.consents,
            sightings,
            nominee,
            people,
            reviews,
            pull,
            chosen,
            blob,
            blob_reader(gh, chosen) if chosen is not None else lambda commit: "",
        )
        bound = {(c.via, c.ref): c.blob for c in consents}
        consent = prcheck.find_consent(
            nominee, pull.author, people, reviews, pull.html_url, blob=blob, bound=bound
        )
        membership = (
            membership_of(self.directory, nominee)
            if names_nominee and login
            else MembershipAnswer(
                MembershipState.unverified, reason="the file must name the nominee (`github`) first"
            )
        )
        duplicate_of, merged_file = None, None
        if names_nominee and login and election is not None and chosen is not None:
            duplicate_of = open_duplicate(gh, open_pulls, pull, election.id, login)
            if chosen.status == "added":
                entries = gh.list_directory(f"{prcheck.NOMINATIONS_ROOT}/{election.id}", pull.base_ref)
                merged_file = prcheck.merged_duplicate(
                    ((e.path, e.kind) for e in entries), chosen.filename, login
                )
        facts = Facts(
            pull=pull,
            election=election,
            known_elections=self.registry.known(),
            selection=selection,
            loaded=loaded,
            blob_findings=blob_findings,
            nominee_login=login,
            nominee=nominee,
            membership=membership,
            consent=consent,
            duplicate_of=duplicate_of,
            merged_file=merged_file,
            decisions=state.decisions,
            entities=merged_entities(self.registry, election) if names_nominee else None,
            shared_with=shared_with(open_pulls, pull),
            evidence=(
                prcheck.evidence_for(
                    sightings,
                    key,
                    election,
                    file=record.file_key(chosen.filename) if chosen else "",
                    snapshots=snapshots(cut_off),
                )
                if key
                else None
            ),
            sightings=sightings,
            consents=consents,
            closed=prcheck.closed_on_record(election, pull.labels, sightings, bool(cut_off)),
        )
        rulings = self.rule_on_commands(comments, facts, state)
        new = [r.decision for rs in rulings.values() for r in rs if r.decision is not None]
        facts = replace(facts, decisions=prcheck.apply_decisions(state.decisions, new))
        verdict = prcheck.decide(facts)
        self.act(facts, verdict, state, rulings)
        return RunResult(verdict.exit_code, report.TITLES[verdict.status], verdict, facts, self.writes)

    def not_a_nomination(self, pull: PullRequest, shared_with: int | None = None) -> RunResult:
        """Answer quickly and definitely (a required check must not stay pending on other PRs): one neutral
        check run per head commit, posted on the pull request's own events; comments and reviews on it
        need no answer."""
        title = "Not a nomination pull request"
        if self.event.name not in prcheck.PR_EVENTS or shared_with is not None:
            # (an earlier pull request with this head commit owns the commit's check runs)
            return RunResult(EXIT_OK, f"#{pull.number}: {title.lower()}; nothing to do")
        summary = (
            "This pull request adds or changes no nomination file (`nominations/<election>/<login>.md`), so "
            "the nomination check has nothing to say about it."
        )
        self.gh.create_check_run(
            prcheck.CHECK_NAME, pull.head_sha, conclusion="neutral", title=title, summary=summary
        )
        self.writes.append("create_check_run")
        return RunResult(EXIT_OK, f"#{pull.number}: {title.lower()}; nothing to do")

    # -- the trusted record ------------------------------------------------------------------------------

    # -- commands ---------------------------------------------------------------------------------------

    def rule_on_commands(
        self, comments: Sequence[ListedComment], facts: Facts, state: ReportState
    ) -> dict[int, list[Ruling]]:
        """The rulings on the commands this run answers (`bot.nominations.comments`); a commenter's
        collaborator permission is asked once per run, only when a ruling needs it."""
        out: dict[int, list[Ruling]] = {}
        for c, commands in pending_commands(comments, self.event, state, facts):
            who = asker(c, commands, facts, self.gh.bot_login)
            commenter = who.commenter
            if who.ask:
                key = login_key(c.author.login)
                if key not in self.permissions:
                    self.permissions[key] = self.gh.collaborator_permission(c.author.login)
                commenter = with_permission(who, self.permissions[key])
            out[c.id] = rule(c, commands, facts, commenter)
        return out

    # -- acting -----------------------------------------------------------------------------------------

    def act(
        self,
        facts: Facts,
        verdict: Verdict,
        state: ReportState,
        rulings: Mapping[int, Sequence[Ruling]],
    ) -> None:
        event_comment = self.event.comment.id if self.event.comment is not None else None
        publish(self.gh, facts, verdict, state, rulings, self.listed, event_comment, self.writes)


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
    directory = directory_or_failure(environ)
    try:
        result = PrCheck(gh, event, registry, directory).run()
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
        append_summary(
            env.step_summary, report.job_summary(result.facts, verdict, requests=gh.stats.summary())
        )
    else:
        print(_one_line(result.message), file=stream)
        print(gh.stats.summary(), file=stream)
        append_summary(env.step_summary, report.message_summary("nothing to do", result.message))
    return result
