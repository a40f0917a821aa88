"""Every gateway operation, through PyGithub, against the local GitHub stand-in.

Request counts are asserted twice: by the stand-in's own request log (what really arrived) and by the
gateway's counter (what it believes it sent). They must agree, and match the table in
docs/explanation/github-gateway.md (tests/test_reference_docs.py compares it with `REQUEST_TABLE`).
"""

from __future__ import annotations

import ast
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.errors import UsageError
from bot.github.gateway import DEFAULT_API_URL, Annotation, Gateway, GitHubError, Label, RetryPolicy
from bot.github.port import GitHubPort
from election_bot_demo.fakehub import FakeHub
from tests.helpers.gateway import BOT, MARK, REPO, TOKEN, FakeSleep, make_gateway, nomination

MAX = 64 * 1024


@pytest.fixture
def gw(fakehub: FakeHub, fake_sleep: FakeSleep) -> Gateway:
    return make_gateway(fakehub, fake_sleep)


def counted(hub: FakeHub, gw: Gateway, operation: str, call: Callable[[], Any]) -> tuple[Any, int]:
    """Run one operation; return its result and the number of requests, checked from both sides."""
    hub.reset_log()
    before = gw.stats.by_operation.get(operation, 0)
    result = call()
    arrived = len(hub.requests)
    assert gw.stats.by_operation.get(operation, 0) - before == arrived, "gateway and stand-in disagree"
    return result, arrived


# -- pull requests --------------------------------------------------------------------------------------


def test_get_pull(fakehub: FakeHub, gw: Gateway) -> None:
    created = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)
    fakehub.add_label(REPO, "nomination")
    number = fakehub.open_pull(
        REPO, "janedoe", nomination(), title="Nominate Jane", created_at=created, labels=["nomination"]
    )
    pull, requests = counted(fakehub, gw, "get_pull", lambda: gw.get_pull(number))
    fake = fakehub.pull(REPO, number)
    jane = fakehub.user("janedoe")

    assert requests == 1
    assert pull.number == number
    assert pull.title == "Nominate Jane"
    assert (pull.author.login, pull.author.id, pull.author.type) == ("janedoe", jane.id, "User")
    assert pull.created_at == created
    assert pull.created_at.tzinfo is UTC
    assert (pull.state, pull.draft, pull.merged) == ("open", False, False)
    assert pull.head_sha == fake.head_sha
    assert pull.head_repo_full_name == REPO
    assert pull.base_ref == "main"
    assert pull.labels == ("nomination",)
    assert pull.html_url.endswith(f"/{REPO}/pull/{number}")


def test_get_pull_from_a_fork_and_merged(fakehub: FakeHub, gw: Gateway) -> None:
    fork = fakehub.open_pull(REPO, "janedoe", nomination(1), head_repo="janedoe/elections", draft=True)
    merged = fakehub.open_pull(REPO, "bob", nomination(2))
    fakehub.merge_pull(REPO, merged)

    assert gw.get_pull(fork).head_repo_full_name == "janedoe/elections"
    assert gw.get_pull(fork).draft is True
    pull = gw.get_pull(merged)
    assert (pull.state, pull.merged) == ("closed", True)


def test_get_pull_missing_is_an_error_and_not_retried(
    fakehub: FakeHub, gw: Gateway, fake_sleep: FakeSleep
) -> None:
    with pytest.raises(GitHubError) as caught:
        counted(fakehub, gw, "get_pull", lambda: gw.get_pull(999))
    assert caught.value.status == 404
    assert caught.value.operation == "get_pull"
    assert len(fakehub.requests) == 1
    assert fake_sleep.calls == []


def test_list_pull_files_reads_every_page(fakehub: FakeHub, gw: Gateway) -> None:
    files: dict[str, bytes | None] = {f"docs/f{i:03}.md": b"x\n" for i in range(250)}
    number = fakehub.open_pull(REPO, "janedoe", files)
    changed, requests = counted(fakehub, gw, "list_pull_files", lambda: gw.list_pull_files(number))

    assert requests == 3  # 100 + 100 + 50
    assert sorted(f.filename for f in changed) == sorted(files)
    assert all((f.status, f.additions, f.deletions, f.changes) == ("added", 1, 0, 1) for f in changed)
    assert all(r.query.get("per_page") == ["100"] or "page" in r.query for r in fakehub.requests)


