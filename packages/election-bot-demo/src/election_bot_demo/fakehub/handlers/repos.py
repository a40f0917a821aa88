"""GET /repos/{owner}/{repo} and the collaborator permission check."""

from __future__ import annotations

from election_bot_demo.fakehub import access, serialise
from election_bot_demo.fakehub.api import Request, Response
from election_bot_demo.fakehub.errors import ApiError, no_push_access_for_permission
from election_bot_demo.fakehub.handlers.common import repo_for


def get_repo(req: Request) -> Response:
    repo = repo_for(req)
    return Response(200, serialise.repository(req.urls, req.state, repo, full=True))


def collaborator_permission(req: Request) -> Response:
    repo = repo_for(req)
    if not access.has_push_access(req.state, repo, req.actor):
        raise no_push_access_for_permission()
    user = req.state.find_user(req.params["username"])
    if user is None:
        raise ApiError(404, "Not Found")
    return Response(200, serialise.collaborator_permission(req.urls, req.state, repo, user))
