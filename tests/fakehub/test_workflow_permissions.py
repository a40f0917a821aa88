"""A job's GITHUB_TOKEN is what its workflow files declare, with GitHub's rules (workflowfiles.py cites them):
this repository's own workflows (read, never written) and one small workflow text per rule."""

from __future__ import annotations

import textwrap

import pytest
from ruamel.yaml import YAML

from election_bot_demo.fakehub import (
    FORK_MAXIMUM,
    PERMISSIVE_DEFAULT,
    RESTRICTED_DEFAULT,
    FakeHub,
    StartupFailureError,
    WorkflowError,
    permissions,
)
from election_bot_demo.fakehub import workflowfiles as wf
from tests.fakehub.rawhttp import call
from tests.helpers.repo import REPO, ROOT

CHECK = "check/check"  # nomination-check.yml's job `check` calls reusable-nomination-check.yml's job `check`


def ours(workflow: str, job: str, event: str) -> dict[str, str]:
    files = wf.source_of(wf.load_directory(ROOT))
    return dict(wf.job_permissions(files, workflow, job, event=event))


def declared_block(workflow: str, job: str) -> dict[str, str]:
    """The `permissions:` mapping of a job, read with plain YAML, in the token's spelling."""
    doc = YAML(typ="safe").load((ROOT / ".github/workflows" / workflow).read_text(encoding="utf-8"))
    block = doc["jobs"][job]["permissions"]
    return {wf.WORKFLOW_SCOPES[k]: v for k, v in block.items() if v != "none"} | {"metadata": "read"}


# -- this repository's workflows ------------------------------------------------------------------------------


def test_the_nomination_check_job_gets_what_it_declares() -> None:
    """The called job declares no more than its caller grants, so it gets exactly its own block."""
    granted = ours("nomination-check.yml", CHECK, "pull_request_target")
    assert granted == declared_block("reusable-nomination-check.yml", "check")
    assert granted["checks"] == "write"
    assert granted["pull_requests"] == "write"
    assert granted["contents"] == "read"
    assert granted.get("administration") is None


def test_the_target_job_gets_only_its_read() -> None:
    granted = ours("nomination-check.yml", "check/target", "workflow_run")
    assert granted == declared_block("reusable-nomination-check.yml", "target")


def test_the_phases_jobs() -> None:
    assert ours("phases.yml", "phases/sync", "schedule") == declared_block("reusable-phases.yml", "sync")
    assert ours("phases.yml", "phases/dry-run", "workflow_dispatch") == declared_block(
        "reusable-phases.yml", "dry-run"
    )


def test_pull_request_target_from_a_fork_keeps_its_writes() -> None:
    """github_token-reference: pull_request_target gets "read/write repository permission, even when it is
    triggered from a public fork"."""
    fork = wf.job_permissions(
        wf.source_of(wf.load_directory(ROOT)),
        "nomination-check.yml",
        CHECK,
        event="pull_request_target",
        from_fork=True,
    )
    assert dict(fork) == ours("nomination-check.yml", CHECK, "pull_request_target")


def test_a_caller_job_must_name_the_called_job() -> None:
    with pytest.raises(WorkflowError, match="name the called job too: 'check/target', 'check/check'"):
        ours("nomination-check.yml", "check", "pull_request_target")


def test_a_token_minted_from_our_files_is_refused_what_the_job_lacks(fakehub: FakeHub) -> None:
    """The check job has no issues: write: on a private repository it cannot open an issue, and it can
    comment on a pull request (issues or pull_requests write)."""
    fakehub.add_repo("pypa/private", private=True)
    pr = fakehub.open_pull("pypa/private", "janedoe", {"nominations/2026/janedoe.md": b"x\n"})
    job = fakehub.token_for_job(
        "pypa/private", "nomination-check.yml", CHECK, event="pull_request_target", files=ROOT
    )
    assert dict(job.permissions) == ours("nomination-check.yml", CHECK, "pull_request_target")
    reply = call(fakehub.url, "POST", "/repos/pypa/private/issues", {"title": "x"}, token=job.token)
    assert (reply.status, reply.json()["message"]) == (403, "Resource not accessible by integration")
    reply = call(
        fakehub.url, "POST", f"/repos/pypa/private/issues/{pr}/comments", {"body": "Report"}, token=job.token
    )
    assert reply.status == 201
    record = fakehub.requests[-1]
    assert (record.run_id, record.job, record.login) == (job.run_id, CHECK, FakeHub.BOT_LOGIN)