def test_list_pull_files_statuses(fakehub: FakeHub, gw: Gateway) -> None:
    fakehub.commit(REPO, "main", {"old.md": b"a\nb\n", "gone.md": b"x\n"})
    number = fakehub.open_pull(REPO, "janedoe", {"old.md": b"a\nc\n", "gone.md": None, "new.md": b"n\n"})
    by_name = {f.filename: f for f in gw.list_pull_files(number)}

    assert by_name["old.md"].status == "modified"
    assert (by_name["old.md"].additions, by_name["old.md"].deletions) == (1, 1)
    assert by_name["gone.md"].status == "removed"
    assert by_name["new.md"].status == "added"


def test_list_open_pulls_one_request_per_hundred(fakehub: FakeHub, gw: Gateway) -> None:
    numbers = [fakehub.open_pull(REPO, f"user{i}", nomination(i)) for i in range(130)]
    fakehub.close_pull(REPO, numbers[0])
    pulls, requests = counted(fakehub, gw, "list_open_pulls", gw.list_open_pulls)

    assert requests == 2
    assert sorted(p.number for p in pulls) == sorted(numbers[1:])
    assert all(p.state == "open" and p.merged is False for p in pulls)


def test_list_reviews(fakehub: FakeHub, gw: Gateway) -> None:
    number = fakehub.open_pull(REPO, "janedoe", nomination())
    head = fakehub.pull(REPO, number).head_sha
    review_id = fakehub.add_review(REPO, number, "maintainer", "APPROVED")
    reviews, requests = counted(fakehub, gw, "list_reviews", lambda: gw.list_reviews(number))

    assert requests == 1
    assert [(r.id, r.author.login, r.state, r.commit_id) for r in reviews] == [
        (review_id, "maintainer", "APPROVED", head)
    ]
    assert reviews[0].submitted_at is not None
    assert reviews[0].submitted_at.tzinfo is UTC


# -- contents -------------------------------------------------------------------------------------------


@pytest.fixture
def tree(fakehub: FakeHub) -> str:
    """A head commit with every kind of entry; returns its sha."""
    return fakehub.commit(
        REPO,
        "main",
        {
            "nominations/ppc-2026/jane.md": b"---\nname: Jane\n---\n",
            "nominations/ppc-2026/binary.bin": bytes(range(256)),
            "nominations/ppc-2026/big.md": b"x" * 5000,
            "nominations/ppc-2026/link.md": b"jane.md",
            "nominations/ppc-2026/dirlink": b"../ppc-2026",
            "nominations/ppc-2026/dangling": b"/etc/passwd",
            "nominations/ppc-2026/sub": b"https://github.com/someone/elsewhere.git",
        },
        modes={
            "nominations/ppc-2026/link.md": "120000",
            "nominations/ppc-2026/dirlink": "120000",
            "nominations/ppc-2026/dangling": "120000",
            "nominations/ppc-2026/sub": "160000",
        },
    )


def test_get_file_kinds(fakehub: FakeHub, gw: Gateway, tree: str) -> None:
    d = "nominations/ppc-2026"
    regular, requests = counted(fakehub, gw, "get_file", lambda: gw.get_file(f"{d}/jane.md", tree, MAX))
    assert requests == 1
    assert regular is not None
    assert (regular.kind, regular.content, regular.size, regular.too_large) == (
        "file",
        b"---\nname: Jane\n---\n",
        19,
        False,
    )

    binary = gw.get_file(f"{d}/binary.bin", tree, MAX)
    assert binary is not None
    assert binary.content == bytes(range(256))

    for name in ("link.md", "dirlink", "dangling"):
        link = gw.get_file(f"{d}/{name}", tree, MAX)
        assert link is not None
        assert (link.path, link.kind, link.content) == (f"{d}/{name}", "symlink", None), name

    sub = gw.get_file(f"{d}/sub", tree, MAX)
    assert sub is not None
    assert (sub.kind, sub.content) == ("submodule", None)

    folder = gw.get_file(d, tree, MAX)
    assert folder is not None
    assert (folder.kind, folder.content) == ("dir", None)

    assert gw.get_file(f"{d}/nobody.md", tree, MAX) is None
    assert gw.get_file(f"{d}/jane.md", "0" * 40, MAX) is None  # unknown ref: 404 as well


