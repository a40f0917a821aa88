"""The planner: a world → the next actions (`plan`), in the order that makes every crash recoverable."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from bot.config.models import Election, Phase, PhaseKind
from bot.config.timeline import PhaseState, state_at
from bot.nominations.record import Snapshot, is_sha
from bot.phases import announce
from bot.phases.actions import (
    Action,
    AddLabels,
    EditIssue,
    Need,
    NeedComments,
    NeedPulls,
    OpenIssue,
    Plan,
    PostComment,
    RetireComment,
)
from bot.phases.bodies import (
    MAX_RECORDED,
    closing_marker,
    compose,
    content_of,
    cutoff_marker,
    cutoff_record,
    digest,
    duplicate_marker,
    hand_edited,
    marked,
    notice_marker,
    recorded_pulls,
    rewrite_marker,
    with_cutoff_record,
)
from bot.phases.world import (
    CommentView,
    ElectionFacts,
    IssueStatus,
    IssueView,
    Notice,
    PhaseMarker,
    PullView,
    World,
)
from bot.text import labels as vocab
from bot.text.labels import MarkerKind
from bot.text.markers import marker as render_marker

# A phase that ended longer ago than this and was never announced is not announced after the fact (a bot
# deployed after an election, or a fictional sample election in the repository); shorter gaps (skipped
# runs, an outage of a few days) are caught up: the issue is opened, given its closing comment and closed.
RETRO_WINDOW = timedelta(days=7)


def plan(world: World) -> Plan:
    """What to do next. If facts are missing (comments of an issue, the open pull requests), the plan
    names them in `needs` and has no actions: fetch them into the world and ask again."""
    builder = _Builder(world)
    for facts in world.elections:
        for phase in facts.election.phases:
            builder.phase(facts, phase)
    if builder.needs:
        return Plan(needs=frozenset(builder.needs), notes=tuple(builder.notes))
    return Plan(actions=tuple(builder.actions), notes=tuple(builder.notes))


def issues_for(world: World, election: str, phase: str) -> list[IssueView]:
    return sorted(
        (i for i in world.issues if i.marker.election == election and i.marker.phase == phase),
        key=lambda i: i.number,
    )


def issue_numbers(issues: Iterable[IssueView], election: str) -> dict[str, int]:
    """Each phase's announcement issue (the one kept when two runs opened two: the lowest number), by
    phase id."""
    out: dict[str, int] = {}
    for issue in sorted(issues, key=lambda i: i.number):
        if issue.marker.election == election:
            out.setdefault(issue.marker.phase, issue.number)
    return out


def cutoff_handles_pulls(election: Election, at: datetime) -> bool:
    """Whether the cut-off pass is due for this election at `at` (from the cut-off until voting ends)."""
    return election.nominations.end <= at < election.voting.end


def pull_is_late(pull: PullView, election: Election) -> bool:
    """Judged by GitHub's own `created_at`, half-open: opened at the cut-off instant is late."""
    return pull.created_at >= election.nominations.end


