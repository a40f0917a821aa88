"""The rule registry: every check a nomination file goes through, in the order findings are listed.

A rule is `check_x(loaded, ctx) -> list[Finding]`: pure, never raises for bad input, never calls GitHub.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.config.loading import LoadedNomination
from bot.nominations.rules.context import RuleContext
from bot.nominations.rules.eligibility import (
    check_attestations,
    check_ineligible,
    check_membership_class,
    check_nominator,
)
from bot.nominations.rules.entities import check_mixed_scripts, check_shared_entities
from bot.nominations.rules.hygiene import check_characters, check_placeholders
from bot.nominations.rules.location import check_file_name, check_location
from bot.nominations.rules.statement import check_statement
from bot.nominations.rules.verified_membership import check_membership
from bot.nominations.rules.window import check_window
from bot.text import catalogue
from bot.text.findings import Finding, sort_findings

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

# The front-matter fields each rule reads (`LoadedNomination.fields`). A rule runs whenever those are valid,
# whatever is wrong elsewhere in the file, so a nominee sees every problem in the first round; no rule
# needs the whole model. tests/nominations/test_rules.py holds every rule to this.
READS: dict[Rule, frozenset[str]] = {
    check_location: frozenset(),
    check_window: frozenset(),
    check_file_name: frozenset({"github"}),
    check_placeholders: frozenset(),  # the raw front matter
    check_characters: frozenset(),  # the raw front matter and the statement
    check_nominator: frozenset({"github", "nominated_by"}),
    check_membership_class: frozenset({"membership"}),
    check_attestations: frozenset({"attestations"}),
    check_ineligible: frozenset({"github"}),
    check_statement: frozenset(),
    check_membership: frozenset({"github", "membership"}),
    check_shared_entities: frozenset({"github", "affiliations"}),
    check_mixed_scripts: frozenset({"affiliations"}),
}

# The rules that need more than the file and its election: GitHub's evidence of when it was proposed,
# the membership directory's answer, the other candidates.
NEEDS_MORE_THAN_THE_FILE: frozenset[Rule] = frozenset({check_window, check_membership, check_shared_entities})
# Every other rule. A merged file on the default branch is judged by these again wherever it is read,
# because a merge proves nothing: an admin may merge by hand or over a red check, and an account may be
# added to `ineligible` after its nomination was merged. A rule added to RULES applies here too.
OFFLINE_RULES: tuple[Rule, ...] = tuple(r for r in RULES if r not in NEEDS_MORE_THAN_THE_FILE)


def check_merged(loaded: LoadedNomination, ctx: RuleContext) -> list[Finding]:
    """The errors that keep a merged file off every list and out of every count (loading's included)."""
    findings = [f for f in loaded.findings if f.is_error]
    for rule in OFFLINE_RULES:
        findings.extend(f for f in rule(loaded, ctx) if f.is_error)
    return sort_findings(findings)


# How many findings of one code are listed one by one; the rest become one NOM026 notice. A person fixes
# a repeated mistake the same way each time, and a hostile file with thousands of unknown keys must not
# turn into thousands of findings (each a check-run annotation, each a line of the report).
MAX_SAME_CODE = 10


def check_nomination(loaded: LoadedNomination, ctx: RuleContext) -> list[Finding]:
    """All findings for one loaded file: what loading found, then every rule's."""
    findings = list(loaded.findings)
    for rule in RULES:
        findings.extend(rule(loaded, ctx))
    return collapse_repeats(sort_findings(findings))


def collapse_repeats(findings: list[Finding], keep: int = MAX_SAME_CODE) -> list[Finding]:
    """At most `keep` findings per code (the first ones), then one NOM026 that counts the rest."""
    seen: dict[str, int] = {}
    hidden: dict[str, list[Finding]] = {}
    out: list[Finding] = []
    for finding in findings:
        seen[finding.code] = seen.get(finding.code, 0) + 1
        if seen[finding.code] <= keep:
            out.append(finding)
        else:
            hidden.setdefault(finding.code, []).append(finding)
    for code, rest in hidden.items():
        lines = [f.line for f in rest if f.line is not None]
        first, last = (min(lines), max(lines)) if lines else ("?", "?")
        out.append(
            catalogue.make(
                "NOM026", rest[0].path, rest[0].line, count=len(rest), code=code, first=first, last=last
            )
        )
    return sort_findings(out)


__all__ = [
    "MAX_SAME_CODE",
    "OFFLINE_RULES",
    "READS",
    "RULES",
    "RuleContext",
    "check_merged",
    "check_nomination",
    "collapse_repeats",
]
