"""Check runs: create, update (annotations accumulate, at most 50 per request), get, list for a ref. Apps only.

A check run belongs to the app whose installation token created it (`app` in GitHub's check-run object;
GITHUB_TOKEN's app is GitHub Actions, id 15368) and only that app may change it.
"""

from __future__ import annotations

from typing import Any, Final

from election_bot_demo.fakehub import serialise
from election_bot_demo.fakehub.api import Request, Response, parse_time
from election_bot_demo.fakehub.errors import ApiError, forbidden_for_integration, validation_failed
from election_bot_demo.fakehub.handlers.common import repo_for
from election_bot_demo.fakehub.model import CheckRun, Repo

MAX_ANNOTATIONS: Final = 50
STATUSES: Final = frozenset({"queued", "in_progress", "completed", "waiting", "requested", "pending"})
CONCLUSIONS: Final = frozenset(
    {"action_required", "cancelled", "failure", "neutral", "success", "skipped", "stale", "timed_out"}
)
LEVELS: Final = frozenset({"notice", "warning", "failure"})


def _require_app(req: Request) -> None:
    """Only GitHub Apps (GITHUB_TOKEN is one) may write check runs; checks:write was required by the route."""
    if not req.actor.installation:
        raise ApiError(403, "You must authenticate via a GitHub App.")
    if req.actor.read_only:
        raise forbidden_for_integration()


def _require_creator(req: Request, run: CheckRun) -> None:
    """Only the app that created a check run may update it. GitHub's answer as a field report quotes it
    (databricks/cli#4563): 403 "Invalid app_id '<id>' - check run can only be modified by the GitHub App
    that created it." The id in the message is taken to be the caller's app."""
    if run.app.id != req.actor.app.id:
        raise ApiError(
            403,
            f"Invalid app_id '{req.actor.app.id}' - check run can only be modified by the GitHub App that created it.",
        )


def _annotations(value: object) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise validation_failed("CheckRun", "annotations", "invalid")
    if len(value) > MAX_ANNOTATIONS:
        raise ApiError(
            422,
            "Validation Failed",
            errors=[
                {
                    "resource": "CheckRun",
                    "code": "custom",
                    "field": "annotations",
                    "message": f"Only {MAX_ANNOTATIONS} annotations are allowed per request",
                }
            ],
        )
    out: list[dict[str, Any]] = []
    for item in value:
        if not isinstance(item, dict):
            raise validation_failed("CheckRun", "annotations", "invalid")
        for key, kind in (("path", str), ("start_line", int), ("end_line", int), ("message", str)):
            if not isinstance(item.get(key), kind):
                raise validation_failed("CheckRun", f"annotations.{key}")
        if item.get("annotation_level") not in LEVELS:
            raise validation_failed("CheckRun", "annotations.annotation_level", "invalid")
        out.append(dict(item))
    return out


def _apply(req: Request, run: CheckRun, *, creating: bool) -> None:
    now = req.state.now()
    status = req.field("status", str, resource="CheckRun")
    conclusion = req.field("conclusion", str, resource="CheckRun")
    if status is not None and status not in STATUSES:
        raise validation_failed("CheckRun", "status", "invalid")
    if conclusion is not None and conclusion not in CONCLUSIONS:
        raise validation_failed("CheckRun", "conclusion", "invalid")
    if conclusion is not None:
        status = "completed"  # GitHub: providing a conclusion completes the run
    if status == "completed" and conclusion is None and run.conclusion is None:
        raise validation_failed("CheckRun", "conclusion")
    output = req.field("output", dict, resource="CheckRun")
    annotations: list[dict[str, Any]] = []
    if output is not None:
        for key in ("title", "summary"):
            if not isinstance(output.get(key), str):
                raise validation_failed("CheckRun", f"output.{key}")
        if "annotations" in output:
            annotations = _annotations(output["annotations"])
    started = req.field("started_at", str, resource="CheckRun")
    completed = req.field("completed_at", str, resource="CheckRun")
    started_at = parse_time(started, "started_at") if started is not None else None
    completed_at = parse_time(completed, "completed_at") if completed is not None else None
    texts = {key: req.field(key, str, resource="CheckRun") for key in ("name", "details_url", "external_id")}
    # Everything is valid: only now change the run, so a 422 leaves it as it was.
    for key, value in texts.items():
        if value is not None:
            setattr(run, key, value)
    if started_at is not None:
        run.started_at = started_at
    if status is not None:
        run.status = status
    if conclusion is not None:
        run.conclusion = conclusion
    if completed_at is not None:
        run.completed_at = completed_at
    elif run.status == "completed" and run.completed_at is None:
        run.completed_at = now
    if output is not None:
        run.title = output["title"]
        run.summary = output["summary"]
        run.text = (
            output.get("text") if isinstance(output.get("text"), str) else (None if creating else run.text)
        )
        run.annotations.extend(annotations)


