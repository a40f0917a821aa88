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
