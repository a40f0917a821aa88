"""Safe YAML: plain data from an event stream, rejecting what we never want before building anything.

Anchors and aliases (alias bombs), tags (object construction), duplicate keys, complex keys, deep nesting
and oversized documents are refused while reading parser events, so nothing dangerous is ever
constructed. Scalars follow the YAML 1.2 core schema, except that timestamps stay strings (pydantic
parses them and insists on an explicit offset). Every value's line is recorded for error messages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)

MAX_DEPTH = 8
MAX_NODES = 5000
MAX_SCALAR = 100_000
MAX_DIGITS = 100  # a plain number longer than this is refused before `int()` (which stops at 4,300 digits)

Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class YamlProblem:
    """Why a document was refused: a catalogue code, its 1-based line, and the template's parameters."""

    code: str
    line: int
    params: dict[str, object] = field(default_factory=dict)


@dataclass(slots=True)
class Document:
    data: Any
    lines: dict[Path, int]  # path of every value and key -> 1-based line

    def line_of(self, path: Path) -> int | None:
        """The line of the deepest recorded prefix of `path` (a missing field points at its parent)."""
        for cut in range(len(path), -1, -1):
            line = self.lines.get(path[:cut])
            if line is not None:
                return line
        return None


class RefusedError(Exception):
    def __init__(self, problem: YamlProblem) -> None:
        super().__init__(problem.code)
        self.problem = problem


_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL_TRUE = re.compile(r"^(?:true|True|TRUE)$")
_BOOL_FALSE = re.compile(r"^(?:false|False|FALSE)$")
_INT = re.compile(r"^[-+]?[0-9]+$|^0o[0-7]+$|^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$|^[-+]?\.(?:inf|Inf|INF)$")

_FAST = YAML(typ="safe", pure=False)
_PURE = YAML(typ="safe", pure=True)


def _resolve_plain(value: str) -> Any:
    if _NULL.match(value):
        return None
    if _BOOL_TRUE.match(value):
        return True
    if _BOOL_FALSE.match(value):
        return False
    if _INT.match(value):
        return int(value, 0) if value[:2] in ("0o", "0x") else int(value)
    if _FLOAT.match(value) and not value.lstrip("+-").startswith("."):
        return float(value)
    return value


def _line(event: Event, offset: int) -> int:
    mark = event.start_mark
    return (mark.line if mark is not None else 0) + 1 + offset


class _Builder:
    """Builds plain Python data from events, refusing unsafe constructs as soon as they appear."""

    def __init__(self, events: Iterator[Event], offset: int) -> None:
        self.events = events
        self.offset = offset
        self.nodes = 0
        self.lines: dict[Path, int] = {}

    def next(self) -> Event:
        event = next(self.events)
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None):
            raise RefusedError(YamlProblem("YAML002", _line(event, self.offset)))
        if isinstance(event, (ScalarEvent, CollectionStartEvent)):
            tag = event.tag
            if tag is not None and not (isinstance(event, ScalarEvent) and tag == "!"):
                raise RefusedError(YamlProblem("YAML003", _line(event, self.offset), {"tag": tag}))
            self.nodes += 1
            if self.nodes > MAX_NODES:
                raise RefusedError(
                    YamlProblem("YAML007", _line(event, self.offset), {"what": f"over {MAX_NODES} values"})
                )
        return event

    def document(self) -> Any:
        event = self.next()
        while isinstance(event, (StreamStartEvent, DocumentStartEvent)):
            event = self.next()
        if isinstance(event, StreamEndEvent):
            return None
        return self.value(event, (), 0)

    def value(self, event: Event, path: Path, depth: int) -> Any:
        line = _line(event, self.offset)
        self.lines.setdefault(path, line)
        if depth > MAX_DEPTH:
            raise RefusedError(YamlProblem("YAML006", line, {"limit": MAX_DEPTH}))
        if isinstance(event, ScalarEvent):
            text = event.value
            if len(text) > MAX_SCALAR:
                raise RefusedError(
                    YamlProblem("YAML007", line, {"what": f"a value of {len(text)} characters"})
                )
            plain = event.style in (None, "") and event.implicit[0]
            if plain and len(text) > MAX_DIGITS and (_INT.match(text) or _FLOAT.match(text)):
                raise RefusedError(
                    YamlProblem("YAML007", line, {"what": f"a number of {len(text)} characters"})
                )
            return _resolve_plain(text) if plain else text
        if isinstance(event, SequenceStartEvent):
            items: list[Any] = []
            while True:
                child = self.next()
                if isinstance(child, SequenceEndEvent):
                    return items
                items.append(self.value(child, (*path, len(items)), depth + 1))
        if isinstance(event, MappingStartEvent):
            mapping: dict[str, Any] = {}
            key_lines: dict[str, int] = {}
            while True:
                key_event = self.next()
                if isinstance(key_event, MappingEndEvent):
                    return mapping
                key_line = _line(key_event, self.offset)
                if not isinstance(key_event, ScalarEvent):
                    what = "a list" if isinstance(key_event, SequenceStartEvent) else "a mapping"
                    raise RefusedError(YamlProblem("YAML008", key_line, {"what": what}))
                key = key_event.value
                if key in key_lines:
                    raise RefusedError(
                        YamlProblem("YAML004", key_line, {"key": key, "first_line": key_lines[key]})
                    )
                key_lines[key] = key_line
                child_path = (*path, key)
                self.lines[child_path] = key_line
                mapping[key] = self.value(self.next(), child_path, depth + 1)
        raise RefusedError(YamlProblem("YAML001", line, {"problem": "unexpected content"}))


def _problem_from_error(error: YAMLError, offset: int) -> YamlProblem:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line = (mark.line + 1 if mark is not None else 1) + offset
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    return YamlProblem("YAML001", line, {"problem": str(problem).strip()})


def _load_with(parser: YAML, text: str, offset: int) -> Document:
    builder = _Builder(iter(parser.parse(text)), offset)
    data = builder.document()
    # A second document in the same stream is refused: only one is ever read.
    for event in builder.events:
        if isinstance(event, DocumentStartEvent) and event.explicit:
            raise RefusedError(
                YamlProblem("YAML005", _line(event, offset), {"what": "more than one YAML document"})
            )
    return Document(data=data, lines=builder.lines)


def load(text: str, *, line_offset: int = 0) -> Document:
    """Parse one YAML document into plain data, or raise `RefusedError` with a located problem.

    libyaml (C) is tried first for speed; where it rejects something YAML 1.2 allows (e.g. `: ` in a
    flow sequence) the pure-Python parser decides, so both paths accept the same documents.
    """
    try:
        return _load_with(_FAST, text, line_offset)
    except RefusedError:
        raise
    except (YAMLError, MarkedYAMLError, ValueError, RecursionError):
        pass
    try:
        return _load_with(_PURE, text, line_offset)
    except RefusedError:
        raise
    except (YAMLError, MarkedYAMLError) as error:
        raise RefusedError(_problem_from_error(error, line_offset)) from None
    except (ValueError, RecursionError, IndexError, TypeError) as error:
        raise RefusedError(
            YamlProblem("YAML001", 1 + line_offset, {"problem": type(error).__name__})
        ) from None
