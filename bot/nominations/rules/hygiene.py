"""Text hygiene: no invisible or control characters where people read names, no template leftovers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from bot.config.loading import LoadedNomination
from bot.nominations.rules.context import RuleContext
from bot.text import catalogue, textguard
from bot.text.findings import Finding

# Placeholders that nominations/TEMPLATE.md ships with; a nomination must replace every one.
TEMPLATE_PLACEHOLDERS = {
    "name": "Your Name",
    "github": "your-github-login",
}
# The example values of nominations/TEMPLATE.md's lists (a test keeps them in step with the file): left in
# place, they would put a made-up employer on the candidate list and count it for the cap.
TEMPLATE_ORGANIZATIONS = ("Your Employer", "A Project You Maintain")
TEMPLATE_ROLES = ("Your Title",)
TEMPLATE_LINKS = ("https://example.org/your-page",)
TEMPLATE_STATEMENT_SENTINEL = "Replace this paragraph with your statement"


def forbidden_character(text: str, *, statement: bool = False) -> str | None:
    """The first character a reader could not see or that could mislead them, as `U+XXXX NAME`: the one
    short-field predicate (`textguard.hidden_character`), or the statement's looser one."""
    return textguard.statement_character(text) if statement else textguard.hidden_character(text)


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
    # The schema refuses hidden characters in its short fields too (one predicate, NOM015), and a field of
    # nothing but hidden characters as blank (NOM005): say it once per line.
    said = {f.line for f in loaded.findings if f.code in ("NOM005", "NOM015")}
    if loaded.raw is not None:
        for path, text in _strings(loaded.raw):
            bad = forbidden_character(text)
            if bad:
                line = loaded.line_of(*path)
                if line in said:
                    continue
                said.add(line)
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
    affiliations = loaded.raw.get("affiliations")
    for index, item in enumerate(affiliations if isinstance(affiliations, list) else []):
        if not isinstance(item, dict):
            continue
        for key, examples in (("organization", TEMPLATE_ORGANIZATIONS), ("role", TEMPLATE_ROLES)):
            value = item.get(key)
            if isinstance(value, str) and _same(value, examples):
                field = f"affiliations[{index}].{key}"
                line = loaded.line_of("affiliations", index, key)
                findings.append(catalogue.make("NOM021", loaded.path, line, field=field, value=value))
    links = loaded.raw.get("links")
    for index, link in enumerate(links if isinstance(links, list) else []):
        if isinstance(link, str) and _same(link.rstrip("/"), TEMPLATE_LINKS):
            line = loaded.line_of("links", index)
            findings.append(catalogue.make("NOM021", loaded.path, line, field=f"links[{index}]", value=link))
    return findings


def _same(value: str, examples: tuple[str, ...]) -> bool:
    return " ".join(value.split()).casefold() in {e.casefold() for e in examples}
