"""Findings as text (`path:line: CODE message`), JSON (documented below) and GitHub workflow commands."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from bot.text.catalogue import GUIDE
from bot.text.findings import Finding, Severity
from bot.text.wording import count

JSON_FORMAT_VERSION = 1

# Control characters (C0, DEL, C1), Unicode line and paragraph separators, and bidi controls.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """Text from a nomination file, safe for a terminal and a CI log: one line, every control character
    shown as an escape. A line break could start a GitHub Actions workflow command (`::error::`,
    `::stop-commands::`) in the log of a job that runs `validate` (the pre-commit hook on a pull request);
    an escape sequence could repaint a terminal; a bidi control could reorder what a reader sees."""
    return _UNPRINTABLE.sub(_escape, text)


def as_text(findings: Sequence[Finding]) -> str:
    """One line per finding: `path:line: CODE message` (what a nominee wrote is shown escaped)."""
    lines = []
    for f in findings:
        where = f"{f.path}:{f.line}" if f.line else f.path
        label = "" if f.severity is Severity.error else f"{f.severity.value}: "
        lines.append(printable(f"{where}: {f.code} {label}{f.message}"))
    return "\n".join(lines)


def summary_line(files: int, findings: Sequence[Finding]) -> str:
    errors = sum(1 for f in findings if f.severity is Severity.error)
    warnings = sum(1 for f in findings if f.severity is Severity.warning)
    verdict = "OK" if errors == 0 else "FAILED"
    checked = f"{count(files, 'file')} checked, {count(errors, 'error')}, {count(warnings, 'warning')}"
    return f"{verdict}: {checked}. Guide: {GUIDE}"


def as_json(files: int, findings: Sequence[Finding]) -> str:
    """`{"version": 1, "files": N, "errors": N, "warnings": N, "findings": [{path, line, code, severity,
    message}]}`; `line` is null for findings about the whole file."""
    document = {
        "version": JSON_FORMAT_VERSION,
        "files": files,
        "errors": sum(1 for f in findings if f.severity is Severity.error),
        "warnings": sum(1 for f in findings if f.severity is Severity.warning),
        "findings": [f.as_dict() for f in findings],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


_COMMAND = {Severity.error: "error", Severity.warning: "warning", Severity.notice: "notice"}


def as_github(findings: Sequence[Finding]) -> str:
    """GitHub Actions workflow commands: each finding becomes an annotation on the file and line."""
    out = []
    for f in findings:
        props = [f"file={_escape_property(f.path)}"]
        if f.line:
            props.append(f"line={f.line}")
        props.append(f"title={_escape_property(f.code)}")
        out.append(f"::{_COMMAND[f.severity]} {','.join(props)}::{_escape_data(f.message)}")
    return "\n".join(out)
