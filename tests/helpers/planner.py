"""The phase planner's sample election (test-2026, from the sync site's election.yaml) and repository."""

from __future__ import annotations

from bot.config.loading import load_election
from bot.config.models import Election
from bot.phases import RepoRef
from tests.helpers.sync_site import ELECTION_YAML

REPO = RepoRef("pypa/elections", "main")


def _election(yaml: str = ELECTION_YAML) -> Election:
    loaded = load_election(yaml.encode(), "election.yaml", "test-2026")
    assert loaded.election is not None, loaded.findings
    return loaded.election


ELECTION = _election()
