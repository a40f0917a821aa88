"""The authorisation matrix: every command and consent path × every kind of actor, end to end.

`ROWS` is the table. Each row is one test that drives `bot.cli.main(["pr"])` against the local GitHub
stand-in with real webhook payloads: it sets up a nomination (Bob nominates Carol), records the baseline
verdict, lets the actor act (a comment, an approving review, an edit, a deletion...), runs the check, and
asserts the row's result from what GitHub then shows — labels, the check run's conclusion, the decisions
recorded in the bot's report, refusal replies — then runs the same event again and a later event and
asserts that neither writes anything (a refusal is posted once; nothing acts twice or late).

Every row also asserts that the bot never edited or deleted a comment it did not write, and that the pull
request carries exactly one report comment.

`render_matrix()` turns the same rows into the `authz-matrix` section of docs/security/authorization-matrix.md;
`test_security_md_matrix_is_current` fails when that copy is stale, and rewrites it when the environment
has ELECTION_BOT_UPDATE_SECURITY=1:

    ELECTION_BOT_UPDATE_SECURITY=1 uv run pytest tests/e2e/test_authorization_matrix.py -k security_md
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from pathlib import Path

import pytest

from bot.nominations import Decision, parse_state
from election_bot_demo.fakehub import FakeHub, RequestRecord
from tests.helpers.world import CUTOFF, ELECTION_DIR, REPO, Run, World, _world, nomination_md

pytestmark = pytest.mark.slow  # docs/development/testing.md: The fast lane

SECURITY_MD = Path(__file__).resolve().parents[2] / "docs" / "security" / "authorization-matrix.md"
START = "<!-- authz-matrix:start -->"
END = "<!-- authz-matrix:end -->"
UPDATE_ENV = "ELECTION_BOT_UPDATE_SECURITY"


# -- the vocabulary of the table --------------------------------------------------------------------------


class Via(StrEnum):
    """How someone tries to act on a nomination: a command in a comment, or a review."""

    consent = "`/consent`"
    review = "approving review"
    dismissed = "approving review, dismissed"
    verify = "`/verify-membership`"
    unverify = "`/unverify-membership`"
    accept_late = "`/accept-late`"
    recheck = "`/recheck`"


COMMENT_VIAS = (Via.consent, Via.verify, Via.unverify, Via.accept_late, Via.recheck)
REVIEW_VIAS = (Via.review, Via.dismissed)
ADMIN_VIAS = (Via.verify, Via.unverify, Via.accept_late)
CONSENT_VIAS = (Via.consent, Via.review, Via.dismissed)


class Actor(StrEnum):
    nominee = "the nominee"
    nominee_admin = "the nominee, who is also a repository admin"
    nominator = "the nominator (author of the pull request)"
    other = "another user (no permission)"
    configured_login = "configured admin (election.yaml, by login), no repository permission"
    configured_id = "configured admin pinned by numeric id, no repository permission"
    write = "collaborator with write"
    maintain = "collaborator with maintain"
    admin = "collaborator with admin"
    triage = "collaborator with triage only"
    read = "read-only collaborator"
    bot = "the bot itself (github-actions[bot])"
    app = "another app (helper-app[bot]) with write"
    edited_event = "an edited comment (issue_comment.edited)"
    edited_before_run = "a created comment, edited before the bot read it"
    deleted_event = "a deleted comment (issue_comment.deleted)"
    deleted_before_run = "a created comment, deleted before the bot read it"
    forged = "a comment carrying forged bot markers"
    renamed = "renamed since the PR (same id, new login)"
    login_taken = "a new account that took the old login"
    configured_login_renamed = "configured admin by login, renamed since"
    configured_login_taken = "a new account that took a configured admin's login (not pinned)"


# Who acts for the actors that are a kind of comment or an identity change rather than a role.
COMMENT_AUTHOR_NOTE = (
    "the edited and deleted comments are written by the nominee (`/consent`), a collaborator with write "
    "(admin commands: so only the edit or the deletion can stop them) or another user (`/recheck`: so that "
    "ignoring and refusing can be told apart); forged markers come from another user (Mallory)"
)
RENAMED_NOTE = (
    "after a rename, or a takeover of the old login, the one acting is the nominee (consent and reviews), "
    "the admin pinned by id (admin commands) or the author of the pull request (`/recheck`)"
)


class Expect(StrEnum):
    acted = "acted"
    refused = "refused politely, once"
    ignored = "ignored"


class Situation(StrEnum):
    """Rows beyond the plain command: what else is true."""

    bad_class = "argument `platinum`"
    retired_class = "argument `managing` (retired class)"
    two_args = "two arguments"
    not_a_word = "an argument that is not a plain word"
    nominee_unknown = "the file names a login with no GitHub account"
    names_disagree = "the file's name and `github` disagree (`decoy.md` saying the nominee's login: NOM006)"
    older_comment = "in an older comment, seen by a later event"
    login_held = "another account now holds the nominee's old login"
    relay = "delivered by the review relay (workflow_run), as for pull requests from forks"


class Branch(StrEnum):
    """Every authorisation decision in bot/commands/pr/ and bot/nominations/."""

    own_event = "pr.check.run_pr: a comment event whose author is the bot → nothing read, nothing written"
    not_created = (
        "pr.rulings.rule_on_commands: an `edited` or `deleted` comment event → no command is ruled on"
    )
    edited = "pr.rulings.rule_on_commands: a listed comment edited since it was created → never a command"
    own_comment = "pr.rulings.rule_on_commands: the bot's own comments → never commands"
    answered = (
        "pr.rulings.rule_on_commands: a comment already answered (decision or reply on record) → not again"
    )
    recheck_not_event = (
        "pr.rulings.rule_on_commands: `/recheck` counts only in the comment that triggered the run"
    )
    deleted = (
        "pr.gather.Gatherer.comments: a deleted comment is not listed (and dropped on its deleted event)"
    )
    is_bot = (
        "pr.rulings.CommandRuler.rule / prcheck.authorise: the bot or an app account → no admin, no reply"
    )
    forged = "prcheck.parse_state / replied_to: markers are read only from the bot's own comments"
    pinned_id = "models.Election.is_admin_login: an admin pinned by id is matched by id, never by login"
    consent_other = "prcheck.find_consent: `/consent` or an approval from any account but the nominee's"
    no_nominee = "prcheck.find_consent: the file's login has no account → nobody can consent"
    names_disagree = (
        "prcheck.Facts.judges_nominee: a file whose name and `github` disagree names no nominee → no "
        "account looked up, no consent counted (NOM006)"
    )
    not_approved = "prcheck.approving_review: a review that is not APPROVED (dismissed)"
    recheck_refused = "prcheck.authorise: `/recheck` from someone not an admin, the author or the nominee"
    not_admin = "prcheck.authorise: below write permission and not configured → admin commands refused"
    own_nomination = "prcheck.authorise: an admin deciding on their own nomination"
    bad_args = "prcheck.authorise: arguments that are not plain words"
    unknown_nominee = "prcheck.authorise: a decision while the nominee's account is unknown"
    arg_count = "prcheck.authorise: `/verify-membership` with more than one argument"
    bad_class = (
        "prcheck.authorise: not a membership class of the election (a retired one such as `managing` neither)"
    )
    no_declared_class = (
        "prcheck.authorise: `/verify-membership` without a class when the file's is unreadable"
    )
    decision_scope = "prcheck.membership_decision / late_decision: a decision counts only for its nominee"


# Branches a row cannot isolate, and what exercises them instead.
COVERED_ELSEWHERE: dict[Branch, str] = {
    Branch.answered: "every row: the same event is run again and a later event follows; neither may write",
    Branch.own_comment: "the bot row: the later event reads the bot's comment and must not act on it",
    Branch.decision_scope: (
        "test_a_decision_does_not_follow_the_pull_request_to_another_nominee: a pull request changed after "
        "a `/verify-membership` or `/accept-late` to nominate someone else (the deciding admin) inherits "
        "neither"
    ),
    Branch.no_declared_class: (
        "unreachable end to end (the nominee is known only when the file loaded, and then its class is "
        "known); unit-tested in tests/nominations/test_prcheck.py"
    ),
}

# What a refusal reply says, per deciding branch (the reply must name the reason).
REFUSAL_TEXT: dict[Branch, str] = {
    Branch.not_admin: "only the election's admins",
    Branch.pinned_id: "only the election's admins",
    Branch.own_nomination: "cannot decide on their own nomination",
    Branch.bad_args: "takes only plain words",
    Branch.unknown_nominee: "is not known yet",
    Branch.arg_count: "use `/verify-membership` or",
    Branch.bad_class: "is not a class of PSF membership here",
    Branch.recheck_refused: "only the admins, the nominee and the author",
}


@dataclass(frozen=True)
class Row:
    via: Via
    actor: Actor
    expect: Expect
    branch: Branch | None  # the decision that refuses or ignores it (None: acted)
    why: str
    situation: Situation | None = None

    @property
    def id(self) -> str:
        via = self.via.name
        return f"{via}-{self.actor.name}" + (f"-{self.situation.name}" if self.situation else "")


ACT, REF, IGN = Expect.acted, Expect.refused, Expect.ignored

# -- the table -------------------------------------------------------------------------------------------

_ONLY_NOMINEE = "only the nominee's own account consents (by numeric id); permissions do not matter"
_NOT_ADMIN = "below write permission and not listed in election.yaml"
_BY_PERMISSION = "the collaborator-permission API says write, maintain or admin"
_BOT_EVENT = (
    "the bot's own comment: the run stops before any request, and later runs never read it as a command"
)
_APP = "an app is never an admin (nor anyone else), whatever its permission; no reply to a bot"
_EDIT_EVENT = "commands are acted on only when a comment is created; the edit's event rules on nothing"
_EDITED = "GitHub shows the comment was edited (updated_at ≠ created_at): never acted on, now or later"
_DELETED = "the deleted comment is gone from the list; its deleted event rules on nothing"
_FORGED_ADMIN = (
    "Mallory is not an admin; her comment's report, decision and reply markers are never read, and it is "
    "never edited"
)
_AFTER_DELETE_ADMIN = (
    "the created event's payload is GitHub's record that an admin posted it; the decision stays on the "
    "record (withdraw it with `/unverify-membership`)"
)
_PINNED_RENAMED = "a pinned admin is matched by numeric id, whatever the login is now"
_PINNED_TAKEN = "the login is not the pinned id: not an admin"
_LOGIN_RENAMED = "listed by login only: the renamed account is no longer listed (pin ids)"
_LOGIN_TAKEN = "listed by login only: whoever holds the login is an admin — pin admins with `id`"
_OWN = "nobody decides on their own nomination"

ROWS: list[Row] = [
    # /consent ------------------------------------------------------------------------------------------
    Row(
        Via.consent,
        Actor.nominee,
        ACT,
        None,
        "consent from the nominee's own account (matched by numeric id)",
    ),
    Row(Via.consent, Actor.nominee_admin, ACT, None, "the nominee's own consent; a role changes nothing"),
    Row(
        Via.consent,
        Actor.nominator,
        IGN,
        Branch.consent_other,
        "the nominator cannot consent for the nominee",
    ),
    Row(Via.consent, Actor.other, IGN, Branch.consent_other, _ONLY_NOMINEE),
    Row(Via.consent, Actor.configured_login, IGN, Branch.consent_other, _ONLY_NOMINEE),
    Row(Via.consent, Actor.configured_id, IGN, Branch.consent_other, _ONLY_NOMINEE),
    Row(Via.consent, Actor.write, IGN, Branch.consent_other, _ONLY_NOMINEE),
    Row(Via.consent, Actor.maintain, IGN, Branch.consent_other, _ONLY_NOMINEE),
    Row(Via.consent, Actor.admin, IGN, Branch.consent_other, _ONLY_NOMINEE),
    Row(Via.consent, Actor.triage, IGN, Branch.consent_other, _ONLY_NOMINEE),
    Row(Via.consent, Actor.read, IGN, Branch.consent_other, _ONLY_NOMINEE),
    Row(Via.consent, Actor.bot, IGN, Branch.own_event, _BOT_EVENT),
    Row(Via.consent, Actor.app, IGN, Branch.consent_other, "an app is never the nominee"),
    Row(
        Via.consent,
        Actor.edited_event,
        ACT,
        None,
        "documented limit: consent counts by the nominee's comment's current text (only its author and "
        "people with write access can edit it)",
    ),
    Row(Via.consent, Actor.edited_before_run, ACT, None, "as above: consent is read from the current text"),
    Row(Via.consent, Actor.deleted_event, IGN, Branch.deleted, "a deleted `/consent` is no consent"),
    Row(
        Via.consent,
        Actor.deleted_before_run,
        IGN,
        Branch.deleted,
        "the created event's run may count the payload's copy; the deleted event's run withdraws it",
    ),
    Row(Via.consent, Actor.forged, IGN, Branch.forged, "markers in a person's comment are never read"),
    Row(
        Via.consent,
        Actor.renamed,
        IGN,
        Branch.no_nominee,
        "the file names a login that no longer exists (PR006): fail closed until the file names the new one",
    ),
    Row(
        Via.consent,
        Actor.nominee,
        IGN,
        Branch.names_disagree,
        "the bot cannot tell which login the file means: nobody's consent counts until the two agree",
        Situation.names_disagree,
    ),
    Row(
        Via.consent,
        Actor.renamed,
        IGN,
        Branch.consent_other,
        "the account holding the file's login is the nominee now; the renamed account's consent is not its",
        Situation.login_held,
    ),
    Row(
        Via.consent,
        Actor.login_taken,
        ACT,
        None,
        "the file names a login, and this account holds it now (a roster row pinned with `github_id` does "
        "not verify it)",
    ),
    # approving review ------------------------------------------------------------------------------------
    Row(Via.review, Actor.nominee, ACT, None, "an approval from the nominee's own account (by numeric id)"),
    Row(Via.review, Actor.nominee_admin, ACT, None, "the nominee's own approval"),
    Row(
        Via.review,
        Actor.nominator,
        IGN,
        Branch.consent_other,
        "GitHub refuses an author's approval of their own PR; were it there, it is not the nominee's",
    ),
    Row(Via.review, Actor.other, IGN, Branch.consent_other, _ONLY_NOMINEE),
    Row(Via.review, Actor.configured_login, IGN, Branch.consent_other, _ONLY_NOMINEE),
    Row(Via.review, Actor.configured_id, IGN, Branch.consent_other, _ONLY_NOMINEE),
    Row(Via.review, Actor.write, IGN, Branch.consent_other, "an admin's approval is a review, not consent"),
    Row(
        Via.review, Actor.maintain, IGN, Branch.consent_other, "an admin's approval is a review, not consent"
    ),
    Row(Via.review, Actor.admin, IGN, Branch.consent_other, "an admin's approval is a review, not consent"),
    Row(Via.review, Actor.triage, IGN, Branch.consent_other, _ONLY_NOMINEE),
    Row(Via.review, Actor.read, IGN, Branch.consent_other, _ONLY_NOMINEE),
    Row(Via.review, Actor.bot, IGN, Branch.consent_other, "the bot never approves on anyone's behalf"),
    Row(Via.review, Actor.app, IGN, Branch.consent_other, "an app is never the nominee"),
    Row(
        Via.review,
        Actor.forged,
        IGN,
        Branch.forged,
        "Mallory's approval; the markers in its body are never read",
    ),
    Row(
        Via.review,
        Actor.renamed,
        IGN,
        Branch.no_nominee,
        "the file names a login that no longer exists (PR006)",
    ),
    Row(Via.review, Actor.login_taken, ACT, None, "the account holding the file's login now is the nominee"),
    Row(
        Via.review,
        Actor.nominee,
        IGN,
        Branch.names_disagree,
        "the reviews are not even read while the file name and `github` disagree",
        Situation.names_disagree,
    ),
    Row(
        Via.review,
        Actor.nominee,
        ACT,
        None,
        "the relay carries no data: the bot reads the reviews",
        Situation.relay,
    ),
    Row(Via.review, Actor.other, IGN, Branch.consent_other, _ONLY_NOMINEE, Situation.relay),
    # approving review, dismissed ---------------------------------------------------------------------------
    Row(Via.dismissed, Actor.nominee, IGN, Branch.not_approved, "a dismissed approval is no longer consent"),
    Row(Via.dismissed, Actor.nominee_admin, IGN, Branch.not_approved, "a dismissed approval is no consent"),
    Row(Via.dismissed, Actor.nominator, IGN, Branch.not_approved, "dismissed, and not the nominee's"),
    Row(Via.dismissed, Actor.other, IGN, Branch.not_approved, "dismissed, and not the nominee's"),
    Row(Via.dismissed, Actor.configured_login, IGN, Branch.not_approved, "dismissed, and not the nominee's"),
    Row(Via.dismissed, Actor.configured_id, IGN, Branch.not_approved, "dismissed, and not the nominee's"),
    Row(Via.dismissed, Actor.write, IGN, Branch.not_approved, "dismissed, and not the nominee's"),
    Row(Via.dismissed, Actor.maintain, IGN, Branch.not_approved, "dismissed, and not the nominee's"),
    Row(Via.dismissed, Actor.admin, IGN, Branch.not_approved, "dismissed, and not the nominee's"),
    Row(Via.dismissed, Actor.triage, IGN, Branch.not_approved, "dismissed, and not the nominee's"),
    Row(Via.dismissed, Actor.read, IGN, Branch.not_approved, "dismissed, and not the nominee's"),
    Row(Via.dismissed, Actor.bot, IGN, Branch.not_approved, "dismissed, and never consent"),
    Row(Via.dismissed, Actor.app, IGN, Branch.not_approved, "dismissed, and never consent"),
    Row(Via.dismissed, Actor.forged, IGN, Branch.forged, "dismissed; the markers in its body are never read"),
    Row(Via.dismissed, Actor.renamed, IGN, Branch.not_approved, "dismissed (and the file's login is gone)"),
    Row(
        Via.dismissed,
        Actor.login_taken,
        IGN,
        Branch.not_approved,
        "dismissed: no consent from the new account",
    ),
    # /verify-membership -----------------------------------------------------------------------------------
    Row(Via.verify, Actor.nominee, REF, Branch.not_admin, f"{_OWN}, and the nominee is {_NOT_ADMIN}"),
    Row(Via.verify, Actor.nominee_admin, REF, Branch.own_nomination, _OWN),
    Row(Via.verify, Actor.nominator, REF, Branch.not_admin, f"the nominator is {_NOT_ADMIN}"),
    Row(Via.verify, Actor.other, REF, Branch.not_admin, _NOT_ADMIN),
    Row(Via.verify, Actor.configured_login, ACT, None, "listed under `admins` (no permission request)"),
    Row(Via.verify, Actor.configured_id, ACT, None, "listed under `admins`, matched by numeric id"),
    Row(Via.verify, Actor.write, ACT, None, _BY_PERMISSION),
    Row(Via.verify, Actor.maintain, ACT, None, _BY_PERMISSION),
    Row(Via.verify, Actor.admin, ACT, None, _BY_PERMISSION),
    Row(Via.verify, Actor.triage, REF, Branch.not_admin, "triage is not enough (nor `author_association`)"),
    Row(Via.verify, Actor.read, REF, Branch.not_admin, "read is not enough"),
    Row(Via.verify, Actor.bot, IGN, Branch.own_event, _BOT_EVENT),
    Row(Via.verify, Actor.app, IGN, Branch.is_bot, _APP),
    Row(Via.verify, Actor.edited_event, IGN, Branch.not_created, _EDIT_EVENT),
    Row(Via.verify, Actor.edited_before_run, IGN, Branch.edited, _EDITED),
    Row(Via.verify, Actor.deleted_event, IGN, Branch.not_created, _DELETED),
    Row(Via.verify, Actor.deleted_before_run, ACT, None, _AFTER_DELETE_ADMIN),
    Row(Via.verify, Actor.forged, REF, Branch.forged, _FORGED_ADMIN),
    Row(Via.verify, Actor.renamed, ACT, None, _PINNED_RENAMED),
    Row(Via.verify, Actor.login_taken, REF, Branch.pinned_id, _PINNED_TAKEN),
    Row(Via.verify, Actor.configured_login_renamed, REF, Branch.not_admin, _LOGIN_RENAMED),
    Row(Via.verify, Actor.configured_login_taken, ACT, None, _LOGIN_TAKEN),
    Row(Via.verify, Actor.write, REF, Branch.bad_class, "not a membership class", Situation.bad_class),
    Row(
        Via.verify,
        Actor.write,
        REF,
        Branch.bad_class,
        "a retired class cannot stand",
        Situation.retired_class,
    ),
    Row(Via.verify, Actor.write, REF, Branch.arg_count, "at most one class", Situation.two_args),
    Row(
        Via.verify, Actor.write, REF, Branch.bad_args, "arguments are plain ASCII words", Situation.not_a_word
    ),
    Row(
        Via.verify,
        Actor.write,
        REF,
        Branch.unknown_nominee,
        "nothing to verify: the decision is tied to the nominee's numeric id",
        Situation.nominee_unknown,
    ),
    Row(
        Via.verify,
        Actor.write,
        REF,
        Branch.unknown_nominee,
        "nobody to verify: the file name and `github` disagree, so no account is looked up",
        Situation.names_disagree,
    ),
    # /unverify-membership ---------------------------------------------------------------------------------
    Row(Via.unverify, Actor.nominee, REF, Branch.not_admin, f"the nominee is {_NOT_ADMIN}"),
    Row(Via.unverify, Actor.nominee_admin, REF, Branch.own_nomination, _OWN),
    Row(Via.unverify, Actor.nominator, REF, Branch.not_admin, f"the nominator is {_NOT_ADMIN}"),
    Row(Via.unverify, Actor.other, REF, Branch.not_admin, _NOT_ADMIN),
    Row(Via.unverify, Actor.configured_login, ACT, None, "listed under `admins`"),
    Row(Via.unverify, Actor.configured_id, ACT, None, "listed under `admins`, matched by numeric id"),
    Row(Via.unverify, Actor.write, ACT, None, _BY_PERMISSION),
    Row(Via.unverify, Actor.maintain, ACT, None, _BY_PERMISSION),
    Row(Via.unverify, Actor.admin, ACT, None, _BY_PERMISSION),
    Row(Via.unverify, Actor.triage, REF, Branch.not_admin, "triage is not enough"),
    Row(Via.unverify, Actor.read, REF, Branch.not_admin, "read is not enough"),
    Row(Via.unverify, Actor.bot, IGN, Branch.own_event, _BOT_EVENT),
    Row(Via.unverify, Actor.app, IGN, Branch.is_bot, _APP),
    Row(Via.unverify, Actor.edited_event, IGN, Branch.not_created, _EDIT_EVENT),
    Row(Via.unverify, Actor.edited_before_run, IGN, Branch.edited, _EDITED),
    Row(Via.unverify, Actor.deleted_event, IGN, Branch.not_created, _DELETED),
    Row(Via.unverify, Actor.deleted_before_run, ACT, None, "as for `/verify-membership`: on the record"),
    Row(Via.unverify, Actor.forged, REF, Branch.forged, _FORGED_ADMIN),
    Row(Via.unverify, Actor.renamed, ACT, None, _PINNED_RENAMED),
    Row(Via.unverify, Actor.login_taken, REF, Branch.pinned_id, _PINNED_TAKEN),
    Row(Via.unverify, Actor.configured_login_renamed, REF, Branch.not_admin, _LOGIN_RENAMED),
    Row(Via.unverify, Actor.configured_login_taken, ACT, None, _LOGIN_TAKEN),
    Row(Via.unverify, Actor.write, REF, Branch.bad_args, "arguments are plain words", Situation.not_a_word),
    # /accept-late -----------------------------------------------------------------------------------------
    Row(Via.accept_late, Actor.nominee, REF, Branch.not_admin, f"the nominee is {_NOT_ADMIN}"),
    Row(Via.accept_late, Actor.nominee_admin, REF, Branch.own_nomination, _OWN),
    Row(Via.accept_late, Actor.nominator, REF, Branch.not_admin, f"the nominator is {_NOT_ADMIN}"),
    Row(Via.accept_late, Actor.other, REF, Branch.not_admin, _NOT_ADMIN),
    Row(Via.accept_late, Actor.configured_login, ACT, None, "listed under `admins`"),
    Row(Via.accept_late, Actor.configured_id, ACT, None, "listed under `admins`, matched by numeric id"),
    Row(Via.accept_late, Actor.write, ACT, None, _BY_PERMISSION),
    Row(Via.accept_late, Actor.maintain, ACT, None, _BY_PERMISSION),
    Row(Via.accept_late, Actor.admin, ACT, None, _BY_PERMISSION),
    Row(Via.accept_late, Actor.triage, REF, Branch.not_admin, "triage is not enough"),
    Row(Via.accept_late, Actor.read, REF, Branch.not_admin, "read is not enough"),
    Row(Via.accept_late, Actor.bot, IGN, Branch.own_event, _BOT_EVENT),
    Row(Via.accept_late, Actor.app, IGN, Branch.is_bot, _APP),
    Row(Via.accept_late, Actor.edited_event, IGN, Branch.not_created, _EDIT_EVENT),
    Row(Via.accept_late, Actor.edited_before_run, IGN, Branch.edited, _EDITED),
    Row(Via.accept_late, Actor.deleted_event, IGN, Branch.not_created, _DELETED),
    Row(Via.accept_late, Actor.deleted_before_run, ACT, None, "as for `/verify-membership`: on the record"),
    Row(Via.accept_late, Actor.forged, REF, Branch.forged, _FORGED_ADMIN),
    Row(Via.accept_late, Actor.renamed, ACT, None, _PINNED_RENAMED),
    Row(Via.accept_late, Actor.login_taken, REF, Branch.pinned_id, _PINNED_TAKEN),
    Row(Via.accept_late, Actor.configured_login_renamed, REF, Branch.not_admin, _LOGIN_RENAMED),
    Row(Via.accept_late, Actor.configured_login_taken, ACT, None, _LOGIN_TAKEN),
    Row(
        Via.accept_late,
        Actor.write,
        REF,
        Branch.unknown_nominee,
        "a decision is about one nominee's account (by numeric id); there is none yet",
        Situation.nominee_unknown,
    ),
    # /recheck ---------------------------------------------------------------------------------------------
    Row(Via.recheck, Actor.nominee, ACT, None, "the nominee may ask (every event re-checks anyway)"),
    Row(Via.recheck, Actor.nominee_admin, ACT, None, "the nominee may ask"),
    Row(Via.recheck, Actor.nominator, ACT, None, "the author may ask"),
    Row(Via.recheck, Actor.other, REF, Branch.recheck_refused, "not an admin, the author or the nominee"),
    Row(Via.recheck, Actor.configured_login, ACT, None, "an admin (no permission request)"),
    Row(Via.recheck, Actor.configured_id, ACT, None, "an admin, matched by numeric id"),
    Row(Via.recheck, Actor.write, ACT, None, _BY_PERMISSION),
    Row(Via.recheck, Actor.maintain, ACT, None, _BY_PERMISSION),
    Row(Via.recheck, Actor.admin, ACT, None, _BY_PERMISSION),
    Row(Via.recheck, Actor.triage, REF, Branch.recheck_refused, "triage is not enough"),
    Row(Via.recheck, Actor.read, REF, Branch.recheck_refused, "read is not enough"),
    Row(Via.recheck, Actor.bot, IGN, Branch.own_event, _BOT_EVENT),
    Row(Via.recheck, Actor.app, IGN, Branch.is_bot, _APP),
    Row(Via.recheck, Actor.edited_event, IGN, Branch.not_created, _EDIT_EVENT),
    Row(Via.recheck, Actor.edited_before_run, IGN, Branch.edited, _EDITED),
    Row(Via.recheck, Actor.deleted_event, IGN, Branch.not_created, _DELETED),
    Row(
        Via.recheck,
        Actor.deleted_before_run,
        REF,
        Branch.recheck_refused,
        "ruled on from the created event's payload: one reply, to a comment since deleted",
    ),
    Row(
        Via.recheck,
        Actor.forged,
        REF,
        Branch.forged,
        "not allowed; the forged reply marker does not silence the bot",
    ),
    Row(Via.recheck, Actor.renamed, ACT, None, "the author is matched by numeric id"),
    Row(
        Via.recheck,
        Actor.login_taken,
        REF,
        Branch.recheck_refused,
        "the old login is not the author's account",
    ),
    Row(
        Via.recheck,
        Actor.other,
        IGN,
        Branch.recheck_not_event,
        "only the triggering comment's `/recheck` is answered",
        Situation.older_comment,
    ),
]

# Combinations that do not exist, and why.
_COMMENT_KINDS = (Actor.edited_event, Actor.edited_before_run, Actor.deleted_event, Actor.deleted_before_run)
_CONFIGURED_CHANGES = (Actor.configured_login_renamed, Actor.configured_login_taken)
NOT_APPLICABLE_GROUPS: list[tuple[tuple[Via, ...], tuple[Actor, ...], str]] = [
    (REVIEW_VIAS, _COMMENT_KINDS, "a review is not a comment: only its state (approved, dismissed) counts"),
    (CONSENT_VIAS, _CONFIGURED_CHANGES, "consent is the nominee's alone; the nominee's rows cover renames"),
    (
        (Via.recheck,),
        _CONFIGURED_CHANGES,
        "the author's and the pinned admin's rows cover renames for `/recheck`",
    ),
]
NOT_APPLICABLE: dict[tuple[Via, Actor], str] = {
    (via, actor): reason for vias, actors, reason in NOT_APPLICABLE_GROUPS for via in vias for actor in actors
}


# -- rendering into docs/security/authorization-matrix.md ----------------------------------------------

_SHORT = {Expect.acted: "acted", Expect.refused: "**refused**", Expect.ignored: "ignored"}


def _cell(rows: Iterable[Row]) -> str:
    plain = [r for r in rows if r.situation is None]
    return " / ".join(_SHORT[r.expect] for r in plain) if plain else "—"


def render_matrix(rows: list[Row] | None = None) -> str:
    """The Markdown between the `authz-matrix` markers of docs/security/authorization-matrix.md (without the
    marker lines)."""
    rows = ROWS if rows is None else rows
    vias = list(Via)
    lines = [
        "<!-- Generated from ROWS in tests/e2e/test_authorization_matrix.py; do not edit here. Rewrite:",
        f"     {UPDATE_ENV}=1 uv run pytest tests/e2e/test_authorization_matrix.py -k security_md -->",
        "",
        f"Every cell is an end-to-end test ({len(rows)} rows): `election-bot pr` runs against the local GitHub "
        "stand-in on real webhook payloads, and the test checks labels, the check run's conclusion, the "
        "decisions recorded in the bot's report and its replies, then runs the same event again and a later "
        "event, neither of which may write anything. Every row also checks that the bot never edited or "
        "deleted a comment it did not write.",
        "",
        "- **acted**: the command or consent took effect (recorded in the report's *Decisions* with who and "
        "when, or shown as consent);",
        "- **refused**: nothing changed, and the bot replied once, politely, saying who may (never twice, "
        "not on later events);",
        "- **ignored**: nothing changed and nothing was said;",
        "- —: no such combination (reasons below).",
        "",
        "The workflow (`nomination-check.yml`) delivers only `created` comment events; the rows with edited "
        "and deleted events show that the bot itself would not act on them either (defence in depth).",
        "",
        "Bob nominates Carol in every row. "
        + COMMENT_AUTHOR_NOTE[0].upper()
        + COMMENT_AUTHOR_NOTE[1:]
        + "; "
        + RENAMED_NOTE
        + ".",
        "",
        "| actor | " + " | ".join(v.value for v in vias) + " |",
        "| --- | " + " | ".join("---" for _ in vias) + " |",
    ]
    for actor in Actor:
        cells = [_cell(r for r in rows if r.actor is actor and r.via is via) for via in vias]
        lines.append(f"| {actor.value} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "## Every row",
        "",
        "| # | path | actor | situation | result | why | deciding branch |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for n, row in enumerate(rows, start=1):
        situation = row.situation.value if row.situation else ""
        branch = (
            f"`{row.branch.value.split(':', 1)[0]}`: {row.branch.value.split(':', 1)[1].strip()}"
            if row.branch
            else ""
        )
        lines.append(
            f"| {n} | {row.via.value} | {row.actor.value} | {situation} | {_SHORT[row.expect]} | {row.why} "
            f"| {branch} |"
        )
    lines += ["", "## Combinations that do not exist", ""]
    for group, actors, reason in NOT_APPLICABLE_GROUPS:
        lines.append(
            f"- {', '.join(v.value for v in group)} × {'; '.join(a.value for a in actors)}: {reason}."
        )
    lines += [
        "",
        "## Authorisation branches and their negative rows",
        "",
        "Every decision in `bot/commands/pr/` and `bot/nominations/` that can stop an action has at "
        "least one row above that it refuses or ignores (a test fails otherwise):",
        "",
    ]
    for branch in Branch:
        numbers = [
            str(n) for n, r in enumerate(rows, start=1) if r.branch is branch and r.expect is not Expect.acted
        ]
        where = (
            f"row{'s' if len(numbers) > 1 else ''} {', '.join(numbers)}"
            if numbers
            else COVERED_ELSEWHERE.get(branch, "NONE")
        )
        lines.append(
            f"- `{branch.value.split(':', 1)[0]}`: {branch.value.split(':', 1)[1].strip()} — {where}"
        )
    return "\n".join(lines)


def _section(text: str) -> tuple[str, str, str]:
    start, end = text.index(START), text.index(END)
    return text[: start + len(START)], text[start + len(START) : end], text[end:]


# -- the world of one row --------------------------------------------------------------------------------

NOMINEE, NOMINATOR, STRANGER, FORGER, WRITER, VERIFIER = (
    "carol",
    "bob",
    "dave",
    "mallory",
    "writer",
    "verifier",
)
CONFIGURED = "sample-admin"  # listed under `admins` in sample-2026's election.yaml, by login
APP = "helper-app[bot]"
ROLES: dict[Actor, tuple[str, str]] = {
    Actor.write: ("writer", "write"),
    Actor.maintain: ("maintainer", "maintain"),
    Actor.admin: ("repo-admin", "admin"),
    Actor.triage: ("triager", "triage"),
    Actor.read: ("reader", "read"),
}
LATER = timedelta(minutes=3)


def command_text(row: Row) -> str:
    name = row.via.value.strip("`")
    extra = (
        {
            Situation.bad_class: " platinum",
            Situation.retired_class: " managing",
            Situation.two_args: " fellow contributing",
            Situation.not_a_word: " fellow;now",
        }.get(row.situation, "")
        if row.situation
        else ""
    )
    return f"{name}{extra}"


@dataclass
class Trial:
    """One row being played: the world, the pull request and what the test has seen."""

    world: World
    row: Row
    number: int = 0
    nominee_login: str = NOMINEE
    requests: list[RequestRecord] = field(default_factory=list)
    baseline_labels: set[str] = field(default_factory=set)
    baseline_conclusion: str | None = None
    baseline_code: int = 0
    baseline_decisions: tuple[Decision, ...] = ()
    comment_id: int | None = None

    @property
    def hub(self) -> FakeHub:
        return self.world.hub

    def run(self) -> Run:
        run = self.world.run()
        assert "Traceback" not in run.err, run.err
        self.requests.extend(run.requests)
        return run

    def decisions(self) -> tuple[Decision, ...]:
        state = parse_state(0, self.world.report(self.number), self.number)
        assert state is not None
        return state.decisions

    def replies(self) -> list[str]:
        return [b for b in self.world.bot_comments(self.number) if b.startswith("<!-- election-bot:reply ")]

    def replies_to(self, comment_id: int) -> list[str]:
        return [b for b in self.replies() if f"comment={comment_id} " in b.split("\n", 1)[0]]

    def people_comments(self) -> dict[int, str]:
        return {c.id: c.body for c in self.hub.comments(REPO, self.number) if c.author != FakeHub.BOT_LOGIN}


def pin_configured_admin(world: World) -> None:
    """Pin `sample-admin` in the checkout's election.yaml to the numeric id of the account now named so."""
    config = world.tmp / "checkout" / ELECTION_DIR / "election.yaml"
    text = config.read_text()
    old = f"  - login: {CONFIGURED}\n"
    assert old in text
    config.write_text(text.replace(old, f"{old}    id: {world.user(CONFIGURED)}\n"))


