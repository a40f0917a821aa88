"""A nomination pull request as a whole: PR-level facts → one verdict. Pure: no I/O, never raises for input.

`bot.commands.pr` gathers the facts through the ports (GitHub, the membership directory, the local
checkout of the default branch) and acts on the verdict; everything decided here is plain data, so every
branch has a table-driven test. The pieces, in the order the command uses them:

1. `parse_event`: the webhook payload (`GITHUB_EVENT_PATH`) → `EventFacts`, `Ignored` or `PayloadError`.
2. `select_nomination`: the PR's changed files → the one nomination file, or findings (split your PR).
3. `load_blob`: what GitHub holds at that path in the head commit → a loaded nomination or findings.
4. `find_consent`, `authorise`, `apply_decisions`: consent, admin commands and their recorded decisions.
5. `decide`: all of it → `Verdict` (findings, labels, check-run conclusion, exit code, digest).

State that must survive between runs (admin decisions, the check run of the last verdict) lives in hidden
markers in the bot's own report comment: `parse_state` reads it, `state_markers` writes it. A marker is
trusted only in a comment authored by the bot (the caller checks the author).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import PurePosixPath
from typing import Any

from bot.core import catalogue, markers, record
from bot.core import vocabulary as vocab
from bot.core.conflicts import EntityIndex
from bot.core.findings import Finding, Severity, sort_findings
from bot.core.loading import HARD_MAX_BYTES, LoadedNomination, load_nomination
from bot.core.membership import MembershipAnswer, MembershipState, class_of
from bot.core.models import LOGIN_RE, Election, is_file_of, is_login, same_login
from bot.core.record import ConsentRecord, Sighting, Snapshot, Source, is_sha
from bot.core.rules import RuleContext, check_nomination
from bot.core.slash import ADMIN_COMMANDS, Command, SlashCommand, has_command
from bot.core.timeline import format_utc
from bot.core.vocabulary import MarkerKind
from bot.core.zones import stamp
from bot.errors import EXIT_FINDINGS, EXIT_OK

NOMINATIONS_ROOT = "nominations"
NOT_NOMINATIONS = frozenset({"README.md", "TEMPLATE.md"})
CHECK_NAME = "nomination"
MAX_OTHER_FILE_FINDINGS = 20
ADMIN_PERMISSIONS = frozenset({"admin", "maintain", "write"})
GITHUB_CONTENTS_LIMIT = 1024 * 1024  # the contents API serves files up to 1 MB; a larger one comes sizeless


# -- people, pull requests, files ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Person:
    """A GitHub account: matched by numeric id; the login (any case) only names it."""

    login: str
    id: int
    type: str = "User"

    def same(self, other: Person | None) -> bool:
        return other is not None and other.id == self.id


@dataclass(frozen=True, slots=True)
class PullFacts:
    number: int
    author: Person
    created_at: datetime  # GitHub's own timestamp: nothing in this pull request was proposed earlier
    head_sha: str
    base_ref: str
    labels: tuple[str, ...]
    html_url: str
    state: str = "open"
    draft: bool = False
    updated_at: datetime | None = None  # GitHub's: the head was proposed at or before this instant


@dataclass(frozen=True, slots=True)
class PrFile:
    filename: str
    status: str  # added, removed, modified, renamed, copied, changed, unchanged
    previous_filename: str | None = None


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
    author: Person
    body: str
    html_url: str
    created_at: datetime
    association: str = "NONE"  # GitHub's author_association (see `may_hold_permission`)


@dataclass(frozen=True, slots=True)
class ReviewFacts:
    id: int
    author: Person
    state: str  # APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED, PENDING
    commit_id: str | None = None  # the head the reviewer saw (GitHub's `commit_id`)


@dataclass(frozen=True, slots=True)
class HeadEvidence:
    """What a pull-request delivery says about a head: GitHub proposed `head` at or before `at`."""

    head: str
    at: datetime
    source: Source
    before: str = ""


# -- the event -----------------------------------------------------------------------------------------


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
    comment: CommentFacts | None = None  # issue_comment events
    review: ReviewFacts | None = None  # pull_request_review events
    head: HeadEvidence | None = None  # pull request and review events: the head and GitHub's time

    @property
    def acts_on_commands(self) -> bool:
        """Commands are acted on only when a comment is created, never when it is edited or deleted."""
        return self.name == "issue_comment" and self.action == "created" and self.comment is not None


PR_EVENTS = frozenset({"pull_request", "pull_request_target"})
# The events whose payload names the pull request; `workflow_run` (the review relay) names it through
# ELECTION_BOT_PR_NUMBER instead, and `pr` accepts the two sets together.
PAYLOAD_EVENTS = PR_EVENTS | {"issue_comment", "pull_request_review"}
ACCEPTED_EVENTS = PAYLOAD_EVENTS | {"workflow_run"}
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


def _person(data: Any, where: str) -> Person:
    if data is None:  # a deleted account: GitHub shows it as `ghost`
        return Person(vocab.GHOST_LOGIN, vocab.GHOST_ID)
    if not isinstance(data, dict):
        raise PayloadError(f"the event payload's `{where}` is not an object")
    login = _get(data, "login", str, f"{where}.")
    user_id = _get(data, "id", int, f"{where}.")
    kind = data.get("type") if isinstance(data.get("type"), str) else "User"
    return Person(login, user_id, str(kind))


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
        comment = CommentFacts(
            id=_get(data, "id", int, "comment."),
            author=_person(data.get("user"), "comment.user"),
            body=data.get("body") if isinstance(data.get("body"), str) else "",
            html_url=_get(data, "html_url", str, "comment."),
            created_at=_time(data, "created_at", "comment."),
            association=association_of(data.get("author_association")),
        )
        return EventFacts(name, action, number, repository, comment=comment)
    if action not in REVIEW_ACTIONS:
        return Ignored(f"review {action}: nothing to do")
    pull = _get(payload, "pull_request", dict, "")
    data = _get(payload, "review", dict, "")
    commit = data.get("commit_id")
    review = ReviewFacts(
        id=_get(data, "id", int, "review."),
        author=_person(data.get("user"), "review.user"),
        state=_get(data, "state", str, "review.").upper(),
        commit_id=commit if isinstance(commit, str) and is_sha(commit) else None,
    )
    number = _number(pull, "number", "pull_request.")
    head = _head_evidence(name, action, payload, pull)
    return EventFacts(name, action, number, repository, review=review, head=head)


# -- which file is the nomination ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FileSelection:
    nomination: PrFile | None
    election_id: str  # the folder directly under nominations/ ("" if the path has none)
    findings: tuple[Finding, ...]


_NOMINATION_STATUSES = frozenset({"added", "modified", "changed"})


def _is_candidate(change: PrFile) -> bool:
    path = PurePosixPath(change.filename)
    return (
        change.status in _NOMINATION_STATUSES
        and not any(ord(char) < 32 or ord(char) == 127 for char in change.filename)
        and len(path.parts) >= 2
        and path.parts[0] == NOMINATIONS_ROOT
        and path.suffix == ".md"
        and path.name not in NOT_NOMINATIONS
    )


def election_of(path: str) -> str:
    parts = PurePosixPath(path).parts
    return parts[1] if len(parts) == 3 and parts[0] == NOMINATIONS_ROOT else ""


def _status_text(change: PrFile) -> str:
    if change.previous_filename and change.status in ("renamed", "copied"):
        return f"{change.status} from {change.previous_filename}"
    return change.status


def select_nomination(files: Sequence[PrFile]) -> FileSelection:
    """Exactly one nomination file added or modified, and nothing else touched (renames and removals
    count as touching)."""
    candidates = [f for f in files if _is_candidate(f)]
    findings: list[Finding] = []
    chosen = candidates[0] if len(candidates) == 1 else None
    others = [f for f in files if f is not chosen and f not in candidates]
    for change in others[:MAX_OTHER_FILE_FINDINGS]:
        findings.append(
            catalogue.make("PR001", change.filename, None, file=change.filename, status=_status_text(change))
        )
    if len(others) > MAX_OTHER_FILE_FINDINGS:
        rest = len(others) - MAX_OTHER_FILE_FINDINGS
        findings.append(
            catalogue.make(
                "PR001",
                others[MAX_OTHER_FILE_FINDINGS].filename,
                None,
                file=f"{rest} more files",
                status="not listed",
            )
        )
    if len(candidates) > 1:
        names = ", ".join(f"`{c.filename}`" for c in candidates[:5]) + (
            ", ..." if len(candidates) > 5 else ""
        )
        for candidate in candidates:
            findings.append(
                catalogue.make("PR003", candidate.filename, None, count=len(candidates), files=names)
            )
    elif not candidates:
        findings.append(catalogue.make("PR002", NOMINATIONS_ROOT, None))
    return FileSelection(chosen, election_of(chosen.filename) if chosen else "", tuple(findings))


def proposes_nomination(files: Sequence[PrFile], labels: Sequence[str]) -> bool:
    """Is this PR the bot's business? It is when it adds, changes or renames a Markdown file under
    `nominations/` (other than the guide and the template), or the bot already labelled it a nomination.
    Anything else (code, docs, `election.yaml`) gets a neutral check and no report."""
    for change in files:
        if change.status == "removed":
            continue
        for path in (change.filename, change.previous_filename or ""):
            parts = PurePosixPath(path).parts
            if (
                len(parts) >= 2
                and parts[0] == NOMINATIONS_ROOT
                and path.endswith(".md")
                and parts[-1] not in NOT_NOMINATIONS
            ):
                return True
    return any(label.casefold() == vocab.NOMINATION.name for label in labels)


def max_bytes_for(election: Election | None) -> int:
    return election.statement.max_file_bytes if election is not None else HARD_MAX_BYTES


def load_blob(
    path: str, blob: Blob | None, head_sha: str, max_bytes: int
) -> tuple[LoadedNomination | None, list[Finding]]:
    """The nomination as GitHub holds it in the head commit; only a regular file is ever parsed."""
    if blob is None:
        return None, [catalogue.make("PR005", path, None, file=path, sha=head_sha[:12])]
    if blob.kind != "file":
        return None, [catalogue.make("PR004", path, None, file=path, kind=blob.kind)]
    if blob.too_large or blob.content is None or blob.size > max_bytes:
        # GitHub refuses a file over 1 MB without saying its size (size 0 here): say what is known.
        size: object = blob.size if blob.size > max_bytes else f"over {GITHUB_CONTENTS_LIMIT:,}"
        return None, [catalogue.make("FILE002", path, None, size=size, limit=max_bytes)]
    return load_nomination(blob.content, path, max_bytes=max_bytes), []


def nominee_login(loaded: LoadedNomination | None, path: str) -> str | None:
    """Who is nominated: the `github` field when it is a login, else the file name's stem."""
    if loaded is not None:
        if loaded.nomination is not None:
            return loaded.nomination.github
        raw = loaded.raw.get("github") if loaded.raw is not None else None
        if isinstance(raw, str) and is_login(raw):
            return raw
    stem = PurePosixPath(path).stem
    return stem if is_login(stem) else None


