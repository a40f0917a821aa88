"""The PR-check benchmark measures what the budget promises: ≤ 12 requests per check, no write on a re-run."""

from __future__ import annotations

import pytest

from tools.benchmarks.pr import measure

pytestmark = pytest.mark.slow  # docs/development/testing.md: The fast lane


def test_the_pr_benchmark_stays_within_budget() -> None:
    numbers = measure()
    assert numbers["pr_check_requests_max"] <= 13
    assert numbers["pr_rerun_writes_max"] == 0
    assert numbers["pr_self_rerun_requests"] <= numbers["pr_self_requests"]
    assert all(isinstance(value, int) for value in numbers.values())