def test_a_job_token_reads_the_stand_in_repositorys_own_files(fakehub: FakeHub) -> None:
    fakehub.add_workflows(REPO, ROOT)
    job = fakehub.token_for_job(REPO, "phases.yml", "phases/sync", event="schedule")
    assert dict(job.permissions) == declared_block("reusable-phases.yml", "sync")
    assert job.workflow == ".github/workflows/phases.yml"
    removed = (
        (ROOT / ".github/workflows/phases.yml")
        .read_text(encoding="utf-8")
        .replace("      issues: write        # the announcement issues (a dry run asks for read only)\n", "")
    )
    fakehub.add_workflows(REPO, {"phases.yml": removed})
    with pytest.raises(StartupFailureError, match="The nested job 'sync' is requesting 'issues: write'"):
        fakehub.token_for_job(REPO, "phases.yml", "phases/sync", event="schedule")


# -- each rule on a small workflow -----------------------------------------------------------------------------


def perms(text: str, job: str = "j", *, event: str = "push", **kwargs: object) -> dict[str, str]:
    files = {".github/workflows/w.yml": textwrap.dedent(text)}
    return dict(wf.job_permissions(wf.source_of(files), "w.yml", job, event=event, **kwargs))  # type: ignore[arg-type]


def test_top_level_permissions_apply_to_every_job() -> None:
    text = """
        on: push
        permissions: {contents: read, issues: write}
        jobs: {j: {runs-on: x, steps: []}}
    """
    assert perms(text) == {"contents": "read", "issues": "write", "metadata": "read"}


def test_a_jobs_own_permissions_replace_the_workflows() -> None:
    text = """
        on: push
        permissions: {contents: write, issues: write}
        jobs: {j: {runs-on: x, permissions: {pull-requests: read}, steps: []}}
    """
    assert perms(text) == {"pull_requests": "read", "metadata": "read"}


def test_unspecified_scopes_are_none_and_metadata_is_always_read() -> None:
    text = """
        on: push
        jobs: {j: {runs-on: x, permissions: {checks: write, statuses: none}, steps: []}}
    """
    assert perms(text) == {"checks": "write", "metadata": "read"}


def test_an_empty_block_grants_only_metadata() -> None:
    assert perms("on: push\npermissions: {}\njobs: {j: {runs-on: x, steps: []}}\n") == {"metadata": "read"}


def test_read_all_and_write_all() -> None:
    read_all = perms("on: push\npermissions: read-all\njobs: {j: {runs-on: x, steps: []}}\n")
    assert read_all["contents"] == read_all["pull_requests"] == read_all["actions"] == "read"
    assert "id_token" not in read_all
    write_all = perms("on: push\npermissions: write-all\njobs: {j: {runs-on: x, steps: []}}\n")
    assert write_all["issues"] == write_all["id_token"] == "write"
    assert write_all["models"] == "read"


def test_nothing_declared_gets_the_restricted_default() -> None:
    text = "on: push\njobs: {j: {runs-on: x, steps: []}}\n"
    assert (
        perms(text)
        == dict(RESTRICTED_DEFAULT)
        == {"contents": "read", "packages": "read", "metadata": "read"}
    )
    assert perms(text, default=PERMISSIVE_DEFAULT) == dict(PERMISSIVE_DEFAULT)


def test_a_fork_pull_request_gets_a_read_only_token() -> None:
    text = """
        on: pull_request
        permissions: {contents: write, pull-requests: write, id-token: write}
        jobs: {j: {runs-on: x, steps: []}}
    """
    fork = perms(text, event="pull_request", from_fork=True)
    assert fork == {"contents": "read", "pull_requests": "read", "metadata": "read"}
    assert set(fork) <= set(FORK_MAXIMUM)
    assert perms(text, event="pull_request")["contents"] == "write"  # not from a fork
    assert perms(text, event="pull_request", from_fork=True, fork_write_tokens=True)["contents"] == "write"
    assert perms(text, event="pull_request_target", from_fork=True)["contents"] == "write"


