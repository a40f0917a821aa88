"""What a plan is made of: the facts it still needs and the actions that make GitHub match the timeline."""

from __future__ import annotations

from dataclasses import dataclass

from bot.text import labels as vocab


@dataclass(frozen=True, slots=True)
class NeedComments:
    number: int


@dataclass(frozen=True, slots=True)
class NeedPulls:
    pass


Need = NeedComments | NeedPulls


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
