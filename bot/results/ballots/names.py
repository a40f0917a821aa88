"""Ballot names to nominations: the voting service shows display names, the council is made of logins.

A ballot name matches the nomination whose `name` is the same after normalisation (Unicode NFKC, case
folded, invisible format characters dropped, runs of white space made one space), or the login an
admin-kept names file gives for it. Nothing is guessed: an unknown or ambiguous name, two ballot names
for one nominee, or a nominee missing from the ballot (who did not withdraw) is an error that lists the
candidates on both sides. The names file never overrides: it may not map a name that is exactly another
nominee's (so it cannot swap two nominees' totals), and every mapping it made is published with the
results. Every problem is reported at once, so that one run shows the admins all there is to fix.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.github.values import login_key
from bot.results.ballots.errors import BallotError

SHOWN = 40  # at most this many names in a listing


def normalise(name: str) -> str:
    text = unicodedata.normalize("NFKC", name)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return " ".join(text.split()).casefold()


@dataclass(frozen=True, slots=True)
class Nominee:
    login: str
    name: str


@dataclass(frozen=True, slots=True)
class NameMapping:
    """One line of the names file: a name on the ballot, and the login it is."""

    name: str  # as written in the names file
    login: str  # case-folded
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Mapped:
    """A ballot name the names file matched (published with the results)."""

    ballot_name: str
    login: str


@dataclass(frozen=True, slots=True)
class _Problem:
    where: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return (
            f"{self.where}:{self.line}: {self.message}"
            if self.line is not None
            else f"{self.where}: {self.message}"
        )


def _listing(items: Sequence[str]) -> str:
    shown = [repr(x) for x in items[:SHOWN]]
    more = f" and {len(items) - SHOWN} more" if len(items) > SHOWN else ""
    return ", ".join(shown) + more


def match(
    ballot_names: Sequence[str],
    name_lines: Sequence[int | None],
    nominees: Sequence[Nominee],
    withdrawn: frozenset[str],
    mapping: Mapping[str, NameMapping],
    where: str,
    mapping_where: str = "the names file",
) -> list[str]:
    """The login of each ballot name, in ballot order. `withdrawn` holds case-folded logins; `mapping`
    keys are normalised ballot names. Raises one `BallotError` listing every problem found."""
    by_name: dict[str, list[Nominee]] = {}
    for nominee in nominees:
        by_name.setdefault(normalise(nominee.name), []).append(nominee)
    by_login = {login_key(n.login): n for n in nominees}
    problems: list[_Problem] = []
    usable: dict[str, Nominee] = {}
    refused: dict[str, set[str]] = {}  # a refused mapping's key -> the logins its problem names
    for key, entry in mapping.items():
        target = by_login.get(entry.login)
        if target is None:
            problems.append(
                _Problem(
                    mapping_where,
                    entry.line,
                    f"maps {entry.name!r} to {entry.login!r}, who has no merged nomination (nominees: "
                    f"{_listing(sorted(n.login for n in nominees))})",
                )
            )
            refused[key] = set()
            continue
        exact = by_name.get(key, [])
        if exact and target not in exact:
            owners = " and ".join(f"{n.login}'s" for n in exact)
            problems.append(
                _Problem(
                    mapping_where,
                    entry.line,
                    f"maps {entry.name!r} to {target.login} ({target.name}), but {entry.name!r} is the name "
                    f"on {owners} nomination: a names file only matches names that match no nomination, and "
                    "never overrides one that does; remove this line",
                )
            )
            refused[key] = {entry.login} | {login_key(n.login) for n in exact}
            continue
        usable[key] = target
    side = f"The ballot file names {_listing(list(ballot_names))}; the nominations are " + _listing(
        [f"{n.name} ({n.login})" for n in nominees]
    )
    show_sides = False
    logins: list[str] = []
    accounted: set[str] = set()  # nominees placed on the ballot, or named in a problem about it
    first_line: dict[str, tuple[str, int | None]] = {}
    for name, line in zip(ballot_names, name_lines, strict=True):
        key = normalise(name)
        if key in refused:
            accounted |= refused[key]
            logins.append("")
            continue
        found = [usable[key]] if key in usable else by_name.get(key, [])
        if not found:
            problems.append(
                _Problem(
                    where,
                    line,
                    f"the candidate {name!r} matches no merged nomination by name; add it to the "
                    "names file (--names) if it is a nominee under another name",
                )
            )
            show_sides = True
            logins.append("")
            continue
        accounted |= {login_key(n.login) for n in found}
        if len(found) > 1:
            both = ", ".join(n.login for n in found)
            problems.append(
                _Problem(
                    where,
                    line,
                    f"the candidate {name!r} is ambiguous: the nominations of {both} all have that "
                    "name; say which login it is in the names file (--names)",
                )
            )
            logins.append("")
            continue
        nominee = found[0]
        nominee_key = login_key(nominee.login)
        if nominee_key in first_line:
            other, other_line = first_line[nominee_key]
            at = f" (line {other_line})" if other_line is not None else ""
            problems.append(
                _Problem(
                    where,
                    line,
                    f"the candidates {other!r}{at} and {name!r} are both {nominee.login}; a nominee "
                    "appears once on the ballot",
                )
            )
        else:
            first_line[nominee_key] = (name, line)
        logins.append(nominee.login)
    missing = [n for n in nominees if login_key(n.login) not in accounted | withdrawn]
    if missing:
        named = ", ".join(f"{n.name} ({n.login})" for n in missing[:SHOWN])
        one = len(missing) == 1
        problems.append(
            _Problem(
                where,
                None,
                f"{'the nominee' if one else 'the nominees'} {named} {'is' if one else 'are'} not on the "
                "ballot; if they withdrew, record it under `voting.withdrawn` in election.yaml, else fix "
                "the ballot file",
            )
        )
        show_sides = True
    if len(problems) == 1:
        only = problems[0]
        raise BallotError(only.where, only.line, f"{only.message}. {side}" if show_sides else only.message)
    if problems:
        listed = "\n".join(f"  - {p}" for p in problems)
        tail = f"\n{side}" if show_sides else ""
        raise BallotError(
            where, None, f"{len(problems)} problems with the candidates' names:\n{listed}{tail}"
        )
    return logins


def used(
    ballot_names: Sequence[str], logins: Sequence[str], mapping: Mapping[str, NameMapping]
) -> tuple[Mapped, ...]:
    """The ballot names that the names file matched, in ballot order: the results list each one."""
    return tuple(
        Mapped(name, login)
        for name, login in zip(ballot_names, logins, strict=True)
        if normalise(name) in mapping
    )