def test_get_file_respects_max_bytes(fakehub: FakeHub, gw: Gateway, tree: str) -> None:
    big = gw.get_file("nominations/ppc-2026/big.md", tree, 4999)
    assert big is not None
    assert (big.kind, big.size, big.content, big.too_large) == ("file", 5000, None, True)
    exact = gw.get_file("nominations/ppc-2026/big.md", tree, 5000)
    assert exact is not None
    assert exact.content == b"x" * 5000


@pytest.mark.parametrize("path", ["", "/", "a/../b", "./a", "a//b", "a/\nb"])
def test_get_file_refuses_odd_paths(gw: Gateway, path: str) -> None:
    with pytest.raises(ValueError, match="not a plain repository path"):
        gw.get_file(path, "main", MAX)
    assert gw.stats.total == 0


def test_list_directory(fakehub: FakeHub, gw: Gateway, tree: str) -> None:
    entries, requests = counted(
        fakehub, gw, "list_directory", lambda: gw.list_directory("nominations/ppc-2026", tree)
    )
    assert requests == 1
    kinds = {e.name: e.kind for e in entries}
    assert kinds == {
        "jane.md": "file",
        "binary.bin": "file",
        "big.md": "file",
        "link.md": "symlink",
        "dirlink": "symlink",
        "dangling": "symlink",
        "sub": "submodule",
    }
    assert {e.path for e in entries} == {f"nominations/ppc-2026/{name}" for name in kinds}
    assert gw.list_directory("nominations/nothing-here", tree) == []
    assert gw.list_directory("nominations/ppc-2026/jane.md", tree) == []  # a file, not a directory


# -- comments -------------------------------------------------------------------------------------------


def test_comments_round_trip(fakehub: FakeHub, gw: Gateway) -> None:
    number = fakehub.open_pull(REPO, "janedoe", nomination())
    created, requests = counted(
        fakehub,
        gw,
        "create_issue_comment",
        lambda: gw.create_issue_comment(number, f"Checked.\n{MARK}", marker=MARK),
    )
    assert requests == 1
    assert (created.author.login, created.author.id, created.author.type) == (BOT, FakeHub.BOT_ID, "Bot")
    assert created.body == f"Checked.\n{MARK}"

    edited, requests = counted(
        fakehub, gw, "edit_issue_comment", lambda: gw.edit_issue_comment(created.id, f"Rechecked.\n{MARK}")
    )
    assert requests == 1
    assert (edited.id, edited.body) == (created.id, f"Rechecked.\n{MARK}")
    assert [c.body for c in fakehub.comments(REPO, number)] == [f"Rechecked.\n{MARK}"]


def test_list_issue_comments_every_page(fakehub: FakeHub, gw: Gateway) -> None:
    number = fakehub.create_issue(REPO, "maintainer", "Phase: nominations")
    ids = [fakehub.add_comment(REPO, number, f"user{i % 7}", f"comment {i}") for i in range(150)]
    comments, requests = counted(fakehub, gw, "list_issue_comments", lambda: gw.list_issue_comments(number))

    assert requests == 2
    assert [c.id for c in comments] == ids
    assert comments[3].author.login == "user3"
    assert comments[3].body == "comment 3"
    assert all(c.created_at.tzinfo is UTC for c in comments)


@pytest.mark.parametrize(
    ("count", "pages", "requests", "kept"),
    [
        (450, 2, 2, [*range(100), *range(400, 450)]),  # the first page and the last (page 5)
        (450, 3, 3, [*range(100), *range(300, 450)]),  # the first and the last two
        (450, 1, 1, list(range(100))),
        (150, 2, 2, list(range(150))),  # two pages: nothing skipped
        (150, 5, 2, list(range(150))),  # never a page twice, never past the last
        (60, 2, 1, list(range(60))),  # one page: no Link header, one request
        (0, 2, 1, []),
    ],
)
def test_list_issue_comments_bounded_to_the_first_and_last_pages(
    fakehub: FakeHub, gw: Gateway, count: int, pages: int, requests: int, kept: list[int]
) -> None:
    number = fakehub.create_issue(REPO, "maintainer", "Phase: nominations")
    ids = [fakehub.add_comment(REPO, number, f"user{i % 7}", f"comment {i}") for i in range(count)]
    comments, made = counted(
        fakehub, gw, "list_issue_comments", lambda: gw.list_issue_comments(number, pages=pages)
    )
    assert made == requests
    assert [c.id for c in comments] == [ids[i] for i in kept]


