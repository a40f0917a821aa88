"""The admins' results input files, text → values: the counts file (CSV or YAML), the tie resolutions
file and the ballot names file. Pure: the command reads the file and turns an `InputError` into a usage
error; every message names the file and, where it can, the line and what to fix (formats:
docs/reference/results-files.md).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.config import yamlsafe
from bot.config.models import LOGIN_RE, Election
from bot.github.values import login_key
from bot.results.ballots.names import NameMapping, normalise
from bot.results.draw import DrawError, run_draw, source_values
from bot.results.ranking import Resolution
from bot.text import catalogue

COUNTS_HEADER = ["github_login", "votes"]
WHOLE_NUMBER = re.compile(r"^[0-9]{1,12}$")  # a count as typed: no sign, no decimals, below 10^12


class InputError(ValueError):
    """A results input file that cannot be used; the message says where and what to fix."""


@dataclass(frozen=True, slots=True)
class Counts:
    electors: int
    ballots_cast: int
    votes: dict[str, tuple[str, int, int]]  # case-folded login -> (login as written, votes, line)


def _count(value: object, where: str, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InputError(f"{where}: {what} must be a whole number, not {value!r}")
    text = str(value).strip()
    if not WHOLE_NUMBER.match(text):
        raise InputError(f"{where}: {what} must be a whole number of at least 0, not {value!r}")
    return int(text)


def _add_vote(votes: dict[str, tuple[str, int, int]], login: str, count: int, where: str, line: int) -> None:
    if not LOGIN_RE.match(login) or len(login) > 39:
        raise InputError(f"{where}: {login!r} is not a GitHub login")
    key = login_key(login)
    if key in votes:
        raise InputError(f"{where}: {login} appears twice (first on line {votes[key][2]}); keep one row")
    votes[key] = (login, count, line)


def parse_counts_csv(shown: str, text: str) -> dict[str, tuple[str, int, int]]:
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or [cell.strip().lower() for cell in rows[0]] != COUNTS_HEADER:
        raise InputError(f"{shown}:1: the first line must be the header `github_login,votes`")
    votes: dict[str, tuple[str, int, int]] = {}
    for number, row in enumerate(rows[1:], 2):
        if not row or all(not cell.strip() for cell in row):
            continue
        where = f"{shown}:{number}"
        if len(row) != 2:
            raise InputError(f"{where}: expected two values, `github_login,votes`; found {len(row)}")
        _add_vote(votes, row[0].strip(), _count(row[1], where, "votes"), where, number)
    return votes


def parse_counts_yaml(shown: str, text: str) -> tuple[dict[str, Any], dict[str, tuple[str, int, int]]]:
    document = load_yaml(shown, text)
    data = document.data
    if not isinstance(data, dict):
        raise InputError(f"{shown}: the counts file must be a mapping with electors, ballots_cast and votes")
    unknown = sorted(set(data) - {"election", "electors", "ballots_cast", "votes"})
    if unknown:
        line = document.line_of((unknown[0],))
        raise InputError(
            f"{shown}:{line}: unknown key `{unknown[0]}` (expected election, electors, ballots_cast, votes)"
        )
    for key in ("electors", "ballots_cast", "votes"):
        if key not in data:
            raise InputError(f"{shown}: required key `{key}` is missing")
    raw_votes = data["votes"]
    if not isinstance(raw_votes, dict):
        raise InputError(f"{shown}:{document.line_of(('votes',))}: `votes` must map each login to its votes")
    votes: dict[str, tuple[str, int, int]] = {}
    for login, value in raw_votes.items():
        line = document.line_of(("votes", login)) or 0
        where = f"{shown}:{line}"
        _add_vote(votes, str(login), _count(value, where, f"votes of {login}"), where, line)
    header = {
        key: (data.get(key), f"{shown}:{document.line_of((key,))}")
        for key in ("election", "electors", "ballots_cast")
    }
    return header, votes


def parse_counts(
    shown: str, text: str, suffix: str, election: Election, electors: int | None, ballots: int | None
) -> Counts:
    """A counts file: CSV (votes only; electors and ballots cast from the command line) or YAML (all
    three), each count a whole number no larger than what contains it."""
    if suffix == ".csv":
        votes = parse_counts_csv(shown, text)
        if electors is None or ballots is None:
            raise InputError(
                f"{shown}: a CSV counts file carries votes only; give --electors N and --ballots-cast N "
                "(or use a YAML counts file, see docs/reference/results-files.md)"
            )
        n_electors, n_ballots, where = electors, ballots, "the command line"
    elif suffix in (".yaml", ".yml"):
        header, votes = parse_counts_yaml(shown, text)
        if electors is not None or ballots is not None:
            raise InputError(
                f"{shown} gives electors and ballots_cast itself; drop --electors and --ballots-cast"
            )
        election_value, election_where = header["election"]
        if election_value is not None and election_value != election.id:
            raise InputError(f"{election_where}: the counts are for {election_value!r}, not {election.id!r}")
        n_electors = _count(header["electors"][0], header["electors"][1], "electors")
        n_ballots = _count(header["ballots_cast"][0], header["ballots_cast"][1], "ballots_cast")
        where = shown
    else:
        raise InputError(
            f"{shown}: a counts file must end in .csv, .yaml or .yml (see docs/reference/results-files.md)"
        )
    if n_electors < 1:
        raise InputError(f"{where}: electors must be at least 1")
    if n_ballots > n_electors:
        raise InputError(f"{where}: ballots_cast ({n_ballots}) is more than electors ({n_electors})")
    for login, count, line in votes.values():
        if count > n_ballots:
            raise InputError(
                f"{shown}:{line}: {login} has {count} votes, more than the {n_ballots} ballots cast"
            )
    return Counts(electors=n_electors, ballots_cast=n_ballots, votes=votes)


def yaml_problem(problem: yamlsafe.YamlProblem) -> str:
    """The catalogue's words for YAML that the safe loader refused."""
    return catalogue.make(problem.code, "", problem.line, **dict(problem.params)).message


