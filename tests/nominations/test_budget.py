"""Issue 12, weakness 4: the request budget holds for hostile input.

One pull request must not spend the repository's API budget: thousands of findings go out in one
annotation request, a flood of comments is read in two pages, strangers are refused without asking the
permission API and in words once per pull request, and replies to older commands wait when the run is at
its budget. On the code before the fix a 2,000-field file cost 40 annotation requests and every
stranger's command one permission lookup and one reply.
"""

from __future__ import annotations

from datetime import timedelta

from bot.nominations.constants import REQUEST_BUDGET
from bot.nominations.rules import MAX_SAME_CODE
from tests.helpers.world import ELECTION_DIR, REPO, World, nomination_md, within_budget

PATH = f"{ELECTION_DIR}/mallory.md"


def unknown_fields(login: str, count: int) -> bytes:
    text = nomination_md(login).decode()
    extra = "".join(f"zz{i}: 1\n" for i in range(count))
    return text.replace("attestations:", extra + "attestations:", 1).encode()


def check_run_requests(run: object) -> list[str]:
    return [f"{r.method} {r.path}" for r in run.requests if "/check-runs" in r.path]  # type: ignore[attr-defined]


def permission_requests(run: object) -> list[str]:
    return [r.path for r in run.requests if "/permission" in r.path]  # type: ignore[attr-defined]


def replies(world: World, number: int) -> list[str]:
    return [b for b in world.bot_comments(number) if "election-bot:reply" in b]


def test_two_thousand_findings_cost_one_annotation_request(world: World) -> None:
    number = world.nominate("mallory", content=unknown_fields("mallory", 2000))
    world.pr_event(number)

    run = world.run()

    assert run.code == 1 and within_budget(run)
    assert [r for r in check_run_requests(run) if not r.startswith("GET")] == [
        f"POST /repos/{REPO}/check-runs"
    ]
    [check] = world.checks(number)
    assert len(check.annotations) <= 50
    codes = [a["title"] if isinstance(a, dict) else a for a in check.annotations]
    assert sum("NOM003" in str(c) for c in codes) == MAX_SAME_CODE
    assert any("1990 more `NOM003` findings" in str(a) for a in check.annotations)
    report = world.report(number)
    assert report.count("NOM003") <= MAX_SAME_CODE + 2 and "NOM026" in report
    assert len(report) < 65_536


def test_a_push_of_another_hostile_file_costs_the_same(world: World) -> None:
    number = world.nominate("mallory", content=unknown_fields("mallory", 2000))
    world.pr_event(number)
    world.run()
    world.hub.push_to_pull(REPO, number, {PATH: unknown_fields("mallory", 1500)})
    world.pr_event(number, "synchronize")

    run = world.run()

    assert run.code == 1 and within_budget(run)
    assert len([r for r in check_run_requests(run) if r.startswith("POST")]) == 1
    assert not [r for r in check_run_requests(run) if r.startswith("PATCH")]


def _flooded(world: World, strangers: int) -> int:
    number = world.nominate("mallory", content=nomination_md("mallory"))
    world.pr_event(number)
    world.run()
    for i in range(strangers):
        world.user(f"stranger-{i}")
        world.hub.add_comment(REPO, number, f"stranger-{i}", "/accept-late\n/verify-membership fellow")
    return number


def test_a_flood_of_strangers_commands_stays_within_the_budget(world: World) -> None:
    number = _flooded(world, 450)
    world.comment(number, "stranger-last", "/verify-membership fellow")

    run = world.run()

    assert run.total <= REQUEST_BUDGET
    assert permission_requests(run) == []  # GitHub says none of them holds a permission here
    comment_pages = [r for r in run.requests if r.path.endswith(f"/issues/{number}/comments")]
    assert len([r for r in comment_pages if r.method == "GET"]) <= 2
    assert "membership-unverified" in world.labels(number)  # nothing was applied
    assert any("stranger-last" in body for body in replies(world, number))


def test_every_later_run_on_a_flooded_pull_request_stays_within_the_budget(world: World) -> None:
    number = _flooded(world, 450)
    for _ in range(5):
        world.pr_event(number, "synchronize")
        run = world.run()
        assert run.total <= REQUEST_BUDGET
    world.hub.push_to_pull(REPO, number, {PATH: nomination_md("mallory", statement="A new statement " * 8)})
    world.pr_event(number, "synchronize")
    run = world.run()
    assert run.total <= REQUEST_BUDGET
    assert run.code == 1 and "membership-unverified" in world.labels(number)


def test_a_stranger_is_refused_in_words_once_per_pull_request(world: World) -> None:
    number = world.nominate("mallory", content=nomination_md("mallory"))
    world.pr_event(number)
    world.run()
    world.user("pest")
    # the adversarial order: five comments written, then their runs
    ids = [world.hub.add_comment(REPO, number, "pest", f"/accept-late {i}") for i in range(5)]
    runs = []
    for comment_id in ids:
        world.comment_event(number, comment_id)
        runs.append(world.run())

    assert len([b for b in replies(world, number) if "pest" in b]) == 1
    assert all(within_budget(r) and permission_requests(r) == [] for r in runs)
    assert all(not r.writes for r in runs[1:])
    assert "late" not in world.labels(number)


def test_a_member_without_write_access_is_still_asked_and_refused(world: World) -> None:
    number = world.nominate("mallory", content=nomination_md("mallory"))
    world.pr_event(number)
    world.run()
    world.user("orgmember")
    world.hub.set_author_association(REPO, "orgmember", "MEMBER")
    world.comment(number, "orgmember", "/verify-membership fellow")

    run = world.run()

    assert permission_requests(run) == [f"/repos/{REPO}/collaborators/orgmember/permission"]
    assert "membership-unverified" in world.labels(number)
    assert any("orgmember" in b for b in replies(world, number))


def test_a_forged_association_in_the_delivery_is_not_trusted_over_the_permission_api(world: World) -> None:
    """The event says OWNER (what the recorded delivery says), the account holds only read: refused."""
    number = world.nominate("mallory", content=nomination_md("mallory"))
    world.pr_event(number)
    world.run()
    world.user("claims-owner")
    world.hub.set_author_association(REPO, "claims-owner", "OWNER")
    world.comment(number, "claims-owner", "/verify-membership fellow")

    run = world.run()

    assert permission_requests(run) == [f"/repos/{REPO}/collaborators/claims-owner/permission"]
    assert "membership-unverified" in world.labels(number)


def test_a_real_admin_is_heard_through_a_flood(world: World) -> None:
    number = _flooded(world, 450)
    world.hub.set_permission(REPO, "anadmin", "write")
    world.hub.advance(timedelta(minutes=1))
    world.comment(number, "anadmin", "/verify-membership fellow")

    run = world.run()

    assert run.total <= REQUEST_BUDGET
    assert "membership-unverified" not in world.labels(number)
    assert "verified membership by hand" in world.report(number)
