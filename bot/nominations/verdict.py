"""All the facts → one `Verdict`: findings, labels, the check run's conclusion, the exit code and a digest
that binds the verdict to what was judged.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from pathlib import PurePosixPath

from bot.config.loading import LoadedNomination
from bot.config.models import Election, is_file_of
from bot.config.timeline import format_utc
from bot.config.zones import human
from bot.errors import EXIT_FINDINGS, EXIT_OK
from bot.github.values import CheckRun, PullRequest, User, Workflow
from bot.nominations import record
from bot.nominations.authority import late_decision, membership_decision
from bot.nominations.changed_files import FileSelection, names_agree, nominee_label
from bot.nominations.consent import Consent
from bot.nominations.constants import NOMINATIONS_ROOT
from bot.nominations.membership import MembershipAnswer, MembershipState, class_of
from bot.nominations.record import ConsentRecord, ReadRecord, Sighting, Snapshot, Source, WorkflowReading
from bot.nominations.rules import RuleContext, check_nomination
from bot.nominations.rules.window import late_finding
from bot.nominations.shared_entities import EntityIndex
from bot.nominations.state import Decision
from bot.text import catalogue
from bot.text import labels as vocab
from bot.text.findings import Finding, Severity, sort_findings


class VerdictStatus(StrEnum):
    ready = "ready"
    needs_changes = "needs-changes"
    awaiting_consent = "awaiting-consent"
    membership_unverified = "membership-unverified"
    window_undecided = "window-undecided"  # no record of when it was proposed: the admins decide
    late = "late"  # made at or after the cut-off: no change can make it in time; the admins decide


def plan_labels(current: Sequence[str], desired: Sequence[str]) -> tuple[list[str], list[str]]:
    """(labels to add, labels to remove): ours are kept in sync, anyone else's are never touched.
    Names compare without regard to case, as GitHub's do."""
    have = {c.casefold() for c in current}
    want = {d.casefold() for d in desired}
    add = [d for d in desired if d.casefold() not in have]
    remove = [c for c in current if vocab.set_by_the_check(c) and c.casefold() not in want]
    return add, remove


@dataclass(frozen=True, slots=True)
class Evidence:
    """GitHub's earliest record, in the bot's trusted record, of this pull request proposing the
    nomination it proposes now (`record.first_sighting`), and whether the bot saw the pull request at all
    before the cut-off."""

    at: datetime
    source: Source
    seen_before_cutoff: bool


def evidence_for(
    sightings: Sequence[Sighting],
    key: str,
    election: Election | None,
    *,
    file: str = "",
    snapshots: Sequence[Snapshot] = (),
) -> Evidence | None:
    """When this pull request first proposed what it proposes now (`key`; `file`: its nomination file's
    `record.file_key`), from the bot's record and the cut-off pass's snapshots. A snapshot is evidence
    that this proposal was made by the snapshot's `updated_at` when it names the same file, or, taken
    without reading the files (a pull request the check had labelled), when its head is one the record
    shows proposing `key`. The pull request counts as watched before the cut-off when the record reaches
    back before it, or when the cut-off pass saw it proposing something else and every record of this
    proposal is later than that look."""
    first = record.first_sighting(sightings, key)
    heads = {s.head for s in sightings if s.key == key}
    others = {s.head for s in sightings if s.key and s.key != key} - heads

    def same(x: Snapshot) -> bool:
        return x.file == file if x.file else x.head in heads

    def different(x: Snapshot) -> bool:
        return x.file != file if x.file else x.head in others

    options = ([(first.at, first.source)] if first else []) + [
        (x.at, Source.cutoff) for x in snapshots if file and same(x)
    ]
    if not options:
        return None
    at, source = min(options, key=lambda o: o[0])
    cutoff = election.nominations.end if election is not None else at
    other = any(different(x) and x.taken < at for x in snapshots)
    return Evidence(at, source, record.seen_before(sightings, cutoff) or other)


def cut_off_record_may_date(facts: Facts, verdict: Verdict) -> bool:
    """Whether the cut-off pass's record in the nominations issue could change this verdict's window: the
    pass labelled the pull request (so it may have recorded it), it was opened in time, no run found it in
    the record yet (`Facts.cut_off_recorded`), and the verdict has only the bot's own record to date it by
    (late, or undecided). Worth a request then, not before; a read that finds nothing changes nothing."""
    election = facts.election
    if election is None or facts.pull.created_at >= election.nominations.end:
        return False
    labelled = any(name.casefold() in vocab.CUTOFF for name in facts.pull.labels)
    unread = not facts.cut_off_recorded
    return labelled and unread and any(f.code in ("WIN002", "WIN003") for f in verdict.findings)


