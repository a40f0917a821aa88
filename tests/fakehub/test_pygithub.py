"""PyGithub 2.x, pointed at the stand-in, does what the bot will do against GitHub."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

import pytest
from github import Auth, Github, GithubException, UnknownObjectException
from github.ContentFile import ContentFile

from election_bot_demo.fakehub import FakeHub
from tests.helpers.repo import REPO


def client(hub: FakeHub, base_url: str | None = None, token: str = "anything") -> Github:
    return Github(
        base_url=base_url or hub.url,
        auth=Auth.Token(token),
        seconds_between_requests=0,
        seconds_between_writes=0,
    )


# -- repository and base URLs -------------------------------------------------------------------------------


def test_get_repo(fakehub: FakeHub, github_client: Github) -> None:
    repo = github_client.get_repo(REPO)
    assert repo.full_name == REPO
    assert repo.default_branch == "main"
    assert repo.owner.login == "pypa"
    assert repo.url == f"{fakehub.url}/repos/{REPO}"


@pytest.mark.parametrize("form", ["plain", "trailing-slash", "enterprise"])
def test_base_url_forms(fakehub: FakeHub, form: str) -> None:
    """PyGithub keeps the base URL's path as a prefix; the stand-in answers with URLs that carry it."""
    base = {"plain": fakehub.url, "trailing-slash": fakehub.url + "/", "enterprise": fakehub.enterprise_url}[
        form
    ]
    number = fakehub.create_issue(REPO, "alice", "Hello")
    for i in range(35):
        fakehub.add_comment(REPO, number, "alice", f"c{i}")
    gh = client(fakehub, base)
    try:
        issue = gh.get_repo(REPO).get_issue(number)
        expected_prefix = fakehub.enterprise_url if form == "enterprise" else fakehub.url
        assert issue.url.startswith(expected_prefix + "/repos/")
        assert issue.html_url == f"{fakehub.url}/{REPO}/issues/{number}"
        assert len(list(issue.get_comments())) == 35  # the Link header's next page is followed
        assert issue.user.name is None  # lazy completion follows user.url
    finally:
        gh.close()
    prefixes = {r.path.split("/")[1] for r in fakehub.requests}
    assert prefixes <= {"repos", "users"}  # the log shows paths without the /api/v3 prefix


def test_urls_in_responses_point_back_at_the_stand_in(fakehub: FakeHub) -> None:
    number = fakehub.open_pull(REPO, "janedoe", {"a.md": b"a\n"})
    from tests.fakehub.rawhttp import call

    body = call(fakehub.url, "GET", f"/repos/{REPO}/pulls/{number}").raw.decode()
    urls = {u for u in body.split('"') if u.startswith(("http://", "https://", "git://", "git@"))}
    foreign = {u for u in urls if "127.0.0.1" not in u}
    assert foreign == set()


# -- pull requests ------------------------------------------------------------------------------------------


def test_pull_and_its_files_across_pages(fakehub: FakeHub, github_client: Github) -> None:
    files = {f"nominations/2026/n{i:03}.md": b"name: x\n" for i in range(120)}
    number = fakehub.open_pull(REPO, "janedoe", files, title="Many", body="b", labels=["nomination"])
    pull = github_client.get_repo(REPO).get_pull(number)
    assert (pull.title, pull.body, pull.user.login, pull.state) == ("Many", "b", "janedoe", "open")
    assert pull.head.sha == fakehub.pull(REPO, number).head_sha
    assert pull.base.ref == "main"
    assert pull.changed_files == 120
    assert [label.name for label in pull.labels] == ["nomination"]
    fakehub.reset_log()
    got = list(pull.get_files())
    assert sorted(f.filename for f in got) == sorted(files)
    assert {f.status for f in got} == {"added"}
    assert fakehub.count("GET", f"/repos/{REPO}/pulls/{number}/files") == 4  # 30 a page by default
    gh100 = Github(base_url=fakehub.url, auth=Auth.Token("x"), per_page=100, seconds_between_requests=0)
    try:
        fakehub.reset_log()
        assert len(list(gh100.get_repo(REPO).get_pull(number).get_files())) == 120
        pages = [r.query.get("page") for r in fakehub.requests if r.path.endswith("/files")]
        assert pages == [None, ["2"]]
    finally:
        gh100.close()


