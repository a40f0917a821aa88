"""The threat model (docs/security/threat-model.md) stays true: its numbers are the corpus manifests' and the property tests' own, and every test
it cites exists. The bad-input corpus holds at least 150 cases.

Rewrite the numbers block after changing a corpus or a property test:

    ELECTION_BOT_UPDATE_SECURITY=1 uv run pytest tests/test_security_doc.py
"""

from __future__ import annotations

import ast
import importlib
import os
import re
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
SECURITY = ROOT / "docs" / "security" / "threat-model.md"
CORPUS = ROOT / "tests" / "corpus"
MINIMUM_BAD_INPUTS = 150
START, END = "<!-- security-numbers:start -->", "<!-- security-numbers:end -->"

# The manifests of the bad-input corpus: kind → (manifest, what drives each case).
MANIFESTS = {
    "nomination files": ("nominations.expected.yaml", "`election-bot validate`, JSON and text output"),
    "election configs": ("elections.expected.yaml", "`election-bot timeline` and `validate`"),
    "webhook payloads": ("webhooks.expected.yaml", "`election-bot pr` (or `sync`) against the stand-in"),
    "pull-request comments": ("comments.expected.yaml", "the command parser; most also end to end"),
    "ballot files": ("ballots.expected.yaml", "`election-bot results --ballots … --post`"),
}
# Property tests that take hostile input, grouped as the threat model reports them.
FUZZ_MODULES = {
    "renderers (report, check run, summaries, refusals, announcements, results, findings)": [
        "tests.text.test_render_fuzz",
        "tests.results.test_ballots_render",
    ],
    "slash-command parser": ["tests.nominations.test_slash", "tests.nominations.test_slash_fuzz"],
    "front-matter loader and safe YAML": ["tests.config.test_loading", "tests.config.test_yamlsafe"],
    "Markdown escaping": ["tests.text.test_markdown"],
    "ballot file parsers (BLT, star.vote CSV)": ["tests.results.test_ballots_core"],
}


def manifest(name: str) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = YAML(typ="safe").load((CORPUS / name).read_text("utf-8"))
    return cases


def corpus_counts() -> dict[str, int]:
    return {kind: len(manifest(name)) for kind, (name, _) in MANIFESTS.items()}


def end_to_end_counts() -> tuple[int, int]:
    """Webhook payloads (all of them) and comments posted on a pull request (those with `e2e`)."""
    webhooks = len(manifest("webhooks.expected.yaml"))
    comments = sum(1 for case in manifest("comments.expected.yaml") if "e2e" in case)
    return webhooks, comments


def fuzz_counts() -> dict[str, tuple[int, int]]:
    """Per group: (properties, examples per run, i.e. the sum of their `max_examples`)."""
    from hypothesis import settings

    out: dict[str, tuple[int, int]] = {}
    for group, modules in FUZZ_MODULES.items():
        properties = examples = 0
        for name in modules:
            module = importlib.import_module(name)
            for attribute, test in vars(module).items():
                if attribute.startswith("test_") and hasattr(test, "hypothesis"):
                    chosen = getattr(test, "_hypothesis_internal_use_settings", None) or settings.default
                    assert chosen is not None
                    properties += 1
                    examples += int(chosen.max_examples)
        out[group] = (properties, examples)
    return out


def numbers_block() -> str:
    counts = corpus_counts()
    webhooks, comments = end_to_end_counts()
    fuzz = fuzz_counts()
    total = sum(counts.values())
    rows = [
        "| what | how many | where |",
        "| --- | --- | --- |",
        f"| bad inputs, each with its expected findings or exit code | **{total}** | `tests/corpus/*.expected.yaml` |",
    ]
    for kind, (name, driver) in MANIFESTS.items():
        rows.append(f"| … {kind} | {counts[kind]} | `tests/corpus/{name}`: {driver} |")
    rows.append(
        f"| … run end to end against the local stand-in, checking exit code, message and every write | "
        f"{webhooks + comments} | {webhooks} payloads, {comments} comments |"
    )
    all_properties = sum(p for p, _ in fuzz.values())
    all_examples = sum(e for _, e in fuzz.values())
    rows.append(
        f"| fuzz examples per run (hypothesis `max_examples`, an upper bound) | **{all_examples:,}** "
        f"over {all_properties} properties | |"
    )
    for group, (properties, examples) in fuzz.items():
        rows.append(f"| … {group} | {examples:,} over {properties} | {_modules(FUZZ_MODULES[group])} |")
    rows.append(
        "| canary checks | every test: 7 places (captured output, text read back, log, failure text, "
        "`tmp_path` files, the stand-in's stored texts and request log); every session: all temporary "
        "and tracked files | `tests/conftest.py`, `tests/helpers/canary.py` |"
    )
    return "\n".join(rows)


def _modules(names: list[str]) -> str:
    return ", ".join(f"`{name.replace('.', '/')}.py`" for name in names)


def test_the_bad_input_corpus_has_at_least_150_cases() -> None:
    counts = corpus_counts()
    total = sum(counts.values())
    print(f"bad-input corpus: {total} cases: " + ", ".join(f"{n} {kind}" for kind, n in counts.items()))
    assert total >= MINIMUM_BAD_INPUTS, counts
    assert all(n > 0 for n in counts.values())


def test_security_md_numbers_are_current() -> None:
    text = SECURITY.read_text("utf-8")
    assert text.count(START) == 1 and text.count(END) == 1
    before, rest = text.split(START)
    current, after = rest.split(END)
    wanted = f"\n{numbers_block()}\n"
    if os.environ.get("ELECTION_BOT_UPDATE_SECURITY") and current != wanted:
        SECURITY.write_text(before + START + wanted + END + after, "utf-8")
        current = wanted
    assert current == wanted, (
        "The threat model's numbers are stale: ELECTION_BOT_UPDATE_SECURITY=1 uv run pytest tests/test_security_doc.py"
    )


REFERENCE = re.compile(r"(tests/[A-Za-z0-9_/.-]+\.(?:py|yaml|md|json))(?:::([A-Za-z_][A-Za-z0-9_]*))?")


def defined_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
    }


def test_every_test_reference_in_security_md_resolves() -> None:
    text = SECURITY.read_text("utf-8")
    references = REFERENCE.findall(text)
    assert len(references) >= 40  # the threat model cites its tests
    missing = []
    for path, name in references:
        file = ROOT / path
        if not file.exists():
            missing.append(path)
        elif name and not (name.startswith("test_") and name in defined_names(file)):
            missing.append(f"{path}::{name}")
    assert missing == [], f"The threat model cites tests that do not exist: {missing}"


def test_the_reference_checker_catches_a_missing_test(tmp_path: Path) -> None:
    assert REFERENCE.findall("see `tests/e2e/test_pr.py::test_nope` and tests/x.py") == [
        ("tests/e2e/test_pr.py", "test_nope"),
        ("tests/x.py", ""),
    ]
    assert "test_nope" not in defined_names(ROOT / "tests" / "e2e" / "test_pr.py")
