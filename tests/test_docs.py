"""The documentation holds together: every relative link and `#anchor` in it resolves, and every test it
names exists. Docs move between folders (guides, reference, explanation, security, development); a link
that a move broke, or a test that was renamed or moved, fails here instead of in a reader's browser.

Anchors are GitHub's: a heading's slug (lower case, punctuation dropped, spaces as hyphens, `-1`, `-2` for
repeats) or an explicit `<a id="…">`.
"""

from __future__ import annotations

import ast
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def documents() -> list[Path]:
    """Every Markdown page a reader reaches from the README (changelog fragments become CHANGELOG.md)."""
    pages = [
        ROOT / "README.md",
        ROOT / "SECURITY.md",
        ROOT / "CHANGELOG.md",
        ROOT / "nominations" / "README.md",
    ]
    pages += sorted((ROOT / "docs").glob("**/*.md"))
    pages += sorted((ROOT / "changelog.d").glob("*.md"))
    return [page for page in pages if page.exists()]


def shown_from(page: Path, root: Path) -> Path:
    """The folder a page's relative links start from: a changelog fragment is read inside CHANGELOG.md."""
    fragment = page.parent == root / "changelog.d" and page.name != "README.md"
    return root if fragment else page.parent


_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_HTML_ANCHOR = re.compile(r"<a\s+(?:id|name)=\"([^\"]+)\"")
_HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")


def prose_lines(text: str) -> Iterator[str]:
    """The lines outside fenced code blocks, with code spans removed (a link in code is not a link)."""
    fenced = None
    for line in text.splitlines():
        fence = _FENCE.match(line)
        if fence:
            if fenced is None:
                fenced = fence.group(1)
            elif fence.group(1) == fenced:
                fenced = None
            continue
        if fenced is None:
            yield line