def acting_login(row: Row) -> str:
    actor, via = row.actor, row.via
    fixed = {
        Actor.nominee: NOMINEE,
        Actor.nominee_admin: NOMINEE,
        Actor.nominator: NOMINATOR,
        Actor.other: STRANGER,
        Actor.configured_login: CONFIGURED,
        Actor.configured_id: CONFIGURED,
        Actor.bot: FakeHub.BOT_LOGIN,
        Actor.app: APP,
        Actor.forged: FORGER,
        Actor.configured_login_renamed: f"{CONFIGURED}-renamed",
        Actor.configured_login_taken: CONFIGURED,
    }
    if actor in fixed:
        return fixed[actor]
    if actor in ROLES:
        return ROLES[actor][0]
    if actor in (Actor.edited_event, Actor.edited_before_run, Actor.deleted_event, Actor.deleted_before_run):
        return NOMINEE if via is Via.consent else WRITER if via in ADMIN_VIAS else STRANGER
    who = NOMINEE if via in CONSENT_VIAS else CONFIGURED if via in ADMIN_VIAS else NOMINATOR
    return f"{who}-renamed" if actor is Actor.renamed else who  # login_taken: the new holder of the login


def identity_changes(trial: Trial) -> None:
    """Renames, new accounts and pinned ids, made after the pull request was opened."""
    world, hub, row = trial.world, trial.hub, trial.row
    actor, via = row.actor, row.via
    if actor is Actor.configured_id:
        pin_configured_admin(world)
    elif actor in (Actor.renamed, Actor.login_taken):
        who = NOMINEE if via in CONSENT_VIAS else CONFIGURED if via in ADMIN_VIAS else NOMINATOR
        if via in ADMIN_VIAS:
            pin_configured_admin(world)
        if actor is Actor.renamed:
            hub.rename_user(who, f"{who}-renamed")
            if row.situation is Situation.login_held:
                hub.add_user(who)
        else:
            hub.rename_user(who, f"{who}-old")
            hub.add_user(who)
    elif actor is Actor.configured_login_renamed:
        hub.rename_user(CONFIGURED, f"{CONFIGURED}-renamed")
    elif actor is Actor.configured_login_taken:
        hub.rename_user(CONFIGURED, f"{CONFIGURED}-old")
        hub.add_user(CONFIGURED)


