"""Lookups every handler needs, with GitHub's answers for what is missing or hidden."""

from __future__ import annotations

from election_bot_demo.fakehub import access
from election_bot_demo.fakehub.actions import get_issue
from election_bot_demo.fakehub.api import Request
from election_bot_demo.fakehub.model import Issue, Repo


def repo_for(req: Request) -> Repo:
    """The repository in the path; a private one the actor cannot read is 404, as on GitHub."""
    repo = req.state.repo(req.params["owner"], req.params["repo"])
    access.require(req.state, repo, req.actor, "read")
    return repo


def issue_for(req: Request, repo: Repo) -> Issue:
    return get_issue(repo, req.int_param("number"))


def string_list(value: object) -> list[str] | None:
    """Label lists arrive as ["a", "b"] or [{"name": "a"}]; anything else is not a list of names."""
    if not isinstance(value, list):
        return None
    names: list[str] = []
    for item in value:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict) and isinstance(item.get("name"), str):
            names.append(item["name"])
        else:
            return None
    return names
