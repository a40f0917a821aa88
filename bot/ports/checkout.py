"""Elections and nominations in a local checkout: `nominations/<election>/election.yaml` and `*.md`.

Only the default branch's files (or a nominee's own working copy) are read from disk; PR content is
read through the GitHub API as data, never from a checkout.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from bot import phases
from bot.config.loading import HARD_MAX_BYTES, LoadedElection, decode, load_election, load_nomination
from bot.config.models import Election, Nomination
from bot.config.paths import NOMINATIONS_ROOT, election_of_path
from bot.errors import UsageError
from bot.github.values import login_key
from bot.nominations.rules import RuleContext, check_merged
from bot.text import catalogue, finding_formats
from bot.text.findings import Finding

CONFIG_NAME = "election.yaml"
NOT_NOMINATIONS = frozenset({"README.md", "TEMPLATE.md"})


@dataclass(slots=True)
class ElectionRegistry:
    """Loads each election folder's config once; remembers the findings of broken configs."""

    root: Path
    _cache: dict[str, LoadedElection] = field(default_factory=dict)
    _known: tuple[str, ...] | None = None

    def known(self) -> tuple[str, ...]:
        if self._known is None:
            found = self.root.glob(f"*/{CONFIG_NAME}") if self.root.is_dir() else iter(())
            self._known = tuple(sorted(p.parent.name for p in found))
        return self._known

    def get(self, election_id: str) -> LoadedElection | None:
        if election_id in self._cache:
            return self._cache[election_id]
        config = self.root / election_id / CONFIG_NAME
        if not election_id or not config.is_file():
            return None
        display = display_path(config)
        try:
            data = config.read_bytes()
        except OSError as error:
            loaded = LoadedElection(
                display, None, [catalogue.make("FILE004", display, None, reason=error.strerror)]
            )
        else:
            loaded = load_election(data, display, election_id)
        self._cache[election_id] = loaded
        return loaded

    def config_findings(self) -> list[Finding]:
        return [f for loaded in self._cache.values() for f in loaded.findings]


def election_folder_of(path: Path, root: Path) -> str:
    """The election id a nomination file belongs to: its folder directly under the root (the checkout's
    `nominations/`), or ''. The layout itself is read by `bot.config.paths.election_of_path`."""
    try:
        inside = (path.parent.resolve() / path.name).relative_to(root)
    except ValueError:
        return ""
    return election_of_path(f"{NOMINATIONS_ROOT}/{inside.as_posix()}")


def nomination_files(target: Path) -> list[Path]:
    """A file as given, or every nomination `.md` below a folder (templates and guides excluded)."""
    if target.is_file() or not target.exists():
        return [target]
    return sorted(
        p for p in target.rglob("*.md") if p.name not in NOT_NOMINATIONS and not p.name.startswith(".")
    )


def election_files(folder: Path) -> tuple[list[Path], list[Path]]:
    """An election folder's nominations and its misplaced `.md` files. Only `<login>.md` at the folder's
    top level is a nomination, as the pull-request check requires (LOC001); a `.md` file in a subfolder
    (`extra/janedoe.md`), merged over a red check, is misplaced: never announced, counted or published,
    always reported (issue 28)."""
    if not folder.is_dir():
        return [], []
    top = sorted(
        p for p in folder.glob("*.md") if p.name not in NOT_NOMINATIONS and not p.name.startswith(".")
    )
    deeper = sorted(p for p in folder.rglob("*.md") if p.parent != folder)
    return top, deeper


MAX_INPUT_BYTES = 1_048_576  # an admin's counts, resolutions, names or service-totals file


def read_text(path: Path) -> tuple[str, str]:
    """An admin's text file (counts, resolutions, names, service totals) as it is shown and its text;
    unreadable, too large or not UTF-8 is a usage error that names the file."""
    shown = display_path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UsageError(
            f"{shown}: cannot read the file ({error.strerror or type(error).__name__})"
        ) from None
    text, problems = decode(data, shown, min(MAX_INPUT_BYTES, HARD_MAX_BYTES))
    if text is None:
        raise UsageError(finding_formats.as_text(problems))
    return shown, text


def display_path(path: Path) -> str:
    """The path as a person would type it: relative to the working directory when inside it."""
    if not path.is_absolute():
        return path.as_posix()
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


@dataclass(frozen=True, slots=True)
class Merged:
    """A merged nomination on the default branch: its file and what it says."""

    path: Path
    nomination: Nomination
    statement: str = ""  # the Markdown after the front matter