def test_pull_file_statuses(fakehub: FakeHub, github_client: Github) -> None:
    fakehub.commit(REPO, "main", {"keep.md": b"a\nb\n", "gone.md": b"x\n", "old/name.md": b"same\n"})
    number = fakehub.open_pull(
        REPO,
        "janedoe",
        {
            "keep.md": b"a\nc\n",
            "gone.md": None,
            "old/name.md": None,
            "new/name.md": b"same\n",
            "add.md": b"n\n",
        },
    )
    files = {f.filename: f for f in github_client.get_repo(REPO).get_pull(number).get_files()}
    assert {name: f.status for name, f in files.items()} == {
        "keep.md": "modified",
        "gone.md": "removed",
        "new/name.md": "renamed",
        "add.md": "added",
    }
    assert files["new/name.md"].previous_filename == "old/name.md"
    assert (files["keep.md"].additions, files["keep.md"].deletions) == (1, 1)
    assert files["keep.md"].patch.startswith("@@")


def test_pulls_list_filters_and_sort(fakehub: FakeHub, github_client: Github) -> None:
    t0 = datetime(2026, 3, 1, tzinfo=UTC)
    first = fakehub.open_pull(REPO, "a", {"a.md": b"a"}, created_at=t0)
    second = fakehub.open_pull(REPO, "b", {"b.md": b"b"}, created_at=t0 + timedelta(hours=1))
    closed = fakehub.open_pull(REPO, "c", {"c.md": b"c"}, created_at=t0 + timedelta(hours=2))
    fakehub.close_pull(REPO, closed)
    repo = github_client.get_repo(REPO)
    assert [p.number for p in repo.get_pulls()] == [second, first]
    assert [p.number for p in repo.get_pulls(state="all", direction="asc")] == [first, second, closed]
    assert [p.number for p in repo.get_pulls(state="closed")] == [closed]
    assert repo.get_pull(first).created_at == t0


def test_push_to_pull_and_merge(fakehub: FakeHub, github_client: Github) -> None:
    number = fakehub.open_pull(REPO, "janedoe", {"n.md": b"v1\n"})
    old_head = fakehub.pull(REPO, number).head_sha
    new_head = fakehub.push_to_pull(REPO, number, {"n.md": b"v2\n", "extra.md": b"x\n"})
    pull = github_client.get_repo(REPO).get_pull(number)
    assert pull.head.sha == new_head != old_head
    assert pull.commits == 2
    assert sorted(f.filename for f in pull.get_files()) == ["extra.md", "n.md"]
    assert [c.sha for c in pull.get_commits()] == [old_head, new_head]
    merge = fakehub.merge_pull(REPO, number, by="admin")
    pull = github_client.get_repo(REPO).get_pull(number)
    assert (pull.merged, pull.state, pull.merged_by.login, pull.merge_commit_sha) == (
        True,
        "closed",
        "admin",
        merge,
    )
    assert fakehub.read_file(REPO, "n.md") == b"v2\n"
    assert fakehub.branch_sha(REPO) == merge


def test_fork_pull(fakehub: FakeHub, github_client: Github) -> None:
    number = fakehub.open_pull(
        REPO, "eve", {"e.md": b"e\n"}, head_repo="eve/elections", head_branch="patch-1"
    )
    pull = github_client.get_repo(REPO).get_pull(number)
    assert pull.head.repo.full_name == "eve/elections"
    assert pull.head.repo.fork is True
    assert pull.head.label == "eve:patch-1"
    # The fork's head commit is readable through the base repository, as on GitHub.
    content = github_client.get_repo(REPO).get_contents("e.md", ref=pull.head.sha)
    assert isinstance(content, ContentFile)
    assert content.decoded_content == b"e\n"


def test_reviews(fakehub: FakeHub, github_client: Github) -> None:
    number = fakehub.open_pull(REPO, "janedoe", {"n.md": b"x"})
    fakehub.add_review(REPO, number, "alice", "CHANGES_REQUESTED", body="fix")
    fakehub.add_review(REPO, number, "bob", "APPROVED")
    reviews = list(github_client.get_repo(REPO).get_pull(number).get_reviews())
    assert [(r.user.login, r.state, r.body) for r in reviews] == [
        ("alice", "CHANGES_REQUESTED", "fix"),
        ("bob", "APPROVED", ""),
    ]
    assert reviews[0].commit_id == fakehub.pull(REPO, number).head_sha


# -- contents -----------------------------------------------------------------------------------------------


