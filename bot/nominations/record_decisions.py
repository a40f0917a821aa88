"""What one run of the check adds to the trusted record (`record.py`), decided here from what the run
gathered: the sightings of heads it learnt from GitHub, each consent bound to the file it was given for,
and what the pull request proposed when a comment was written (the scope an admin's command is judged
in). Pure: a file this needs from another commit is read by the caller's `read_blob`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from bot.config.models import LOGIN_RE
from bot.github.values import ChangedFile, Comment, PullRequest, Review, User
from bot.nominations import record
from bot.nominations.authority import Scope
from bot.nominations.consent import approving_reviews, consent_comments
from bot.nominations.constants import HeadEvidence
from bot.nominations.record import ConsentRecord, Sighting, Source
from bot.nominations.verdict import Facts


def new_sightings(
    pull: PullRequest,
    known: Sequence[Sighting],
    key: str,
    nominee: User | None,
    blob: str,
    head: HeadEvidence | None,
) -> list[Sighting]:
    """What this run learnt from GitHub about when heads were proposed: the delivery's own head and
    time (`head`: `opened`, `synchronize`, other pull-request events), and the pull request as listed now
    (its head, proposed at or before its `updated_at`). Only the head this run judged gets its
    proposal (key, nominee, blob); a head that moved on since the delivery is kept as a bare fact."""
    login = nominee.login if nominee is not None and LOGIN_RE.match(nominee.login) else ""
    nominee_id = nominee.id if nominee is not None else None

    def judged(s: Sighting) -> Sighting:
        if s.head != pull.head_sha or not key:
            return s
        return record.with_key(s, key, nominee_id, login, blob)

    out: list[Sighting] = []
    if head is not None and not (head.source is Source.event and any(k.head == head.head for k in known)):
        out.append(judged(Sighting(head.head, head.at, head.source, head.before)))
    on_record = any(k.head == pull.head_sha and k.key == key for k in (*known, *out))
    if pull.updated_at is not None and not on_record:
        out.append(judged(Sighting(pull.head_sha, pull.updated_at, Source.seen)))
    return out


def bind_consents(
    consents: Sequence[ConsentRecord],
    sightings: Sequence[Sighting],
    nominee: User | None,
    people: Sequence[Comment],
    reviews: Sequence[Review],
    pull: PullRequest,
    chosen: ChangedFile | None,
    blob: str,
    read_blob: Callable[[str], str],
) -> tuple[ConsentRecord, ...]:
    """Each consent bound to the nomination file it was given for (kept in the record once known):
    an approval to the file at the commit it reviewed (`commit_id`: GitHub's record of what the
    reviewer saw), a `/consent` to the file the pull request proposed when it was written.
    `read_blob(commit)`: the file's blob at a commit neither the head nor on the record ("" if none)."""
    bound = tuple(consents)
    if nominee is None or chosen is None or nominee.same(pull.author):
        return bound
    done = {(c.via, c.ref) for c in bound}
    for review in approving_reviews(reviews, nominee):
        if ("review", review.id) in done or review.commit_id is None:
            continue
        seen = _blob_at(review.commit_id, sightings, pull, blob, read_blob)
        bound = record.with_consent(bound, ConsentRecord("review", review.id, seen or record.NO_FILE))
    for comment in consent_comments(people, nominee):
        if ("comment", comment.id) in done:
            continue
        then = record.proposed_at(sightings, comment.created_at, "blob")
        if len(then) == 1 and record.UNKNOWN not in then:
            bound = record.with_consent(bound, ConsentRecord("comment", comment.id, next(iter(then))))
    return bound


def _blob_at(
    commit: str, sightings: Sequence[Sighting], pull: PullRequest, blob: str, read_blob: Callable[[str], str]
) -> str:
    """The blob of the nomination file at `commit`: known for the head and for judged heads on the
    record; otherwise read once."""
    if commit == pull.head_sha:
        return blob
    known = next((s.blob for s in sightings if s.head == commit and s.blob), "")
    return known or read_blob(commit)


def scope(facts: Facts, written: datetime) -> Scope:
    """What the pull request proposed when a comment was written, from the record."""
    key = (
        record.proposal_key(facts.selection.nomination.filename, facts.nominee.id if facts.nominee else None)
        if facts.selection.nomination
        else ""
    )
    then = record.proposed_at(facts.sightings, written, "key")
    login_then = ""
    if len(then) == 1 and record.UNKNOWN not in then:
        login_then = next((s.login for s in facts.sightings if s.key in then and s.login), "")
    return Scope(key, then, login_then, facts.election.id if facts.election else "")
