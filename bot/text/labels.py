"""The bot's vocabulary on GitHub: every label it sets, every kind of hidden marker it writes, and who
counts as the bot. One owner each, so that the check and the reconciler cannot disagree.

Labels: one name, one colour and one description each, whoever creates it first. The nomination check and
the phase reconciler both label nomination pull requests (`late` is set by the check for a late nomination
and by the cut-off pass for one still open at the cut-off); with two copies, the first run to create a
label decided its description.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class Label:
    """A repository label, as GitHub shows it and as `ensure_labels` creates it (the one label type:
    `bot.github.port` re-exports it). Colour is 6 hex digits without '#'."""

    name: str
    color: str = "ededed"
    description: str = ""


BOT = Label("election-bot", "5319e7", "Opened and kept up to date by election-bot")
NOMINATION = Label("nomination", "1d76db", "A nomination pull request (set by election-bot)")
READY = Label("ready-for-review", "0e8a16", "Every check passed: admins can review and merge")
NEEDS_CHANGES = Label("needs-changes", "d93f0b", "The nomination has problems to fix (see the bot's report)")
AWAITING_CONSENT = Label(
    "awaiting-consent", "fbca04", "Waiting for the nominee to consent from their own account"
)
MEMBERSHIP_UNVERIFIED = Label(
    "membership-unverified", "f9d0c4", "Membership could not be verified; an admin must check"
)
LATE = Label("late", "b60205", "Opened at or after the nomination cut-off")
# Set by the check when it cannot tell whether a nomination was made in time, and by the cut-off pass;
# the check adds it but never removes it (the cut-off pass owns it).
OPEN_AT_CUTOFF = Label(
    "open-at-cutoff", "fbca04", "Open at the cut-off; the admins decide whether it was made in time"
)

# The labels the nomination check sets and removes to match its verdict.
CHECK: dict[str, Label] = {
    spec.name: spec
    for spec in (NOMINATION, READY, NEEDS_CHANGES, AWAITING_CONSENT, MEMBERSHIP_UNVERIFIED, LATE)
}
# A nomination pull request with one of these has had the cut-off pass.
CUTOFF = frozenset({LATE.name, OPEN_AT_CUTOFF.name})
# Every fixed label, each once (`election-bot labels --apply` creates them up front).
FIXED: dict[str, Label] = {spec.name: spec for spec in (*CHECK.values(), OPEN_AT_CUTOFF, BOT)}

NOMINEE_PREFIX = "nominee:"
NOMINEE_COLOR = "c5def5"


def spec(name: str) -> Label:
    """A fixed label's spec, or a `nominee:<login>` label's."""
    if name in FIXED:
        return FIXED[name]
    return Label(name, NOMINEE_COLOR, f"Nominates {name.removeprefix(NOMINEE_PREFIX)} (set by election-bot)")


def set_by_the_check(name: str) -> bool:
    """The check may remove this label when its verdict no longer wants it."""
    return name in CHECK or name.lower().startswith(NOMINEE_PREFIX)


# GitHub's own values the bot relies on.
GITHUB_BODY_LIMIT = 65_536  # characters: GitHub rejects a longer issue or comment body with 422
GHOST_LOGIN, GHOST_ID = "ghost", 10137  # how GitHub shows a deleted account (a null author in a payload)


class MarkerKind(StrEnum):
    """Every kind of hidden marker the bot writes (`<!-- election-bot:KIND k=v ... -->`, bot.text.markers).
    A marker is trusted only on something the bot account wrote (`is_bot`)."""

    PHASE = "phase"  # the announcement issue: which election and phase (never changes)
    PHASE_STATE = "phase-state"  # the announcement issue: what the bot remembers about it
    PHASE_DUPLICATE = "phase-duplicate"  # an announcement issue retired as a duplicate
    PHASE_CLOSE = "phase-close"  # the closing comment
    PHASE_NOTICE = "phase-notice"  # "I will / will not ..." after a person overrode the bot
    PHASE_COMMENT_DUPLICATE = "phase-comment-duplicate"  # a duplicate bot comment, retired
    CUTOFF = "cutoff"  # the comment on a nomination pull request still open at the cut-off
    RESULTS = "results"  # the results announcement: its own issue (posted as the bot), else a comment
    RESULTS_LINK = "results-link"  # the comment on the voting phase's issue that points to the results issue
    PR_REPORT = "pr-report"  # the nomination check's report comment
    DECISION = "decision"  # an admin's decision the report carries (verified membership, late accepted)
    REPLY = "reply"  # the bot's answer to a command comment
    SEEN = "seen"  # when the bot first saw a nomination's content (record.Sighting)
    CONSENT = "consent"  # the nominee's consent, bound to the content consented to
    RECONSENT = "reconsent"  # the request to consent again after the content changed
    READ = "read"  # a comment the check read and found nothing in to rule on (record.ReadRecord)
    WORKFLOWS = "workflows"  # the check's last reading of the workflows' states (record.WorkflowReading)