def nominee_label(login: str) -> str:
    return f"{vocab.NOMINEE_PREFIX}{login.lower()}"


# -- duplicates ----------------------------------------------------------------------------------------


def is_nomination_of(change: PrFile, election_id: str, login: str) -> bool:
    """Does this changed file nominate `login` in `election_id` (any letter case, ASCII logins only)?"""
    return (
        _is_candidate(change)
        and election_of(change.filename) == election_id
        and is_file_of(PurePosixPath(change.filename).name, login)
    )


def earlier(a: PullFacts, b: PullFacts) -> bool:
    """Is `a` the earlier nomination? Opened first wins; the lower number breaks a tie."""
    return (a.created_at, a.number) < (b.created_at, b.number)


def merged_duplicate(entries: Iterable[tuple[str, str]], our_path: str, login: str) -> str | None:
    """A merged nomination of `login` in the base branch other than the file this PR adds or updates.

    `entries` are (path, kind) of the election folder. A PR that modifies the nominee's own merged file is
    an update, not a duplicate (and when the base gained our very path since the PR was opened, the PR
    updates it all the same)."""
    for path, kind in entries:
        if kind == "file" and path != our_path and is_file_of(PurePosixPath(path).name, login):
            return path
    return None


# -- consent -------------------------------------------------------------------------------------------


