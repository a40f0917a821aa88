"""Repository labels and the labels on an issue or pull request."""

from __future__ import annotations

from election_bot_demo.fakehub import access, actions, serialise
from election_bot_demo.fakehub.api import Request, Response, paginate
from election_bot_demo.fakehub.errors import ApiError, validation_failed
from election_bot_demo.fakehub.handlers.common import issue_for, repo_for, string_list
from election_bot_demo.fakehub.model import Issue, Repo

CREATE_DOCS = "https://docs.github.com/rest/issues/labels#create-a-label"


def list_labels(req: Request) -> Response:
    repo = repo_for(req)
    labels = sorted(repo.labels.values(), key=lambda lab: lab.name.lower())
    return paginate(req, labels, lambda lab: serialise.label(req.urls, req.state, repo, lab))


def create_label(req: Request) -> Response:
    repo = repo_for(req)
    access.require(req.state, repo, req.actor, "write")
    access.require_label_creation(req.state, req.actor, CREATE_DOCS)
    name = req.required("name", str, resource="Label")
    label = actions.create_label(
        req.state,
        repo,
        name,
        req.field("color", str, resource="Label"),
        req.field("description", str, resource="Label"),
    )
    out = serialise.label(req.urls, req.state, repo, label)
    return Response(201, out, {"Location": out["url"]})


def get_label(req: Request) -> Response:
    repo = repo_for(req)
    label = actions.find_label(repo, req.params["name"])
    if label is None:
        raise ApiError(404, "Not Found")
    return Response(200, serialise.label(req.urls, req.state, repo, label))


def _names(req: Request) -> list[str]:
    """POST/PUT accept a bare list of names or {"labels": [...]}."""
    raw = req.body.get("labels") if isinstance(req.body, dict) else req.body
    names = string_list(raw if raw is not None else [])
    if names is None:
        raise validation_failed("Label", "labels", "invalid")
    return names


def _creating(req: Request, repo: Repo, names: list[str]) -> list[str]:
    """Adding a label that does not exist creates it: the label-creation rule applies to that too."""
    if any(actions.find_label(repo, name) is None for name in names):
        access.require_label_creation(req.state, req.actor, CREATE_DOCS)
    return names


def _issue_labels(req: Request, repo: Repo, issue: Issue) -> Response:
    labels = actions.issue_labels(repo, issue)
    return Response(200, [serialise.label(req.urls, req.state, repo, lab) for lab in labels])


def add_labels(req: Request) -> Response:
    repo = repo_for(req)
    issue = issue_for(req, repo)
    access.require(req.state, repo, req.actor, "triage")
    actions.add_labels(req.state, repo, issue, _creating(req, repo, _names(req)), req.actor.user)
    return _issue_labels(req, repo, issue)


def set_labels(req: Request) -> Response:
    repo = repo_for(req)
    issue = issue_for(req, repo)
    access.require(req.state, repo, req.actor, "triage")
    actions.set_labels(req.state, repo, issue, _creating(req, repo, _names(req)), req.actor.user)
    return _issue_labels(req, repo, issue)


def remove_label(req: Request) -> Response:
    repo = repo_for(req)
    issue = issue_for(req, repo)
    access.require(req.state, repo, req.actor, "triage")
    actions.remove_label(req.state, repo, issue, req.params["name"], req.actor.user)
    return _issue_labels(req, repo, issue)
