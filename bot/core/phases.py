"""The phase reconciler, pure: what GitHub should show (config + clock + merged nominations) against what it
shows (the bot's own issues, comments and the open nomination pull requests) → a plan of actions.

Nothing here talks to GitHub. `bot.commands.sync` observes, asks `plan(world)`, fetches what the plan says
it needs, applies the actions and asks again until the plan is empty. Running it twice does nothing the
second time.

How an announcement issue is recognised and what it remembers (see docs/phases.md):

* It is authored by the bot, carries the label `election-bot` and the hidden identity marker
  `<!-- election-bot:phase election=ID phase=PHASE -->`, followed by the state line
  `<!-- election-bot:phase-state digest=D status=S [said=A+B] [cutoff=started] -->`. Never the title.
* `digest` is a digest of the text the bot last wrote (the body without the marker). When the body's text
  no longer matches it, a person edited it: the bot stops rewriting the text (it still may rewrite its own
  hidden marker, which is how it remembers things).
* `status=open` while the bot manages the issue; `status=final` once the phase ended, the closing comment
  was posted (and, for the nominations phase, the pull requests still open at the cut-off were handled)
  and the issue was closed. A final issue that is open again was reopened by a person.
* `said` lists the notices the bot already posted (`closed-early`, `reopened`, `edited`), so that each is
  said once.

The order of writes makes every crash recoverable: cut-off comments and labels, then the closing comment,
then one PATCH that closes the issue and marks it final. A run that dies anywhere before that PATCH leaves
the issue open and not final, and the next run redoes only what is missing (every comment is looked up by
its marker before it is posted).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum

from bot.core import vocabulary as vocab
from bot.core.markers import Marker, first_marker
from bot.core.markers import marker as render_marker
from bot.core.models import Affiliation, Election, Phase, PhaseKind
from bot.core.record import Snapshot, is_sha
from bot.core.timeline import PhaseState, state_at
from bot.core.vocabulary import MarkerKind

DIGEST_CHARS = 16
# A phase that ended longer ago than this and was never announced is not announced after the fact (a bot
# deployed after an election, or a fictional sample election in the repository); shorter gaps (skipped
# runs, an outage of a few days) are caught up: the issue is opened, given its closing comment and closed.
RETRO_WINDOW = timedelta(days=7)


class Status(StrEnum):
    open = "open"  # the bot manages the issue
    final = "final"  # the phase is over and the bot is done with it


class Notice(StrEnum):
    closed_early = "closed-early"
    reopened = "reopened"
    edited = "edited"


# --------------------------------------------------------------------------------------------------
# Inputs: the desired side
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RepoRef:
    """Where statements are linked: `https://github.com/<repo>/blob/<branch>/nominations/<id>/<file>`."""

    repo: str  # owner/name
    branch: str
    server: str = "https://github.com"

    def blob(self, path: str) -> str:
        return f"{self.server}/{self.repo}/blob/{self.branch}/{path}"

    def tree(self, path: str) -> str:
        return f"{self.server}/{self.repo}/tree/{self.branch}/{path}"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A merged, valid nomination on the default branch."""

    login: str
    name: str
    file: str  # the file name inside nominations/<id>/
    affiliations: tuple[Affiliation, ...]
    nominated_by: str | None = None

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.name.casefold(), self.login.casefold())


@dataclass(frozen=True, slots=True)
class Withheld:
    """A merged file that is not a valid nomination: named on the announcement for the admins, never
    listed as a candidate (the codes are the catalogue's, documented in the nominee guide)."""

    file: str  # the file name inside nominations/<id>/
    codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ElectionFacts:
    election: Election
    candidates: tuple[Candidate, ...]
    withheld: tuple[Withheld, ...] = ()


