"""`election-bot pr` end to end: real webhook payloads, `bot.cli.main(["pr"])`, the local GitHub stand-in.

Every scenario also checks the request budget (at most 12 requests, labels already existing) and that a
second run of the same event writes nothing.
"""

from __future__ import annotations

import html
import re
import socket
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.nominations.constants import REQUEST_BUDGET
from election_bot_demo.fakehub import FakeHub, Fault
from tests.helpers import canary
from tests.helpers.rendering import outside_code
from tests.helpers.world import (
    BUDGET,
    CUTOFF,
    ELECTION_DIR,
    IN_WINDOW,
    REPO,
    World,
    mentions,
    nomination_md,
    plain,
    settled,
    unverified_nomination,
)

# -- a valid self-nomination -----------------------------------------------------------------------------


def test_valid_self_nomination_is_ready_and_a_rerun_writes_nothing(world: World) -> None:
    world.set_roster(janedoe="fellow")
    number = world.nominate("janedoe")
    world.pr_event(number)
    first = settled(world, code=0)
    assert world.labels(number) == {"nomination", "nominee:janedoe", "ready-for-review"}
    assert world.conclusion(number) == "success"
    assert len(world.checks(number)) == 1
    report = world.report(number)
    assert "Ready for review" in report
    assert mentions(report) == []  # nobody needs to act: nobody is pinged
    assert "Ready for review" in world.summary()
    assert "GitHub requests:" in first.out
    # Reads and writes of the first run, exactly (the nominee label is new, so it is created).
    methods = [(r.method, r.path.removeprefix(f"/repos/{REPO}")) for r in first.requests if r.counted]
    assert methods == [
        ("GET", "/pulls"),
        ("GET", f"/pulls/{number}/files"),
        ("GET", f"/contents/{ELECTION_DIR}/janedoe.md"),
        ("GET", f"/issues/{number}/comments"),
        ("GET", "/actions/workflows"),  # (the election's folder is the checkout's: no request)
        ("POST", "/check-runs"),
        ("POST", f"/issues/{number}/comments"),
        ("GET", "/labels"),
        ("POST", "/labels"),
        ("POST", f"/issues/{number}/labels"),
    ]


def _spend(world: World, requests: int) -> None:
    """Spend `requests` of the hour's GITHUB_TOKEN budget with other work (plain reads on loopback)."""
    opener = urllib.request.build_opener()
    opener.addheaders = [("Authorization", f"token {canary.CANARY_TOKEN}")]
    for _ in range(requests):
        with opener.open(f"{world.hub.url}/repos/{REPO}") as answer:
            answer.read()


def test_a_busy_hour_does_not_read_the_workflows_states(world: World) -> None:
    """Issue 28: a brand-new pull request has no reading of the workflows' states on record, so every new
    one of a busy hour read them. They are read only in a quiet hour (90 % of the hour's requests left:
    `GET /rate_limit`, free), here not with 850 of 1,000 left; an hour later, a run reads them."""
    world.set_roster(janedoe="fellow")
    _spend(world, 150 - world.hub.rate_limit_status(REPO).used)
    assert world.hub.rate_limit_status(REPO).remaining == 850  # busy, though far above the reserve
    number = world.nominate("janedoe")
    world.pr_event(number)

    busy = world.run()

    assert busy.code == 0, busy.out
    assert not [r for r in busy.requests if r.path.endswith("/actions/workflows")]
    assert "ready-for-review" in world.labels(number)
    world.hub.advance(timedelta(hours=1, minutes=1))
    world.pr_event(number, "synchronize")
    quiet = world.run()
    assert [r for r in quiet.requests if r.path.endswith("/actions/workflows")]


def test_labels_are_created_with_colour_and_description_on_first_use(new_repo_world: World) -> None:
    world = new_repo_world
    world.set_roster(janedoe="fellow")
    number = world.nominate("janedoe")
    world.pr_event(number)
    first = world.run()
    assert first.code == 0
    # Only the labels about to be added are created (3 here), never the others.
    created = [r for r in first.requests if r.method == "POST" and r.path == f"/repos/{REPO}/labels"]
    assert len(created) == 3
    assert world.run().writes == []
    labels = {label.name: label for label in world.hub.labels(REPO)}
    assert set(labels) == {"nomination", "nominee:janedoe", "ready-for-review"}
    assert labels["nominee:janedoe"].color == "c5def5"
    assert labels["nominee:janedoe"].description
    assert labels["ready-for-review"].color == "0e8a16"


def test_a_push_re_checks_and_posts_a_new_check_run_for_the_new_head(world: World) -> None:
    world.set_roster(janedoe="fellow")
    number = world.nominate("janedoe", content=nomination_md("janedoe", statement="Too short."))
    world.pr_event(number)
    settled(world, code=0)
    assert "NOM014" in world.report(number)  # a warning: shown, but it does not hold the nomination up
    world.hub.push_to_pull(REPO, number, {f"{ELECTION_DIR}/janedoe.md": b"no front matter"})
    world.pr_event(number, "synchronize")
    settled(world, code=1)
    assert world.labels(number) == {"nomination", "nominee:janedoe", "needs-changes"}
    assert "NOM001" in world.report(number)
    world.hub.push_to_pull(
        REPO, number, {f"{ELECTION_DIR}/janedoe.md": nomination_md("janedoe", membership="basic")}
    )
    world.pr_event(number, "synchronize")
    settled(world, code=1)
    assert "NOM008" in world.report(number)
    world.hub.push_to_pull(REPO, number, {f"{ELECTION_DIR}/janedoe.md": nomination_md("janedoe")})
    world.pr_event(number, "synchronize")
    settled(world, code=0)
    assert world.labels(number) == {"nomination", "nominee:janedoe", "ready-for-review"}
    assert len(world.bot_comments(number)) == 1  # edited in place, never duplicated


