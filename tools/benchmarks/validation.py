"""Local validation: throughput over 10,000 files, CLI cold start, and refusing an alias bomb."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from bot.config.loading import load_nomination
from tools.benchmarks.fixtures import ELECTION, ELECTION_ID, NOMINATION

ALIAS_BOMB = (
    "---\n"
    + 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(
        f"{x}: &{x} [*{y},*{y},*{y},*{y},*{y},*{y},*{y},*{y},*{y}]\n"
        for x, y in zip("bcdefghi", "abcdefgh", strict=True)
    )
    + "---\nstatement\n"
)


def _run(args: list[str], cwd: Path) -> tuple[float, float, int]:
    """Wall time (s), peak resident memory (MB) and exit code of `python -m bot ARGS` in a child."""
    start = time.perf_counter()
    child = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "bot", *args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss / 1024, child.returncode


def _reject_in_process(data: bytes) -> tuple[float, float, list[str]]:
    """Seconds and peak traced allocation (MB) for the loader to refuse `data`, and the codes it gave."""
    tracemalloc.start()
    start = time.perf_counter()
    loaded = load_nomination(data, "nominations/bench-2026/bomb.md")
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, peak / 1_048_576, [f.code for f in loaded.findings]


def measure(files: int = 10_000) -> dict[str, int | float]:
    work = Path(tempfile.mkdtemp(prefix="election-bot-bench-"))
    try:
        folder = work / "nominations" / ELECTION_ID
        folder.mkdir(parents=True)
        (folder / "election.yaml").write_text(ELECTION)
        for i in range(files):
            (folder / f"nominee-{i}.md").write_text(NOMINATION.format(i=i, login=f"nominee-{i}"))
        at = ["--at", "2026-08-01T00:00:00Z"]
        elapsed, _, code = _run(["validate", "nominations", *at, "--format", "json"], work)
        if code != 0:
            raise RuntimeError(f"validating the benchmark files failed with exit {code}")
        cold = statistics.median(_run(["--help"], work)[0] for _ in range(5))
        bomb_folder = work / "bomb" / "nominations" / ELECTION_ID
        bomb_folder.mkdir(parents=True)
        (bomb_folder / "election.yaml").write_text(ELECTION)
        (bomb_folder / "bomb.md").write_text(ALIAS_BOMB)
        bomb_time, bomb_memory, bomb_exit = _run(["validate", "nominations", *at], work / "bomb")
        reject_time, reject_memory, codes = _reject_in_process(ALIAS_BOMB.encode())
        if bomb_exit != 1 or codes != ["YAML002"]:
            raise RuntimeError(f"the alias bomb was not refused (exit {bomb_exit}, codes {codes})")
        return {
            "validate_files": files,
            "validate_seconds": round(elapsed, 2),
            "validate_files_per_second": round(files / elapsed),
            "cli_cold_start_seconds": round(cold, 3),
            "alias_bomb_reject_seconds": round(reject_time, 4),
            "alias_bomb_reject_peak_mb": round(reject_memory, 2),
            "alias_bomb_cli_seconds": round(bomb_time, 3),
            "alias_bomb_cli_peak_rss_mb": round(bomb_memory, 1),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
