"""One run of the check against one pull request: gather (`gather`, `rulings`), let the pure core decide
(`bot.nominations.decide`), and act (`publish`). Level-triggered: every run recomputes the whole verdict
from the pull request's current state; see `check` for the request budget."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from bot import nominations as prcheck
from bot.commands.pr.publish import publish, requests_to_publish
from bot.commands.pr.rulings import CommandRuler
from bot.config.loading import LoadedNomination
from bot.errors import EXIT_OK
from bot.github.port import PullRequest
from bot.nominations import Facts, ReportState, Ruling, Verdict, record, report
from bot.nominations import record_decisions as trusted
from bot.nominations.constants import REQUEST_BUDGET
from bot.nominations.rivals import nominees_own, shared_with
from bot.nominations.run_budget import RATE_RESERVE, deferral, quiet_hour, read_worth_writing
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
    deferred: str = ""  # what this run left for later, for the job summary ("" when nothing)


class PrCheck(CommandRuler):
    """One run of the check against one pull request."""

    def run(self) -> RunResult:
        gh, number = self.gh, self.event.number
        limit = gh.rate_limit()
        self.low = limit is not None and limit.remaining < RATE_RESERVE
        self.busy = limit is not None and not quiet_hour(limit.limit, limit.remaining)
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
            return self.not_a_nomination(pull, shared_with(open_pulls, pull))
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
        # The nominee is looked up whenever `github` is a valid login and the file is named after it,
        # whatever else is wrong in the file; a file whose name and `github` disagree names no nominee
        # the bot can act on (NOM006): no account, review, rival or merged duplicate is looked up for it.
        names_nominee = loaded is not None and loaded.fields.github is not None
        judges = chosen is not None and prcheck.names_agree(loaded, chosen.filename)
        cut_off = self.cut_off_marks(own, number)
        blob = record.blob_sha(blob_content) if blob_content is not None else ""
        nominee, reviews = (
            (None, []) if not (judges and login) else self.resolve_nominee(login, pull, people, state, blob)
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
        membership = self.membership(nominee, named=bool(judges and login), pull=pull)
        duplicate_of, merged_file, set_aside_for = None, None, None
        if judges and login and election is not None and chosen is not None:
            duplicate_of = self.open_duplicate(open_pulls, pull, election.id, login, nominee)
            set_aside_for = nominees_own(open_pulls, pull, login, nominee)
            if chosen.status == "added":
                merged_file = prcheck.merged_duplicate(
                    self.election_folder(election.id, pull), chosen.filename, login
                )

        def evidence(snapshots: Sequence[record.Snapshot]) -> prcheck.Evidence | None:
            if not key:
                return None
            file = record.file_key(chosen.filename) if chosen else ""
            return prcheck.evidence_for(sightings, key, election, file=file, snapshots=snapshots)

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
            shared_with=shared_with(open_pulls, pull),
            evidence=evidence(self.snapshots(cut_off)),
            sightings=sightings,
            consents=consents,
            closed=prcheck.closed_on_record(election, pull.labels, sightings, bool(cut_off)),
            cut_off_recorded=tuple(found.render() for found in cut_off),
            workflows=state.workflows.stopped if state.workflows is not None else (),
            workflow_reading=state.workflows,
        )
        rulings = self.rule_on_commands(comments, facts, state)
        new = [r.decision for rs in rulings.values() for r in rs if r.decision is not None]
        facts = replace(
            facts,
            decisions=prcheck.apply_decisions(state.decisions, new),
            read=record.with_read(state.read, self.read_now),
            read_worth_writing=read_worth_writing([c.comment.body for c in self.read_comments]),
        )
        if self.deferred:
            log.info("CPU budget spent: %d comment(s) left for the next run", len(self.deferred))
        verdict = prcheck.decide(facts)
        self.known_labels = frozenset(name.casefold() for p in open_pulls for name in p.labels)
        # The cut-off pass's record in the nominations issue, read once, only when it could date this
        # nomination and the run can afford it (one read, and a label that may change with the verdict).
        if (
            election is not None
            and prcheck.cut_off_record_may_date(facts, verdict)
            and self.gh.stats.total + self.publishing(facts, verdict, state, rulings, creating=False) + 2
            <= REQUEST_BUDGET
        ):
            # What it finds is kept in the report: no later run reads it again.
            cut_off = self.recorded_cut_off(number, election)
            if cut_off:
                facts = replace(
                    facts,
                    evidence=evidence(self.snapshots(cut_off)),
                    cut_off_recorded=tuple(found.render() for found in cut_off),
                )
                verdict = prcheck.decide(facts)
        facts = self.workflows_if_spare(facts, state, self.publishing(facts, verdict, state, rulings))
        facts = self.act(facts, verdict, state, rulings)
        return RunResult(
            verdict.exit_code, report.TITLES[verdict.status], verdict, facts, self.writes, self.deferral()
        )

    @property
    def event_comment(self) -> int | None:
        return self.event.comment.id if self.event.comment is not None else None

    def publishing(
        self,
        facts: Facts,
        verdict: Verdict,
        state: ReportState,
        rulings: Mapping[int, Sequence[Ruling]],
        *,
        creating: bool = True,
    ) -> int:
        """The requests `publish` may make for this verdict (`requests_to_publish`); `creating` False: as
        the per-run bound counts them, labels existing, so that a run that creates a new nominee's label
        decides what to read as the runs after it do, and their verdicts agree."""
        return requests_to_publish(
            facts,
            verdict,
            state,
            rulings,
            self.listed,
            self.event_comment,
            self.known_labels,
            creating=creating,
        )

    def deferral(self) -> str:
        """What this run left for a later one, in words for the job summary."""
        return deferral(self.low, len(self.deferred))

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

    def act(
        self,
        facts: Facts,
        verdict: Verdict,
        state: ReportState,
        rulings: Mapping[int, Sequence[Ruling]],
    ) -> Facts:
        return publish(
            self.gh,
            facts,
            verdict,
            state,
            rulings,
            self.listed,
            self.event_comment,
            self.writes,
            low=self.low,
            known_labels=self.known_labels,
        )
