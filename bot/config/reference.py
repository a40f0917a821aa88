"""The election.yaml reference (docs/reference/election-yaml.md), generated from the models.

Every key is a field of `bot.config.models.Election` or of a model below it: its type comes from the JSON
Schema the models generate, its default and meaning from the field itself. A key without a description
stops the generation, so the reference never has a blank row; a worked example, loaded by the same loader
every command uses, shows the keys together. `election-bot schemas` writes the part between the markers
and a test fails when it is stale.
"""

from __future__ import annotations

import inspect
import json
import re
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from bot.config.models import Election

START = "<!-- election-yaml:start -->"
END = "<!-- election-yaml:end -->"

# A neutral election that uses most keys: loaded by the loader in a test, so it is always valid.
EXAMPLE = """\
id: steering-2027
title: Example Project steering council election 2027
scope: whole-council
seats: 5
cohorts:                        # filled in rank order: the top three serve two years, the next two one
  - {id: A, seats: 3, term_years: 2}
  - {id: B, seats: 2, term_years: 1}
eligible_membership: [member]
community:
  name: Example Project
  body: steering council        # "at most 2 steering council members ..."
  rules: {name: the Example Project charter, url: "https://example.org/charter"}
  membership:
    name: project membership
    classes: [member, emeritus]
    directory: project member list
contact: steering@example.org
admins:
  - {login: ada-admin, id: 5551234}
timezone: Europe/Berlin         # the times below are wall-clock times in Berlin
site: https://example.github.io/elections/
phases:
  - id: nominations
    kind: nominations
    title: Nominations
    start: 2027-03-01T09:00
    end: 2027-03-11T18:00
    description: Any member may nominate a member, themselves included.
  - {id: candidates, kind: candidates, title: Candidates, start: 2027-03-11T18:00, end: 2027-03-15T09:00}
  - {id: voting, kind: voting, title: Voting, start: 2027-03-15T09:00, end: 2027-03-22T18:00}
statement: {min_words: 50, max_words: 1000}
required_attestations:
  - {id: code_of_conduct, text: I follow the project's code of conduct.}
ineligible:
  - {login: example-bot-account, reason: a shared account cannot serve}
conflict_of_interest:
  cap: 2                        # at most two members tied to one entity
  counted_relationships: [employer, contractor, officer, director, owner]
  entity_aliases: {MSFT: Microsoft}
quorum: null                    # the charter sets no quorum
draw:
  - drand:
      chain: quicknet
      chain_hash: 52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971
      genesis_time: 1692803367
      period: 3
    available_after: 2027-03-22T18:00
voting:
  method: approval
  withdrawn:
    - {login: bob, note: Withdrew by e-mail to the admins on 2027-03-18.}
"""

# Patterns people know by a name (one, several); any other is shown as it is.
_NAMED_PATTERNS = {
    r"^[A-Za-z0-9](?:-?[A-Za-z0-9])*$": ("a GitHub login", "GitHub logins"),
    r"^https://[^\s/$.?#][^\s]*$": ("an `https://` URL", "`https://` URLs"),
    r"^[^@\s]+@[^@\s]+\.[^@\s]+$": ("an e-mail address", "e-mail addresses"),
    r"^[a-z][a-z0-9_-]{0,39}$": ("a lower-case name", "lower-case names"),
    r"^[a-z][a-z0-9_]{0,49}$": ("a lower-case identifier", "lower-case identifiers"),
    r"^[a-z][a-z0-9-]{0,39}$": ("a lower-case identifier", "lower-case identifiers"),
    r"^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]$": ("a lower-case identifier", "lower-case identifiers"),
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|z|[+-]\d{2}:\d{2})?$": (
        "a [time](#times-and-time-zones)",
        "[times](#times-and-time-zones)",
    ),
}


class MissingDescriptionError(ValueError):
    """A key of election.yaml has no description: the reference would have a blank meaning."""


@dataclass(frozen=True, slots=True)
class Row:
    key: str
    type: str
    default: str
    meaning: str


