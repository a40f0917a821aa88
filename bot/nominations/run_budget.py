"""What one run of the check may spend, and in which order it hears commands: pure decisions the command
applies while it reads (no request here). The CPU and the hour's requests are finite; a flood of comments
or of strangers' commands must not crowd out the people the run is owed to (issue 28)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.config.models import Election
from bot.github.values import Comment, User
from bot.nominations.authority import may_hold_permission
from bot.nominations.constants import ADMIN_PERMISSIONS
from bot.nominations.slash import ADMIN_COMMANDS, SlashCommand, may_hold_commands
from bot.nominations.state import parse_state, refused_authors

MAX_COMMAND_COMMENTS = 3  # comments with commands ruled on per run (this event's own first)

# The CPU time a run may spend before it stops reading other people's comments for commands (the event's
# own comment is always read): what is left is read by the next run, and what was read with nothing in it
# to rule on is remembered in the report (`record.ReadRecord`), so each comment is parsed once.
RUN_CPU_SECONDS = 2.0
# Requests of the hour kept for the phases reconciler and the cut-off pass (GITHUB_TOKEN has 1,000 an hour
# per repository): below it (`GET /rate_limit`, free), a run does only what the event's own author is owed
# (the answer to their comment, their consent, an admin's command) and says what it deferred.
RATE_RESERVE = 200
# The workflows' states (a timer GitHub disabled in a quiet repository; issue 27) are read only in a quiet
# hour: at least this share (per cent) of the hour's limit left. A brand-new pull request has no reading on
# record, so a lower floor let every new pull request of a busy hour read them; news of a quiet
# repository can wait out a busy hour.
WORKFLOWS_QUIET_PERCENT = 90
# A comment read with nothing in it is remembered at the cost of a write (the report's edit) only from this
# length on: shorter ones cost the parser little, and are remembered when the report is written anyway.
READ_WORTH_WRITING = 1000

# Comments are read as the first page (the bot's report is posted when the pull request opens) and the
# newest page: a flood of comments cannot spend the budget, and the ones between are not acted on.
COMMENT_PAGES = 2

_BELOW_RESERVE = (
    f"GitHub's hourly request budget is below the reserve of {RATE_RESERVE} kept for the phases "
    "reconciler and the cut-off pass"
)


def configured_admin(c: Comment, election: Election | None) -> bool:
    """An admin named in election.yaml (by login and id)."""
    return election is not None and election.is_admin_login(c.author.login, c.author.id)


def heard_first(c: Comment, election: Election | None, nominee: User | None) -> bool:
    """Admins named in election.yaml and the nominee are heard before anyone else."""
    return configured_admin(c, election) or (nominee is not None and nominee.same(c.author))


def permitted(permission: str | None) -> bool:
    """The permission API, asked in this run, says this person may hold an admin's rights."""
    return permission in ADMIN_PERMISSIONS


def command_order(
    c: Comment, event_id: int | None, election: Election | None, nominee: User | None
) -> tuple[bool, bool, bool, datetime, int]:
    """The sort key of the comments a run rules on: this event's comment first, then the admins' and the
    nominee's, then those of people who may hold a permission, then everyone else's (issue 28: an
    organisation member without write access took every command slot and an admin was never heard)."""
    return (
        c.id != event_id,
        not heard_first(c, election, nominee),
        not may_hold_permission(c),
        c.created_at,
        c.id,
    )


def quiet_hour(limit: int, remaining: int) -> bool:
    """The hour is quiet (`GET /rate_limit`: its limit and the requests left): at least
    `WORKFLOWS_QUIET_PERCENT` of the limit is left, so a run may read the workflows' states."""
    return remaining * 100 >= limit * WORKFLOWS_QUIET_PERCENT


def over_budget(low: bool, cpu_spent: float) -> bool:
    """Whether another person's comment is left for a later run: the hour's requests are below the reserve
    or this run's CPU budget is spent."""
    return low or cpu_spent > RUN_CPU_SECONDS


def read_worth_writing(bodies: Sequence[str]) -> bool:
    """Whether the comments read with nothing to rule on are worth an edit of the report to remember."""
    return any(len(body) >= READ_WORTH_WRITING for body in bodies)


def deferral(low: bool, deferred: int) -> str:
    """What a run left for a later one, in words for the job summary ("" when nothing)."""
    parts = []
    if low:
        parts.append(f"{_BELOW_RESERVE}, so this run did only what this event's author is owed")
    if deferred:
        parts.append(f"{deferred} other comment(s) with commands wait for a later run")
    return "; ".join(parts)


def may_be_owed_nothing(comment: Comment, commands: Sequence[SlashCommand]) -> bool:
    """Whether a new comment (its `commands`: `parse_commands` of its body, parsed once by the caller) might
    owe nobody a run, before asking for the rate limit: no command in it (the workflow starts a run for a line
    starting with one of our commands, in a code block too), or only admin commands from an account GitHub
    says holds no permission here."""
    owed = any(c.name not in ADMIN_COMMANDS for c in commands) or may_hold_permission(comment)
    return not (commands and owed)


def nothing_owed_reason(commands: Sequence[SlashCommand], remaining: int | None) -> str | None:
    """Why a comment that may be owed nothing is deferred, given the hour's remaining requests (None: the
    rate limit is unknown): None when above the reserve (a run on any comment also catches up with what a
    replaced run missed)."""
    if remaining is None or remaining >= RATE_RESERVE:
        return None
    return f"{_BELOW_RESERVE}, and this comment " + (
        "holds no command"
        if not commands
        else "holds only admin commands from an account without permission here (the answer waits for a later run)"
    )


def answered_already(
    comment: Comment,
    commands: Sequence[SlashCommand],
    number: int,
    own: Sequence[Comment],
    others: Sequence[Comment],
) -> str | None:
    """Why a new comment that may be owed nothing (`may_be_owed_nothing`) needs no run even above the
    reserve, from the pull request's comments (`own`: the bot's; `others`: everyone else's): it holds no
    command, or only admin commands from an account without permission here that the bot has refused on
    this pull request already (each person is answered once; issue 28: a stranger's flood cost a whole run
    each). None: run the check — the author is owed their one refusal, there is no report yet, or another
    comment with a command came after the report's last edit (a run for it may have been replaced by this
    one: GitHub keeps one pending run per pull request)."""
    if commands and comment.author.id not in refused_authors(c.body for c in own):
        return None
    reports = [c for c in own if parse_state(c.id, c.body, number) is not None]
    if not reports:
        return None
    since = min(reports, key=lambda c: c.id).updated_at
    if any(c.id != comment.id and c.updated_at > since and may_hold_commands(c.body) for c in others):
        return None
    return "this comment " + (
        "holds no command"
        if not commands
        else "holds only admin commands from an account without permission here, which was answered already"
    )
