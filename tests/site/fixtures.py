"""Shared facts for the site tests: the repository's fictional sample election, a checkout of it, and
sites built from it (on disk, for the browser)."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from bot.config.models import Affiliation, Election, Relationship
from bot.phases import RepoRef
from bot.ports.checkout import ElectionRegistry
from bot.site.model import Site, SiteCandidate, SiteElection
from bot.site.pages import build_site

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "nominations" / "sample-2026"
REPO = RepoRef("example-org/elections", "main")

COUNTS = """\
election: sample-2026
electors: 120
ballots_cast: 80
votes:
  ada-example: 61
  grace-sample: 44
"""


def sample_election() -> Election:
    loaded = ElectionRegistry(SAMPLE.parent).get("sample-2026")
    assert loaded is not None and loaded.election is not None
    return loaded.election


def checkout(tmp: Path, *, counts: str | None = None) -> Path:
    """A repository checkout with the sample election (and, if given, the admins' counts file)."""
    nominations = tmp / "repo" / "nominations"
    shutil.copytree(SAMPLE, nominations / "sample-2026")
    if counts is not None:
        results = tmp / "repo" / "results" / "sample-2026"
        results.mkdir(parents=True)
        (results / "counts.yaml").write_text(counts, encoding="utf-8")
    return tmp / "repo"


def candidate(login: str, name: str, statement: str, org: str = "Example Corporation") -> SiteCandidate:
    return SiteCandidate(
        login=login,
        name=name,
        file=f"{login}.md",
        # Built without validation: the site must stay inert even for text the models refuse (a bidi
        # override in an organisation), as defence in depth behind the loader.
        affiliations=(
            Affiliation.model_construct(
                organization=org, relationship=Relationship.employer, role="Engineer"
            ),
        ),
        statement=statement,
        links=("https://example.org/" + login,),
    )


def write(files: dict[str, bytes], out: Path) -> Path:
    for relative, data in files.items():
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return out


def hostile_site(at: datetime, statements: dict[str, str]) -> dict[str, bytes]:
    """The sample election with one candidate per hostile statement."""
    candidates = tuple(
        candidate(f"c{index}-{case}"[:39].rstrip("-"), f"Candidate {case}", text)
        for index, (case, text) in enumerate(sorted(statements.items()))
    )
    return build_site(Site(at=at, elections=(SiteElection(sample_election(), candidates),), repo=REPO))
