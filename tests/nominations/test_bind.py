"""Issue 12: every verdict bound to what was judged — end to end on the stand-in, events delivered in the
adversarial order (the comment or review is written and its delivery made, the pull request changes, then
the delivery's run happens).

* weakness 1: the window is judged by when GitHub's records show this pull request first proposed this
  nominee's file (the bot's trusted record, the cut-off pass's snapshot), never by its `created_at` alone;
* weakness 2: an admin's decision counts only for the nominee the pull request proposed when it was written;
* weakness 3: consent counts only for the file it was given for;
* weakness 10: the file list is the judged commit's.
"""

from __future__ import annotations

from datetime import timedelta

from bot.cli import main
from bot.github.gateway import Gateway
from bot.github.port import ChangedFile
from tests.helpers.world import (
    BUDGET,
    CUTOFF,
    ELECTION_DIR,
    REPO,
    World,
    mentions,
    nomination_md,
    plain,
    settled,
    within_budget,
)

BOB = f"{ELECTION_DIR}/bob.md"
CAROL = f"{ELECTION_DIR}/carol.md"
JANE = f"{ELECTION_DIR}/janedoe.md"


def settled_new_nominee(world: World, *, code: int) -> None:
    """`settled`, for the run that sees a new nominee: creating the nominee's label (reading and adding
    to the repository's labels) is outside the budget, which counts runs with their labels existing."""
    first = world.run()
    assert first.code == code, first.out + first.err
    assert within_budget(first)
    second = world.run()
    assert second.code == code, second.out + second.err
    assert second.writes == [] and second.total <= BUDGET


def rewrite(world: World, number: int, old: str, new: str, login: str, **kw: str) -> str:
    """Push a commit that drops the nomination file `old` and adds `new` for `login`."""
    content = nomination_md(login, nominated_by="janedoe", **kw)
    return world.hub.push_to_pull(REPO, number, {old: None, new: content})


# -- weakness 1: window by first proposal ----------------------------------------------------------------


def test_a_pr_rewritten_after_the_cutoff_to_nominate_someone_else_is_late(world: World) -> None:
    world.set_roster(janedoe="fellow", bob="fellow")
    world.user("bob")
    number = world.nominate("janedoe")  # a placeholder self-nomination, in the window: the bot sees it
    world.pr_event(number)
    settled(world, code=0)
    world.hub.now = CUTOFF + timedelta(hours=2)
    rewrite(world, number, JANE, BOB, "bob")
    world.pr_event(number, "synchronize")
    settled_new_nominee(world, code=1)
    world.hub.advance(timedelta(minutes=5))
    world.comment(number, "bob", "/consent")
    settled(world, code=1)
    assert "late" in world.labels(number)
    assert "ready-for-review" not in world.labels(number)
    assert world.conclusion(number) != "success"
    report = world.report(number)
    assert "WIN002" in report and "this nomination was made at Tue 17 Mar 2026, 16:00 UTC" in plain(report)


def test_a_rewrite_the_bot_has_no_record_of_before_the_cutoff_is_left_to_the_admins(world: World) -> None:
    world.set_roster(janedoe="fellow", bob="fellow")
    world.hub.set_permission(REPO, "anadmin", "write")
    world.user("bob")
    number = world.hub.open_pull(REPO, "janedoe", {"README.md": b"a typo fixed\n"}, title="Fix a typo")
    world.pr_event(number)
    assert world.run().code == 0  # not a nomination: nothing on record
    world.hub.now = CUTOFF + timedelta(hours=2)
    world.hub.push_to_pull(
        REPO, number, {"README.md": None, BOB: nomination_md("bob", nominated_by="janedoe")}
    )
    world.pr_event(number, "synchronize")
    settled_new_nominee(world, code=1)
    world.hub.advance(timedelta(minutes=1))
    world.comment(number, "bob", "/consent")
    settled(world, code=1)
    assert "open-at-cutoff" in world.labels(number)
    assert world.conclusion(number) != "success"
    report = world.report(number)
    assert "WIN003" in report and "/accept-late @bob" in report
    world.hub.advance(timedelta(minutes=1))
    world.comment(number, "anadmin", "Checked with the nominee: it was in time.\n/accept-late @bob")
    settled(world, code=0)
    assert "ready-for-review" in world.labels(number)


