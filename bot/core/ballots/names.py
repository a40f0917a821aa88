"""Ballot names to nominations: the voting service shows display names, the council is made of logins.

A ballot name matches the nomination whose `name` is the same after normalisation (Unicode NFKC, case
folded, invisible format characters dropped, runs of white space made one space), or the login an
admin-kept names file gives for it. Nothing is guessed: an unknown or ambiguous name, two ballot names
for one nominee, or a nominee missing from the ballot (who did not withdraw) is an error that lists the
candidates on both sides.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.core.ballots.errors import BallotError

SHOWN = 40  # at most this many names in a listing


def normalise(name: str) -> str:
    text = unicodedata.normalize("NFKC", name)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return " ".join(text.split()).casefold()


@dataclass(frozen=True, slots=True)
class Nominee:
    login: str
    name: str


def _listing(items: Sequence[str]) -> str:
    shown = [repr(x) for x in items[:SHOWN]]
    more = f" and {len(items) - SHOWN} more" if len(items) > SHOWN else ""
    return ", ".join(shown) + more


def match(
    ballot_names: Sequence[str],
    name_lines: Sequence[int | None],
    nominees: Sequence[Nominee],
    withdrawn: frozenset[str],
    mapping: Mapping[str, str],
    where: str,
    mapping_where: str = "the names file",
) -> list[str]:
    """The login of each ballot name, in ballot order. `withdrawn` and `mapping` values are case-folded
    logins; `mapping` keys are normalised ballot names."""
    by_name: dict[str, list[Nominee]] = {}
    for nominee in nominees:
        by_name.setdefault(normalise(nominee.name), []).append(nominee)
    by_login = {n.login.casefold(): n for n in nominees}
    for key, login in mapping.items():
        if login not in by_login:
            raise BallotError(
                mapping_where,
                None,
                f"maps {key!r} to {login!r}, who has no merged nomination (nominees: "
                f"{_listing(sorted(n.login for n in nominees))})",
            )
    side = f"The ballot file names {_listing(list(ballot_names))}; the nominations are " + _listing(
        [f"{n.name} ({n.login})" for n in nominees]
    )
    logins: list[str] = []
    first_line: dict[str, tuple[str, int | None]] = {}
    for name, line in zip(ballot_names, name_lines, strict=True):
        key = normalise(name)
        if key in mapping:
            nominee = by_login[mapping[key]]
        else:
            found = by_name.get(key, [])
            if not found:
                raise BallotError(
                    where,
                    line,
                    f"the candidate {name!r} matches no merged nomination by name; add it to the "
                    f"names file (--names) if it is a nominee under another name. {side}",
                )
            if len(found) > 1:
                both = ", ".join(n.login for n in found)
                raise BallotError(
                    where,
                    line,
                    f"the candidate {name!r} is ambiguous: the nominations of {both} all have that "
                    "name; say which login it is in the names file (--names)",
                )
            nominee = found[0]
        login_key = nominee.login.casefold()
        if login_key in first_line:
            other, other_line = first_line[login_key]
            at = f" (line {other_line})" if other_line is not None else ""
            raise BallotError(
                where,
                line,
                f"the candidates {other!r}{at} and {name!r} are both {nominee.login}; a nominee "
                "appears once on the ballot",
            )
        first_line[login_key] = (name, line)
        logins.append(nominee.login)
    missing = [
        n for n in nominees if n.login.casefold() not in first_line and n.login.casefold() not in withdrawn
    ]
    if missing:
        named = ", ".join(f"{n.name} ({n.login})" for n in missing[:SHOWN])
        raise BallotError(
            where,
            None,
            f"{'the nominee' if len(missing) == 1 else 'the nominees'} {named} {'is' if len(missing) == 1 else 'are'} not on the ballot; if they withdrew, record it under "
            f"`voting.withdrawn` in election.yaml, else fix the ballot file. {side}",
        )
    return logins
