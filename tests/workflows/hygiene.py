"""Structural security rules for GitHub Actions workflows (ARCHITECTURE.md, security checklist 1 and 3).

Each `check_*` function takes one parsed workflow and returns its violations; `violations()` runs them all.
The rules are deliberately stricter than zizmor where the design allows it (for example: no `${{` at all
inside `run:`), and they encode this project's decisions (docs/explanation/workflows.md) that no
linter knows about: privileged workflows check out the default branch explicitly, every writer is
serialised and never cancelled, secrets only inside an environment, suppressions only for the argued
trigger findings.

Reusable workflows (`on: workflow_call`) are judged twice: on their own, as privileged (a caller may be
`pull_request_target`), and as called by each caller in the same folder, with that caller's triggers; a
caller's job that `uses:` one grants no more than the called jobs ask for (WF012). The composite action in
`.github/actions/` is held to the rules that apply to steps (pinned `uses:`, no `${{` in `run:`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

# Triggers whose runs get the base repository's token (and secrets) while reacting to something an
# outsider controls: a pull request, a comment, or another workflow's run.
PRIVILEGED_TRIGGERS = frozenset({"pull_request_target", "issue_comment", "workflow_run"})
# Triggers whose runs execute the pull request's own code, so they must stay read-only and secret-free.
UNTRUSTED_CODE_TRIGGERS = frozenset({"pull_request", "pull_request_review", "pull_request_review_comment"})

PERMISSION_SCOPES = frozenset(
    {
        "actions",
        "attestations",
        "checks",
        "contents",
        "deployments",
        "discussions",
        "id-token",
        "issues",
        "models",
        "packages",
        "pages",
        "pull-requests",
        "repository-projects",
        "security-events",
        "statuses",
    }
)
PERMISSION_LEVELS = frozenset({"read", "write", "none"})
# The only scopes this project ever writes: comments/labels, check runs, announcement issues. Never code
# (contents), workflows (actions), packages, OIDC tokens (id-token) ...
# `actions: write`: the cut-off pass dispatches the nomination check (GITHUB_TOKEN's own events start no run;
# a dispatch is the documented exception), and nothing else.
WRITABLE_SCOPES = frozenset({"pull-requests", "checks", "issues", "actions"})
# ... except in a job that does nothing but publish: the site with GitHub's own Pages action (which needs
# `pages: write` and the OIDC token Pages asks for), or the release's distributions to PyPI with the
# Python Packaging Authority's action (the OIDC token of trusted publishing).
PUBLISHING_SCOPES = {
    "pages": (re.compile(r"^actions/deploy-pages@[0-9a-f]{40}$"),),
    "id-token": (
        re.compile(r"^actions/deploy-pages@[0-9a-f]{40}$"),
        re.compile(r"^actions/download-artifact@[0-9a-f]{40}$"),
        re.compile(r"^pypa/gh-action-pypi-publish@[0-9a-f]{40}$"),
    ),
}

TRUSTED_CHECKOUT_REF = "${{ github.event.repository.default_branch }}"
SHA_PINNED = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(?:/[^@\s]+)?@[0-9a-f]{40}$")
LOCAL_WORKFLOW = re.compile(r"^(?:\$|\.)/\.github/workflows/(?P<file>[A-Za-z0-9_.-]+\.ya?ml)$")
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?:\s+#\s*(?P<comment>.*))?$")
VERSION_COMMENT = re.compile(r"^v\d+(?:\.\d+){0,2}\b")
EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)
# Things that name the pull request's head: its branch, its commit, its repository, or its merge ref.
HEAD_REFERENCE = re.compile(
    r"pull_request\.head\.|github\.head_ref|workflow_run\.head_(?:branch|sha|repository)|refs/pull/|"
    r"\.merge_commit_sha|github\.event\.pull_request\.merge",
)
ARTIFACT_DOWNLOAD = re.compile(
    r"actions/download-artifact|dawidd6/action-download-artifact|gh\s+run\s+download"
)
SUPPRESSION = re.compile(r"#\s*zizmor:\s*ignore\[(?P<audits>[^\]]*)\](?P<rest>.*)$")
SUPPRESSIBLE = {"dangerous-triggers": PRIVILEGED_TRIGGERS}
MAX_TIMEOUT_MINUTES = 60


@dataclass(frozen=True, slots=True)
class Violation:
    code: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.code} {self.message}"


@dataclass(frozen=True, slots=True)
class Workflow:
    name: str
    text: str
    data: Mapping[Any, Any]
    folder: Path | None = None  # where sibling workflows are, for `uses: $/.github/workflows/...`
    caller_triggers: Mapping[str, Any] | None = None  # set when judged as called by a caller

    @property
    def reusable(self) -> bool:
        return "workflow_call" in self._own_triggers

    @property
    def _own_triggers(self) -> dict[str, Any]:
        on = self.data.get("on", self.data.get(True))  # YAML 1.1 readers turn `on` into True
        if isinstance(on, str):
            return {on: None}
        if isinstance(on, list):
            return {str(event): None for event in on}
        if isinstance(on, Mapping):
            return {str(k): v for k, v in on.items()}
        return {}

    @property
    def triggers(self) -> dict[str, Any]:
        """`on:` as a mapping of event name to its configuration (None when bare); for a reusable workflow
        judged as called, the caller's."""
        if self.caller_triggers is not None:
            return dict(self.caller_triggers)
        return self._own_triggers

    def called_by(self, caller: Workflow) -> Workflow:
        return Workflow(
            f"{self.name} (called by {caller.name})", self.text, self.data, self.folder, caller.triggers
        )

    def callee(self, job: Mapping[str, Any]) -> Workflow | None:
        """The reusable workflow a calling job names in this repository (`$/` or `./`), loaded."""
        ref = str(job.get("uses", ""))
        match = LOCAL_WORKFLOW.match(ref)
        path = self.folder / match["file"] if match and self.folder else None
        return load(path) if path is not None and path.is_file() else None

    @property
    def jobs(self) -> dict[str, Mapping[str, Any]]:
        jobs = self.data.get("jobs")
        if not isinstance(jobs, Mapping):
            return {}
        return {str(k): v for k, v in jobs.items() if isinstance(v, Mapping)}

    @property
    def privileged(self) -> bool:
        """A reusable workflow on its own counts as privileged: any caller may be."""
        return bool(PRIVILEGED_TRIGGERS & self.triggers.keys()) or (
            self.caller_triggers is None and self.reusable
        )

    @property
    def runs_untrusted_code(self) -> bool:
        return bool(UNTRUSTED_CODE_TRIGGERS & self.triggers.keys())


