"""Pull requests: list, get, changed files, reviews, commits."""

from __future__ import annotations

from election_bot_demo.fakehub import serialise
from election_bot_demo.fakehub.actions import comments_on, pull_of
from election_bot_demo.fakehub.api import Request, Response, paginate
from election_bot_demo.fakehub.errors import validation_failed
from election_bot_demo.fakehub.handlers.common import repo_for
from election_bot_demo.fakehub.model import Issue

MAX_FILES = 3000  # GitHub lists at most 3000 files of a pull request
MAX_COMMITS = 250


def list_pulls(req: Request) -> Response:
    repo = repo_for(req)
    state = req.arg("state", "open")
    if state not in ("open", "closed", "all"):
        raise validation_failed("PullRequest", "state", "invalid")
    sort = req.arg("sort", "created")
    if sort not in ("created", "updated", "popularity", "long-running"):
        raise validation_failed("PullRequest", "sort", "invalid")
    direction = req.arg("direction", "desc" if sort == "created" else "asc")
    head, base = req.arg("head"), req.arg("base")
    pulls = [i for i in repo.issues.values() if i.pull is not None and state in ("all", i.state)]
    if base is not None:
        pulls = [i for i in pulls if i.pull is not None and i.pull.base_ref == base]
    if head is not None:
        pulls = [i for i in pulls if _head_label(req, i).lower() == head.lower()]

    def key(i: Issue) -> tuple[object, int]:
        if sort == "updated":
            return (i.updated_at, i.number)
        if sort == "popularity":
            return (len(comments_on(repo, i.number)), i.number)
        if sort == "long-running":
            return ((i.updated_at - i.created_at), i.number)
        return (i.created_at, i.number)

    pulls.sort(key=key, reverse=direction == "desc")
    return paginate(req, pulls, lambda i: serialise.pull(req.urls, req.state, repo, i, full=False))


def _head_label(req: Request, issue: Issue) -> str:
    assert issue.pull is not None
    owner = issue.pull.head_repo.split("/", 1)[0]
    return f"{owner}:{issue.pull.head_ref}"


def get_pull(req: Request) -> Response:
    repo = repo_for(req)
    issue, _ = pull_of(repo, req.int_param("number"))
    return Response(200, serialise.pull(req.urls, req.state, repo, issue))


def pull_files(req: Request) -> Response:
    repo = repo_for(req)
    _, pull = pull_of(repo, req.int_param("number"))
    return paginate(
        req, pull.files, lambda c: serialise.file_change(req.urls, req.state, pull, c), limit=MAX_FILES
    )


def pull_reviews(req: Request) -> Response:
    repo = repo_for(req)
    number = req.int_param("number")
    _, pull = pull_of(repo, number)
    return paginate(req, pull.reviews, lambda r: serialise.review(req.urls, req.state, repo, number, r))


def pull_commits(req: Request) -> Response:
    repo = repo_for(req)
    _, pull = pull_of(repo, req.int_param("number"))
    commits = [repo.commits[sha] for sha in pull.commits]
    return paginate(req, commits, lambda c: serialise.commit(req.urls, req.state, repo, c), limit=MAX_COMMITS)
