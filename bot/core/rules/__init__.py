"""The rule registry: every check a nomination file goes through, in the order findings are listed.

A rule is `check_x(loaded, ctx) -> list[Finding]`: pure, never raises for bad input, never calls GitHub.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.core.findings import Finding, sort_findings
from bot.core.loading import LoadedNomination
from bot.core.rules.conflicts import check_mixed_scripts, check_shared_entities
from bot.core.rules.context import RuleContext
from bot.core.rules.eligibility import (
    check_attestations,
    check_ineligible,
    check_membership_class,
    check_nominator,
)
from bot.core.rules.location import check_file_name, check_location
from bot.core.rules.membership import check_membership
from bot.core.rules.statement import check_statement
from bot.core.rules.text import check_characters, check_placeholders
from bot.core.rules.window import check_window

Rule = Callable[[LoadedNomination, RuleContext], list[Finding]]

RULES: tuple[Rule, ...] = (
    check_location,
    check_window,
    check_file_name,
    check_placeholders,
    check_characters,
    check_nominator,
    check_membership_class,
    check_attestations,
    check_ineligible,
    check_statement,
    check_membership,
    check_shared_entities,
    check_mixed_scripts,
)


def check_nomination(loaded: LoadedNomination, ctx: RuleContext) -> list[Finding]:
    """All findings for one loaded file: what loading found, then every rule's."""
    findings = list(loaded.findings)
    for rule in RULES:
        findings.extend(rule(loaded, ctx))
    return sort_findings(findings)


__all__ = ["RULES", "RuleContext", "check_nomination"]