def slug(heading: str) -> str:
    """GitHub's anchor for a heading (github-slugger): the text as rendered, lower case, every character
    that is not a letter, digit, mark, `_`, `-` or space dropped, spaces as hyphens."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link shows its text
    text = re.sub(r"<[^>]+>", "", text)  # inline HTML shows nothing of its tags
    kept = [c for c in text.lower() if c.isalnum() or c in "-_ " or unicodedata.category(c).startswith("M")]
    return "".join(kept).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    text = page.read_text("utf-8")
    found: set[str] = set(_HTML_ANCHOR.findall(text))
    seen: dict[str, int] = {}
    for line in prose_lines(text):
        heading = _HEADING.match(line)
        if heading:
            base = slug(heading.group(2))
            count = seen.get(base, 0)
            seen[base] = count + 1
            found.add(base if count == 0 else f"{base}-{count}")
    return found


def relative_links(page: Path) -> Iterator[str]:
    for line in prose_lines(page.read_text("utf-8")):
        for target in _LINK.findall(_CODE_SPAN.sub("", line)):
            if target and not re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):
                yield target


def broken_links(page: Path, root: Path = ROOT) -> list[str]:
    broken = []
    for target in relative_links(page):
        path, _, anchor = target.partition("#")
        resolved = (shown_from(page, root) / path).resolve() if path else page
        if root not in (resolved, *resolved.parents) or not resolved.exists():
            broken.append(f"{target} (no such file)")
        elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
            broken.append(f"{target} (no such anchor)")
    return broken


@pytest.mark.parametrize("page", documents(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_and_anchor_resolves(page: Path) -> None:
    assert broken_links(page) == []


# A test path a page names, optionally with `::test_name`. `<part>` and `…` placeholders are not paths.
TEST_REFERENCE = re.compile(r"(?<![\w/.-])(tests/[A-Za-z0-9_/.-]*[A-Za-z0-9_/])(?:::([A-Za-z_]\w*))?")


def defined_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
    }


def missing_tests(text: str, root: Path = ROOT) -> list[str]:
    missing = []
    for path, name in TEST_REFERENCE.findall(text):
        file = root / path
        if not file.exists():
            missing.append(path)
        elif name and not (file.suffix == ".py" and name in defined_names(file)):
            missing.append(f"{path}::{name}")
    return missing


@pytest.mark.parametrize("page", documents(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_test_a_page_names_exists(page: Path) -> None:
    assert missing_tests(page.read_text("utf-8")) == []


# A module or folder of the code a page names: `bot/results/seating.py`, `tools/benchmarks/`.
CODE_REFERENCE = re.compile(r"(?<![\w/.-])((?:bot|tools|packages)/[A-Za-z0-9_/.-]*[A-Za-z0-9_/])")


@pytest.mark.parametrize("page", documents(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_module_a_page_names_exists(page: Path) -> None:
    """Code moves between the parts of an election; a page that still names the old place fails here."""
    named = CODE_REFERENCE.findall(page.read_text("utf-8"))
    assert sorted(path for path in named if not (ROOT / path.rstrip("/")).exists()) == []


# A page of the docs named in text (a product's message, a workflow's comment, a docstring), not as a link.
DOC_PATH = re.compile(r"(?<![\w/.-])(docs/[A-Za-z0-9_/.-]*\.md)")


def product_files() -> list[Path]:
    """What adopters and contributors read besides the docs: the product's messages and docstrings, the
    demo's, the workflows' comments, the Makefile and pyproject."""
    files = [*ROOT.glob("bot/**/*.py"), *ROOT.glob("packages/*/src/**/*.py"), *ROOT.glob(".github/**/*.yml")]
    return sorted([*files, ROOT / "Makefile", ROOT / "pyproject.toml"])


def test_every_doc_path_named_in_the_product_and_the_docs_exists() -> None:
    named = {
        (path, where.relative_to(ROOT).as_posix())
        for where in [*product_files(), *documents()]
        for path in DOC_PATH.findall(where.read_text("utf-8"))
    }
    assert len(named) > 20
    assert sorted((path, where) for path, where in named if not (ROOT / path).is_file()) == []


def test_the_front_pages_stay_short() -> None:
    """The README is for users (the rest is in docs/); SECURITY.md is the policy GitHub shows a reporter."""
    assert len((ROOT / "README.md").read_bytes()) <= 6_000
    assert len((ROOT / "SECURITY.md").read_bytes()) <= 3_000


def test_the_checks_can_fail(tmp_path: Path) -> None:
    """A broken link, a missing anchor, a link out of the repository and a missing test are each caught;
    code is not prose; anchors are GitHub's."""
    root = tmp_path.resolve()
    (root / "docs").mkdir()
    (root / "README.md").write_text("# Read me\n", "utf-8")
    page = root / "docs" / "probe.md"
    page.write_text(
        "# Title\n\n## Title\n\n[ok](#title-1) [gone](#nope) [file](../README.md#nope-either)"
        " [there](../README.md#read-me) [out](../../etc/passwd) [web](https://example.org/x.md)"
        " `[code](missing.md)`\n```\n[fenced](missing.md)\n```\n",
        "utf-8",
    )
    assert anchors(page) == {"title", "title-1"}
    assert broken_links(page, root) == [
        "#nope (no such anchor)",
        "../README.md#nope-either (no such anchor)",
        "../../etc/passwd (no such file)",
    ]
    assert slug("The random draw (RFC 3797 method)") == "the-random-draw-rfc-3797-method"
    assert slug("JSON (`--format json`, or `--json`)") == "json---format-json-or---json"
    assert slug("Your community's words") == "your-communitys-words"
    assert (
        slug("An outsider with a [GitHub](https://github.com) account") == "an-outsider-with-a-github-account"
    )
    (root / "tests").mkdir()
    (root / "tests" / "test_x.py").write_text("def test_there() -> None:\n    pass\n", "utf-8")
    assert missing_tests("`tests/test_x.py::test_there`, tests/<part>/, tests/", root) == []
    assert missing_tests("see tests/test_x.py::test_nope and tests/no_such_test.py.", root) == [
        "tests/test_x.py::test_nope",
        "tests/no_such_test.py",
    ]
    assert CODE_REFERENCE.findall("`bot/results/seating.py`, tools/benchmarks/, a robot/x.py.") == [
        "bot/results/seating.py",
        "tools/benchmarks/",
    ]
    assert DOC_PATH.findall("see docs/guides/admin-guide.md. (docs/x/y.md), not my-docs/z.md") == [
        "docs/guides/admin-guide.md",
        "docs/x/y.md",
    ]