class ConsentVia(StrEnum):
    author = "author"
    review = "review"
    comment = "comment"


@dataclass(frozen=True, slots=True)
class Consent:
    via: ConsentVia | None  # None: not (yet) given
    ref: int | None = None  # review or comment id
    url: str = ""
    # A consent that was given for other content (the file changed since) or whose content the bot cannot
    # tell: (via, id). The nominee is asked again, once per such consent.
    stale: tuple[ConsentVia, int] | None = None

    @property
    def given(self) -> bool:
        return self.via is not None


NO_CONSENT = Consent(None)


def consent_comments(comments: Iterable[CommentFacts], nominee: Person) -> list[CommentFacts]:
    return [c for c in comments if nominee.same(c.author) and has_command(c.body, Command.consent)]


def consent_comment(comments: Iterable[CommentFacts], nominee: Person) -> CommentFacts | None:
    return next(iter(consent_comments(comments, nominee)), None)


def approving_reviews(reviews: Iterable[ReviewFacts], nominee: Person) -> list[ReviewFacts]:
    return [r for r in reviews if nominee.same(r.author) and r.state == "APPROVED"]


def approving_review(reviews: Iterable[ReviewFacts], nominee: Person) -> ReviewFacts | None:
    return next(iter(approving_reviews(reviews, nominee)), None)


