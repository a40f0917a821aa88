"""The facts one run of `election-bot pr` gathers through the ports: the pull request pinned to one head,
its comments and the bot's report on record, the nominee's account, the membership directory, the
workflows' states, the rivals' files and the checkout of the default branch. Every request of a run is
made here or in `publish`; what the facts mean is decided in `bot.nominations`."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import replace

from bot import nominations as prcheck
from bot.commands.pr.conversions import ListedComment, listed
from bot.config import workflows as bot_workflows
from bot.config.loading import HARD_MAX_BYTES
from bot.config.models import Election, same_valid_login
from bot.errors import UsageError
from bot.github.port import ChangedFile, GitHubError, GitHubPort, GitHubUnavailable, PullRequest, User
from bot.github.values import Comment, Review, Workflow, is_bot
from bot.nominations import EventFacts, Facts, FileSelection, ReportState, record
from bot.nominations.constants import REQUEST_BUDGET
from bot.nominations.membership import MembershipAnswer, MembershipState
from bot.nominations.record import ReadRecord
from bot.nominations.rivals import duplicate_rivals
from bot.nominations.run_budget import COMMENT_PAGES
from bot.nominations.shared_entities import EntityIndex
from bot.phases.bodies import cutoff_marks
from bot.ports import announcements
from bot.ports.checkout import ElectionRegistry, read_merged
from bot.ports.directory import MembershipDirectory
from bot.text import finding_formats as render_findings
from bot.text import markers
from bot.text.labels import MarkerKind

log = logging.getLogger(__name__)


class Gatherer:
    """One run's reads, and what it remembers between them (each permission is asked once per run)."""

    def __init__(
        self,
        gh: GitHubPort,
        event: EventFacts,
        registry: ElectionRegistry,
        directory: MembershipDirectory,
        *,
        listed_comments: list[Comment] | None = None,
    ) -> None:
        self.gh = gh
        self.prefetched = listed_comments  # the pull request's comments, if this run listed them already
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
        self.busy = False  # the hour is not quiet (`run_budget.quiet_hour`)
        self.known_labels: frozenset[str] = frozenset()  # (casefolded) labels some open pull request carries

    def workflows_if_spare(self, facts: Facts, state: ReportState, publishing: int) -> Facts:
        """The facts with the workflows' states read now, when the reading on record is due
        (`record.WorkflowReading.due`), the hour is quiet (`run_budget.quiet_hour`) and the run has
        a request to spare once `publishing` requests are kept for the verdict (issue 28: every run within
        `REQUEST_BUDGET`); else as the record has them (a first run that does not read them says nothing of
        them: a later one reads them)."""
        recorded = state.workflows
        now = facts.pull.updated_at or facts.pull.created_at
        if (recorded is not None and not recorded.due(now)) or self.busy:
            return facts
        if self.gh.stats.total + publishing + 1 > REQUEST_BUDGET:
            log.info("no request to spare for the workflows' states: a later run reads them")
            return facts
        found = self.workflow_states()
        reading = record.WorkflowReading(now, None if found is None else tuple(bot_workflows.stopped(found)))
        return replace(facts, workflows=found, workflow_reading=reading)

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

    def entities(self, election: Election | None) -> EntityIndex | None:
        """The merged candidates' entities, from the checkout of the default branch (no request)."""
        if election is None:
            return None
        merged, _ = read_merged(self.registry.root / election.id, election)
        candidates = ((m.nomination.github, m.nomination.affiliations) for m in merged)
        return EntityIndex.build(candidates, election.conflict_of_interest)

    def election_folder(self, election_id: str, pull: PullRequest) -> list[tuple[str, str]]:
        """(path, kind) of what the election's folder holds where the pull request would merge: the
        checkout of the default branch (no request; issue 28: one request less in every run), or GitHub's
        listing of another base branch."""
        if pull.off_default_branch:
            entries = self.gh.list_directory(f"{prcheck.NOMINATIONS_ROOT}/{election_id}", pull.base_ref)
            return [(e.path, e.kind) for e in entries]
        folder = self.registry.root / election_id
        if not folder.is_dir():
            return []
        return [
            (
                f"{prcheck.NOMINATIONS_ROOT}/{election_id}/{p.name}",
                "symlink" if p.is_symlink() else "file" if p.is_file() else "dir",
            )
            for p in sorted(folder.iterdir())
        ]

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
        found = self.prefetched
        if found is None:
            found = self.gh.list_issue_comments(number, pages=COMMENT_PAGES)
        comments = [listed(c, bot) for c in found]
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
        """The cut-off pass's markers on this pull request in the bot's own comments: those its report
        copied from the nominations issue's record, and an older bot's cut-off comments."""
        return [
            found
            for comment in own
            for found in markers.find_markers(comment.comment.body)
            if found.kind == MarkerKind.CUTOFF and found.fields.get("pr") == str(number)
        ]

    def recorded_cut_off(self, number: int, election: Election) -> list[markers.Marker]:
        """The cut-off pass's record of this pull request, from the hidden lines of the bot's own
        nominations issue of `election` (`bot.phases.bodies.cutoff_marks`): one request. Never from an
        issue someone else opened (`announcements.observe_issues` keeps only the bot's)."""
        issues = announcements.observe_issues(self.gh)
        ours = [
            i for i in issues if (i.marker.election, i.marker.phase) == (election.id, election.nominations.id)
        ]
        return [
            mark
            for issue in ours
            for mark in cutoff_marks(issue.body, election.id)
            if mark.fields.get("pr") == str(number)
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

    def read_blob(self, chosen: ChangedFile) -> Callable[[str], str]:
        """The nomination file's blob at another commit, read once when the record does not know it ("" when
        it is not a regular file there)."""

        def read(commit: str) -> str:
            found = self.gh.get_file(chosen.filename, commit, HARD_MAX_BYTES)
            if found is None or found.kind != "file" or found.content is None:
                return ""
            return record.blob_sha(found.content)

        return read

    def membership(self, nominee: User | None, *, named: bool, pull: PullRequest) -> MembershipAnswer:
        """The directory's answer, asked only when the file names the nominee and the pull request targets
        the default branch; a failing directory fails closed."""
        if not named or pull.off_default_branch:
            return MembershipAnswer(
                MembershipState.unverified,
                reason=(
                    "not checked: the pull request must target the default branch first"
                    if pull.off_default_branch
                    else "the file must name the nominee (`github`) first"
                ),
            )
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
        """An earlier open PR nominating the same person: one of the rivals chosen from the labels
        (`rivals.duplicate_rivals`), confirmed from its files (one request each)."""
        for rival in duplicate_rivals(open_pulls, ours, login, nominee):
            if any(
                prcheck.is_nomination_of(f, election_id, login) for f in self.gh.list_pull_files(rival.number)
            ):
                return rival.number
        return None