# -- someone else's nomination and consent -------------------------------------------------------------


def test_nominating_someone_else_waits_for_their_consent_and_pings_them_once(world: World) -> None:
    world.set_roster(carol="contributing")
    world.user("carol")
    number = world.nominate(
        "bob", "carol", content=nomination_md("carol", membership="contributing", nominated_by="bob")
    )
    world.pr_event(number)
    settled(world, code=1)
    assert world.labels(number) == {"nomination", "nominee:carol", "awaiting-consent"}
    assert world.conclusion(number) == "action_required"
    report = world.report(number)
    assert mentions(report) == ["carol"]  # the one who must act, once; bob is not pinged
    assert "/consent" in report and "Approve" in report
    check = world.checks(number)[-1]
    assert mentions(check.text or "") == []  # a check run pings nobody


def test_consent_by_an_approving_review_from_the_nominee(world: World) -> None:
    world.set_roster(carol="fellow")
    world.user("carol")
    number = world.nominate("bob", "carol")
    world.pr_event(number)
    settled(world, code=1)
    review = world.hub.add_review(REPO, number, "carol", "APPROVED")
    world.review_event(number, review, "carol", "approved")
    first = settled(world, code=0)
    assert world.labels(number) == {"nomination", "nominee:carol", "ready-for-review"}
    assert "approved this pull request" in world.report(number)
    assert mentions(world.report(number)) == []
    assert first.total <= BUDGET


def test_consent_arrives_through_the_review_relay_workflow_run(world: World) -> None:
    world.set_roster(carol="fellow")
    world.user("carol")
    number = world.nominate("bob", "carol")
    world.pr_event(number)
    settled(world, code=1)
    world.hub.add_review(REPO, number, "carol", "APPROVED")
    world.workflow_run_event(number)
    settled(world, code=0)
    assert "ready-for-review" in world.labels(number)


def test_an_approval_by_someone_else_is_not_consent(world: World) -> None:
    world.set_roster(carol="fellow")
    world.user("carol")
    number = world.nominate("bob", "carol")
    review = world.hub.add_review(REPO, number, "dave", "APPROVED")
    world.review_event(number, review, "dave", "approved")
    settled(world, code=1)
    assert "awaiting-consent" in world.labels(number)


def test_consent_by_a_comment_from_the_nominee(world: World) -> None:
    world.set_roster(carol="fellow")
    world.user("carol")
    number = world.nominate("bob", "carol")
    world.pr_event(number)
    settled(world, code=1)
    world.comment(number, "carol", "Thank you Bob!\n\n/consent\n")
    first = settled(world, code=0)
    assert world.labels(number) == {"nomination", "nominee:carol", "ready-for-review"}
    assert "commented `/consent`" in world.report(number)
    assert len(world.bot_comments(number)) == 1
    assert first.total <= BUDGET


@pytest.mark.parametrize("author", ["dave", "bob"])
def test_consent_from_anyone_but_the_nominee_does_nothing(world: World, author: str) -> None:
    world.set_roster(carol="fellow")
    world.user("carol")
    number = world.nominate("bob", "carol")
    world.pr_event(number)
    settled(world, code=1)
    world.comment(number, author, "/consent")
    second = settled(world, code=1)
    assert second.writes == []  # no reply, no change
    assert "awaiting-consent" in world.labels(number)
    assert len(world.bot_comments(number)) == 1


def test_consent_in_a_quote_or_code_block_is_not_consent(world: World) -> None:
    world.set_roster(carol="fellow")
    world.user("carol")
    number = world.nominate("bob", "carol")
    world.comment(number, "carol", "> /consent\n\n```\n/consent\n```\n\n    /consent\n\n／consent\n")
    first = world.run()  # (no report yet: the whole check runs)
    assert first.code == 1 and first.total <= BUDGET
    assert "awaiting-consent" in world.labels(number)
    again = world.run()  # no command in the comment, nothing waiting since the report: nothing to do
    assert again.code == 0 and again.writes == [] and "holds no command" in again.out


def test_a_dismissed_approval_is_no_longer_consent(world: World) -> None:
    world.set_roster(carol="fellow")
    world.user("carol")
    number = world.nominate("bob", "carol")
    review = world.hub.add_review(REPO, number, "carol", "DISMISSED")
    world.review_event(number, review, "carol", "dismissed", action="dismissed")
    settled(world, code=1)
    assert "awaiting-consent" in world.labels(number)


# -- the window --------------------------------------------------------------------------------------------


def test_a_pr_opened_at_the_cutoff_instant_is_late(world: World) -> None:
    world.set_roster(janedoe="fellow")
    world.hub.now = CUTOFF + timedelta(hours=1)
    number = world.nominate("janedoe", created_at=CUTOFF)
    world.pr_event(number)
    settled(world, code=1)
    assert world.labels(number) == {"nomination", "nominee:janedoe", "late"}
    assert "WIN002" in world.report(number) and "## Nomination check: ⏰ Late" in world.report(number)
    assert "Changes needed" not in world.report(number)
    assert world.conclusion(number) == "failure"


