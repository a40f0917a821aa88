"""The facts a rule may look at besides the file itself. Plain data; gathered by the commands."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.config.models import Election
from bot.nominations.membership import NO_DIRECTORY, MembershipAnswer
from bot.nominations.shared_entities import EntityIndex


@dataclass(frozen=True, slots=True)
class RuleContext:
    election: Election | None  # None: the folder is not a known election
    election_id: str  # the folder name the file sits in ("" if the path has no election folder)
    known_elections: tuple[str, ...] = ()
    at: datetime | None = None  # the instant the nomination was made; None: do not judge the window
    membership: MembershipAnswer = field(default=NO_DIRECTORY)
    nominee_id: int | None = None  # numeric GitHub id of the nominee, when known (PR checks)
    entities: EntityIndex | None = None  # the other candidates' entities (merged nominations), if known
    author_login: str | None = None  # who opened the pull request (PR checks); None: not known here
    # `validate` on a nominee's machine: a file prepared before nominations open is not wrong (WIN004, a
    # notice); the pull request check judges the window when the pull request is opened (WIN001).
    local: bool = False