@pytest.fixture
def tree(fakehub: FakeHub) -> str:
    return fakehub.commit(
        REPO,
        "main",
        {
            "README.md": b"# hi\n",
            "docs/guide.md": b"guide\n",
            "docs/deep/x.md": b"x\n",
            "link.md": b"docs/guide.md",
            "dangling": b"missing.md",
            "dirlink": b"docs",
            "vendor/lib": b"https://example.org/lib.git",
            "big.bin": b"\1" * (1024 * 1024 + 1),
        },
        modes={"link.md": "120000", "dangling": "120000", "dirlink": "120000", "vendor/lib": "160000"},
    )


def _file(repo_contents: list[ContentFile] | ContentFile) -> ContentFile:
    assert isinstance(repo_contents, ContentFile)
    return repo_contents


def test_contents_file(fakehub: FakeHub, github_client: Github, tree: str) -> None:
    repo = github_client.get_repo(REPO)
    readme = _file(repo.get_contents("README.md", ref=tree))
    assert (readme.type, readme.path, readme.decoded_content, readme.size) == (
        "file",
        "README.md",
        b"# hi\n",
        5,
    )
    assert readme.encoding == "base64"
    fakehub.commit(REPO, "main", {"README.md": b"changed\n"})
    assert _file(repo.get_contents("README.md", ref=tree)).decoded_content == b"# hi\n"  # at the old ref
    assert _file(repo.get_contents("README.md")).decoded_content == b"changed\n"


def test_contents_directory(github_client: Github, tree: str) -> None:
    listing = github_client.get_repo(REPO).get_contents("", ref=tree)
    assert isinstance(listing, list)
    # GitHub lists a submodule as type "file" in a directory listing (documented, for compatibility).
    assert {(c.name, c.type) for c in listing} >= {
        ("README.md", "file"),
        ("docs", "dir"),
        ("link.md", "symlink"),
        ("vendor", "dir"),
        ("big.bin", "file"),
    }
    vendor = github_client.get_repo(REPO).get_contents("vendor", ref=tree)
    assert isinstance(vendor, list)
    assert [(c.path, c.type) for c in vendor] == [("vendor/lib", "file")]


def test_contents_symlink_to_a_file_answers_with_the_target(github_client: Github, tree: str) -> None:
    target = _file(github_client.get_repo(REPO).get_contents("link.md", ref=tree))
    assert (target.type, target.path, target.decoded_content) == ("file", "docs/guide.md", b"guide\n")


@pytest.mark.parametrize(("path", "target"), [("dangling", "missing.md"), ("dirlink", "docs")])
def test_contents_symlink_elsewhere_answers_with_the_link(
    github_client: Github, tree: str, path: str, target: str
) -> None:
    link = _file(github_client.get_repo(REPO).get_contents(path, ref=tree))
    assert (link.type, link.path, link.target) == ("symlink", path, target)


def test_contents_submodule(github_client: Github, tree: str) -> None:
    sub = _file(github_client.get_repo(REPO).get_contents("vendor/lib", ref=tree))
    assert (sub.type, sub.submodule_git_url) == ("submodule", "https://example.org/lib.git")
    assert sub.download_url is None


def test_contents_large_file_is_refused_in_the_default_media_type(github_client: Github, tree: str) -> None:
    with pytest.raises(GithubException) as refused:
        github_client.get_repo(REPO).get_contents("big.bin", ref=tree)
    assert refused.value.status == 403
    assert refused.value.data["errors"] == [{"resource": "Blob", "field": "data", "code": "too_large"}]


def test_contents_large_file_has_no_content_in_the_object_media_type(fakehub: FakeHub, tree: str) -> None:
    gh = client(fakehub)
    _, data = gh.requester.requestJsonAndCheck(
        "GET",
        f"/repos/{REPO}/contents/big.bin",
        parameters={"ref": tree},
        headers={"Accept": "application/vnd.github.object+json"},
    )
    big = ContentFile(gh.requester, {}, data, completed=True)
    assert (big.size, big.encoding, big.content) == (1024 * 1024 + 1, "none", "")
    with pytest.raises(AssertionError):  # PyGithub asserts encoding == "base64": callers must check first
        _ = big.decoded_content


