"""The import contracts in pyproject.toml hold for the code, and break when the shape is broken.

`make lint` runs `lint-imports` on the tree; these tests run the same contracts on a copy of `bot/` (and
of the stand-in's package) with one forbidden import added, so a contract that could never fail (a typo in a module name, a layer that
matches nothing) is caught here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


DEMO_SRC = Path("packages/election-bot-demo/src")


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tree), str(tree / DEMO_SRC)])}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(tree / "pyproject.toml"), "--no-cache"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _copy(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    for package in (Path("bot"), DEMO_SRC / "election_bot_demo"):
        shutil.copytree(ROOT / package, tree / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    return tree


def test_the_code_keeps_every_contract(tmp_path: Path) -> None:
    done = _lint(_copy(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("bot/config/probe.py", "import github\n", "The parts of an election are pure"),
        ("bot/results/probe.py", "from bot.ports import clock\n", "The parts of an election are pure"),
        ("bot/phases/probe.py", "from bot.github import gateway\n", "The parts of an election are pure"),
        (
            "bot/nominations/probe.py",
            "from bot.commands import validate\n",
            "The parts of an election are pure",
        ),
        (
            "bot/commands/probe.py",
            "import github\n",
            "Only the gateway (bot.github.gateway) imports PyGithub",
        ),
        ("bot/ports/probe_port.py", "from bot.commands import validate\n", "nothing imports upward"),
        (
            "bot/ports/probe_port.py",
            "from election_bot_demo.fakehub import hub\n",
            "never loads the stand-in",
        ),
        ("bot/commands/probe.py", "import election_bot_demo\n", "never loads the stand-in"),
        ("bot/site/probe.py", "from bot.nominations import rules\n", "Texts turn values into words"),
        ("bot/commands/labels.py", "from bot.commands import draw\n", "No command imports another command"),
        ("bot/errors_probe.py", "", None),
    ],
)
def test_a_forbidden_import_breaks_its_contract(
    tmp_path: Path, module: str, line: str, contract: str | None
) -> None:
    tree = _copy(tmp_path)
    (tree / module).write_text(f'"""A probe."""\n\n{line}')
    done = _lint(tree)
    if contract is None:  # a harmless new module keeps every contract (the probe itself is not the failure)
        assert done.returncode == 0, done.stdout
        return
    assert done.returncode != 0, done.stdout
    broken = done.stdout.split("Broken contracts", 1)[1]
    assert contract in " ".join(broken.split()), done.stdout
    assert Path(module).with_suffix("").as_posix().replace("/", ".") in broken


def test_every_command_is_in_the_independence_contract() -> None:
    """A new command module is kept from importing the others too (`args` is what they share)."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    (contract,) = (c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "independence")
    commands = ROOT / "bot" / "commands"
    present = {
        f"bot.commands.{p.stem}"
        for p in commands.iterdir()
        if (p.suffix == ".py" or (p / "__init__.py").is_file()) and p.stem not in ("__init__", "args")
    }
    assert set(contract["modules"]) == present


def _contract_names() -> list[str]:
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    return [c["name"] for c in config["tool"]["importlinter"]["contracts"]]


GUIDE = ROOT / "docs" / "explanation" / "architecture.md"


def test_the_architecture_guide_lists_every_contract() -> None:
    guide = GUIDE.read_text("utf-8")
    listed = [
        line.split("|")[1].strip().removesuffix(" (name in `pyproject.toml`)")
        for line in guide.split("## The contracts", 1)[1].split("##", 1)[0].splitlines()
        if line.startswith("| ") and not line.startswith("| Contract") and not line.startswith("| ---")
    ]
    assert listed == _contract_names()


def test_every_path_the_architecture_guide_and_its_layout_name_exists() -> None:
    import re

    guide = GUIDE.read_text("utf-8")
    layout = guide.split("## Layout", 1)[1].split("\n## ", 1)[0]
    paths = set(re.findall(r"`(bot/[\w/.]+)`", guide))
    paths |= {m for m in re.findall(r"^    (\S+)", layout, re.MULTILINE) if "/" in m}
    assert len(paths) > 20
    missing = sorted(p for p in paths if not (ROOT / p.rstrip("/")).exists())
    assert missing == []
    # every package of bot/ has its row in the guide
    packages = {
        init.parent.relative_to(ROOT).as_posix() + "/" for init in (ROOT / "bot").glob("**/__init__.py")
    }
    packages -= {"bot/"}
    assert packages - set(re.findall(r"`(bot/[\w/]+/)`", guide)) == set()


