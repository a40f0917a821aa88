"""GitHub's real 403s do not stop the check (issue 12, weakness 13), end to end on the stand-in, which
answers them with GitHub's recorded bodies (tests/fakehub/recorded/PROVENANCE.md):

* the collaborator-permission API answers 403 "Must have push access to view collaborator permission."
  to a token without push access: that person is not an admin by repository role (refused once, the check
  still runs, and later runs neither abort nor refuse again); the admins named in election.yaml still are;
* the contents API answers 403 `too_large` for a file over 1 MB in its default media type: that is the
  file-size finding (FILE002), never an aborted run.
"""

from __future__ import annotations

from bot.nominations import GITHUB_CONTENTS_LIMIT
from tests.helpers.world import (
    BUDGET,
    ELECTION_DIR,
    REPO,
    World,
    nomination_md,
    settled,
    unverified_nomination,
)


def replies(world: World, number: int) -> list[str]:
    return [b for b in world.bot_comments(number) if "election-bot:reply" in b]


def test_a_403_from_the_permission_api_is_a_refusal_not_an_aborted_run(world: World) -> None:
    world.hub.deny_token_push_access()
    world.hub.set_permission(REPO, "wendy", "write")  # a real collaborator: the token cannot tell
    # an organisation member (GitHub shows MEMBER): the permission API is asked, and answers 403
    world.hub.set_author_association(REPO, "mallory", "MEMBER")
    number = unverified_nomination(world)
    # The adversarial order: the command is written, the author pushes, then the command's run.
    comment_id = world.comment(number, "mallory", "/accept-late\n/verify-membership fellow")
    world.hub.push_to_pull(
        REPO, number, {f"{ELECTION_DIR}/janedoe.md": nomination_md("janedoe", name="Jane X")}
    )
    first = world.run()
    assert first.code == 1, first.out + first.err  # not 2: the run went on
    assert first.total <= BUDGET
    head = world.hub.pull(REPO, number).head_sha
    runs = [c for c in world.hub.check_runs(REPO, head) if c.name == "nomination"]
    assert runs and runs[-1].conclusion == "action_required"  # a check run on the new head, as always
    assert "membership-unverified" in world.labels(number)
    assert f"sha={head}" in world.report(number)  # the report is of the new head
    (reply,) = replies(world, number)
    assert f"comment={comment_id}" in reply and "only the election's admins" in reply
    assert "verified by hand" not in world.report(number)
    # The same event again, then a later event: never an abort, never a second refusal.
    again = world.run()
    assert again.code == 1 and again.writes == []
    world.comment(number, "wendy", "/verify-membership fellow")
    third = world.run()
    assert third.code == 1, third.out + third.err
    assert len(replies(world, number)) == 2  # wendy is told once, like anyone without visible permission
    world.pr_event(number, "synchronize")
    fourth = world.run()
    assert fourth.code == 1 and fourth.writes == []


def test_a_configured_admin_still_decides_when_the_permission_api_refuses(world: World) -> None:
    world.hub.deny_token_push_access()
    number = unverified_nomination(world)
    world.comment(number, "sample-admin", "/verify-membership fellow")  # named in election.yaml
    run = settled(world, code=0)
    assert "verified by hand" in world.report(number)
    assert replies(world, number) == []
    assert not any("/permission" in r.path for r in run.requests)


def test_a_file_over_one_megabyte_is_the_size_finding_not_an_aborted_run(world: World) -> None:
    huge = nomination_md("janedoe", statement="word " * 220_000)  # > 1 MB: GitHub answers 403 too_large
    assert len(huge) > GITHUB_CONTENTS_LIMIT
    number = world.nominate("janedoe", content=huge)
    world.pr_event(number)
    settled(world, code=1)
    report = world.report(number)
    assert "FILE002" in report
    assert "over 1,048,576 bytes" in report.replace("\\", "")
    assert "needs-changes" in world.labels(number)
    head = world.hub.pull(REPO, number).head_sha
    assert [c.conclusion for c in world.hub.check_runs(REPO, head) if c.name == "nomination"] == ["failure"]


def test_the_stand_in_answers_the_bots_requests_with_the_recorded_403s(world: World) -> None:
    """The two tests above meet GitHub's answers, not a shortcut: the stand-in logged the 403s."""
    world.hub.deny_token_push_access()
    world.hub.set_author_association(REPO, "mallory", "MEMBER")  # so that the permission API is asked
    huge = nomination_md("janedoe", statement="word " * 220_000)
    number = world.nominate("janedoe", content=huge)
    world.comment(number, "mallory", "/recheck")
    run = world.run()
    statuses = {(r.path.split("?")[0].rsplit("/", 1)[-1], r.status) for r in run.requests}
    assert ("janedoe.md", 403) in statuses
    assert ("permission", 403) in statuses
    assert run.code == 1