def find_consent(
    nominee: Person | None,
    author: Person,
    comments: Sequence[CommentFacts],
    reviews: Sequence[ReviewFacts],
    pr_url: str,
    *,
    blob: str,
    bound: Mapping[tuple[str, int], str],
) -> Consent:
    """The nominee consents by opening the PR, approving it, or commenting `/consent` — each from their
    own account, matched by numeric id — to the nomination file as it is now (`blob`, its git blob id).
    An approval counts for the file at the commit it reviewed, a `/consent` for the file the pull request
    proposed when it was written (`bound`: (via, id) → blob, as the command worked it out; absent: the bot
    cannot tell). Anyone else's approval or `/consent` means nothing."""
    if nominee is None:
        return NO_CONSENT
    if nominee.same(author):
        return Consent(ConsentVia.author)
    given: list[tuple[ConsentVia, int, str]] = []
    for review in approving_reviews(reviews, nominee):
        given.append((ConsentVia.review, review.id, f"{pr_url}#pullrequestreview-{review.id}"))
    for comment in consent_comments(comments, nominee):
        given.append((ConsentVia.comment, comment.id, comment.html_url))
    for via, ref, url in given:
        if blob and bound.get((via.value, ref)) == blob:
            return Consent(via, ref, url)
    if given:
        via, ref, _ = max(given, key=lambda g: g[1])
        return Consent(None, stale=(via, ref))
    return NO_CONSENT


def identify(login: str, people: Iterable[Person]) -> Person | None:
    """The account among `people` whose login is `login` (GitHub logins ignore case)."""
    return next((p for p in people if same_login(p.login, login)), None)


# -- the bot's state: decisions and the last verdict ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Decision:
    """An admin command that was acted on: who, when, which comment; kept in the report comment."""

    kind: Command
    by_login: str
    by_id: int
    at: datetime
    comment_id: int
    nominee_id: int | None = None
    value: str = ""
    nominee_login: str = ""  # whom it was for, as the pull request named them when the admin wrote it
    election: str = ""  # "" on decisions recorded before elections were recorded: any election

    def marker(self) -> str:
        fields: dict[str, str | int] = {
            "act": self.kind.value,
            "by": self.by_login,
            "by_id": self.by_id,
            "at": format_utc(self.at),
            "comment": self.comment_id,
        }
        if self.nominee_id is not None:
            fields["nominee"] = self.nominee_id
        if self.value:
            fields["value"] = self.value
        if self.nominee_login:
            fields["for"] = self.nominee_login
        if self.election:
            fields["election"] = self.election
        return markers.marker(MarkerKind.DECISION, **fields)

    def applies_to(self, nominee: Person | None, election: str) -> bool:
        """A decision is about one nominee's account (by numeric id) in one election."""
        return (
            nominee is not None
            and self.nominee_id == nominee.id
            and (not self.election or not election or self.election == election)
        )


@dataclass(frozen=True, slots=True)
class ReportState:
    comment_id: int | None = None
    body: str = ""
    digest: str = ""
    check_run_id: int | None = None
    head_sha: str = ""
    decisions: tuple[Decision, ...] = ()
    sightings: tuple[Sighting, ...] = ()  # what GitHub showed the bot this PR proposing, and when
    consents: tuple[ConsentRecord, ...] = ()  # consents bound to the file they were given for


def _int_field(fields: Mapping[str, str], key: str) -> int | None:
    value = fields.get(key, "")
    return int(value) if value.isdigit() and len(value) < 19 else None