def prepare(trial: Trial) -> None:
    """Bob nominates Carol; the starting state the path needs; identity changes; the baseline verdict."""
    world, hub, row = trial.world, trial.hub, trial.row
    for login in (NOMINEE, NOMINATOR, STRANGER, FORGER, CONFIGURED, WRITER, VERIFIER):
        world.user(login)
    for login, permission in ROLES.values():
        hub.set_permission(REPO, login, permission)  # type: ignore[arg-type]
    hub.set_permission(REPO, VERIFIER, "write")
    hub.add_user(APP, type="Bot")
    hub.set_permission(REPO, APP, "write")
    if row.actor is Actor.nominee_admin:
        hub.set_permission(REPO, NOMINEE, "admin")
    if row.situation is Situation.nominee_unknown:
        trial.nominee_login = "ghostly"  # no GitHub account
    created_at = None
    if row.via is Via.accept_late:
        hub.now = CUTOFF + timedelta(hours=1)
        created_at = CUTOFF  # opened at the cut-off instant: late
    trial.number = world.nominate(
        NOMINATOR,
        trial.nominee_login,
        content=nomination_md(trial.nominee_login, nominated_by=NOMINATOR),
        created_at=created_at,
        path=f"{ELECTION_DIR}/decoy.md" if row.situation is Situation.names_disagree else None,
    )
    if row.via in CONSENT_VIAS or row.via is Via.accept_late:
        world.set_roster(**{NOMINEE: "fellow"})
    if row.via not in CONSENT_VIAS and row.situation is not Situation.nominee_unknown:
        hub.add_review(REPO, trial.number, NOMINEE, "APPROVED")  # the nominee consented
    if row.via is Via.unverify:  # an admin verified membership by hand earlier
        world.comment(trial.number, VERIFIER, "/verify-membership")
        trial.run()
        assert "membership-unverified" not in world.labels(trial.number)
    identity_changes(trial)
    world.pr_event(trial.number, "synchronize")
    baseline = trial.run()
    trial.baseline_code = baseline.code
    trial.baseline_labels = world.labels(trial.number)
    trial.baseline_conclusion = world.conclusion(trial.number)
    trial.baseline_decisions = trial.decisions()


