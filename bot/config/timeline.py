"""Phase state at an instant. Intervals are half-open, [start, end), and every time is aware UTC."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from bot.config.zones import human

if TYPE_CHECKING:  # the CLI parses `--at` with this module before the models are needed
    from bot.config.models import Election, Phase


class PhaseState(StrEnum):
    pending = "pending"
    open = "open"
    closed = "closed"


@dataclass(frozen=True, slots=True)
class PhaseStatus:
    phase: Phase
    state: PhaseState


def state_at(phase: Phase, at: datetime) -> PhaseState:
    if at.tzinfo is None:
        raise ValueError("the instant must carry a UTC offset")
    if at < phase.start:
        return PhaseState.pending
    if at < phase.end:
        return PhaseState.open
    return PhaseState.closed


def timeline_at(election: Election, at: datetime) -> list[PhaseStatus]:
    return [PhaseStatus(phase, state_at(phase, at)) for phase in election.phases]


def format_utc(at: datetime) -> str:
    """`2026-08-11T14:00:00Z`: the one textual form of an instant people and machines read."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def human_utc(at: datetime) -> str:
    """`Tue 11 Aug 2026, 14:00 UTC` (`bot.config.zones.human` owns the format)."""
    return human(at, None)


def parse_instant(text: str) -> datetime:
    """ISO 8601 with an explicit offset (`Z` or `+hh:mm`); naive input is refused, never guessed."""
    value = datetime.fromisoformat(text.strip().replace("z", "Z"))
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{text!r} has no UTC offset; write e.g. 2026-08-11T13:59:59Z")
    return value.astimezone(UTC)
