"""The BLT ballot format, read as approval ballots.

    4 2                 candidates and seats
    -4                  optional: withdrawn candidates, as negative numbers (or Droop's `[withdrawn 4]`)
    1 1 3 0             one line per ballot: weight, the candidates marked, 0
    2 2 0
    1 0                 a blank ballot (it counts as cast)
    0                   end of the ballots
    "Ada Lovelace"      the candidates' names, one a line, in number order
    "Brian Kernighan"
    "Cleo ""Cy"" Example"          a quote inside a name is written twice
    "Dmitri Example"
    "Test Council election 2026"    the title

The dialect is what OpaVote's "Download Ballots" and OpenSTV write and what OpenSTV
(openstv/LoaderPlugins/BltBallotLoader.py) and Droop (droop/profile.py) both read: blank lines and `#`
comments anywhere (a `#` that starts a word outside a quoted name), Droop's `[withdrawn …]`, OpenSTV's
`-` for a skipped ranking. What the two readers disagree on or what means nothing to an approval count is
refused at its line with a message that names the feature: Droop's other options (`[tie …]`, `[droop …]`,
`[nick …]`, `[undeclared …]`), ballot IDs `(…)`, `/* … */` comments, equal rankings. The layout is one
ballot a line (as every exporter writes it), so that a lost `0` is an error, never a merged ballot.

Every number is a plain decimal. A candidate marked twice on one ballot is an error in the file, never
silently counted once. Marks for a withdrawn candidate are not counted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.results.ballots.errors import BallotError
from bot.text import wording

MAX_CANDIDATES = 1000
MAX_WEIGHT = 1_000_000_000
_INT = re.compile(r"^[0-9]{1,12}$")
_NEGATIVE = re.compile(r"^-[0-9]{1,12}$")
_QUOTED = re.compile(r'^"((?:[^"]|"")*)"$')  # a quote inside is doubled, as in CSV
_OPTION = re.compile(r"^\[([^\s\]]*)")
SKIPPED = "-"  # OpenSTV's skipped ranking: marks nobody

# Droop's options (droop/profile.py, `__bltOption`) other than `[withdrawn …]`: what each one does, and why
# an approval count does not read it.
OPTIONS = {
    "tie": "it is Droop's tie-breaking order, and ties are resolved by the candidates' agreement or the "
    "verifiable draw, in the resolutions file",
    "droop": "it holds Droop's counting options, which mean nothing to an approval count",
    "nick": "it gives the candidates Droop nicknames, and the ballots must name candidates by number",
    "undeclared": "it marks Droop's undeclared write-in candidates (a Minneapolis rule)",
}

Progress = Callable[[int], None]  # called with the number of ballots read so far


@dataclass(frozen=True, slots=True)
class BltBallot:
    weight: int
    marks: tuple[int, ...]  # candidate numbers, 1-based, as written
    line: int


@dataclass(frozen=True, slots=True)
class BltFile:
    names: tuple[str, ...]  # as written (a doubled quote read as one), in number order (candidate 1 first)
    name_lines: tuple[int, ...]
    seats: int
    seats_line: int
    withdrawn: frozenset[int]  # candidate numbers, 1-based
    ballots: tuple[BltBallot, ...]
    title: str

    @property
    def ballots_cast(self) -> int:
        return sum(b.weight for b in self.ballots)

    def marked(self) -> frozenset[int]:
        """The candidates (numbers) that at least one ballot marks, withdrawn or not."""
        return frozenset(m for ballot in self.ballots for m in ballot.marks)


def _without_comment(line: str) -> str:
    """The line up to its `#` comment: a `#` at the start of a word and outside double quotes (OpenSTV
    allows one after any line, Droop at any word; a `#` inside a quoted name is part of the name)."""
    if "#" not in line:
        return line
    quoted = False
    previous = " "
    for index, character in enumerate(line):
        if character == '"':
            quoted = not quoted  # a doubled quote toggles twice: still inside
        elif character == "#" and not quoted and previous.isspace():
            return line[:index]
        previous = character
    return line


def _lines(text: str) -> list[tuple[int, str]]:
    """The lines that hold something, stripped, with their numbers (1-based)."""
    if "#" not in text:
        return [(n, line.strip()) for n, line in enumerate(text.split("\n"), 1) if line.strip()]
    out = []
    for number, line in enumerate(text.split("\n"), 1):
        kept = _without_comment(line).strip()
        if kept:
            out.append((number, kept))
    return out


def _plain_int(token: str, where: str, line: int, what: str) -> int:
    if not _INT.match(token):
        raise BallotError(where, line, f"{what} must be a whole number written with digits, not {token!r}")
    return int(token)


def _unread_syntax(tokens: Sequence[str], where: str, line: int, ballots_started: bool) -> None:
    """Refuse, naming it, a feature of some BLT dialect that this reader does not take."""
    first = tokens[0]
    if any(token.startswith("/*") for token in tokens):
        raise BallotError(
            where,
            line,
            "a `/* … */` comment (a Droop extension) is not read here; write comments after `#`",
        )
    if first.startswith("("):
        raise BallotError(
            where,
            line,
            f"{first[:40]!r}: ballot IDs `(…)` are not read, because OpenSTV reads the ballot's weight after "
            "the ID and Droop its first mark; export the ballots without IDs",
        )
    option = _OPTION.match(first)
    if option is None:
        return
    name = option.group(1)[:40]
    shown = f"`[{name} …]`" if name else f"{first[:40]!r}"
    if name == "withdrawn":
        if ballots_started:
            raise BallotError(
                where,
                line,
                "Droop's `[withdrawn …]` goes before the first ballot, right after the first line",
            )
        raise BallotError(
            where, line, "Droop's `[withdrawn …]` must close with `]` on its own line, e.g. `[withdrawn 2 4]`"
        )
    what = OPTIONS.get(name.casefold())
    if what is None:
        raise BallotError(
            where,
            line,
            f"{shown} is not an option of the BLT dialects election-bot reads (Droop's `[withdrawn …]` is "
            "the only one it reads); remove the line, or export the ballots again from the voting service",
        )
    raise BallotError(where, line, f"{shown} is not read here: {what}; remove the line")


def _withdrawn_numbers(
    tokens: Sequence[str], candidates: int, withdrawn: set[int], where: str, line: int, negative: bool
) -> None:
    for token in tokens:
        if negative:
            if not _NEGATIVE.match(token):
                raise BallotError(
                    where,
                    line,
                    f"withdrawn candidates are written as negative numbers like -2, not {token!r}",
                )
            candidate = -int(token)
        else:
            candidate = _plain_int(token, where, line, "a withdrawn candidate in `[withdrawn …]`")
        if not 1 <= candidate <= candidates:
            raise BallotError(
                where,
                line,
                f"withdrawn candidate {candidate} is out of range: there are {candidates} candidates",
            )
        if candidate in withdrawn:
            raise BallotError(where, line, f"candidate {candidate} is withdrawn twice")
        withdrawn.add(candidate)


def _quoted(text_line: str) -> str | None:
    found = _QUOTED.match(text_line)
    return None if found is None else found.group(1).replace('""', '"')


def parse(text: str, where: str, progress: Progress | None = None, every: int = 10_000) -> BltFile:
    """Parse a BLT file (text already decoded: no byte-order mark, LF line ends)."""
    lines = _lines(text)
    if not lines:
        raise BallotError(
            where, 1, "the file is empty; a BLT file starts with the number of candidates and seats"
        )
    number, first = lines[0]
    head = first.split()
    if "/*" in first or first.startswith(("[", "(")):
        _unread_syntax(head, where, number, False)
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

    # Before the first ballot: withdrawn candidates, as OpenSTV writes them (`-2 -4`) or as Droop's option.
    withdrawn: set[int] = set()
    while position < len(lines):
        number, text_line = lines[position]
        if text_line.startswith("-"):
            _withdrawn_numbers(text_line.split(), candidates, withdrawn, where, number, negative=True)
        elif text_line.startswith("[withdrawn") and text_line.endswith("]"):
            inside = text_line[len("[withdrawn") : -1]
            if inside and not inside[0].isspace():
                _unread_syntax(text_line.split(), where, number, False)
            _withdrawn_numbers(inside.split(), candidates, withdrawn, where, number, negative=False)
        else:
            break
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
        if text_line.startswith(("[", "(")) or "/*" in text_line:
            _unread_syntax(tokens, where, number, bool(ballots))
        if tokens[0].startswith("-"):
            raise BallotError(
                where,
                number,
                f"a ballot's weight must be a positive whole number, not {tokens[0]!r} (withdrawn candidates go "
                "before the first ballot)",
            )
        weight = _plain_int(tokens[0], where, number, "a ballot's weight")
        if weight < 1 or weight > MAX_WEIGHT:
            raise BallotError(where, number, f"a ballot's weight must be 1 to {MAX_WEIGHT}, not {weight}")
        if tokens[-1] != "0" or len(tokens) < 2:
            raise BallotError(where, number, "a ballot line must end with 0 (weight, candidates marked, 0)")
        marks: list[int] = []
        seen: set[int] = set()
        for token in tokens[1:-1]:
            if token == SKIPPED:
                continue
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
        name = _quoted(text_line)
        if name is None:
            kind = "a candidate's name" if len(names) < candidates else "the title"
            hint = ' (a quote inside a name is written twice: "Ada ""Countess"" Lovelace")'
            raise BallotError(
                where,
                number,
                f"expected {kind} in double quotes, found {text_line[:80]!r}"
                + (hint if text_line.startswith('"') else ""),
            )
        names.append(name.strip())
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
            f"unexpected text after the title {text_line[:80]!r}: the file has {candidates} candidates "
            "(a source or comment line after the title is not read: remove it, or make it a `#` comment)",
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
