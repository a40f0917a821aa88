"""The reconciler's world: what GitHub should show (the election, its candidates) and what it shows (the
bot's own issues and comments, the open nomination pull requests). Plain values; the renderer reads them too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.config.models import Affiliation, Election
from bot.github.values import login_key
from bot.text.labels import MarkerKind
from bot.text.markers import Marker, first_marker
from bot.text.markers import marker as render_marker


class IssueStatus(StrEnum):
    open = "open"  # the bot manages the issue
    final = "final"  # the phase is over and the bot is done with it


class Notice(StrEnum):
    closed_early = "closed-early"
    reopened = "reopened"
    edited = "edited"


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
class AnnouncedCandidate:
    """A merged, valid nomination on the default branch."""

    login: str
    name: str
    file: str  # the file name inside nominations/<id>/
    affiliations: tuple[Affiliation, ...]
    nominated_by: str | None = None

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.name.casefold(), login_key(self.login))


@dataclass(frozen=True, slots=True)
class Withheld:
    """A merged file that is not a valid nomination: named on the announcement for the admins, never
    listed as a candidate (the codes are the catalogue's, documented in the nominee guide)."""

    file: str  # the file name inside nominations/<id>/
    codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ElectionFacts:
    election: Election
    candidates: tuple[AnnouncedCandidate, ...]
    withheld: tuple[Withheld, ...] = ()


@dataclass(frozen=True, slots=True)
class PhaseMarker:
    """What the two hidden lines at the end of an announcement say.

    The identity line, `<!-- election-bot:phase election=ID phase=PHASE -->`, is exactly
    `markers.marker("phase", election=ID, phase=PHASE)`: it never changes, so anyone (the gateway's
    `find_bot_issue`, `election-bot results --post`) can find the issue by it. The state line,
    `<!-- election-bot:phase-state digest=D status=S [said=A+B] -->`, is the bot's memory
    and the only thing it rewrites in a text a person edited.
    """

    election: str
    phase: str
    digest: str
    status: IssueStatus = IssueStatus.open
    said: frozenset[Notice] = frozenset()

    def identity(self) -> str:
        return identity_marker(self.election, self.phase)

    def state(self) -> str:
        fields: dict[str, str] = {"digest": self.digest or "none", "status": self.status.value}
        if self.said:
            fields["said"] = "+".join(sorted(n.value for n in self.said))
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
            status = IssueStatus(g.get("status", IssueStatus.open.value))
        except ValueError:
            status = IssueStatus.open
        said = frozenset(Notice(s) for s in g.get("said", "").split("+") if s in _NOTICE_VALUES)
        return cls(f["election"], f["phase"], g.get("digest", ""), status, said)


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
