"""GitHub Actions workflow files, read for what the stand-in enforces: triggers, a job's GITHUB_TOKEN
permissions, and a job's concurrency.

Pure: a workflow source is a function from a repository path (".github/workflows/x.yml") to the file's text.
`load_directory` reads a checkout's files (read-only), `FakeHub.token_for_job` a stand-in repository's.

The permission rules, all from GitHub's documentation:

- https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#permissions (and
  `#jobsjob_idpermissions`): `permissions` at the top applies to every job, a job's own replaces it;
  "If you specify the access for any of these permissions, all of those that are not specified are set to
  none"; `read-all`, `write-all` and `{}` set every scope at once.
- https://docs.github.com/en/actions/reference/github_token-reference, "How permissions are calculated for a
  workflow job": the repository's (or organisation's) default applies when nothing is declared; then "for a
  pull request from a forked repository ... any write permissions are changed to read" (the table's column
  "Maximum access for pull requests from public forked repositories"); `pull_request_target` is not
  downgraded ("Permissions for the GITHUB_TOKEN"); metadata is always read.
- https://docs.github.com/en/actions/reference/workflows-and-actions/reusing-workflow-configurations: "The
  GITHUB_TOKEN permissions passed from the caller workflow can be only downgraded (not elevated) by the
  called workflow"; a called job that declares nothing gets the caller job's permissions. GitHub checks
  every job of the called workflow against the caller's grant before anything runs and fails the run
  ("startup_failure") with "The nested job '<job>' is requesting '<...>', but is only allowed '<...>'."
  (the wording as field reports quote it, e.g. cpp-linter/cpp-linter-action#335).

The stand-in's default, when a workflow declares no permissions, is GitHub's *restricted* default (contents
and packages read, metadata read): what new repositories and organisations get, and the safe reading.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal, cast

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from election_bot_demo.fakehub.tokens import (
    FORK_MAXIMUM,
    LEVELS,
    RESTRICTED_DEFAULT,
    Level,
    Permissions,
    at_least,
    freeze,
    level_of,
    lowest,
)

WORKFLOWS_DIR: Final = ".github/workflows"

WorkflowSource = Callable[[str], str | None]
"""A repository path -> the file's text, None when there is no such file."""
RemoteSource = Callable[[str, str, str], str | None]
"""(owner/repo, path, ref) -> the text of a workflow in another repository, None when missing."""

# Workflow spelling -> the REST tables' spelling (tokens.py). The keys workflow files accept
# (workflow-syntax#permissions, "Defining access for the GITHUB_TOKEN scopes").
WORKFLOW_SCOPES: Final[Mapping[str, str]] = {
    "actions": "actions",
    "artifact-metadata": "artifact_metadata",
    "attestations": "attestations",
    "checks": "checks",
    "contents": "contents",
    "deployments": "deployments",
    "discussions": "discussions",
    "id-token": "id_token",
    "issues": "issues",
    "models": "models",
    "packages": "packages",
    "pages": "pages",
    "pull-requests": "pull_requests",
    "repository-projects": "repository_projects",
    "security-events": "security_events",
    "statuses": "statuses",
}
_WORKFLOW_SPELLING: Final = {token: workflow for workflow, token in WORKFLOW_SCOPES.items()}

#: Events whose runs for a pull request from a fork get a read-only token (github_token-reference, "How
#: permissions are calculated for a workflow job"). `pull_request_target` is the documented exception.
FORK_DOWNGRADED_EVENTS: Final = frozenset(
    {"pull_request", "pull_request_review", "pull_request_review_comment"}
)
#: Activity types a pull_request(_target) trigger without `types:` runs on (events-that-trigger-workflows,
#: "pull_request": "By default, a workflow only runs when a pull_request event's activity type is opened,
#: synchronize, or reopened").
DEFAULT_PULL_REQUEST_TYPES: Final = frozenset({"opened", "synchronize", "reopened"})
_BRANCH_FILTERED: Final = frozenset({"push", "pull_request", "pull_request_target"})
QueueMode = Literal["single", "max"]


class WorkflowError(ValueError):
    """A workflow file GitHub would not accept, or a question it cannot answer (an unknown job)."""