def test_a_pr_opened_one_second_before_the_cutoff_is_on_time(world: World) -> None:
    world.set_roster(janedoe="fellow")
    world.hub.now = CUTOFF + timedelta(days=2)  # checked long after the cut-off: the PR's own time decides
    number = world.nominate("janedoe", created_at=CUTOFF - timedelta(seconds=1))
    world.pr_event(number)
    settled(world, code=0)
    assert "late" not in world.labels(number)


def test_a_pr_opened_before_nominations_open_is_too_early(world: World) -> None:
    world.set_roster(janedoe="fellow")
    number = world.nominate("janedoe", created_at=datetime(2026, 3, 3, 13, 59, 59, tzinfo=UTC))
    world.pr_event(number)
    settled(world, code=1)
    assert "WIN001" in world.report(number)
    assert "late" not in world.labels(number)


def test_an_admin_can_accept_a_late_nomination_on_the_record(world: World) -> None:
    world.set_roster(janedoe="fellow")
    world.hub.set_permission(REPO, "maintainer", "maintain")
    world.hub.now = CUTOFF + timedelta(hours=1)  # the comment comes after the pull request
    number = world.nominate("janedoe", created_at=CUTOFF)
    world.pr_event(number)
    settled(world, code=1)
    world.comment(number, "maintainer", "The cut-off fell during a GitHub outage.\n/accept-late")
    settled(world, code=0)
    report = world.report(number)
    assert "PR010" in report and "accepted the nomination outside the window" in report
    assert world.labels(number) == {"nomination", "nominee:janedoe", "ready-for-review", "late"}


# -- what the PR touches -------------------------------------------------------------------------------


def test_a_pr_that_also_changes_a_workflow_must_be_split(world: World) -> None:
    world.set_roster(janedoe="fellow")
    number = world.nominate("janedoe", extra={".github/workflows/evil.yml": b"on: push\n"})
    world.pr_event(number)
    settled(world, code=1)
    report = world.report(number)
    assert "PR001" in report and "split your PR" in report
    assert ".github/workflows/evil.yml" in plain(report)
    assert "needs-changes" in world.labels(number)
    annotations = world.checks(number)[-1].annotations
    assert any(a["path"] == ".github/workflows/evil.yml" for a in annotations)


def test_removing_or_renaming_another_file_counts_as_touching_it(world: World) -> None:
    world.hub.commit(REPO, "main", {"README.md": b"hello\n", "docs/old.md": b"old\n"})
    world.set_roster(janedoe="fellow")
    number = world.nominate("janedoe", extra={"README.md": None})
    world.pr_event(number)
    settled(world, code=1)
    assert "`README.md` (removed)" in plain(world.report(number))
    assert "PR001" in world.report(number)


def test_two_nomination_files_in_one_pr_must_be_split(world: World) -> None:
    world.set_roster(janedoe="fellow")
    number = world.nominate("janedoe", extra={f"{ELECTION_DIR}/carol.md": nomination_md("carol")})
    world.pr_event(number)
    settled(world, code=1)
    assert "PR003" in world.report(number)


@pytest.mark.parametrize(
    ("mode", "content"),
    [("120000", b"../../README.md"), ("160000", b"https://example.org/evil.git")],
    ids=["symlink", "submodule"],
)
def test_only_a_regular_file_is_a_nomination(world: World, mode: str, content: bytes) -> None:
    world.set_roster(janedoe="fellow")
    path = f"{ELECTION_DIR}/janedoe.md"
    number = world.nominate("janedoe", content=content, modes={path: mode})
    world.pr_event(number)
    settled(world, code=1)
    report = world.report(number)
    assert "PR004" in report
    assert "needs-changes" in world.labels(number)


def test_a_file_over_the_size_limit_is_not_parsed(world: World) -> None:
    world.set_roster(janedoe="fellow")
    big = nomination_md("janedoe", statement="word " * 8000)  # sample-2026 allows 32,768 bytes
    number = world.nominate("janedoe", content=big)
    world.pr_event(number)
    settled(world, code=1)
    assert "FILE002" in world.report(number)


def test_a_pr_that_is_not_a_nomination_gets_a_neutral_check_and_nothing_else(world: World) -> None:
    world.user("dev")
    number = world.hub.open_pull(REPO, "dev", {"bot/core/x.py": b"print('hi')\n"}, title="Code")
    world.pr_event(number)
    first = world.run()
    assert first.code == 0
    assert world.conclusion(number) == "neutral"
    assert world.bot_comments(number) == []
    assert world.labels(number) == set()


# -- duplicates --------------------------------------------------------------------------------------------


def test_a_second_open_pr_for_the_same_nominee_is_a_duplicate(world: World) -> None:
    world.set_roster(carol="fellow")
    world.user("carol")
    first_pr = world.nominate("carol")
    world.pr_event(first_pr)
    settled(world, code=0)
    world.hub.advance(timedelta(minutes=5))
    second_pr = world.nominate(
        "bob", "Carol", content=nomination_md("Carol", nominated_by="bob"), path=f"{ELECTION_DIR}/Carol.md"
    )
    world.pr_event(second_pr)
    first = settled(world, code=1)
    report = world.report(second_pr)
    # The finding links the other pull request, which the bot found itself ("#N" as an explicit link: GitHub
    # autolinks no escaped `#N`); values from the file stay escaped whole (weakness 12).
    assert "PR008" in report and f"[#{first_pr}](" in report and f"/pull/{first_pr})" in report
    assert first.total <= BUDGET
    # The earlier one is not affected.
    world.pr_event(first_pr, "synchronize")
    settled(world, code=0)


