"""Issue 28: nobody can stall, flood or steer the nomination check, whatever strangers post. Each example
of the issue end to end on the stand-in, in the adversarial order (the attack first, then the run that
must still do its work), each failing on the code before the fix."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.nominations import run_budget
from tests.helpers.world import ELECTION_DIR, REPO, World, nomination_md, within_budget

# Built to be slow for the CommonMark parser (issue 28, example 1): 2-3 s each to parse at 64 KB.
SLOW = "<![_"
BIG = "Nice!\n/x\n" + SLOW * (65_000 // len(SLOW))
# Short enough to be read, with a command line the parser must look at (it is inside a fence: no command).
HIDDEN = "```\n/accept-late\n```\n" + SLOW * (3_900 // len(SLOW))


def _hostile_comments(world: World, number: int, big: int, hidden: int) -> None:
    world.user("mallory")
    for i in range(hidden):  # first: on the first page of comments, which every run reads
        world.hub.add_comment(REPO, number, "mallory", HIDDEN + f"\n{i}")
    for i in range(big):
        world.hub.add_comment(REPO, number, "mallory", BIG + f"\n{i}")


def test_two_hundred_hostile_comments_do_not_stall_an_admins_command(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Example 1: a stranger's 64 KB comments were parsed again in every run (430 s with 200). The time a
    run takes is measured by `make bench` (the hostile hour's slowest run, with a CI bound), not here:
    this test holds what makes it short — the big comments never reach the parser, the others are read
    once and remembered, and the admin is heard."""
    # What is read must not depend on how busy the machine is: the CPU budget is held apart below.
    monkeypatch.setattr(run_budget, "RUN_CPU_SECONDS", 3600.0)
    number = world.nominate("janedoe", content=nomination_md("janedoe"))
    world.pr_event(number)
    world.run()
    _hostile_comments(world, number, big=150, hidden=50)
    world.hub.set_permission(REPO, "anadmin", "write")
    world.hub.advance(timedelta(minutes=1))
    world.comment(number, "anadmin", "/verify-membership fellow")

    run = world.run()

    assert run.code == 0, run.out
    assert "verified membership by hand" in world.report(number)
    # Later runs read nothing again: each comment read with nothing in it is remembered in the report.
    for _ in range(3):
        world.pr_event(number, "synchronize")
        again = world.run()
        assert within_budget(again) and again.code == 0
    assert world.report(number).count("election-bot:read ") == 50


