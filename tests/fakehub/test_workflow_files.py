"""Reading workflow files: the `on:` forms and GitHub's trigger filters, concurrency blocks, `uses:` and the
small expression subset (workflowfiles.py cites workflow-syntax for each)."""

from __future__ import annotations

import textwrap

import pytest

from election_bot_demo.fakehub import workflowfiles as wf


def workflow(text: str) -> wf.WorkflowFile:
    return wf.parse(textwrap.dedent(text), ".github/workflows/w.yml")


@pytest.mark.parametrize(
    ("on", "events"),
    [
        ("push", ["push"]),
        ("[push, workflow_dispatch]", ["push", "workflow_dispatch"]),
        ("{push: }", ["push"]),
    ],
)
def test_the_three_forms_of_on(on: str, events: list[str]) -> None:
    assert list(workflow(f"on: {on}\njobs: {{j: {{steps: []}}}}\n").triggers) == events


def test_types_filter() -> None:
    w = workflow("on: {issue_comment: {types: created}, pull_request: }\njobs: {j: {steps: []}}\n")
    assert w.triggered_by("issue_comment", action="created")
    assert not w.triggered_by("issue_comment", action="edited")
    assert w.triggered_by("pull_request", action="reopened")
    assert not w.triggered_by("pull_request", action="labeled")  # not a default type
    assert not w.triggered_by("workflow_call")


def test_branch_and_tag_filters() -> None:
    w = workflow(
        """
        on:
          push: {tags: ["v*"]}
          pull_request_target: {branches-ignore: ["release/**"]}
        jobs: {j: {steps: []}}
        """
    )
    assert not w.triggered_by("push", branch="main")  # only tags are filtered: branches never run
    assert w.triggered_by("pull_request_target", action="opened", branch="main")
    assert not w.triggered_by("pull_request_target", action="opened", branch="release/2026/x")


def test_path_filters_and_globs() -> None:
    w = workflow(
        """
        on:
          push:
            paths: ["nominations/*/*.md", "!nominations/drafts/*.md", "docs/[ab]x?.md"]
          pull_request:
            paths-ignore: ["**.txt"]
        jobs: {j: {steps: []}}
        """
    )
    assert w.triggered_by("push", changed_paths=["nominations/2026/jane.md"])
    assert not w.triggered_by("push", changed_paths=["nominations/2026/sub/jane.md"])  # * stops at /
    assert not w.triggered_by("push", changed_paths=["nominations/drafts/jane.md"])  # the later ! wins
    # `?` makes the preceding character optional (GitHub's cheat sheet), `[ab]` is a class
    assert w.triggered_by("push", changed_paths=["docs/b.md"])
    assert w.triggered_by("push", changed_paths=["docs/ax.md"])
    assert not w.triggered_by("push", changed_paths=["docs/c.md"])
    assert not w.triggered_by("pull_request", action="opened", changed_paths=["a.txt", "b/c.txt"])
    assert w.triggered_by("pull_request", action="opened", changed_paths=["a.txt", "b.md"])
    assert not wf.matches_any(None, "x")


def test_workflow_run_names_its_source() -> None:
    w = workflow("on: {workflow_run: {workflows: [Relay], types: [completed]}}\njobs: {j: {steps: []}}\n")
    assert w.triggered_by("workflow_run", action="completed", source_workflow="Relay")
    assert not w.triggered_by("workflow_run", action="completed", source_workflow="Other")


def test_concurrency_forms() -> None:
    w = workflow(
        """
        on: push
        concurrency: whole-${{ github.ref }}
        jobs:
          plain: {steps: []}
          queued: {concurrency: {group: g, queue: max}, steps: []}
        """
    )
    whole = w.concurrency()
    assert whole == wf.Concurrency(group="whole-${{ github.ref }}", cancel_in_progress=False)
    assert whole.resolve({"github": {"ref": "refs/heads/main"}}).group == "whole-refs/heads/main"
    assert w.concurrency("plain") is None
    assert w.concurrency("queued") == wf.Concurrency(group="g", cancel_in_progress=False, queue="max")


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ("{cancel-in-progress: true}", "concurrency needs a group"),
        ("{group: g, cancel-in-progress: 3}", "cancel-in-progress must be a boolean or an expression"),
        ("{group: g, queue: all}", "queue must be single or max"),
    ],
)
def test_concurrency_errors(block: str, message: str) -> None:
    with pytest.raises(wf.WorkflowError, match=message):
        workflow(f"on: push\njobs: {{j: {{concurrency: {block}, steps: []}}}}\n").concurrency("j")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- a list\n", "a workflow is a mapping"),
        ("on: 3\njobs: {j: {steps: []}}\n", "names no event"),
        ("on: push\n", "no `jobs:`"),
    ],
)
def test_what_is_not_a_workflow(text: str, message: str) -> None:
    def read_all() -> None:
        w = wf.parse(text, "w.yml")
        assert w.triggers
        assert w.jobs

    with pytest.raises(wf.WorkflowError, match=message):
        read_all()


@pytest.mark.parametrize(
    ("uses", "message"),
    [
        ("./.github/workflows/missing.yml", "no workflow file .github/workflows/missing.yml"),
        ("not a reference", "cannot read `uses: not a reference`"),
        ("pypa/bot/.github/workflows/x.yml@v1", "in another repository; pass a remote source"),
    ],
)
def test_uses_that_cannot_be_read(uses: str, message: str) -> None:
    files = {".github/workflows/c.yml": f"on: push\njobs: {{call: {{uses: '{uses}'}}}}\n"}
    with pytest.raises(wf.WorkflowError, match=message):
        wf.job_permissions(wf.source_of(files), "c.yml", "call/j", event="push")


def test_a_remote_that_has_no_such_file() -> None:
    files = {
        ".github/workflows/c.yml": "on: push\njobs: {call: {uses: 'pypa/bot/.github/workflows/x.yml@v1'}}\n"
    }
    with pytest.raises(wf.WorkflowError, match="names no workflow file"):
        wf.job_permissions(wf.source_of(files), "c.yml", "call/j", event="push", remote=lambda *_: None)


def test_a_job_with_steps_calls_nothing() -> None:
    files = {".github/workflows/c.yml": "on: push\njobs: {j: {steps: []}}\n"}
    with pytest.raises(wf.WorkflowError, match="calls no reusable workflow"):
        wf.job_permissions(wf.source_of(files), "c.yml", "j/k", event="push")


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("'it''s'", "it's"),
        ("inputs.missing || 7", 7),
        ("inputs.missing || 1.5", 1.5),
        ("inputs.flag || true", True),
        ("inputs.missing", ""),
    ],
)
def test_the_expression_subset(expression: str, value: object) -> None:
    assert wf.evaluate(expression, {"inputs": {"flag": False}}) == value


def test_rendered_booleans_are_lower_case() -> None:
    assert wf.render("x-${{ inputs.flag }}", {"inputs": {"flag": True}}) == "x-true"
