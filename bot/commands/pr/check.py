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
`list_directory` (only for an added file), `list_workflows` (a disabled timer is told to the admins),
`list_reviews` and `get_user` (only when the nominee is not the
author and has not consented by comment), `collaborator_permission` (only for a new admin command from
someone not listed in election.yaml), `list_check_runs` (only when the report looks fresh: the commit's latest `nomination` check run must be the report's), then the writes that changed: `create_check_run`, the report
comment, `ensure_labels` + `add_labels`, one `remove_label` per stale label. At most `REQUEST_BUDGET`
(bot/nominations/constants.py) in every scenario the tests cover; `tools/benchmarks/pr.py` measures them.
"""

from __future__ import annotations

import logging
import re
import sys
import time
from collections.abc import Callable, Mapping, Sequence
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
from bot.commands.pr.facts import ListedComment, listed
from bot.commands.pr.publish import publish
from bot.config.loading import HARD_MAX_BYTES, LoadedNomination
from bot.config.models import Election, same_valid_login
from bot.errors import EXIT_OK, REFUSED_STATUSES, UsageError
from bot.github.port import ChangedFile, GitHubError, GitHubPort, GitHubUnavailable, PullRequest, User
from bot.github.values import Comment, Review, Workflow, is_bot, login_key
from bot.nominations import (
    Commenter,
    EventFacts,
    Facts,
    FileSelection,
    Ignored,
    Outcome,
    PayloadError,
    ReportState,
    Ruling,
    Verdict,
    record,
    report,
)
from bot.nominations import record_decisions as trusted
from bot.nominations.constants import ADMIN_PERMISSIONS
from bot.nominations.membership import MembershipAnswer, MembershipState
from bot.nominations.record import ReadRecord
from bot.nominations.shared_entities import EntityIndex
from bot.nominations.slash import ADMIN_COMMANDS, Command, SlashCommand, may_hold_commands, parse_commands
from bot.ports.actions import append_summary
from bot.ports.checkout import ElectionRegistry, read_merged
from bot.ports.directory import MembershipDirectory
from bot.text import finding_formats as render_findings
from bot.text import markers
from bot.text.findings import Finding, Severity
from bot.text.labels import MarkerKind

log = logging.getLogger(__name__)


MAX_COMMAND_COMMENTS = 3  # comments with commands ruled on per run (this event's own first)
# Earlier pull requests labelled with the same nominee whose files a run reads, oldest first (one request
# each): any number of decoys costs a run at most this many (issue 28).
MAX_RIVALS = 2


# The CPU time a run may spend before it stops reading other people's comments for commands (the event's
# own comment is always read): what is left is read by the next run, and what was read with nothing in it
# to rule on is remembered in the report (`record.ReadRecord`), so each comment is parsed once.
RUN_CPU_SECONDS = 2.0
# Requests of the hour kept for the phases reconciler and the cut-off pass (GITHUB_TOKEN has 1,000 an hour
# per repository): below it (`GET /rate_limit`, free), a run does only what the event's own author is owed
# (the answer to their comment, their consent, an admin's command) and says what it deferred.
RATE_RESERVE = 200
# A comment read with nothing in it is remembered at the cost of a write (the report's edit) only from this
# length on: shorter ones cost the parser little, and are remembered when the report is written anyway.
READ_WORTH_WRITING = 1000

# Comments are read as the first page (the bot's report is posted when the pull request opens) and the
# newest page: a flood of comments cannot spend the budget, and the ones between are not acted on.
COMMENT_PAGES = 2


@dataclass(slots=True)
class RunResult:
    """What a run did, for the log, the job summary, the tests and the benchmark."""

    exit_code: int
    message: str
    verdict: Verdict | None = None
    facts: Facts | None = None
    writes: list[str] = field(default_factory=list)
    deferred: str = ""  # what this run left for later, for the job summary ("" when nothing)


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
        self.started = time.thread_time()  # this thread's CPU: the stand-in's server thread is not ours
        self.read_now: list[ReadRecord] = []  # comments read in this run with nothing to rule on
        self.read_comments: list[ListedComment] = []
        self.deferred: list[int] = []  # comments left unread for the next run (the CPU budget was spent)
        self.low = False  # the hour's requests are below RATE_RESERVE

    # -- gathering --------------------------------------------------------------------------------------

    def run(self) -> RunResult:
        gh, number = self.gh, self.event.number
        limit = gh.rate_limit()
        self.low = limit is not None and limit.remaining < RATE_RESERVE
        open_pulls = gh.list_open_pulls()
        ours = next((p for p in open_pulls if p.number == number), None)
        if ours is None:
            pr = gh.get_pull(number)
            if pr.state != "open":
                return RunResult(
                    EXIT_OK, f"#{number} is {'merged' if pr.merged else 'closed'}: nothing to check"
                )
            ours = pr
        pull, files = self.pinned_files(ours)
        if not prcheck.proposes_nomination(files, pull.labels):
            return self.not_a_nomination(pull, self.shared_with(open_pulls, pull))
        selection = prcheck.select_nomination(files)
        election = self.election_of(selection)
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
        comments = self.comments(number)
        self.listed = comments
        own = [c for c in comments if c.own]
        state = self.find_state(own, number)
        people = [c.comment for c in comments if not c.own]
        # The nominee is looked up whenever `github` is a valid login, whatever else is wrong in the file.
        names_nominee = loaded is not None and loaded.fields.github is not None
        cut_off = self.cut_off_marks(own, number)
        blob = record.blob_sha(blob_content) if blob_content is not None else ""
        nominee, reviews = (
            (None, [])
            if not (names_nominee and login)
            else self.resolve_nominee(login, pull, people, state, blob)
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
            self.read_blob(chosen) if chosen is not None else lambda commit: "",
        )
        bound = {(c.via, c.ref): c.blob for c in consents}
        consent = prcheck.find_consent(
            nominee, pull.author, people, reviews, pull.html_url, blob=blob, bound=bound
        )
        membership = (
            self.membership(nominee)
            if names_nominee and login and not pull.off_default_branch
            else MembershipAnswer(
                MembershipState.unverified,
                reason=(
                    "not checked: the pull request must target the default branch first"
                    if pull.off_default_branch
                    else "the file must name the nominee (`github`) first"
                ),
            )
        )
        duplicate_of, merged_file, set_aside_for = None, None, None
        if names_nominee and login and election is not None and chosen is not None:
            duplicate_of = self.open_duplicate(open_pulls, pull, election.id, login, nominee)
            set_aside_for = self.nominees_own(open_pulls, pull, login, nominee)
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
            set_aside_for=set_aside_for,
            decisions=state.decisions,
            entities=self.entities(election) if names_nominee else None,
            shared_with=self.shared_with(open_pulls, pull),
            evidence=(
                prcheck.evidence_for(
                    sightings,
                    key,
                    election,
                    file=record.file_key(chosen.filename) if chosen else "",
                    snapshots=self.snapshots(cut_off),
                )
                if key
                else None
            ),
            sightings=sightings,
            consents=consents,
            closed=prcheck.closed_on_record(election, pull.labels, sightings, bool(cut_off)),
            workflows=self.workflow_states(),
        )
        rulings = self.rule_on_commands(comments, facts, state)
        new = [r.decision for rs in rulings.values() for r in rs if r.decision is not None]
        facts = replace(
            facts,
            decisions=prcheck.apply_decisions(state.decisions, new),
            read=record.with_read(state.read, self.read_now),
            read_worth_writing=any(len(c.comment.body) >= READ_WORTH_WRITING for c in self.read_comments),
        )
        if self.deferred:
            log.info("CPU budget spent: %d comment(s) left for the next run", len(self.deferred))
        verdict = prcheck.decide(facts)
        facts = self.act(facts, verdict, state, rulings)
        return RunResult(
            verdict.exit_code, report.TITLES[verdict.status], verdict, facts, self.writes, self.deferral()
        )

    def deferral(self) -> str:
        """What this run left for a later one, in words for the job summary."""
        parts = []
        if self.low:
            parts.append(
                f"GitHub's hourly request budget is below the reserve of {RATE_RESERVE} kept for the phases "
                "reconciler and the cut-off pass, so this run did only what this event's author is owed"
            )
        if self.deferred:
            parts.append(f"{len(self.deferred)} other comment(s) with commands wait for a later run")
        return "; ".join(parts)

    def workflow_states(self) -> tuple[Workflow, ...] | None:
        """The repository's workflows and their states, so that the admins hear of a disabled timer (one
        request, actions: read). None when the job may not read them: the check goes on without."""
        try:
            return tuple(self.gh.list_workflows())
        except GitHubUnavailable:
            raise
        except GitHubError as error:
            if error.status not in (403, 404):
                raise
            log.warning("cannot read the workflows' states (%s): grant the job actions: read", error.status)
            return None

    def pinned_files(self, ours: PullRequest) -> tuple[PullRequest, list[ChangedFile]]:
        """The file list of exactly the head this run judges. The head and the list come from two
        requests; a push between them gives a list of a newer commit (each entry's `contents_url` names
        the commit it was made for). Then the pull request is read again, once; a head still moving is
        GitHub's state changing under the run: nothing is decided (exit 3), the push's own run follows."""
        changed = self.gh.list_pull_files(ours.number)
        if all(f.ref in (None, ours.head_sha) for f in changed):
            return ours, changed
        again = self.gh.get_pull(ours.number)
        changed = self.gh.list_pull_files(ours.number)
        if again.state == "open" and all(f.ref in (None, again.head_sha) for f in changed):
            return again, changed
        raise GitHubUnavailable(
            f"the pull request's head moved while it was being read (#{ours.number}); its next run checks it",
            operation="list_pull_files",
        )

    def shared_with(self, open_pulls: Sequence[PullRequest], ours: PullRequest) -> int | None:
        """Check runs belong to commits, not pull requests: when another open pull request has the same
        head commit, the verdict on that commit belongs to the earliest of them (opened first; the lower
        number breaks a tie). The others say so and post no check run there."""
        earlier = [
            p
            for p in open_pulls
            if p.number != ours.number and p.head_sha == ours.head_sha and prcheck.earlier(p, ours)
        ]
        return min(earlier, key=lambda p: (p.created_at, p.number)).number if earlier else None

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

    def entities(self, election: Election | None) -> EntityIndex | None:
        """The merged candidates' entities, from the checkout of the default branch (no request)."""
        if election is None:
            return None
        merged, _ = read_merged(self.registry.root / election.id, election)
        candidates = ((m.nomination.github, m.nomination.affiliations) for m in merged)
        return EntityIndex.build(candidates, election.conflict_of_interest)

    def election_of(self, selection: FileSelection) -> Election | None:
        if not selection.election_id:
            return None
        loaded = self.registry.get(selection.election_id)
        if loaded is None:
            return None
        if loaded.election is None:
            problems = render_findings.as_text(loaded.findings)
            raise UsageError(f"the configuration of election {selection.election_id} is invalid:\n{problems}")
        return loaded.election

    def comments(self, number: int) -> list[ListedComment]:
        bot = self.gh.bot_login
        comments = [listed(c, bot) for c in self.gh.list_issue_comments(number, pages=COMMENT_PAGES)]
        event = self.event.comment
        if (
            event is not None
            and self.event.action == "created"
            and all(c.comment.id != event.id for c in comments)
        ):
            # Not listed yet: the event's own copy, as it was created.
            own = is_bot(event.author.login, bot)
            comments.append(ListedComment(event, False, own))
        if event is not None and self.event.action == "deleted":
            comments = [c for c in comments if c.comment.id != event.id]
        return comments

    def find_state(self, own: Sequence[ListedComment], number: int) -> ReportState:
        """The bot's report comment on this PR (the oldest, if a crash ever left two)."""
        for comment in sorted(own, key=lambda c: c.comment.id):
            state = prcheck.parse_state(comment.comment.id, comment.comment.body, number)
            if state is not None:
                return state
        return ReportState()

    def cut_off_marks(self, own: Sequence[ListedComment], number: int) -> list[markers.Marker]:
        """The cut-off pass's markers on this pull request, from the bot's own cut-off comments."""
        return [
            found
            for comment in own
            for found in markers.find_markers(comment.comment.body)
            if found.kind == MarkerKind.CUTOFF and found.fields.get("pr") == str(number)
        ]

    @staticmethod
    def snapshots(marks: Sequence[markers.Marker]) -> list[record.Snapshot]:
        """What the cut-off pass saw the pull request propose (`record.Snapshot`), where its marker says."""
        return [snapshot for found in marks if (snapshot := record.parse_snapshot(found)) is not None]

    def resolve_nominee(
        self, login: str, pull: PullRequest, people: Sequence[Comment], state: ReportState, blob: str
    ) -> tuple[User | None, list[Review]]:
        """The nominee's account, learnt as cheaply as possible: the PR's author, someone who commented,
        someone who reviewed, else one `get_user`. Consent is then matched by numeric id. The reviews are
        read unless a `/consent` already on the record is bound to the file as it is now."""
        if same_valid_login(login, pull.author.login):
            return pull.author, []
        nominee = prcheck.identify(login, (c.author for c in people))
        reviews: list[Review] = []
        bound = {c.ref for c in state.consents if c.via == "comment" and c.blob == blob}
        if nominee is None or not any(c.id in bound for c in prcheck.consent_comments(people, nominee)):
            reviews = self.gh.list_reviews(pull.number)
            nominee = nominee or prcheck.identify(login, (r.author for r in reviews))
        if nominee is None:
            nominee = self.gh.get_user(login)
        return nominee, reviews

    # -- the trusted record ------------------------------------------------------------------------------

    def read_blob(self, chosen: ChangedFile) -> Callable[[str], str]:
        """The nomination file's blob at another commit, read once when the record does not know it ("" when
        it is not a regular file there)."""

        def read(commit: str) -> str:
            found = self.gh.get_file(chosen.filename, commit, HARD_MAX_BYTES)
            if found is None or found.kind != "file" or found.content is None:
                return ""
            return record.blob_sha(found.content)

        return read

    def membership(self, nominee: User | None) -> MembershipAnswer:
        if nominee is None:
            return MembershipAnswer(MembershipState.unverified, reason="the GitHub account does not exist")
        try:
            return self.directory.lookup(nominee.login, nominee.id)
        except Exception as error:  # a directory must never break the check: fail closed
            log.warning("membership lookup failed: %s", type(error).__name__)
            return MembershipAnswer(MembershipState.unverified, reason="the membership directory failed")

    def open_duplicate(
        self,
        open_pulls: Sequence[PullRequest],
        ours: PullRequest,
        election_id: str,
        login: str,
        nominee: User | None = None,
    ) -> int | None:
        """An earlier open PR nominating the same person: found by its `nominee:` label in the one list of
        open PRs, then confirmed from its files (a label alone proves nothing: anyone with triage rights
        can add one). The nominee's own pull request is a duplicate only of one that is also theirs, or
        that the bot found valid and consented to (issue 28: a junk pull request naming them first
        blocked them)."""
        label = prcheck.nominee_label(login)
        own = nominee is not None and nominee.same(ours.author)
        rivals = sorted(
            (
                p
                for p in open_pulls
                if p.number != ours.number
                and any(lb.casefold() == label for lb in p.labels)
                and (
                    not own
                    or (nominee is not None and nominee.same(p.author))
                    or prcheck.judged_sound(p.labels)
                )
            ),
            key=lambda p: (p.created_at, p.number),
        )
        for rival in [r for r in rivals if prcheck.earlier(r, ours)][:MAX_RIVALS]:
            if any(
                prcheck.is_nomination_of(f, election_id, login) for f in self.gh.list_pull_files(rival.number)
            ):
                return rival.number
        return None

    def nominees_own(
        self, open_pulls: Sequence[PullRequest], ours: PullRequest, login: str, nominee: User | None
    ) -> int | None:
        """The nominee's own later pull request nominating them (by its label and its author's id), when
        this one is someone else's: this one is set aside in its favour unless it is sound."""
        if nominee is None or nominee.same(ours.author):
            return None
        label = prcheck.nominee_label(login)
        theirs = [
            p
            for p in open_pulls
            if p.number != ours.number
            and nominee.same(p.author)
            and any(lb.casefold() == label for lb in p.labels)
            and prcheck.earlier(ours, p)
        ]
        return min(theirs, key=lambda p: (p.created_at, p.number)).number if theirs else None

    # -- commands ---------------------------------------------------------------------------------------

    def rule_on_commands(
        self, comments: Sequence[ListedComment], facts: Facts, state: ReportState
    ) -> dict[int, list[Ruling]]:
        """Admin commands not yet answered, from comments as they were created (never edited ones), plus
        this event's own comment for `/recheck`. Nothing is acted on for an edited or deleted comment.

        Level-triggered: a command whose own run GitHub replaced is picked up here. This event's comment
        comes first, then the oldest others, at most `MAX_COMMAND_COMMENTS` a run (a flood of commands
        from strangers cannot spend the rate limit in one run; the rest wait for the next)."""
        event = self.event
        if event.name == "issue_comment" and event.action != "created":
            return {}
        own_bodies = [c.comment.body for c in comments if c.own]
        answered = {d.comment_id for d in state.decisions} | prcheck.replied_to(own_bodies)
        refused = prcheck.refused_authors(own_bodies)
        event_id = event.comment.id if event.comment is not None else None

        def configured(c: Comment) -> bool:
            return facts.election is not None and facts.election.is_admin_login(c.author.login, c.author.id)

        def first(c: Comment) -> bool:
            """Admins named in election.yaml and the nominee are heard before anyone else."""
            return configured(c) or (facts.nominee is not None and facts.nominee.same(c.author))

        def permitted_now(c: Comment) -> bool:
            """The permission API, asked in this run, says this person may hold an admin's rights."""
            return self.permissions.get(login_key(c.author.login)) in ADMIN_PERMISSIONS

        # This event's comment first, then the admins' and the nominee's, then those of people who may
        # hold a permission, then everyone else's (issue 28: an organisation member without write access
        # took every command slot and an admin was never heard).
        ordered = sorted(
            comments,
            key=lambda c: (
                c.comment.id != event_id,
                not first(c.comment),
                not prcheck.may_hold_permission(c.comment),
                c.comment.created_at,
                c.comment.id,
            ),
        )
        out: dict[int, list[Ruling]] = {}
        for comment in ordered:
            c = comment.comment
            if comment.own or comment.edited or c.id in answered:
                continue
            if c.id != event_id and c.author.id in refused and not (configured(c) or permitted_now(c)):
                # Refused once on this pull request (before or in this run): neither asked nor answered
                # again until the permission API says otherwise (on their own comment's run).
                continue
            if not may_hold_commands(c.body) or (
                c.id != event_id and record.is_read(state.read, c.id, c.updated_at)
            ):
                continue  # nothing to parse (too long, no command line), or parsed before as it is now
            if c.id != event_id and (self.low or time.thread_time() - self.started > RUN_CPU_SECONDS):
                self.deferred.append(c.id)
                continue
            commands = [
                cmd
                for cmd in parse_commands(c.body)
                if cmd.name in ADMIN_COMMANDS or (cmd.name is Command.recheck and c.id == event_id)
            ]
            if commands:
                out[c.id] = self.rule(c, commands, facts)
                if any(r.outcome is Outcome.refused for r in out[c.id]) and not (
                    configured(c) or permitted_now(c)
                ):
                    refused.add(c.author.id)
                if len(out) >= MAX_COMMAND_COMMENTS:
                    break
            else:
                self.read_now.append(ReadRecord(c.id, c.updated_at))
                self.read_comments.append(comment)
        return out

    def rule(self, c: Comment, commands: Sequence[SlashCommand], facts: Facts) -> list[Ruling]:
        nominee = facts.nominee
        is_author = facts.pull.author.same(c.author)
        is_nominee = nominee is not None and nominee.same(c.author)
        # The bot, and any other app or bot account, never counts as an admin (nor as anyone else).
        is_bot = c.author.is_any_bot(self.gh.bot_login)
        configured = bool(facts.election and facts.election.is_admin_login(c.author.login, c.author.id))
        permission: str | None = None
        if not is_bot and not configured and not prcheck.may_hold_permission(c):
            permission = "none"  # GitHub says the account holds no permission here: nothing to ask
        elif not is_bot and prcheck.needs_permission(
            commands, configured_admin=configured, is_author=is_author, is_nominee=is_nominee
        ):
            key = login_key(c.author.login)
            if key not in self.permissions:
                self.permissions[key] = self.gh.collaborator_permission(c.author.login)
            permission = self.permissions[key]
        who = Commenter(c.author, is_bot, configured, permission, is_author, is_nominee)
        declared = facts.loaded.fields.membership if facts.loaded else None
        scope = trusted.scope(facts, c.created_at)
        return [
            prcheck.authorise(
                cmd,
                who,
                c.created_at,
                c.id,
                nominee=nominee,
                declared=declared,
                scope=scope,
                election=facts.election,
            )
            for cmd in commands
        ]

    # -- acting -----------------------------------------------------------------------------------------

    def act(
        self,
        facts: Facts,
        verdict: Verdict,
        state: ReportState,
        rulings: Mapping[int, Sequence[Ruling]],
    ) -> Facts:
        event_comment = self.event.comment.id if self.event.comment is not None else None
        return publish(
            self.gh, facts, verdict, state, rulings, self.listed, event_comment, self.writes, low=self.low
        )


