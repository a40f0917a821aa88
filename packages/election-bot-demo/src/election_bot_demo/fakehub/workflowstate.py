"""A repository's GitHub Actions workflows in the stand-in: which exist, whether each is enabled, what
starts a run. The stand-in records runs; it never executes them (a test runs the command itself).

Sources:

- https://docs.github.com/en/rest/actions/workflows: list, get (by id or file name), enable, disable,
  dispatch; `state` is one of active, deleted, disabled_fork, disabled_inactivity, disabled_manually.
- https://docs.github.com/en/actions/how-tos/manage-workflow-runs/disable-and-enable-workflows (warning
  box) and events-that-trigger-workflows#schedule: "In a public repository, scheduled workflows are
  automatically disabled when no repository activity has occurred in 60 days." Disabling "allows you to
  stop a workflow from being triggered": the state belongs to the file, so a disabled workflow runs on no
  trigger at all (push, workflow_dispatch and the rest stop with the schedule).
- Dispatching a disabled workflow: 422 "Cannot trigger a 'workflow_dispatch' on a disabled workflow"; a
  workflow without the trigger: 422 "Workflow does not have 'workflow_dispatch' trigger" (both as field
  reports quote GitHub's answers: benc-uk/workflow-dispatch#72, elastic/terraform-provider-elasticstack#1829).
- https://docs.github.com/en/actions/how-tos/write-workflows/choose-when-workflows-run/trigger-a-workflow,
  "Triggering a workflow from a workflow": events caused by GITHUB_TOKEN start no run, "with the exception
  of workflow_dispatch and repository_dispatch".

Assumptions where GitHub is vague (docs/development/stand-in-rules.md lists them):

- "Repository activity" is a commit pushed to any branch of the repository (keep-alive actions push commits
  for this reason); issues, comments, reviews, API reads and dispatches are not activity.
- The 60 days count from the last activity, or from when the workflow was added or last enabled if later:
  enabling a workflow gives it 60 more days. A later push does not re-enable a disabled workflow.
- The registry follows the files under .github/workflows on the default branch.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any, Final

from election_bot_demo.fakehub import workflowfiles
from election_bot_demo.fakehub.errors import ApiError, not_found
from election_bot_demo.fakehub.gitmodel import Commit
from election_bot_demo.fakehub.model import Repo, Workflow, WorkflowRun
from election_bot_demo.fakehub.state import HubState
from election_bot_demo.fakehub.workflowfiles import WorkflowError, WorkflowFile, WorkflowSource

INACTIVITY: Final = timedelta(days=60)
DISPATCH_DISABLED: Final = "Cannot trigger a 'workflow_dispatch' on a disabled workflow"
DISPATCH_NO_TRIGGER: Final = "Workflow does not have 'workflow_dispatch' trigger"
GITHUB_TOKEN_EXCEPTIONS: Final = frozenset({"workflow_dispatch", "repository_dispatch"})


def _is_workflow_path(path: str) -> bool:
    folder, _, name = path.rpartition("/")
    return folder == workflowfiles.WORKFLOWS_DIR and name.endswith((".yml", ".yaml"))


def files_at(state: HubState, repo: Repo, ref: str | None = None) -> dict[str, str]:
    """The workflow files at `ref` (default: the default branch), by repository path."""
    commit = state.resolve(repo, ref)
    if commit is None:
        return {}
    return {
        path: entry.data.decode("utf-8", "replace")
        for path, entry in sorted(commit.tree.items())
        if _is_workflow_path(path)
    }


def source(state: HubState, repo: Repo, ref: str | None = None) -> WorkflowSource:
    return workflowfiles.source_of(files_at(state, repo, ref))


def remote(state: HubState) -> workflowfiles.RemoteSource:
    """Reusable workflows in other repositories of the hub (`owner/repo/path@ref`)."""

    def read(full_name: str, path: str, ref: str) -> str | None:
        owner, _, name = full_name.partition("/")
        other = state.find_repo(owner, name)
        commit = state.resolve(other, ref) if other is not None else None
        entry = commit.tree.get(path) if commit is not None else None
        return entry.data.decode("utf-8", "replace") if entry is not None else None

    return read


def _parsed(path: str, text: str) -> WorkflowFile | None:
    try:
        parsed = workflowfiles.parse(text, path)
        parsed.triggers  # noqa: B018 - a file without `on:` is not a runnable workflow
    except WorkflowError:
        return None
    return parsed


def _added_at(state: HubState, repo: Repo, path: str) -> datetime:
    """When the file reached the default branch: the oldest commit on the first-parent line that has it."""
    commit: Commit | None = state.resolve(repo, None)
    added = state.now()
    while commit is not None and path in commit.tree:
        added = commit.date
        commit = repo.commits.get(commit.parents[0]) if commit.parents else None
    return added


def _inactive_since(repo: Repo, workflow: Workflow, now: datetime) -> datetime | None:
    """When 60 days without activity ran out for this workflow, if they have."""
    last = workflow.enabled_at
    for when in sorted(t for t in repo.activity if workflow.enabled_at < t <= now):
        if when - last >= INACTIVITY:
            return last + INACTIVITY
        last = when
    return last + INACTIVITY if now - last >= INACTIVITY else None


def sync(state: HubState, repo: Repo) -> list[Workflow]:
    """Bring the registry up to date with the default branch and the clock; every workflow, by id."""
    now = state.now()
    files = files_at(state, repo)
    for path, text in files.items():
        parsed = _parsed(path, text)
        name = parsed.name if parsed is not None else path
        known = repo.workflows.get(path)
        if known is None:
            added = _added_at(state, repo, path)
            repo.workflows[path] = Workflow(
                id=state.next_id("workflow"),
                path=path,
                name=name,
                state="active",
                created_at=added,
                updated_at=added,
                enabled_at=added,
            )
        else:
            known.name = name
            if known.state == "deleted":
                known.state, known.updated_at, known.enabled_at = "active", now, now
    for path, known in repo.workflows.items():
        if path not in files and known.state != "deleted":
            known.state, known.updated_at = "deleted", now
    if not repo.private:
        for path, known in repo.workflows.items():
            parsed = _parsed(path, files[path]) if path in files else None
            if known.state != "active" or parsed is None or not parsed.schedules:
                continue
            since = _inactive_since(repo, known, now)
            if since is not None:
                known.state, known.updated_at = "disabled_inactivity", since
    return sorted(repo.workflows.values(), key=lambda w: w.id)


def find(state: HubState, repo: Repo, ident: str) -> Workflow:
    """By numeric id or by file name ("phases.yml"), as the API's `workflow_id` accepts."""
    for workflow in sync(state, repo):
        if str(workflow.id) == ident or workflow.path.rpartition("/")[2] == ident or workflow.path == ident:
            return workflow
    raise not_found()