def test_with_its_cpu_budget_spent_a_run_still_answers_its_own_event(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The run's CPU budget (`RUN_CPU_SECONDS`) spent at once: the others' comments wait for a later run,
    the comment that started this run is still ruled on."""
    monkeypatch.setattr(run_budget, "RUN_CPU_SECONDS", -1.0)
    number = world.nominate("janedoe", content=nomination_md("janedoe"))
    world.pr_event(number)
    world.run()
    _hostile_comments(world, number, big=0, hidden=20)
    world.hub.set_permission(REPO, "anadmin", "write")
    world.hub.advance(timedelta(minutes=1))
    world.comment(number, "anadmin", "/verify-membership fellow")

    run = world.run()

    assert run.code == 0, run.out
    assert "verified membership by hand" in world.report(number)
    assert world.report(number).count("election-bot:read ") == 0  # nothing else was read


def test_an_edited_comment_is_not_taken_for_the_one_read(world: World) -> None:
    """The record names each comment read with GitHub's `updated_at`: an edit makes it another comment
    (and an edited comment is never acted on)."""
    number = world.nominate("janedoe", content=nomination_md("janedoe"))
    world.pr_event(number)
    world.run()
    world.user("mallory")
    comment = world.hub.add_comment(REPO, number, "mallory", HIDDEN)
    world.comment_event(number, comment)
    quick = world.run()  # no command in it, and nothing waiting: answered from the comments alone
    assert quick.out.startswith("nothing to do: this comment holds no command") and len(quick.requests) <= 2
    world.pr_event(number, "synchronize")  # a run of the whole check reads it once
    world.run()
    assert world.report(number).count("election-bot:read ") == 1

    world.hub.advance(timedelta(minutes=1))
    world.hub.edit_comment(REPO, comment, "/accept-late\n" + HIDDEN)
    world.comment_event(number, comment, "edited")
    run = world.run()

    assert "late" not in world.labels(number) and run.writes == []


def test_a_short_comment_read_costs_no_write(world: World) -> None:
    """Remembering is a write (the report's edit): only a long comment is worth one."""
    number = world.nominate("janedoe", content=nomination_md("janedoe"))
    world.pr_event(number)
    world.run()
    world.comment(number, "mallory", "```\n/accept-late\n```")

    run = world.run()

    assert run.writes == [] and "election-bot:read " not in world.report(number)


def test_the_record_of_comments_read_is_bounded_and_strict() -> None:
    from datetime import UTC, datetime

    from bot.nominations import record
    from bot.text import markers

    at = datetime(2026, 3, 5, 10, 0, tzinfo=UTC)
    many = [record.ReadRecord(i, at) for i in range(1, 500)]
    kept = record.with_read([], many)
    assert len(kept) == record.MAX_READ and kept[-1].comment == 499  # the newest
    assert record.is_read(kept, 499, at) and not record.is_read(kept, 499, at + timedelta(seconds=1))
    [found] = markers.find_markers(kept[0].marker())
    assert record.parse_read(found) == kept[0]
    for bad in ("c=x u=1", "c=1 u=-5", "c=1", "c=12345678901234567890 u=1"):
        forged = markers.Marker("read", dict(p.split("=") for p in bad.split()))
        assert record.parse_read(forged) is None


def test_an_organisation_member_cannot_silence_an_admin(world: World) -> None:
    """Example 4: four `/accept-late` from a member with read access took the three command slots of every
    run; the admin's `/verify-membership`, whose own run GitHub replaced, was never ruled on."""
    number = world.nominate("janedoe", content=nomination_md("janedoe"))
    world.pr_event(number)
    world.run()
    world.user("orgmember")
    world.hub.set_author_association(REPO, "orgmember", "MEMBER")
    for _ in range(4):
        world.hub.add_comment(REPO, number, "orgmember", "/accept-late")
    world.hub.advance(timedelta(minutes=1))
    world.user("anadmin")
    world.hub.set_permission(REPO, "anadmin", "write")
    world.hub.add_comment(REPO, number, "anadmin", "/verify-membership fellow")
    world.pr_event(number, "synchronize")  # the comments' own runs were replaced by this one

    run = world.run()

    assert within_budget(run)
    assert "verified membership by hand" in world.report(number)
    # The member is answered once (on the next run: this one reached its budget) and then skipped.
    world.pr_event(number, "synchronize")
    second = world.run()
    assert within_budget(second)
    assert len([b for b in world.bot_comments(number) if "orgmember" in b and "reply" in b]) == 1
    world.pr_event(number, "synchronize")
    third = world.run()
    assert not [r for r in third.requests if "/permission" in r.path] and third.writes == []


def test_a_refused_member_is_heard_once_the_permission_api_says_write(world: World) -> None:
    number = world.nominate("janedoe", content=nomination_md("janedoe"))
    world.pr_event(number)
    world.run()
    world.user("orgmember")
    world.hub.set_author_association(REPO, "orgmember", "MEMBER")
    world.comment(number, "orgmember", "/accept-late")
    world.run()
    assert "late" not in world.report(number).lower() or "accepted" not in world.report(number)
    world.hub.set_permission(REPO, "orgmember", "write")
    world.hub.advance(timedelta(minutes=1))
    world.comment(number, "orgmember", "/verify-membership fellow")

    run = world.run()

    assert run.code == 0 and "verified membership by hand" in world.report(number)


def test_thirty_decoys_do_not_break_the_per_run_bound(world: World) -> None:
    """Example 2: 30 pull requests adding `decoyN.md` with `github: janedoe` were labelled `nominee:janedoe`
    by the bot itself; Jane's own check then listed the files of every one (39 requests in one run)."""
    world.set_roster(janedoe="fellow")
    decoys = []
    for i in range(30):
        number = world.nominate(
            f"decoy{i}", "janedoe", content=nomination_md("janedoe"), path=f"{ELECTION_DIR}/decoy{i}.md"
        )
        world.pr_event(number)
        decoys.append(world.run())
        assert within_budget(decoys[-1])
        assert "nominee:janedoe" not in world.labels(number)
    world.hub.advance(timedelta(minutes=5))
    jane = world.nominate("janedoe", content=nomination_md("janedoe"))
    world.pr_event(jane)

    run = world.run()

    assert within_budget(run) and run.code == 0
    assert "nominee:janedoe" in world.labels(jane)
    # The 31 runs together: at most 12 each (the issue measured 766 requests for the 30 decoys).
    assert sum(r.total for r in decoys) + run.total <= 31 * 12 < 766


def test_labelled_decoys_cost_a_bounded_number_of_requests(world: World) -> None:
    """Someone with triage rights labels 30 pull requests `nominee:janedoe` by hand: a run reads the files
    of at most two of them, the oldest."""
    world.set_roster(janedoe="fellow")
    for i in range(30):
        number = world.nominate(f"decoy{i}", content=nomination_md(f"decoy{i}"))
        world.hub.label_issue(REPO, number, "nominee:janedoe")
    world.hub.advance(timedelta(minutes=5))
    jane = world.nominate("janedoe", content=nomination_md("janedoe"))
    world.pr_event(jane)

    run = world.run()

    assert within_budget(run) and run.code == 0
    assert len([r for r in run.requests if r.path.endswith("/files") and f"/{jane}/" not in r.path]) <= 2


def test_a_junk_pull_request_naming_the_nominee_first_does_not_block_them(world: World) -> None:
    """Example 7: a pull request opened first by someone else, naming Jane, with neither her consent nor a
    valid file, made her own valid self-nomination a duplicate (PR008) for as long as it stayed open."""
    world.set_roster(janedoe="fellow")
    world.user("janedoe")
    junk = world.nominate("mallory", "janedoe", content=nomination_md("janedoe", nominated_by="mallory"))
    world.pr_event(junk)
    world.run()
    world.hub.advance(timedelta(minutes=5))
    jane = world.nominate("janedoe", content=nomination_md("janedoe"))
    world.pr_event(jane)

    run = world.run()

    assert run.code == 0, run.out
    assert "ready-for-review" in world.labels(jane) and "needs-changes" not in world.labels(jane)
    # The earlier one is told why it is set aside, on its next run.
    world.pr_event(junk, "synchronize")
    world.run()
    assert "PR013" in world.report(junk) and f"#{jane}" in world.report(junk)


def test_an_earlier_nomination_the_nominee_consented_to_still_makes_theirs_a_duplicate(world: World) -> None:
    world.set_roster(janedoe="fellow")
    world.user("janedoe")
    bobs = world.nominate("bob", "janedoe", content=nomination_md("janedoe", nominated_by="bob"))
    world.pr_event(bobs)
    world.run()
    world.comment(bobs, "janedoe", "/consent")
    world.run()
    assert "ready-for-review" in world.labels(bobs)
    world.hub.advance(timedelta(minutes=5))
    jane = world.nominate("janedoe", content=nomination_md("janedoe"))
    world.pr_event(jane)

    run = world.run()

    assert run.code == 1 and "PR008" in world.report(jane)


def test_a_file_in_a_subfolder_is_refused_and_never_counted_once_merged(world: World) -> None:
    """Example 8: `nominations/<id>/extra/<login>.md` was refused by the check (LOC001), but once merged
    over the red check it was announced, counted and published (`read_merged` read every folder below)."""
    from pathlib import Path

    from bot.config.loading import load_election
    from bot.ports.checkout import read_merged

    world.set_roster(janedoe="fellow")
    path = f"{ELECTION_DIR}/extra/janedoe.md"
    number = world.nominate("janedoe", content=nomination_md("janedoe"), path=path)
    world.pr_event(number)

    run = world.run()

    assert run.code == 1 and "LOC001" in world.report(number)
    # Merged over the red check: the checkout of the default branch now has it.
    Path(path).parent.mkdir(parents=True)
    Path(path).write_bytes(nomination_md("janedoe"))
    folder = Path(ELECTION_DIR)
    election = load_election((folder / "election.yaml").read_bytes(), "election.yaml", "sample-2026")
    assert election.election is not None
    merged, problems = read_merged(folder, election.election)
    assert merged == []
    assert [(p.code, p.path) for p in problems] == [("LOC001", path)]


def test_below_the_reserve_a_run_does_only_what_the_events_author_is_owed(world: World) -> None:
    """Example 3: runs per hour were unbounded, and each spent the budget the cut-off pass needs. Below
    the reserve (`GET /rate_limit`, free) the run answers the event's own comment and defers the rest."""
    number = world.nominate("janedoe", content=nomination_md("janedoe"))
    world.pr_event(number)
    world.run()
    for i in range(3):
        world.user(f"pest{i}")
        world.hub.add_comment(REPO, number, f"pest{i}", "/accept-late")
    world.hub.set_permission(REPO, "anadmin", "write")
    world.hub.advance(timedelta(minutes=1))
    world.hub.enforce_rate_limits(primary=False, installation_per_hour=150)  # counted, not refused
    world.comment(number, "anadmin", "/verify-membership fellow")

    run = world.run()

    assert [r for r in run.requests if r.path == "/rate_limit" and not r.counted]
    assert "verified membership by hand" in world.report(number)
    assert not [r for r in run.requests if "/permission" in r.path and "pest" in r.path]
    assert not [b for b in world.bot_comments(number) if "pest" in b and "election-bot:reply" in b]
    assert "Deferred" in world.summary() and "reserve of 200" in world.summary()


def test_a_stranger_answered_once_costs_one_request_and_a_waiting_command_still_runs_the_check(
    world: World,
) -> None:
    """Issue 28: a stranger's admin command is refused once; their next ones, and comments that hold no
    command, are answered from the pull request's comments alone (one request, no write), unless another
    comment with a command came after the report's last edit: its own run may have been replaced by this
    one, so this one runs the whole check."""
    world.set_roster()
    number = world.nominate("janedoe", content=nomination_md("janedoe"))
    world.pr_event(number)
    world.run()
    world.user("mallory")
    world.comment(number, "mallory", "/accept-late")
    first = world.run()  # owed their refusal: the whole check
    assert first.code == 1
    assert sum("election-bot:reply" in b for b in world.bot_comments(number)) == 1

    world.hub.advance(timedelta(minutes=1))
    world.comment(number, "mallory", "/accept-late\n/verify-membership fellow")
    again = world.run()
    assert again.code == 0 and again.total == 1 and again.writes == []
    assert "answered already" in again.out

    # An admin's command whose run never came (replaced), then the stranger again: the whole check runs.
    world.hub.advance(timedelta(minutes=1))
    world.hub.set_permission(REPO, "anadmin", "write")
    world.user("anadmin")
    world.hub.add_comment(REPO, number, "anadmin", "/verify-membership fellow")
    world.hub.advance(timedelta(minutes=1))
    world.comment(number, "mallory", "/accept-late")
    caught_up = world.run()
    assert within_budget(caught_up)
    assert "verified membership by hand" in world.report(number)
    assert sum("election-bot:reply" in b for b in world.bot_comments(number)) == 1


def test_an_admin_refused_once_for_a_slip_is_heard_on_their_next_command(world: World) -> None:
    """The quick answer to someone refused already never applies to an admin election.yaml names: their
    typo is refused, their corrected command is ruled on (GitHub may mark an admin NONE)."""
    number = world.nominate("janedoe", content=nomination_md("janedoe"))
    world.pr_event(number)
    world.run()
    world.user("sample-admin")
    world.comment(number, "sample-admin", "/verify-membership fellow extra words here")
    slip = world.run()
    assert slip.code == 1 and any("election-bot:reply" in b for b in world.bot_comments(number))
    world.hub.advance(timedelta(minutes=1))
    world.comment(number, "sample-admin", "/verify-membership fellow")
    fixed = world.run()
    assert fixed.code == 0, fixed.out
    assert "verified membership by hand" in world.report(number)


def test_a_file_whose_name_and_github_disagree_is_judged_without_the_nominee(world: World) -> None:
    """A decoy `decoy.md` saying `github: janedoe` names no nominee the bot can act on (it cannot tell which
    login was meant): its run looks up no account, reads no review, searches no rival, and Jane's own
    consent there counts for nothing — it never becomes valid and never gets her `nominee:` label."""
    world.set_roster(janedoe="fellow")
    world.user("janedoe")
    decoy = world.nominate(
        "mallory",
        "janedoe",
        content=nomination_md("janedoe", nominated_by="mallory"),
        path=f"{ELECTION_DIR}/decoy.md",
    )
    world.pr_event(decoy)
    first = world.run()
    assert first.code == 1, first.out
    # Jane consents there both ways: neither is counted, and the run still asks nothing on her behalf.
    world.hub.add_review(REPO, decoy, "janedoe", "APPROVED")
    world.comment(decoy, "janedoe", "/consent")

    run = world.run()

    assert run.code == 1, run.out
    for done in (first, run):
        assert within_budget(done)
        paths = [r.path for r in done.requests if r.counted]
        assert not [p for p in paths if p.startswith("/users/") or p.endswith("/reviews")], paths
        assert not [p for p in paths if p.endswith("/files") and f"/pulls/{decoy}/" not in p], paths
    labels = world.labels(decoy)
    assert "needs-changes" in labels
    assert not any(name.startswith("nominee:") for name in labels)
    assert not labels & {"ready-for-review", "awaiting-consent", "membership-unverified"}
    report = world.report(decoy)
    assert "NOM006" in report and "not checked yet: see NOM006" in report
    assert "commented `/consent`" not in report and "approved this pull request" not in report