@dataclass
class _Builder:
    world: World
    actions: list[Action] = field(default_factory=list)
    needs: set[Need] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)

    # -- one phase ---------------------------------------------------------------------------------

    def phase(self, facts: ElectionFacts, phase: Phase) -> None:
        election = facts.election
        state = state_at(phase, self.world.at)
        if not phase.announce:
            if phase.kind is PhaseKind.nominations and cutoff_handles_pulls(election, self.world.at):
                # No issue to record in: the labels alone say which pull requests are done.
                self.cutoff(facts, None)
            return
        group = issues_for(self.world, election.id, phase.id)
        where = f"{election.id}/{phase.id}"
        if not group:
            if not self.opens(phase):
                if state is not PhaseState.pending:
                    self.notes.append(
                        f"{where} ended on {phase.end:%Y-%m-%d}, long ago; not announcing it now"
                    )
                return
            if any(isinstance(a, OpenIssue) and a.election == election.id for a in self.actions):
                # One new issue per round: the next one's timeline can then link to it by number.
                self.notes.append(f"{where}: opening once the issue opened before it has its number")
                return
            content = self.content(facts, phase)
            mark = PhaseMarker(election.id, phase.id, digest(content))
            self.actions.append(
                OpenIssue(
                    election=election.id,
                    phase=phase.id,
                    title=announce.issue_title(election, phase),
                    body=compose(content, mark),
                    marker=mark.identity(),
                )
            )
            return
        keep, extras = group[0], group[1:]
        for extra in extras:
            self.actions.append(
                EditIssue(
                    number=extra.number,
                    body=announce.duplicate_body(election, phase, keep.number)
                    + "\n\n"
                    + duplicate_marker(election.id, phase.id, keep.number)
                    + "\n",
                    why=f"duplicate of #{keep.number} ({where}); close it as not planned",
                    close=True,
                    state_reason="not_planned",
                )
            )
        mark = keep.marker
        if mark.status is IssueStatus.final:
            if keep.is_open and Notice.reopened not in mark.said:
                self.notice(facts, phase, keep, Notice.reopened)
            elif keep.is_open:
                self.notes.append(f"#{keep.number} ({where}) was reopened by a person; leaving it open")
            return
        if state is PhaseState.pending:
            self.notes.append(f"#{keep.number} ({where}) exists before its phase starts; leaving it alone")
            return
        if state is PhaseState.open:
            self.while_open(facts, phase, keep)
            return
        self.at_end(facts, phase, keep)

    def content(self, facts: ElectionFacts, phase: Phase, *, closed: bool = False) -> str:
        """The phase issue's text as it should read now, linked to the election's other phase issues."""
        numbers = issue_numbers(self.world.issues, facts.election.id)
        return announce.issue_body(
            facts.election,
            phase,
            facts.candidates,
            self.world.repo,
            facts.withheld,
            closed=closed,
            issues=numbers,
        )

    def opens(self, phase: Phase) -> bool:
        """Whether a phase without an issue gets one now: it has started, and did not end long ago."""
        state = state_at(phase, self.world.at)
        return state is not PhaseState.pending and self.world.at - phase.end <= RETRO_WINDOW

    def while_open(self, facts: ElectionFacts, phase: Phase, issue: IssueView) -> None:
        where = f"{facts.election.id}/{phase.id}"
        if not issue.is_open:
            if Notice.closed_early in issue.marker.said:
                self.notes.append(f"#{issue.number} ({where}) was closed early by a person; not reopening it")
            else:
                self.notice(facts, phase, issue, Notice.closed_early)
            return
        if hand_edited(issue):
            if Notice.edited in issue.marker.said:
                self.notes.append(f"#{issue.number} ({where}) was edited by hand; not overwriting it")
            else:
                self.notice(facts, phase, issue, Notice.edited)
            return
        content = self.content(facts, phase)
        if content_of(issue.body) != content_of(content):
            self.actions.append(
                EditIssue(
                    number=issue.number,
                    body=compose(content, issue.marker),
                    why=f"update the announcement ({where}): {announce.list_summary(phase, facts.candidates)}",
                )
            )

    def at_end(self, facts: ElectionFacts, phase: Phase, issue: IssueView) -> None:
        """The phase is over and the issue is not final yet: cut-off, closing comment, close. When the next
        phase's issue is opened by this same plan, closing waits one round, so that the closing comment and
        the closed body can link to it by number."""
        election = facts.election
        where = f"{election.id}/{phase.id}"
        numbers = issue_numbers(self.world.issues, election.id)
        after = announce.next_phase(election, phase)
        if after is not None and after.announce and after.id not in numbers and self.opens(after):
            self.notes.append(f"{where}: closing once the {after.id} issue is open, to link to it")
            return
        at_cutoff: list[PullView] = []
        if phase.kind is PhaseKind.nominations:
            at_cutoff, recording = self.cutoff(facts, issue)
            if recording:  # the closing edit is composed from the body with the record in it
                return
        comments = self.comments_of(issue)
        if comments is None:
            return
        closing = self.own(comments, MarkerKind.PHASE_CLOSE, election.id, phase.id)
        self.retire_extras(issue, closing, "duplicate closing comment (two runs at once)")
        if not closing:
            # A body a person edited no longer carries the bot's list: the closing comment gives it.
            listing = (facts.candidates, self.world.repo) if hand_edited(issue) else None
            body = announce.closing_comment(election, phase, at_cutoff, numbers, listing=listing)
            mark = closing_marker(election.id, phase.id)
            self.actions.append(
                PostComment(
                    number=issue.number,
                    body=marked(body, mark),
                    marker=mark,
                    why=f"closing comment ({where})",
                )
            )
        final = replace(issue.marker, status=IssueStatus.final)
        if issue.is_open:
            if hand_edited(issue):
                body = rewrite_marker(issue.body, final)
            else:
                body = with_cutoff_record(
                    compose(self.content(facts, phase, closed=True), final), cutoff_record(issue.body)
                )
            self.actions.append(
                EditIssue(
                    number=issue.number,
                    body=body,
                    why=f"close the announcement ({where}): the phase ended",
                    close=True,
                    state_reason="completed",
                )
            )
        else:
            self.actions.append(
                EditIssue(
                    number=issue.number,
                    body=rewrite_marker(issue.body, final),
                    why=f"record that {where} is finished (the issue was already closed by a person)",
                )
            )

    # -- the cut-off pass ----------------------------------------------------------------------------

    def cutoff(self, facts: ElectionFacts, issue: IssueView | None) -> tuple[list[PullView], bool]:
        """Label every nomination pull request still open at the cut-off, `open-at-cutoff` or `late` (once:
        a labelled one is done), after recording in the nominations issue what each one opened in time
        proposed then (`record.Snapshot`, a hidden line of the issue's body that the check reads back as
        evidence). Returns this election's open ones, and whether the record was written in this plan
        (the closing edit then waits a round, so that it keeps the record).

        One write per pull request (issue 28: a comment, a label and a re-run each made the cut-off the
        hour's costliest moment). The label is the pull request's answer; the closing comment lists them,
        and each report already said what happens to a nomination not ready by the cut-off. Without an
        issue to record in (`announce: false`), only the labels."""
        election = facts.election
        if self.world.pulls is None:
            self.needs.add(NeedPulls())
            return [], False
        mine = sorted((p for p in self.world.pulls if p.election == election.id), key=lambda p: p.number)
        pending = [p for p in mine if not p.labels & vocab.CUTOFF]
        if not pending:
            return mine, False
        recording = False
        if issue is not None:
            recorded = recorded_pulls(issue.body, election.id)
            room = MAX_RECORDED - len(cutoff_record(issue.body))
            lines = [
                cutoff_marker(election.id, pull.number, snapshot)
                for pull in pending
                if pull.number not in recorded
                and not pull_is_late(pull, election)
                and (snapshot := self.snapshot(pull)) is not None
            ][: max(room, 0)]
            if lines:
                recording = True
                self.actions.append(
                    EditIssue(
                        number=issue.number,
                        body=with_cutoff_record(issue.body, lines),
                        why=f"record what {len(lines)} pull request(s) open at the cut-off proposed (hidden lines)",
                    )
                )
        for pull in pending:
            late = pull_is_late(pull, election)
            label = vocab.LATE.name if late else vocab.OPEN_AT_CUTOFF.name
            why = "late" if late else "opened in time, still open at the cut-off"
            self.actions.append(AddLabels(pull.number, (label,), why=f"the cut-off: {why}"))
        return mine, recording

    def snapshot(self, pull: PullView) -> Snapshot | None:
        """What the pass saw the pull request propose: its head, GitHub's `updated_at` (not after now)."""
        if not is_sha(pull.head_sha) or pull.updated_at is None:
            return None
        return Snapshot(pull.head_sha, min(pull.updated_at, self.world.at), self.world.at, pull.file)

    # -- helpers -------------------------------------------------------------------------------------

    def notice(self, facts: ElectionFacts, phase: Phase, issue: IssueView, notice: Notice) -> None:
        comments = self.comments_of(issue)
        if comments is None:
            return
        election = facts.election
        existing = self.own(comments, MarkerKind.PHASE_NOTICE, election.id, phase.id, reason=notice.value)
        self.retire_extras(issue, existing, "duplicate notice (two runs at once)")
        if not existing:
            mark = notice_marker(election.id, phase.id, notice)
            body = announce.notice_comment(election, phase, notice.value, self.world.repo)
            self.actions.append(
                PostComment(
                    number=issue.number,
                    body=marked(body, mark),
                    marker=mark,
                    why=f"say once what the bot will do ({notice.value})",
                )
            )
        said = replace(issue.marker, said=issue.marker.said | {notice})
        self.actions.append(
            EditIssue(
                number=issue.number,
                body=rewrite_marker(issue.body, said),
                why=f"remember that the {notice.value} notice was posted (hidden marker only)",
            )
        )

    def comments_of(self, issue: IssueView) -> tuple[CommentView, ...] | None:
        if issue.comments is None:
            self.needs.add(NeedComments(issue.number))
        return issue.comments

    @staticmethod
    def own(
        comments: Iterable[CommentView], kind: MarkerKind, election: str, phase: str, **extra: str
    ) -> list[CommentView]:
        found = []
        for comment in comments:
            mark = comment.marker(kind)
            if mark is None or mark.fields.get("election") != election or mark.fields.get("phase") != phase:
                continue
            if any(mark.fields.get(k) != v for k, v in extra.items()):
                continue
            found.append(comment)
        return sorted(found, key=lambda c: c.id)

    def retire_extras(self, issue: IssueView, found: Sequence[CommentView], why: str) -> None:
        if len(found) < 2:
            return
        keep = found[0]
        for extra in found[1:]:
            mark = render_marker(MarkerKind.PHASE_COMMENT_DUPLICATE, of=keep.id)
            self.actions.append(
                RetireComment(
                    number=issue.number,
                    comment_id=extra.id,
                    body=marked(announce.retired_comment(), mark),
                    why=why,
                )
            )
