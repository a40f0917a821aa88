"""The seeding API and the small git model behind it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from election_bot_demo.fakehub import FakeHub
from election_bot_demo.fakehub.errors import ApiError
from election_bot_demo.fakehub.gitmodel import Entry, apply_changes, blob_sha, diff_trees
from tests.helpers.repo import REPO

# -- git model ----------------------------------------------------------------------------------------------


def test_blob_sha_is_gits() -> None:
    assert blob_sha(b"hello\n") == "ce013625030ba8dba906f756967f9e9ca394464a"  # git hash-object


def test_apply_changes_writes_deletes_and_sets_modes() -> None:
    tree = apply_changes({}, {"a": b"1", "dir/b": b"2"})
    tree = apply_changes(tree, {"a": None, "/dir/./c": b"x"}, {"/dir/./c": "100755"})
    assert tree == {"dir/b": Entry("100644", b"2"), "dir/c": Entry("100755", b"x")}
    with pytest.raises(ValueError, match="mode"):
        apply_changes({}, {"x": b""}, {"x": "040000"})
    with pytest.raises(ValueError, match="repository path"):
        apply_changes({}, {"../escape": b""})


def test_diff_statuses() -> None:
    base = {
        "same": Entry("100644", b"s\n"),
        "edit": Entry("100644", b"a\nb\nc\n"),
        "gone": Entry("100644", b"g\n"),
        "from": Entry("100644", b"moved\n"),
        "chmod": Entry("100644", b"#!/bin/sh\n"),
        "bin": Entry("100644", b"\0\1"),
    }
    head = {
        "same": Entry("100644", b"s\n"),
        "edit": Entry("100644", b"a\nB\nc\nd\n"),
        "to/here": Entry("100644", b"moved\n"),
        "chmod": Entry("100755", b"#!/bin/sh\n"),
        "bin": Entry("100644", b"\0\2"),
        "link": Entry("120000", b"edit"),
    }
    changes = {c.filename: c for c in diff_trees(base, head)}
    assert {name: c.status for name, c in changes.items()} == {
        "edit": "modified",
        "gone": "removed",
        "to/here": "renamed",
        "chmod": "changed",
        "bin": "modified",
        "link": "added",
    }
    assert (changes["edit"].additions, changes["edit"].deletions, changes["edit"].changes) == (2, 1, 3)
    assert changes["to/here"].previous_filename == "from"
    assert changes["bin"].patch is None
    assert changes["gone"].patch == "@@ -1 +0,0 @@\n-g"


# -- repositories, commits, pulls ---------------------------------------------------------------------------


def test_commit_moves_the_branch(fakehub: FakeHub) -> None:
    first = fakehub.commit(REPO, "main", {"a.md": b"1"})
    second = fakehub.commit(REPO, "main", {"a.md": None, "b.md": b"2"}, message="swap", author="alice")
    assert first != second
    assert fakehub.branch_sha(REPO) == second
    assert fakehub.read_file(REPO, "a.md", ref=first) == b"1"
    assert fakehub.read_file(REPO, "a.md") is None
    assert fakehub.read_file(REPO, "b.md", ref="main") == b"2"
    fakehub.commit(REPO, "feature", {"c.md": b"3"})  # a new branch starts empty
    assert fakehub.read_file(REPO, "b.md", ref="feature") is None


def test_add_repo_with_files_and_other_default_branch(fakehub: FakeHub) -> None:
    name = fakehub.add_repo("pypa/other", default_branch="trunk", files={"README.md": b"hi"})
    assert name == "pypa/other"
    assert fakehub.read_file(name, "README.md") == b"hi"
    with pytest.raises(ValueError, match="exists"):
        fakehub.add_repo("PYPA/other")
    with pytest.raises(ValueError, match="owner/name"):
        fakehub.add_repo("nope")


def test_open_pull_diffs_against_the_base_it_was_opened_on(fakehub: FakeHub) -> None:
    fakehub.commit(REPO, "main", {"README.md": b"v1\n"})
    number = fakehub.open_pull(REPO, "janedoe", {"n.md": b"x\n"}, title="T", body="B", labels=["nomination"])
    fakehub.commit(REPO, "main", {"README.md": b"v2\n"})  # main moves on; the PR's diff does not change
    pull = fakehub.pull(REPO, number)
    assert [(f.filename, f.status) for f in pull.files] == [("n.md", "added")]
    assert (pull.title, pull.body, pull.author, pull.labels, pull.head_repo) == (
        "T",
        "B",
        "janedoe",
        ("nomination",),
        REPO,
    )
    assert fakehub.issue(REPO, number).is_pull
    assert fakehub.issues(REPO) == []  # pull requests only with include_pulls
    assert [i.number for i in fakehub.issues(REPO, include_pulls=True)] == [number]


def test_issue_and_pull_numbers_are_shared(fakehub: FakeHub) -> None:
    issue = fakehub.create_issue(REPO, "alice", "Issue")
    pull = fakehub.open_pull(REPO, "bob", {"x": b"x"})
    assert (issue, pull) == (1, 2)


def test_merge_and_close(fakehub: FakeHub) -> None:
    number = fakehub.open_pull(REPO, "janedoe", {"n.md": b"x"})
    sha = fakehub.merge_pull(REPO, number)
    pull = fakehub.pull(REPO, number)
    assert (pull.merged, pull.state, pull.merge_commit_sha) == (True, "closed", sha)
    assert [e[0] for e in fakehub.events(REPO, number)] == ["merged", "closed"]
    with pytest.raises(ValueError, match="not open"):
        fakehub.merge_pull(REPO, number)
    other = fakehub.open_pull(REPO, "bob", {"b.md": b"x"})
    fakehub.close_pull(REPO, other, by="alice")
    assert fakehub.pull(REPO, other).state == "closed"
    assert fakehub.events(REPO, other)[-1][:2] == ("closed", "alice")
    fakehub.set_state(REPO, other, "open")
    assert fakehub.pull(REPO, other).state == "open"


def test_push_to_pull_recomputes_files(fakehub: FakeHub) -> None:
    number = fakehub.open_pull(REPO, "janedoe", {"a.md": b"1", "b.md": b"2"})
    fakehub.push_to_pull(REPO, number, {"b.md": None, "link": b"a.md"}, modes={"link": "120000"})
    assert [(f.filename, f.status) for f in fakehub.pull(REPO, number).files] == [
        ("a.md", "added"),
        ("link", "added"),
    ]


def test_reviews_seeded(fakehub: FakeHub) -> None:
    number = fakehub.open_pull(REPO, "janedoe", {"a.md": b"1"})
    review = fakehub.add_review(REPO, number, "alice", "APPROVED")
    (seen,) = fakehub.pull(REPO, number).reviews
    assert (seen.id, seen.author, seen.state) == (review, "alice", "APPROVED")
    with pytest.raises(ValueError, match="review state"):
        fakehub.add_review(REPO, number, "alice", "LGTM")


# -- people, labels, text limits, clock ---------------------------------------------------------------------


def test_bot_user_is_there_from_the_start(fakehub: FakeHub) -> None:
    bot = fakehub.user("github-actions[bot]")
    assert (bot.id, bot.type) == (41898282, "Bot")


def test_users_ids_and_renames(fakehub: FakeHub) -> None:
    jane = fakehub.add_user("janedoe", id=77)
    with pytest.raises(ValueError, match="exists"):
        fakehub.add_user("JaneDoe")
    with pytest.raises(ValueError, match="taken"):
        fakehub.add_user("other", id=77)
    number = fakehub.create_issue(REPO, "janedoe", "Mine")
    renamed = fakehub.rename_user("janedoe", "jane")
    assert renamed.id == jane.id
    assert fakehub.issue(REPO, number).author == "jane"  # everything refers to the id


def test_unknown_labels_are_created_grey(fakehub: FakeHub) -> None:
    fakehub.add_label(REPO, "phase", "1D76DB", "Current phase")
    number = fakehub.create_issue(REPO, "alice", "x")
    fakehub.label_issue(REPO, number, "PHASE", "new")
    assert [(lab.name, lab.color, lab.description) for lab in fakehub.labels(REPO)] == [
        ("new", "ededed", None),
        ("phase", "1d76db", "Current phase"),
    ]
    assert fakehub.issue(REPO, number).labels == ("phase", "new")
    fakehub.unlabel_issue(REPO, number, "phase")
    assert fakehub.issue(REPO, number).labels == ("new",)


def test_seeding_enforces_githubs_text_limits(fakehub: FakeHub) -> None:
    number = fakehub.create_issue(REPO, "alice", "x")
    with pytest.raises(ApiError) as too_long:
        fakehub.add_comment(REPO, number, "bob", "y" * 65_537)
    assert too_long.value.status == 422
    fakehub.add_comment(REPO, number, "bob", "y" * 65_536)


def test_clock(fakehub: FakeHub) -> None:
    start = datetime(2026, 8, 11, 13, 59, 59, 500_000, tzinfo=UTC)
    fakehub.now = start
    assert fakehub.now == start.replace(microsecond=0)  # GitHub has whole seconds
    number = fakehub.create_issue(REPO, "alice", "x")
    later = fakehub.advance(timedelta(hours=2))
    comment = fakehub.add_comment(REPO, number, "bob", "y")
    assert fakehub.issue(REPO, number).created_at == start.replace(microsecond=0)
    assert fakehub.issue(REPO, number).updated_at == later
    assert fakehub.comments(REPO, number)[0].id == comment
    with pytest.raises(ValueError, match="aware"):
        fakehub.now = datetime(2026, 1, 1)  # naive: the point of the test
    fakehub.now = None  # back to real time
    assert abs(fakehub.now - datetime.now(UTC)) < timedelta(seconds=5)


def test_timestamps_are_serialised_like_github(fakehub: FakeHub) -> None:
    from tests.fakehub.rawhttp import call

    fakehub.now = datetime(2026, 8, 11, 13, 59, 59, tzinfo=UTC)
    number = fakehub.create_issue(REPO, "alice", "x")
    assert (
        call(fakehub.url, "GET", f"/repos/{REPO}/issues/{number}").json()["created_at"]
        == "2026-08-11T13:59:59Z"
    )


def test_check_runs_reader(fakehub: FakeHub) -> None:
    from tests.fakehub.rawhttp import call

    a = fakehub.open_pull(REPO, "a", {"a": b"a"})
    b = fakehub.open_pull(REPO, "b", {"b": b"b"})
    for number in (a, b):
        sha = fakehub.pull(REPO, number).head_sha
        assert (
            call(fakehub.url, "POST", f"/repos/{REPO}/check-runs", {"name": "n", "head_sha": sha}).status
            == 201
        )
    assert len(fakehub.check_runs(REPO)) == 2
    (only,) = fakehub.check_runs(REPO, fakehub.pull(REPO, b).head_sha)
    assert (only.status, only.conclusion) == ("queued", None)