@dataclass(frozen=True, slots=True)
class Facts:
    """Everything the verdict depends on, gathered by the command."""

    pull: PullRequest
    election: Election | None
    known_elections: tuple[str, ...]
    selection: FileSelection
    loaded: LoadedNomination | None
    blob_findings: tuple[Finding, ...]
    nominee_login: str | None
    nominee: User | None  # None with a login: GitHub has no such account
    membership: MembershipAnswer
    consent: Consent
    duplicate_of: int | None = None  # an earlier open PR nominating the same person
    merged_file: str | None = None  # a merged nomination of the same person
    set_aside_for: int | None = None  # the nominee's own later pull request (this one is someone else's)
    decisions: tuple[Decision, ...] = ()
    entities: EntityIndex | None = None  # the merged candidates' entities, for the PEP 772 notice
    shared_with: int | None = None  # an earlier open PR with the same head commit: its verdict is there
    evidence: Evidence | None = None  # when this PR first proposed this nomination (None: no record)
    sightings: tuple[Sighting, ...] = ()  # the trusted record, as this run leaves it
    consents: tuple[ConsentRecord, ...] = ()
    closed: bool = False  # GitHub's record shows the nominations closed before this run (`closed_on_record`)
    # What the cut-off pass recorded of this pull request (its lines in the nominations issue), kept in the
    # report so that no later run reads the issue again
    cut_off_recorded: tuple[str, ...] = ()
    # The repository's workflows as GitHub lists them, or as the last reading on record kept the stopped ones
    # (None: the job could not read them, no actions: read)
    workflows: tuple[Workflow, ...] | None = ()
    workflow_reading: WorkflowReading | None = None  # that reading, as this run leaves the record
    # `nomination` check runs on the head commit that the check did not create (a job of that name, or
    # another app): GitHub's required check goes by the newest, so the admins are told
    foreign_checks: tuple[CheckRun, ...] = ()
    read: tuple[ReadRecord, ...] = ()  # comments read with nothing to rule on, as this run leaves the record
    # The record of comments read is worth a write of its own: this run read a long one (a short one is
    # cheap to read again, and is remembered when the report is written anyway).
    read_worth_writing: bool = False

    @property
    def names_nominee(self) -> bool:
        """The file's `github` field is a valid login, whatever else is wrong in it: the nominee's account,
        membership, consent and the window are judged, so every problem is reported in the first round."""
        return self.loaded is not None and self.loaded.fields.github is not None

    @property
    def judges_nominee(self) -> bool:
        """The file names a nominee the bot can act on (`changed_files.names_agree`: `github` is a valid
        login and the file is named after it). Only then are the nominee's account, membership, consent
        and other nominations judged: a file whose name and `github` disagree never counts a consent,
        never gets a `nominee:` label and is never valid (issue 28)."""
        chosen = self.selection.nomination
        return chosen is not None and names_agree(self.loaded, chosen.filename)

    @property
    def names_disagree(self) -> bool:
        """`github` is a valid login but the file is not named after it (NOM006): whom it nominates is
        unknown, so nothing is judged on the nominee's behalf (`judges_nominee`)."""
        return self.names_nominee and not self.judges_nominee


@dataclass(frozen=True, slots=True)
class Verdict:
    status: VerdictStatus
    findings: tuple[Finding, ...]
    labels: tuple[str, ...]
    conclusion: str  # check-run conclusion: success, failure, action_required
    exit_code: int
    membership: MembershipAnswer  # after an admin's decision
    membership_by: Decision | None
    late_by: Decision | None
    late: bool
    digest: str = field(default="")

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.error]


_WINDOW_CODES = frozenset({"WIN001", "WIN002", "WIN003"})


def _effective_membership(facts: Facts) -> tuple[MembershipAnswer, Decision | None]:
    decision = membership_decision(
        facts.decisions, facts.nominee, facts.election.id if facts.election else ""
    )
    answer = facts.membership
    election = facts.election
    if decision is None or election is None:
        return answer, None
    if class_of(answer, election) == decision.value:
        return answer, None
    klass = decision.value
    if klass not in election.membership_classes:
        return answer, None
    source = f"admin {decision.by_login} at {format_utc(decision.at)}"
    return MembershipAnswer(MembershipState.verified, klass, source=source), decision


def _identity_findings(facts: Facts, path: str, line: int | None) -> list[Finding]:
    login = facts.nominee_login
    if login is None or not facts.judges_nominee:
        return []
    if facts.nominee is None:
        return [catalogue.make("PR006", path, line, login=login)]
    if facts.nominee.type != "User":
        return [catalogue.make("PR007", path, line, login=login, kind=facts.nominee.type.lower())]
    return []