def forged_body(trial: Trial, command: str) -> str:
    """Mallory's comment: everything the bot writes in its own comments, forged — a report marker with
    state on the first line, decisions for every admin command, a reply marker naming this very comment
    (so that, if it were read, the bot would think it had answered already) — and the command."""
    hub, number = trial.hub, trial.number
    nominee_id = trial.world.user(NOMINEE)
    admin_id = trial.world.user(CONFIGURED)
    own_id = max((c.id for c in hub.comments(REPO, number)), default=4_000_000) + 1
    sha = hub.pull(REPO, number).head_sha
    decisions = "\n".join(
        f"<!-- election-bot:decision act={act} at=2026-03-05T09:00:00Z by={CONFIGURED} by_id={admin_id} "
        f"comment={own_id} nominee={nominee_id}{' value=fellow' if act == 'verify-membership' else ''} -->"
        for act in ("verify-membership", "accept-late")
    )
    return (
        f"<!-- election-bot:reply comment={own_id} --> <!-- election-bot:pr-report check=1 "
        f"digest=0000000000000000 pr={number} sha={sha} -->\n"
        f"All good, the admins agreed.\n\n{command}\n\n<!-- election-bot:state -->\n{decisions}\n"
    )


def act(trial: Trial) -> Run:
    """The actor's move and the bot's run(s) on the event(s) GitHub sends for it."""
    world, hub, row, number = trial.world, trial.hub, trial.row, trial.number
    login = acting_login(row)
    world.user(login)
    if row.via in REVIEW_VIAS:
        body = forged_body(trial, "") if row.actor is Actor.forged else ""
        if row.via is Via.review:
            review = hub.add_review(REPO, number, login, "APPROVED", body=body)
            if row.situation is Situation.relay:
                world.workflow_run_event(number)
            else:
                world.review_event(number, review, login, "approved")
        else:
            review = hub.add_review(REPO, number, login, "DISMISSED", body=body)
            world.review_event(number, review, login, "dismissed", action="dismissed")
        return trial.run()
    command = command_text(row)
    actor = row.actor
    if actor is Actor.forged:
        body = forged_body(trial, command)
        trial.comment_id = world.comment(number, login, body)
        assert f"reply comment={trial.comment_id} " in body, "the forged reply marker must name this comment"
        return trial.run()
    if row.situation is Situation.older_comment:
        trial.comment_id = hub.add_comment(REPO, number, login, command)  # its own run never happened
        world.pr_event(number, "synchronize")
        return trial.run()
    if actor is Actor.edited_event:
        trial.comment_id = world.comment(number, login, "Looking into it.")
        trial.run()  # the created event: nothing to do
        hub.edit_comment(REPO, trial.comment_id, f"Looking into it.\n\n{command}", at=hub.now + LATER)
        world.comment_event(number, trial.comment_id, "edited")
        return trial.run()
    if actor is Actor.edited_before_run:
        trial.comment_id = world.comment(number, login, command)  # the created event's payload
        hub.edit_comment(REPO, trial.comment_id, f"{command}\n\n(edited)", at=hub.now + LATER)
        return trial.run()
    if actor is Actor.deleted_event:
        trial.comment_id = world.comment(number, login, command)  # its created run was replaced...
        world.comment_event(number, trial.comment_id, "deleted")  # ...by the deleted event's
        hub.delete_comment(REPO, trial.comment_id)
        return trial.run()
    if actor is Actor.deleted_before_run:
        trial.comment_id = hub.add_comment(REPO, number, login, command)
        world.comment_event(number, trial.comment_id, "deleted")
        deleted_event = os.environ["GITHUB_EVENT_PATH"]
        world.comment_event(number, trial.comment_id, "created")
        hub.delete_comment(REPO, trial.comment_id)
        trial.run()  # the created event's run, after the deletion
        world.monkeypatch.setenv("GITHUB_EVENT_PATH", deleted_event)
        return trial.run()  # then the deleted event's
    trial.comment_id = world.comment(number, login, command)
    return trial.run()


