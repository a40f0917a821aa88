"""The voting service's own per-candidate totals (its results page), to be checked against our tally.

    candidate,total
    Ada Lovelace,90
    Brian Kernighan,80

`candidate` is the name as the ballot file writes it or, for star.vote, as its results page shows it
(matched after the same normalisation, and the same HTML unescaping as the ballot file's header); `total`
is the votes (approval) or the total score (Bloc STAR). Withdrawn candidates may be listed or not: they
are not compared, because the service may or may not have counted them.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.results.ballots.errors import BallotError
from bot.results.ballots.names import normalise

HEADER = ["candidate", "total"]
_DIGITS = re.compile(r"^[0-9]{1,15}$")


@dataclass(frozen=True, slots=True)
class ServiceTotal:
    name: str
    total: int
    line: int


def parse(text: str, where: str) -> list[ServiceTotal]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as error:
        raise BallotError(where, reader.line_num, f"broken CSV: {error}") from None
    if not rows or [c.strip().lower() for c in rows[0][1]] != HEADER:
        raise BallotError(where, 1, "the first line must be the header `candidate,total`")
    out: list[ServiceTotal] = []
    seen: dict[str, int] = {}
    for line, row in rows[1:]:
        if not row or not any(c.strip() for c in row):
            continue
        if len(row) != 2:
            raise BallotError(where, line, f"expected two values, `candidate,total`; found {len(row)}")
        name, total = row[0].strip(), row[1].strip()
        if not _DIGITS.match(total):
            raise BallotError(where, line, f"the total {total[:20]!r} is not a whole number")
        key = normalise(name)
        if key in seen:
            raise BallotError(where, line, f"{name!r} appears twice (first on line {seen[key]})")
        seen[key] = line
        out.append(ServiceTotal(name, int(total), line))
    return out


def compare(
    given: Sequence[ServiceTotal],
    tally: Sequence[tuple[str, int]],
    withdrawn_names: frozenset[str],
    where: str,
    what: str,
) -> None:
    """Stop unless the service's totals equal the tally (`tally`: ballot name, total, counted only)."""
    ours: Mapping[str, tuple[str, int]] = {normalise(name): (name, total) for name, total in tally}
    theirs: dict[str, ServiceTotal] = {}
    for entry in given:
        key = normalise(entry.name)
        if key in theirs:  # possible once names are unescaped: `A &amp; B` and `A & B` are one name
            raise BallotError(
                where,
                entry.line,
                f"{entry.name!r} appears twice (first on line {theirs[key].line}) once read as the "
                "ballot file's names are read",
            )
        if key not in withdrawn_names:
            theirs[key] = entry
    unknown = [t for key, t in theirs.items() if key not in ours]
    if unknown:
        raise BallotError(
            where,
            unknown[0].line,
            f"{unknown[0].name!r} is not a counted candidate of the ballot file "
            f"(its candidates: {', '.join(repr(name) for name, _ in tally)})",
        )
    rows = []
    differ = False
    for key, (name, total) in ours.items():
        other = theirs.get(key)
        shown = "missing" if other is None else str(other.total)
        delta = "" if other is None else f"{total - other.total:+d}"
        if other is None or other.total != total:
            differ = True
            delta = delta or "?"
        else:
            delta = "="
        rows.append((name, str(total), shown, delta))
    if not differ:
        return
    head = ("candidate", "ballots", "service", "difference")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(4)]
    lines = [
        "  "
        + "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in [head, *rows]
    ]
    raise BallotError(
        where,
        None,
        f"the voting service's {what} differ from the tally of the ballot file; nothing was "
        "decided. Side by side (ballots: our tally; difference: ballots - service):\n" + "\n".join(lines),
    )
