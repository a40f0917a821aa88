"""The results of an election from what was read: the nominations, the counted votes (a counts file or
the voting service's ballots, already tallied) and the admins' tie resolutions. What is checked here is
what the admins must fix before anything is announced (a withdrawn nominee in the counts, a nominee
without votes, one person both sitting and standing); each entity is shown under one name.

Pure: the files are read by `bot.ports.results_files`; every refusal is a `UsageError` (exit 2) that says
what to fix.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import groupby

from bot.config.entities import AliasError, Entity, EntityResolver
from bot.config.models import Election, Nomination
from bot.errors import UsageError
from bot.github.values import login_key
from bot.results.ballots.count import BallotCount
from bot.results.inputs import Counts
from bot.results.outcome import Counting, ResultsReport, Withdrawn
from bot.results.ranking import (
    Candidate,
    Quorum,
    Resolution,
    ResolutionError,
    SeatRules,
    Sitting,
    decide,
    decide_ordered,
)


@dataclass(frozen=True, slots=True)
class Tally:
    """The votes as counted: per nominee (casefolded login), with the numbers the quorum is judged on."""

    votes: Mapping[str, int]
    electors: int
    ballots_cast: int
    counting: Counting
    counted: BallotCount | None = None  # from the ballots: their order, ties' budget, withdrawn on ballot


def withdrawn_keys(election: Election) -> frozenset[str]:
    """The nominees who withdrew (election.yaml `voting.withdrawn`), as keys."""
    return frozenset(login_key(w.login) for w in election.counting.withdrawn)


def counted_nominations(election: Election, nominations: Sequence[Nomination]) -> list[Nomination]:
    """The nominations that are counted: every merged one but those who withdrew."""
    withdrawn = withdrawn_keys(election)
    return [n for n in nominations if login_key(n.github) not in withdrawn]


def entity_resolver(election: Election) -> EntityResolver:
    """The election's entity aliases, checked: a bad alias table is refused before anything is read."""
    try:
        return EntityResolver.from_aliases(election.conflict_of_interest.entity_aliases)
    except AliasError as error:
        raise UsageError(f"election.yaml: conflict_of_interest.entity_aliases: {error}") from None


def check_counts_method(election: Election) -> None:
    """A counts file carries approval totals: any other method needs the ballot file."""
    if election.counting.method != "approval":
        raise UsageError(
            f"election.yaml counts by {election.counting.method}; a counts file carries approval totals "
            "only: give the ballot file with --ballots"
        )


def tally_of_counts(counts: Counts, election: Election, nominations: Sequence[Nomination]) -> Tally:
    """The admins' counts file, checked against the nominations: no one who withdrew, no one without a
    nomination, and a total for every nominee (0 when none)."""
    withdrawn = withdrawn_keys(election)
    by_key = {login_key(n.github): n for n in counted_nominations(election, nominations)}
    gone = sorted(login for key, (login, _, _) in counts.votes.items() if key in withdrawn)
    if gone:
        raise UsageError(
            f"the counts name {', '.join(gone)}, who withdrew (election.yaml voting.withdrawn); remove them"
        )
    unknown = sorted(login for key, (login, _, _) in counts.votes.items() if key not in by_key)
    missing = sorted(n.github for key, n in by_key.items() if key not in counts.votes)
    problems = []
    if unknown:
        problems.append(
            f"the counts name {', '.join(unknown)}, who has no nomination in nominations/{election.id}/"
        )
    if missing:
        problems.append(
            f"the counts have no votes for {'the nominee' if len(missing) == 1 else 'the nominees'} {', '.join(missing)}; give 0 if none"
        )
    if problems:
        raise UsageError("; ".join(problems))
    votes = {key: value[1] for key, value in counts.votes.items()}
    return Tally(votes, counts.electors, counts.ballots_cast, Counting(method="approval", source="counts"))