def test_opened_just_before_the_cutoff_with_a_run_after_it_is_on_time(world: World) -> None:
    world.set_roster(janedoe="fellow")
    number = world.nominate("janedoe", created_at=CUTOFF - timedelta(seconds=10))
    world.hub.now = CUTOFF + timedelta(seconds=20)  # the queued run starts after the cut-off
    world.pr_event(number)
    settled(world, code=0)
    assert not world.labels(number) & {"late", "open-at-cutoff"}
    assert "first proposed at Tue 17 Mar 2026, 13:59:50 UTC" in world.report(number)


def _cutoff_pass(world: World) -> None:
    world.capsys.readouterr()
    assert main(["sync", "--at", "2026-03-17T14:01:00Z"]) == 0


def test_the_cutoff_snapshot_is_evidence_for_a_pull_request_the_bot_never_checked(world: World) -> None:
    world.set_roster(janedoe="fellow")
    world.hub.now = CUTOFF - timedelta(hours=1)
    number = world.nominate("janedoe", created_at=CUTOFF - timedelta(hours=1))  # its run was cancelled
    world.hub.now = CUTOFF + timedelta(minutes=1)
    _cutoff_pass(world)
    assert "open-at-cutoff" in world.labels(number)
    world.hub.now = CUTOFF + timedelta(minutes=10)
    world.comment(number, "janedoe", "Anything missing?")
    settled(world, code=0)
    report = world.report(number)
    assert "WIN003" not in report and "WIN002" not in report
    assert "first proposed at Tue 17 Mar 2026, 13:00 UTC (the cut-off pass)" in report


def test_a_nominee_first_proposed_after_the_cutoff_snapshot_is_late(world: World) -> None:
    world.set_roster(janedoe="fellow", bob="fellow")
    world.user("bob")
    world.hub.now = CUTOFF - timedelta(hours=1)
    number = world.nominate("janedoe", created_at=CUTOFF - timedelta(hours=1))  # never checked
    world.hub.now = CUTOFF + timedelta(minutes=1)
    _cutoff_pass(world)
    world.hub.now = CUTOFF + timedelta(minutes=30)
    rewrite(world, number, JANE, BOB, "bob")
    world.pr_event(number, "synchronize")
    settled_new_nominee(world, code=1)
    assert "late" in world.labels(number) and "WIN002" in world.report(number)


# -- weakness 2: decisions bound to what the admin saw ---------------------------------------------------


def _bob_unverified(world: World) -> int:
    # no membership directory: a nominee's membership can only be verified by hand
    world.hub.set_permission(REPO, "anadmin", "write")
    world.user("bob")
    world.user("carol")
    number = world.nominate("janedoe", "bob", content=nomination_md("bob", nominated_by="janedoe"))
    world.pr_event(number)
    settled(world, code=1)
    world.hub.advance(timedelta(minutes=1))
    world.comment(number, "bob", "/consent")
    settled(world, code=1)
    assert "membership-unverified" in world.labels(number)
    return number


def test_a_decision_written_for_bob_is_not_applied_to_carol(world: World) -> None:
    number = _bob_unverified(world)
    world.hub.advance(timedelta(minutes=1))
    decision = world.hub.add_comment(
        REPO, number, "anadmin", "Checked bob by hand.\n/verify-membership fellow"
    )
    world.comment_event(number, decision)  # delivered; its run waits in the queue
    world.hub.advance(timedelta(seconds=30))
    rewrite(world, number, BOB, CAROL, "carol")
    world.hub.advance(timedelta(seconds=10))
    consent = world.hub.add_comment(REPO, number, "carol", "/consent")
    first = world.run()  # the admin's comment's run, after the push
    assert first.code == 1 and within_budget(first)
    assert "membership-unverified" in world.labels(number)
    assert "verified membership by hand" not in world.report(number)
    replies = [b for b in world.bot_comments(number) if "election-bot:reply" in b]
    assert len(replies) == 1 and f"comment={decision}" in replies[0]
    assert "nothing was applied" in replies[0] or "was not applied" in replies[0]
    world.comment_event(number, consent)
    settled(world, code=1)
    world.pr_event(number, "synchronize")  # the push's own run: the decision is still not carol's
    settled(world, code=1)
    assert "verified membership by hand" not in world.report(number)
    replies = [b for b in world.bot_comments(number) if "election-bot:reply" in b]
    assert len(replies) == 1  # answered once
    # named explicitly, for the nominee the pull request proposes now, it counts
    world.hub.advance(timedelta(minutes=1))
    world.comment(number, "anadmin", "/verify-membership @carol fellow")
    settled(world, code=0)
    report = world.report(number)
    assert "verified membership by hand" in report and "/carol" in report


