"""Candidate files of communities that already elect in public, turned into nomination files of this
format: Elekto's `candidate-<login>.md` (a header between dashed lines with `name`, `ID` and `info`, then
the statement) and an OpenStack candidacy folder (`<project>/<e-mail>`, the statement alone). The
statement is kept as written; every field the source does not have is written as the template's
placeholder, which the check refuses (NOM021 and its kin) until the nominee fills it in, and listed
in `todo` so the admins can tell each nominee what to add. Pure: texts in, texts out."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from bot.config.models import Election, is_login
from bot.nominations.rules.hygiene import TEMPLATE_ORGANIZATIONS, TEMPLATE_PLACEHOLDERS

_DASHES = re.compile(r"^-{3,}\s*$", re.M)


class SourceError(ValueError):
    """A source file that is not what its format says, with the file named."""


@dataclass(frozen=True, slots=True)
class Imported:
    login: str  # the nomination's file is `<login>.md`
    text: str
    todo: tuple[str, ...] = field(default=())  # what the nominee must still add or confirm


def _q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _file(
    election: Election,
    *,
    name: str | None,
    login: str,
    employer: str | None,
    statement: str,
    login_known: bool,
) -> Imported:
    todo: list[str] = []
    if name is None:
        todo.append("`name`: your name as voters should see it")
    if not login_known:
        todo.append("`github`: your GitHub login (and rename the file to `<login>.md`)")
    klass = election.eligible_membership[0]
    todo.append(
        f"`membership`: your {election.community.membership.name} class "
        f"({', '.join(election.eligible_membership)} can stand); `{klass}` was written for you"
    )
    if employer is None:
        todo.append("`affiliations`: your employer and every other relevant affiliation")
    else:
        todo.append("`affiliations`: every relevant affiliation besides your employer, and your role")
    lines = [
        "---",
        f"name: {_q(name or TEMPLATE_PLACEHOLDERS['name'])}",
        f"github: {login if login_known else TEMPLATE_PLACEHOLDERS['github']}",
        f"membership: {klass}",
        "affiliations:",
        f"  - organization: {_q(employer or TEMPLATE_ORGANIZATIONS[0])}",
        "    relationship: employer",
    ]
    if election.required_attestations:
        lines.append(
            "# attestations:  (remove the `# ` of this line and of each statement below only if it is true)"
        )
        for attestation in election.required_attestations:
            lines.append(f"#   {attestation.id}: true  # {attestation.text}")
            todo.append(f"`attestations.{attestation.id}`: {attestation.text}")
    body = statement.strip("\n")
    return Imported(login, "\n".join([*lines, "---", body, ""]), tuple(todo))


def from_elekto(text: str, file_name: str, election: Election) -> Imported:
    """An Elekto `candidate-<login>.md`."""
    marks = list(_DASHES.finditer(text))
    if len(marks) < 2 or text[: marks[0].start()].strip():
        raise SourceError(f"{file_name}: no Elekto header (a block between two lines of dashes)")
    header, statement = text[marks[0].end() : marks[1].start()], text[marks[1].end() :]
    fields: dict[str, str] = {}
    info: dict[str, str] = {}
    for line in header.splitlines():
        item = re.match(r"^\s*-\s*([A-Za-z_]+)\s*:\s*(.*?)\s*$", line)
        if item:
            info[item.group(1).lower()] = item.group(2)
            continue
        pair = re.match(r"^([A-Za-z_]+)\s*:\s*(.*?)\s*$", line)
        if pair:
            fields[pair.group(1).lower()] = pair.group(2)
    login = fields.get("id", "") or file_name.removeprefix("candidate-").removesuffix(".md")
    if not is_login(login):
        raise SourceError(f"{file_name}: `ID: {login}` is not a GitHub login")
    employer = info.get("employer") or None
    return _file(
        election,
        name=fields.get("name") or None,
        login=login,
        employer=employer,
        statement=statement,
        login_known=True,
    )


def from_openstack(text: str, file_name: str, election: Election) -> Imported:
    """An OpenStack candidacy: the file is named after the candidate's e-mail address and holds the
    statement; the GitHub login, the name and the affiliations are not in it."""
    local = file_name.partition("@")[0]
    guess = re.sub(r"[^A-Za-z0-9-]+", "-", local).strip("-")[:39] or "candidate"
    if not text.strip():
        raise SourceError(f"{file_name}: the candidacy is empty")
    return _file(election, name=None, login=guess, employer=None, statement=text, login_known=False)
