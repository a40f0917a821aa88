"""Who may stand: membership class, the election's attestations, accounts the admins listed as ineligible."""

from __future__ import annotations

from bot.config.loading import LoadedNomination
from bot.config.models import same_valid_login
from bot.nominations.rules.context import RuleContext
from bot.text import catalogue
from bot.text.findings import Finding


def check_membership_class(loaded: LoadedNomination, ctx: RuleContext) -> list[Finding]:
    declared, election = loaded.fields.membership, ctx.election
    if declared is None or election is None:
        return []
    key = loaded.membership_key
    line = loaded.line_of(key)
    model = election.community.membership
    retired = model.retired.get(declared)
    if retired is not None:
        history = f" ({retired.note})" if retired.note else ""
        return [
            catalogue.make(
                "NOM009", loaded.path, line, key=key, value=declared, became=retired.became, history=history
            )
        ]
    if declared not in election.eligible_membership:
        known = (
            " is a class that cannot stand in this election"
            if declared in election.membership_classes
            else f" names no class of {model.name}"
        )
        check = f" Check your class at {model.check_url}." if model.check_url else ""
        return [
            catalogue.make(
                "NOM008",
                loaded.path,
                line,
                key=key,
                value=declared,
                known=known,
                eligible=", ".join(election.eligible_membership),
                check=check,
            )
        ]
    return []


def check_attestations(loaded: LoadedNomination, ctx: RuleContext) -> list[Finding]:
    attestations, election = loaded.fields.attestations, ctx.election
    if attestations is None or election is None:
        return []
    findings = []
    for required in election.required_attestations:
        given = attestations.get(required.id)
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
    asked = {a.id for a in election.required_attestations}
    for extra in sorted(set(attestations) - asked):
        # Usually a line left from a template written for another election: said nothing to anybody.
        findings.append(
            catalogue.make(
                "NOM025",
                loaded.path,
                loaded.line_of("attestations", extra),
                attestation=extra,
                election=election.id,
                asked=", ".join(f"`{a}`" for a in sorted(asked)) or "none",
            )
        )
    return findings


def check_ineligible(loaded: LoadedNomination, ctx: RuleContext) -> list[Finding]:
    github, election = loaded.fields.github, ctx.election
    if github is None or election is None:
        return []
    for account in election.ineligible:
        same_id = account.id is not None and ctx.nominee_id is not None and account.id == ctx.nominee_id
        if same_id or same_valid_login(account.login, github):
            return [
                catalogue.make(
                    "NOM020",
                    loaded.path,
                    loaded.line_of("github"),
                    login=github,
                    reason=account.reason,
                    contact=election.contact,
                )
            ]
    return []


def check_nominator(loaded: LoadedNomination, ctx: RuleContext) -> list[Finding]:
    """`nominated_by` never names the nominee, and on a pull request it is the account that opened it:
    whoever opens the pull request is the nominator, so nobody can claim someone else nominated them."""
    fields = loaded.fields
    github = fields.github
    if github is None or not fields.has("nominated_by"):
        return []
    claimed = fields.nominated_by
    line = loaded.line_of("nominated_by") if claimed is not None else loaded.line_of("github")
    if claimed is not None and same_valid_login(claimed, github):
        return [catalogue.make("NOM017", loaded.path, line)]
    author = ctx.author_login
    if author is None:
        return []
    self_nomination = same_valid_login(author, github)
    if self_nomination and claimed is not None:
        fix = "a nominee who opens their own pull request nominates themselves; remove `nominated_by`"
    elif not self_nomination and claimed is None:
        fix = f"add `nominated_by: {author}`"
    elif not self_nomination and claimed is not None and not same_valid_login(claimed, author):
        fix = (
            f"the nominator opens the pull request from their own account: write `nominated_by: {author}` "
            f"if you nominate, or ask `{claimed}` to open it"
        )
    else:
        return []
    found = "is missing" if claimed is None else f"is `{claimed}`"
    return [catalogue.make("NOM022", loaded.path, line, found=found, author=author, fix=fix)]