REUSABLE = """
    on: workflow_call
    permissions: {contents: read}
    jobs:
      narrow: {runs-on: x, permissions: {pull-requests: read}, steps: []}
      inherits: {runs-on: x, steps: []}
"""


def reusable(caller: str, job: str, called: str = REUSABLE) -> dict[str, str]:
    files = {
        ".github/workflows/caller.yml": textwrap.dedent(caller),
        ".github/workflows/called.yml": textwrap.dedent(called),
    }
    return dict(wf.job_permissions(wf.source_of(files), "caller.yml", job, event="push"))


CALLER = """
    on: push
    permissions: {}
    jobs:
      call:
        permissions: {contents: read, pull-requests: write}
        uses: ./.github/workflows/called.yml
"""


def test_a_called_job_gets_its_own_narrower_block() -> None:
    assert reusable(CALLER, "call/narrow") == {"pull_requests": "read", "metadata": "read"}


def test_a_called_workflows_own_top_level_block_applies_to_its_jobs() -> None:
    assert reusable(CALLER, "call/inherits") == {"contents": "read", "metadata": "read"}


def test_a_called_job_declaring_nothing_gets_the_callers_grant() -> None:
    called = "on: workflow_call\njobs: {inherits: {runs-on: x, steps: []}}\n"
    assert reusable(CALLER, "call/inherits", called) == {
        "contents": "read",
        "pull_requests": "write",
        "metadata": "read",
    }


def test_a_caller_declaring_nothing_grants_the_default() -> None:
    caller = "on: push\njobs: {call: {uses: $/.github/workflows/called.yml}}\n"
    called = "on: workflow_call\njobs: {inherits: {runs-on: x, steps: []}}\n"
    assert reusable(caller, "call/inherits", called) == dict(RESTRICTED_DEFAULT)


def test_a_called_job_asking_for_more_stops_the_whole_run() -> None:
    """GitHub checks every job of the called workflow before anything runs (startup_failure)."""
    called = """
        on: workflow_call
        jobs:
          fine: {runs-on: x, permissions: {contents: read}, steps: []}
          greedy: {runs-on: x, permissions: {contents: read, issues: write, pull-requests: write}, steps: []}
    """
    with pytest.raises(StartupFailureError) as caught:
        reusable(CALLER, "call/fine", called)
    assert str(caught.value) == (
        "The nested job 'greedy' is requesting 'issues: write', but is only allowed 'issues: none'."
    )


def test_a_reusable_workflow_in_another_repository(fakehub: FakeHub) -> None:
    fakehub.add_repo(
        "pypa/election-bot", files={".github/workflows/called.yml": textwrap.dedent(REUSABLE).encode()}
    )
    sha = fakehub.branch_sha("pypa/election-bot")
    caller = textwrap.dedent(CALLER).replace(
        "./.github/workflows/called.yml", f"pypa/election-bot/.github/workflows/called.yml@{sha}"
    )
    fakehub.add_workflows(REPO, {"caller.yml": caller})
    job = fakehub.token_for_job(REPO, "caller.yml", "call/narrow", event="push")
    assert dict(job.permissions) == {"pull_requests": "read", "metadata": "read"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "on: push\npermissions: {administration: read}\njobs: {j: {steps: []}}\n",
            "unknown permission 'administration'",
        ),
        (
            "on: push\npermissions: {contents: admin}\njobs: {j: {steps: []}}\n",
            "contents must be read, write or none",
        ),
        ("on: push\npermissions: all\njobs: {j: {steps: []}}\n", "must be read-all, write-all or a mapping"),
        ("on: push\njobs: {k: {steps: []}}\n", "has no job 'j'"),
        ("on: push\njobs: [\n", "line 3: not valid YAML"),
    ],
)
def test_what_github_would_reject_is_an_error(text: str, message: str) -> None:
    with pytest.raises(WorkflowError, match=message):
        perms(text)


def test_job_tokens_built_by_hand_match_the_named_sets() -> None:
    assert permissions(contents="read", packages="read") == RESTRICTED_DEFAULT