class StartupFailureError(WorkflowError):
    """GitHub would not start the run at all (the run's conclusion is `startup_failure`)."""


def _yaml() -> YAML:
    yaml = YAML(typ="safe", pure=True)
    yaml.version = (1, 2)  # `on:` stays the string "on" (YAML 1.1 would read a boolean)
    return yaml


def workflow_path(name: str) -> str:
    """ "phases.yml" or ".github/workflows/phases.yml" -> the repository path."""
    name = name.removeprefix("./")
    return name if "/" in name else f"{WORKFLOWS_DIR}/{name}"


def load_directory(root: Path) -> dict[str, str]:
    """Every workflow file of a checkout (`root` is the repository root), by repository path. Read-only."""
    folder = root / WORKFLOWS_DIR
    return {
        f"{WORKFLOWS_DIR}/{path.name}": path.read_text(encoding="utf-8")
        for path in sorted(folder.iterdir())
        if path.is_file() and path.suffix in (".yml", ".yaml")
    }


def source_of(files: Mapping[str, str]) -> WorkflowSource:
    return files.get


# -- permissions ----------------------------------------------------------------------------------------------


def _all(level: Level) -> Permissions:
    """`read-all` / `write-all`: every scope at that level where the scope has it (id-token has no read,
    models no write), as the stand-in reads workflow-syntax#permissions."""
    out: dict[str, Level] = dict.fromkeys(WORKFLOW_SCOPES.values(), level)
    out["id_token"] = "write" if level == "write" else "none"
    out["models"] = "read"
    return freeze(out)


def parse_permissions(value: object, where: str) -> Permissions:
    """A `permissions:` value -> a token's permission set (unspecified scopes none, metadata read)."""
    if value == "read-all":
        return _all("read")
    if value == "write-all":
        return _all("write")
    if not isinstance(value, Mapping):
        raise WorkflowError(f"{where}: permissions must be read-all, write-all or a mapping, not {value!r}")
    levels: dict[str, Level] = {}
    for key, level in value.items():
        scope = WORKFLOW_SCOPES.get(str(key))
        if scope is None:
            raise WorkflowError(
                f"{where}: unknown permission {key!r}; GITHUB_TOKEN knows {', '.join(WORKFLOW_SCOPES)}"
            )
        if level not in LEVELS:
            raise WorkflowError(f"{where}: {key} must be read, write or none, not {level!r}")
        levels[scope] = cast(Level, level)
    return freeze(levels)


def describe(levels: Permissions, scopes: Iterable[str]) -> str:
    """'contents: read, pull-requests: write' in workflow spelling, as GitHub's start-up error lists them."""
    return ", ".join(f"{_WORKFLOW_SPELLING.get(s, s)}: {level_of(levels, s)}" for s in scopes)


# -- one workflow file ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Concurrency:
    """A `concurrency:` block (workflow or job level)."""

    group: str  # may hold ${{ }} expressions: `resolve` fills them
    cancel_in_progress: bool | str  # a str is an expression
    queue: QueueMode = "single"

    def resolve(self, context: Mapping[str, Any]) -> Concurrency:
        """The group and cancel-in-progress for one event (`context`: github, inputs, needs...)."""
        cancel = self.cancel_in_progress
        if isinstance(cancel, str):
            found = _EXPRESSION.fullmatch(cancel.strip())
            cancel = bool(evaluate(found[1], context)) if found else cancel.strip() == "true"
        return Concurrency(group=render(self.group, context), cancel_in_progress=cancel, queue=self.queue)


