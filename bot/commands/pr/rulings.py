"""The admin commands one run of `election-bot pr` rules on: which comments it reads (in the order and
within the budget `bot.nominations.run_budget` decides), whose permission it asks GitHub for (once per
login per run), and each command's ruling (`bot.nominations.authorise`)."""

from __future__ import annotations

import time
from collections.abc import Sequence

from bot import nominations as prcheck
from bot.commands.pr.conversions import ListedComment
from bot.commands.pr.gather import Gatherer
from bot.github.values import Comment, login_key
from bot.nominations import Commenter, Facts, Outcome, ReportState, Ruling, record
from bot.nominations import record_decisions as trusted
from bot.nominations.record import ReadRecord
from bot.nominations.run_budget import (
    MAX_COMMAND_COMMENTS,
    command_order,
    configured_admin,
    over_budget,
    permitted,
)
from bot.nominations.slash import ADMIN_COMMANDS, Command, SlashCommand, may_hold_commands, parse_commands


class CommandRuler(Gatherer):
    """The gathering of a run, and its rulings on the commands in the comments it gathered."""

    def rule_on_commands(
        self, comments: Sequence[ListedComment], facts: Facts, state: ReportState
    ) -> dict[int, list[Ruling]]:
        """Admin commands not yet answered, from comments as they were created (never edited ones), plus
        this event's own comment for `/recheck`. Nothing is acted on for an edited or deleted comment.

        Level-triggered: a command whose own run GitHub replaced is picked up here. This event's comment
        comes first, then the oldest others, at most `MAX_COMMAND_COMMENTS` a run (a flood of commands
        from strangers cannot spend the rate limit in one run; the rest wait for the next)."""
        event = self.event
        if event.name == "issue_comment" and event.action != "created":
            return {}
        own_bodies = [c.comment.body for c in comments if c.own]
        answered = {d.comment_id for d in state.decisions} | prcheck.replied_to(own_bodies)
        refused = prcheck.refused_authors(own_bodies)
        event_id = event.comment.id if event.comment is not None else None

        def admin_now(c: Comment) -> bool:
            """Named in election.yaml, or said by the permission API (asked in this run) to be one."""
            return configured_admin(c, facts.election) or permitted(
                self.permissions.get(login_key(c.author.login))
            )

        ordered = sorted(
            comments, key=lambda c: command_order(c.comment, event_id, facts.election, facts.nominee)
        )
        out: dict[int, list[Ruling]] = {}
        for comment in ordered:
            c = comment.comment
            if comment.own or comment.edited or c.id in answered:
                continue
            if c.id != event_id and c.author.id in refused and not admin_now(c):
                # Refused once on this pull request (before or in this run): neither asked nor answered
                # again until the permission API says otherwise (on their own comment's run).
                continue
            if not may_hold_commands(c.body) or (
                c.id != event_id and record.is_read(state.read, c.id, c.updated_at)
            ):
                continue  # nothing to parse (too long, no command line), or parsed before as it is now
            if c.id != event_id and over_budget(self.low, time.thread_time() - self.started):
                self.deferred.append(c.id)
                continue
            commands = [
                cmd
                for cmd in parse_commands(c.body)
                if cmd.name in ADMIN_COMMANDS or (cmd.name is Command.recheck and c.id == event_id)
            ]
            if commands:
                out[c.id] = self.rule(c, commands, facts)
                if any(r.outcome is Outcome.refused for r in out[c.id]) and not admin_now(c):
                    refused.add(c.author.id)
                if len(out) >= MAX_COMMAND_COMMENTS:
                    break
            else:
                self.read_now.append(ReadRecord(c.id, c.updated_at))
                self.read_comments.append(comment)
        return out

    def rule(self, c: Comment, commands: Sequence[SlashCommand], facts: Facts) -> list[Ruling]:
        """The rulings on one comment's commands: who asked (the bot or an app, an admin named in
        election.yaml, the author, the nominee, and GitHub's permission only when it matters)."""
        nominee = facts.nominee
        is_author = facts.pull.author.same(c.author)
        is_nominee = nominee is not None and nominee.same(c.author)
        # The bot, and any other app or bot account, never counts as an admin (nor as anyone else).
        is_bot = c.author.is_any_bot(self.gh.bot_login)
        configured = configured_admin(c, facts.election)
        permission: str | None = None
        if not is_bot and not configured and not prcheck.may_hold_permission(c):
            permission = "none"  # GitHub says the account holds no permission here: nothing to ask
        elif not is_bot and prcheck.needs_permission(
            commands, configured_admin=configured, is_author=is_author, is_nominee=is_nominee
        ):
            key = login_key(c.author.login)
            if key not in self.permissions:
                self.permissions[key] = self.gh.collaborator_permission(c.author.login)
            permission = self.permissions[key]
        who = Commenter(c.author, is_bot, configured, permission, is_author, is_nominee)
        declared = facts.loaded.fields.membership if facts.loaded else None
        scope = trusted.scope(facts, c.created_at)
        return [
            prcheck.authorise(
                cmd,
                who,
                c.created_at,
                c.id,
                nominee=nominee,
                declared=declared,
                scope=scope,
                election=facts.election,
            )
            for cmd in commands
        ]
