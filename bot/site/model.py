"""What the public site is built from: facts the command gathers, handed to the pure renderer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from bot.config.models import Affiliation, Election
from bot.github.values import login_key

if TYPE_CHECKING:
    from bot.phases import RepoRef
    from bot.results.outcome import ResultsReport


@dataclass(frozen=True, slots=True)
class SiteCandidate:
    """A merged nomination: who, their affiliations and their statement (Markdown, untrusted)."""

    login: str
    name: str
    file: str  # the file name inside nominations/<election>/
    affiliations: tuple[Affiliation, ...]
    statement: str
    nominated_by: str | None = None
    links: tuple[str, ...] = ()

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.name.casefold(), login_key(self.login))


@dataclass(frozen=True, slots=True)
class SiteElection:
    election: Election
    candidates: tuple[SiteCandidate, ...]
    # The results, once voting has closed and the admins committed their counts; None before.
    results: ResultsReport | None = None
    # phase id -> the URL of its announcement issue, where known.
    issues: Mapping[str, str] = field(default_factory=dict)
    # The committed files the results were counted from, as paths in the repository (e.g.
    # `results/<id>/counts.yaml`): the results page links them so that anyone can count again.
    sources: tuple[str, ...] = ()
    # The bytes of election.yaml's `community.mark` (read and checked by the command); None: no mark.
    mark: bytes | None = None


@dataclass(frozen=True, slots=True)
class Site:
    at: datetime  # the instant the site describes (the current phase is the one open then)
    elections: tuple[SiteElection, ...]
    repo: RepoRef | None = None  # where statements, issues and pull requests are linked; None: no links
    title: str = "Elections"
