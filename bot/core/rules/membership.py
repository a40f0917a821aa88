"""PSF voting membership, from the directory's answer. Fail closed: only `verified` can pass."""

from __future__ import annotations

from bot.core import catalogue
from bot.core.findings import Finding
from bot.core.loading import LoadedNomination
from bot.core.membership import MembershipState
from bot.core.rules.context import RuleContext


def check_membership(loaded: LoadedNomination, ctx: RuleContext) -> list[Finding]:
    nomination, election, answer = loaded.nomination, ctx.election, ctx.membership
    if nomination is None or election is None:
        return []
    line = loaded.line_of("psf_membership")
    login = nomination.github
    if answer.state is MembershipState.unverified:
        return [catalogue.make("MEM003", loaded.path, line, login=login, reason=answer.reason)]
    if answer.state is MembershipState.not_found or answer.membership is None:
        return [catalogue.make("MEM001", loaded.path, line, login=login, contact=election.contact)]
    if answer.membership not in election.eligible_membership:
        eligible = ", ".join(m.value for m in election.eligible_membership)
        return [
            catalogue.make(
                "MEM002",
                loaded.path,
                line,
                login=login,
                actual=answer.membership.value,
                eligible=eligible,
                contact=election.contact,
            )
        ]
    if answer.membership is not nomination.psf_membership:
        return [
            catalogue.make(
                "MEM004",
                loaded.path,
                line,
                declared=nomination.psf_membership.value,
                actual=answer.membership.value,
            )
        ]
    return []
