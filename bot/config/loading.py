"""Bytes on disk (or from the API) → models, with a file:line finding for everything that is wrong.

Nothing here raises for bad input: a loader returns the model (or None) and the findings. The order of
checks is chosen so that dangerous input is refused before any expensive work: size, encoding, NUL bytes,
then safe YAML, then the schema.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Annotated, Any

from pydantic import AliasChoices, BaseModel, TypeAdapter, ValidationError

from bot.config import yamlsafe
from bot.config.models import Affiliation, Election, Nomination
from bot.text import catalogue
from bot.text.findings import Finding

HARD_MAX_BYTES = 1_048_576  # nothing larger is even decoded
DELIMITER = "---"


@dataclass(frozen=True, slots=True)
class NominationFields:
    """The front matter's fields that are valid each on its own (an optional field left out is valid, at
    its default): what the rules read, so that one field's mistake never hides another's and a nominee
    sees every problem in the first round. With a valid file, every field is here."""

    valid: Mapping[str, Any] = field(default_factory=dict)

    def has(self, *names: str) -> bool:
        return all(name in self.valid for name in names)

    def _text(self, name: str) -> str | None:
        value = self.valid.get(name)
        return value if isinstance(value, str) else None

    @property
    def github(self) -> str | None:
        return self._text("github")

    @property
    def membership(self) -> str | None:
        return self._text("membership")

    @property
    def nominated_by(self) -> str | None:
        return self._text("nominated_by")

    @property
    def affiliations(self) -> list[Affiliation] | None:
        value = self.valid.get("affiliations")
        return value if isinstance(value, list) else None

    @property
    def attestations(self) -> dict[str, bool] | None:
        value = self.valid.get("attestations")
        return value if isinstance(value, dict) else None


@dataclass(slots=True)
class LoadedNomination:
    path: str
    nomination: Nomination | None
    statement: str
    statement_line: int  # the 1-based line where the statement starts
    raw: dict[str, Any] | None  # front matter as plain data (for rules that look at raw values)
    lines: yamlsafe.Document | None
    findings: list[Finding] = field(default_factory=list)
    size: int = 0
    fields: NominationFields = field(default_factory=NominationFields)

    def line_of(self, *path: str | int) -> int | None:
        return self.lines.line_of(path) if self.lines is not None else 1

    @property
    def membership_key(self) -> str:
        """The key the file spells its membership class with: `membership`, or `psf_membership` (the
        same field under the PSF's name), so that messages quote what the nominee wrote."""
        return "psf_membership" if self.raw is not None and "psf_membership" in self.raw else "membership"


@dataclass(slots=True)
class LoadedElection:
    path: str
    election: Election | None
    findings: list[Finding] = field(default_factory=list)


def decode(data: bytes, path: str, max_bytes: int) -> tuple[str | None, list[Finding]]:
    """Size, UTF-8 and NUL checks; returns LF-normalised text without a byte-order mark."""
    if len(data) > max_bytes:
        return None, [catalogue.make("FILE002", path, None, size=len(data), limit=max_bytes)]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return None, [catalogue.make("FILE001", path, _line_at(data, error.start), offset=error.start)]
    if "\x00" in text:
        return None, [catalogue.make("FILE003", path, text[: text.index("\x00")].count("\n") + 1)]
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text, []


def _line_at(data: bytes, offset: int) -> int:
    return data[:offset].count(b"\n") + 1


def split_front_matter(text: str) -> tuple[str, str, int] | str:
    """Return (front matter, statement, statement's first line) or the code of what is wrong."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != DELIMITER:
        return "NOM001"
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (DELIMITER, "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    return "NOM002"


def load_nomination(data: bytes, path: str, *, max_bytes: int = HARD_MAX_BYTES) -> LoadedNomination:
    result = LoadedNomination(
        path=path, nomination=None, statement="", statement_line=1, raw=None, lines=None, size=len(data)
    )
    text, problems = decode(data, path, min(max_bytes, HARD_MAX_BYTES))
    if text is None:
        result.findings.extend(problems)
        return result
    split = split_front_matter(text)
    if isinstance(split, str):
        result.findings.append(catalogue.make(split, path, 1))
        return result
    front, result.statement, result.statement_line = split
    try:
        document = yamlsafe.load(front, line_offset=1)
    except yamlsafe.RefusedError as refused:
        result.findings.append(_yaml_finding(refused.problem, path))
        return result
    result.lines = document
    if not isinstance(document.data, dict):
        what = "the front matter is empty" if document.data is None else "the front matter is not a mapping"
        result.findings.append(catalogue.make("YAML005", path, 2, what=what))
        return result
    result.raw = document.data
    model, findings = _validate(Nomination, document, path, prefix="NOM")
    result.nomination = model if isinstance(model, Nomination) else None
    result.findings.extend(findings)
    result.fields = nomination_fields(result.nomination, document.data)
    return result


def nomination_fields(model: Nomination | None, raw: Mapping[str, Any]) -> NominationFields:
    """Every field of the model when it was built; otherwise each field of the front matter validated on
    its own, by the same types and constraints as in the model (the findings were made by the model)."""
    if model is not None:
        return NominationFields({name: getattr(model, name) for name in Nomination.model_fields})
    valid: dict[str, Any] = {}
    for name, info in Nomination.model_fields.items():
        present = [key for key in _keys(name) if key in raw]
        if not present:
            if not info.is_required():
                valid[name] = info.get_default(call_default_factory=True)
            continue
        try:
            valid[name] = _field_adapter(name).validate_python(raw[present[0]])
        except ValidationError:
            continue
    return NominationFields(valid)


def _keys(name: str) -> tuple[str, ...]:
    """The keys a field may be written under, in the model's order of preference (`psf_membership` for
    `membership`): what the model's own validation alias says."""
    alias = Nomination.model_fields[name].validation_alias
    if isinstance(alias, AliasChoices):
        return tuple(str(choice) for choice in alias.choices)
    return (alias,) if isinstance(alias, str) else (name,)