@dataclass(frozen=True, slots=True)
class Section:
    path: str  # `community.membership`, `phases[]`; "" for the top level
    model: type[BaseModel]
    rows: tuple[Row, ...]


def anchor(path: str) -> str:
    """The section's anchor: `community.membership` → `community-membership`, `phases[]` → `phases`."""
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "top-level"


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds, directly, in a list, in a dict's values or as an optional value."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        found = _nested_model(argument)
        if found is not None:
            return found
    return None


def _container(annotation: Any) -> str:
    """How the nested model is held: `[]` in a list, `.<name>` as a dict's values, nothing directly."""
    origin = typing.get_origin(annotation)
    if origin is list:
        return "[]"
    if origin is dict:
        return ".<name>"
    if origin in (typing.Union, types.UnionType):
        return next((_container(a) for a in typing.get_args(annotation) if a is not type(None)), "")
    if origin is typing.Annotated:
        return _container(typing.get_args(annotation)[0])
    return ""


def _type(node: dict[str, Any], defs: dict[str, Any], links: dict[str, str]) -> tuple[str, str]:
    """What a value is, as (one, several): `a GitHub login`, `GitHub logins`."""
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[1]
        target = defs[name]
        if "enum" in target:
            return _enum(target["enum"])
        link = f"[`{links[name]}`](#{anchor(links[name])})"
        return f"a mapping ({link})", f"mappings ({link})"
    if "anyOf" in node:
        kinds = [k for k in node["anyOf"] if k.get("type") != "null"]
        one = " or ".join(_type(k, defs, links)[0] for k in kinds)
        return (f"{one}, or `null`" if len(kinds) < len(node["anyOf"]) else one), one
    if "enum" in node:
        return _enum(node["enum"])
    kind = node.get("type")
    if kind == "array":
        text = f"a list of {_type(node['items'], defs, links)[1]}" + _bounds(
            node, "minItems", "maxItems", "item"
        )
        return text, text
    if kind == "object":
        patterns: dict[str, Any] = node.get("patternProperties", {})
        values: dict[str, Any] = node.get("additionalProperties") or next(iter(patterns.values()), {})
        keys = next(iter(patterns), None)
        named = f" ({_NAMED_PATTERNS[keys][1]})" if keys in _NAMED_PATTERNS else ""
        text = f"a mapping of names{named} to {_type(values, defs, links)[1]}"
        return text, text
    if kind == "string":
        pattern = node.get("pattern")
        if pattern is None:
            bounds = _bounds(node, "minLength", "maxLength", "character")
            return "text" + bounds, "texts" + bounds
        matching = f"matching `{pattern}`"
        return _NAMED_PATTERNS.get(pattern, (f"text {matching}", f"texts {matching}"))
    if kind == "integer":
        return "a whole number" + _range(node), "whole numbers" + _range(node)
    if kind == "number":
        return "a number" + _range(node), "numbers" + _range(node)
    if kind == "boolean":
        return "`true` or `false`", "`true` or `false` values"
    return "any value", "any values"


def _enum(values: list[Any]) -> tuple[str, str]:
    listed = ", ".join(f"`{v}`" for v in values)
    return f"one of {listed}", f"values among {listed}"


def _bounds(node: dict[str, Any], low: str, high: str, unit: str) -> str:
    lo, hi = node.get(low), node.get(high)
    if lo is not None and hi is not None:
        return f" ({lo} to {hi} {unit}s)"
    if lo:
        return f" (at least {lo})"
    if hi is not None:
        return f" (at most {hi} {unit}s)"
    return ""


def _range(node: dict[str, Any]) -> str:
    parts = []
    if "minimum" in node:
        parts.append(f"≥ {node['minimum']}")
    if "exclusiveMinimum" in node:
        parts.append(f"> {node['exclusiveMinimum']}")
    if "maximum" in node:
        parts.append(f"≤ {node['maximum']}")
    return f" ({', '.join(parts)})" if parts else ""


def _default(field: Any) -> str:
    if field.is_required():
        return "**required**"
    value = field.get_default(call_default_factory=True)
    if isinstance(value, BaseModel):
        return "each key's default"
    return f"`{_yaml(value)}`"