def test_contents_missing(fakehub: FakeHub, github_client: Github, tree: str) -> None:
    repo = github_client.get_repo(REPO)
    with pytest.raises(UnknownObjectException) as missing:
        repo.get_contents("nope.md", ref=tree)
    assert missing.value.data["message"] == "Not Found"
    with pytest.raises(GithubException) as bad_ref:
        repo.get_contents("README.md", ref="no-such-branch")
    # PyGithub raises UnknownObjectException only when the message says "not found".
    assert type(bad_ref.value) is GithubException
    assert (bad_ref.value.status, bad_ref.value.data["message"]) == (
        404,
        "No commit found for the ref no-such-branch",
    )


def test_contents_base64_is_wrapped_like_github(fakehub: FakeHub, tree: str) -> None:
    from tests.fakehub.rawhttp import call

    data = bytes(range(256)) * 2
    fakehub.commit(REPO, "main", {"blob.bin": data})
    body = call(fakehub.url, "GET", f"/repos/{REPO}/contents/blob.bin").json()
    assert all(len(line) <= 60 for line in body["content"].split("\n"))
    assert base64.b64decode(body["content"]) == data


# -- issues -------------------------------------------------------------------------------------------------


def test_issue_lifecycle(fakehub: FakeHub, github_client: Github) -> None:
    repo = github_client.get_repo(REPO)
    issue = repo.create_issue("Nominations are open", body="Until Friday", labels=["phase"])
    assert (issue.number, issue.user.login, issue.state) == (1, "github-actions[bot]", "open")
    assert [label.name for label in issue.labels] == ["phase"]
    issue.edit(title="Nominations are closed", body="Done")
    issue.edit(state="closed", state_reason="completed")
    assert (issue.state, issue.state_reason) == ("closed", "completed")
    issue.edit(state="open")
    assert (issue.state, issue.state_reason) == ("open", "reopened")
    fake = fakehub.issue(REPO, 1)
    assert (fake.title, fake.body, fake.state) == ("Nominations are closed", "Done", "open")
    assert [e[0] for e in fakehub.events(REPO, 1)] == ["labeled", "renamed", "closed", "reopened"]


def test_issue_validation(github_client: Github) -> None:
    repo = github_client.get_repo(REPO)
    with pytest.raises(GithubException) as too_long:
        repo.create_issue("t", body="x" * 65_537)
    assert too_long.value.status == 422
    assert too_long.value.data["errors"][0]["field"] == "body"
    repo.create_issue("t", body="x" * 65_536)  # exactly the limit is fine


def test_issues_list_filters(fakehub: FakeHub, github_client: Github) -> None:
    fakehub.now = datetime(2026, 1, 1, tzinfo=UTC)
    a = fakehub.create_issue(REPO, "alice", "A", labels=["phase", "nominations"])
    fakehub.now = datetime(2026, 2, 1, tzinfo=UTC)
    b = fakehub.create_issue(REPO, "github-actions[bot]", "B", labels=["phase"])
    c = fakehub.create_issue(REPO, "github-actions[bot]", "C")
    fakehub.set_state(REPO, c, "closed")
    pr = fakehub.open_pull(REPO, "janedoe", {"n.md": b"x"}, labels=["phase"])
    repo = github_client.get_repo(REPO)
    assert [i.number for i in repo.get_issues()] == [pr, b, a]  # open, newest first, PRs included
    assert repo.get_issue(pr).pull_request is not None
    assert [
        i.number for i in repo.get_issues(state="all", creator=github_client.get_user("github-actions[bot]"))
    ] == [c, b]
    assert [i.number for i in repo.get_issues(labels=["phase", "nominations"])] == [a]
    assert [i.number for i in repo.get_issues(state="closed")] == [c]
    since = datetime(2026, 1, 15, tzinfo=UTC)
    assert [i.number for i in repo.get_issues(state="all", since=since, direction="asc")] == [b, c, pr]


def test_issues_pagination_total_count(fakehub: FakeHub, github_client: Github) -> None:
    for i in range(65):
        fakehub.create_issue(REPO, "alice", f"#{i}")
    issues = github_client.get_repo(REPO).get_issues()
    assert issues.totalCount == 65  # read from the Link header's rel="last"
    assert len(list(issues)) == 65


# -- comments -----------------------------------------------------------------------------------------------


