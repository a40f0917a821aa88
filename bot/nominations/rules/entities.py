"""A notice, never an error: this nominee shares an entity with more candidates than the election's cap; a warning
for the admins when an organisation's name mixes scripts (it may imitate another organisation's name)."""

from __future__ import annotations

from bot.config.loading import LoadedNomination
from bot.nominations.rules.context import RuleContext
from bot.text import catalogue, textguard, wording
from bot.text.findings import Finding


def check_shared_entities(loaded: LoadedNomination, ctx: RuleContext) -> list[Finding]:
    github, affiliations, index = loaded.fields.github, loaded.fields.affiliations, ctx.entities
    if github is None or affiliations is None or index is None:
        return []
    findings = []
    for shared in index.crowded_for(github, affiliations):
        others = ", ".join(
            f"{t.login} ({t.relationship.value}{', sitting member' if t.sitting else ''})"
            for t in shared.ties
        )
        unnamed = shared.count - 1 - len(shared.ties)
        if unnamed > 0:
            others += f" and {unnamed} more"
        findings.append(
            catalogue.make(
                "COI001",
                loaded.path,
                loaded.line_of("affiliations"),
                entity=shared.name,
                others=others,
                count=shared.count,
                rules=wording.rules_let(ctx.election),
                members=(
                    wording.members_phrase(ctx.election, index.cap)
                    if ctx.election
                    else wording.count(index.cap, "member")
                ),
                ties=wording.tie_phrase(index.counted),
            )
        )
    return findings


def check_mixed_scripts(loaded: LoadedNomination, ctx: RuleContext) -> list[Finding]:
    """`Micrоsoft` (a Cyrillic `о`): the cap counts it as the entity it looks like (skeletons), and the
    admins are told, because a name that mixes scripts is rarely written that way by accident."""
    affiliations = loaded.fields.affiliations
    if affiliations is None:
        return []
    findings = []
    for index, affiliation in enumerate(affiliations):
        scripts = textguard.mixed_scripts(affiliation.organization)
        if scripts is None:
            continue
        findings.append(
            catalogue.make(
                "COI002",
                loaded.path,
                loaded.line_of("affiliations", index, "organization"),
                field=f"affiliations[{index}].organization",
                value=affiliation.organization,
                scripts=", ".join(scripts),
            )
        )
    return findings