def _decision(found: markers.Marker) -> Decision | None:
    f = found.fields
    try:
        kind = Command(f.get("act", ""))
        at = datetime.fromisoformat(f.get("at", "").replace("Z", "+00:00"))
    except ValueError:
        return None
    by_id, comment_id = _int_field(f, "by_id"), _int_field(f, "comment")
    by = f.get("by", "")
    if (
        kind not in ADMIN_COMMANDS
        or by_id is None
        or comment_id is None
        or not LOGIN_RE.match(by)
        or at.tzinfo is None
    ):
        return None
    login = f.get("for", "")
    election = f.get("election", "")
    return Decision(
        kind,
        by,
        by_id,
        at.astimezone(UTC),
        comment_id,
        _int_field(f, "nominee"),
        f.get("value", ""),
        login if LOGIN_RE.match(login) else "",
        election,
    )


STATE_SEPARATOR = f"<!-- {markers.PREFIX}state -->"


def _first_line(body: str) -> str:
    return body.split("\n", 1)[0]


def parse_state(comment_id: int, body: str, number: int) -> ReportState | None:
    """The state in one of the bot's own comments; None when it is not this PR's report.

    Markers are read only where the bot writes them — the report marker on the first line, decisions
    after the last `STATE_SEPARATOR` — never from the visible text between, which quotes user strings
    (a file name shown in a code span could spell out a marker)."""
    report = markers.first_marker(_first_line(body), MarkerKind.PR_REPORT)
    if report is None or report.fields.get("pr") != str(number):
        return None
    _, separator, tail = body.rpartition(STATE_SEPARATOR)
    found = markers.find_markers(tail) if separator else []
    decisions = tuple(d for m in found if m.kind == MarkerKind.DECISION if (d := _decision(m)))
    sightings = tuple(x for m in found if m.kind == MarkerKind.SEEN if (x := record.parse_sighting(m)))
    consents = tuple(c for m in found if m.kind == MarkerKind.CONSENT if (c := record.parse_consent(m)))
    return ReportState(
        comment_id=comment_id,
        body=body,
        digest=report.fields.get("digest", ""),
        check_run_id=_int_field(report.fields, "check"),
        head_sha=report.fields.get("sha", ""),
        decisions=decisions,
        sightings=sightings,
        consents=consents,
    )


def state_block(
    decisions: Sequence[Decision],
    sightings: Sequence[Sighting] = (),
    consents: Sequence[ConsentRecord] = (),
) -> str:
    """The hidden tail of the report: the separator, then one marker per decision, sighting and bound
    consent."""
    lines = [d.marker() for d in decisions] + [x.marker() for x in sightings] + [c.marker() for c in consents]
    return "\n".join([STATE_SEPARATOR, *lines])


def report_marker(number: int, digest: str, check_run_id: int | None, head_sha: str) -> str:
    fields: dict[str, str | int] = {"pr": number, "digest": digest, "sha": head_sha}
    if check_run_id is not None:
        fields["check"] = check_run_id
    return markers.marker(MarkerKind.PR_REPORT, **fields)


def reply_marker(comment_id: int, author_id: int) -> str:
    return markers.marker(MarkerKind.REPLY, comment=comment_id, author=author_id)


def replied_to(bodies: Iterable[str]) -> set[int]:
    """Comment ids the bot already answered (from its own replies' markers)."""
    return {comment for comment, _ in _replies(bodies)}


def refused_authors(bodies: Iterable[str]) -> set[int]:
    """Numeric ids of the people the bot has already refused on this pull request: each is answered once,
    so that a stranger's flood of commands costs one reply, not one per comment."""
    return {author for _, author in _replies(bodies) if author is not None}


def _replies(bodies: Iterable[str]) -> Iterator[tuple[int, int | None]]:
    for body in bodies:
        for found in markers.find_markers(_first_line(body)):  # where the bot writes it
            if found.kind == MarkerKind.REPLY and (ref := _int_field(found.fields, "comment")) is not None:
                yield ref, _int_field(found.fields, "author")


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


def may_hold_permission(comment: CommentFacts) -> bool:
    """Whether the permission API could say write or more for this commenter (a hint that only narrows:
    a MEMBER may still lack write access, which the API then says)."""
    return comment.association in PERMISSION_ASSOCIATIONS


