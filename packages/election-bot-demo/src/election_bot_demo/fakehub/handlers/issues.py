"""Issues: list (which includes pull requests, as on GitHub), create, get, edit, events."""

from __future__ import annotations

from election_bot_demo.fakehub import access, actions, serialise
from election_bot_demo.fakehub.api import Request, Response, paginate, parse_time
from election_bot_demo.fakehub.errors import validation_failed
from election_bot_demo.fakehub.handlers.common import issue_for, repo_for, string_list
from election_bot_demo.fakehub.model import Issue


def list_issues(req: Request) -> Response:
    repo = repo_for(req)
    state = req.arg("state", "open")
    if state not in ("open", "closed", "all"):
        raise validation_failed("Issue", "state", "invalid")
    sort = req.arg("sort", "created")
    if sort not in ("created", "updated", "comments"):
        raise validation_failed("Issue", "sort", "invalid")
    direction = req.arg("direction", "desc")
    items = [i for i in repo.issues.values() if state in ("all", i.state)]
    labels = req.arg("labels")
    if labels:
        wanted = {name.strip().lower() for name in labels.split(",") if name.strip()}
        items = [i for i in items if wanted <= {n.lower() for n in i.labels}]
    creator = req.arg("creator")
    if creator:
        who = req.state.find_user(creator)
        items = [i for i in items if who is not None and i.author_id == who.id]
    since = req.arg("since")
    if since:
        after = parse_time(since, "since")
        items = [i for i in items if i.updated_at >= after]

    def key(i: Issue) -> tuple[object, int]:
        if sort == "updated":
            return (i.updated_at, i.number)
        if sort == "comments":
            return (len(actions.comments_on(repo, i.number)), i.number)
        return (i.created_at, i.number)

    items.sort(key=key, reverse=direction != "asc")
    return paginate(req, items, lambda i: serialise.issue(req.urls, req.state, repo, i))


def create_issue(req: Request) -> Response:
    repo = repo_for(req)
    if req.actor.read_only:
        access.require(req.state, repo, req.actor, "triage")
    title = req.required("title", str, resource="Issue")
    body = req.field("body", str, resource="Issue")
    labels = string_list(req.body.get("labels", [])) if isinstance(req.body, dict) else []
    if labels is None:
        raise validation_failed("Issue", "labels", "invalid")
    if not access.may(req.state, repo, req.actor, "triage"):
        labels = []  # GitHub silently drops labels from people who cannot triage
    issue = actions.create_issue(req.state, repo, req.actor.user, title, body, labels)
    out = serialise.issue(req.urls, req.state, repo, issue)
    return Response(201, out, {"Location": out["url"]})


def get_issue(req: Request) -> Response:
    repo = repo_for(req)
    return Response(200, serialise.issue(req.urls, req.state, repo, issue_for(req, repo)))


def edit_issue(req: Request) -> Response:
    repo = repo_for(req)
    issue = issue_for(req, repo)
    if issue.author_id != req.actor.user.id or req.actor.read_only:
        access.require(req.state, repo, req.actor, "triage")
    labels = None
    if req.has("labels"):
        labels = string_list(req.body["labels"])
        if labels is None:
            raise validation_failed("Issue", "labels", "invalid")
        if not access.may(req.state, repo, req.actor, "triage"):
            labels = None
        elif any(actions.find_label(repo, name) is None for name in labels):
            access.require_label_creation(req.state, req.actor)  # setting an unknown label creates it
    state = req.field("state", str, resource="Issue")
    reason = req.field("state_reason", str, resource="Issue")
    if state is not None and state not in ("open", "closed"):
        raise validation_failed("Issue", "state", "invalid")
    actions.edit_issue(
        req.state,
        repo,
        issue,
        req.actor.user,
        title=req.field("title", str, resource="Issue"),
        body=req.field("body", str, resource="Issue"),
        set_body=req.has("body"),
        new_state=state,
        state_reason=reason,
        labels=labels,
    )
    return Response(200, serialise.issue(req.urls, req.state, repo, issue))


def issue_events(req: Request) -> Response:
    repo = repo_for(req)
    issue = issue_for(req, repo)
    return paginate(req, issue.events, lambda e: serialise.event(req.urls, req.state, repo, e))