def test_each_owner_defines_the_names_the_guide_gives_it() -> None:
    """In "The one place for each concept", a name in backticks after a module is defined in that module."""
    import importlib
    import re

    guide = GUIDE.read_text("utf-8")
    table = guide.split("## The one place for each concept", 1)[1].split("\n\n", 2)[1]
    checked = 0
    for row in table.splitlines()[2:]:
        owner = row.split("|")[2]
        module = None
        for token in re.findall(r"`([^`]+)`", owner):
            if token.startswith("bot/") and token.endswith(".py"):
                module = importlib.import_module(token.removesuffix(".py").replace("/", "."))
            elif module is not None and re.fullmatch(r"\w+(\(\))?", token):
                assert hasattr(module, token.removesuffix("()")), (module.__name__, token)
                checked += 1
    assert checked >= 6


def test_one_name_per_domain_type() -> None:
    """No two public classes of bot/ share a name (there were three `Status`, two `Tie`, two `Candidate`)."""
    import ast

    seen: dict[str, list[str]] = {}
    for path in sorted((ROOT / "bot").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                seen.setdefault(node.name, []).append(path.relative_to(ROOT).as_posix())
    assert {name: where for name, where in seen.items() if len(where) > 1} == {}


def test_logins_are_compared_in_one_place() -> None:
    """Whether two accounts are one is `bot/github/values.py`'s (`same_login`, `login_key`): no other module
    lowercases or casefolds a login of its own."""
    import re

    own = re.compile(r"(login|github|author)\w*(\[[^\]]*\])?\.(casefold|lower)\(\)")
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "bot").rglob("*.py"))
        if path.relative_to(ROOT).as_posix() != "bot/github/values.py"
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if own.search(line) and not line.lstrip().startswith(("#", '"'))
    ]
    assert found == []


def _local_imports(path: Path) -> list[tuple[int, bool]]:
    """Each import inside a function of `path`: its line, and whether it opens the function (only imports
    and the docstring before it)."""
    import ast

    found: list[tuple[int, bool]] = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        opening = True
        for index, statement in enumerate(node.body):
            is_docstring = (
                index == 0 and isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
            )
            # An optional extra is imported in a `try` of imports only, which says how to install it.
            tried = statement.body if isinstance(statement, ast.Try) else []
            guarded = bool(tried) and all(isinstance(s, ast.Import | ast.ImportFrom) for s in tried)
            if isinstance(statement, ast.Import | ast.ImportFrom):
                found.append((statement.lineno, opening))
            elif guarded:
                found.extend((s.lineno, opening) for s in tried)
            elif not is_docstring:
                opening = False
            for inner in ast.walk(statement):
                nested = inner is not statement and not (guarded and inner in tried)
                if nested and isinstance(inner, ast.Import | ast.ImportFrom):
                    found.append((inner.lineno, False))
    return found


def test_function_local_imports_only_where_help_needs_them() -> None:
    """Only the modules the command line loads to build its parser (`bot/commands/*.py`,
    `bot/commands/pr/__init__.py`) import inside functions, so that `election-bot --help` stays fast, and
    then at the top of the function that needs them; every other module imports at its top (no circle is
    hidden in a function). docs/explanation/architecture.md says so."""
    parser_modules = set((ROOT / "bot" / "commands").glob("*.py")) | {
        ROOT / "bot" / "commands" / "pr" / "__init__.py"
    }
    elsewhere = []
    scattered = []
    for path in sorted((ROOT / "bot").rglob("*.py")):
        for line, opening in _local_imports(path):
            where = f"{path.relative_to(ROOT)}:{line}"
            if path not in parser_modules:
                elsewhere.append(where)
            elif not opening:
                scattered.append(where)
    assert elsewhere == []
    assert scattered == []


# -- the newcomer's check ----------------------------------------------------------------------------------

# The import circles bot/ has today, each with its reason. ONE allow-list: the circle test below fails on a
# circle not listed here and on a listed one that is gone (then delete its entry). Only the demo plug-in is
# meant to stay (docs/explanation/architecture.md: the demo drives the command line as a user would).
KNOWN_CIRCLES: dict[frozenset[str], str] = {
    frozenset({"bot.cli", "bot.commands.demo", "election_bot_demo.own", "election_bot_demo.script"}): (
        "the demo plug-in: `election-bot demo` loads the demo, which drives bot.cli as a user would"
    ),
}
# The parts of an election, and the layers around them: each is one folder of bot/ and one of tests/.
PARTS = ("config", "nominations", "phases", "results", "site", "text", "github", "ports", "commands")
# The folders of tests/ that are not a part: end-to-end scenarios, the stand-in's own tests, what tests share,
# the repository's workflows, and data (docs/development/testing.md describes each).
BESIDE_THE_PARTS = ("e2e", "fakehub", "helpers", "workflows", "cassettes", "corpus")