# -- the checks -------------------------------------------------------------------------------------------


def assert_acted(trial: Trial, run: Run) -> None:
    world, row, number = trial.world, trial.row, trial.number
    labels = world.labels(number)
    new = [d for d in trial.decisions() if d not in trial.baseline_decisions]
    if row.via in (Via.consent, Via.review):
        assert run.code == 0, run.out + run.err
        assert "ready-for-review" in labels and "awaiting-consent" not in labels, labels
        assert world.conclusion(number) == "success"
        assert new == []
    elif row.via is Via.recheck:
        assert run.code == trial.baseline_code
        assert labels == trial.baseline_labels
        assert new == []
    else:
        assert trial.comment_id is not None
        assert [(d.kind.value, d.by_id, d.comment_id) for d in new] == [
            (row.via.value.strip("`/"), world.user(acting_login(row)), trial.comment_id)
        ]
        if row.via is Via.verify:
            assert run.code == 0 and world.conclusion(number) == "success"
            assert labels == {"nomination", f"nominee:{NOMINEE}", "ready-for-review"}
        elif row.via is Via.unverify:
            assert run.code == 1 and world.conclusion(number) == "action_required"
            assert "membership-unverified" in labels and "ready-for-review" not in labels
        else:
            assert run.code == 0 and world.conclusion(number) == "success"
            assert labels == {"nomination", f"nominee:{NOMINEE}", "ready-for-review", "late"}
            assert "PR010" in world.report(number)
    if trial.comment_id is not None:
        assert trial.replies_to(trial.comment_id) == []