@cache
def _field_adapter(name: str) -> TypeAdapter[Any]:
    info = Nomination.model_fields[name]
    kind: Any = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
    return TypeAdapter(kind)


def load_election(data: bytes, path: str, folder: str) -> LoadedElection:
    result = LoadedElection(path=path, election=None)
    text, problems = decode(data, path, HARD_MAX_BYTES)
    if text is None:
        result.findings.extend(problems)
        return result
    try:
        document = yamlsafe.load(text)
    except yamlsafe.RefusedError as refused:
        result.findings.append(_yaml_finding(refused.problem, path))
        return result
    if not isinstance(document.data, dict):
        what = "the file is empty" if document.data is None else "the file is not a mapping"
        result.findings.append(catalogue.make("YAML005", path, 1, what=what))
        return result
    model, findings = _validate(Election, document, path, prefix="ELC")
    result.findings.extend(findings)
    if isinstance(model, Election):
        if model.id != folder:
            result.findings.append(
                catalogue.make("ELC005", path, document.line_of(("id",)), value=model.id, folder=folder)
            )
        else:
            result.election = model
    return result


def _yaml_finding(problem: yamlsafe.YamlProblem, path: str) -> Finding:
    params = dict(problem.params)
    return catalogue.make(problem.code, path, problem.line, **params)


def _dotted(loc: tuple[str | int, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _closest(name: str, known: list[str]) -> str | None:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return close[0] if close else None


def _known_fields(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """Field names of the model found at `loc` (the parent of an unknown key)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part) if hasattr(current, "model_fields") else None
        if info is None:
            return []
        current = _inner_model(info.annotation)
        if current is None:
            return []
    return list(current.model_fields) if hasattr(current, "model_fields") else []


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _validate(
    model: type[BaseModel], document: yamlsafe.Document, path: str, *, prefix: str
) -> tuple[BaseModel | None, list[Finding]]:
    try:
        return model.model_validate(document.data), []
    except ValidationError as error:
        items = error.errors(include_url=False)
        # A misspelt field is one mistake, not two: the unknown key says "did you mean `x`?", so the
        # "required field `x` is missing" for the field it names is not said again.
        meant = {
            (*item["loc"][:-1], close)
            for item in items
            if item["type"] == "extra_forbidden"
            and (close := _closest(str(item["loc"][-1]), _known_fields(model, tuple(item["loc"][:-1]))))
        }
        return None, [
            _schema_finding(model, item, document, path, prefix)
            for item in items
            if not (item["type"] == "missing" and tuple(item["loc"]) in meant)
        ]


def _schema_finding(
    model: type[BaseModel], item: Any, document: yamlsafe.Document, path: str, prefix: str
) -> Finding:
    loc: tuple[str | int, ...] = tuple(item["loc"])
    field_name = _dotted(loc)
    line = document.line_of(loc)
    kind = item["type"]
    nomination = prefix == "NOM"
    if kind == "extra_forbidden":
        close = _closest(str(loc[-1]), _known_fields(model, loc[:-1])) or ""
        code = "NOM003" if nomination else "ELC002"
        return catalogue.make(code, path, line, field=field_name, close=close)
    if kind == "missing":
        return catalogue.make("NOM004" if nomination else "ELC006", path, line, field=field_name)
    if kind == "timezone_aware" and not nomination:
        return catalogue.make("ELC001", path, line, field=field_name, value=item.get("input"))
    login_field = bool(loc) and loc[0] in ("github", "nominated_by")
    if nomination and login_field and kind in ("string_pattern_mismatch", "string_too_long"):
        return catalogue.make("NOM007", path, line, field=field_name, value=item.get("input"))
    if nomination and kind == "string_pattern_mismatch" and loc and loc[0] == "links":
        return catalogue.make("NOM016", path, line, url=item.get("input"))
    if nomination and kind == "too_short" and loc == ("affiliations",):
        return catalogue.make("NOM010", path, line)
    if nomination and kind == "hidden_character":
        return catalogue.make(
            "NOM015", path, line, field=field_name, char=item.get("ctx", {}).get("char", "?")
        )
    if kind == "election_time":
        ctx = item.get("ctx", {})
        parts = tuple(int(p) if p.isdigit() else p for p in str(ctx.get("where", "")).split(".") if p)
        return catalogue.make(str(ctx["code"]), path, document.line_of(parts), **dict(ctx["params"]))
    if kind == "enum":
        expected = str(item.get("ctx", {}).get("expected", ""))
        code = "NOM005" if nomination else "ELC003"
        return catalogue.make(code, path, line, field=field_name, value=item.get("input"), expected=expected)
    problem = _problem_text(item)
    if kind == "election_consistency":
        where = str(item.get("ctx", {}).get("where", ""))
        parts = tuple(int(p) if p.isdigit() else p for p in where.split(".") if p)
        return catalogue.make("ELC004", path, document.line_of(parts), problem=problem)
    return catalogue.make("NOM005" if nomination else "ELC003", path, line, field=field_name, problem=problem)


def _problem_text(item: Any) -> str:
    kind = item["type"]
    msg = str(item["msg"])
    if kind == "string_pattern_mismatch":
        return "has a form that is not allowed here; see the guide for the expected format"
    if kind == "value_error":
        return msg.removeprefix("Value error, ")
    return msg[0].lower() + msg[1:] if msg else kind