def parse(text: str, name: str, folder: Path | None = None) -> Workflow:
    # Pure-Python safe loader: YAML 1.2 (so `on` stays a string), duplicate keys are errors.
    data = YAML(typ="safe", pure=True).load(text)
    if not isinstance(data, Mapping):
        raise ValueError(f"{name}: a workflow must be a mapping")
    return Workflow(name, text, data, folder)


def load(path: Path) -> Workflow:
    return parse(path.read_text(encoding="utf-8"), path.name, path.parent)


def load_action(path: Path) -> Workflow:
    """A composite action as a one-job workflow (its steps), for the rules that apply to steps."""
    return parse_action(path.read_text(encoding="utf-8"), path.name)


def parse_action(text: str, name: str) -> Workflow:
    data = YAML(typ="safe", pure=True).load(text)
    runs = data.get("runs") if isinstance(data, Mapping) else None
    if not (isinstance(runs, Mapping) and runs.get("using") == "composite"):
        raise ValueError(f"{name}: only composite actions are expected here")
    return Workflow(
        name, text, {"jobs": {"runs": {"steps": runs.get("steps") or []}}, "inputs": data.get("inputs") or {}}
    )


def calling(job: Mapping[str, Any]) -> bool:
    """A job that calls a reusable workflow: it has no steps, timeout or runner of its own."""
    return "uses" in job


def steps(job: Mapping[str, Any]) -> Iterator[tuple[int, Mapping[str, Any]]]:
    for index, step in enumerate(job.get("steps") or []):
        if isinstance(step, Mapping):
            yield index, step