def test_a_label_alone_does_not_make_a_duplicate(world: World) -> None:
    world.set_roster(carol="fellow")
    other = world.hub.open_pull(REPO, "mallory", {"docs/x.md": b"x\n"}, labels=["nominee:carol"])
    assert other
    world.hub.advance(timedelta(minutes=5))
    number = world.nominate("carol")
    world.pr_event(number)
    settled(world, code=0)
    assert "PR008" not in world.report(number)


def test_a_merged_nomination_of_the_same_person_is_a_duplicate(world: World) -> None:
    world.set_roster(carol="fellow")
    world.commit_main({f"{ELECTION_DIR}/Carol.md": nomination_md("Carol")})
    number = world.nominate("carol")
    world.pr_event(number)
    settled(world, code=1)
    report = world.report(number)
    assert "PR009" in report and "nominations/sample-2026/Carol.md" in plain(report)


def test_updating_ones_own_merged_nomination_is_not_a_duplicate(world: World) -> None:
    world.set_roster(carol="fellow")
    path = f"{ELECTION_DIR}/carol.md"
    world.commit_main({path: nomination_md("carol")})
    number = world.nominate("carol", content=nomination_md("carol", name="Carol Updated"))
    assert world.hub.pull(REPO, number).files[0].status == "modified"
    world.pr_event(number)
    settled(world, code=0)


# -- membership --------------------------------------------------------------------------------------------


def test_no_membership_directory_means_unverified_never_valid(world: World) -> None:
    number = world.nominate("janedoe")
    world.pr_event(number)
    settled(world, code=1)
    assert world.labels(number) == {"nomination", "nominee:janedoe", "membership-unverified"}
    assert world.conclusion(number) == "action_required"
    assert "MEM003" in world.report(number)


def test_a_missing_roster_file_fails_closed(world: World) -> None:
    world.monkeypatch.setenv("ELECTION_BOT_ROSTER", str(world.tmp / "no-such-roster.csv"))
    number = world.nominate("janedoe")
    world.pr_event(number)
    run = settled(world, code=1)
    assert "membership-unverified" in world.labels(number)
    assert "no-such-roster" not in world.report(number)  # the path is for the log, not the nominee
    assert "ready-for-review" not in world.labels(number)
    assert run.code == 1


def test_an_unreachable_membership_service_fails_closed(world: World) -> None:
    with socket.socket() as sock:  # a loopback port with nothing listening
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    world.monkeypatch.setenv("ELECTION_BOT_MEMBERSHIP_URL", f"https://127.0.0.1:{port}/members")
    world.monkeypatch.setenv("ELECTION_BOT_MEMBERSHIP_TOKEN", canary.CANARY_MEMBERSHIP_TOKEN)
    number = world.nominate("janedoe")
    world.pr_event(number)
    run = settled(world, code=1)
    assert "membership-unverified" in world.labels(number)
    assert "could not be reached" in world.report(number)
    assert canary.CANARY_MEMBERSHIP_TOKEN not in world.report(number) + run.out + run.err


def test_a_member_of_a_class_that_cannot_stand_needs_changes(world: World) -> None:
    world.set_roster(janedoe="basic")
    number = world.nominate("janedoe")
    world.pr_event(number)
    settled(world, code=1)
    assert "MEM002" in world.report(number)
    assert world.labels(number) == {"nomination", "nominee:janedoe", "needs-changes"}


def test_a_login_the_roster_does_not_know_needs_changes(world: World) -> None:
    world.set_roster(someoneelse="fellow")
    number = world.nominate("janedoe")
    world.pr_event(number)
    settled(world, code=1)
    assert "MEM001" in world.report(number)


def test_a_nominee_without_a_github_account(world: World) -> None:
    world.set_roster(ghostly="fellow")
    number = world.nominate("bob", "ghostly", content=nomination_md("ghostly", nominated_by="bob"))
    world.pr_event(number)
    settled(world, code=1)
    assert "PR006" in world.report(number)
    assert mentions(world.report(number)) == []  # nobody to ping


def test_a_nominee_without_a_github_account_is_not_also_told_an_admin_will_verify_them(world: World) -> None:
    number = world.nominate("bob", "ghostly", content=nomination_md("ghostly", nominated_by="bob"))
    world.pr_event(number)
    settled(world, code=1)
    report = world.report(number)
    assert "PR006" in report and "MEM003" not in report and "an admin will verify" not in report


def test_an_organisation_account_cannot_be_nominated(world: World) -> None:
    world.set_roster(someorg="fellow")
    world.hub.add_user("someorg", type="Organization")
    number = world.nominate("bob", "someorg", content=nomination_md("someorg", nominated_by="bob"))
    world.pr_event(number)
    settled(world, code=1)
    assert "PR007" in world.report(number)


# -- admin commands ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("permission", ["write", "maintain", "admin"])
def test_an_admin_verifies_membership_by_hand_on_the_record(world: World, permission: str) -> None:
    world.hub.set_permission(REPO, "anadmin", permission)  # type: ignore[arg-type]
    number = unverified_nomination(world)
    comment_id = world.comment(number, "anadmin", "Checked on psfmember.org.\n\n/verify-membership fellow")
    first = settled(world, code=0)
    assert world.labels(number) == {"nomination", "nominee:janedoe", "ready-for-review"}
    report = world.report(number)
    assert "verified membership by hand" in report
    assert f"comment={comment_id}" in report and "act=verify-membership" in report
    assert "by=anadmin" in report
    assert len(world.bot_comments(number)) == 1  # recorded in the report, no extra reply
    assert first.total <= BUDGET
    # A later push keeps the decision: it lives in the bot's own report comment.
    world.hub.push_to_pull(
        REPO, number, {f"{ELECTION_DIR}/janedoe.md": nomination_md("janedoe", name="Jane Q")}
    )
    world.pr_event(number, "synchronize")
    settled(world, code=0)
    assert "verified membership by hand" in world.report(number)