# --------------------------------------------------------------------------------------------------
# Inputs: the actual side (only what the bot itself wrote: the command layer drops everything else)
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PhaseMarker:
    """What the two hidden lines at the end of an announcement say.

    The identity line, `<!-- election-bot:phase election=ID phase=PHASE -->`, is exactly
    `markers.marker("phase", election=ID, phase=PHASE)`: it never changes, so anyone (the gateway's
    `find_bot_issue`, `election-bot results --post`) can find the issue by it. The state line,
    `<!-- election-bot:phase-state digest=D status=S [said=A+B] [cutoff=started] -->`, is the bot's memory
    and the only thing it rewrites in a text a person edited.
    """

    election: str
    phase: str
    digest: str
    status: Status = Status.open
    said: frozenset[Notice] = frozenset()
    cutoff: bool = False  # the nominations issue: the cut-off pass over open pull requests has begun

    def identity(self) -> str:
        return identity_marker(self.election, self.phase)

    def state(self) -> str:
        fields: dict[str, str] = {"digest": self.digest or "none", "status": self.status.value}
        if self.said:
            fields["said"] = "+".join(sorted(n.value for n in self.said))
        if self.cutoff:
            fields["cutoff"] = "started"
        return render_marker(MarkerKind.PHASE_STATE, **fields)

    def render(self) -> str:
        return f"{self.identity()}\n{self.state()}"

    @classmethod
    def parse(cls, identity: Marker, state: Marker | None) -> PhaseMarker | None:
        f = identity.fields
        if identity.kind != MarkerKind.PHASE or "election" not in f or "phase" not in f:
            return None
        g = state.fields if state is not None else {}
        try:
            status = Status(g.get("status", Status.open.value))
        except ValueError:
            status = Status.open
        said = frozenset(Notice(s) for s in g.get("said", "").split("+") if s in _NOTICE_VALUES)
        return cls(f["election"], f["phase"], g.get("digest", ""), status, said, g.get("cutoff") == "started")


def identity_marker(election: str, phase: str) -> str:
    return render_marker(MarkerKind.PHASE, election=election, phase=phase)


_NOTICE_VALUES = frozenset(n.value for n in Notice)


@dataclass(frozen=True, slots=True)
class CommentView:
    """A comment authored by the bot."""

    id: int
    body: str

    def marker(self, kind: MarkerKind) -> Marker | None:
        return first_marker(self.body, kind)


@dataclass(frozen=True, slots=True)
class IssueView:
    """An issue authored by the bot, labelled `election-bot`, carrying a phase marker."""

    number: int
    state: str  # "open" | "closed"
    body: str
    marker: PhaseMarker
    comments: tuple[CommentView, ...] | None = None  # None: not fetched yet
    html_url: str = ""

    @property
    def is_open(self) -> bool:
        return self.state == "open"


@dataclass(frozen=True, slots=True)
class PullView:
    """An open pull request labelled `nomination` or (until the cut-off pass has handled it) touching
    `nominations/`; `election` is the election its files belong to. `head_sha`, `updated_at` and `file`
    (`record.file_key` of the one nomination file it changes, "" none or several) are what the cut-off
    pass snapshots; "" / None when they were not read."""

    number: int
    created_at: datetime
    labels: frozenset[str]
    election: str | None
    comments: tuple[CommentView, ...] | None = None  # the bot's own; None: not fetched yet
    head_sha: str = ""
    updated_at: datetime | None = None
    file: str = ""


@dataclass(frozen=True, slots=True)
class World:
    at: datetime
    repo: RepoRef
    elections: tuple[ElectionFacts, ...]
    issues: tuple[IssueView, ...]
    pulls: tuple[PullView, ...] | None = None  # None: not fetched yet

    def issue(self, number: int) -> IssueView | None:
        return next((i for i in self.issues if i.number == number), None)


# --------------------------------------------------------------------------------------------------
# Outputs: needs and actions
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NeedComments:
    number: int


@dataclass(frozen=True, slots=True)
class NeedPulls:
    pass


@dataclass(frozen=True, slots=True)
class NeedPullComments:
    number: int


Need = NeedComments | NeedPulls | NeedPullComments


@dataclass(frozen=True, slots=True)
class OpenIssue:
    election: str
    phase: str
    title: str
    body: str
    marker: str
    labels: tuple[str, ...] = (vocab.BOT.name,)

    def describe(self) -> str:
        return f"open issue “{self.title}” ({self.election}/{self.phase})"


@dataclass(frozen=True, slots=True)
class EditIssue:
    """One PATCH: a new body, and optionally a new state."""

    number: int
    body: str
    why: str
    close: bool = False
    state_reason: str | None = None

    def describe(self) -> str:
        return f"#{self.number}: {self.why}"


@dataclass(frozen=True, slots=True)
class PostComment:
    number: int
    body: str
    marker: str
    why: str
    on_pull: bool = False
    verify: bool = True  # list the comments again afterwards to catch a racing duplicate

    def describe(self) -> str:
        return f"#{self.number}: comment: {self.why}"


@dataclass(frozen=True, slots=True)
class RetireComment:
    number: int
    comment_id: int
    body: str
    why: str

    def describe(self) -> str:
        return f"#{self.number}: comment {self.comment_id}: {self.why}"


@dataclass(frozen=True, slots=True)
class AddLabels:
    number: int
    labels: tuple[str, ...]
    why: str

    def describe(self) -> str:
        return f"#{self.number}: label {', '.join(self.labels)}: {self.why}"