# -- commands: who may do what -------------------------------------------------------------------------


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
    person: Person
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


def _scope_refusal(command: SlashCommand, scope: Scope, nominee: Person) -> str | None:
    """Why an admin command written for another nominee (or when the bot cannot tell for whom) is not
    applied; None when it counts for `nominee`."""
    name = command.name.value
    rest = " ".join(command.args)
    explicit = f"`/{name} @{nominee.login}{' ' + rest if rest else ''}`"
    named, _ = _explicit(command)
    if named is not None:
        # The admin's own word for whom it is, as long as the record does not show the pull request
        # proposing someone else when it was written (then the admin cannot have seen this nominee).
        if named.lower() == nominee.login.lower() and (
            scope.key in scope.then or record.UNKNOWN in scope.then
        ):
            return None
        if named.lower() == nominee.login.lower():
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
    nominee: Person | None,
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
        return Ruling(command, Outcome.refused, _ADMIN_ONLY.format(name=command.name.value))
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
    decisions: Sequence[Decision], nominee: Person | None, election: str = ""
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


def late_decision(
    decisions: Sequence[Decision], nominee: Person | None, election: str = ""
) -> Decision | None:
    """The first `/accept-late` for this nominee. Like a membership decision it is about one account (by
    numeric id) in one election: a pull request later changed to nominate someone else needs its own."""
    if nominee is None:
        return None
    accepted = [d for d in decisions if d.kind is Command.accept_late and d.applies_to(nominee, election)]
    return min(accepted, key=lambda d: (d.at, d.comment_id)) if accepted else None


# -- the verdict ---------------------------------------------------------------------------------------


class Status(StrEnum):
    ready = "ready"
    needs_changes = "needs-changes"
    awaiting_consent = "awaiting-consent"
    membership_unverified = "membership-unverified"
    window_undecided = "window-undecided"  # no record of when it was proposed: the admins decide


def plan_labels(current: Sequence[str], desired: Sequence[str]) -> tuple[list[str], list[str]]:
    """(labels to add, labels to remove): ours are kept in sync, anyone else's are never touched.
    Names compare without regard to case, as GitHub's do."""
    have = {c.casefold() for c in current}
    want = {d.casefold() for d in desired}
    add = [d for d in desired if d.casefold() not in have]
    remove = [c for c in current if vocab.set_by_the_check(c) and c.casefold() not in want]
    return add, remove


@dataclass(frozen=True, slots=True)
class Evidence:
    """GitHub's earliest record, in the bot's trusted record, of this pull request proposing the
    nomination it proposes now (`record.first_sighting`), and whether the bot saw the pull request at all
    before the cut-off."""

    at: datetime
    source: Source
    seen_before_cutoff: bool


def evidence_for(
    sightings: Sequence[Sighting],
    key: str,
    election: Election | None,
    *,
    file: str = "",
    snapshots: Sequence[Snapshot] = (),
) -> Evidence | None:
    """When this pull request first proposed what it proposes now (`key`; `file`: its nomination file's
    `record.file_key`), from the bot's record and the cut-off pass's snapshots. A snapshot of the same
    file is evidence that it was proposed by the snapshot's `updated_at`. The pull request counts as
    watched before the cut-off when the record reaches back before it, or when the cut-off pass saw it
    proposing something else and every record of this proposal is later than that look."""
    first = record.first_sighting(sightings, key)
    same = [x for x in snapshots if file and x.file == file]
    options = ([(first.at, first.source)] if first else []) + [(x.at, Source.cutoff) for x in same]
    if not options:
        return None
    at, source = min(options, key=lambda o: o[0])
    cutoff = election.nominations.end if election is not None else at
    other = any(x.file != file and x.taken < at for x in snapshots)
    return Evidence(at, source, record.seen_before(sightings, cutoff) or other)


