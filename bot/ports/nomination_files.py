"""Nomination files in a working copy, checked exactly as the pull request check checks them: by
`validate` (a nominee's own check, before the pull request) and `preview` (as the check would judge the
files of an election folder). Each file is read and loaded once, each election folder indexed once; the
rules are `bot.nominations.rules`."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from bot.config.loading import HARD_MAX_BYTES, LoadedNomination, load_nomination
from bot.config.models import Election
from bot.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from bot.nominations.rules import RuleContext, check_nomination
from bot.nominations.shared_entities import EntityIndex
from bot.ports.checkout import (
    ElectionRegistry,
    display_path,
    election_files,
    election_folder_of,
    nomination_files,
)
from bot.ports.directory import MembershipDirectory, NoDirectory
from bot.ports.repository import find_root
from bot.text import catalogue
from bot.text.findings import Finding, Severity, sort_findings


@dataclass(frozen=True, slots=True)
class ValidateResult:
    files: int
    findings: list[Finding]
    config_broken: bool
    membership_checked: bool = True  # False: no roster or membership service was configured here
    # The elections of the files checked whose nomination window holds the instant judged (none with
    # --no-window): `validate` tells the nominee by when to open the pull request.
    open_windows: tuple[Election, ...] = ()
    # Files outside `nominations/<election>/` checked against the repository's only election as well
    # (file as shown -> election id): `validate` says so, beside their LOC001.
    assumed: tuple[tuple[str, str], ...] = ()
    elections: tuple[Election, ...] = ()  # the elections of the files checked, each once

    @property
    def exit_code(self) -> int:
        if self.config_broken:
            return EXIT_USAGE
        return EXIT_FINDINGS if any(f.severity is Severity.error for f in self.findings) else EXIT_OK


@dataclass(slots=True)
class _Session:
    """One `validate` run: each file is read and loaded once, each election folder indexed once."""

    at: datetime | None
    directory: MembershipDirectory
    local: bool  # the nominee's own check (`validate`), not a preview of the pull request check
    repo: Path | None = None  # `--repo DIR`: its nominations/ folder, wherever the files are
    registries: dict[Path, ElectionRegistry] = field(default_factory=dict)
    roots: dict[Path, Path] = field(default_factory=dict)  # folder -> its nominations root
    loaded: dict[Path, LoadedNomination | Finding] = field(default_factory=dict)
    indexes: dict[Path, EntityIndex] = field(default_factory=dict)
    open_windows: dict[str, Election] = field(default_factory=dict)
    assumed: dict[str, str] = field(default_factory=dict)
    elections: dict[str, Election] = field(default_factory=dict)

    def registry_for(self, folder: Path) -> ElectionRegistry:
        if folder not in self.roots:
            self.roots[folder] = find_root(folder, self.repo)
        root = self.roots[folder]
        return self.registries.setdefault(root, ElectionRegistry(root))

    def load(self, path: Path, election: Election | None) -> LoadedNomination | Finding:
        if path not in self.loaded:
            shown = display_path(path)
            max_bytes = election.statement.max_file_bytes if election else HARD_MAX_BYTES
            try:
                data = path.read_bytes()
            except OSError as error:
                reason = error.strerror or type(error).__name__
                self.loaded[path] = catalogue.make("FILE004", shown, None, reason=reason)
            else:
                self.loaded[path] = load_nomination(data, shown, max_bytes=max_bytes)
        return self.loaded[path]

    def entities(self, folder: Path, election: Election) -> EntityIndex:
        """Every valid nomination in the election's folder (merged ones, in a checkout), indexed."""
        if folder not in self.indexes:
            candidates = []
            for sibling in election_files(folder)[0]:
                loaded = self.load(sibling, election)
                if isinstance(loaded, LoadedNomination) and loaded.nomination is not None:
                    candidates.append((loaded.nomination.github, loaded.nomination.affiliations))
            self.indexes[folder] = EntityIndex.build(candidates, election.conflict_of_interest)
        return self.indexes[folder]

    def check(self, path: Path) -> tuple[list[Finding], bool]:
        """Findings for one file, and whether its election's config is broken (a configuration error)."""
        registry = self.registry_for(path.parent)
        election_id = election_folder_of(path, registry.root)
        # Outside `nominations/<election>/` the file is misplaced (LOC001) and nothing else could be
        # checked; with exactly one election in the repository, `validate` checks it against that one too,
        # so that a nominee fixes everything at once (and says so).
        known = registry.known()
        only = known[0] if not election_id and self.local and path.suffix == ".md" and len(known) == 1 else ""
        loaded_election = registry.get(election_id or only) if election_id or only else None
        if loaded_election is not None and loaded_election.election is None:
            return [], True
        election = loaded_election.election if loaded_election else None
        if only and election is not None:
            self.assumed[display_path(path)] = only
        if election is not None:
            self.elections.setdefault(election.id, election)
        if election is not None and self.at is not None:
            window = election.nominations
            if window.start <= self.at < window.end:
                self.open_windows.setdefault(election.id, election)
        loaded = self.load(path, election)
        if isinstance(loaded, Finding):
            return [loaded], False
        ctx = RuleContext(
            election=election,
            election_id=election_id or only,
            known_elections=known,
            at=self.at,
            local=self.local,
        )
        login = loaded.fields.github  # a valid login, whatever else is wrong: every problem at once
        if login is not None and election is not None:
            folder = registry.root / only if only else path.parent
            ctx = replace(
                ctx,
                membership=self.directory.lookup(login),
                entities=self.entities(folder, election),
            )
        findings = check_nomination(loaded, ctx)
        if only:  # where the file is, as the pull request check would say it: not in any election's folder
            shown = display_path(path)
            findings = sort_findings([catalogue.make("LOC001", shown, None, file=shown), *findings])
        return findings, False


def validate_paths(
    targets: list[Path],
    at: datetime | None,
    directory: MembershipDirectory,
    *,
    local: bool = True,
    repo: Path | None = None,
) -> ValidateResult:
    """Check files as `validate` does (`local`: before the window is a notice), or as the pull request
    check would (`local=False`, for `preview`)."""
    session = _Session(at, directory, local, repo)
    findings: list[Finding] = []
    files = 0
    broken = False
    for target in targets:
        for path in nomination_files(target):
            file_findings, config_broken = session.check(path)
            broken = broken or config_broken
            findings.extend(file_findings)
            files += 1
    for registry in session.registries.values():
        findings.extend(registry.config_findings())
    return ValidateResult(
        files=files,
        findings=sort_findings(findings),
        config_broken=broken,
        membership_checked=not (local and isinstance(directory, NoDirectory)),
        open_windows=tuple(session.open_windows.values()),
        assumed=tuple(session.assumed.items()),
        elections=tuple(session.elections.values()),
    )