def _duplicate_findings(facts: Facts, path: str, line: int | None) -> list[Finding]:
    login, election = facts.nominee_login, facts.election
    if login is None or election is None or not facts.judges_nominee:
        return []
    out = []
    if facts.duplicate_of is not None:
        out.append(
            catalogue.make(
                "PR008",
                path,
                line,
                login=login,
                election=election.id,
                number=facts.duplicate_of,
                contact=election.contact,
            )
        )
    if facts.merged_file is not None:
        out.append(
            catalogue.make(
                "PR009", path, line, login=login, election=election.id, existing=facts.merged_file, file=path
            )
        )
    return out


def window_findings(facts: Facts, path: str) -> list[Finding]:
    """The nomination window, judged by when GitHub's records show this pull request first proposed this
    nomination (half-open: at the cut-off instant it is late). The earliest sighting is an upper bound of
    that instant, so a sighting inside the window proves it was on time; one at or after the cut-off
    proves it late when the bot watched the pull request before the cut-off (and never saw this
    nomination there) or the pull request itself was opened at or after it. Otherwise — opened before the
    cut-off, but the bot has no record of it from before then — the bot cannot tell: WIN003, the admins
    decide. Commit dates, and the time a run started, are never evidence."""
    election, evidence = facts.election, facts.evidence
    if election is None:
        return []
    phase, opened = election.nominations, facts.pull.created_at
    zone = election.zone
    if evidence is None or evidence.at >= phase.end:
        at = evidence.at if evidence is not None else opened
        if opened >= phase.end or (evidence is not None and evidence.seen_before_cutoff):
            return [late_finding(election, path, max(at, opened))]
        return [
            catalogue.make(
                "WIN003",
                path,
                None,
                election=election.id,
                end=human(phase.end, zone),
                opened=human(opened, zone),
                at=human(at, zone),
            )
        ]
    if evidence.at < phase.start:
        return [
            catalogue.make(
                "WIN001",
                path,
                None,
                election=election.id,
                start=human(phase.start, zone),
                at=human(evidence.at, zone),
            )
        ]
    return []


def closed_on_record(
    election: Election | None, labels: Sequence[str], sightings: Sequence[Sighting], cut_off_seen: bool
) -> bool:
    """Whether the nominations had closed when GitHub last showed the bot this pull request: the cut-off
    pass labelled it or recorded it, or GitHub's time of an event the bot saw is at or after the
    cut-off. The run's own clock is not asked, so the report stays the same bytes for the same record."""
    if election is None:
        return False
    end = election.nominations.end
    labelled = any(name.casefold() in vocab.CUTOFF for name in labels)
    return cut_off_seen or labelled or any(s.at >= end for s in sightings)


