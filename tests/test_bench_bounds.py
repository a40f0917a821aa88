"""`make bench` (`python -m tools.bench`): the CI bounds fail a run only with `--ci`, name the number and
its bound, and every section the tool runs exists. The benchmarks' own numbers are tested where they are
measured (tests/nominations/test_benchmark.py, tests/phases/test_bench.py); here they are fixed numbers."""

from __future__ import annotations

import json

import pytest

from tools import bench


def test_a_number_over_its_ci_bound_fails_only_a_ci_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(
        bench, "_sections", lambda: [("pr", lambda: {"pr_check_requests_max": 14, "other": 2})]
    )
    assert bench.main(["--ci"]) == 1
    out = capsys.readouterr().out
    assert "bench: pr_check_requests_max = 14 exceeds the CI bound 12" in out
    assert "[pr]" in out and "(CI bound 12;" in out
    assert bench.main([]) == 0  # without --ci the numbers are reported, not judged


def test_numbers_within_their_bounds_pass_and_print_as_json(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(bench, "_sections", lambda: [("sync", lambda: {"sync_noop_requests": 3})])
    assert bench.main(["--ci", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"sync": {"sync_noop_requests": 3}}


def test_the_tool_runs_the_five_benchmark_sections() -> None:
    sections = bench._sections()
    assert [name for name, _ in sections] == ["validation", "pr", "sync", "ballots", "doctor"]
    assert all(callable(measure) for _, measure in sections)