def assert_unchanged(trial: Trial, run: Run) -> None:
    world, number = trial.world, trial.number
    own_event = trial.row.branch is Branch.own_event  # "nothing to do": exit 0, no request at all
    assert run.code == (0 if own_event else trial.baseline_code), run.out + run.err
    assert world.labels(number) == trial.baseline_labels
    assert world.conclusion(number) == trial.baseline_conclusion
    assert trial.decisions() == trial.baseline_decisions


def assert_refused(trial: Trial, run: Run) -> None:
    assert_unchanged(trial, run)
    assert trial.comment_id is not None
    [reply] = trial.replies_to(trial.comment_id)
    branch = trial.row.branch
    assert branch is not None
    if branch is Branch.forged:
        branch = Branch.recheck_refused if trial.row.via is Via.recheck else Branch.not_admin
    assert REFUSAL_TEXT[branch] in reply, reply
    assert "Nothing was changed" in reply


def assert_ignored(trial: Trial, run: Run) -> None:
    assert_unchanged(trial, run)
    if trial.comment_id is not None:
        assert trial.replies_to(trial.comment_id) == []
    if trial.row.branch is Branch.own_event:
        assert run.requests == []  # the bot's own comment: not a single request


CHECKS = {Expect.acted: assert_acted, Expect.refused: assert_refused, Expect.ignored: assert_ignored}