def _where(wf: Workflow, job: str | None = None, step: int | None = None) -> str:
    where = wf.name
    if job is not None:
        where += f" jobs.{job}"
    if step is not None:
        where += f" steps[{step}]"
    return where


def _is_checkout(step: Mapping[str, Any]) -> bool:
    return str(step.get("uses", "")).split("@")[0] == "actions/checkout"


def _job_writes(job: Mapping[str, Any]) -> bool:
    permissions = job.get("permissions")
    if isinstance(permissions, str):
        return permissions != "read-all"
    if isinstance(permissions, Mapping):
        return any(level == "write" for level in permissions.values())
    return True  # no permissions key: the repository default, which may be write


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


# --------------------------------------------------------------------------------------------------
# The rules
# --------------------------------------------------------------------------------------------------


def check_top_permissions(wf: Workflow) -> list[Violation]:
    """WF001: the workflow's default is no permissions at all; each job asks for its own."""
    permissions = wf.data.get("permissions", None)
    if not (isinstance(permissions, Mapping) and len(permissions) == 0):
        return [Violation("WF001", wf.name, f"top-level `permissions` must be `{{}}`, not {permissions!r}")]
    return []


def check_job_permissions(wf: Workflow) -> list[Violation]:
    """WF002: each job lists its permissions explicitly, as a mapping, and writes only where allowed."""
    found: list[Violation] = []
    for name, job in wf.jobs.items():
        where = _where(wf, name)
        if "permissions" not in job:
            found.append(Violation("WF002", where, "has no explicit `permissions`"))
            continue
        permissions = job["permissions"]
        if not isinstance(permissions, Mapping):
            found.append(
                Violation("WF002", where, f"`permissions: {permissions}` is not an explicit mapping")
            )
            continue
        for scope, level in permissions.items():
            if scope not in PERMISSION_SCOPES or level not in PERMISSION_LEVELS:
                found.append(Violation("WF002", where, f"unknown permission `{scope}: {level}`"))
            elif level == "write" and scope in PUBLISHING_SCOPES and _only_publishes(job, scope):
                continue
            elif level == "write" and scope in PUBLISHING_SCOPES and calling(job) and wf.callee(job):
                continue  # the called workflow's jobs are held to this rule themselves; WF012 the grant
            elif level == "write" and scope not in WRITABLE_SCOPES:
                found.append(Violation("WF002", where, f"`{scope}: write` is never needed by this bot"))
            elif level == "write" and wf.runs_untrusted_code:
                found.append(
                    Violation("WF002", where, f"`{scope}: write` in a workflow that runs pull-request code")
                )
    return found


def _only_publishes(job: Mapping[str, Any], scope: str) -> bool:
    """Every step is one of the publishing actions allowed this scope: nothing of ours runs there."""
    allowed = PUBLISHING_SCOPES[scope]
    all_steps = [step for _, step in steps(job)]
    return bool(all_steps) and all(
        set(step) <= {"name", "id", "uses", "with"}
        and any(pattern.match(str(step.get("uses", ""))) for pattern in allowed)
        for step in all_steps
    )


def check_pinned_uses(wf: Workflow) -> list[Violation]:
    """WF003: every action and reusable workflow is pinned to a full commit SHA, with a version comment."""
    found: list[Violation] = []
    for name, job in wf.jobs.items():
        refs: list[tuple[int | None, Any]] = [(None, job["uses"])] if "uses" in job else []
        refs += [(index, step["uses"]) for index, step in steps(job) if "uses" in step]
        for index, ref in refs:
            text = str(ref)
            if text.startswith(("./", "$/")):
                continue  # this repository: `$/` at the running commit, `./` the checked-out tree
            if text.startswith("docker://"):
                if not re.search(r"@sha256:[0-9a-f]{64}$", text):
                    found.append(
                        Violation("WF003", _where(wf, name, index), f"`{text}` is not pinned by digest")
                    )
            elif not SHA_PINNED.match(text):
                found.append(
                    Violation(
                        "WF003", _where(wf, name, index), f"`{text}` is not pinned to a 40-hex commit SHA"
                    )
                )
    for number, line in enumerate(wf.text.splitlines(), start=1):
        match = USES_LINE.match(line)
        if match is None or match["ref"].startswith(("./", "$/", "docker://")):
            continue
        if not VERSION_COMMENT.match((match["comment"] or "").strip()):
            found.append(
                Violation(
                    "WF003", f"{wf.name}:{number}", "a pinned `uses:` needs a version comment, e.g. # v4.2.2"
                )
            )
    return found


