"""The tests' own shape: what a test module may import.

A test module that imports another test module's names makes a chain (change one test file and another
folder breaks, and pytest collects the imported tests' module twice over); a conftest.py is pytest's, not a
library. What several folders share lives in tests/helpers/ (fixtures as plug-ins registered in
tests/conftest.py, helpers one module per subject); a folder's own helper module (tests/site/browser.py,
tests/fakehub/rawhttp.py) serves that folder only.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

TESTS = Path(__file__).resolve().parent
# Folders holding data, not Python a test imports (some files there are deliberately broken).
DATA = ("corpus", "node_modules")
# The one import across folders that is not from tests/helpers/: the cassettes' builder, a tool that lives
# beside the cassettes it writes (docs/development/cassettes.md), whose example targets the gateway's
# fixtures replay.
ACROSS_FOLDERS = {("tests/github", "tests.cassettes.build_cassettes")}


def _modules() -> list[Path]:
    found = []
    for folder, subfolders, files in os.walk(TESTS):
        subfolders[:] = [d for d in subfolders if d not in DATA and d != "__pycache__"]
        found += [Path(folder, name) for name in files if name.endswith(".py")]
    return sorted(found)


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(TESTS.parent).with_suffix("").parts)


def imported(source: str, module: str) -> set[str]:
    """Every module `source` imports (function-local imports too), relative ones resolved from `module`."""
    found: set[str] = set()
    package = module.rsplit(".", 1)[0].split(".")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package[: len(package) - node.level + 1], *([base] if base else [])])
            found.add(base)
            # `from tests.x import test_y` imports a module too
            found |= {f"{base}.{alias.name}" for alias in node.names if alias.name.startswith("test_")}
    return found


def forbidden(source: str, module: str) -> list[str]:
    """The test modules and conftest.py files that `source` imports (none is allowed)."""
    return sorted(
        name
        for name in imported(source, module)
        if name.split(".")[0] == "tests"
        and (name.rsplit(".", 1)[-1].startswith("test_") or name.rsplit(".", 1)[-1] == "conftest")
    )


def test_no_module_of_the_tests_imports_a_test_module_or_a_conftest() -> None:
    offenders = {
        path.relative_to(TESTS.parent).as_posix(): bad
        for path in _modules()
        if (bad := forbidden(path.read_text("utf-8"), _module_name(path)))
    }
    assert offenders == {}, "move what they share into tests/helpers/"


def test_the_import_check_catches_every_form() -> None:
    """The check above can fail: each way of reaching into a test module or a conftest is seen."""
    sources = [
        "from tests.nominations.test_prcheck import facts\n",
        "from tests.nominations import test_prcheck\n",
        "import tests.e2e.test_pr\n",
        "def f():\n    from tests.conftest import REPO\n",
        "from .test_planner import ELECTION\n",
        "from .conftest import Site\n",
    ]
    for source in sources:
        assert forbidden(source, "tests.phases.test_golden"), source
    assert (
        forbidden("from tests.helpers.world import World\nfrom tests import helpers\n", "tests.x.test_y")
        == []
    )


def test_a_folders_own_helpers_serve_that_folder_only() -> None:
    """`tests.<folder>.<module>` is imported from inside tests/<folder>/ only; shared code is in tests/helpers/."""
    crossing = set()
    for path in _modules():
        folder = path.parent.relative_to(TESTS.parent).as_posix()
        for name in imported(path.read_text("utf-8"), _module_name(path)):
            parts = name.split(".")
            if parts[0] != "tests" or len(parts) < 3 or parts[1] == "helpers":
                continue
            home = "/".join(parts[:2])
            if not folder.startswith(home):
                crossing.add((folder, name))
    assert crossing == ACROSS_FOLDERS


def test_every_folder_with_python_modules_is_a_package() -> None:
    """Every folder with test modules is a package (pytest's rootdir-based names stay unique)."""
    missing = sorted(
        p.parent.relative_to(TESTS.parent).as_posix()
        for p in _modules()
        if not (p.parent / "__init__.py").exists()
    )
    assert missing == []


def test_the_fast_lane_section_names_every_module_with_slow_tests() -> None:
    """docs/development/testing.md (The fast lane) names exactly the modules that mark tests slow."""
    import re

    guide = (TESTS.parent / "docs" / "development" / "testing.md").read_text("utf-8")
    section = guide.split("## The fast lane", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"`(tests/[\w/]+\.py)`", section))
    marked = {
        path.relative_to(TESTS.parent).as_posix()
        for path in _modules()
        if re.search(r"^(?:pytestmark = |@)pytest\.mark\.slow\b", path.read_text("utf-8"), re.MULTILINE)
    }
    assert named == marked
