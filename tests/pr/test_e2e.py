"""`election-bot pr` end to end: real webhook payloads, `bot.cli.main(["pr"])`, the local GitHub stand-in.

Every scenario also checks the request budget (at most 12 requests, labels already existing) and that a
second run of the same event writes nothing.
"""

from __future__ import annotations

import re

from tests.pr.conftest import ELECTION_DIR, REPO, Run, World, nomination_md

BUDGET = 12


def settled(world: World, *, code: int) -> Run:
    """Run the current event twice: the first run within budget, the second the same verdict, no writes."""
    first = world.run()
    assert first.code == code, first.out + first.err
    assert first.total <= BUDGET, [(r.method, r.path) for r in first.requests]
    second = world.run()
    assert second.code == code, second.out + second.err
    assert second.writes == [], [(r.method, r.path) for r in second.writes]
    assert second.total <= BUDGET
    return first


def mentions(text: str) -> list[str]:
    """Real @mentions (a ping), not the neutralised `@&#8203;name` form."""
    return re.findall(r"(?<![\w&;/])@([A-Za-z0-9-]+)", text)


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
    methods = [(r.method, r.path.removeprefix(f"/repos/{REPO}")) for r in first.requests]
    assert methods == [
        ("GET", "/pulls"),
        ("GET", f"/pulls/{number}/files"),
        ("GET", f"/contents/{ELECTION_DIR}/janedoe.md"),
        ("GET", f"/issues/{number}/comments"),
        ("GET", f"/contents/{ELECTION_DIR}"),
        ("POST", "/check-runs"),
        ("POST", f"/issues/{number}/comments"),
        ("GET", "/labels"),
        ("POST", "/labels"),
        ("POST", f"/issues/{number}/labels"),
    ]


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
