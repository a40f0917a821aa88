"""The reconciler's request budget, as `make bench` reports it (tools/benchmarks/sync.py)."""

from __future__ import annotations

import pytest

from bot.nominations.run_budget import RATE_RESERVE
from tools.benchmarks import sync

pytestmark = pytest.mark.slow  # docs/development/testing.md: The fast lane


def test_sync_request_budget() -> None:
    numbers = sync.measure()
    assert numbers["sync_noop_requests"] <= 3
    assert numbers["sync_noop_writes"] == 0
    assert numbers["sync_noop_after_cutoff_requests"] <= 3
    # +1 while nominations are open: the open pull requests, for nominee labels the check may not create
    assert numbers["sync_phase_start_requests"] <= 9
    assert numbers["sync_phase_end_requests"] <= 6
    assert numbers["sync_phase_end_writes"] == 2
    assert numbers["sync_list_update_requests"] == 3
    assert numbers["busiest_hour_open_at_cutoff"] == 40
    assert numbers["busiest_hour_requests"] < 1000  # GITHUB_TOKEN: 1,000 requests an hour per repository


def test_the_hostile_hour() -> None:
    """Issue 28: 30 decoys, 50 nominations, 200 stranger comments and the cut-off in one hour, GitHub's
    primary limit enforced. Every run stays within 12 requests (labels existing), the hour well under
    1,000, the reserve intact when the cut-off pass begins and no check run spending below it, and the
    pass reaches every open pull request."""
    numbers = sync.hostile_hour()
    assert numbers["hostile_hour_run_requests_max"] <= 12
    assert numbers["hostile_hour_cutoff_missed"] == 0
    assert numbers["hostile_hour_runs"] < 30 + 50 + 200  # comments with no line starting with `/` start none
    assert numbers["hostile_hour_requests"] <= 900
    assert numbers["hostile_hour_left_at_cutoff_pass"] >= RATE_RESERVE
    assert numbers["hostile_hour_check_requests_below_reserve"] == 0
    assert numbers["hostile_hour_cutoff_requests"] <= 100  # a label per open pull request, and the record
    # A decoy names no nominee the bot can act on (its file name and `github:` disagree): no account,
    # reviews or rivals are read for it, and in a busy hour no workflows' states either (7-8 each, 10 before).
    assert numbers["hostile_hour_decoy_requests"] <= 30 * 8
