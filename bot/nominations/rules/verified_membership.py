"""Membership, from the directory's answer. Fail closed: only `verified` can pass."""

from __future__ import annotations

from bot.config.loading import LoadedNomination
from bot.nominations.membership import NO_DIRECTORY, MembershipState, class_of
from bot.nominations.rules.context import RuleContext
from bot.text import catalogue, wording
from bot.text.findings import Finding


def check_membership(loaded: LoadedNomination, ctx: RuleContext) -> list[Finding]:
    login, declared, election, answer = (
        loaded.fields.github,
        loaded.fields.membership,
        ctx.election,
        ctx.membership,
    )
    if login is None or declared is None or election is None:
        return []
    key = loaded.membership_key
    line = loaded.line_of(key)
    model = election.community.membership
    if ctx.local and answer == NO_DIRECTORY:
        return []  # `validate` without a roster or service says once that membership was not checked
    if answer.state is MembershipState.unverified:
        return [
            catalogue.make(
                "MEM003",
                loaded.path,
                line,
                login=login,
                reason=answer.reason,
                membership=wording.capitalised(model.name),
            )
        ]
    actual = class_of(answer, election)
    if answer.state is MembershipState.verified and actual is None and answer.membership == "":
        reason = f"the {model.directory} lists members without their class"
        return [
            catalogue.make(
                "MEM003",
                loaded.path,
                line,
                login=login,
                reason=reason,
                membership=wording.capitalised(model.name),
            )
        ]
    if answer.state is MembershipState.not_found or actual is None:
        check = f"check your membership at {model.check_url} or " if model.check_url else ""
        return [
            catalogue.make(
                "MEM001",
                loaded.path,
                line,
                login=login,
                contact=election.contact,
                directory=model.directory,
                check=check,
            )
        ]
    if actual not in election.eligible_membership:
        return [
            catalogue.make(
                "MEM002",
                loaded.path,
                line,
                login=login,
                actual=actual,
                eligible=", ".join(election.eligible_membership),
                contact=election.contact,
            )
        ]
    if actual != declared:
        retired = model.retired.get(declared)
        if retired is not None and retired.became == actual:
            return []  # NOM009 already says the class became `actual` and to write that
        if declared not in election.eligible_membership and retired is None:
            return []  # NOM008 already says the field must change: one mistake, one finding
        return [
            catalogue.make(
                "MEM004",
                loaded.path,
                line,
                key=key,
                declared=declared,
                actual=actual,
                directory=model.directory,
            )
        ]
    return []
