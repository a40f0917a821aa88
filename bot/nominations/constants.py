"""The check's constants and the one value of its own: the evidence a delivery gives about a head commit.

GitHub's values (accounts, the pull request, its files, comments, reviews, the file at the head) are
`bot.github.values`, taken as the gateway returns them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from bot.config.paths import NOMINATIONS_ROOT as NOMINATIONS_ROOT
from bot.nominations.record import Source

NOT_NOMINATIONS = frozenset({"README.md", "TEMPLATE.md"})


CHECK_NAME = "nomination"
# The app whose token the check writes with (GITHUB_TOKEN), and the `external_id` of every check run it
# creates: `pr-<number>-<digest>`. A workflow *job* named `nomination` (in a fork's own `pull_request`
# workflow, say) makes a check run of the same app, whose external_id is a UUID.
CHECK_APP = "github-actions"
CHECK_APP_ID = 15368  # the same app by id, as rulesets and branch protection pin a required check to it
_OWN_EXTERNAL_ID = re.compile(r"pr-[1-9][0-9]{0,8}-[0-9a-f]{16}")


def check_external_id(number: int, digest: str) -> str:
    return f"pr-{number}-{digest}"


def made_by_the_check(app_slug: str | None, external_id: str | None) -> bool:
    """Whether a `nomination` check run is one the check itself created (its app and its external_id)."""
    return app_slug == CHECK_APP and external_id is not None and bool(_OWN_EXTERNAL_ID.fullmatch(external_id))


REQUEST_BUDGET = (
    12  # GitHub requests one run of the check makes at most (issue 28), the read of the workflows'
)
# states included: a run reads them only with a request to spare (issue 27's notice of a disabled timer).
# The tests and `make bench` hold every scenario to it.


MAX_OTHER_FILE_FINDINGS = 20


ADMIN_PERMISSIONS = frozenset({"admin", "maintain", "write"})


GITHUB_CONTENTS_LIMIT = 1024 * 1024  # the contents API serves files up to 1 MB; a larger one comes sizeless


@dataclass(frozen=True, slots=True)
class HeadEvidence:
    """What a pull-request delivery says about a head: GitHub proposed `head` at or before `at`."""

    head: str
    at: datetime
    source: Source
    before: str = ""