def read_merged(folder: Path, election: Election) -> tuple[list[Merged], list[Finding]]:
    """The merged nominations of an election folder in a checkout, one per nominee, in file order.

    Every merged file is judged again by the rules that need nothing from GitHub (`check_merged`: file
    name, text integrity, placeholders, membership class, attestations, the `ineligible` list, the
    statement's limits), because a merge is no proof that the pull request's check passed. A file that
    cannot count (that, or a symbolic link, unreadable, a second file for the same person) is never
    dropped silently: it comes back as a finding, and each caller decides what that means (the phase
    reconciler lists it on the announcement and in the job summary; `results` refuses to count).
    """
    merged: list[Merged] = []
    problems: list[Finding] = []
    seen: dict[str, str] = {}
    top, misplaced = election_files(folder)
    for path in misplaced:
        shown = display_path(path)
        problems.append(catalogue.make("LOC001", shown, None, file=shown))
    for path in top:
        shown = display_path(path)
        if path.is_symlink():
            problems.append(catalogue.make("FILE004", shown, None, reason="it is a symbolic link"))
            continue
        try:
            data = path.read_bytes()
        except OSError as error:
            problems.append(catalogue.make("FILE004", shown, None, reason=error.strerror or "unreadable"))
            continue
        loaded = load_nomination(data, shown, max_bytes=election.statement.max_file_bytes)
        nomination = loaded.nomination
        ctx = RuleContext(election=election, election_id=election.id, known_elections=(election.id,))
        errors = check_merged(loaded, ctx)
        if nomination is None or errors:
            problems.extend(errors)
            continue
        key = login_key(nomination.github)
        if key in seen:
            problems.append(catalogue.make("LOC003", shown, None, login=nomination.github, first=seen[key]))
            continue
        seen[key] = path.name
        merged.append(Merged(path, nomination, loaded.statement))
    return merged, problems


# -- the elections and their candidates, for the phase reconciler, the site and the preview ----------


@dataclass(slots=True)
class Checkout:
    """What the default branch says: the elections and their merged, valid nominations."""

    facts: list[phases.ElectionFacts] = field(default_factory=list)
    config_findings: list[Finding] = field(default_factory=list)  # broken election.yaml: exit 2
    skipped: list[Finding] = field(default_factory=list)  # merged files not listed: for the admins
    known: tuple[str, ...] = ()


def read_checkout(root: Path, only: str | None = None) -> Checkout:
    registry = ElectionRegistry(root)
    known = registry.known()
    if only is not None and only not in known:
        raise UsageError(f"unknown election {only!r} (known: {', '.join(known) or 'none'})")
    result = Checkout(known=known)
    for election_id in known:
        if only is not None and election_id != only:
            continue
        loaded = registry.get(election_id)
        if loaded is None:
            continue
        if loaded.election is None:
            result.config_findings.extend(loaded.findings)
            continue
        candidates, skipped = read_candidates(root / election_id, loaded.election)
        facts = phases.ElectionFacts(loaded.election, tuple(candidates), withheld_of(skipped))
        result.facts.append(facts)
        result.skipped.extend(skipped)
    return result


def read_candidates(
    folder: Path, election: Election
) -> tuple[list[phases.AnnouncedCandidate], list[Finding]]:
    """Merged nominations that load cleanly and are named after their nominee; the rest are reported."""
    merged, skipped = read_merged(folder, election)
    candidates = [
        phases.AnnouncedCandidate(
            login=m.nomination.github,
            name=m.nomination.name,
            file=m.path.name,
            affiliations=tuple(m.nomination.affiliations),
            nominated_by=m.nomination.nominated_by,
        )
        for m in merged
    ]
    return candidates, skipped


def withheld_of(skipped: Iterable[Finding]) -> tuple[phases.Withheld, ...]:
    """The merged files that do not count, one entry per file with its error codes, in file order."""
    codes: dict[str, set[str]] = {}
    for finding in skipped:
        if finding.path:
            codes.setdefault(PurePosixPath(finding.path).name, set()).add(finding.code)
    return tuple(phases.Withheld(name, tuple(sorted(found))) for name, found in sorted(codes.items()))


def default_branch(root: Path, environ: Mapping[str, str]) -> str:
    """The branch statements are linked on: the workflow event's repository default branch, else the
    checkout's current branch (.git/HEAD), else `main`."""
    event_path = environ.get("GITHUB_EVENT_PATH")
    if event_path:
        try:
            event = json.loads(Path(event_path).read_text(encoding="utf-8"))
            branch = event.get("repository", {}).get("default_branch")
            if isinstance(branch, str) and _safe_branch(branch):
                return branch
        except (OSError, ValueError, AttributeError, RecursionError):
            pass
    head = root.parent / ".git" / "HEAD"
    try:
        text = head.read_text(encoding="utf-8").strip()
    except OSError:
        text = ""
    if text.startswith("ref: refs/heads/"):
        branch = text.removeprefix("ref: refs/heads/")
        if _safe_branch(branch):
            return branch
    return "main"


def _safe_branch(name: str) -> bool:
    return bool(name) and len(name) <= 100 and all(c.isalnum() or c in "-_./" for c in name)
