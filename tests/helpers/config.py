"""Election configs and nomination files that tests of several folders write: a zoned election
(election_yaml, NOMINATION) and the check that nothing names the PSF where a neutral community runs (neutral)."""

from __future__ import annotations

import re

NOMINATION = b"""---
name: Jane Doe
github: janedoe
psf_membership: fellow
affiliations:
  - organization: Example
    relationship: employer
---
one two three four
"""


def election_yaml(
    start: str = "2026-03-20T12:00:00",
    end: str = "2026-03-30T12:00:00",
    *,
    timezone: str | None = "Europe/Berlin",
    draw: str | None = None,
    voting: tuple[str, str] = ("2026-11-02T09:00:00", "2026-11-16T09:00:00"),
) -> bytes:
    zone_line = f"timezone: {timezone}\n" if timezone is not None else ""
    draw_lines = (
        f"draw:\n  - identifier: a lottery draw\n    available_after: {draw}\n    pattern: ^[0-9a-f]{{64}}$\n"
        if draw
        else ""
    )
    return (
        "id: berlin-2026\n"
        "title: Steering council 2026\n"
        f"{zone_line}"
        "scope: whole-council\n"
        "seats: 3\n"
        "cohorts:\n  - {id: A, seats: 3, term_years: 1}\n"
        "eligible_membership: [supporting, contributing, fellow]\n"
        "contact: elections@example.org\n"
        "phases:\n"
        "  - id: nominations\n"
        "    kind: nominations\n"
        "    title: Nominations\n"
        f"    start: {start}\n"
        f"    end: {end}\n"
        "  - id: voting\n"
        "    kind: voting\n"
        "    title: Voting\n"
        f"    start: {voting[0]}\n"
        f"    end: {voting[1]}\n"
        f"{draw_lines}"
        "statement: {min_words: 3, max_words: 10}\n"
    ).encode()


FORBIDDEN = re.compile(
    r"PSF|PEP 772|psfmember|Python Software|Packaging Council|affirmed their intention", re.I
)


def neutral(text: str, where: str) -> None:
    found = FORBIDDEN.search(text)
    assert found is None, f"{where}: {text[max(found.start() - 80, 0) : found.end() + 80]!r}"