def test_an_explicit_command_naming_another_nominee_is_refused(world: World) -> None:
    number = _bob_unverified(world)
    world.hub.advance(timedelta(minutes=1))
    rewrite(world, number, BOB, CAROL, "carol")
    world.pr_event(number, "synchronize")
    settled_new_nominee(world, code=1)
    world.hub.advance(timedelta(minutes=1))
    cid = world.comment(number, "anadmin", "/verify-membership @bob fellow")
    settled(world, code=1)
    replies = [b for b in world.bot_comments(number) if f"comment={cid}" in b]
    assert len(replies) == 1 and "names `@bob`" in replies[0].replace("\\", "")
    assert "verified membership by hand" not in world.report(number)


# -- weakness 3: consent bound to content ----------------------------------------------------------------


def _carol_nominated(world: World) -> int:
    world.set_roster(carol="fellow")
    world.user("carol")
    number = world.nominate("janedoe", "carol", content=nomination_md("carol", nominated_by="janedoe"))
    world.pr_event(number)
    settled(world, code=1)
    return number


def test_an_approval_of_other_content_is_not_consent(world: World) -> None:
    number = _carol_nominated(world)
    world.hub.advance(timedelta(minutes=1))
    review = world.hub.add_review(REPO, number, "carol", "APPROVED")
    world.review_event(number, review, "carol", "approved")  # delivered; its run waits
    world.hub.advance(timedelta(seconds=20))
    world.hub.push_to_pull(
        REPO, number, {CAROL: nomination_md("carol", nominated_by="janedoe", name="Someone Else Entirely")}
    )
    first = world.run()
    assert first.code == 1 and first.total <= BUDGET
    assert "awaiting-consent" in world.labels(number)
    asks = [b for b in world.bot_comments(number) if "election-bot:reconsent" in b]
    assert len(asks) == 1 and mentions(asks[0]) == ["carol"]
    world.pr_event(number, "synchronize")
    settled(world, code=1)
    assert len([b for b in world.bot_comments(number) if "election-bot:reconsent" in b]) == 1  # once
    world.hub.advance(timedelta(minutes=1))
    again = world.hub.add_review(REPO, number, "carol", "APPROVED")  # of the file as it is now
    world.review_event(number, again, "carol", "approved")
    settled(world, code=0)


def test_a_consent_comment_before_an_edit_is_not_consent_to_the_edit(world: World) -> None:
    number = _carol_nominated(world)
    world.hub.advance(timedelta(minutes=1))
    consent = world.hub.add_comment(REPO, number, "carol", "/consent")
    world.comment_event(number, consent)
    world.hub.advance(timedelta(seconds=20))
    world.hub.push_to_pull(
        REPO, number, {CAROL: nomination_md("carol", nominated_by="janedoe", statement="Rewritten. " * 20)}
    )
    assert world.run().code == 1
    world.pr_event(number, "synchronize")
    settled(world, code=1)
    assert "awaiting-consent" in world.labels(number)
    world.hub.advance(timedelta(minutes=1))
    world.comment(number, "carol", "/consent")
    settled(world, code=0)


def test_a_consent_comment_of_the_file_as_it_is_still_counts(world: World) -> None:
    number = _carol_nominated(world)
    world.hub.advance(timedelta(minutes=1))
    world.comment(number, "carol", "/consent")
    settled(world, code=0)
    world.hub.advance(timedelta(minutes=1))
    world.comment(number, "janedoe", "Thanks!")
    settled(world, code=0)
    assert "ready-for-review" in world.labels(number)


# -- weakness 10: the file list pinned to the judged commit ---------------------------------------------


def _push_during_the_file_list(world: World, number: int, files: dict[str, bytes | None], times: int) -> None:
    """A push lands between the bot's read of the head and its read of the file list (`times` times)."""
    real = Gateway.list_pull_files
    left = [times]

    def racing(self: Gateway, n: int) -> list[ChangedFile]:
        if left[0] > 0:
            left[0] -= 1
            world.hub.push_to_pull(REPO, number, files)
        return real(self, n)

    world.monkeypatch.setattr(Gateway, "list_pull_files", racing)


