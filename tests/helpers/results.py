"""Builders shared by the results tests: candidates from short specs, election folders on disk."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from bot.config.entities import Entity, entity_key
from bot.config.models import Cohort, Relationship
from bot.results.ranking import Candidate, SeatRules, Sitting

WHOLE = (Cohort(id="A", seats=2, term_years=2), Cohort(id="B", seats=3, term_years=1))
PARTIAL_B = (Cohort(id="B", seats=3, term_years=2),)


def ent(name: str) -> Entity:
    return Entity(key=entity_key(name), name=name, written=name, relationship=Relationship.employer)


def cand(spec: str) -> Candidate:
    """`login:votes` or `login:votes:Entity1+Entity2`."""
    login, votes, *rest = spec.split(":")
    entities = tuple(ent(e) for e in rest[0].split("+")) if rest and rest[0] else ()
    return Candidate(login=login, name=login.title(), votes=int(votes), entities=entities)


def cands(*specs: str) -> list[Candidate]:
    return [cand(s) for s in specs]


def rules(cohorts: Sequence[Cohort] = WHOLE, cap: int = 2, sitting: Sequence[str] = ()) -> SeatRules:
    members = []
    for spec in sitting:
        login, *rest = spec.split(":")
        entities = tuple(ent(e) for e in rest[0].split("+")) if rest and rest[0] else ()
        members.append(Sitting(login=login, name=login.title(), cohort="A", entities=entities))
    return SeatRules(cohorts=tuple(cohorts), cap=cap, sitting=tuple(members))


ELECTION_YAML = """\
id: {id}
title: Test Council election 2026
scope: {scope}
seats: {seats}
cohorts:
{cohorts}
eligible_membership: [supporting, contributing, fellow]
community: {{rules: {{name: PEP 772}}}}
contact: elections@example.org
phases:
  - id: nominations
    kind: nominations
    title: Nominations
    start: 2026-07-28T14:00:00Z
    end: 2026-08-11T14:00:00Z
  - id: voting
    kind: voting
    title: Voting
    start: 2026-09-01T14:00:00Z
    end: 2026-09-15T14:00:00Z
conflict_of_interest:
  cap: 2
  entity_aliases: {aliases}
  sitting_members: {sitting}
quorum: {quorum}
draw:
  - drand:
      chain: quicknet
      chain_hash: 52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971
      genesis_time: 1692803367
      period: 3
    available_after: 2026-09-16T14:00:00Z
"""

# The one round the test election's draw source names: quicknet's first at or after 2026-09-16T14:00:00Z,
# (1789567200 - 1692803367) / 3 + 1 (worked by hand from the chain's genesis and period).
QUICKNET_ROUND = 32254612


def drand_value(randomness: str, round_number: int = QUICKNET_ROUND) -> str:
    """The test election's draw value in its one spelling, `randomness` repeated to 64 hex digits."""
    return f"round {round_number} {(randomness * 64)[:64]}"


NOMINATION = """\
---
name: {name}
github: {login}
psf_membership: fellow
affiliations:
{affiliations}
attestations:
  voting_member: true
---
A statement.
"""

WHOLE_COHORTS = "  - {id: A, seats: 2, term_years: 2}\n  - {id: B, seats: 3, term_years: 1}"


def make_election(
    root: Path,
    nominees: Mapping[str, tuple[str, Sequence[tuple[str, str]]]],
    *,
    election_id: str = "test-2026",
    scope: str = "whole-council",
    seats: int = 5,
    cohorts: str = WHOLE_COHORTS,
    aliases: str = "{}",
    sitting: str = "[]",
    quorum: str = "0.5",
) -> Path:
    """`root/nominations/<id>/` with election.yaml and one nomination per login:
    login -> (name, [(organization, relationship), ...])."""
    folder = root / "nominations" / election_id
    folder.mkdir(parents=True)
    (folder / "election.yaml").write_text(
        ELECTION_YAML.format(
            id=election_id,
            scope=scope,
            seats=seats,
            cohorts=cohorts,
            aliases=aliases,
            sitting=sitting,
            quorum=quorum,
        )
    )
    for login, (name, affiliations) in nominees.items():
        lines = (
            "\n".join(f"  - organization: {org}\n    relationship: {rel}" for org, rel in affiliations)
            or "  - organization: Nowhere\n    relationship: member"
        )
        (folder / f"{login}.md").write_text(NOMINATION.format(name=name, login=login, affiliations=lines))
    return folder


def counts_yaml(path: Path, votes: Mapping[str, int], electors: int = 100, ballots: int = 95) -> Path:
    body = "\n".join(f"  {login}: {n}" for login, n in votes.items())
    path.write_text(f"electors: {electors}\nballots_cast: {ballots}\nvotes:\n{body}\n")
    return path


# name, [(organization, relationship)]
NOMINEES: dict[str, tuple[str, Sequence[tuple[str, str]]]] = {
    "ada": ("Ada Lovelace", [("Example Corp.", "employer"), ("pip", "maintainer")]),
    "brian": ("Brian Kernighan", [("EXAMPLE CORPORATION", "director")]),
    "cleo": ("Cleo *Bold* <b>x</b> @everyone", [("Example Corp", "contractor")]),
    "dmitri": ("Dmitri M", [("MSFT", "employer")]),
    "eve": ("Eve E", [("Microsoft, Inc.", "employer")]),
    "fay": ("Fay F", [("Microsoft Corporation", "employer")]),
    "gus": ("Gus G", [("Independent", "member")]),
}


ALIASES = "{MSFT: Microsoft}"


VOTES = {"ada": 90, "brian": 80, "cleo": 70, "dmitri": 60, "eve": 50, "fay": 40, "gus": 30}


# brian and cleo (both Example) tie at 80 for the cohort boundary, and for Example's second place:
# ada holds one; brian or cleo takes cohort A, the other is passed over.
CAP_TIE = {"ada": 90, "brian": 80, "cleo": 10, "dmitri": 60, "eve": 40, "fay": 40, "gus": 30}