def decide(facts: Facts) -> Verdict:
    election_id = facts.election.id if facts.election else ""
    membership, membership_by = _effective_membership(facts)
    late_by = late_decision(facts.decisions, facts.nominee, election_id)
    findings: list[Finding] = list(facts.selection.findings) + list(facts.blob_findings)
    chosen = facts.selection.nomination
    late = undecided = False
    if facts.loaded is not None and chosen is not None:
        ctx = RuleContext(
            election=facts.election,
            election_id=facts.selection.election_id,
            known_elections=facts.known_elections,
            at=None,  # the window is judged below, from the record
            membership=membership,
            nominee_id=facts.nominee.id if facts.nominee else None,
            entities=facts.entities,
            author_login=facts.pull.author.login,
        )
        file_findings = check_nomination(facts.loaded, ctx)
        if facts.nominee is None:  # GitHub has no such account (PR006): no admin could verify a membership
            file_findings = [f for f in file_findings if f.code != "MEM003"]
        if not facts.judges_nominee:  # whose membership? NOM006 says the name and `github` must agree first
            file_findings = [f for f in file_findings if not f.code.startswith("MEM")]
        if facts.names_nominee:
            file_findings += window_findings(facts, chosen.filename)
        late = any(f.code == "WIN002" for f in file_findings)
        undecided = late_by is None and any(f.code == "WIN003" for f in file_findings)
        if late_by is not None and any(f.code in _WINDOW_CODES for f in file_findings):
            file_findings = [f for f in file_findings if f.code not in _WINDOW_CODES]
            file_findings.append(
                catalogue.make(
                    "PR010",
                    chosen.filename,
                    None,
                    by=late_by.by_login,
                    at=human(late_by.at, facts.election.zone if facts.election else None),
                )
            )
        findings.extend(file_findings)
        line = facts.loaded.line_of("github") if facts.loaded.lines is not None else None
        findings.extend(_identity_findings(facts, chosen.filename, line))
        findings.extend(_duplicate_findings(facts, chosen.filename, line))
    judged = facts.judges_nominee
    consented = judged and facts.consent.given
    if (
        judged
        and facts.set_aside_for is not None
        and chosen is not None
        and facts.nominee_login is not None
        and (not consented or any(f.severity is Severity.error for f in findings))
    ):
        # The nominee opened their own: this one, without their consent or a valid file, gives way.
        findings.append(
            catalogue.make(
                "PR013", chosen.filename, None, login=facts.nominee_login, number=facts.set_aside_for
            )
        )
    if facts.shared_with is not None:
        where = chosen.filename if chosen is not None else NOMINATIONS_ROOT
        findings.append(catalogue.make("PR011", where, None, number=facts.shared_with))
    off_base = facts.pull.off_default_branch
    if off_base:
        # Merging it nominates nobody, and the environment's secrets are the default branch's alone:
        # no verdict on membership until it targets the default branch.
        where = chosen.filename if chosen is not None else NOMINATIONS_ROOT
        findings = [f for f in findings if not f.code.startswith("MEM")]
        findings.append(
            catalogue.make("PR012", where, None, base=facts.pull.base_ref, default=facts.pull.default_branch)
        )
    findings = sort_findings(findings)
    errors = any(f.severity is Severity.error for f in findings)
    unverified = judged and membership.state is MembershipState.unverified and not off_base
    duplicate = any(f.code in ("PR008", "PR009") for f in findings if f.severity is Severity.error)
    # A duplicate's nominee is not asked to consent on the pull request they should abandon.
    awaiting = judged and facts.nominee is not None and not consented and not duplicate
    if late and late_by is None:
        status = VerdictStatus.late
    elif errors:
        status = VerdictStatus.needs_changes
    elif not consented:
        status = VerdictStatus.awaiting_consent
    elif undecided:
        status = VerdictStatus.window_undecided
    elif unverified:
        status = VerdictStatus.membership_unverified
    else:
        status = VerdictStatus.ready
    wanted = [vocab.NOMINATION.name]
    if facts.nominee_login is not None and names_own_file(facts) and (judged or not facts.names_nominee):
        # Only where the file name and `github:` agree (issue 28: thirty `decoyN.md` files saying
        # `github: janedoe` were labelled as Jane's and made her own check list each one's files), and,
        # when `github` is a login, only where it is the one the bot judged (`judges_nominee`).
        wanted.append(nominee_label(facts.nominee_login))
    for flag, spec in (
        (status is VerdictStatus.ready, vocab.READY),
        (errors and status is not VerdictStatus.late, vocab.NEEDS_CHANGES),
        (awaiting, vocab.AWAITING_CONSENT),
        (unverified, vocab.MEMBERSHIP_UNVERIFIED),
        (late, vocab.LATE),
        (undecided, vocab.OPEN_AT_CUTOFF),
    ):
        if flag:
            wanted.append(spec.name)
    failed = (VerdictStatus.needs_changes, VerdictStatus.late)
    conclusion = (
        "success" if status is VerdictStatus.ready else "failure" if status in failed else "action_required"
    )
    verdict = Verdict(
        status=status,
        findings=tuple(findings),
        labels=tuple(wanted),
        conclusion=conclusion,
        exit_code=EXIT_OK if status is VerdictStatus.ready else EXIT_FINDINGS,
        membership=membership,
        membership_by=membership_by,
        late_by=late_by,
        late=late,
    )
    return replace(verdict, digest=digest(facts, verdict))


def names_own_file(facts: Facts) -> bool:
    """The nomination file is `<login>.md` of the login its `github:` names."""
    chosen = facts.selection.nomination
    return (
        chosen is not None
        and facts.nominee_login is not None
        and is_file_of(PurePosixPath(chosen.filename).name, facts.nominee_login)
    )


def digest(facts: Facts, verdict: Verdict) -> str:
    """A short fingerprint of everything the report and the check run show: equal digests, nothing to
    write."""
    document = {
        "status": verdict.status.value,
        "conclusion": verdict.conclusion,
        "labels": sorted(verdict.labels),
        "findings": [f.as_dict() for f in verdict.findings],
        "membership": [
            verdict.membership.state.value,
            verdict.membership.membership,
            verdict.membership.source,
            verdict.membership.reason,
        ],
        "consent": [facts.consent.via, facts.consent.ref, facts.consent.stale],
        "evidence": [facts.evidence.at, facts.evidence.source] if facts.evidence else None,
        "nominee": [facts.nominee_login, facts.nominee.id if facts.nominee else None],
        "decisions": [d.marker() for d in facts.decisions],
        "file": facts.selection.nomination.filename if facts.selection.nomination else None,
        "election": facts.election.id if facts.election else None,
        "sha": facts.pull.head_sha,
        "closed": facts.closed,
    }
    if facts.cut_off_recorded:
        document["cut_off"] = list(facts.cut_off_recorded)
    text = json.dumps(document, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
