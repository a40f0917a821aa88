"""A `nomination` check run the check did not create (issue 27): a fork's own workflow with a job named
`nomination` makes one of the same app as GITHUB_TOKEN, and GitHub's required check goes by the newest.
The check flags every such run on its commit for the admins (the report's "For the admins" section during
a live election, and the job summary) and makes its own the newest again; its own runs are never flagged."""

from __future__ import annotations

from election_bot_demo.fakehub import App
from tests.helpers.world import REPO, World

CHECK = "nomination"


def opened(world: World) -> tuple[int, str]:
    world.set_roster(janedoe="fellow")
    number = world.nominate("janedoe")
    world.pr_event(number)
    assert world.run().code == 0
    assert "For the admins" not in world.report(number)  # its own check run is not flagged
    world.comment(number, "janedoe", "Thank you, see you at the vote.\n/recheck")
    assert world.run().code == 0
    assert "For the admins" not in world.report(number) and "For the admins" not in world.summary()
    return number, world.hub.pull(REPO, number).head_sha


def test_a_workflow_job_named_nomination_is_flagged_and_outrun(world: World) -> None:
    number, sha = opened(world)
    job = world.hub.add_job_check_run(REPO, sha, CHECK, conclusion="success")
    world.comment(number, "janedoe", "Anything else?\n/recheck")
    run = world.run()
    assert run.code == 0
    report, summary = world.report(number), world.summary()
    for text in (report, summary):
        assert "### For the admins" in text
        assert f"(id {job.id}, success) was made by the app `github-actions`, not by this check" in text
        assert "Require the check from the GitHub Actions app" in text
    assert "/job/" in report  # the job's details link, for the admins to find where it came from
    newest = max(world.checks(number), key=lambda c: c.id)
    assert newest.id != job.id and newest.external_id is not None and newest.external_id.startswith("pr-")


def test_another_apps_check_run_is_flagged(world: World) -> None:
    number, sha = opened(world)
    other = App(id=4242, slug="helpful-ci", name="Helpful CI")
    world.hub.add_check_run(REPO, sha, CHECK, app=other, conclusion="success", external_id="x")
    world.comment(number, "janedoe", "Anything else?\n/recheck")
    assert world.run().code == 0
    assert "was made by the app `helpful-ci`, not by this check" in world.report(number)