def enable(state: HubState, workflow: Workflow) -> None:
    if workflow.state != "active":
        now = state.now()
        workflow.state, workflow.updated_at, workflow.enabled_at = "active", now, now


def disable(state: HubState, workflow: Workflow) -> None:
    if workflow.state not in ("disabled_manually", "deleted"):
        workflow.state, workflow.updated_at = "disabled_manually", state.now()


def _run(
    state: HubState, repo: Repo, workflow: Workflow, event: str, ref: str, inputs: Mapping[str, Any]
) -> WorkflowRun:
    run = WorkflowRun(
        id=state.next_id("run"),
        workflow_path=workflow.path,
        event=event,
        created_at=state.now(),
        ref=ref,
        inputs=dict(inputs),
    )
    repo.workflow_runs.append(run)
    return run


def trigger(
    state: HubState,
    repo: Repo,
    event: str,
    *,
    action: str | None = None,
    branch: str | None = None,
    changed_paths: Iterable[str] | None = None,
    by_github_token: bool = False,
    source_workflow: str | None = None,
) -> list[WorkflowRun]:
    """The runs an event starts: one per active workflow whose triggers and filters accept it. A disabled
    workflow starts none; an event caused by GITHUB_TOKEN starts none but a dispatch."""
    workflows = sync(state, repo)
    if by_github_token and event not in GITHUB_TOKEN_EXCEPTIONS:
        return []
    files = files_at(state, repo)
    paths = list(changed_paths) if changed_paths is not None else None
    runs: list[WorkflowRun] = []
    for workflow in workflows:
        parsed = _parsed(workflow.path, files.get(workflow.path, ""))
        if workflow.state != "active" or parsed is None:
            continue
        if parsed.triggered_by(
            event, action=action, branch=branch, changed_paths=paths, source_workflow=source_workflow
        ):
            runs.append(_run(state, repo, workflow, event, branch or repo.default_branch, {}))
    return runs


def dispatch(
    state: HubState, repo: Repo, workflow: Workflow, ref: str, inputs: Mapping[str, Any]
) -> WorkflowRun:
    """POST .../dispatches: the file at `ref` must have the trigger and the workflow must be enabled."""
    if state.resolve(repo, ref) is None:
        raise ApiError(422, f"No ref found for: {ref}")
    sync(state, repo)
    if workflow.state != "active":
        raise ApiError(422, DISPATCH_DISABLED)
    text = files_at(state, repo, ref).get(workflow.path)
    parsed = _parsed(workflow.path, text) if text is not None else None
    if parsed is None or "workflow_dispatch" not in parsed.triggers:
        raise ApiError(422, DISPATCH_NO_TRIGGER)
    config = parsed.triggers["workflow_dispatch"]
    declared = config.get("inputs") if isinstance(config, Mapping) else None
    declared = declared if isinstance(declared, Mapping) else {}
    unexpected = sorted(set(inputs) - set(declared))
    if unexpected:
        raise ApiError(422, f"Unexpected inputs provided: {unexpected}".replace("'", '"'))
    for name, spec in declared.items():
        if (
            isinstance(spec, Mapping)
            and spec.get("required") is True
            and "default" not in spec
            and name not in inputs
        ):
            raise ApiError(422, f"Required input '{name}' not provided")
    return _run(state, repo, workflow, "workflow_dispatch", ref, inputs)