def test_a_configured_admin_without_repository_permission_is_an_admin(world: World) -> None:
    number = unverified_nomination(world)  # sample-2026 lists `sample-admin` under admins
    world.comment(number, "sample-admin", "/verify-membership")
    settled(world, code=0)
    assert "fellow" in world.report(number)  # the class declared in the file
    assert not any(r.path.endswith("/permission") for r in world.hub.requests)


def test_an_admin_withdraws_a_verification(world: World) -> None:
    world.hub.set_permission(REPO, "anadmin", "write")
    number = unverified_nomination(world)
    world.comment(number, "anadmin", "/verify-membership")
    settled(world, code=0)
    world.comment(number, "anadmin", "Wrong person, sorry.\n/unverify-membership")
    settled(world, code=1)
    assert "membership-unverified" in world.labels(number)
    assert "withdrew" in world.report(number)


@pytest.mark.parametrize(
    ("login", "permission"),
    [("triager", "triage"), ("reader", "read"), ("stranger", None)],
)
def test_commands_from_people_without_write_permission_are_refused_once(
    world: World, login: str, permission: str | None
) -> None:
    if permission:
        world.hub.set_permission(REPO, login, permission)  # type: ignore[arg-type]
    world.hub.set_author_association(REPO, login, "MEMBER")  # not authorisation
    number = unverified_nomination(world)
    comment_id = world.comment(number, login, "/verify-membership fellow")
    first = world.run()
    assert first.code == 1
    assert "membership-unverified" in world.labels(number)
    replies = [b for b in world.bot_comments(number) if "election-bot:reply" in b]
    assert len(replies) == 1
    assert f"comment={comment_id}" in replies[0]
    assert "only the election's admins" in replies[0]
    assert mentions(replies[0]) == []
    assert first.total <= BUDGET
    second = world.run()
    assert second.writes == []  # the refusal is not repeated
    world.pr_event(number, "synchronize")  # nor by a later event
    assert world.run().writes == []


def test_the_pr_author_cannot_verify_their_own_membership(world: World) -> None:
    number = unverified_nomination(world)
    world.comment(number, "janedoe", "/verify-membership fellow")
    first = world.run()
    assert first.code == 1 and first.total <= BUDGET
    assert "membership-unverified" in world.labels(number)
    assert any("election-bot:reply" in b for b in world.bot_comments(number))
    again = world.run()  # answered once: the same event again costs the comments' read and writes nothing
    assert again.code == 0 and again.writes == [] and "answered already" in again.out
    assert again.total == 1


def test_an_admin_cannot_decide_on_their_own_nomination(world: World) -> None:
    world.hub.set_permission(REPO, "janedoe", "admin")
    number = unverified_nomination(world)
    world.comment(number, "janedoe", "/verify-membership fellow")
    settled(world, code=1)
    replies = [b for b in world.bot_comments(number) if "election-bot:reply" in b]
    assert len(replies) == 1 and "own nomination" in replies[0]


def test_an_edited_comment_is_never_acted_on(world: World) -> None:
    world.hub.set_permission(REPO, "anadmin", "write")
    number = unverified_nomination(world)
    comment_id = world.hub.add_comment(REPO, number, "anadmin", "Looking into it.")
    world.hub.edit_comment(
        REPO, comment_id, "Looking into it.\n/verify-membership", at=IN_WINDOW + timedelta(minutes=3)
    )
    world.comment_event(number, comment_id, "edited")
    settled(world, code=1)
    assert "membership-unverified" in world.labels(number)
    # ... nor later, by any other event.
    world.pr_event(number, "synchronize")
    settled(world, code=1)
    assert "verified membership by hand" not in world.report(number)


def test_a_deleted_comment_re_checks_without_acting(world: World) -> None:
    world.hub.set_permission(REPO, "anadmin", "write")
    number = unverified_nomination(world)
    comment_id = world.hub.add_comment(REPO, number, "anadmin", "/verify-membership")
    world.comment_event(number, comment_id, "deleted")
    world.hub.delete_comment(REPO, comment_id)
    settled(world, code=1)


def test_a_command_whose_own_run_was_replaced_is_picked_up_by_the_next_run(world: World) -> None:
    """GitHub keeps one pending run per concurrency group: the comment's run may never happen."""
    world.hub.set_permission(REPO, "anadmin", "write")
    number = unverified_nomination(world)
    world.hub.add_comment(REPO, number, "anadmin", "/verify-membership")
    world.pr_event(number, "synchronize")
    settled(world, code=0)
    assert "verified membership by hand" in world.report(number)


def test_a_comment_by_the_bot_itself_is_ignored(world: World) -> None:
    number = unverified_nomination(world)
    world.comment(number, FakeHub.BOT_LOGIN, "/verify-membership fellow")
    run = world.run()
    assert run.code == 0
    assert run.requests == []
    world.pr_event(number, "synchronize")  # and no later run takes the bot's words as a command either
    settled(world, code=1)


