"""Who may stand: membership class, the election's attestations, accounts the admins listed as ineligible."""

from __future__ import annotations

from bot.core import catalogue
from bot.core.findings import Finding
from bot.core.loading import LoadedNomination
from bot.core.models import Membership
from bot.core.rules.context import RuleContext


def check_membership_class(loaded: LoadedNomination, ctx: RuleContext) -> list[Finding]:
    nomination, election = loaded.nomination, ctx.election
    if nomination is None or election is None:
        return []
    line = loaded.line_of("psf_membership")
    if nomination.psf_membership is Membership.managing:
        return [catalogue.make("NOM009", loaded.path, line)]
    if nomination.psf_membership not in election.eligible_membership:
        eligible = ", ".join(m.value for m in election.eligible_membership)
        return [
            catalogue.make(
                "NOM008", loaded.path, line, value=nomination.psf_membership.value, eligible=eligible
            )
        ]
    return []


def check_attestations(loaded: LoadedNomination, ctx: RuleContext) -> list[Finding]:
    nomination, election = loaded.nomination, ctx.election
    if nomination is None or election is None:
        return []
    findings = []
    for required in election.required_attestations:
        given = nomination.attestations.get(required.id)
        if given is None:
            line = loaded.line_of("attestations")
            findings.append(
                catalogue.make("NOM018", loaded.path, line, attestation=required.id, text=required.text)
            )
        elif given is not True:
            line = loaded.line_of("attestations", required.id)
            findings.append(
                catalogue.make("NOM019", loaded.path, line, attestation=required.id, text=required.text)
            )
    return findings


def check_ineligible(loaded: LoadedNomination, ctx: RuleContext) -> list[Finding]:
    nomination, election = loaded.nomination, ctx.election
    if nomination is None or election is None:
        return []
    for account in election.ineligible:
        same_id = account.id is not None and ctx.nominee_id is not None and account.id == ctx.nominee_id
        if same_id or account.login.lower() == nomination.github.lower():
            return [
                catalogue.make(
                    "NOM020",
                    loaded.path,
                    loaded.line_of("github"),
                    login=nomination.github,
                    reason=account.reason,
                    contact=election.contact,
                )
            ]
    return []


def check_nominator(loaded: LoadedNomination, ctx: RuleContext) -> list[Finding]:
    nomination = loaded.nomination
    if nomination is None or nomination.nominated_by is None:
        return []
    if nomination.nominated_by.lower() == nomination.github.lower():
        return [catalogue.make("NOM017", loaded.path, loaded.line_of("nominated_by"))]
    return []