@dataclass(frozen=True)
class WorkflowFile:
    path: str
    doc: Mapping[str, Any]

    @property
    def name(self) -> str:
        """The `name:`, or the path, as the Actions API and UI show a workflow without one."""
        name = self.doc.get("name")
        return name if isinstance(name, str) and name else self.path

    @property
    def triggers(self) -> Mapping[str, Any]:
        on = self.doc.get("on")
        if isinstance(on, str):
            return {on: None}
        if isinstance(on, list):
            return {str(event): None for event in on}
        if isinstance(on, Mapping):
            return {str(event): config for event, config in on.items()}
        raise WorkflowError(f"{self.path}: `on:` names no event")

    @property
    def schedules(self) -> list[str]:
        entries = self.triggers.get("schedule") or []
        return [str(e["cron"]) for e in entries if isinstance(e, Mapping) and "cron" in e]

    @property
    def jobs(self) -> Mapping[str, Mapping[str, Any]]:
        jobs = self.doc.get("jobs")
        if not isinstance(jobs, Mapping) or not jobs:
            raise WorkflowError(f"{self.path}: no `jobs:`")
        return jobs

    def job(self, job_id: str) -> Mapping[str, Any]:
        found = self.jobs.get(job_id)
        if not isinstance(found, Mapping):
            raise WorkflowError(f"{self.path} has no job {job_id!r}; its jobs: {', '.join(self.jobs)}")
        return found

    def declared_permissions(self, job_id: str) -> Permissions | None:
        """The job's own `permissions:`, else the workflow's, else None (the default applies)."""
        job = self.job(job_id)
        if "permissions" in job:
            return parse_permissions(job["permissions"], f"{self.path} job {job_id}")
        if "permissions" in self.doc:
            return parse_permissions(self.doc["permissions"], self.path)
        return None

    def concurrency(self, job_id: str | None = None) -> Concurrency | None:
        """The job's `concurrency:` (or the workflow's, for job_id None).

        https://docs.github.com/en/actions/how-tos/write-workflows/choose-when-workflows-run/control-workflow-concurrency:
        `queue` is `single` (default) or `max`; "The combination of queue: max and cancel-in-progress: true
        is not allowed and results in a workflow validation error."
        """
        where = self.path if job_id is None else f"{self.path} job {job_id}"
        raw = self.doc.get("concurrency") if job_id is None else self.job(job_id).get("concurrency")
        if raw is None:
            return None
        if isinstance(raw, str):
            return Concurrency(group=raw, cancel_in_progress=False)
        if not isinstance(raw, Mapping) or not isinstance(raw.get("group"), str):
            raise WorkflowError(f"{where}: concurrency needs a group")
        cancel = raw.get("cancel-in-progress", False)
        if not isinstance(cancel, bool | str):
            raise WorkflowError(f"{where}: cancel-in-progress must be a boolean or an expression")
        queue = raw.get("queue", "single")
        if queue not in ("single", "max"):
            raise WorkflowError(f"{where}: queue must be single or max, not {queue!r}")
        if queue == "max" and cancel is True:
            raise WorkflowError(f"{where}: queue: max cannot be combined with cancel-in-progress: true")
        return Concurrency(group=raw["group"], cancel_in_progress=cancel, queue=cast(QueueMode, queue))

    def triggered_by(
        self,
        event: str,
        *,
        action: str | None = None,
        branch: str | None = None,
        changed_paths: Iterable[str] | None = None,
        source_workflow: str | None = None,
    ) -> bool:
        """Whether an event starts this workflow, with GitHub's filters
        (https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#onevent_nametypes,
        `#onpushpull_requestpull_request_targetpathspaths-ignore`, `#onpull_requestpull_request_targetbranchesbranches-ignore`,
        `#onworkflow_runbranchesbranches-ignore`). A filter the caller gives no value for is not evaluated."""
        triggers = self.triggers
        if event not in triggers or event == "workflow_call":
            return False
        config = triggers[event] if isinstance(triggers[event], Mapping) else {}
        if action is not None:
            types = config.get("types")
            if isinstance(types, str):
                types = [types]
            if types is not None and action not in types:
                return False
            pull_default = types is None and event in ("pull_request", "pull_request_target")
            if pull_default and action not in DEFAULT_PULL_REQUEST_TYPES:
                return False
        if branch is not None and event in _BRANCH_FILTERED:
            only_tags = ("tags" in config or "tags-ignore" in config) and not (
                "branches" in config or "branches-ignore" in config
            )
            if event == "push" and only_tags:
                return False  # "If you define only tags/tags-ignore ... the workflow won't run for branches"
            if "branches" in config and not matches_any(config["branches"], branch):
                return False
            if "branches-ignore" in config and matches_any(config["branches-ignore"], branch):
                return False
        if changed_paths is not None and event in _BRANCH_FILTERED:
            paths = list(changed_paths)
            if "paths" in config and not any(matches_any(config["paths"], p) for p in paths):
                return False
            if "paths-ignore" in config and all(matches_any(config["paths-ignore"], p) for p in paths):
                return False
        if source_workflow is not None and event == "workflow_run":
            wanted = config.get("workflows")
            if wanted is not None and source_workflow not in wanted:
                return False
        return True