Action = OpenIssue | EditIssue | PostComment | RetireComment | AddLabels


@dataclass(frozen=True, slots=True)
class Plan:
    actions: tuple[Action, ...] = ()
    needs: frozenset[Need] = frozenset()
    notes: tuple[str, ...] = ()  # decisions worth a line in the log that need no write

    @property
    def empty(self) -> bool:
        return not self.actions and not self.needs


# --------------------------------------------------------------------------------------------------
# Bodies, markers and digests
# --------------------------------------------------------------------------------------------------

_FIELDS = r"(?: [a-z_]{1,30}=[A-Za-z0-9._:/+=-]{1,200})*"
_PHASE_MARKER_RE = re.compile(rf"\n*<!-- election-bot:phase(?:-state)?{_FIELDS} -->")
_STATE_MARKER_RE = re.compile(rf"<!-- election-bot:phase-state{_FIELDS} -->")
_IDENTITY_MARKER_RE = re.compile(rf"<!-- election-bot:phase{_FIELDS} -->")


def content_of(body: str) -> str:
    """The body without the bot's two hidden lines, normalised the way a digest sees it."""
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    return _PHASE_MARKER_RE.sub("", text).rstrip()


def digest(content: str) -> str:
    return hashlib.sha256(content_of(content).encode("utf-8")).hexdigest()[:DIGEST_CHARS]


def compose(content: str, marker: PhaseMarker) -> str:
    """The issue body the bot writes: its text, then the hidden lines (the state with the text's digest)."""
    text = content_of(content)
    return f"{text}\n\n{replace(marker, digest=digest(text)).render()}\n"


def rewrite_marker(body: str, marker: PhaseMarker) -> str:
    """Only the hidden state line changes; a person's text is kept byte for byte."""
    state = marker.state()
    match = _STATE_MARKER_RE.search(body)
    if match is not None:
        return body[: match.start()] + state + body[match.end() :]
    identity = _IDENTITY_MARKER_RE.search(body)
    if identity is not None:
        return body[: identity.end()] + "\n" + state + body[identity.end() :]
    return f"{body.rstrip()}\n\n{marker.render()}\n"


def hand_edited(issue: IssueView) -> bool:
    return digest(issue.body) != issue.marker.digest


def parse_phase_marker(body: str) -> PhaseMarker | None:
    identity = first_marker(body, MarkerKind.PHASE)
    if identity is None:
        return None
    return PhaseMarker.parse(identity, first_marker(body, MarkerKind.PHASE_STATE))


def closing_marker(election: str, phase: str) -> str:
    return render_marker(MarkerKind.PHASE_CLOSE, election=election, phase=phase)


def notice_marker(election: str, phase: str, notice: Notice) -> str:
    return render_marker(MarkerKind.PHASE_NOTICE, election=election, phase=phase, reason=notice.value)


def cutoff_marker(election: str, pull: int, snapshot: Snapshot | None = None) -> str:
    """The cut-off comment's marker; with the pass's snapshot of the pull request (`record.Snapshot`),
    which the PR check reads back from the bot's own comment as evidence of what it proposed then."""
    fields = snapshot.fields() if snapshot is not None else {}
    return render_marker(MarkerKind.CUTOFF, election=election, pr=pull, **fields)


def duplicate_marker(election: str, phase: str, keep: int) -> str:
    return render_marker(MarkerKind.PHASE_DUPLICATE, election=election, phase=phase, of=keep)