def load_yaml(shown: str, text: str) -> yamlsafe.Document:
    """An admins' YAML file through the safe loader; a refusal names the file and the line."""
    try:
        return yamlsafe.load(text)
    except yamlsafe.RefusedError as refused:
        raise InputError(f"{shown}:{refused.problem.line}: {yaml_problem(refused.problem)}") from None


def _field(data: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in data:
        raise InputError(f"{where}: `{key}` is missing")
    return data[key]


def _logins(value: Any, where: str, what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(f"{where}: `{what}` must be a list of GitHub logins")
    for login in value:
        if not LOGIN_RE.match(login) or len(login) > 39:
            raise InputError(f"{where}: {login!r} in `{what}` is not a GitHub login")
    keys = [v.casefold() for v in value]
    if len(set(keys)) != len(keys):
        raise InputError(f"{where}: `{what}` names someone twice")
    return tuple(value)


def _same(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    return sorted(x.casefold() for x in a) == sorted(x.casefold() for x in b)


def parse_resolutions(shown: str, text: str, election: Election, at: datetime) -> list[Resolution]:
    """The tie resolutions file: each tie resolved once, by the candidates' agreement or by a draw that
    is re-run here and must give the recorded order."""
    document = load_yaml(shown, text)
    data = document.data
    if not isinstance(data, dict):
        raise InputError(f"{shown}: the resolutions file must be a mapping with `election` and `ties`")
    unknown = sorted(set(data) - {"election", "ties"})
    if unknown:
        raise InputError(f"{shown}:{document.line_of((unknown[0],))}: unknown key `{unknown[0]}`")
    if data.get("election") != election.id:
        raise InputError(
            f"{shown}:{document.line_of(('election',)) or 1}: `election` must be {election.id!r} "
            f"(found {data.get('election')!r})"
        )
    ties = data.get("ties") or []
    if not isinstance(ties, list):
        raise InputError(f"{shown}:{document.line_of(('ties',))}: `ties` must be a list")
    out: list[Resolution] = []
    seen: set[frozenset[str]] = set()
    for index, item in enumerate(ties):
        where = f"{shown}:{document.line_of(('ties', index))}"
        resolution = _resolution(item, where, election, at)
        if resolution.key in seen:
            raise InputError(f"{where}: the tie between {', '.join(resolution.tied)} is resolved twice")
        seen.add(resolution.key)
        out.append(resolution)
    return out


def _resolution(item: Any, where: str, election: Election, at: datetime) -> Resolution:
    if not isinstance(item, dict):
        raise InputError(f"{where}: each tie must be a mapping with `tied` and `agreement` or `draw`")
    unknown = sorted(set(item) - {"tied", "agreement", "draw", "note"})
    if unknown:
        raise InputError(f"{where}: unknown key `{unknown[0]}` (expected tied, agreement or draw, note)")
    tied = _logins(_field(item, "tied", where), where, "tied")
    if len(tied) < 2:
        raise InputError(f"{where}: `tied` must name at least two candidates")
    note = item.get("note") or ""
    if not isinstance(note, str) or len(note) > 500:
        raise InputError(f"{where}: `note` must be text of at most 500 characters")
    methods = [m for m in ("agreement", "draw") if m in item]
    if len(methods) != 1:
        raise InputError(f"{where}: give exactly one of `agreement` (the candidates agreed) or `draw`")
    body = item[methods[0]]
    if not isinstance(body, dict):
        raise InputError(f"{where}: `{methods[0]}` must be a mapping")
    if methods[0] == "agreement":
        extra = sorted(set(body) - {"agreed_by", "order"})
        if extra:
            raise InputError(f"{where}: unknown key `agreement.{extra[0]}` (expected agreed_by, order)")
        agreed = _logins(_field(body, "agreed_by", where), where, "agreement.agreed_by")
        order = _logins(_field(body, "order", where), where, "agreement.order")
        if not _same(agreed, tied):
            raise InputError(
                f"{where}: a tie is resolved by agreement only when every tied candidate agrees; "
                f"`agreed_by` must list {', '.join(tied)}"
            )
        if not _same(order, tied):
            raise InputError(
                f"{where}: `agreement.order` must list exactly the tied candidates {', '.join(tied)}"
            )
        return Resolution(tied=tied, order=order, method="agreement", agreed_by=agreed, note=note)
    extra = sorted(set(body) - {"values", "order"})
    if extra:
        raise InputError(f"{where}: unknown key `draw.{extra[0]}` (expected values, order)")
    raw_values = _field(body, "values", where)
    if not isinstance(raw_values, dict):
        raise InputError(
            f"{where}: `draw.values` must map each source number (1, 2, ...) to its published value"
        )
    given: dict[int, str] = {}
    for key, value in raw_values.items():
        if not str(key).isdigit() or not isinstance(value, str | int):
            raise InputError(f'{where}: `draw.values` must map source numbers to values, e.g. `1: "..."`')
        given[int(str(key))] = str(value)
    recorded = _logins(_field(body, "order", where), where, "draw.order")
    try:
        draw = run_draw(election.id, tied, source_values(election.draw, given, at))
    except DrawError as error:
        raise InputError(f"{where}: {error}") from None
    if tuple(x.casefold() for x in recorded) != draw.order:
        raise InputError(
            f"{where}: the recorded order {', '.join(recorded)} does not match the draw, which gives "
            f"{', '.join(draw.order)}; re-run `election-bot draw` and copy its result"
        )
    return Resolution(tied=tied, order=recorded, method="draw", note=note, draw=draw)


def parse_names(shown: str, text: str, election: Election) -> dict[str, NameMapping]:
    """The names file, `{election: ID, names: {"Name on the ballot": login}}`: normalised name → the
    mapping, with its line (`names.match` refuses one that would override an exact match)."""
    document = load_yaml(shown, text)
    data = document.data
    if not isinstance(data, dict) or set(data) - {"election", "names"} or "names" not in data:
        raise InputError(
            f"{shown}:1: the names file is a mapping with `election` and `names` (see docs/reference/results-files.md)"
        )
    if data.get("election") != election.id:
        raise InputError(
            f"{shown}:{document.line_of(('election',)) or 1}: `election` must be {election.id!r} "
            f"(found {data.get('election')!r})"
        )
    raw = data["names"]
    if not isinstance(raw, dict):
        raise InputError(
            f"{shown}:{document.line_of(('names',))}: `names` maps each name on the ballot to a login"
        )
    out: dict[str, NameMapping] = {}
    for name, login in raw.items():
        line = document.line_of(("names", name)) or 1
        if not isinstance(name, str) or not name.strip():
            raise InputError(f"{shown}:{line}: a name on the ballot must be non-empty text")
        if not isinstance(login, str) or not LOGIN_RE.match(login) or len(login) > 39:
            raise InputError(f"{shown}:{line}: {login!r} is not a GitHub login")
        key = normalise(name)
        if key in out:
            raise InputError(f"{shown}:{line}: {name!r} is listed twice (after normalisation)")
        out[key] = NameMapping(name=name, login=login_key(login), line=line)
    return out