def test_list_issue_comments_carries_githubs_author_association(fakehub: FakeHub, gw: Gateway) -> None:
    number = fakehub.create_issue(REPO, "maintainer", "Phase: nominations")
    fakehub.set_permission(REPO, "helper", "write")
    fakehub.add_comment(REPO, number, "helper", "hi")
    fakehub.add_comment(REPO, number, "passer-by", "hi")
    assert [c.author_association for c in gw.list_issue_comments(number)] == ["COLLABORATOR", "NONE"]


def test_create_comment_needs_its_marker_in_the_body(gw: Gateway) -> None:
    with pytest.raises(ValueError, match="marker"):
        gw.create_issue_comment(1, "no marker here", marker=MARK)
    assert gw.stats.total == 0


# -- labels ---------------------------------------------------------------------------------------------


def test_labels(fakehub: FakeHub, gw: Gateway) -> None:
    fakehub.add_label(REPO, "nomination", "0e8a16", "A nomination")
    labels, requests = counted(fakehub, gw, "list_labels", gw.list_labels)
    assert requests == 1
    assert Label("nomination", "0e8a16", "A nomination") in labels

    specs = [
        Label("Nomination", "ffffff", "different case: already there"),
        Label("phase/nominations", "1d76db", "Nominations are open"),
        Label("needs-consent", "fbca04", ""),
    ]
    created, requests = counted(fakehub, gw, "ensure_labels", lambda: gw.ensure_labels(specs))
    assert created == 2
    assert requests == 3  # one list, two creates
    by_name = {lb.name: lb for lb in fakehub.labels(REPO)}
    assert (by_name["phase/nominations"].color, by_name["phase/nominations"].description) == (
        "1d76db",
        "Nominations are open",
    )
    assert by_name["nomination"].color == "0e8a16"  # existing labels are left alone

    again, requests = counted(fakehub, gw, "ensure_labels", lambda: gw.ensure_labels(specs))
    assert (again, requests) == (0, 1)

    assert gw.create_label("needs-consent", "fbca04") is False  # 422 already_exists counts as success


def test_add_and_remove_labels(fakehub: FakeHub, gw: Gateway) -> None:
    number = fakehub.open_pull(REPO, "janedoe", nomination())
    for name in ("nomination", "phase/nominations"):
        fakehub.add_label(REPO, name)
    _, requests = counted(
        fakehub, gw, "add_labels", lambda: gw.add_labels(number, ["nomination", "phase/nominations"])
    )
    assert requests == 1
    assert set(fakehub.pull(REPO, number).labels) == {"nomination", "phase/nominations"}

    _, requests = counted(fakehub, gw, "remove_label", lambda: gw.remove_label(number, "phase/nominations"))
    assert requests == 1
    assert fakehub.pull(REPO, number).labels == ("nomination",)

    gw.remove_label(number, "phase/nominations")  # already gone: 404 is success
    gw.remove_label(number, "never-existed")
    assert fakehub.pull(REPO, number).labels == ("nomination",)
    gw.add_labels(number, [])  # nothing to do, no request
    assert gw.stats.by_operation["add_labels"] == 1


# -- check runs -----------------------------------------------------------------------------------------


def _annotations(n: int) -> list[Annotation]:
    return [
        Annotation("nominations/ppc-2026/jane.md", i, i, "failure", f"problem {i}", title=f"NOM{i:03}")
        for i in range(1, n + 1)
    ]


