"""What one run adds to the trusted record (bot/nominations/record_decisions.py), decided without GitHub:
the file at another commit is read only through the reader the caller gives, and only when the record does
not already know it."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.github.values import Review
from bot.nominations.record import ConsentRecord, Sighting, Source
from bot.nominations.record_decisions import bind_consents, new_sightings
from tests.helpers.prcheck import BOB, JANE, PATH, T0, f, pull

HEAD = "a" * 40
OLD = "b" * 40


def test_an_approval_of_another_commit_reads_that_file_once_unless_the_record_knows_it() -> None:
    ours = pull(author=JANE)
    approvals = [Review(1, BOB, "APPROVED", T0, HEAD), Review(2, BOB, "APPROVED", T0, OLD)]
    asked: list[str] = []

    def read_blob(commit: str) -> str:
        asked.append(commit)
        return "blob-old"

    bound = bind_consents((), (), BOB, [], approvals, ours, f(PATH), "blob-head", read_blob)
    assert bound == (ConsentRecord("review", 1, "blob-head"), ConsentRecord("review", 2, "blob-old"))
    assert asked == [OLD]  # the head's blob is the run's own; only the older commit is read
    known = (Sighting(OLD, T0, Source.seen, blob="blob-known"),)
    asked.clear()
    bound = bind_consents((), known, BOB, [], approvals, ours, f(PATH), "blob-head", read_blob)
    assert ConsentRecord("review", 2, "blob-known") in bound and asked == []


def test_the_authors_own_nomination_binds_no_consent() -> None:
    def never(commit: str) -> str:
        raise AssertionError(commit)

    approvals = [Review(1, JANE, "APPROVED", T0, OLD)]
    assert bind_consents((), (), JANE, [], approvals, pull(author=JANE), f(PATH), "x", never) == ()


def test_only_the_judged_head_gets_the_proposal() -> None:
    ours = replace(pull(author=JANE), updated_at=T0 + timedelta(minutes=5))
    [seen] = new_sightings(ours, (), "key-1", BOB, "blob-1", None)
    assert (seen.head, seen.source, seen.key, seen.login, seen.blob) == (
        HEAD,
        Source.seen,
        "key-1",
        "bob",
        "blob-1",
    )
    on_record = (Sighting(HEAD, T0, Source.opened, key="key-1"),)
    assert new_sightings(ours, on_record, "key-1", BOB, "blob-1", None) == []