def test_comments_create_edit_list_delete(fakehub: FakeHub, github_client: Github) -> None:
    number = fakehub.open_pull(REPO, "janedoe", {"n.md": b"x"})
    for i in range(33):
        fakehub.add_comment(REPO, number, "alice", f"comment {i}")
    issue = github_client.get_repo(REPO).get_issue(number)
    mine = issue.create_comment("<!-- marker -->\nChecked.")
    assert mine.user.login == "github-actions[bot]"
    mine.edit("<!-- marker -->\nChecked again.")
    fakehub.reset_log()
    comments = list(issue.get_comments())
    assert len(comments) == 34
    assert fakehub.count("GET") == 2  # 30 + 4
    assert comments[-1].body == "<!-- marker -->\nChecked again."
    assert comments[0].created_at <= comments[-1].created_at
    mine.delete()
    assert len(fakehub.comments(REPO, number)) == 33


def test_comment_seeding_with_times_and_edits(fakehub: FakeHub, github_client: Github) -> None:
    number = fakehub.create_issue(REPO, "alice", "Election")
    at = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
    cid = fakehub.add_comment(REPO, number, "bob", "I accept", created_at=at)
    fakehub.edit_comment(REPO, cid, "I accept!", at=at + timedelta(minutes=5))
    (comment,) = github_client.get_repo(REPO).get_issue(number).get_comments()
    assert (comment.id, comment.body, comment.created_at, comment.updated_at) == (
        cid,
        "I accept!",
        at,
        at + timedelta(minutes=5),
    )
    fakehub.delete_comment(REPO, cid)
    assert fakehub.comments(REPO, number) == []


def test_editing_someone_elses_comment_needs_write(fakehub: FakeHub) -> None:
    number = fakehub.create_issue(REPO, "alice", "Election")
    cid = fakehub.add_comment(REPO, number, "bob", "mine")
    gh = client(fakehub, token=fakehub.token_for("alice"))
    try:
        comment = gh.get_repo(REPO).get_issue(number).get_comment(cid)
        with pytest.raises(GithubException) as denied:
            comment.edit("hijacked")
        assert denied.value.status == 403
        fakehub.set_permission(REPO, "alice", "write")
        comment.edit("moderated")
    finally:
        gh.close()
    assert fakehub.comments(REPO, number)[0].body == "moderated"


# -- labels -------------------------------------------------------------------------------------------------


def test_labels(fakehub: FakeHub, github_client: Github) -> None:
    repo = github_client.get_repo(REPO)
    repo.create_label("phase: voting", "1d76db", "Voting is open")
    assert repo.get_label("phase: voting").description == "Voting is open"
    number = fakehub.create_issue(REPO, "alice", "Election")
    issue = repo.get_issue(number)
    issue.add_to_labels("phase: voting", "brand-new")
    assert {(lab.name, lab.color) for lab in fakehub.labels(REPO)} == {
        ("phase: voting", "1d76db"),
        ("brand-new", "ededed"),
    }
    issue.remove_from_labels("phase: voting")
    assert fakehub.issue(REPO, number).labels == ("brand-new",)
    with pytest.raises(GithubException) as absent:
        issue.remove_from_labels("phase: voting")
    assert (absent.value.status, absent.value.data["message"]) == (404, "Label does not exist")
    issue.set_labels("a", "b")
    assert fakehub.issue(REPO, number).labels == ("a", "b")
    with pytest.raises(GithubException) as exists:
        repo.create_label("A", "000000")
    assert exists.value.status == 422


# -- check runs ---------------------------------------------------------------------------------------------


def _annotation(i: int) -> dict[str, str | int]:
    return {"path": "n.md", "start_line": i, "end_line": i, "annotation_level": "failure", "message": f"m{i}"}


def test_check_run_with_annotations(fakehub: FakeHub, github_client: Github) -> None:
    number = fakehub.open_pull(REPO, "janedoe", {"n.md": b"x"})
    head = fakehub.pull(REPO, number).head_sha
    repo = github_client.get_repo(REPO)
    run = repo.create_check_run(
        "nominations",
        head,
        status="in_progress",
        output={"title": "Checking", "summary": "…", "annotations": [_annotation(i) for i in range(50)]},
    )
    assert [p.number for p in run.pull_requests] == [number]
    run.edit(
        output={"title": "Checking", "summary": "…", "annotations": [_annotation(i) for i in range(50, 60)]}
    )
    with pytest.raises(GithubException) as too_many:
        run.edit(output={"title": "t", "summary": "s", "annotations": [_annotation(i) for i in range(51)]})
    assert too_many.value.status == 422
    run.edit(conclusion="failure", output={"title": "2 problems", "summary": "See below", "text": "details"})
    assert (run.status, run.conclusion, run.output.title) == ("completed", "failure", "2 problems")
    (fake,) = fakehub.check_runs(REPO, head)
    assert len(fake.annotations) == 60  # accumulated across create and updates; the rejected one added none
    assert (fake.summary, fake.text) == ("See below", "details")
    assert repo.get_check_run(run.id).output.annotations_count == 60