def _yaml(value: Any) -> str:
    if isinstance(value, BaseModel):
        return "{…}"
    if isinstance(value, bool) or value is None or value == "":
        return json.dumps(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_yaml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_yaml(v)}" for k, v in value.items()) + "}"
    return str(value)


def _description(field: Any, where: str) -> str:
    if not field.description:
        raise MissingDescriptionError(
            f"`{where}` has no description: add one to its Field in bot/config/models.py"
        )
    return " ".join(field.description.split()).replace("|", "\\|")


def sections(model: type[BaseModel] = Election) -> list[Section]:
    """Every mapping of election.yaml, top level first, then each nested one where it is first reached."""
    schema = model.model_json_schema(by_alias=True)
    defs: dict[str, Any] = schema.get("$defs", {})
    order: list[tuple[str, type[BaseModel]]] = []
    links: dict[str, str] = {}

    def visit(current: type[BaseModel], path: str) -> None:
        order.append((path, current))
        links.setdefault(current.__name__, path)
        for name, field in current.model_fields.items():
            nested = _nested_model(field.annotation)
            if nested is not None and nested.__name__ not in links:
                key = field.alias or name
                visit(nested, f"{path}.{key}".lstrip(".") + _container(field.annotation))

    visit(model, "")
    out = []
    for path, current in order:
        node = schema if current is model else defs[current.__name__]
        rows = []
        for name, field in current.model_fields.items():
            key = field.alias or name
            where = f"{path}.{key}".lstrip(".")
            rows.append(
                Row(
                    key,
                    _type(node["properties"][key], defs, links)[0],
                    _default(field),
                    _description(field, where),
                )
            )
        out.append(Section(path, current, tuple(rows)))
    return out


def _lines(section: Section) -> Iterator[str]:
    title = f"`{section.path}`" if section.path else "The top level"
    yield f'<a id="{anchor(section.path)}"></a>'
    yield ""
    yield f"### {title}"
    yield ""
    doc = section.model.__doc__
    if doc:
        yield " ".join(inspect.cleandoc(doc).split())
        yield ""
    yield "| key | type | default | meaning |"
    yield "| --- | --- | --- | --- |"
    for row in section.rows:
        yield f"| `{row.key}` | {row.type} | {row.default} | {row.meaning} |"
    yield ""


def render_reference() -> str:
    """The generated part of docs/reference/election-yaml.md (between the markers, without them)."""
    lines = [
        "<!-- Generated by `election-bot schemas` from bot/config/models.py; do not edit here. -->",
        "",
        "## Every key",
        "",
        "Unknown keys are errors everywhere (a typo is never silently ignored). A key whose default is",
        "shown may be left out.",
        "",
    ]
    for section in sections():
        lines += _lines(section)
    lines += [
        "## A worked example",
        "",
        "A five-seat steering council in two cohorts, elected by the members of a project that keeps a plain",
        "member list, in Berlin time, with the common cap on members tied to one entity, no quorum and a",
        "drand draw source. It is loaded by the loader every command uses, so it is always valid.",
        "",
        "```yaml",
        *EXAMPLE.rstrip("\n").split("\n"),
        "```",
    ]
    return "\n".join(lines) + "\n"


def refresh(text: str) -> str:
    """`text` (the page) with its generated part replaced; a page without markers gets them at the end."""
    block = f"{START}\n{render_reference()}{END}"
    if START in text and END in text:
        before, rest = text.split(START, 1)
        return before + block + rest.split(END, 1)[1]
    return text.rstrip("\n") + ("\n\n" if text.strip() else "") + block + "\n"


def write_reference(page: Path, *, check: bool = False) -> bool:
    """Refresh (or with `check`, only compare) the generated part of the reference; True when it was stale."""
    current = page.read_text(encoding="utf-8") if page.exists() else ""
    wanted = refresh(current)
    if current == wanted:
        return False
    if not check:
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(wanted, encoding="utf-8")
    return True