def _nothing_owed(event: EventFacts, gh: GitHubPort) -> RunResult | None:
    """Below the rate-limit reserve, a new comment that owes nobody a run (issue 28: runs per hour),
    decided from the delivery and `GET /rate_limit` (free): no command in it (the workflow starts a run
    for any line starting with `/`; `/x` is none of ours), or only admin commands from an account GitHub
    says holds no permission here (its refusal waits for a later run, level-triggered). None: run the
    check (always above the reserve: a run on any comment also catches up with what a replaced run
    missed)."""
    if not event.acts_on_commands or event.comment is None:
        return None
    commands = parse_commands(event.comment.body)
    owed = any(c.name not in ADMIN_COMMANDS for c in commands) or prcheck.may_hold_permission(event.comment)
    if commands and owed:
        return None
    limit = gh.rate_limit()
    if limit is None or limit.remaining >= RATE_RESERVE:
        return None
    why = (
        f"GitHub's hourly request budget is below the reserve of {RATE_RESERVE} kept for the phases "
        "reconciler and the cut-off pass, and this comment "
        + (
            "holds no command"
            if not commands
            else "holds only admin commands from an account without permission here (the answer waits for a later run)"
        )
    )
    return RunResult(EXIT_OK, f"deferred: {why}", deferred=why)


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
    quick = _nothing_owed(event, gh)
    if quick is not None:
        print(_one_line(quick.message), file=stream)
        append_summary(env.step_summary, report.message_summary("nothing to do", quick.message))
        return quick
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
