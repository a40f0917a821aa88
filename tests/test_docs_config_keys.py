"""The docs name no key of election.yaml that its reference (docs/reference/election-yaml.md, generated
from the models) lacks: every dotted path in a code span (`voting.electors`), and every key of a code span
or a YAML block written as election.yaml (`conflict_of_interest: {cap: null}`), is a row of the reference.
A key renamed in the models, or misspelt in a page, fails here instead of misleading an adopter."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "docs" / "reference" / "election-yaml.md"
# Other formats' keys (the results files, workflows) are not election.yaml's.
OTHER_FORMATS = {"docs/reference/results-files.md"}
FILE_NAME = re.compile(r"\.(py|ya?ml|md|json|csv|blt|html|ics|toml|txt)$")


def reference_paths(text: str) -> set[str]:
    """Every key the reference has a row for, as a dotted path (`community.membership.directory`)."""
    paths: set[str] = set()
    section: str | None = None
    for line in text.splitlines():
        heading = re.match(r"^### `([^`]+)`", line)
        if heading:
            section = heading.group(1).replace("[]", "")
            continue
        if line.startswith("### The top level"):
            section = ""
            continue
        row = re.match(r"^\| `([a-z_]+)` \|", line)
        if row and section is not None:
            paths.add(f"{section}.{row.group(1)}" if section else row.group(1))
    return paths


def keys_of(data: Any, prefix: str, paths: set[str]) -> list[str]:
    """The dotted paths a YAML value names, descending only where the reference has a section."""
    out: list[str] = []
    items = data if isinstance(data, list) else [data]
    for item in items:
        if not isinstance(item, dict):
            continue
        for key, value in item.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            named = f"{prefix}.<name>"
            if path not in paths and any(p.startswith(named + ".") for p in paths):
                path = named  # a mapping of names the config chooses (`retired: {managing: ...}`)
            else:
                out.append(path)
            if any(p.startswith(path + ".") for p in paths):
                out += keys_of(value, path, paths)
    return out


def unknown_keys(page: str, text: str, paths: set[str]) -> list[str]:
    top = {p for p in paths if "." not in p}
    yaml = YAML(typ="safe")
    found: list[str] = []
    spans = re.findall(r"`([^`\n]+)`", text)
    blocks = re.findall(r"^```ya?ml\n(.*?)^```", text, flags=re.M | re.S)
    for span in spans:
        dotted = re.fullmatch(r"([a-z_]+(?:\[\d*\])?(?:\.[a-z_]+(?:\[\d*\])?)+)", span.strip())
        if dotted and not FILE_NAME.search(span):
            path = re.sub(r"\[\d*\]", "", dotted.group(1))
            if path.split(".")[0] in top and path not in paths:
                found.append(f"{page}: `{span}`")
    for source in [s for s in spans if re.match(r"^[a-z_]+: ", s)] + blocks:
        first = re.match(r"^\s*([a-z_]+):", source)
        if first is None or first.group(1) not in top:
            continue
        try:
            data = yaml.load(source)
        except YAMLError:
            continue
        found += [f"{page}: {path}" for path in keys_of(data, "", paths) if path not in paths]
    return found


def test_the_reference_is_read_as_the_models_say() -> None:
    paths = reference_paths(REFERENCE.read_text("utf-8"))
    for path in ("quorum", "draw.drand.chain_hash", "voting.electors", "conflict_of_interest.share"):
        assert path in paths, path


def test_no_page_names_a_key_the_reference_lacks() -> None:
    paths = reference_paths(REFERENCE.read_text("utf-8"))
    pages = [ROOT / "README.md", ROOT / "nominations" / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    found: list[str] = []
    for page in pages:
        name = str(page.relative_to(ROOT))
        if name not in OTHER_FORMATS:
            found += unknown_keys(name, page.read_text("utf-8"), paths)
    assert found == []


def test_a_misspelt_or_renamed_key_is_found() -> None:
    paths = reference_paths(REFERENCE.read_text("utf-8"))
    page = "Set `voting.elector` and `conflict_of_interest: {cap: 2, counted: [employer]}`.\n\n```yaml\nquorum: null\ncommunity:\n  bodie: board\n```\n"
    assert unknown_keys("page.md", page, paths) == [
        "page.md: `voting.elector`",
        "page.md: conflict_of_interest.counted",
        "page.md: community.bodie",
    ]