@dataclass(frozen=True, slots=True)
class Facts:
    """Everything the verdict depends on, gathered by the command."""

    pull: PullFacts
    election: Election | None
    known_elections: tuple[str, ...]
    selection: FileSelection
    loaded: LoadedNomination | None
    blob_findings: tuple[Finding, ...]
    nominee_login: str | None
    nominee: Person | None  # None with a login: GitHub has no such account
    membership: MembershipAnswer
    consent: Consent
    duplicate_of: int | None = None  # an earlier open PR nominating the same person
    merged_file: str | None = None  # a merged nomination of the same person
    decisions: tuple[Decision, ...] = ()
    entities: EntityIndex | None = None  # the merged candidates' entities, for the PEP 772 notice
    shared_with: int | None = None  # an earlier open PR with the same head commit: its verdict is there
    evidence: Evidence | None = None  # when this PR first proposed this nomination (None: no record)
    sightings: tuple[Sighting, ...] = ()  # the trusted record, as this run leaves it
    consents: tuple[ConsentRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class Verdict:
    status: Status
    findings: tuple[Finding, ...]
    labels: tuple[str, ...]
    conclusion: str  # check-run conclusion: success, failure, action_required
    exit_code: int
    membership: MembershipAnswer  # after an admin's decision
    membership_by: Decision | None
    late_by: Decision | None
    late: bool
    digest: str = field(default="")

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.error]


_WINDOW_CODES = frozenset({"WIN001", "WIN002", "WIN003"})


def _effective_membership(facts: Facts) -> tuple[MembershipAnswer, Decision | None]:
    decision = membership_decision(
        facts.decisions, facts.nominee, facts.election.id if facts.election else ""
    )
    answer = facts.membership
    election = facts.election
    if decision is None or election is None:
        return answer, None
    if class_of(answer, election) == decision.value:
        return answer, None
    klass = decision.value
    if klass not in election.membership_classes:
        return answer, None
    source = f"admin {decision.by_login} at {format_utc(decision.at)}"
    return MembershipAnswer(MembershipState.verified, klass, source=source), decision


def _identity_findings(facts: Facts, path: str, line: int | None) -> list[Finding]:
    login = facts.nominee_login
    if login is None or facts.loaded is None or facts.loaded.nomination is None:
        return []
    if facts.nominee is None:
        return [catalogue.make("PR006", path, line, login=login)]
    if facts.nominee.type != "User":
        return [catalogue.make("PR007", path, line, login=login, kind=facts.nominee.type.lower())]
    return []


def _duplicate_findings(facts: Facts, path: str, line: int | None) -> list[Finding]:
    login, election = facts.nominee_login, facts.election
    if login is None or election is None:
        return []
    out = []
    if facts.duplicate_of is not None:
        out.append(
            catalogue.make(
                "PR008",
                path,
                line,
                login=login,
                election=election.id,
                number=facts.duplicate_of,
                contact=election.contact,
            )
        )
    if facts.merged_file is not None:
        out.append(
            catalogue.make(
                "PR009", path, line, login=login, election=election.id, existing=facts.merged_file, file=path
            )
        )
    return out


def window_findings(facts: Facts, path: str) -> list[Finding]:
    """The nomination window, judged by when GitHub's records show this pull request first proposed this
    nomination (half-open: at the cut-off instant it is late). The earliest sighting is an upper bound of
    that instant, so a sighting inside the window proves it was on time; one at or after the cut-off
    proves it late when the bot watched the pull request before the cut-off (and never saw this
    nomination there) or the pull request itself was opened at or after it. Otherwise — opened before the
    cut-off, but the bot has no record of it from before then — the bot cannot tell: WIN003, the admins
    decide. Commit dates, and the time a run started, are never evidence."""
    election, evidence = facts.election, facts.evidence
    if election is None:
        return []
    phase, opened = election.nominations, facts.pull.created_at
    if evidence is None or evidence.at >= phase.end:
        at = evidence.at if evidence is not None else opened
        if opened >= phase.end or (evidence is not None and evidence.seen_before_cutoff):
            return [
                catalogue.make(
                    "WIN002",
                    path,
                    None,
                    election=election.id,
                    end=format_utc(phase.end),
                    at=format_utc(max(at, opened)),
                    contact=election.contact,
                )
            ]
        return [
            catalogue.make(
                "WIN003",
                path,
                None,
                election=election.id,
                end=format_utc(phase.end),
                opened=format_utc(opened),
                at=format_utc(at),
            )
        ]
    if evidence.at < phase.start:
        return [
            catalogue.make(
                "WIN001",
                path,
                None,
                election=election.id,
                start=format_utc(phase.start),
                at=format_utc(evidence.at),
            )
        ]
    return []