def test_check_run_annotations_in_batches_of_fifty(fakehub: FakeHub, gw: Gateway) -> None:
    number = fakehub.open_pull(REPO, "janedoe", nomination())
    sha = fakehub.pull(REPO, number).head_sha
    run_id, requests = counted(
        fakehub,
        gw,
        "create_check_run",
        lambda: gw.create_check_run(
            "election-bot / nomination",
            sha,
            conclusion="failure",
            title="3 problems",
            summary="See the annotations",
            text="details",
            annotations=_annotations(120),
            external_id="pr-1",
        ),
    )
    assert requests == 3  # POST with 50, PATCH with 50, PATCH with 20
    assert [w.method for w in fakehub.writes()] == ["POST", "PATCH", "PATCH"]
    (run,) = fakehub.check_runs(REPO, sha)
    assert run.id == run_id
    assert (run.name, run.status, run.conclusion, run.external_id) == (
        "election-bot / nomination",
        "completed",
        "failure",
        "pr-1",
    )
    assert (run.title, run.summary, run.text) == ("3 problems", "See the annotations", "details")
    assert len(run.annotations) == 120
    assert run.annotations[0]["annotation_level"] == "failure"
    assert run.annotations[119]["message"] == "problem 120"


def test_check_run_update(fakehub: FakeHub, gw: Gateway) -> None:
    sha = fakehub.pull(REPO, fakehub.open_pull(REPO, "janedoe", nomination())).head_sha
    run_id = gw.create_check_run("check", sha, status="in_progress", title="Checking", summary="…")
    _, requests = counted(
        fakehub,
        gw,
        "update_check_run",
        lambda: gw.update_check_run(
            run_id, status="completed", conclusion="success", title="OK", summary="All good"
        ),
    )
    assert requests == 1
    (run,) = fakehub.check_runs(REPO, sha)
    assert (run.status, run.conclusion, run.title, run.summary) == ("completed", "success", "OK", "All good")

    _, requests = counted(
        fakehub,
        gw,
        "update_check_run",
        lambda: gw.update_check_run(run_id, title="OK", summary="Late notes", annotations=_annotations(60)),
    )
    assert requests == 2
    assert len(fakehub.check_runs(REPO, sha)[0].annotations) == 60


def test_check_run_argument_checks(gw: Gateway) -> None:
    with pytest.raises(ValueError, match="conclusion"):
        gw.create_check_run("c", "0" * 40, title="t", summary="s")
    with pytest.raises(ValueError, match="together"):
        gw.update_check_run(1, title="t")
    with pytest.raises(ValueError, match="annotations"):
        gw.update_check_run(1, annotations=_annotations(1))
    assert gw.stats.total == 0


# -- issues ---------------------------------------------------------------------------------------------


def test_issue_life_cycle(fakehub: FakeHub, gw: Gateway) -> None:
    fakehub.add_label(REPO, "phase")
    created, requests = counted(
        fakehub,
        gw,
        "create_issue",
        lambda: gw.create_issue("Nominations are open", f"Body\n{MARK}", ["phase"], marker=MARK),
    )
    assert requests == 1
    assert (created.title, created.author.login, created.labels, created.state) == (
        "Nominations are open",
        BOT,
        ("phase",),
        "open",
    )
    assert created.is_pull_request is False

    fetched, requests = counted(fakehub, gw, "get_issue", lambda: gw.get_issue(created.number))
    assert requests == 1
    assert fetched == created

    closed, requests = counted(
        fakehub,
        gw,
        "edit_issue",
        lambda: gw.edit_issue(created.number, state="closed", state_reason="completed", title="Closed"),
    )
    assert requests == 1
    assert (closed.state, closed.state_reason, closed.title) == ("closed", "completed", "Closed")
    assert closed.closed_at is not None
    assert closed.closed_at.tzinfo is UTC
    fake = fakehub.issue(REPO, created.number)
    assert (fake.state, fake.state_reason, fake.title) == ("closed", "completed", "Closed")


