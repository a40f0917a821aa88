"""A nomination pull request as a whole: PR-level facts → one verdict. Pure: no I/O, never raises for input.

`bot.commands.pr.check` gathers the facts through the ports (GitHub, the membership directory, the local
checkout of the default branch) and acts on the verdict; everything decided here is plain data, so every
branch has a table-driven test. One module per stage, in the order the command uses them:

- `values`: the pull request, its files, comments and reviews as the check sees them.
- `event`: the webhook payload (`GITHUB_EVENT_PATH`) → `EventFacts`, `Ignored` or `PayloadError`.
- `files`: the PR's changed files → the one nomination file, or findings (split your PR); duplicates.
- `consent`: the nominee's `/consent` comment or approving review.
- `state`: the hidden state in the bot's report comment (admin decisions, the last verdict's check run).
  A marker is trusted only in a comment authored by the bot (the caller checks the author).
- `authority`: who may give which admin command, and what a command decides.
- `verdict`: all of it → `Verdict` (findings, labels, check-run conclusion, exit code, digest).

This module re-exports what the commands and the tests use.
"""

from bot.github.values import ChangedFile, Comment, PullRequest, RepoFile, Review, User, association_of
from bot.nominations.authority import (
    Commenter,
    Outcome,
    Ruling,
    Scope,
    apply_decisions,
    authorise,
    may_hold_permission,
    membership_decision,
    needs_permission,
)
from bot.nominations.changed_files import (
    FileSelection,
    earlier,
    is_nomination_of,
    judged_sound,
    load_blob,
    max_bytes_for,
    merged_duplicate,
    names_agree,
    nominee_label,
    nominee_login,
    proposes_nomination,
    select_nomination,
)
from bot.nominations.consent import (
    Consent,
    ConsentVia,
    approving_review,
    approving_reviews,
    consent_comments,
    find_consent,
    identify,
)
from bot.nominations.constants import (
    CHECK_NAME,
    GITHUB_CONTENTS_LIMIT,
    MAX_OTHER_FILE_FINDINGS,
    NOMINATIONS_ROOT,
    check_external_id,
    made_by_the_check,
)
from bot.nominations.event import ACCEPTED_EVENTS, PR_EVENTS, EventFacts, Ignored, PayloadError, parse_event
from bot.nominations.state import (
    STATE_SEPARATOR,
    Decision,
    ReportState,
    parse_state,
    refused_authors,
    replied_to,
    reply_marker,
    report_marker,
    state_block,
)
from bot.nominations.verdict import (
    Evidence,
    Facts,
    Verdict,
    VerdictStatus,
    closed_on_record,
    cut_off_record_may_date,
    decide,
    evidence_for,
    plan_labels,
)

__all__ = [
    "ACCEPTED_EVENTS",
    "CHECK_NAME",
    "GITHUB_CONTENTS_LIMIT",
    "MAX_OTHER_FILE_FINDINGS",
    "NOMINATIONS_ROOT",
    "PR_EVENTS",
    "STATE_SEPARATOR",
    "ChangedFile",
    "Comment",
    "Commenter",
    "Consent",
    "ConsentVia",
    "Decision",
    "EventFacts",
    "Evidence",
    "Facts",
    "FileSelection",
    "Ignored",
    "Outcome",
    "PayloadError",
    "PullRequest",
    "RepoFile",
    "ReportState",
    "Review",
    "Ruling",
    "Scope",
    "User",
    "Verdict",
    "VerdictStatus",
    "apply_decisions",
    "approving_review",
    "approving_reviews",
    "association_of",
    "authorise",
    "check_external_id",
    "closed_on_record",
    "consent_comments",
    "cut_off_record_may_date",
    "decide",
    "earlier",
    "evidence_for",
    "find_consent",
    "identify",
    "is_nomination_of",
    "judged_sound",
    "load_blob",
    "made_by_the_check",
    "max_bytes_for",
    "may_hold_permission",
    "membership_decision",
    "merged_duplicate",
    "names_agree",
    "needs_permission",
    "nominee_label",
    "nominee_login",
    "parse_event",
    "parse_state",
    "plan_labels",
    "proposes_nomination",
    "refused_authors",
    "replied_to",
    "reply_marker",
    "report_marker",
    "select_nomination",
    "state_block",
]
