"""Findings as text (`path:line: CODE message`), JSON (documented below) and GitHub workflow commands."""

from __future__ import annotations

import json
from collections.abc import Sequence

from bot.core.catalogue import GUIDE
from bot.core.findings import Finding, Severity

JSON_FORMAT_VERSION = 1


def as_text(findings: Sequence[Finding]) -> str:
    lines = []
    for f in findings:
        where = f"{f.path}:{f.line}" if f.line else f.path
        label = "" if f.severity is Severity.error else f"{f.severity.value}: "
        lines.append(f"{where}: {f.code} {label}{f.message}")
    return "\n".join(lines)


def summary_line(files: int, findings: Sequence[Finding]) -> str:
    errors = sum(1 for f in findings if f.severity is Severity.error)
    warnings = sum(1 for f in findings if f.severity is Severity.warning)
    verdict = "OK" if errors == 0 else "FAILED"
    return f"{verdict}: {files} file(s) checked, {errors} error(s), {warnings} warning(s). Guide: {GUIDE}"


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
