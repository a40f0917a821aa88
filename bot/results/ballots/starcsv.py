"""star.vote's score-ballot CSV (the file `starvote` reads), one row per ballot:

    voterID,voteTime,pollID,Ada Lovelace,Brian Kernighan,Cleo Example
    v1,2026-09-02,ppc-2026,5,3,0
    v2,2026-09-02,ppc-2026,0,4,5

The first three columns identify the ballot (never its voter: the export is anonymised) and are not
counted; a voter id that appears twice is an error, because one ballot would be counted twice. Every
other column is a candidate, named as the voting service shows them. A score is a whole number from 0 to
the election's `max_score`; an empty cell counts as 0 (on a STAR ballot an unscored candidate gets 0).
Every row has exactly as many cells as the header.

star.vote writes the header HTML-escaped, as a web page would show it (`Norway - &quot;Queen of
Kings&quot;`, `Beto O&#039;Rourke - D`: the named entities of HTML 4 and `&#039;`, as PHP's htmlentities
writes them). The names are read back as star.vote shows them on the poll's page, undoing that escaping
exactly once: a name that really contains `&amp;` is exported as `&amp;amp;` and read as `&amp;`. A
header that holds a raw `"`, `'`, `<`, `>`, or a `&` that starts no such entity, was not escaped (a file
written by hand or by another tool): its names are read as written.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html.entities import name2codepoint

from bot.results.ballots.errors import BallotError
from bot.text import wording

ID_COLUMNS = 3
MAX_CANDIDATES = 1000
_SCORE = re.compile(r"^[0-9]{1,3}$")
_ENTITY = re.compile(r"&(#039|[A-Za-z][A-Za-z0-9]{1,8});")
_APOSTROPHE = "#039"
_RAW = re.compile(r"[\"'<>]")

Progress = Callable[[int], None]


def _decoded(found: re.Match[str]) -> str:
    name = found.group(1)
    if name == _APOSTROPHE:
        return "'"
    code = name2codepoint.get(name)
    return found.group(0) if code is None else chr(code)


def html_escaped(cells: Sequence[str]) -> bool:
    """Whether header cells are HTML-escaped as star.vote writes them: no raw `"`, `'`, `<` or `>`, and every
    `&` starts an entity it writes (so `Ben & Jerry`, `O'Rourke`, `R&D` say the file was not escaped)."""
    for cell in cells:
        if _RAW.search(cell):
            return False
        ampersands = cell.count("&")
        if ampersands and sum(1 for f in _ENTITY.finditer(cell) if _decoded(f) != f.group(0)) != ampersands:
            return False
    return True


def unescape(name: str) -> str:
    """A name as star.vote shows it: its HTML escaping undone once (`&amp;amp;` is `&amp;`)."""
    return _ENTITY.sub(_decoded, name) if "&" in name else name


@dataclass(frozen=True, slots=True)
class StarFile:
    # The names as star.vote shows them (the header unescaped if it was escaped), in column order.
    names: tuple[str, ...]
    ballots: tuple[tuple[int, ...], ...]  # one score per candidate, in column order
    lines: tuple[int, ...]  # the line each ballot ends on
    escaped: bool = False  # the header was HTML-escaped (star.vote's export) and was read unescaped

    @property
    def ballots_cast(self) -> int:
        return len(self.ballots)

    def totals(self) -> list[int]:
        sums = [0] * len(self.names)
        for ballot in self.ballots:
            for index, score in enumerate(ballot):
                sums[index] += score
        return sums


def parse(
    text: str, where: str, max_score: int, progress: Progress | None = None, every: int = 10_000
) -> StarFile:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise BallotError(where, reader.line_num or 1, f"not a CSV header: {error}") from None
    if header is None or not any(cell.strip() for cell in header):
        raise BallotError(
            where,
            1,
            "the file is empty; the first line must be the header voterID,voteTime,pollID,<candidates>",
        )
    if len(header) <= ID_COLUMNS:
        raise BallotError(
            where,
            1,
            f"the header has {wording.count(len(header), 'column')}; star.vote's has voterID, voteTime, pollID and then one "
            "column per candidate",
        )
    escaped = html_escaped(header[ID_COLUMNS:])
    names = tuple((unescape(cell) if escaped else cell).strip() for cell in header[ID_COLUMNS:])
    if len(names) > MAX_CANDIDATES:
        raise BallotError(
            where, 1, f"the header names {len(names)} candidates; the limit is {MAX_CANDIDATES}"
        )
    for column, name in enumerate(names, ID_COLUMNS + 1):
        if not name:
            raise BallotError(where, 1, f"column {column} of the header has no candidate name")
    width = len(header)
    ballots: list[tuple[int, ...]] = []
    lines: list[int] = []
    voters: dict[str, int] = {}
    while True:
        try:
            row = next(reader, None)
        except csv.Error as error:
            raise BallotError(where, reader.line_num, f"broken CSV: {error}") from None
        if row is None:
            break
        line = reader.line_num
        if not row:
            continue  # an empty line
        if len(row) != width:
            fewer = "missing" if len(row) < width else "extra"
            raise BallotError(
                where,
                line,
                f"{len(row)} cells where the header has {width} ({fewer} column); every ballot has "
                "voterID, voteTime, pollID and one score per candidate",
            )
        voter = row[0].strip()
        if voter:
            if voter in voters:
                raise BallotError(
                    where,
                    line,
                    f"voter id {voter[:40]!r} appears twice (first on line {voters[voter]}); one ballot "
                    "would be counted twice",
                )
            voters[voter] = line
        scores: list[int] = []
        for column, cell in enumerate(row[ID_COLUMNS:], ID_COLUMNS + 1):
            value = cell.strip()
            if not value:
                scores.append(0)
                continue
            if not _SCORE.match(value) or int(value) > max_score:
                raise BallotError(
                    where,
                    line,
                    f"the score {value[:20]!r} for {names[column - ID_COLUMNS - 1][:80]!r} (column "
                    f"{column}) is not a whole number from 0 to {max_score}",
                )
            scores.append(int(value))
        ballots.append(tuple(scores))
        lines.append(line)
        if progress is not None and len(ballots) % every == 0:
            progress(len(ballots))
    return StarFile(names=names, ballots=tuple(ballots), lines=tuple(lines), escaped=escaped)
