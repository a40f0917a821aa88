"""The pull request's comments as the check lists them, and the admin commands in them: which are ruled
on in this run, in what order, and who asked (an admin by configuration, a possible collaborator, the
author, the nominee, a bot). Pure: the one fact that needs GitHub, a commenter's collaborator permission,
is asked by the command only when `Asker.ask` says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.github.values import Comment
from bot.nominations import record
from bot.nominations.authority import Commenter, Ruling, authorise, may_hold_permission, needs_permission
from bot.nominations.event import EventFacts
from bot.nominations.record_decisions import scope
from bot.nominations.slash import ADMIN_COMMANDS, Command, SlashCommand, parse_commands
from bot.nominations.state import ReportState, parse_state, refused_authors, replied_to
from bot.nominations.verdict import Facts
from bot.text import markers
from bot.text.labels import MarkerKind

MAX_COMMAND_COMMENTS = 3  # comments with commands ruled on per run (this event's own first)


@dataclass(frozen=True, slots=True)
class ListedComment:
    comment: Comment
    edited: bool  # GitHub's updated_at differs from created_at: someone changed it after posting
    own: bool  # authored by the bot


def listed(comment: Comment, bot_login: str) -> ListedComment:
    return ListedComment(
        comment, comment.updated_at != comment.created_at, comment.author.is_bot_author(bot_login)
    )


def _configured(c: Comment, facts: Facts) -> bool:
    return bool(facts.election and facts.election.is_admin_login(c.author.login, c.author.id))


def pending_commands(
    comments: Sequence[ListedComment], event: EventFacts, state: ReportState, facts: Facts
) -> list[tuple[Comment, list[SlashCommand]]]:
    """Admin commands not yet answered, from comments as they were created (never edited ones), plus
    this event's own comment for `/recheck`. Nothing is acted on for an edited or deleted comment.

    Level-triggered: a command whose own run GitHub replaced is picked up here. This event's comment
    comes first, then those of people who may be admins, then the oldest others, at most
    `MAX_COMMAND_COMMENTS` a run (a flood of commands from strangers cannot spend the rate limit in one
    run; the rest wait for the next)."""
    if event.name == "issue_comment" and event.action != "created":
        return []
    own_bodies = [c.comment.body for c in comments if c.own]
    answered = {d.comment_id for d in state.decisions} | replied_to(own_bodies)
    refused = refused_authors(own_bodies)
    event_id = event.comment.id if event.comment is not None else None

    def trusted(c: Comment) -> bool:
        return _configured(c, facts) or may_hold_permission(c)

    ordered = sorted(
        comments,
        key=lambda c: (c.comment.id != event_id, not trusted(c.comment), c.comment.created_at, c.comment.id),
    )
    out: list[tuple[Comment, list[SlashCommand]]] = []
    for comment in ordered:
        c = comment.comment
        if comment.own or comment.edited or c.id in answered:
            continue
        if c.id != event_id and c.author.id in refused and not trusted(c):
            continue  # refused once on this pull request already: not asked again, not answered again
        commands = [
            cmd
            for cmd in parse_commands(c.body)
            if cmd.name in ADMIN_COMMANDS or (cmd.name is Command.recheck and c.id == event_id)
        ]
        if commands:
            out.append((c, commands))
            if len(out) >= MAX_COMMAND_COMMENTS:
                break
    return out


@dataclass(frozen=True, slots=True)
class Asker:
    """Who wrote a command comment; `ask`: the collaborator permission is needed and not known yet."""

    commenter: Commenter
    ask: bool


def asker(c: Comment, commands: Sequence[SlashCommand], facts: Facts, bot_login: str) -> Asker:
    nominee = facts.nominee
    is_author = facts.pull.author.same(c.author)
    is_nominee = nominee is not None and nominee.same(c.author)
    # The bot, and any other app or bot account, never counts as an admin (nor as anyone else).
    is_bot = c.author.is_any_bot(bot_login)
    configured = _configured(c, facts)
    permission: str | None = None
    ask = False
    if not is_bot and not configured and not may_hold_permission(c):
        permission = "none"  # GitHub says the account holds no permission here: nothing to ask
    elif not is_bot and needs_permission(
        commands, configured_admin=configured, is_author=is_author, is_nominee=is_nominee
    ):
        ask = True
    return Asker(Commenter(c.author, is_bot, configured, permission, is_author, is_nominee), ask)


def with_permission(who: Asker, permission: str) -> Commenter:
    """The commenter once GitHub said their collaborator permission."""
    return replace(who.commenter, permission=permission)


def rule(c: Comment, commands: Sequence[SlashCommand], facts: Facts, who: Commenter) -> list[Ruling]:
    """The ruling on each command of one comment, judged in what the pull request proposed when it was
    written (`scope`)."""
    declared = facts.loaded.fields.membership if facts.loaded else None
    written = scope(facts, c.created_at)
    return [
        authorise(
            cmd,
            who,
            c.created_at,
            c.id,
            nominee=facts.nominee,
            declared=declared,
            scope=written,
            election=facts.election,
        )
        for cmd in commands
    ]


def find_report_state(own: Sequence[ListedComment], number: int) -> ReportState:
    """The bot's report comment on this PR (the oldest, if a crash ever left two)."""
    for comment in sorted(own, key=lambda c: c.comment.id):
        state = parse_state(comment.comment.id, comment.comment.body, number)
        if state is not None:
            return state
    return ReportState()


def cut_off_marks(own: Sequence[ListedComment], number: int) -> list[markers.Marker]:
    """The cut-off pass's markers on this pull request, from the bot's own cut-off comments."""
    return [
        found
        for comment in own
        for found in markers.find_markers(comment.comment.body)
        if found.kind == MarkerKind.CUTOFF and found.fields.get("pr") == str(number)
    ]


def snapshots(marks: Sequence[markers.Marker]) -> list[record.Snapshot]:
    """What the cut-off pass saw the pull request propose (`record.Snapshot`), where its marker says."""
    return [snapshot for found in marks if (snapshot := record.parse_snapshot(found)) is not None]
