"""What the membership directory said about a nominee, as plain data for the rules.

The directory itself (roster file, HTTP service) is a port: `bot/ports/directory.py`. The rules only
see this answer, so "unreachable" and "unknown" can never be mistaken for "valid" (fail closed).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.config.models import Election


class MembershipState(StrEnum):
    verified = "verified"  # the directory knows the login and gave its class
    not_found = "not_found"  # the directory answered: no such member
    unverified = "unverified"  # no directory, or it could not answer: nobody knows


@dataclass(frozen=True, slots=True)
class MembershipAnswer:
    state: MembershipState
    # The class as the directory wrote it (lower case); "" for a plain member list that has no classes.
    membership: str | None = None
    reason: str = ""  # why unverified, for the report (never a secret)
    source: str = ""  # "roster", "service", "admin @login at <time>"


NO_DIRECTORY = MembershipAnswer(MembershipState.unverified, reason="no membership directory configured")


def class_of(answer: MembershipAnswer, election: Election) -> str | None:
    """The election's class for a verified answer: a retired class as the class it became, and a plain
    member list's "" as the election's only class. None when the answer names no class of this election."""
    if answer.state is not MembershipState.verified or answer.membership is None:
        return None
    klass = answer.membership
    if klass == "":
        classes = election.membership_classes
        return classes[0] if len(classes) == 1 else None
    retired = election.community.membership.retired.get(klass)
    return retired.became if retired is not None else klass