@pytest.fixture
def world(
    fakehub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> World:
    w = _world(fakehub, tmp_path, monkeypatch, capsys)
    w.create_labels()
    return w


@pytest.mark.parametrize("row", ROWS, ids=[r.id for r in ROWS])
def test_row(world: World, row: Row) -> None:
    trial = Trial(world, row)
    prepare(trial)
    people_before = trial.people_comments()
    run = act(trial)
    people = trial.people_comments()
    assert set(people_before) <= set(people) or row.actor in (Actor.deleted_event, Actor.deleted_before_run)
    CHECKS[row.expect](trial, run)
    outcome = (world.labels(trial.number), world.conclusion(trial.number), trial.decisions(), trial.replies())
    # The same event again (a re-run of the job), then a later event: nothing new is written by either.
    again = trial.run()
    assert again.writes == [], [(r.method, r.path) for r in again.writes]
    world.pr_event(trial.number, "synchronize")
    later = trial.run()
    assert later.writes == [], [(r.method, r.path) for r in later.writes]
    assert (
        world.labels(trial.number),
        world.conclusion(trial.number),
        trial.decisions(),
        trial.replies(),
    ) == outcome
    # Never a comment the bot did not write: not edited, not deleted, not even addressed.
    assert trial.people_comments() == people
    bot_ids = {c.id for c in world.hub.comments(REPO, trial.number) if c.author == FakeHub.BOT_LOGIN}
    for request in trial.requests:
        found = re.fullmatch(rf"/repos/{REPO}/issues/comments/(\d+)", request.path)
        if found:
            assert request.method == "PATCH" and int(found.group(1)) in bot_ids, (
                request.method,
                request.path,
            )
    world.report(trial.number)  # exactly one report comment
    for comment_id in people:
        assert len(trial.replies_to(comment_id)) <= 1


# -- the table itself ------------------------------------------------------------------------------------


def test_every_path_meets_every_actor() -> None:
    have = {(r.via, r.actor) for r in ROWS}
    missing = [
        (v.name, a.name) for v in Via for a in Actor if (v, a) not in have and (v, a) not in NOT_APPLICABLE
    ]
    assert missing == []
    assert not have & set(NOT_APPLICABLE)
    assert len({r.id for r in ROWS}) == len(ROWS)


def test_every_authorisation_branch_has_a_negative_row() -> None:
    negative = {r.branch for r in ROWS if r.expect is not Expect.acted}
    uncovered = [b.name for b in Branch if b not in negative and b not in COVERED_ELSEWHERE]
    assert uncovered == []
    assert all(r.branch is None for r in ROWS if r.expect is Expect.acted)
    assert all(r.branch is not None for r in ROWS if r.expect is not Expect.acted)
    assert all(
        r.branch in REFUSAL_TEXT or r.branch is Branch.forged for r in ROWS if r.expect is Expect.refused
    )


def test_security_md_states_the_row_count() -> None:
    text = SECURITY_MD.read_text(encoding="utf-8").replace("\n", " ")
    assert f"The authorisation matrix below has **{len(ROWS)}** end-to-end rows" in text


def test_security_md_matrix_is_current() -> None:
    text = SECURITY_MD.read_text(encoding="utf-8")
    head, current, tail = _section(text)
    wanted = "\n" + render_matrix() + "\n"
    if os.environ.get(UPDATE_ENV) == "1" and current != wanted:
        SECURITY_MD.write_text(head + wanted + tail, encoding="utf-8")
        current = wanted
    assert current == wanted, (
        f"docs/security/authorization-matrix.md is stale: run {UPDATE_ENV}=1 uv run pytest "
        "tests/e2e/test_authorization_matrix.py -k security_md"
    )


# -- a decision is about one nominee -------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["/accept-late", "/verify-membership fellow"])
def test_a_decision_does_not_follow_the_pull_request_to_another_nominee(world: World, command: str) -> None:
    """An admin decides on Carol's nomination; the author then pushes a head that nominates someone else
    (here the admin, who may not decide on their own nomination). The decision stays on the record but
    no longer applies: it was about Carol's account, by numeric id."""
    late = command == "/accept-late"
    world.hub.now = CUTOFF + timedelta(hours=1) if late else world.hub.now
    if late:
        world.set_roster(**{NOMINEE: "fellow", WRITER: "fellow"})  # else no directory: unverified
    world.hub.set_permission(REPO, WRITER, "write")
    world.user(NOMINEE)
    number = world.nominate(NOMINATOR, NOMINEE, created_at=CUTOFF if late else None)
    world.hub.add_review(REPO, number, NOMINEE, "APPROVED")
    world.pr_event(number)
    assert world.run().code == 1
    world.comment(number, WRITER, command)
    assert world.run().code == 0  # decided: Carol's nomination is ready
    old, new = f"{ELECTION_DIR}/{NOMINEE}.md", f"{ELECTION_DIR}/{WRITER}.md"
    world.hub.push_to_pull(REPO, number, {old: None, new: nomination_md(WRITER, nominated_by=NOMINATOR)})
    world.hub.add_review(REPO, number, WRITER, "APPROVED")  # the new nominee consents
    world.pr_event(number, "synchronize")
    run = world.run()
    assert run.code == 1, run.out
    labels = world.labels(number)
    assert "ready-for-review" not in labels
    assert ("late" in labels) if late else ("membership-unverified" in labels), (labels, world.report(number))
    report = world.report(number)
    assert "PR010" not in report and (("WIN002" in report) if late else True)
    state = parse_state(0, report, number)
    assert state is not None and [d.kind.value for d in state.decisions] == [command.split()[0].strip("/")]
