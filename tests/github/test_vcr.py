"""The gateway against GitHub's own response shapes, replayed from cassettes (record mode none).

The cassettes hold GitHub's published examples (tests/cassettes/build_cassettes.py). Assertions hold for
any real repository too, so the same tests re-record against a scratch repository (see conftest.py);
the checks of exact example values run only on the example cassettes. Any request a cassette does not
hold fails the test, and every recorded request must be used (`all_played`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from bot.github.gateway import Annotation, Gateway, GitHubError, Label
from tests.helpers.gateway import FakeSleep, Targets

pytestmark = pytest.mark.vcr

MAX = 64 * 1024
HEX40 = set("0123456789abcdef")


def _finish(vcr: Any, gh: Gateway, fake_sleep: FakeSleep) -> None:
    if vcr.record_mode == "none":
        assert vcr.all_played, "every recorded request was made"
        assert vcr.play_count == gh.stats.total, "the gateway counted every request it made"
        assert fake_sleep.calls == []
    else:  # recording: every request the gateway made is in the cassette
        assert len(vcr) == gh.stats.total


def test_pull_request_reads(gh: Gateway, targets: Targets, vcr: Any, fake_sleep: FakeSleep) -> None:
    pulls = gh.list_open_pulls()
    pull = gh.get_pull(targets.pull)
    files = gh.list_pull_files(targets.pull)
    reviews = gh.list_reviews(targets.pull)

    assert pull.number == targets.pull
    assert pull.created_at.tzinfo is UTC
    assert len(pull.head_sha) == 40
    assert set(pull.head_sha) <= HEX40
    assert pull.author.id > 0
    assert pull.author.login
    assert all(p.state == "open" for p in pulls)
    assert files
    assert all(f.changes == f.additions + f.deletions for f in files)
    assert all(r.author.id > 0 for r in reviews)
    assert gh.stats.snapshot() == {
        "list_open_pulls": 1,
        "get_pull": 1,
        "list_pull_files": 1,
        "list_reviews": 1,
    }
    _finish(vcr, gh, fake_sleep)

    if targets.from_examples:
        assert pull.title == "Amazing new feature"
        assert (pull.author.login, pull.author.id, pull.author.type) == ("octocat", 1, "User")
        assert pull.created_at == datetime(2011, 1, 26, 19, 1, 12, tzinfo=UTC)
        assert pull.head_sha == "6dcb09b5b57875f334f61aebed695e2e4193db5e"
        assert pull.head_repo_full_name == "octocat/Hello-World"
        assert (pull.base_ref, pull.labels, pull.state, pull.draft) == ("master", ("bug",), "open", False)
        assert pull.merged is False  # the example says merged: false (though it has a merged_at)
        assert pulls[0].merged is True  # a listed pull request has no `merged`: derived from merged_at
        assert pull.html_url == "https://github.com/octocat/Hello-World/pull/1347"
        assert [(f.filename, f.status, f.additions, f.deletions, f.changes) for f in files] == [
            ("file1.txt", "added", 103, 21, 124)
        ]
        assert files[0].previous_filename is None
        assert [(r.id, r.author.login, r.state, r.commit_id) for r in reviews] == [
            (80, "octocat", "APPROVED", "ecdd80bb57125d7ba9641ffaa4d7d2c19d3f3091")
        ]
        assert reviews[0].submitted_at == datetime(2019, 11, 17, 17, 43, 43, tzinfo=UTC)


def test_contents(gh: Gateway, targets: Targets, vcr: Any, fake_sleep: FakeSleep) -> None:
    sha = gh.get_pull(targets.pull).head_sha
    regular = gh.get_file(targets.file, sha, MAX)
    via_symlink = gh.get_file(targets.file_symlink, sha, MAX)
    other_symlink = gh.get_file(targets.other_symlink, sha, MAX)
    submodule = gh.get_file(targets.submodule, sha, MAX)
    missing = gh.get_file(targets.missing, sha, MAX)
    listing = gh.list_directory(targets.directory, sha)
    small = gh.get_file(targets.file, sha, 10)

    assert regular is not None
    assert regular.kind == "file"
    assert not regular.too_large
    assert regular.content is not None
    assert len(regular.content) == regular.size
    # GitHub answered the symlink with its target's content: refused, no content kept.
    assert via_symlink is not None
    assert (via_symlink.path, via_symlink.kind, via_symlink.content) == (
        targets.file_symlink,
        "symlink",
        None,
    )
    assert other_symlink is not None
    assert (other_symlink.kind, other_symlink.content) == ("symlink", None)
    assert submodule is not None
    assert (submodule.kind, submodule.content) == ("submodule", None)
    assert missing is None
    assert listing
    assert all(e.path.startswith(targets.directory + "/") for e in listing)
    assert small is not None
    assert (small.kind, small.too_large, small.content) == ("file", True, None)
    assert gh.stats.snapshot() == {"get_pull": 1, "get_file": 6, "list_directory": 1}
    _finish(vcr, gh, fake_sleep)

    if targets.from_examples:
        assert regular.content.startswith(b"# Yoga Bo")
        assert [(e.name, e.kind, e.size) for e in listing] == [
            ("octokit.rb", "file", 625),
            ("octokit", "dir", 0),
        ]
        assert other_symlink.size == 23


def test_get_file_refuses_githubs_inconsistent_example(
    gh: Gateway, targets: Targets, vcr: Any, record_mode: str
) -> None:
    """GitHub's README.md example, verbatim: literal backslash-n inside the base64 and a size that does not
    match. The gateway fails closed instead of handing on bytes it cannot vouch for."""
    if record_mode != "none" or not targets.from_examples:
        pytest.skip("replays GitHub's published example only")
    with pytest.raises(GitHubError, match="not valid base64"):
        gh.get_file("README.md", "6dcb09b5b57875f334f61aebed695e2e4193db5e", MAX)
    assert vcr.all_played


def test_people(gh: Gateway, targets: Targets, vcr: Any, fake_sleep: FakeSleep) -> None:
    author = gh.get_pull(targets.pull).author
    by_login = gh.get_user(author.login)
    by_id = gh.get_user_by_id(author.id)
    permission = gh.collaborator_permission(author.login)
    nobody = gh.get_user("no-such-user-election-bot")
    nobody_permission = gh.collaborator_permission("no-such-user-election-bot")

    assert by_login == author
    assert by_id == author
    assert permission in ("admin", "maintain", "write", "triage", "read", "none")
    assert nobody is None
    assert nobody_permission == "none"
    assert gh.stats.snapshot() == {
        "get_pull": 1,
        "get_user": 2,
        "get_user_by_id": 1,
        "collaborator_permission": 2,
    }
    _finish(vcr, gh, fake_sleep)

    if targets.from_examples:
        assert by_login is not None
        assert (by_login.login, by_login.id, by_login.type) == ("octocat", 1, "User")
        assert permission == "admin"


def test_comments(gh: Gateway, targets: Targets, vcr: Any, fake_sleep: FakeSleep) -> None:
    marker = "<!-- election-bot:vcr -->"
    created = gh.create_issue_comment(
        targets.pull, f"Recorded by the gateway tests.\n{marker}", marker=marker
    )
    edited = gh.edit_issue_comment(created.id, f"Recorded by the gateway tests (edited).\n{marker}")
    comments = gh.list_issue_comments(targets.pull)

    assert edited.id == created.id
    assert created.id in {c.id for c in comments}
    assert all(c.created_at.tzinfo is UTC and c.updated_at >= c.created_at for c in comments)
    assert gh.stats.snapshot() == {
        "create_issue_comment": 1,
        "edit_issue_comment": 1,
        "list_issue_comments": 1,
    }
    assert gh.stats.writes == 2
    _finish(vcr, gh, fake_sleep)

    if targets.from_examples:
        assert (created.id, created.author.login, created.body) == (1, "octocat", "Me too")
        assert created.html_url == "https://github.com/octocat/Hello-World/issues/1347#issuecomment-1"
    else:
        assert marker in edited.body
        assert "(edited)" in edited.body


def test_labels(gh: Gateway, targets: Targets, vcr: Any, fake_sleep: FakeSleep) -> None:
    labels = gh.list_labels()
    created = gh.ensure_labels(
        [
            Label(targets.label, "f29513", "Something isn't working"),
            Label(targets.new_label, "0e8a16", "Created by the gateway's recorded tests"),
        ]
    )
    gh.add_labels(targets.pull, [targets.label])
    gh.remove_label(targets.pull, targets.label)
    gh.remove_label(targets.pull, "phase/not-there")  # 404: already gone is success; "/" is quoted

    assert targets.label in {lb.name for lb in labels}
    assert created in (0, 1)  # 0 when an earlier recording already made it
    assert gh.stats.snapshot() == {
        "list_labels": 1,
        "ensure_labels": 1 + created,
        "add_labels": 1,
        "remove_label": 2,
    }
    _finish(vcr, gh, fake_sleep)

    if targets.from_examples:
        assert created == 1
        assert labels == [
            Label("bug", "f29513", "Something isn't working"),
            Label("enhancement", "a2eeef", "New feature or request"),
        ]


def test_check_run(gh: Gateway, targets: Targets, vcr: Any, fake_sleep: FakeSleep) -> None:
    sha = gh.get_pull(targets.pull).head_sha
    annotations = [
        Annotation(targets.file, line, line, "warning", f"finding {line}", title="NOM000")
        for line in range(1, 61)
    ]
    run_id = gh.create_check_run(
        "election-bot/vcr",
        sha,
        status="completed",
        conclusion="neutral",
        title="Recorded by the gateway tests",
        summary="60 annotations: 50 in the create, 10 in an update",
        annotations=annotations,
        external_id="election-bot-vcr",
    )
    gh.update_check_run(run_id, title="Recorded by the gateway tests", summary="updated")

    assert run_id > 0
    assert gh.stats.snapshot() == {"get_pull": 1, "create_check_run": 2, "update_check_run": 1}
    assert gh.stats.writes == 3
    _finish(vcr, gh, fake_sleep)
    if targets.from_examples:
        assert run_id == 4


def test_issues(gh: Gateway, targets: Targets, vcr: Any, fake_sleep: FakeSleep) -> None:
    marker = "<!-- election-bot:vcr-issue -->"
    labelled = gh.list_issues(labels=[targets.label])
    created = gh.create_issue(
        "Gateway recording", f"Recorded by the gateway tests.\n{marker}", [targets.label], marker=marker
    )
    fetched = gh.get_issue(created.number)
    closed = gh.edit_issue(created.number, state="closed", state_reason="completed")
    found = gh.find_bot_issue(marker, targets.label)

    assert fetched.number == created.number == closed.number
    assert all(targets.label in i.labels for i in labelled)
    assert all(i.created_at.tzinfo is UTC for i in labelled)
    assert gh.stats.snapshot() == {
        "list_issues": 1,
        "create_issue": 1,
        "get_issue": 1,
        "edit_issue": 1,
        "find_bot_issue": 1,
    }
    _finish(vcr, gh, fake_sleep)

    if targets.from_examples:
        # The example issue is a pull request by octocat without our marker: not the bot's issue.
        assert found is None
        assert (created.number, created.title, created.author.login) == (1347, "Found a bug", "octocat")
        assert created.is_pull_request
        assert created.labels == ("bug",)
        assert created.state_reason == "completed"
        assert created.closed_at is None
    else:
        assert found is not None
        assert found.number == created.number
        assert closed.state == "closed"
