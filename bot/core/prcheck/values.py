"""The pull request as the check sees it: people, the PR, its files, comments and reviews, the head commit.

Plain frozen values built by the command from what the gateway returned; nothing here talks to GitHub.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.core.github_values import User
from bot.core.record import Source

NOMINATIONS_ROOT = "nominations"


NOT_NOMINATIONS = frozenset({"README.md", "TEMPLATE.md"})


CHECK_NAME = "nomination"


MAX_OTHER_FILE_FINDINGS = 20


ADMIN_PERMISSIONS = frozenset({"admin", "maintain", "write"})


GITHUB_CONTENTS_LIMIT = 1024 * 1024  # the contents API serves files up to 1 MB; a larger one comes sizeless


@dataclass(frozen=True, slots=True)
class Blob:
    """What lies at the nomination's path in the head commit (None: nothing)."""

    kind: str  # file, symlink, submodule, dir
    size: int
    content: bytes | None
    too_large: bool = False


@dataclass(frozen=True, slots=True)
class CommentFacts:
    id: int
    author: User
    body: str
    html_url: str
    created_at: datetime
    association: str = "NONE"  # GitHub's author_association (see `may_hold_permission`)


@dataclass(frozen=True, slots=True)
class ReviewFacts:
    id: int
    author: User
    state: str  # APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED, PENDING
    commit_id: str | None = None  # the head the reviewer saw (GitHub's `commit_id`)


@dataclass(frozen=True, slots=True)
class HeadEvidence:
    """What a pull-request delivery says about a head: GitHub proposed `head` at or before `at`."""

    head: str
    at: datetime
    source: Source
    before: str = ""


# GitHub's author_association values of accounts that can hold a permission on the repository (owner,
# organisation member, outside collaborator). Any other value (NONE, CONTRIBUTOR, FIRST_TIMER, ...) is an
# account without one: such a commenter is refused without asking the permission API.
PERMISSION_ASSOCIATIONS = frozenset({"OWNER", "MEMBER", "COLLABORATOR"})


_ASSOCIATIONS = PERMISSION_ASSOCIATIONS | {
    "CONTRIBUTOR",
    "FIRST_TIMER",
    "FIRST_TIME_CONTRIBUTOR",
    "MANNEQUIN",
    "NONE",
}


def association_of(value: object) -> str:
    """GitHub's value, or NONE for anything else (fail closed: an unknown value holds no permission)."""
    return value if isinstance(value, str) and value in _ASSOCIATIONS else "NONE"