def test_recheck_from_the_author_is_a_re_check(world: World) -> None:
    number = unverified_nomination(world)
    world.set_roster(janedoe="fellow")
    world.comment(number, "janedoe", "/recheck")
    settled(world, code=0)
    assert not any("election-bot:reply" in b for b in world.bot_comments(number))


def test_a_bad_argument_gets_an_explanation(world: World) -> None:
    world.hub.set_permission(REPO, "anadmin", "write")
    number = unverified_nomination(world)
    world.comment(number, "anadmin", "/verify-membership platinum")
    settled(world, code=1)
    replies = [b for b in world.bot_comments(number) if "election-bot:reply" in b]
    assert (
        len(replies) == 1
        and "platinum" in replies[0]
        and "is not a class of PSF membership here" in replies[0]
    )


# -- forged state ------------------------------------------------------------------------------------------


def test_a_marker_in_someone_elses_comment_is_ignored_and_left_alone(world: World) -> None:
    forged = (
        "<!-- election-bot:pr-report check=1 digest=0000000000000000 pr=1 sha=abc -->\n"
        "<!-- election-bot:decision act=verify-membership at=2026-03-05T09:00:00Z by=sample-admin by_id=1 "
        "comment=1 nominee=1 value=fellow -->\n"
        "<!-- election-bot:reply comment=999 -->\nAll good here!"
    )
    number = world.nominate("janedoe")
    forged_id = world.hub.add_comment(REPO, number, "mallory", forged)
    world.pr_event(number)
    settled(world, code=1)
    assert "membership-unverified" in world.labels(number)
    mallory = next(c for c in world.hub.comments(REPO, number) if c.id == forged_id)
    assert mallory.body == forged  # never edited
    assert not any(r.path.endswith(f"/comments/{forged_id}") for r in world.hub.requests)
    assert len(world.bot_comments(number)) == 1


# -- events, payloads, failures ------------------------------------------------------------------------


def test_an_event_the_bot_does_not_handle(world: World) -> None:
    world.raw_event("push", world.payload("push.event"))
    run = world.run()
    assert run.code == 0 and "nothing to do" in run.out
    assert run.requests == []


@pytest.mark.parametrize("action", ["closed", "labeled"])
def test_pull_request_actions_that_need_no_check(world: World, action: str) -> None:
    number = world.nominate("janedoe")
    world.pr_event(number, action)
    run = world.run()
    assert run.code == 0 and run.requests == []


def test_a_comment_on_a_plain_issue_is_ignored(world: World) -> None:
    issue = world.hub.create_issue(REPO, "someone", "Question")
    comment_id = world.hub.add_comment(REPO, issue, "someone", "/verify-membership")
    world.comment_event(issue, comment_id, on_pull=False)
    run = world.run()
    assert run.code == 0 and run.requests == []


def test_a_closed_pr_is_not_checked(world: World) -> None:
    number = world.nominate("janedoe")
    world.hub.close_pull(REPO, number)
    world.pr_event(number, "reopened")  # an old event re-run after the PR was closed again
    run = world.run()
    assert run.code == 0 and run.writes == []


@pytest.mark.parametrize(
    "breakage",
    [
        lambda d: d.pop("pull_request"),
        lambda d: d["pull_request"].update(number="7"),
        lambda d: d.update(action=None),
        lambda d: d["repository"].update(full_name=None),
    ],
    ids=["no-pull-request", "number-as-string", "no-action", "no-repository"],
)
def test_a_malformed_payload_is_refused_with_nothing_written(world: World, breakage: Any) -> None:
    number = world.nominate("janedoe")
    data = world.payload("pull_request.opened")
    data["pull_request"]["number"] = number
    breakage(data)
    world.raw_event("pull_request_target", data)
    run = world.run()
    assert run.code == 2
    assert "malformed event payload" in run.err
    assert "Traceback" not in run.err
    assert run.requests == []


@pytest.mark.parametrize("text", ["", "{not json", "[1, 2]"])
def test_an_unreadable_payload_is_refused(world: World, text: str) -> None:
    world.raw_event("pull_request_target", text)
    run = world.run()
    assert run.code == 2 and run.requests == [] and "Traceback" not in run.err


def test_a_payload_about_another_repository_is_refused(world: World) -> None:
    number = world.nominate("janedoe")
    world.pr_event(number)
    world.monkeypatch.setenv("GITHUB_REPOSITORY", "someone/else")
    run = world.run()
    assert run.code == 2 and run.requests == []


def test_the_workflows_pr_number_must_match_the_event(world: World) -> None:
    number = world.nominate("janedoe")
    world.pr_event(number)
    world.monkeypatch.setenv("ELECTION_BOT_PR_NUMBER", str(number + 1))
    run = world.run()
    assert run.code == 2 and run.requests == []


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", r"/pulls$"),
        ("GET", r"/pulls/\d+/files$"),
        ("GET", r"/contents/"),
        ("GET", r"/issues/\d+/comments$"),
        ("POST", r"/check-runs$"),
    ],
    ids=["open-pulls", "files", "contents", "comments", "check-run"],
)
def test_github_unavailable_exits_3_and_claims_nothing(world: World, method: str, path: str) -> None:
    world.set_roster(janedoe="fellow")
    number = world.nominate("janedoe")
    world.pr_event(number)
    # A rate limit whose wait exceeds the retry budget: the gateway gives up at once.
    world.hub.inject(method, path, fault=Fault.SECONDARY_RATE_LIMIT, retry_after=3600)
    run = world.run()
    assert run.code == 3, run.out + run.err
    assert "nothing is claimed valid" in run.err
    assert world.checks(number) == []
    assert world.bot_comments(number) == []
    assert "ready-for-review" not in world.labels(number)
    assert "Traceback" not in run.err
    world.hub.clear_faults()
    settled(world, code=0)  # the next run does the whole job