def parse(text: str, path: str) -> WorkflowFile:
    try:
        doc = _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = f" line {mark.line + 1}" if mark is not None else ""
        raise WorkflowError(f"{path}{line}: not valid YAML ({exc.problem})") from None
    except YAMLError as exc:
        raise WorkflowError(f"{path}: not valid YAML ({exc})") from None
    if not isinstance(doc, Mapping):
        raise WorkflowError(f"{path}: a workflow is a mapping")
    return WorkflowFile(path=path, doc=doc)


def read(source: WorkflowSource, name: str) -> WorkflowFile:
    path = workflow_path(name)
    text = source(path)
    if text is None:
        raise WorkflowError(f"no workflow file {path}")
    return parse(text, path)


# -- a job's token ---------------------------------------------------------------------------------------------


def _called(source: WorkflowSource, remote: RemoteSource | None, uses: str, caller: str) -> WorkflowFile:
    """The workflow a `uses:` names: `./path` and `$/path` in the same repository (and commit), or
    `owner/repo/path@ref` in another."""
    for local in ("./", "$/"):
        if uses.startswith(local):
            return read(source, uses[len(local) :])
    found = re.fullmatch(r"([^/]+/[^/]+)/(.+?)@(.+)", uses)
    if found is None:
        raise WorkflowError(f"{caller}: cannot read `uses: {uses}`")
    if remote is None:
        raise WorkflowError(f"{caller}: `uses: {uses}` is in another repository; pass a remote source")
    text = remote(found[1], found[2], found[3])
    if text is None:
        raise WorkflowError(f"{caller}: `uses: {uses}` names no workflow file")
    return parse(text, f"{found[1]}/{found[2]}@{found[3]}")


def _check_nested(called: WorkflowFile, grant: Permissions) -> None:
    """GitHub's start-up check of a called workflow: no job may ask for more than the caller granted."""
    for job_id in called.jobs:
        wanted = called.declared_permissions(job_id)
        if wanted is None:
            continue
        over = sorted(
            (s for s, lvl in wanted.items() if s != "metadata" and not at_least(level_of(grant, s), lvl)),
            key=lambda s: _WORKFLOW_SPELLING.get(s, s),
        )
        if over:
            raise StartupFailureError(
                f"The nested job '{job_id}' is requesting '{describe(wanted, over)}', "
                f"but is only allowed '{describe(grant, over)}'."
            )


def job_permissions(
    source: WorkflowSource,
    workflow: str,
    job: str,
    *,
    event: str,
    from_fork: bool = False,
    default: Permissions = RESTRICTED_DEFAULT,
    fork_write_tokens: bool = False,
    remote: RemoteSource | None = None,
) -> Permissions:
    """The GITHUB_TOKEN permissions of `job` in `workflow` when `event` triggers it.

    `job` is a job id of `workflow`, or a path through reusable workflows: "check/check" is the job
    `check` of the workflow that the job `check` of `workflow` calls. `from_fork`: the event comes from a
    pull request whose head is a fork (ignored for events GitHub does not downgrade);
    `fork_write_tokens`: the repository setting "Send write tokens to workflows from pull requests".
    """
    chain = job.split("/")
    current = read(source, workflow)
    grant: Permissions | None = None
    for depth, job_id in enumerate(chain):
        declared = current.declared_permissions(job_id)
        if grant is None:
            effective = declared if declared is not None else default
        else:
            effective = lowest(declared, grant) if declared is not None else grant
        uses = current.job(job_id).get("uses")
        if depth == len(chain) - 1:
            if uses is not None:
                called = _called(source, remote, str(uses), current.path)
                raise WorkflowError(
                    f"job {job_id!r} of {current.path} calls {uses}; name the called job too: "
                    + ", ".join(f"'{job}/{j}'" for j in called.jobs)
                )
            grant = effective
            break
        if uses is None:
            raise WorkflowError(f"job {job_id!r} of {current.path} calls no reusable workflow")
        called = _called(source, remote, str(uses), current.path)
        _check_nested(called, effective)
        grant, current = effective, called
    assert grant is not None
    if from_fork and event in FORK_DOWNGRADED_EVENTS and not fork_write_tokens:
        grant = lowest(grant, FORK_MAXIMUM)
    return freeze(grant)


