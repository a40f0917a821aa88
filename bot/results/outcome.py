"""An election's results as one value: the allocation, the quorum, the tie resolutions and how the totals
were counted. Its status (final, ties unresolved, quorum not met) and exit status are decided here, next to
the allocation; `bot.results.text` only renders it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from bot.config.models import Election
from bot.errors import EXIT_FINDINGS, EXIT_OK
from bot.github.values import login_key
from bot.results.ballots.names import Mapped
from bot.results.ranking import Candidate, Quorum, Resolution, Result, Tie
from bot.text import wording


@dataclass(frozen=True, slots=True)
class Measure:
    """What a candidate's number is, in the method's own words: votes (approval) or points (Bloc STAR,
    the total of the ballots' scores). One owner for the word in every text, the JSON key and the site."""

    key: str  # the JSON key: votes | points
    noun: str  # vote | point
    heading: str  # a column's heading: Votes | Points

    def amount(self, n: int) -> str:
        return wording.count(n, self.noun)


VOTES = Measure("votes", "vote", "Votes")
POINTS = Measure("points", "point", "Points")


class ResultsStatus(StrEnum):
    """What the results say, as the JSON output and the site spell it."""

    FINAL = "final"
    TIES_UNRESOLVED = "ties-unresolved"
    QUORUM_NOT_MET = "quorum-not-met"


@dataclass(frozen=True, slots=True)
class Withdrawn:
    """A nominee who withdrew (election.yaml `voting.withdrawn`)."""

    login: str
    name: str
    note: str
    on_ballot: bool  # still on the ballot file, their marks not counted


@dataclass(frozen=True, slots=True)
class Counting:
    """How the totals were obtained: the method, and for a ballot file what anyone needs to recount."""

    method: str  # approval | bloc-star
    source: str  # ballots (tallied here from the service's file) | counts (the admins' counts file)
    file: str | None = None  # the ballot file's name
    format: str | None = None  # blt | star-csv
    sha256: str | None = None
    size: int | None = None
    ballots_url: str | None = None  # where the admins published the anonymised ballots
    recount_command: str | None = None
    max_score: int | None = None  # bloc-star
    ballot_names: Mapping[str, str] = field(default_factory=dict)  # login -> name on the ballot file
    withdrawn: tuple[Withdrawn, ...] = ()
    names_file: str | None = None  # the admins' names file (--names), by its name
    name_mappings: tuple[Mapped, ...] = ()  # the ballot names it matched: every one is published

    @property
    def measure(self) -> Measure:
        return POINTS if self.method == "bloc-star" else VOTES


@dataclass(frozen=True, slots=True)
class ResultsReport:
    election: Election
    result: Result
    quorum: Quorum
    resolutions: Mapping[frozenset[str], Resolution]
    counting: Counting = field(default_factory=lambda: Counting(method="approval", source="counts"))

    @property
    def status(self) -> ResultsStatus:
        if self.quorum.applies and not self.quorum.met:  # no quorum (`quorum: null`): never this status
            return ResultsStatus.QUORUM_NOT_MET
        return ResultsStatus.FINAL if self.result.final else ResultsStatus.TIES_UNRESOLVED

    @property
    def exit_code(self) -> int:
        return EXIT_OK if self.status == ResultsStatus.FINAL else EXIT_FINDINGS

    def candidate(self, login: str) -> Candidate:
        return next(c for c in self.result.ranked if c.login == login)

    def name_of(self, login: str) -> str:
        for candidate in self.result.ranked:
            if candidate.login == login:
                return candidate.name
        for member in self.result.rules.sitting:
            if member.login == login:
                return member.name
        return login

    def is_sitting(self, login: str) -> bool:
        return any(m.login == login for m in self.result.rules.sitting)

    def resolution(self, tie: Tie) -> Resolution | None:
        return self.resolutions.get(frozenset(login_key(m) for m in tie.members))

    def outcome(self, login: str) -> str:
        """elected, passed-over, not-elected or undecided (quorum aside). Elected in every order of the
        unresolved ties is elected, even while the cohort is undecided (`settled_cohort` says)."""
        if login in self.result.undecided:
            return "elected" if login in self.result.sure else "undecided"
        seating = self.result.seating
        if seating.cohort(login) is not None:
            return "elected"
        return "passed-over" if self.result.pass_over(login) is not None else "not-elected"

    def settled_cohort(self, login: str) -> str | None:
        """The cohort, when every order of the unresolved ties gives the same one."""
        if login in self.result.undecided:
            return None
        return self.result.seating.cohort(login)

    def options(self, login: str) -> list[str | None]:
        """What an undecided candidate may still get: cohorts first, then None (not elected)."""
        return sorted(self.result.possible.get(login, ()), key=lambda x: (x is None, x or ""))

    @property
    def seated_cohort_open(self) -> list[str]:
        """Candidates elected in every order whose cohort is still undecided, in the order used."""
        return [
            c.login
            for c in self.result.ranked
            if c.login in self.result.undecided and c.login in self.result.sure
        ]

    def cohort_places(self) -> list[tuple[str, int, list[str], int, list[str]]]:
        """Per cohort: id, term, the certain members (rank order), undecided places, the contenders."""
        seating = self.result.seating
        undecided = self.result.undecided
        out = []
        for cohort in self.result.rules.cohorts:
            members = [
                login
                for login in seating.elected
                if seating.cohort(login) == cohort.id and login not in undecided
            ]
            contenders = [
                c.login
                for c in self.result.ranked
                if cohort.id in self.result.possible.get(c.login, frozenset())
            ]
            filled = sum(1 for login in seating.elected if seating.cohort(login) == cohort.id)
            out.append((cohort.id, cohort.term_years, members, filled - len(members), contenders))
        return out