def build_report(
    election: Election,
    all_nominations: Sequence[Nomination],
    resolutions: Sequence[Resolution],
    tally: Tally,
    resolutions_shown: str,
) -> ResultsReport:
    """The results by the election's rules; `resolutions_shown` names the resolutions file in errors."""
    policy = election.conflict_of_interest
    resolver = entity_resolver(election)
    nominations = counted_nominations(election, all_nominations)
    by_key = {login_key(n.github): n for n in nominations}
    counted = tally.counted
    names_by_key = {login_key(n.github): n.name for n in all_nominations}
    counting = _with_withdrawals(tally.counting, election, names_by_key, counted)
    candidates = [
        Candidate(
            login=n.github,
            name=n.name,
            votes=tally.votes[key],
            entities=resolver.counted(n.affiliations, policy.counted_relationships),
        )
        for key, n in by_key.items()
    ]
    sitting = tuple(
        Sitting(m.login, m.name, m.cohort, resolver.counted(m.affiliations, policy.counted_relationships))
        for m in policy.sitting_members
    )
    order = None
    if counted is not None and counted.order is not None:
        login_of = {login_key(n.github): n.github for n in nominations}
        order = [login_of[login_key(login)] for login in counted.order]
    candidates, sitting = one_name_per_entity(
        candidates, sitting, order, {r.key: r.order for r in resolutions}
    )
    clash = sorted({m.login for m in sitting} & {c.login for c in candidates}, key=str.casefold)
    if clash:
        raise UsageError(f"{', '.join(clash)} is both a sitting member and a candidate; fix election.yaml")
    rules = SeatRules(cohorts=tuple(election.cohorts), cap=policy.limit, sitting=sitting)
    try:
        if counted is not None and counted.count is not None:
            result = decide_ordered(
                candidates, counted.count, rules, [r.key for r in resolutions], budget=counted.budget
            )
        else:
            result = decide(candidates, rules, {r.key: r.order for r in resolutions})
    except ResolutionError as error:
        raise UsageError(f"{resolutions_shown}: {error}") from None
    quorum = Quorum(electors=tally.electors, ballots_cast=tally.ballots_cast, required=election.quorum)
    return ResultsReport(election, result, quorum, {r.key: r for r in resolutions}, counting)


def _with_withdrawals(
    counting: Counting, election: Election, names: Mapping[str, str], counted: BallotCount | None
) -> Counting:
    on_ballot = {login_key(login) for login in counted.withdrawn_on_ballot} if counted else set()
    return replace(
        counting,
        withdrawn=tuple(
            Withdrawn(
                w.login, names.get(login_key(w.login), w.login), w.note, login_key(w.login) in on_ballot
            )
            for w in election.counting.withdrawn
        ),
    )


def one_name_per_entity(
    candidates: list[Candidate],
    sitting: tuple[Sitting, ...],
    order: Sequence[str] | None = None,
    resolved: Mapping[frozenset[str], Sequence[str]] | None = None,
) -> tuple[list[Candidate], tuple[Sitting, ...]]:
    """Show each entity under one name: the admins' alias target if there is one (already set), else
    the spelling of the first sitting member, else of the highest-placed candidate who lists it (first
    in the method's `order`, else most votes, then a tie's recorded resolution). Candidates still level
    after that (an unresolved tie) give the alphabetically first of their spellings: the provisional
    order by login never shows."""
    names: dict[str, str] = {}
    place = {login: i for i, login in enumerate(order or ())}
    settled = {login_key(login): i for logins in (resolved or {}).values() for i, login in enumerate(logins)}

    def standing(c: Candidate) -> tuple[int, int, int]:
        return (place.get(c.login, 0), -c.votes, settled.get(login_key(c.login), 0))

    for member in sitting:
        for entity in member.entities:
            names.setdefault(entity.key, entity.name)
    for _, level in groupby(sorted(candidates, key=standing), key=standing):
        spellings: dict[str, list[str]] = {}
        for candidate in level:
            for entity in candidate.entities:
                if entity.key not in names:
                    spellings.setdefault(entity.key, []).append(entity.name)
        for key, options in spellings.items():
            names[key] = min(options, key=lambda name: (name.casefold(), name))

    def rename(entities: tuple[Entity, ...]) -> tuple[Entity, ...]:
        return tuple(replace(e, name=names.get(e.key, e.name)) for e in entities)

    return (
        [replace(c, entities=rename(c.entities)) for c in candidates],
        tuple(replace(m, entities=rename(m.entities)) for m in sitting),
    )