def check_run_expressions(wf: Workflow) -> list[Violation]:
    """WF004: no `${{ ... }}` inside `run:`; values reach the shell through `env:` (template injection)."""
    found: list[Violation] = []
    for name, job in wf.jobs.items():
        for index, step in steps(job):
            script = step.get("run")
            if not isinstance(script, str):
                continue
            for match in EXPRESSION.finditer(script):
                expression = match.group(1).strip()
                kind = (
                    "untrusted input"
                    if re.search(r"github\.event|head_ref|inputs\.", expression)
                    else "expression"
                )
                found.append(
                    Violation(
                        "WF004",
                        _where(wf, name, index),
                        f"{kind} `${{{{ {expression} }}}}` inside `run:`; pass it through `env:`",
                    )
                )
    return found


def check_checkouts(wf: Workflow) -> list[Violation]:
    """WF005: checkouts never persist credentials and never fetch the pull request's head; in privileged
    workflows they name the default branch explicitly and the base repository only."""
    found: list[Violation] = []
    for name, job in wf.jobs.items():
        for index, step in steps(job):
            if not _is_checkout(step):
                continue
            where = _where(wf, name, index)
            options = step.get("with") or {}
            if not isinstance(options, Mapping):
                options = {}
            if options.get("persist-credentials") is not False:
                found.append(Violation("WF005", where, "checkout without `persist-credentials: false`"))
            ref = str(options.get("ref", ""))
            if HEAD_REFERENCE.search(ref) or re.search(r"\bhead\b|\bmerge\b", ref):
                found.append(Violation("WF005", where, f"checkout of the pull request's head (`ref: {ref}`)"))
            if wf.privileged:
                if ref != TRUSTED_CHECKOUT_REF:
                    found.append(
                        Violation(
                            "WF005", where, f"a privileged checkout must say `ref: {TRUSTED_CHECKOUT_REF}`"
                        )
                    )
                repository = options.get("repository")
                if repository not in (None, "${{ github.repository }}"):
                    found.append(Violation("WF005", where, f"checkout of another repository ({repository})"))
    return found


def check_privileged_inputs(wf: Workflow) -> list[Violation]:
    """WF006: a privileged workflow hands no action the pull request's head and downloads no artifact
    (an artifact of a pull request's run is attacker-controlled)."""
    if not wf.privileged:
        return []
    found: list[Violation] = []
    for name, job in wf.jobs.items():
        for index, step in steps(job):
            where = _where(wf, name, index)
            if ARTIFACT_DOWNLOAD.search(str(step.get("uses", ""))) or ARTIFACT_DOWNLOAD.search(
                str(step.get("run", ""))
            ):
                found.append(Violation("WF006", where, "downloads an artifact in a privileged workflow"))
            if "uses" in step and not _is_checkout(step):  # checkouts: WF005
                for value in _strings(step.get("with")):
                    if HEAD_REFERENCE.search(value):
                        found.append(
                            Violation("WF006", where, f"passes the pull request's head to an action: {value}")
                        )
    return found


def _concurrency(value: object) -> tuple[str, bool] | None:
    """(group, cancel-in-progress) or None when absent or malformed."""
    if isinstance(value, str) and value:
        return value, False
    if isinstance(value, Mapping) and isinstance(value.get("group"), str) and value["group"]:
        return value["group"], value.get("cancel-in-progress") is True
    return None