def test_check_run_on_a_fork_head_lists_no_pulls(fakehub: FakeHub, github_client: Github) -> None:
    number = fakehub.open_pull(REPO, "eve", {"n.md": b"x"}, head_repo="eve/elections")
    run = github_client.get_repo(REPO).create_check_run("nominations", fakehub.pull(REPO, number).head_sha)
    assert run.pull_requests == []


def test_check_runs_need_an_app_token(fakehub: FakeHub) -> None:
    number = fakehub.open_pull(REPO, "janedoe", {"n.md": b"x"})
    gh = client(fakehub, token=fakehub.token_for("admin"))
    try:
        with pytest.raises(GithubException) as denied:
            gh.get_repo(REPO).create_check_run("x", fakehub.pull(REPO, number).head_sha)
        assert denied.value.status == 403
    finally:
        gh.close()


# -- people -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("granted", "legacy", "role"),
    [
        ("admin", "admin", "admin"),
        ("maintain", "write", "maintain"),
        ("write", "write", "write"),
        ("triage", "read", "triage"),
        ("read", "read", "read"),
        ("none", "read", "read"),  # anyone can read a public repository
    ],
)
def test_collaborator_permission(
    fakehub: FakeHub, github_client: Github, granted: str, legacy: str, role: str
) -> None:
    fakehub.set_permission(REPO, "alice", granted)  # type: ignore[arg-type]
    repo = github_client.get_repo(REPO)
    assert repo.get_collaborator_permission("alice") == legacy  # PyGithub returns the legacy field
    assert repo.get_collaborator_role_name("alice") == role


def test_collaborator_permission_on_a_private_repo(fakehub: FakeHub, github_client: Github) -> None:
    fakehub.add_repo("pypa/private", private=True)
    fakehub.add_user("alice")
    repo = github_client.get_repo("pypa/private")
    assert repo.get_collaborator_permission("alice") == "none"
    fakehub.set_permission("pypa/private", "alice", "triage")
    assert repo.get_collaborator_permission("alice") == "read"
    assert repo.get_collaborator_role_name("alice") == "triage"


def test_permission_of_strangers_and_unknown_users(fakehub: FakeHub, github_client: Github) -> None:
    fakehub.add_user("stranger")
    repo = github_client.get_repo(REPO)
    assert repo.get_collaborator_permission("stranger") == "read"  # anyone can read a public repo
    with pytest.raises(UnknownObjectException):
        repo.get_collaborator_permission("nobody-here")


def test_users_by_login_and_id(fakehub: FakeHub, github_client: Github) -> None:
    jane = fakehub.add_user("JaneDoe", id=4242)
    user = github_client.get_user("janedoe")  # logins are case-insensitive
    assert (user.login, user.id, user.type) == ("JaneDoe", 4242, "User")
    assert github_client.get_user_by_id(jane.id).login == "JaneDoe"
    bot = github_client.get_user("github-actions[bot]")
    assert (bot.id, bot.type) == (41898282, "Bot")
    fakehub.rename_user("JaneDoe", "jane-smith")
    assert github_client.get_user_by_id(4242).login == "jane-smith"
    with pytest.raises(UnknownObjectException):
        github_client.get_user("JaneDoe")


def test_authenticated_user(fakehub: FakeHub, github_client: Github) -> None:
    with pytest.raises(GithubException) as denied:
        _ = github_client.get_user().login  # GITHUB_TOKEN cannot ask who it is
    assert denied.value.status == 403
    gh = client(fakehub, token=fakehub.token_for("alice"))
    try:
        assert gh.get_user().login == "alice"
    finally:
        gh.close()


def test_rate_limit(fakehub: FakeHub, github_client: Github) -> None:
    github_client.get_repo(REPO)
    core = github_client.get_rate_limit().resources.core
    assert (core.limit, core.remaining) == (1000, 999)  # GITHUB_TOKEN: 1,000 an hour
    assert github_client.rate_limiting == (999, 1000)