def test_list_issues_uses_server_side_filters(fakehub: FakeHub, gw: Gateway) -> None:
    for name in ("phase", "other"):
        fakehub.add_label(REPO, name)
    a = fakehub.create_issue(REPO, "alice", "A", labels=["phase"])
    b = fakehub.create_issue(REPO, "bob", "B", labels=["phase", "other"])
    fakehub.create_issue(REPO, "bob", "C", labels=["other"])
    pr = fakehub.open_pull(REPO, "bob", nomination(), labels=["phase"])
    fakehub.set_state(REPO, a, "closed", reason="not_planned")

    issues, requests = counted(fakehub, gw, "list_issues", lambda: gw.list_issues(labels=["phase"]))
    assert requests == 1
    assert {(i.number, i.is_pull_request) for i in issues} == {(a, False), (b, False), (pr, True)}
    assert fakehub.requests[0].query["labels"] == ["phase"]
    assert fakehub.requests[0].query["state"] == ["all"]

    assert {i.number for i in gw.list_issues(labels=["phase", "other"])} == {b}
    assert {i.number for i in gw.list_issues(labels=["phase"], state="open")} == {b, pr}
    assert {i.number for i in gw.list_issues(labels=["phase"], creator="alice")} == {a}
    closed = gw.get_issue(a)
    assert (closed.state, closed.state_reason) == ("closed", "not_planned")
    assert not any(r.path.startswith("/search") for r in fakehub.requests)  # never search: its index lags


def test_find_bot_issue_trusts_only_the_bots_own_marker(fakehub: FakeHub, gw: Gateway) -> None:
    fakehub.add_label(REPO, "phase")
    fakehub.add_label(REPO, "other")
    fakehub.create_issue(REPO, "mallory", "Nominations are open", f"forged\n{MARK}", labels=["phase"])
    fakehub.create_issue(REPO, BOT, "Wrong label", f"x\n{MARK}", labels=["other"])
    fakehub.create_issue(REPO, BOT, "Nominations are open", "no marker", labels=["phase"])
    fakehub.open_pull(REPO, BOT, nomination(), body=f"a PR\n{MARK}", labels=["phase"])
    assert gw.find_bot_issue(MARK, "phase") is None

    first = fakehub.create_issue(REPO, BOT, "Anything", f"ours\n{MARK}", labels=["phase"])
    fakehub.create_issue(REPO, BOT, "A later duplicate", f"ours too\n{MARK}", labels=["phase"])
    found, requests = counted(fakehub, gw, "find_bot_issue", lambda: gw.find_bot_issue(MARK, "phase"))
    assert requests == 1
    assert found is not None
    assert found.number == first  # the oldest wins


def test_find_bot_issue_with_another_bot_login(fakehub: FakeHub, fake_sleep: FakeSleep) -> None:
    fakehub.add_label(REPO, "phase")
    mine = fakehub.create_issue(REPO, "election-app[bot]", "Open", f"x\n{MARK}", labels=["phase"])
    fakehub.create_issue(REPO, BOT, "Open", f"x\n{MARK}", labels=["phase"])
    gw = make_gateway(fakehub, fake_sleep, bot_login="Election-App[bot]")
    found = gw.find_bot_issue(MARK, "phase")
    assert found is not None
    assert found.number == mine


# -- people ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("permission", ["admin", "maintain", "write", "triage", "read"])
def test_collaborator_permission_tells_every_role_apart(
    fakehub: FakeHub, gw: Gateway, permission: Any
) -> None:
    fakehub.set_permission(REPO, "someone", permission)
    answer, requests = counted(
        fakehub, gw, "collaborator_permission", lambda: gw.collaborator_permission("someone")
    )
    assert (answer, requests) == (permission, 1)


def test_collaborator_permission_outsiders(fakehub: FakeHub, gw: Gateway, fake_sleep: FakeSleep) -> None:
    fakehub.add_user("outsider")
    assert gw.collaborator_permission("outsider") == "read"  # anyone may read a public repository
    assert gw.collaborator_permission("no-such-account") == "none"  # 404
    fakehub.add_repo("pypa/private", private=True)
    private = Gateway(
        "pypa/private",
        TOKEN,
        fakehub.url,
        seconds_between_requests=0,
        seconds_between_writes=0,
        sleep=fake_sleep,
    )
    assert private.collaborator_permission("outsider") == "none"


