"""`election-bot validate PATH...`: check nomination files locally, exactly as the PR check does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.core import catalogue
from bot.core.findings import Finding, Severity, sort_findings
from bot.core.loading import HARD_MAX_BYTES, LoadedNomination, load_nomination
from bot.core.render import findings as render
from bot.core.rules import RuleContext, check_nomination
from bot.ports.localrepo import (
    ElectionRegistry,
    display_path,
    election_folder_of,
    find_root,
    nomination_files,
)
from bot.ports.membership import MembershipDirectory


@dataclass(frozen=True, slots=True)
class ValidateResult:
    files: int
    findings: list[Finding]
    config_broken: bool

    @property
    def exit_code(self) -> int:
        if self.config_broken:
            return 2
        return 1 if any(f.severity is Severity.error for f in self.findings) else 0


def validate_file(
    path: Path, registry: ElectionRegistry, at: datetime | None, directory: MembershipDirectory
) -> tuple[list[Finding], bool]:
    """Findings for one file, and whether its election's config is broken (a configuration error)."""
    shown = display_path(path)
    election_id = election_folder_of(path, registry.root)
    loaded_election = registry.get(election_id) if election_id else None
    if loaded_election is not None and loaded_election.election is None:
        return [], True
    election = loaded_election.election if loaded_election else None
    max_bytes = election.statement.max_file_bytes if election else HARD_MAX_BYTES
    try:
        data = path.read_bytes()
    except OSError as error:
        return [catalogue.make("FILE004", shown, None, reason=error.strerror or type(error).__name__)], False
    loaded: LoadedNomination = load_nomination(data, shown, max_bytes=max_bytes)
    ctx = RuleContext(election=election, election_id=election_id, known_elections=registry.known(), at=at)
    if loaded.nomination is not None and election is not None:
        answer = directory.lookup(loaded.nomination.github)
        ctx = RuleContext(
            election=election,
            election_id=election_id,
            known_elections=ctx.known_elections,
            at=at,
            membership=answer,
        )
    return check_nomination(loaded, ctx), False


def validate_paths(
    targets: list[Path], at: datetime | None, directory: MembershipDirectory
) -> ValidateResult:
    findings: list[Finding] = []
    files = 0
    broken = False
    registries: dict[Path, ElectionRegistry] = {}
    roots: dict[Path, Path] = {}  # folder -> its nominations root, resolved once per folder
    for target in targets:
        for path in nomination_files(target):
            folder = path.parent
            if folder not in roots:
                roots[folder] = find_root(folder)
            registry = registries.setdefault(roots[folder], ElectionRegistry(roots[folder]))
            file_findings, config_broken = validate_file(path, registry, at, directory)
            broken = broken or config_broken
            findings.extend(file_findings)
            files += 1
    for registry in registries.values():
        findings.extend(registry.config_findings())
    return ValidateResult(files=files, findings=sort_findings(findings), config_broken=broken)


def format_result(result: ValidateResult, output: str) -> str:
    if output == "json":
        return render.as_json(result.files, result.findings)
    if output == "github":
        return render.as_github(result.findings)
    body = render.as_text(result.findings)
    summary = render.summary_line(result.files, result.findings)
    return f"{body}\n{summary}" if body else summary