# --------------------------------------------------------------------------------------------------
# The planner
# --------------------------------------------------------------------------------------------------


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
        from bot.core.render import announce

        election = facts.election
        state = state_at(phase, self.world.at)
        if not phase.announce:
            if phase.kind is PhaseKind.nominations and cutoff_handles_pulls(election, self.world.at):
                # No issue to remember that the cut-off pass is done: look at the pulls every run.
                self.cutoff(facts, None)
            return
        group = issues_for(self.world, election.id, phase.id)
        where = f"{election.id}/{phase.id}"
        if not group:
            if state is PhaseState.pending:
                return
            if self.world.at - phase.end > RETRO_WINDOW:
                self.notes.append(f"{where} ended on {phase.end:%Y-%m-%d}, long ago; not announcing it now")
                return
            content = announce.issue_body(election, phase, facts.candidates, self.world.repo, facts.withheld)
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
        if mark.status is Status.final:
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

    def while_open(self, facts: ElectionFacts, phase: Phase, issue: IssueView) -> None:
        from bot.core.render import announce

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
        content = announce.issue_body(
            facts.election, phase, facts.candidates, self.world.repo, facts.withheld
        )
        if content_of(issue.body) != content_of(content):
            self.actions.append(
                EditIssue(
                    number=issue.number,
                    body=compose(content, issue.marker),
                    why=f"update the announcement ({where}): {announce.list_summary(phase, facts.candidates)}",
                )
            )

    def at_end(self, facts: ElectionFacts, phase: Phase, issue: IssueView) -> None:
        """The phase is over and the issue is not final yet: cut-off, closing comment, close."""
        from bot.core.render import announce

        election = facts.election
        where = f"{election.id}/{phase.id}"
        at_cutoff: list[PullView] = []
        if phase.kind is PhaseKind.nominations:
            at_cutoff = self.cutoff(facts, issue)
        comments = self.comments_of(issue)
        if comments is None:
            return
        closing = self.own(comments, MarkerKind.PHASE_CLOSE, election.id, phase.id)
        self.retire_extras(issue, closing, "duplicate closing comment (two runs at once)")
        if not closing:
            body = announce.closing_comment(election, phase, facts.candidates, self.world.repo, at_cutoff)
            mark = closing_marker(election.id, phase.id)
            self.actions.append(
                PostComment(
                    number=issue.number,
                    body=f"{body}\n\n{mark}\n",
                    marker=mark,
                    why=f"closing comment ({where})",
                )
            )
        final = replace(issue.marker, status=Status.final)
        if issue.is_open:
            if hand_edited(issue):
                body = rewrite_marker(issue.body, final)
            else:
                content = announce.issue_body(
                    election, phase, facts.candidates, self.world.repo, facts.withheld
                )
                body = compose(content, final)
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

    def cutoff(self, facts: ElectionFacts, issue: IssueView | None) -> list[PullView]:
        """Comment on and label every nomination pull request still open at the cut-off (once: a pull
        request carrying `late` or `open-at-cutoff` is done). Returns this election's open ones.

        The comment comes before the label, so an unlabelled pull request may already carry the comment
        of a run that died before labelling it. The first pass remembers in the nominations issue's marker
        that it began (`cutoff=started`) before its first comment; only after that (a pass that was cut
        short) are the comments of each unlabelled pull request looked at before commenting. Without an
        issue to remember it in (`announce: false`), they are always looked at.
        """
        from bot.core.render import announce

        election = facts.election
        if self.world.pulls is None:
            self.needs.add(NeedPulls())
            return []
        mine = sorted((p for p in self.world.pulls if p.election == election.id), key=lambda p: p.number)
        pending = [p for p in mine if not p.labels & vocab.CUTOFF]
        if not pending:
            return mine
        first_pass = issue is not None and not issue.marker.cutoff
        if issue is not None and first_pass:
            self.actions.append(
                EditIssue(
                    number=issue.number,
                    body=rewrite_marker(issue.body, replace(issue.marker, cutoff=True)),
                    why="remember that the cut-off pass began (hidden marker only)",
                )
            )
        for pull in pending:
            if not first_pass and pull.comments is None:
                self.needs.add(NeedPullComments(pull.number))
                continue
            late = pull_is_late(pull, election)
            label = vocab.LATE.name if late else vocab.OPEN_AT_CUTOFF.name
            snapshot = (
                Snapshot(pull.head_sha, min(pull.updated_at, self.world.at), self.world.at, pull.file)
                if is_sha(pull.head_sha) and pull.updated_at is not None
                else None
            )
            mark = cutoff_marker(election.id, pull.number, snapshot)
            if not any(c.marker(MarkerKind.CUTOFF) is not None for c in pull.comments or ()):
                body = announce.cutoff_comment(election, pull.created_at, late=late)
                self.actions.append(
                    PostComment(
                        number=pull.number,
                        body=f"{body}\n\n{mark}\n",
                        marker=mark,
                        why=f"{'late' if late else 'opened in time'}, still open at the cut-off",
                        on_pull=True,
                        verify=False,
                    )
                )
            self.actions.append(AddLabels(pull.number, (label,), why="the cut-off"))
        return mine

    # -- helpers -------------------------------------------------------------------------------------

    def notice(self, facts: ElectionFacts, phase: Phase, issue: IssueView, notice: Notice) -> None:
        from bot.core.render import announce

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
                    body=f"{body}\n\n{mark}\n",
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
        from bot.core.render import announce

        if len(found) < 2:
            return
        keep = found[0]
        for extra in found[1:]:
            mark = render_marker(MarkerKind.PHASE_COMMENT_DUPLICATE, of=keep.id)
            self.actions.append(
                RetireComment(
                    number=issue.number,
                    comment_id=extra.id,
                    body=f"{announce.retired_comment()}\n\n{mark}\n",
                    why=why,
                )
            )