def test_users_by_login_and_id(fakehub: FakeHub, gw: Gateway) -> None:
    jane = fakehub.add_user("JaneDoe", id=4242)
    user, requests = counted(fakehub, gw, "get_user", lambda: gw.get_user("janedoe"))
    assert requests == 1
    assert user is not None
    assert (user.login, user.id, user.type) == ("JaneDoe", jane.id, "User")

    fakehub.rename_user("JaneDoe", "jane-renamed")
    by_id, requests = counted(fakehub, gw, "get_user_by_id", lambda: gw.get_user_by_id(4242))
    assert requests == 1
    assert by_id is not None
    assert (by_id.login, by_id.id) == ("jane-renamed", 4242)
    assert gw.get_user("JaneDoe") is None
    assert gw.get_user_by_id(987654321) is None

    bot = gw.get_user(BOT)
    assert bot is not None
    assert (bot.id, bot.type) == (FakeHub.BOT_ID, "Bot")


# -- construction, configuration, hygiene ---------------------------------------------------------------


def test_from_env() -> None:
    gw = Gateway.from_env({"GITHUB_REPOSITORY": REPO, "GITHUB_TOKEN": TOKEN})
    assert gw.repo == REPO
    assert DEFAULT_API_URL in repr(gw)
    ghes = Gateway.from_env(
        {"GITHUB_REPOSITORY": REPO, "GITHUB_TOKEN": TOKEN, "GITHUB_API_URL": "https://ghe.example/api/v3"},
        seconds_between_writes=0,
    )
    assert "https://ghe.example/api/v3" in repr(ghes)
    with pytest.raises(UsageError, match="GITHUB_TOKEN"):
        Gateway.from_env({"GITHUB_REPOSITORY": REPO})
    with pytest.raises(UsageError, match="GITHUB_REPOSITORY"):
        Gateway.from_env({"GITHUB_TOKEN": TOKEN})
    with pytest.raises(UsageError, match="repository name"):
        Gateway.from_env({"GITHUB_REPOSITORY": "no-slash", "GITHUB_TOKEN": TOKEN})


def test_satisfies_the_port(gw: Gateway) -> None:
    port: GitHubPort = gw
    assert port.repo == REPO
    assert port.bot_login == BOT


