"""The BLT ballot format, read as approval ballots.

    4 2                 candidates and seats
    -4                  optional: withdrawn candidates, as negative numbers
    1 1 3 0             one line per ballot: weight, the candidates marked, 0
    2 2 0
    1 0                 a blank ballot (it counts as cast)
    0                   end of the ballots
    "Ada Lovelace"      the candidates' names, one a line, in number order
    "Brian Kernighan"
    "Cleo Example"
    "Dmitri Example"
    "Test Council election 2026"    the title

Every number is a plain decimal; blank lines are ignored. A candidate marked twice on one ballot is an
error in the file, never silently counted once. Marks for a withdrawn candidate are not counted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.core import wording
from bot.core.ballots.errors import BallotError

MAX_CANDIDATES = 1000
MAX_WEIGHT = 1_000_000_000
_INT = re.compile(r"^[0-9]{1,12}$")
_NEGATIVE = re.compile(r"^-[0-9]{1,12}$")
_QUOTED = re.compile(r'^"([^"]*)"$')

Progress = Callable[[int], None]  # called with the number of ballots read so far


@dataclass(frozen=True, slots=True)
class BltBallot:
    weight: int
    marks: tuple[int, ...]  # candidate numbers, 1-based, as written
    line: int


@dataclass(frozen=True, slots=True)
class BltFile:
    names: tuple[str, ...]  # as written, in number order (candidate 1 first)
    name_lines: tuple[int, ...]
    seats: int
    seats_line: int
    withdrawn: frozenset[int]  # candidate numbers, 1-based
    ballots: tuple[BltBallot, ...]
    title: str

    @property
    def ballots_cast(self) -> int:
        return sum(b.weight for b in self.ballots)


def _lines(text: str) -> list[tuple[int, str]]:
    return [(n, line.strip()) for n, line in enumerate(text.split("\n"), 1) if line.strip()]


def _plain_int(token: str, where: str, line: int, what: str) -> int:
    if not _INT.match(token):
        raise BallotError(where, line, f"{what} must be a whole number written with digits, not {token!r}")
    return int(token)


def parse(text: str, where: str, progress: Progress | None = None, every: int = 10_000) -> BltFile:
    """Parse a BLT file (text already decoded: no byte-order mark, LF line ends)."""
    lines = _lines(text)
    if not lines:
        raise BallotError(
            where, 1, "the file is empty; a BLT file starts with the number of candidates and seats"
        )
    position = 0
    number, first = lines[0]
    head = first.split()
    if len(head) != 2:
        raise BallotError(
            where, number, f"the first line must be two numbers, candidates and seats (found {first!r})"
        )
    candidates = _plain_int(head[0], where, number, "the number of candidates")
    seats = _plain_int(head[1], where, number, "the number of seats")
    if not 1 <= candidates <= MAX_CANDIDATES:
        raise BallotError(
            where, number, f"the number of candidates must be 1 to {MAX_CANDIDATES}, not {candidates}"
        )
    if seats < 1:
        raise BallotError(where, number, "the number of seats must be at least 1")
    seats_line = number
    position = 1

    withdrawn: set[int] = set()
    if position < len(lines) and lines[position][1].startswith("-"):
        number, text_line = lines[position]
        for token in text_line.split():
            if not _NEGATIVE.match(token):
                raise BallotError(
                    where,
                    number,
                    f"withdrawn candidates are written as negative numbers like -2, not {token!r}",
                )
            candidate = -int(token)
            if not 1 <= candidate <= candidates:
                raise BallotError(
                    where,
                    number,
                    f"withdrawn candidate {candidate} is out of range: there are {candidates} candidates",
                )
            if candidate in withdrawn:
                raise BallotError(where, number, f"candidate {candidate} is withdrawn twice")
            withdrawn.add(candidate)
        position += 1

    ballots: list[BltBallot] = []
    ended = False
    while position < len(lines):
        number, text_line = lines[position]
        position += 1
        tokens = text_line.split()
        if tokens == ["0"]:
            ended = True
            break
        if text_line.startswith('"'):
            raise BallotError(
                where,
                number,
                "the candidates' names start before the ballots end: a line `0` must close the ballots",
            )
        if tokens[0].startswith("-"):
            raise BallotError(
                where,
                number,
                f"a ballot's weight must be a positive whole number, not {tokens[0]!r} (withdrawn candidates go "
                "on the line right after the first)",
            )
        weight = _plain_int(tokens[0], where, number, "a ballot's weight")
        if weight < 1 or weight > MAX_WEIGHT:
            raise BallotError(where, number, f"a ballot's weight must be 1 to {MAX_WEIGHT}, not {weight}")
        if tokens[-1] != "0" or len(tokens) < 2:
            raise BallotError(where, number, "a ballot line must end with 0 (weight, candidates marked, 0)")
        marks: list[int] = []
        seen: set[int] = set()
        for token in tokens[1:-1]:
            if "=" in token:
                raise BallotError(
                    where,
                    number,
                    f"{token!r}: equal rankings have no meaning on an approval ballot; list each candidate once",
                )
            candidate = _plain_int(token, where, number, "a candidate number")
            if candidate == 0:
                raise BallotError(where, number, "0 ends a ballot line; it may appear only once, at the end")
            if candidate > candidates:
                raise BallotError(
                    where,
                    number,
                    f"candidate {candidate} is out of range: the file has {candidates} candidates",
                )
            if candidate in seen:
                raise BallotError(
                    where,
                    number,
                    f"candidate {candidate} is marked twice on one ballot; the file is broken, "
                    "export it again from the voting service",
                )
            seen.add(candidate)
            marks.append(candidate)
        ballots.append(BltBallot(weight, tuple(marks), number))
        if progress is not None and len(ballots) % every == 0:
            progress(len(ballots))
    last_line = lines[-1][0] if lines else 1
    if not ended:
        raise BallotError(
            where, last_line, "the file ends inside the ballots: the line `0` that closes them is missing"
        )

    names: list[str] = []
    name_lines: list[int] = []
    for _ in range(candidates + 1):
        if position >= len(lines):
            missing = candidates - len(names)
            what = f"{wording.count(missing, 'candidate name')} and the title" if missing > 0 else "the title"
            raise BallotError(where, last_line, f"the file ends early: {what} missing after the ballots")
        number, text_line = lines[position]
        position += 1
        match = _QUOTED.match(text_line)
        if match is None:
            kind = "a candidate's name" if len(names) < candidates else "the title"
            raise BallotError(where, number, f"expected {kind} in double quotes, found {text_line[:80]!r}")
        names.append(match.group(1).strip())
        name_lines.append(number)
    title = names.pop()
    name_lines.pop()
    for name, number in zip(names, name_lines, strict=True):
        if not name:
            raise BallotError(where, number, "a candidate's name is empty")
    if position < len(lines):
        number, text_line = lines[position]
        raise BallotError(
            where,
            number,
            f"unexpected text after the title {text_line[:80]!r}: the file has {candidates} candidates",
        )
    return BltFile(
        names=tuple(names),
        name_lines=tuple(name_lines),
        seats=seats,
        seats_line=seats_line,
        withdrawn=frozenset(withdrawn),
        ballots=tuple(ballots),
        title=title,
    )


def approval_totals(blt: BltFile, excluded: Sequence[int] = ()) -> list[int]:
    """Votes per candidate (index 0 is candidate 1): each mark counts the ballot's weight, except for the
    withdrawn candidates and those in `excluded` (numbers, 1-based), who get none."""
    totals = [0] * (len(blt.names) + 1)
    for ballot in blt.ballots:
        weight = ballot.weight
        for candidate in ballot.marks:
            totals[candidate] += weight
    skip = set(blt.withdrawn) | set(excluded)
    return [0 if n in skip else totals[n] for n in range(1, len(blt.names) + 1)]
