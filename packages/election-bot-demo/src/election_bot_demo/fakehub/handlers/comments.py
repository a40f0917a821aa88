"""Issue (and pull request) comments: list, create, get, edit, delete."""

from __future__ import annotations

from election_bot_demo.fakehub import access, actions, serialise
from election_bot_demo.fakehub.api import Request, Response, paginate, parse_time
from election_bot_demo.fakehub.handlers.common import issue_for, repo_for
from election_bot_demo.fakehub.model import Comment, Repo


def list_comments(req: Request) -> Response:
    repo = repo_for(req)
    issue = issue_for(req, repo)
    comments = actions.comments_on(repo, issue.number)
    since = req.arg("since")
    if since:
        after = parse_time(since, "since")
        comments = [c for c in comments if c.updated_at >= after]
    return paginate(req, comments, lambda c: serialise.comment(req.urls, req.state, repo, c))


def create_comment(req: Request) -> Response:
    repo = repo_for(req)
    issue = issue_for(req, repo)
    if req.actor.read_only:
        access.require(req.state, repo, req.actor, "triage")
    body = req.required("body", str, resource="IssueComment")
    comment = actions.add_comment(req.state, repo, issue, req.actor.user, body)
    out = serialise.comment(req.urls, req.state, repo, comment)
    return Response(201, out, {"Location": out["url"]})


def get_comment(req: Request) -> Response:
    repo = repo_for(req)
    comment = actions.get_comment(repo, req.int_param("id"))
    return Response(200, serialise.comment(req.urls, req.state, repo, comment))


def _may_change(req: Request, repo: Repo, comment: Comment) -> None:
    """Authors change their own comments; others need write access."""
    if comment.author_id != req.actor.user.id or req.actor.read_only:
        access.require(req.state, repo, req.actor, "write")


def edit_comment(req: Request) -> Response:
    repo = repo_for(req)
    comment = actions.get_comment(repo, req.int_param("id"))
    _may_change(req, repo, comment)
    body = req.required("body", str, resource="IssueComment")
    actions.edit_comment(req.state, repo, comment, body)
    return Response(200, serialise.comment(req.urls, req.state, repo, comment))


def delete_comment(req: Request) -> Response:
    repo = repo_for(req)
    comment = actions.get_comment(repo, req.int_param("id"))
    _may_change(req, repo, comment)
    actions.delete_comment(repo, comment)
    return Response(204)
