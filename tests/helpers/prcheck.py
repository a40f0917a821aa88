"""Facts for the pure PR check (bot.nominations): the sample election, its people (JANE, BOB, ADMIN), a
nomination's changed files (f), an admin's decision and the facts a verdict is reached from."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot import nominations as prcheck
from bot.config.loading import load_election, load_nomination
from bot.config.models import Election
from bot.github.values import ChangedFile, PullRequest, User
from bot.nominations import (
    Consent,
    ConsentVia,
    Decision,
    Facts,
    record,
)
from bot.nominations.membership import MembershipAnswer, MembershipState
from bot.nominations.slash import Command
from tests.helpers.world import nomination_md

ROOT = Path(__file__).resolve().parents[2]


T0 = datetime(2026, 3, 5, 10, 0, tzinfo=UTC)


JANE = User("janedoe", 101)


BOB = User("bob", 102)


ADMIN = User("anadmin", 103)


PATH = "nominations/sample-2026/janedoe.md"


def election() -> Election:
    data = (ROOT / "nominations" / "sample-2026" / "election.yaml").read_bytes()
    loaded = load_election(data, "election.yaml", "sample-2026")
    assert loaded.election is not None
    return loaded.election


def f(name: str, status: str = "added", previous: str | None = None) -> ChangedFile:
    return ChangedFile(name, status, previous)


def pull(
    number: int = 7, author: User = JANE, at: datetime = T0, labels: tuple[str, ...] = ()
) -> PullRequest:
    return PullRequest(
        number=number,
        title="Nomination",
        author=author,
        state="open",
        draft=False,
        merged=False,
        created_at=at,
        head_sha="a" * 40,
        head_repo_full_name="o/r",
        base_ref="main",
        labels=labels,
        html_url=f"https://github.com/o/r/pull/{number}",
    )


def decision(
    kind: Command = Command.verify_membership, *, at: datetime = T0, cid: int = 55, value: str = "fellow"
) -> Decision:
    return Decision(kind, ADMIN.login, ADMIN.id, at, cid, JANE.id, value)


def facts(
    *,
    content: bytes | None = None,
    author: User = JANE,
    nominee: User | None = JANE,
    membership: MembershipAnswer | None = None,
    consent: Consent | None = None,
    at: datetime = T0,
    decisions: tuple[Decision, ...] = (),
    files: list[ChangedFile] | None = None,
    duplicate_of: int | None = None,
    evidence: prcheck.Evidence | str | None = "opened",
) -> Facts:
    e = election()
    selection = prcheck.select_nomination(files or [f(PATH)])
    nominator = None if author.login.casefold() == "janedoe" else author.login
    data = content if content is not None else nomination_md("janedoe", nominated_by=nominator)
    loaded = load_nomination(data, PATH) if selection.nomination else None
    return Facts(
        pull=pull(author=author, at=at),
        election=e,
        known_elections=("sample-2026",),
        selection=selection,
        loaded=loaded,
        blob_findings=(),
        nominee_login="janedoe" if selection.nomination else None,
        nominee=nominee,
        membership=membership or MembershipAnswer(MembershipState.verified, "fellow", source="roster"),
        consent=consent or Consent(ConsentVia.author),
        duplicate_of=duplicate_of,
        decisions=decisions,
        evidence=prcheck.Evidence(at, record.Source.opened, True) if evidence == "opened" else evidence,  # type: ignore[arg-type]
    )


CUTOFF = datetime(2026, 3, 17, 14, 0, tzinfo=UTC)
