"""The sentences about the community that several texts share (announcements, the site, the results), in
one place and neutral: each fills in what the election's `community:` says. `esc` escapes what comes from
the config for the renderer's format (Markdown or HTML); the fixed words are safe as they are."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.config.models import Election, PhaseKind

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


def cap_sentence(election: Election, cap: int, esc: Escape = _same) -> str:
    """`PEP 772 lets at most 2 council members be employed by or have decision-making power over the same
    entity` (without a final stop)."""
    community = election.community
    name = community.rules.name if community.rules else ""
    subject = f"{esc(capitalised(name))} lets" if name else "The election's rules let"
    return (
        f"{subject} at most {cap} {esc(community.body)} members be employed by or have decision-making "
        "power over the same entity"
    )


def cap_rule(election: Election, cap: int, esc: Escape = _same) -> str:
    """`No more than 2 council members may be employed by or have decision-making power over the same
    entity (PEP 772).`"""
    community = election.community
    source = f" ({esc(community.rules.name)})" if community.rules else ""
    return (
        f"No more than {cap} {esc(community.body)} members may be employed by or have decision-making power "
        f"over the same entity{source}."
    )


def no_cap_rule(election: Election, esc: Escape = _same) -> str:
    """`The election's rules set no limit on council members tied to the same entity.`"""
    community = election.community
    source = (
        f"{esc(capitalised(community.rules.name))} sets" if community.rules else "The election's rules set"
    )
    return f"{source} no limit on {esc(community.body)} members tied to the same entity."


def electorate(election: Election) -> str:
    """Who receives a ballot: those who affirmed, where the election has an affirmation phase."""
    if any(p.kind is PhaseKind.affirmation for p in election.phases):
        return "Voters who affirmed their intention to vote"
    return "Eligible voters"