def job_concurrency(
    source: WorkflowSource, workflow: str, job: str, *, remote: RemoteSource | None = None
) -> Concurrency | None:
    """The `concurrency:` of `job` in `workflow` as its file declares it (`job` as in job_permissions:
    "check/check" goes through the reusable workflow the caller's job `check` calls), None when the job
    has none. A job in a called workflow is queued by its own block: concurrency is not inherited from the
    caller's job (reusing-workflow-configurations, "Supported keywords for jobs that call a reusable
    workflow" lists `concurrency` among the caller's own keys)."""
    *through, last = job.split("/")
    current = read(source, workflow)
    for job_id in through:
        uses = current.job(job_id).get("uses")
        if uses is None:
            raise WorkflowError(f"job {job_id!r} of {current.path} calls no reusable workflow")
        current = _called(source, remote, str(uses), current.path)
    return current.concurrency(last)


# -- filters and expressions -------------------------------------------------------------------------------------


def _glob(pattern: str) -> re.Pattern[str]:
    """GitHub's filter patterns (workflow-syntax, "Filter pattern cheat sheet"): `*` any characters but
    `/`, `**` any characters, `?` and `+` apply to the preceding character, `[...]` a class."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if ch == "*":
            out.append("[^/]*")
        elif ch in "?+":
            out.append(ch)
        elif ch == "[":
            end = pattern.find("]", i)
            if end == -1:
                out.append(re.escape(ch))
            else:
                out.append(pattern[i : end + 1])
                i = end
        else:
            out.append(re.escape(ch))
        i += 1
    return re.compile("".join(out))


def matches_any(patterns: object, value: str) -> bool:
    """A filter list: the last pattern that matches decides; `!pattern` excludes."""
    items = [patterns] if isinstance(patterns, str) else list(patterns) if isinstance(patterns, list) else []
    decided = False
    for raw in items:
        pattern = str(raw)
        negated = pattern.startswith("!")
        if _glob(pattern[1:] if negated else pattern).fullmatch(value):
            decided = not negated
    return decided


_EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}")


def evaluate(expression: str, context: Mapping[str, Any]) -> Any:
    """A small subset of GitHub's expressions, enough for concurrency groups: property paths
    (`github.event.pull_request.number`), string and number literals, joined by `||` (the first truthy
    value). Anything else raises WorkflowError rather than guessing."""
    for alternative in expression.split("||"):
        term = alternative.strip()
        value: Any
        if re.fullmatch(r"'(?:[^']|'')*'", term):
            value = term[1:-1].replace("''", "'")
        elif re.fullmatch(r"-?\d+(\.\d+)?", term):
            value = float(term) if "." in term else int(term)
        elif term in ("true", "false"):
            value = term == "true"
        elif re.fullmatch(r"[A-Za-z_][\w-]*(\.[\w-]+)*", term):
            value = context
            for part in term.split("."):
                value = value.get(part) if isinstance(value, Mapping) else None
        else:
            raise WorkflowError(f"the stand-in cannot evaluate the expression {expression.strip()!r}")
        if value not in (None, "", 0, False):
            return value
    return ""


def render(template: str, context: Mapping[str, Any]) -> str:
    """Fill every ${{ }} of a string (a concurrency group) from `context` (github, inputs, needs...)."""

    def fill(found: re.Match[str]) -> str:
        value = evaluate(found[1], context)
        if isinstance(value, bool):
            return str(value).lower()
        return str(value)

    return _EXPRESSION.sub(fill, template)