def check_concurrency(wf: Workflow) -> list[Violation]:
    """WF007: every job runs in a concurrency group; a job that writes is never cancelled half-way, and in
    a pull-request workflow its group is keyed by the pull request number."""
    found: list[Violation] = []
    workflow_level = _concurrency(wf.data.get("concurrency"))
    for name, job in wf.jobs.items():
        if calling(job):
            continue  # the called workflow's jobs hold the groups (one group on both sides would deadlock)
        where = _where(wf, name)
        job_level = _concurrency(job.get("concurrency"))
        effective = job_level or workflow_level
        if effective is None:
            found.append(Violation("WF007", where, "is not in any concurrency group"))
            continue
        if not _job_writes(job):
            continue
        group, cancel = effective
        if cancel:
            found.append(Violation("WF007", where, "writes but its group has `cancel-in-progress: true`"))
        per_pr = "pull_request_target" in wf.triggers or "issue_comment" in wf.triggers
        if per_pr and not re.search(
            r"pull_request\.number|issue\.number|needs\.[\w-]+\.outputs\.pr\b", group
        ):
            found.append(
                Violation("WF007", where, f"group `{group}` is not keyed by the pull request number")
            )
    return found


def check_timeouts(wf: Workflow) -> list[Violation]:
    """WF008: every job has a timeout (the default is six hours of a privileged token)."""
    found: list[Violation] = []
    for name, job in wf.jobs.items():
        if calling(job):
            continue  # GitHub allows no timeout on a calling job; the called jobs have theirs
        minutes = job.get("timeout-minutes")
        if not (isinstance(minutes, int) and 0 < minutes <= MAX_TIMEOUT_MINUTES):
            found.append(
                Violation("WF008", _where(wf, name), f"`timeout-minutes` must be 1..{MAX_TIMEOUT_MINUTES}")
            )
    return found


def check_triggers(wf: Workflow) -> list[Violation]:
    """WF009: privileged triggers are narrowed: explicit pull_request_target types, issue_comment only for
    `created` comments on pull requests, workflow_run only for completed runs of named workflows."""
    found: list[Violation] = []
    triggers = wf.triggers
    called = [callee for job in wf.jobs.values() if calling(job) and (callee := wf.callee(job))]
    conditions = " ".join(str(job.get("if", "")) for one in (wf, *called) for job in one.jobs.values())
    if "pull_request_target" in triggers:
        config = triggers["pull_request_target"]
        if not (isinstance(config, Mapping) and config.get("types")):
            found.append(Violation("WF009", wf.name, "pull_request_target must list its `types`"))
    if "issue_comment" in triggers:
        config = triggers["issue_comment"]
        if not (isinstance(config, Mapping) and config.get("types") == ["created"]):
            found.append(Violation("WF009", wf.name, "issue_comment must be `types: [created]` only"))
        if "github.event.issue.pull_request" not in conditions:
            found.append(
                Violation("WF009", wf.name, "issue_comment jobs must require a pull request comment")
            )
    if "workflow_run" in triggers:
        config = triggers["workflow_run"]
        if not (
            isinstance(config, Mapping) and config.get("workflows") and config.get("types") == ["completed"]
        ):
            found.append(
                Violation("WF009", wf.name, "workflow_run must name its `workflows`, `types: [completed]`")
            )
        if "github.event.workflow_run.event" not in conditions:
            found.append(
                Violation("WF009", wf.name, "workflow_run jobs must check which event caused the run")
            )
    return found


def check_secrets(wf: Workflow) -> list[Violation]:
    """WF010: secrets only by name, only in jobs bound to an environment, never where PR code runs."""
    found: list[Violation] = []
    for name, job in wf.jobs.items():
        where = _where(wf, name)
        if job.get("secrets") == "inherit":
            found.append(Violation("WF010", where, "`secrets: inherit` hands every secret over"))
        text = " ".join(_strings(dict(job)))
        if re.search(r"toJSON\(\s*secrets\s*\)", text, re.IGNORECASE):
            found.append(Violation("WF010", where, "`toJSON(secrets)` exposes every secret"))
        if re.search(r"\bsecrets\.", text):
            if wf.runs_untrusted_code:
                found.append(
                    Violation("WF010", where, "uses secrets in a workflow that runs pull-request code")
                )
            elif not job.get("environment"):
                found.append(Violation("WF010", where, "uses secrets outside a deployment environment"))
    return found


