"""Admin commands: who may give which command on which pull request, and the decisions they record.

Every refusal says why in a sentence the commenter reads; an unknown commenter is never an admin.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from bot.config.models import Election
from bot.github.values import PERMISSION_ASSOCIATIONS, Comment, User, same_login
from bot.nominations import record
from bot.nominations.constants import ADMIN_PERMISSIONS
from bot.nominations.slash import ADMIN_COMMANDS, Command, SlashCommand
from bot.nominations.state import Decision


def may_hold_permission(comment: Comment) -> bool:
    """Whether the permission API could say write or more for this commenter (a hint that only narrows:
    a MEMBER may still lack write access, which the API then says)."""
    return comment.author_association in PERMISSION_ASSOCIATIONS


class Outcome(StrEnum):
    accepted = "accepted"
    refused = "refused"
    ignored = "ignored"  # not ours to answer: /consent (read from the comments), or the bot's own words


@dataclass(frozen=True, slots=True)
class Ruling:
    command: SlashCommand
    outcome: Outcome
    reason: str = ""  # for a refusal: one sentence of Markdown, built only from our words and checked args
    decision: Decision | None = None


@dataclass(frozen=True, slots=True)
class Commenter:
    person: User
    is_bot: bool
    configured_admin: bool  # listed under `admins` in election.yaml (by id when pinned)
    permission: str | None  # collaborator permission; None when it was not needed (configured admin)
    is_author: bool
    is_nominee: bool

    @property
    def is_admin(self) -> bool:
        if self.is_bot:
            return False
        return self.configured_admin or self.permission in ADMIN_PERMISSIONS


def needs_permission(
    commands: Sequence[SlashCommand], *, configured_admin: bool, is_author: bool, is_nominee: bool
) -> bool:
    """Whether the collaborator permission must be asked (one request) to rule on these commands."""
    if configured_admin:
        return False
    for command in commands:
        if command.name in ADMIN_COMMANDS:
            return True
        if command.name is Command.recheck and not (is_author or is_nominee):
            return True
    return False


_ADMIN_ONLY = (
    "only the election's admins (people with write, maintain or admin permission on this repository, or "
    "listed as admins in election.yaml) can use `/{name}`"
)


def refused_as_not_admin(command: SlashCommand) -> Ruling:
    """An admin command from someone who is not an admin: the answer depends on nothing else."""
    return Ruling(command, Outcome.refused, _ADMIN_ONLY.format(name=command.name.value))


@dataclass(frozen=True, slots=True)
class Scope:
    """What the pull request proposed when a comment was written, from the bot's record of GitHub's own
    timestamps (`record.proposed_at`): `then` holds every proposal it may have made at that instant,
    `record.UNKNOWN` among them when the record cannot tell."""

    key: str  # what it proposes now
    then: frozenset[str]
    login_then: str = ""  # the nominee then, when `then` is exactly one other proposal
    election: str = ""  # the election of the nomination now

    @property
    def bound(self) -> bool:
        return self.then == frozenset({self.key})


def _explicit(command: SlashCommand) -> tuple[str | None, tuple[str, ...]]:
    """`/verify-membership @bob fellow`: the nominee the admin named, and the other arguments."""
    if command.args and command.args[0].startswith("@"):
        return command.args[0][1:], command.args[1:]
    return None, command.args


def _scope_refusal(command: SlashCommand, scope: Scope, nominee: User) -> str | None:
    """Why an admin command written for another nominee (or when the bot cannot tell for whom) is not
    applied; None when it counts for `nominee`."""
    name = command.name.value
    rest = " ".join(command.args)
    explicit = f"`/{name} @{nominee.login}{' ' + rest if rest else ''}`"
    named, _ = _explicit(command)
    if named is not None:
        # The admin's own word for whom it is, as long as the record does not show the pull request
        # proposing someone else when it was written (then the admin cannot have seen this nominee).
        if same_login(named, nominee.login) and (scope.key in scope.then or record.UNKNOWN in scope.then):
            return None
        if same_login(named, nominee.login):
            return (
                f"when this was written the pull request did not nominate `{nominee.login}` yet, so it was "
                f"not applied; if it is meant for the nomination as it is now, comment {explicit} again"
            )
        return (
            f"this command names `@{named}`, but this pull request nominates `{nominee.login}`; nothing "
            "was applied"
        )
    if scope.bound:
        return None
    if record.UNKNOWN not in scope.then and len(scope.then) == 1 and scope.login_then:
        return (
            f"this was for `{scope.login_then}`; the pull request now nominates `{nominee.login}`, so it "
            f"was not applied. If it is meant for `{nominee.login}`, comment {explicit}"
        )
    return (
        "the pull request changed around the time this command was written, so the bot cannot tell "
        f"whether it was meant for `{nominee.login}`; nothing was applied. If it is, comment {explicit}"
    )


def authorise(
    command: SlashCommand,
    who: Commenter,
    at: datetime,
    comment_id: int,
    *,
    nominee: User | None,
    declared: str | None,
    scope: Scope | None,
    election: Election | None = None,
) -> Ruling:
    """Rule on one command from one commenter. Admin commands need admin rights; nobody decides on their
    own nomination; the bot never counts as anyone; a decision counts only for the nominee the pull
    request proposed when the admin wrote it (`scope`; None: the bot has no record at all, so it cannot
    tell) or the one the admin named (`@login`)."""
    if who.is_bot or command.name is Command.consent:
        return Ruling(command, Outcome.ignored)
    if command.name is Command.recheck:
        if who.is_admin or who.is_author or who.is_nominee:
            return Ruling(command, Outcome.accepted)
        return Ruling(
            command,
            Outcome.refused,
            "only the admins, the nominee and the author of this pull request can use `/recheck` (the bot re-checks on every push anyway)",
        )
    if not who.is_admin:
        return refused_as_not_admin(command)
    if who.is_nominee or (nominee is not None and nominee.same(who.person)):
        return Ruling(
            command, Outcome.refused, "an admin cannot decide on their own nomination; ask another admin"
        )
    if not command.valid_args:
        return Ruling(
            command, Outcome.refused, f"`/{command.name.value}` takes only plain words as arguments"
        )

    if nominee is None:  # every decision is about one nominee's account (by numeric id)
        return Ruling(
            command,
            Outcome.refused,
            "the nominee's GitHub account is not known yet, so there is nothing to decide on",
        )
    scope = scope or Scope("", frozenset({record.UNKNOWN}))
    why = _scope_refusal(command, scope, nominee)
    if why is not None:
        return Ruling(command, Outcome.refused, why)
    _, args = _explicit(command)
    command = replace(command, args=args)

    def decision(kind: Command, nominee_id: int | None, value: str = "") -> Decision:
        return Decision(
            kind,
            who.person.login,
            who.person.id,
            at,
            comment_id,
            nominee_id,
            value,
            nominee.login,
            scope.election,
        )

    if command.name is Command.accept_late:
        return Ruling(command, Outcome.accepted, decision=decision(Command.accept_late, nominee.id))
    if command.name is Command.unverify_membership:
        return Ruling(
            command,
            Outcome.accepted,
            decision=decision(Command.unverify_membership, nominee.id),
        )
    # /verify-membership [class]
    if len(command.args) > 1:
        return Ruling(
            command,
            Outcome.refused,
            "use `/verify-membership` or `/verify-membership <class>`, e.g. `/verify-membership fellow`",
        )
    classes = election.membership_classes if election is not None else ()
    example = classes[-1] if classes else "member"
    if command.args:
        klass = command.args[0].lower()
        if klass not in classes:
            name = election.community.membership.name if election is not None else "membership"
            return Ruling(
                command,
                Outcome.refused,
                f"`{command.args[0]}` is not a class of {name} here (one of: {', '.join(classes) or 'none'})",
            )
    elif declared is not None:
        klass = declared
    else:
        return Ruling(
            command,
            Outcome.refused,
            f"say which class, e.g. `/verify-membership {example}` (the file's membership class could not "
            "be read)",
        )
    return Ruling(
        command,
        Outcome.accepted,
        decision=decision(Command.verify_membership, nominee.id, klass),
    )


def apply_decisions(existing: Sequence[Decision], new: Iterable[Decision]) -> tuple[Decision, ...]:
    """Add decisions not yet recorded (one per comment and kind: a re-run of the same event adds nothing)."""
    seen = {(d.comment_id, d.kind) for d in existing}
    out = list(existing)
    for decision in new:
        if (decision.comment_id, decision.kind) not in seen:
            seen.add((decision.comment_id, decision.kind))
            out.append(decision)
    return tuple(out)


def membership_decision(
    decisions: Sequence[Decision], nominee: User | None, election: str = ""
) -> Decision | None:
    """The latest verify/unverify for this nominee; a verification stands until an admin withdraws it."""
    if nominee is None:
        return None
    relevant = [
        d
        for d in decisions
        if d.kind in (Command.verify_membership, Command.unverify_membership)
        and d.applies_to(nominee, election)
    ]
    if not relevant:
        return None
    latest = max(relevant, key=lambda d: (d.at, d.comment_id))
    return latest if latest.kind is Command.verify_membership else None


def late_decision(decisions: Sequence[Decision], nominee: User | None, election: str = "") -> Decision | None:
    """The first `/accept-late` for this nominee. Like a membership decision it is about one account (by
    numeric id) in one election: a pull request later changed to nominate someone else needs its own."""
    if nominee is None:
        return None
    accepted = [d for d in decisions if d.kind is Command.accept_late and d.applies_to(nominee, election)]
    return min(accepted, key=lambda d: (d.at, d.comment_id)) if accepted else None