def test_token_never_shown(fakehub: FakeHub, gw: Gateway, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    number = fakehub.open_pull(REPO, "janedoe", nomination())
    gw.get_pull(number)
    gw.create_issue_comment(number, f"hi\n{MARK}", marker=MARK)
    with pytest.raises(GitHubError) as caught:
        gw.get_issue(4711)
    assert TOKEN not in repr(gw)
    assert TOKEN not in str(caught.value)
    assert TOKEN not in repr(caught.value)
    assert TOKEN not in caplog.text
    assert f"GET /repos/{REPO}/pulls/{number} [get_pull]" in caplog.text  # each request logged at DEBUG


def test_stats_summary(fakehub: FakeHub, gw: Gateway) -> None:
    number = fakehub.open_pull(REPO, "janedoe", nomination())
    gw.get_pull(number)
    gw.create_issue_comment(number, f"hi\n{MARK}", marker=MARK)
    assert gw.stats.total == 2
    assert gw.stats.writes == 1
    assert gw.stats.summary() == "GitHub requests: 2 (1 writes) create_issue_comment=1 get_pull=1"


def test_only_the_gateway_imports_pygithub() -> None:
    root = Path(__file__).resolve().parents[2] / "bot"
    offenders = []
    for path in root.rglob("*.py"):
        if root / "github" / "gateway" in path.parents:  # the gateway package
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            if any(name == "github" or name.startswith("github.") for name in names):
                offenders.append(str(path.relative_to(root.parent)))
    assert offenders == []


def test_retry_policy_backoff_is_deterministic() -> None:
    policy = RetryPolicy()
    assert [policy.backoff(n) for n in range(1, 8)] == [1, 2, 4, 8, 16, 30, 30]


def test_get_file_over_one_megabyte_has_no_content(fakehub: FakeHub, gw: Gateway) -> None:
    sha = fakehub.commit(REPO, "main", {"huge.md": b"y" * (1024 * 1024 + 1)})
    # GitHub answers 403 `too_large` (the default media type serves files up to 1 MB): one request, a
    # sizeless too-large file, never an error.
    before = gw.stats.total
    huge = gw.get_file("huge.md", sha, 2 * 1024 * 1024)
    assert huge is not None
    assert (huge.kind, huge.size, huge.content, huge.too_large) == ("file", 0, None, True)
    assert gw.stats.total - before == 1


def test_collaborator_permission_refused_with_githubs_403_is_none(fakehub: FakeHub, gw: Gateway) -> None:
    fakehub.set_permission(REPO, "alice", "admin")
    fakehub.deny_token_push_access()
    before = gw.stats.total
    assert gw.collaborator_permission("alice") == "none"  # fail closed, no exception, no retry
    assert gw.stats.total - before == 1


# The table of docs/explanation/github-gateway.md: requests per operation for one call each in a small
# repository (every list fits one page of 100). Lists cost one request per 100 items; check-run creates one
# per 50 annotations.
REQUEST_TABLE = {
    "get_pull": 1,
    "list_pull_files": 1,
    "list_open_pulls": 1,
    "list_reviews": 1,
    "get_file": 1,
    "list_directory": 1,
    "list_issue_comments": 1,
    "create_issue_comment": 1,
    "edit_issue_comment": 1,
    "list_labels": 1,
    "create_label": 1,
    "ensure_labels": 2,  # one list + one create per missing label (here 1)
    "add_labels": 1,
    "remove_label": 1,
    "create_check_run": 2,  # 70 annotations: 50 in the create + 20 in one PATCH
    "update_check_run": 1,
    "list_issues": 1,
    "find_bot_issue": 1,
    "create_issue": 1,
    "edit_issue": 1,
    "get_issue": 1,
    "collaborator_permission": 1,
    "get_user": 1,
    "get_user_by_id": 1,
    "list_workflows": 1,
}


def test_request_count_table(fakehub: FakeHub, gw: Gateway) -> None:
    fakehub.add_label(REPO, "phase")
    fakehub.set_permission(REPO, "maintainer", "maintain")
    number = fakehub.open_pull(REPO, "janedoe", nomination())
    fakehub.add_review(REPO, number, "maintainer", "COMMENTED")
    sha = fakehub.pull(REPO, number).head_sha
    fakehub.reset_log()

    gw.get_pull(number)
    gw.list_pull_files(number)
    gw.list_open_pulls()
    gw.list_reviews(number)
    gw.get_file("nominations/ppc-2026/user0.md", sha, MAX)
    gw.list_directory("nominations/ppc-2026", sha)
    comment = gw.create_issue_comment(number, f"x\n{MARK}", marker=MARK)
    gw.edit_issue_comment(comment.id, f"y\n{MARK}")
    gw.list_issue_comments(number)
    gw.list_labels()
    gw.create_label("phase/voting", "5319e7", "Voting")
    gw.ensure_labels([Label("phase"), Label("phase/results")])
    gw.add_labels(number, ["phase"])
    gw.remove_label(number, "phase")
    run = gw.create_check_run(
        "c", sha, conclusion="failure", title="t", summary="s", annotations=_annotations(70)
    )
    gw.update_check_run(run, title="t", summary="s2")
    issue = gw.create_issue("Open", f"z\n{MARK}", ["phase"], marker=MARK)
    gw.list_issues(labels=["phase"])
    gw.find_bot_issue(MARK, "phase")
    gw.edit_issue(issue.number, body=f"w\n{MARK}")
    gw.get_issue(issue.number)
    gw.collaborator_permission("maintainer")
    user = gw.get_user("janedoe")
    assert user is not None
    gw.get_user_by_id(user.id)
    assert gw.list_workflows() == []

    assert gw.stats.snapshot() == REQUEST_TABLE
    assert len(fakehub.requests) == gw.stats.total == sum(REQUEST_TABLE.values())
    assert len(fakehub.writes()) == gw.stats.writes == 11
    assert gw.stats.retries == 0


def test_enterprise_style_base_url(fakehub: FakeHub, fake_sleep: FakeSleep) -> None:
    """A server under a path prefix (GitHub Enterprise Server's /api/v3) works the same, pages included."""
    gw = Gateway(
        REPO,
        TOKEN,
        fakehub.enterprise_url,
        seconds_between_requests=0,
        seconds_between_writes=0,
        sleep=fake_sleep,
    )
    number = fakehub.open_pull(REPO, "janedoe", {f"f{i}.md": b"x\n" for i in range(120)})
    assert gw.get_pull(number).number == number
    assert len(gw.list_pull_files(number)) == 120
    assert gw.stats.total == 3