def check_suppressions(wf: Workflow) -> list[Violation]:
    """WF011: zizmor findings are suppressed only for the argued trigger audit, on those triggers' lines,
    each with a pointer to the argument in docs/explanation/workflows.md."""
    found: list[Violation] = []
    for number, line in enumerate(wf.text.splitlines(), start=1):
        match = SUPPRESSION.search(line)
        if match is None:
            continue
        where = f"{wf.name}:{number}"
        key = line.split(":", 1)[0].strip()
        for audit in (a.strip() for a in match["audits"].split(",")):
            if key not in SUPPRESSIBLE.get(audit, frozenset()):
                found.append(Violation("WF011", where, f"suppression of `{audit}` on `{key}` is not argued"))
        if "docs/explanation/workflows.md" not in match["rest"]:
            found.append(
                Violation(
                    "WF011",
                    where,
                    "a suppression must point to its argument in docs/explanation/workflows.md",
                )
            )
    return found


_LEVEL = {"none": 0, "read": 1, "write": 2}


def check_calls(wf: Workflow) -> list[Violation]:
    """WF012: a job that calls a reusable workflow of this repository names one that exists and is
    reusable, gives only inputs it declares (and every required one), and grants exactly the permissions
    its jobs ask for, no more."""
    found: list[Violation] = []
    for name, job in wf.jobs.items():
        if not calling(job) or not LOCAL_WORKFLOW.match(str(job["uses"])):
            continue
        where = _where(wf, name)
        callee = wf.callee(job)
        if callee is None or not callee.reusable:
            found.append(Violation("WF012", where, f"`{job['uses']}` is not a reusable workflow here"))
            continue
        config = callee._own_triggers.get("workflow_call") or {}
        declared = dict(config.get("inputs") or {}) if isinstance(config, Mapping) else {}
        given = dict(job.get("with") or {})
        for key in sorted(given.keys() - declared.keys()):
            found.append(Violation("WF012", where, f"input `{key}` is not declared by {callee.name}"))
        for key, spec in declared.items():
            if isinstance(spec, Mapping) and spec.get("required") and key not in given:
                found.append(Violation("WF012", where, f"required input `{key}` of {callee.name} is missing"))
        asked: dict[str, str] = {}
        for called_job in callee.jobs.values():
            for scope, level in dict(called_job.get("permissions") or {}).items():
                if _LEVEL.get(str(level), 0) > _LEVEL.get(asked.get(scope, "none"), 0):
                    asked[str(scope)] = str(level)
        granted = {str(k): str(v) for k, v in dict(job.get("permissions") or {}).items() if v != "none"}
        if granted != asked:
            found.append(
                Violation("WF012", where, f"grants {granted} but {callee.name} asks for exactly {asked}")
            )
    return found


CHECKS: tuple[Callable[[Workflow], list[Violation]], ...] = (
    check_top_permissions,
    check_job_permissions,
    check_pinned_uses,
    check_run_expressions,
    check_checkouts,
    check_privileged_inputs,
    check_concurrency,
    check_timeouts,
    check_triggers,
    check_secrets,
    check_suppressions,
    check_calls,
)
STEP_CHECKS = (check_pinned_uses, check_run_expressions)  # what applies to a composite action's steps


def violations(wf: Workflow) -> list[Violation]:
    """Every rule on `wf`, and on each reusable workflow it calls here, judged with `wf`'s triggers."""
    found = [v for check in CHECKS for v in check(wf)]
    for job in wf.jobs.values():
        if calling(job) and LOCAL_WORKFLOW.match(str(job["uses"])):
            callee = wf.callee(job)  # None: WF012 names it
            if callee is not None and callee.reusable:
                found += violations(callee.called_by(wf))
    return found


def action_violations(action: Workflow) -> list[Violation]:
    return [v for check in STEP_CHECKS for v in check(action)]
