"""One run of the nomination check against one pull request: gather the facts through the ports (GitHub
through the gateway, the membership directory, the elections in the checkout of the default branch), let
the pure core decide (`bot.nominations`) and act (`publish`). `check.py` is the command around it: the
Actions environment, the event payload, GitHub's failures and what the job prints.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from bot import nominations as prcheck
from bot.commands.pr.publish import publish
from bot.config.loading import LoadedNomination
from bot.errors import EXIT_OK
from bot.github.port import GitHubPort, PullRequest
from bot.github.values import login_key
from bot.nominations import (
    EventFacts,
    Facts,
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
from bot.text.findings import Finding

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