def test_a_read_only_token_is_a_configuration_error(world: World) -> None:
    world.set_roster(janedoe="fellow")
    number = world.nominate("janedoe")
    world.pr_event(number, name="pull_request")
    world.monkeypatch.setenv("GITHUB_TOKEN", world.hub.token_for("github-actions[bot]", read_only=True))
    run = world.run()
    assert run.code == 2, run.out + run.err
    assert "pull_request_target" in run.err
    assert world.bot_comments(number) == []


def test_a_comment_on_a_pr_that_is_not_a_nomination_writes_nothing(world: World) -> None:
    number = world.hub.open_pull(REPO, "dev", {"bot/core/x.py": b"print('hi')\n"}, title="Code")
    world.comment(number, "dev", "see /tmp/x")
    run = world.run()
    assert run.code == 0 and run.writes == []


def test_a_pinned_admin_id_is_not_inherited_by_a_new_owner_of_the_login(world: World) -> None:
    config = world.tmp / "checkout" / ELECTION_DIR / "election.yaml"
    config.write_text(
        config.read_text().replace("  - login: sample-admin\n", "  - login: sample-admin\n    id: 424242\n")
    )
    number = unverified_nomination(world)
    world.comment(number, "sample-admin", "/verify-membership")  # another account than the pinned 424242
    run = world.run()
    assert run.code == 1 and run.total <= BUDGET
    assert world.run().writes == []
    assert "membership-unverified" in world.labels(number)
    # GitHub's author_association says this account holds no permission here: refused without asking
    assert not any(r.path.endswith("/permission") for r in run.requests)
    assert any("election-bot:reply" in b for b in world.bot_comments(number))


def test_a_pinned_admin_is_matched_by_id_whatever_the_login(world: World) -> None:
    admin_id = world.user("renamed-admin")
    config = world.tmp / "checkout" / ELECTION_DIR / "election.yaml"
    pinned = f"  - login: sample-admin\n    id: {admin_id}\n"
    config.write_text(config.read_text().replace("  - login: sample-admin\n", pinned))
    number = unverified_nomination(world)
    world.comment(number, "renamed-admin", "/verify-membership")
    settled(world, code=0)


def test_an_app_account_with_write_permission_is_not_an_admin(world: World) -> None:
    world.hub.add_user("helper-app[bot]", type="Bot")
    world.hub.set_permission(REPO, "helper-app[bot]", "write")
    number = unverified_nomination(world)
    world.comment(number, "helper-app[bot]", "/verify-membership fellow")
    run = settled(world, code=1)
    assert "membership-unverified" in world.labels(number)
    assert run.writes == []  # no decision, and no reply to a bot


def test_a_flood_of_commands_is_answered_a_few_at_a_time(world: World) -> None:
    number = unverified_nomination(world)
    for i in range(6):
        world.hub.add_comment(REPO, number, f"stranger{i}", "/verify-membership")
    world.hub.set_permission(REPO, "anadmin", "write")
    world.comment(number, "anadmin", "/verify-membership")  # the event's own comment goes first
    first = world.run()
    assert first.code == 0
    # Three comments ruled on (the event's first); only the admin's needs the permission API: GitHub says
    # the strangers hold no permission here. Their refusals wait while the run is at its budget.
    assert sum(r.path.endswith("/permission") for r in first.requests) == 1
    assert first.total <= REQUEST_BUDGET
    replies = [b for b in world.bot_comments(number) if "election-bot:reply" in b]
    assert len(replies) <= 2
    world.pr_event(number, "synchronize")
    for _ in range(3):
        assert world.run().total <= REQUEST_BUDGET
    replies = [b for b in world.bot_comments(number) if "election-bot:reply" in b]
    assert len(replies) == 6  # each stranger answered once, in the end
    assert world.run().writes == []


def test_any_server_speaking_githubs_api_will_do(world: World) -> None:
    """GitHub Enterprise Server's form of the API URL (…/api/v3) works the same way."""
    world.monkeypatch.setenv("GITHUB_API_URL", world.hub.enterprise_url)
    world.set_roster(janedoe="fellow")
    number = world.nominate("janedoe")
    world.pr_event(number)
    settled(world, code=0)
    assert world.labels(number) == {"nomination", "nominee:janedoe", "ready-for-review"}


def test_a_file_name_that_spells_out_a_marker_is_not_a_decision(world: World) -> None:
    """The report shows the file name in a code span; what it spells out must never become state."""
    world.set_roster(janedoe="fellow")
    forged = (
        "<!-- election-bot:state --> <!-- election-bot:decision act=accept-late at=2026-03-05T10:00:00Z "
        "by=sample-admin by_id=1 comment=1 -->.md"
    )
    world.hub.now = CUTOFF + timedelta(hours=1)
    number = world.nominate("janedoe", path=f"{ELECTION_DIR}/{forged}", created_at=CUTOFF)
    world.pr_event(number)
    settled(world, code=1)
    report = world.report(number)
    assert "WIN002" in report and "PR010" not in report
    assert "late" in world.labels(number)


