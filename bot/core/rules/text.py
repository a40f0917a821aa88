"""Text hygiene: no invisible or control characters where people read names, no template leftovers."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from bot.core import catalogue
from bot.core.findings import Finding
from bot.core.loading import LoadedNomination
from bot.core.rules.context import RuleContext

# Bidi controls can reorder what a reader sees (CVE-2021-42574, "Trojan Source").
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Placeholders that nominations/TEMPLATE.md ships with; a nomination must replace every one.
TEMPLATE_PLACEHOLDERS = {
    "name": "Your Name",
    "github": "your-github-login",
}
TEMPLATE_STATEMENT_SENTINEL = "Replace this paragraph with your statement"


_PLAIN = re.compile(r"[\t\n\x20-\x7e\u00a0-\u00ff]*")


def forbidden_character(text: str, *, statement: bool = False) -> str | None:
    """The first character a reader could not see or that could mislead them, as `U+XXXX NAME`."""
    if _PLAIN.fullmatch(text) and (
        statement or ("\t" not in text and "\n" not in text and "\xad" not in text)
    ):
        return None  # the common case: printable ASCII and Latin-1, nothing to look up
    for char in text:
        category = unicodedata.category(char)
        if char in BIDI_CONTROLS:
            bad = True
        elif statement:
            bad = (category == "Cc" and char not in "\n\t") or char in "\u2028\u2029"
        else:
            bad = category in ("Cc", "Cf", "Co", "Cs", "Zl", "Zp") or char == "\u3164"
        if bad:
            return f"U+{ord(char):04X} {unicodedata.name(char, 'control character')}"
    return None


def _strings(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield (*path, key), str(key)
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def _dotted(path: tuple[str | int, ...]) -> str:
    return ".".join(str(p) for p in path) or "front matter"


def check_characters(loaded: LoadedNomination, ctx: RuleContext) -> list[Finding]:
    findings = []
    if loaded.raw is not None:
        for path, text in _strings(loaded.raw):
            bad = forbidden_character(text)
            if bad:
                line = loaded.line_of(*path)
                findings.append(catalogue.make("NOM015", loaded.path, line, field=_dotted(path), char=bad))
    bad = forbidden_character(loaded.statement, statement=True)
    if bad:
        offset = next(
            i
            for i, line in enumerate(loaded.statement.split("\n"))
            if forbidden_character(line, statement=True)
        )
        findings.append(
            catalogue.make("NOM015", loaded.path, loaded.statement_line + offset, field="statement", char=bad)
        )
    return findings


def check_placeholders(loaded: LoadedNomination, ctx: RuleContext) -> list[Finding]:
    if loaded.raw is None:
        return []
    findings = []
    for field, placeholder in TEMPLATE_PLACEHOLDERS.items():
        value = loaded.raw.get(field)
        if isinstance(value, str) and value.strip().lower() == placeholder.lower():
            findings.append(
                catalogue.make("NOM021", loaded.path, loaded.line_of(field), field=field, value=value)
            )
    return findings