# --------------------------------------------------------------------------------------------------
# Applying a plan to a world in memory (dry runs, and the property that a plan converges)
# --------------------------------------------------------------------------------------------------


@dataclass
class Simulation:
    """Applies actions to a world as GitHub would; new issues and comments get numbers above the rest."""

    world: World
    next_number: int = 0
    next_comment: int = 0

    def __post_init__(self) -> None:
        numbers = [i.number for i in self.world.issues]
        comments = [c.id for i in self.world.issues for c in i.comments or ()]
        self.next_number = max([self.next_number, 1_000_000, *numbers])
        self.next_comment = max([self.next_comment, 1_000_000, *comments])

    def apply(self, action: Action) -> None:
        w = self.world
        if isinstance(action, OpenIssue):
            mark = parse_phase_marker(action.body)
            assert mark is not None
            self.next_number += 1
            issue = IssueView(self.next_number, "open", action.body, mark, comments=())
            self.world = replace(w, issues=(*w.issues, issue))
        elif isinstance(action, EditIssue):
            edited = w.issue(action.number)
            if edited is None:
                return
            mark = parse_phase_marker(action.body)
            others = tuple(i for i in w.issues if i.number != action.number)
            if mark is None:  # retired as a duplicate: no longer a phase issue
                self.world = replace(w, issues=others)
                return
            state = "closed" if action.close else edited.state
            updated = replace(edited, body=action.body, marker=mark, state=state)
            self.world = replace(w, issues=tuple(sorted((*others, updated), key=lambda i: i.number)))
        elif isinstance(action, PostComment):
            self.next_comment += 1
            if action.on_pull:
                self._pull_comment(action.number, CommentView(self.next_comment, action.body))
                return
            self._comments(action.number, lambda cs: (*cs, CommentView(self.next_comment, action.body)))
        elif isinstance(action, RetireComment):
            self._comments(
                action.number,
                lambda cs: tuple(
                    CommentView(c.id, action.body) if c.id == action.comment_id else c for c in cs
                ),
            )
        elif isinstance(action, AddLabels) and w.pulls is not None:
            pulls = tuple(
                replace(p, labels=p.labels | set(action.labels)) if p.number == action.number else p
                for p in w.pulls
            )
            self.world = replace(w, pulls=pulls)

    def _pull_comment(self, number: int, comment: CommentView) -> None:
        if self.world.pulls is None:
            return
        pulls = tuple(
            replace(p, comments=(*(p.comments or ()), comment)) if p.number == number else p
            for p in self.world.pulls
        )
        self.world = replace(self.world, pulls=pulls)

    def _comments(
        self,
        number: int,
        change: Callable[[tuple[CommentView, ...]], tuple[CommentView, ...]],
    ) -> None:
        issue = self.world.issue(number)
        if issue is None:
            return
        updated = replace(issue, comments=change(issue.comments or ()))
        self.world = replace(
            self.world, issues=tuple(updated if i.number == number else i for i in self.world.issues)
        )


def converge(world: World, *, pulls: Sequence[PullView] = (), rounds: int = 20) -> tuple[World, list[Action]]:
    """Plan and apply in memory until nothing is left to do (dry runs and tests). Comments of issues
    that were not fetched are taken as none; `pulls` answers a need for the open pull requests."""
    sim = Simulation(world)
    done: list[Action] = []
    for _ in range(rounds):
        result = plan(sim.world)
        if result.needs:
            sim.world = fill_needs(sim.world, result.needs, pulls)
            continue
        if not result.actions:
            return sim.world, done
        for action in result.actions:
            sim.apply(action)
            done.append(action)
    raise RuntimeError("the plan did not converge")  # a bug: every plan makes progress


def fill_needs(world: World, needs: Iterable[Need], pulls: Sequence[PullView] = ()) -> World:
    """Answer needs from nothing (dry runs without GitHub): no comments, the given pulls."""
    for need in sorted(needs, key=lambda n: not isinstance(n, NeedPulls)):
        if isinstance(need, NeedPulls):
            world = replace(world, pulls=tuple(pulls))
        elif isinstance(need, NeedPullComments):
            world = replace(
                world,
                pulls=tuple(
                    replace(p, comments=()) if p.number == need.number and p.comments is None else p
                    for p in world.pulls or ()
                ),
            )
        else:
            world = replace(
                world,
                issues=tuple(
                    replace(i, comments=()) if i.number == need.number and i.comments is None else i
                    for i in world.issues
                ),
            )
    return world
