"""`make bench` (`python -m tools.bench`): print the numbers the issues set targets for; `--ci` enforces loose bounds.

Performance is measured here, never by timed unit tests. The targets (on a 2-core machine): 10,000
nominations validated in under 10 s, an alias bomb refused in under 0.5 s and 100 MB, one PR check in at
most 12 GitHub requests, a no-op sync in at most 3, 50,000 ballots × 30 candidates counted in a few
seconds. CI bounds are looser for timings (shared machines are
noisy) and exact for request counts (they do not depend on the machine).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.nominations.constants import REQUEST_BUDGET

Number = int | float


@dataclass(frozen=True, slots=True)
class Bound:
    key: str
    limit: Number
    target: str  # what the issue asks for, printed beside the number


CI_BOUNDS: tuple[Bound, ...] = (
    Bound("validate_seconds", 30.0, "target < 10 s for 10,000 files"),
    Bound("alias_bomb_reject_seconds", 0.5, "target < 0.5 s"),
    Bound("alias_bomb_reject_peak_mb", 100.0, "target < 100 MB"),
    Bound("alias_bomb_cli_peak_rss_mb", 200.0, "whole process incl. interpreter"),
    Bound("cli_cold_start_seconds", 5.0, "interpreter + imports"),
    Bound(
        "pr_check_requests_max",
        REQUEST_BUDGET,
        f"target ≤ {REQUEST_BUDGET} requests per PR check, reads and writes",
    ),
    Bound(
        "pr_hostile_requests_max",
        REQUEST_BUDGET,
        f"target ≤ {REQUEST_BUDGET} requests per PR check for hostile input too",
    ),
    Bound("pr_repeated_refusal_writes", 0, "target: a stranger is refused in words once per PR"),
    Bound("pr_rerun_writes_max", 0, "target: a re-run on the same event writes nothing"),
    Bound("sync_noop_requests", 3, "target ≤ 3 requests for a no-op sync"),
    Bound("sync_noop_writes", 0, "target: a no-op sync writes nothing"),
    Bound("doctor_requests", 25, "target ≤ ~25 requests for a readiness check"),
    Bound("doctor_writes", 0, "target: the doctor writes nothing"),
    Bound("doctor_exit", 0, "the well-configured repository is ready (exit 0)"),
    Bound("busiest_hour_requests", 900, "GITHUB_TOKEN allows 1,000 an hour; keep headroom"),
    Bound(
        "hostile_hour_run_requests_max",
        REQUEST_BUDGET,
        f"target ≤ {REQUEST_BUDGET} requests per run in the hostile hour",
    ),
    Bound("hostile_hour_cutoff_missed", 0, "target: the cut-off pass reaches every open pull request"),
    Bound("hostile_hour_run_seconds_max", 10.0, "target: a few seconds for the slowest run"),
    Bound("hostile_hour_requests", 900, "target well under GITHUB_TOKEN's 1,000 an hour, enforced (issue 28)"),
    Bound(
        "hostile_hour_reserve_shortfall_at_cutoff",
        0,
        "target: the reserve kept for the reconciler intact when the cut-off pass begins",
    ),
    Bound("blt_approval_count_seconds", 10.0, "target: a few seconds for 50,000 ballots × 30 candidates"),
    Bound("blt_results_cli_seconds", 20.0, "the whole results --ballots process on that file"),
    Bound("star_bloc_count_seconds", 30.0, "Bloc STAR run to completion on 50,000 × 30"),
    Bound("tie_of_twelve_exact_seconds", 10.0, "target: about a second for a tie's exact possible outcomes"),
)


def _sections() -> list[tuple[str, Callable[[], dict[str, Number]]]]:
    from tools.benchmarks import ballots, doctor, pr, sync, validation

    return [
        ("validation", validation.measure),
        ("pr", pr.measure),
        ("sync", sync.measure),
        ("ballots", ballots.measure),
        ("doctor", doctor.measure),
    ]


def run(ci: bool, as_json: bool) -> int:
    results: dict[str, dict[str, Number]] = {}
    for name, measure in _sections():
        results[name] = measure()
    flat: dict[str, Number] = {k: v for section in results.values() for k, v in section.items()}
    failures = [b for b in CI_BOUNDS if b.key in flat and flat[b.key] > b.limit]
    if as_json:
        print(json.dumps(results, indent=2))
    else:
        notes = {b.key: f"(CI bound {b.limit}; {b.target})" for b in CI_BOUNDS}
        for name, numbers in results.items():
            print(f"[{name}]")
            for key, value in numbers.items():
                print(f"  {key:<44} {value:>8}  {notes.get(key, '')}".rstrip())
    for bound in failures:
        print(f"bench: {bound.key} = {flat[bound.key]} exceeds the CI bound {bound.limit}")
    return 1 if ci and failures else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.bench",
        description="Measure throughput, start-up and GitHub requests per operation (`make bench`).",
    )
    parser.add_argument("--ci", action="store_true", help="exit 1 when a number exceeds its CI bound")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = parser.parse_args(argv)
    return run(args.ci, args.json)


if __name__ == "__main__":
    raise SystemExit(main())
