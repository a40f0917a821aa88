"""The sentences about the community that several texts share (announcements, the site, the results), in
one place and neutral: each fills in what the election's `community:` says. `esc` escapes what comes from
the config for the renderer's format (Markdown or HTML); the fixed words are safe as they are."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.config.models import Election, PhaseKind, Relationship

Escape = Callable[[str], str]


def _same(text: str) -> str:
    return text


def count(n: int, noun: str, plural: str | None = None) -> str:
    """A number with its noun in the right number: `1 file`, `3 files`, `0 errors` (English only)."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def listed(items: Sequence[str]) -> str:
    """`A`, `A and B`, `A, B and C`."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def capitalised(text: str) -> str:
    """The configured words at the start of a sentence: `PSF membership`, `Project membership`."""
    return text[:1].upper() + text[1:]


# What each counted relationship means in the cap sentence, `at most 2 <body> members <phrase> the same
# entity`. PEP 772's own words stand for its set: employment of any kind (employee or contractor) and
# decision-making power (officer, director, owner of 25 % or more).
_EMPLOYMENT = frozenset({Relationship.employer, Relationship.contractor})
_DECISION = frozenset({Relationship.officer, Relationship.director, Relationship.owner})
_PHRASES: dict[Relationship, str] = {
    Relationship.employer: "be employed by",
    Relationship.contractor: "work as contractors for",
    Relationship.officer: "be officers of",
    Relationship.director: "sit on the board of",
    Relationship.owner: "own 25 % or more of",
    Relationship.investor: "hold a stake in",
    Relationship.maintainer: "be maintainers of",
    Relationship.member: "be members of",
    Relationship.advisor: "be advisors to",
    Relationship.other: "have another listed tie to",
}


def tie_phrase(counted: Sequence[Relationship]) -> str:
    """`be employed by or have decision-making power over`, built from the relationships the election
    counts and nothing else: a cap on employers alone says `be employed by`."""
    have = set(counted)
    parts: list[str] = []
    for relationship in Relationship:
        if relationship not in have:
            continue
        if relationship in _EMPLOYMENT and have >= _EMPLOYMENT:
            if relationship is Relationship.employer:
                parts.append("be employed by")
            continue
        if relationship in _DECISION and have >= _DECISION:
            if relationship is Relationship.officer:
                parts.append("have decision-making power over")
            continue
        parts.append(_PHRASES[relationship])
    if not parts:
        return "be tied to"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " or " + parts[-1]


def members_phrase(election: Election, cap: int, esc: Escape = _same) -> str:
    """`2 Technical Steering Committee members`, or with a share `1/3 of the board (2 of its 6 members)`."""
    coi = election.conflict_of_interest
    body = esc(election.community.body)
    if coi.share is not None and coi.body_size is not None:
        return f"{coi.share} of the {body} ({cap} of its {count(coi.body_size, 'member')})"
    return f"{cap} {body} members"


def rules_let(election: Election | None) -> str:
    """`PEP 772 lets`, `The election's rules let` (the subject and its verb agree)."""
    rules = election.community.rules if election is not None else None
    return f"{rules.name} lets" if rules is not None else "the election's rules let"


def cap_sentence(election: Election, cap: int, esc: Escape = _same) -> str:
    """`PEP 772 lets at most 2 council members be employed by or have decision-making power over the same
    entity` (without a final stop), with the relationships the election counts."""
    community = election.community
    name = community.rules.name if community.rules else ""
    subject = f"{esc(capitalised(name))} lets" if name else "The election's rules let"
    ties = tie_phrase(election.conflict_of_interest.counted_relationships)
    return f"{subject} at most {members_phrase(election, cap, esc)} {ties} the same entity"


def cap_rule(election: Election, cap: int, esc: Escape = _same) -> str:
    """`No more than 2 council members may be employed by or have decision-making power over the same
    entity (PEP 772).`"""
    community = election.community
    source = f" ({esc(community.rules.name)})" if community.rules else ""
    ties = tie_phrase(election.conflict_of_interest.counted_relationships)
    return f"No more than {members_phrase(election, cap, esc)} may {ties} the same entity{source}."


def no_cap_rule(election: Election, esc: Escape = _same) -> str:
    """`The election's rules set no limit on council members tied to the same entity.`"""
    community = election.community
    source = (
        f"{esc(capitalised(community.rules.name))} sets" if community.rules else "The election's rules set"
    )
    return f"{source} no limit on {esc(community.body)} members tied to the same entity."


_YEARS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def term(years: int) -> str:
    """`a two-year term`, `an eight-year term`."""
    word = _YEARS[years - 1] if 1 <= years <= len(_YEARS) else str(years)
    article = "an" if word[0] in "ae" else "a"
    return f"{article} {word}-year term"


def one_cohort(election: Election) -> bool:
    """One cohort and no sitting members: a cohort's id is a word of the config, not of the voters; the
    texts say the term instead."""
    return len(election.cohorts) == 1 and not election.conflict_of_interest.sitting_members


def electorate(election: Election) -> str:
    """Who receives a ballot: those who affirmed, where the election has an affirmation phase."""
    if any(p.kind is PhaseKind.affirmation for p in election.phases):
        return "Voters who affirmed their intention to vote"
    return "Eligible voters"


def affirmation_undescribed(by: str, contact: str) -> str:
    """What an open affirmation phase without a `description` tells voters, on the site and on GitHub alike:
    by when, and whom to ask how (`by` and `contact` already marked up for where the sentence goes)."""
    return (
        f"Affirm your intention to vote before {by} to receive a ballot. How to affirm is not described here "
        f"yet: write to the election administrators at {contact} and they will tell you."
    )
