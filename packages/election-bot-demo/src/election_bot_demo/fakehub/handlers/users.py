"""Users by login or numeric id, the authenticated user, and the rate limit."""

from __future__ import annotations

from election_bot_demo.fakehub import serialise
from election_bot_demo.fakehub.api import Request, Response
from election_bot_demo.fakehub.errors import ApiError


def get_user(req: Request) -> Response:
    user = req.state.user(req.params["username"])
    return Response(200, serialise.public_user(req.urls, req.state, user))


def get_user_by_id(req: Request) -> Response:
    """GET /user/{account_id}: undocumented in the OpenAPI description but served by GitHub."""
    user = req.state.users.get(req.int_param("account_id"))
    if user is None:
        raise ApiError(404, "Not Found")
    return Response(200, serialise.public_user(req.urls, req.state, user))


def get_authenticated_user(req: Request) -> Response:
    """An installation token (GITHUB_TOKEN) may not ask who it is."""
    if req.actor.installation:
        raise ApiError(403, "Resource not accessible by integration")
    return Response(200, serialise.public_user(req.urls, req.state, req.actor.user, view="private"))


def rate_limit(req: Request) -> Response:
    limit, remaining, reset = req.rate
    return Response(200, serialise.rate_limit(limit, remaining, reset))