def decide(facts: Facts) -> Verdict:
    election_id = facts.election.id if facts.election else ""
    membership, membership_by = _effective_membership(facts)
    late_by = late_decision(facts.decisions, facts.nominee, election_id)
    findings: list[Finding] = list(facts.selection.findings) + list(facts.blob_findings)
    chosen = facts.selection.nomination
    late = undecided = False
    if facts.loaded is not None and chosen is not None:
        ctx = RuleContext(
            election=facts.election,
            election_id=facts.selection.election_id,
            known_elections=facts.known_elections,
            at=None,  # the window is judged below, from the record
            membership=membership,
            nominee_id=facts.nominee.id if facts.nominee else None,
            entities=facts.entities,
            author_login=facts.pull.author.login,
        )
        file_findings = check_nomination(facts.loaded, ctx)
        if facts.loaded.nomination is not None:
            file_findings += window_findings(facts, chosen.filename)
        late = any(f.code == "WIN002" for f in file_findings)
        undecided = late_by is None and any(f.code == "WIN003" for f in file_findings)
        if late_by is not None and any(f.code in _WINDOW_CODES for f in file_findings):
            file_findings = [f for f in file_findings if f.code not in _WINDOW_CODES]
            file_findings.append(
                catalogue.make(
                    "PR010",
                    chosen.filename,
                    None,
                    by=late_by.by_login,
                    at=stamp(late_by.at, facts.election.zone if facts.election else None),
                )
            )
        findings.extend(file_findings)
        line = facts.loaded.line_of("github") if facts.loaded.lines is not None else None
        findings.extend(_identity_findings(facts, chosen.filename, line))
        findings.extend(_duplicate_findings(facts, chosen.filename, line))
    if facts.shared_with is not None:
        where = chosen.filename if chosen is not None else NOMINATIONS_ROOT
        findings.append(catalogue.make("PR011", where, None, number=facts.shared_with))
    findings = sort_findings(findings)
    errors = any(f.severity is Severity.error for f in findings)
    unverified = (
        facts.loaded is not None
        and facts.loaded.nomination is not None
        and membership.state is MembershipState.unverified
    )
    awaiting = facts.nominee is not None and not facts.consent.given
    if errors:
        status = Status.needs_changes
    elif not facts.consent.given:
        status = Status.awaiting_consent
    elif undecided:
        status = Status.window_undecided
    elif unverified:
        status = Status.membership_unverified
    else:
        status = Status.ready
    wanted = [vocab.NOMINATION.name]
    if facts.nominee_login is not None:
        wanted.append(nominee_label(facts.nominee_login))
    for flag, spec in (
        (status is Status.ready, vocab.READY),
        (errors, vocab.NEEDS_CHANGES),
        (awaiting, vocab.AWAITING_CONSENT),
        (unverified, vocab.MEMBERSHIP_UNVERIFIED),
        (late, vocab.LATE),
        (undecided, vocab.OPEN_AT_CUTOFF),
    ):
        if flag:
            wanted.append(spec.name)
    conclusion = {Status.ready: "success", Status.needs_changes: "failure"}.get(status, "action_required")
    verdict = Verdict(
        status=status,
        findings=tuple(findings),
        labels=tuple(wanted),
        conclusion=conclusion,
        exit_code=EXIT_OK if status is Status.ready else EXIT_FINDINGS,
        membership=membership,
        membership_by=membership_by,
        late_by=late_by,
        late=late,
    )
    return replace(verdict, digest=digest(facts, verdict))


def digest(facts: Facts, verdict: Verdict) -> str:
    """A short fingerprint of everything the report and the check run show: equal digests, nothing to
    write."""
    document = {
        "status": verdict.status.value,
        "conclusion": verdict.conclusion,
        "labels": sorted(verdict.labels),
        "findings": [f.as_dict() for f in verdict.findings],
        "membership": [
            verdict.membership.state.value,
            verdict.membership.membership,
            verdict.membership.source,
            verdict.membership.reason,
        ],
        "consent": [facts.consent.via, facts.consent.ref, facts.consent.stale],
        "evidence": [facts.evidence.at, facts.evidence.source] if facts.evidence else None,
        "nominee": [facts.nominee_login, facts.nominee.id if facts.nominee else None],
        "decisions": [d.marker() for d in facts.decisions],
        "file": facts.selection.nomination.filename if facts.selection.nomination else None,
        "election": facts.election.id if facts.election else None,
        "sha": facts.pull.head_sha,
    }
    text = json.dumps(document, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
