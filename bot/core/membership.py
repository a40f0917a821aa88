"""What the membership directory said about a nominee, as plain data for the rules.

The directory itself (roster file, HTTP service) is a port: `bot/ports/membership.py`. The rules only
see this answer, so "unreachable" and "unknown" can never be mistaken for "valid" (fail closed).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.core.models import Membership


class MembershipState(StrEnum):
    verified = "verified"  # the directory knows the login and gave its class
    not_found = "not_found"  # the directory answered: no such member
    unverified = "unverified"  # no directory, or it could not answer: nobody knows


@dataclass(frozen=True, slots=True)
class MembershipAnswer:
    state: MembershipState
    membership: Membership | None = None
    reason: str = ""  # why unverified, for the report (never a secret)
    source: str = ""  # "roster", "service", "admin @login at <time>"


NO_DIRECTORY = MembershipAnswer(MembershipState.unverified, reason="no membership directory configured")