def circles(imports: dict[str, set[str]]) -> list[frozenset[str]]:
    """Every import circle (a strongly connected group of more than one module), by Tarjan's algorithm."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[frozenset[str]] = []
    for root in sorted(imports):
        if root in index:
            continue
        work = [(root, iter(sorted(imports.get(root, ()))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        while work:
            node, successors = work[-1]
            for nxt in successors:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    work.append((nxt, iter(sorted(imports.get(nxt, ())))))
                    break
                if nxt in stack:
                    low[node] = min(low[node], index[nxt])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = set()
                    while True:
                        member = stack.pop()
                        group.add(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        found.append(frozenset(group))
    return found


def _import_graph(*packages: str) -> dict[str, set[str]]:
    """Module → the modules it imports, function-local imports included (grimp reads every import)."""
    import grimp

    graph = grimp.build_graph(*packages)
    return {
        module: {m for m in graph.find_modules_directly_imported_by(module) if m.split(".")[0] in packages}
        for module in graph.modules
        if module.split(".")[0] in packages
    }


def test_bot_has_no_import_circle_but_the_known_ones() -> None:
    found = set(circles(_import_graph("bot", "election_bot_demo")))
    new = sorted(sorted(c) for c in found - KNOWN_CIRCLES.keys())
    gone = sorted(sorted(c) for c in KNOWN_CIRCLES.keys() - found)
    assert new == [], (
        "a new import circle in bot/: break it (a function-local import hides it, never breaks it)"
    )
    assert gone == [], "a known circle is gone: delete it from KNOWN_CIRCLES (tests/test_architecture.py)"


def test_the_circle_check_sees_circles_of_every_length_and_nothing_else() -> None:
    assert circles({"a": {"b"}, "b": {"a"}}) == [frozenset({"a", "b"})]
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [frozenset({"a", "b", "c"})]
    assert circles({"a": {"b", "c"}, "b": {"c"}, "c": set()}) == []
    assert sorted(map(sorted, circles({"a": {"b"}, "b": {"a"}, "c": {"d"}, "d": {"c"}}))) == [
        ["a", "b"],
        ["c", "d"],
    ]


def test_a_function_local_import_that_closes_a_circle_is_seen(tmp_path: Path) -> None:
    """A probe in a copy of bot/: text.markers importing a command inside a function closes a circle."""
    tree = _copy(tmp_path)
    probe = tree / "bot" / "text" / "markers.py"
    probe.write_text(
        probe.read_text("utf-8") + "\n\ndef _probe() -> None:\n    from bot import cli  # noqa\n"
    )
    script = (
        "import json, sys; sys.path[:0] = sys.argv[1:]; from tests.test_architecture import circles, _import_graph; "
        "print(json.dumps([sorted(c) for c in circles(_import_graph('bot'))]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tree), str(ROOT)],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    import json

    found = json.loads(done.stdout)
    assert any({"bot.text.markers", "bot.cli"} <= set(c) for c in found), found


def test_each_part_is_one_folder_of_bot_and_one_of_tests() -> None:
    for part in PARTS:
        assert (ROOT / "bot" / part / "__init__.py").is_file(), f"bot/{part}/"
        assert list((ROOT / "tests" / part).glob("test_*.py")), f"tests/{part}/ has no tests"
    folders = {p.name for p in (ROOT / "tests").iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders == set(PARTS) | set(BESIDE_THE_PARTS)
    # every folder of bot/ that is a part's own (not a sub-package) is one of the parts
    assert {p.name for p in (ROOT / "bot").iterdir() if (p / "__init__.py").is_file()} == set(PARTS)


def test_the_testing_guide_describes_every_folder_of_the_tests() -> None:
    guide = (ROOT / "docs" / "development" / "testing.md").read_text("utf-8")
    missing = [f for f in (*PARTS, *BESIDE_THE_PARTS) if f"`tests/{f}/`" not in guide]
    assert missing == []


def test_every_module_a_package_row_names_exists() -> None:
    """In "What each package owns", a `name.py` in a package's row is a module of that package."""
    import re

    guide = GUIDE.read_text("utf-8")
    table = guide.split("## What each package owns", 1)[1].split("\n## ", 1)[0]
    homes = {"packages/election-bot-demo/": "packages/election-bot-demo/src/election_bot_demo/"}
    checked = 0
    for row in table.splitlines()[2:]:
        cells = row.split("|")
        if len(cells) < 3:
            continue
        package = cells[1].strip().strip("`")
        if not package.endswith("/"):
            continue
        folder = ROOT / homes.get(package, package)
        for name in re.findall(r"`(\w+\.py)`", cells[2]):
            assert (folder / name).is_file(), f"{package}{name}"
            checked += 1
    assert checked >= 30