def test_a_commit_with_a_workflow_is_never_judged_by_a_newer_commits_file_list(world: World) -> None:
    """The head read is a commit that changes a workflow; a push removing it lands before the file list
    is read. The old code judged the first commit by the clean list: a green check on a commit that
    changes a workflow."""
    world.set_roster(janedoe="fellow")
    number = world.nominate("janedoe", extra={".github/workflows/evil.yml": b"on: push\n"})
    bad = world.hub.pull(REPO, number).head_sha
    world.pr_event(number)
    _push_during_the_file_list(world, number, {".github/workflows/evil.yml": None}, times=1)
    run = world.run()
    assert run.code == 0, run.out + run.err
    clean = world.hub.pull(REPO, number).head_sha
    assert clean != bad
    assert [c.conclusion for c in world.hub.check_runs(REPO, bad) if c.name == "nomination"] == []
    assert f"sha={clean}" in world.report(number)  # the commit judged is the one whose files were read
    assert world.conclusion(number) == "success"


def test_a_head_that_keeps_moving_is_not_judged_at_all(world: World) -> None:
    world.set_roster(janedoe="fellow")
    number = world.nominate("janedoe")
    world.pr_event(number)
    settled(world, code=0)
    before = world.report(number)
    world.hub.advance(timedelta(minutes=1))
    world.comment(number, "janedoe", "/recheck")
    _push_during_the_file_list(world, number, {".github/workflows/evil.yml": b"on: push\n"}, times=2)
    run = world.run()
    assert run.code == 3 and "head moved" in run.err
    assert run.writes == [] and world.report(number) == before


# -- weakness 5: shared head commits ----------------------------------------------------------------------


def test_a_second_pr_with_the_same_head_cannot_keep_the_nomination_red(world: World) -> None:
    """Check runs belong to commits: a pull request opened later on the victim's head commit gets no
    check run there (its report says why), and the victim's next run confirms the commit's latest
    `nomination` check run instead of trusting its own report."""
    world.set_roster(janedoe="fellow")
    number = world.nominate("janedoe")
    world.pr_event(number)
    settled(world, code=0)
    head = world.hub.pull(REPO, number).head_sha
    world.hub.advance(timedelta(minutes=1))
    world.user("mallory")
    other = world.hub.open_pull(REPO, "mallory", {}, head_sha=head, title="Same head")
    world.pr_event(other)
    run = world.run()
    assert run.code == 1
    report = world.report(other)
    # The bot found that pull request itself: an explicit link to it (GitHub autolinks no escaped `#N`).
    assert "PR011" in report and f"[#{number}](" in report and f"/pull/{number})" in report
    world.hub.advance(timedelta(minutes=1))
    world.pr_event(number, "synchronize")
    settled(world, code=0)
    runs = [c for c in world.hub.check_runs(REPO, head) if c.name == "nomination"]
    assert runs[-1].conclusion == "success"
    assert "ready-for-review" in world.labels(number)


def test_a_report_that_says_fresh_is_confirmed_against_the_commits_check_runs(world: World) -> None:
    world.set_roster(janedoe="fellow")
    number = world.nominate("janedoe")
    world.pr_event(number)
    settled(world, code=0)
    head = world.hub.pull(REPO, number).head_sha
    # Another writer of check runs on this commit (any run named `nomination` the bot did not make last).
    from github import Auth, Github

    client = Github(base_url=world.hub.url, auth=Auth.Token(world.hub.BOT_TOKEN))
    client.get_repo(REPO).create_check_run("nomination", head, status="completed", conclusion="failure")
    client.close()
    run = world.run()
    # A new check run, and the report edited to name it; nothing else.
    assert [(r.method, r.path.rsplit("/", 1)[-1]) for r in run.writes] == [
        ("POST", "check-runs"),
        ("PATCH", str(world.hub.comments(REPO, number)[0].id)),
    ]
    runs = [c for c in world.hub.check_runs(REPO, head) if c.name == "nomination"]
    assert runs[-1].conclusion == "success"
    assert world.run().writes == []
