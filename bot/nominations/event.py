"""The webhook payload → `EventFacts` (what the event says), `Ignored` (nothing to do) or `PayloadError`.

The payload is untrusted JSON: every field is checked for presence and type, and a missing or wrong one is
a `PayloadError` (exit 2), never a traceback.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.github.values import Comment, Review, User, association_of
from bot.nominations.constants import HeadEvidence
from bot.nominations.record import Source, is_sha
from bot.text import labels as vocab


class PayloadError(Exception):
    """The event payload lacks a field or has one of the wrong type: nothing is done (exit 2)."""


@dataclass(frozen=True, slots=True)
class Ignored:
    reason: str


@dataclass(frozen=True, slots=True)
class EventFacts:
    name: str
    action: str
    number: int
    repository: str
    comment: Comment | None = None  # issue_comment events
    review: Review | None = None  # pull_request_review events
    head: HeadEvidence | None = None  # pull request and review events: the head and GitHub's time

    @property
    def acts_on_commands(self) -> bool:
        """Commands are acted on only when a comment is created, never when it is edited or deleted."""
        return self.name == "issue_comment" and self.action == "created" and self.comment is not None


PR_EVENTS = frozenset({"pull_request", "pull_request_target"})


# The events whose payload names the pull request; `workflow_run` (the review relay) names it through
# ELECTION_BOT_PR_NUMBER instead, and `pr` accepts the two sets together.
PAYLOAD_EVENTS = PR_EVENTS | {"issue_comment", "pull_request_review"}


# workflow_run: the review relay's completion; workflow_dispatch: someone with write access checking a pull
# request again by hand (`nomination-check.yml`'s `pr` input).
ACCEPTED_EVENTS = PAYLOAD_EVENTS | {"workflow_run", "workflow_dispatch"}


PR_ACTIONS = frozenset({"opened", "synchronize", "reopened", "edited", "ready_for_review"})


COMMENT_ACTIONS = frozenset({"created", "edited", "deleted"})


REVIEW_ACTIONS = frozenset({"submitted", "dismissed"})


def _get(data: Mapping[str, Any], key: str, kind: type, where: str) -> Any:
    value = data.get(key)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        expected = {int: "a number", str: "a string", dict: "an object"}.get(kind, kind.__name__)
        raise PayloadError(f"the event payload's `{where}{key}` is missing or not {expected}")
    return value


MAX_NUMBER = 2**31 - 1  # GitHub's issue and pull request numbers are 32-bit


def _number(data: Mapping[str, Any], key: str, where: str) -> int:
    """A pull request or issue number: a JSON integer from 1 up, never a string, float or boolean."""
    value = _get(data, key, int, where)
    if not 1 <= value <= MAX_NUMBER:
        raise PayloadError(f"the event payload's `{where}{key}` is not a pull request number")
    return int(value)


def _person(data: Any, where: str) -> User:
    if data is None:  # a deleted account: GitHub shows it as `ghost`
        return User(vocab.GHOST_LOGIN, vocab.GHOST_ID)
    if not isinstance(data, dict):
        raise PayloadError(f"the event payload's `{where}` is not an object")
    login = _get(data, "login", str, f"{where}.")
    user_id = _get(data, "id", int, f"{where}.")
    kind = data.get("type") if isinstance(data.get("type"), str) else "User"
    return User(login, user_id, str(kind))


def _time(data: Mapping[str, Any], key: str, where: str) -> datetime:
    text = _get(data, key, str, where)
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise PayloadError(f"the event payload's `{where}{key}` is not a time") from None
    if value.tzinfo is None:
        raise PayloadError(f"the event payload's `{where}{key}` has no UTC offset")
    return value.astimezone(UTC)


def _optional_time(data: Any, key: str) -> datetime | None:
    """An optional GitHub timestamp: None when absent or malformed (then it is simply no evidence)."""
    value = data.get(key) if isinstance(data, Mapping) else None
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.astimezone(UTC) if parsed.tzinfo is not None else None


def _sha(data: Mapping[str, Any], key: str, where: str) -> str:
    value = str(_get(data, key, str, where))
    if not is_sha(value):
        raise PayloadError(f"the event payload's `{where}{key}` is not a commit SHA")
    return value


def _head_evidence(
    name: str, action: str, payload: Mapping[str, Any], pull: Mapping[str, Any]
) -> HeadEvidence | None:
    """GitHub's own record, in the delivery, of when the pull request had its head: `opened` carries the
    pull request's `created_at`; a push (`synchronize`) carries `before`, `after` and the `updated_at`
    GitHub stamped when the push arrived; any other delivery its head and `updated_at`. A delivery
    without a head is no evidence (the check then relies on its record); a malformed one is refused."""
    if "head" not in pull:
        return None
    head = _sha(_get(pull, "head", dict, "pull_request."), "sha", "pull_request.head.")
    if name in PR_EVENTS and action == "opened":
        return HeadEvidence(head, _time(pull, "created_at", "pull_request."), Source.opened)
    at = _time(pull, "updated_at", "pull_request.")
    if name in PR_EVENTS and action == "synchronize":
        # GitHub stamps the pull request's `updated_at` when a push arrives; the head repository's
        # `pushed_at`, when sent, is its latest push: the later of the two is never before this push.
        pushed = _optional_time(_get(pull, "head", dict, "pull_request.").get("repo"), "pushed_at")
        at = max(at, pushed) if pushed is not None else at
        after = _sha(payload, "after", "")
        if after != head:
            raise PayloadError("the event payload's `after` is not the pull request's head")
        return HeadEvidence(head, at, Source.synchronize, _sha(payload, "before", ""))
    return HeadEvidence(head, at, Source.event)


def parse_event(name: str, payload: Any) -> EventFacts | Ignored:
    """The facts of one webhook event, `Ignored` for events this command does not handle."""
    if name not in PAYLOAD_EVENTS:
        return Ignored(f"the {name or 'unnamed'} event is not about a nomination pull request")
    if not isinstance(payload, dict):
        raise PayloadError("the event payload is not a JSON object")
    action = _get(payload, "action", str, "")
    repository = _get(_get(payload, "repository", dict, ""), "full_name", str, "repository.")
    if name in PR_EVENTS:
        if action not in PR_ACTIONS:
            return Ignored(f"pull request {action}: nothing to check")
        pull = _get(payload, "pull_request", dict, "")
        number = _number(pull, "number", "pull_request.")
        head = _head_evidence(name, action, payload, pull)
        return EventFacts(name, action, number, repository, head=head)
    if name == "issue_comment":
        if action not in COMMENT_ACTIONS:
            return Ignored(f"comment {action}: nothing to do")
        issue = _get(payload, "issue", dict, "")
        number = _number(issue, "number", "issue.")
        if not isinstance(issue.get("pull_request"), dict):
            return Ignored(f"#{number} is an issue, not a pull request")
        data = _get(payload, "comment", dict, "")
        created = _time(data, "created_at", "comment.")
        comment = Comment(
            id=_get(data, "id", int, "comment."),
            author=_person(data.get("user"), "comment.user"),
            body=data.get("body") if isinstance(data.get("body"), str) else "",
            created_at=created,
            updated_at=_optional_time(data, "updated_at") or created,
            html_url=_get(data, "html_url", str, "comment."),
            author_association=association_of(data.get("author_association")),
        )
        return EventFacts(name, action, number, repository, comment=comment)
    if action not in REVIEW_ACTIONS:
        return Ignored(f"review {action}: nothing to do")
    pull = _get(payload, "pull_request", dict, "")
    data = _get(payload, "review", dict, "")
    commit = data.get("commit_id")
    review = Review(
        id=_get(data, "id", int, "review."),
        author=_person(data.get("user"), "review.user"),
        state=_get(data, "state", str, "review.").upper(),
        submitted_at=_optional_time(data, "submitted_at"),
        commit_id=commit if isinstance(commit, str) and is_sha(commit) else None,
    )
    number = _number(pull, "number", "pull_request.")
    head = _head_evidence(name, action, payload, pull)
    return EventFacts(name, action, number, repository, review=review, head=head)