def _run(repo: Repo, run_id: int) -> CheckRun:
    run = repo.check_runs.get(run_id)
    if run is None:
        raise ApiError(404, "Not Found")
    return run


def create_check_run(req: Request) -> Response:
    repo = repo_for(req)
    _require_app(req)
    name = req.required("name", str, resource="CheckRun")
    head_sha = req.required("head_sha", str, resource="CheckRun")
    if head_sha not in repo.commits:
        raise ApiError(422, f"No commit found for SHA: {head_sha}")
    suite = repo.check_suites.get(head_sha)
    if suite is None:
        suite = repo.check_suites[head_sha] = req.state.next_id("check_suite")
    run = CheckRun(
        id=req.state.next_id("check_run"),
        name=name,
        head_sha=head_sha,
        suite_id=suite,
        status="queued",
        conclusion=None,
        started_at=req.state.now(),
        completed_at=None,
        details_url=None,
        external_id=None,
        app=req.actor.app,
    )
    _apply(req, run, creating=True)
    repo.check_runs[run.id] = run
    return Response(201, serialise.check_run(req.urls, req.state, repo, run))


def update_check_run(req: Request) -> Response:
    repo = repo_for(req)
    _require_app(req)
    run = _run(repo, req.int_param("id"))
    _require_creator(req, run)
    _apply(req, run, creating=False)
    return Response(200, serialise.check_run(req.urls, req.state, repo, run))


def commit_check_runs(req: Request) -> Response:
    """GET /commits/{ref}/check-runs (https://docs.github.com/en/rest/checks/runs#list-check-runs-for-a-git-reference):
    `ref` is a sha, branch or tag; `check_name` and `status` filter; `app_id` keeps one app's runs;
    `filter=latest` (GitHub's default) keeps the most recent run of each name per app, `all` every one.
    Newest first. (GitHub ranks "most recent" by completion; the stand-in by creation, which is the same
    whenever runs complete in the order they were created.)"""
    repo = repo_for(req)
    commit = req.state.resolve(repo, req.params["ref"])
    sha = commit.sha if commit is not None else req.params["ref"]  # an unknown ref lists nothing
    name = req.arg("check_name")
    status = req.arg("status")
    if status is not None and status not in ("queued", "in_progress", "completed"):
        raise validation_failed("CheckRun", "status", "invalid")
    app_id = req.arg("app_id")
    if app_id is not None and not app_id.isdigit():
        raise validation_failed("CheckRun", "app_id", "invalid")
    which = req.arg("filter", "latest")
    if which not in ("latest", "all"):
        raise validation_failed("CheckRun", "filter", "invalid")
    runs = sorted(
        (
            r
            for r in repo.check_runs.values()
            if r.head_sha == sha
            and (name is None or r.name == name)
            and (status is None or r.status == status)
            and (app_id is None or r.app.id == int(app_id))
        ),
        key=lambda r: r.id,
        reverse=True,
    )
    if which == "latest":
        seen: set[tuple[int, str]] = set()
        kept: list[CheckRun] = []
        for run in runs:
            if (run.app.id, run.name) not in seen:
                seen.add((run.app.id, run.name))
                kept.append(run)
        runs = kept
    body = {
        "total_count": len(runs),
        "check_runs": [serialise.check_run(req.urls, req.state, repo, r) for r in runs],
    }
    return Response(200, body)


def get_check_run(req: Request) -> Response:
    repo = repo_for(req)
    return Response(200, serialise.check_run(req.urls, req.state, repo, _run(repo, req.int_param("id"))))