def test_user_text_cannot_issue_workflow_commands_in_the_job_log(world: World) -> None:
    """A privileged run's log is parsed for `::command::` lines; nothing a nominee wrote may start one."""
    world.set_roster(janedoe="fellow")
    content = nomination_md("janedoe").replace(
        b"attestations:", b'"x\\n::error file=a::pwned\\n::stop-commands::t": 1\nattestations:'
    )
    number = world.nominate("janedoe", content=content, extra={"::warning::spoofed.md": b"x\n"})
    world.pr_event(number)
    run = world.run()
    assert run.code == 1
    assert "NOM003" in run.out and "PR001" in run.out
    assert "::error file=a::pwned" in run.out and "::warning::spoofed.md" in run.out  # shown, inert
    for line in (run.out + run.err).splitlines():
        assert not line.lstrip().startswith("::"), line


def test_cross_references_and_math_in_a_nomination_stay_dead_in_the_report(world: World) -> None:
    """Issue 12, weakness 12: a name or an organisation holding `#1`, `pypa/elections#1`, `GH-1` or `$…$`
    made the bot's report link itself into other issues' timelines (and render math)."""
    world.set_roster(janedoe="fellow")
    content = nomination_md("janedoe").replace(
        b"relationship: employer", b'relationship: "Jane #1 GH-1 $x$ pypa/elections#1 $$y$$"'
    )  # an invalid relationship: the finding quotes it
    number = world.nominate("janedoe", content=content)
    world.pr_event(number)
    world.run()
    report = world.report(number)
    assert "Jane" in report
    # GitHub links no reference inside a code span (the value quoted in the finding is code).
    shown = html.unescape(outside_code(report, resolve_escapes=True))
    assert not re.search(r"(?<![\w/.])#1\b|pypa/elections#1|GH-1\b", shown), "a live cross-reference"
    assert not re.search(r"(?<!\\)\$", outside_code(report)), "a live $ (math)"


def test_after_the_cut_off_a_report_with_problems_asks_the_admins_and_not_for_a_push(world: World) -> None:
    """Issue 14: a nomination opened in time that still has problems when the cut-off passes is the
    admins' to decide; the author is told not to push (the cut-off comment says the same), from the
    first run after the cut-off pass labelled it."""
    world.set_roster(janedoe="fellow")
    world.hub.now = IN_WINDOW
    number = world.nominate("janedoe", content=nomination_md("janedoe").replace(b"fellow", b"fellowship"))
    world.pr_event(number)
    world.run()
    assert "fix 1 thing in" in world.report(number)
    world.hub.now = CUTOFF + timedelta(minutes=3)
    world.hub.label_issue(REPO, number, "open-at-cutoff")  # what the phase reconciler's cut-off pass does
    world.comment(number, "janedoe", "Is anything missing?\n/recheck")
    world.run()
    report = world.report(number)
    assert "**Admins**: nominations closed at" in report and "do not push further changes" in report
    assert "then push to this branch" not in report


def test_a_cut_off_marker_in_someone_elses_comment_does_not_close_the_nomination(world: World) -> None:
    """Adversarial: a person pastes the cut-off pass's marker into a comment before the cut-off; only the
    bot's own comments are its record, so the report still asks the author to fix and push."""
    world.set_roster(janedoe="fellow")
    world.hub.now = IN_WINDOW
    number = world.nominate("janedoe", content=nomination_md("janedoe").replace(b"fellow", b"fellowship"))
    world.pr_event(number)
    world.run()
    world.comment(number, "mallory", "<!-- election-bot:cutoff election=sample-2026 pr=1 -->")
    world.run()
    report = world.report(number)
    assert "then push to this branch" in report and "nominations closed at" not in report


def test_repo_names_the_checkout_wherever_the_command_starts(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reusable workflow runs `election-bot --repo DIR pr` from another folder: the elections are read
    from DIR (the command once built its folder from the working directory and exited 2)."""
    world.set_roster(janedoe="fellow")
    number = world.nominate("janedoe")
    world.pr_event(number)
    checkout = Path.cwd()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert main(["--repo", str(checkout), "pr"]) == 0
    assert world.conclusion(number) == "success"
    assert main(["pr"]) == 2  # without --repo: no nominations/ here, said before anything is written
    assert len(world.checks(number)) == 1


def test_an_approval_at_a_commit_without_the_file_is_read_once(world: World) -> None:
    """Issue 28, item 9: an approving review given at a commit where the nomination file did not exist cost
    one `get_file` of that commit in every run; the record now remembers that it holds no file."""
    world.set_roster(carol="fellow")
    world.user("carol")
    world.user("bob")
    number = world.hub.open_pull(REPO, "bob", {"notes/carol.txt": b"draft\n"}, title="Nominate carol")
    early = world.hub.pull(REPO, number).head_sha
    world.hub.add_review(REPO, number, "carol", "APPROVED")  # at a commit without the nomination
    world.hub.push_to_pull(
        REPO,
        number,
        {"notes/carol.txt": None, f"{ELECTION_DIR}/carol.md": nomination_md("carol", nominated_by="bob")},
    )
    world.pr_event(number, "synchronize")

    def reads_of_the_early_commit(run: Any) -> int:
        return sum(
            1 for r in run.requests if r.path.startswith(f"/repos/{REPO}/contents/") and early in str(r.query)
        )

    first = world.run()
    assert first.code == 1 and reads_of_the_early_commit(first) == 1
    assert "awaiting-consent" in world.labels(number)  # an approval of no file is no consent
    again = world.run()
    assert again.code == 1 and reads_of_the_early_commit(again) == 0
    assert again.writes == []
