"""The Actions workflows API: list, get, enable, disable, dispatch (https://docs.github.com/en/rest/actions/workflows)."""

from __future__ import annotations

from typing import Any

from election_bot_demo.fakehub import serialise, workflowstate
from election_bot_demo.fakehub.api import Request, Response, paginate
from election_bot_demo.fakehub.errors import ApiError
from election_bot_demo.fakehub.handlers.common import repo_for
from election_bot_demo.fakehub.model import Repo, Workflow


def _workflow(req: Request, repo: Repo) -> Workflow:
    return workflowstate.find(req.state, repo, req.params["workflow_id"])


def list_workflows(req: Request) -> Response:
    repo = repo_for(req)
    items = workflowstate.sync(req.state, repo)
    page = paginate(req, items, lambda w: serialise.workflow(req.urls, req.state, repo, w))
    return Response(200, {"total_count": len(items), "workflows": page.body}, page.headers)


def get_workflow(req: Request) -> Response:
    repo = repo_for(req)
    return Response(200, serialise.workflow(req.urls, req.state, repo, _workflow(req, repo)))


def enable_workflow(req: Request) -> Response:
    repo = repo_for(req)
    workflowstate.enable(req.state, _workflow(req, repo))
    return Response(204)


def disable_workflow(req: Request) -> Response:
    repo = repo_for(req)
    workflowstate.disable(req.state, _workflow(req, repo))
    return Response(204)


def dispatch_workflow(req: Request) -> Response:
    """204 No Content; 200 with the run's id and URLs when `return_run_details` is true
    (https://github.blog/changelog/2026-02-19-workflow-dispatch-api-now-returns-run-ids)."""
    repo = repo_for(req)
    workflow = _workflow(req, repo)
    ref = req.field("ref", str, resource="Workflow")
    if ref is None:
        raise ApiError(422, 'Invalid request.\n\n"ref" wasn\'t supplied.')
    inputs: dict[str, Any] = req.field("inputs", dict, resource="Workflow") or {}
    details = req.field("return_run_details", bool, resource="Workflow") or False
    run = workflowstate.dispatch(req.state, repo, workflow, ref, inputs)
    if not details:
        return Response(204)
    name = req.state.full_name(repo)
    return Response(
        200,
        {
            "workflow_run_id": run.id,
            "run_url": f"{req.urls.api}/repos/{name}/actions/runs/{run.id}",
            "html_url": f"{req.urls.web}/{name}/actions/runs/{run.id}",
        },
    )
