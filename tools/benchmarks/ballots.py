"""Counting from ballot files: 50,000 ballots × 30 candidates, BLT approval and star.vote CSV Bloc STAR.

The ballots are made up here from a seeded generator (the data only; counting never uses randomness).
Times are of the pure count (parse, names, cross-checks, tally; Bloc STAR run to completion) and of one
whole `election-bot results --ballots` process on the BLT file (interpreter and imports included).
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bot.results.ballots.count import CountRequest, count
from bot.results.ballots.names import Nominee
from tools.benchmarks.fixtures import ELECTION, ELECTION_ID, NOMINATION

BALLOTS = 50_000
CANDIDATES = 30
SEATS = 5


def _names() -> list[str]:
    return [f"Nominee {i}" for i in range(CANDIDATES)]


def blt_text(rng: random.Random) -> str:
    lines = [f"{CANDIDATES} {SEATS}"]
    everyone = list(range(1, CANDIDATES + 1))
    for _ in range(BALLOTS):
        marks = rng.sample(everyone, rng.randint(0, 12))
        lines.append(" ".join(map(str, [1, *marks, 0])))
    lines.append("0")
    lines += [f'"{name}"' for name in _names()]
    lines.append('"Benchmark election (fictional)"')
    return "\n".join(lines) + "\n"


def star_text(rng: random.Random) -> str:
    lines = ["voterid,date,pollid," + ",".join(_names())]
    for i in range(BALLOTS):
        scores = ",".join(str(rng.choice((0, 0, 1, 2, 3, 4, 5))) for _ in range(CANDIDATES))
        lines.append(f"v{i},2026-09-10,{ELECTION_ID},{scores}")
    return "\n".join(lines) + "\n"


def _request(text: str, fmt: str, method: str) -> CountRequest:
    return CountRequest(
        data=text.encode(),
        text=text,
        shown=f"ballots.{fmt}",
        format="blt" if fmt == "blt" else "star-csv",
        method="approval" if method == "approval" else "bloc-star",
        max_score=5,
        seats=SEATS,
        electors=BALLOTS * 2,
        nominees=[Nominee(f"nominee-{i}", name) for i, name in enumerate(_names())],
        withdrawn=frozenset(),
        mapping={},
    )


def _timed(request: CountRequest) -> float:
    start = time.perf_counter()
    counted = count(request)
    elapsed = time.perf_counter() - start
    if counted.ballots_cast != BALLOTS or len(counted.totals) != CANDIDATES:
        raise RuntimeError("the benchmark count is wrong")
    return elapsed


def tie_seconds() -> tuple[int, int, float]:
    """The finality check of a tie of twelve (479,001,600 orders) that crosses the cap: four tied
    candidates work for X, which already has one of its two places, four for Y, four for no one; five
    seats. Returns the distinct arrangements of the kinds, the runs the check tried, and its seconds."""
    from bot.config.entities import Entity
    from bot.config.models import Cohort, Relationship
    from bot.results.ranking import Candidate, SeatRules, _groups, _kinds, arrangement_count, decide

    def person(login: str, votes: int, entity: str) -> Candidate:
        tied = (Entity(entity, entity, entity, Relationship.employer),) if entity else ()
        return Candidate(login, login, votes, tied)

    people = [person("a", 90, "x")]
    people += [person(f"t{i:02}", 50, kind) for i, kind in enumerate(["x", "y", ""] * 4)]
    cohorts = (Cohort(id="A", seats=2, term_years=2), Cohort(id="B", seats=3, term_years=1))
    start = time.perf_counter()
    result = decide(people, SeatRules(cohorts=cohorts, cap=2))
    seconds = time.perf_counter() - start
    if result.final or not result.exact:
        raise RuntimeError("the benchmark tie must decide places, and be answered exactly")
    return arrangement_count(_kinds(_groups(people)[1])), result.runs, seconds


def measure() -> dict[str, int | float]:
    rng = random.Random(2026)  # noqa: S311 - made-up benchmark data, not a draw
    arrangements, tie_runs, tie = tie_seconds()
    blt = blt_text(rng)
    star = star_text(rng)
    blt_seconds = _timed(_request(blt, "blt", "approval"))
    star_seconds = _timed(_request(star, "csv", "bloc-star"))
    work = Path(tempfile.mkdtemp(prefix="election-bot-bench-ballots-"))
    try:
        folder = work / "nominations" / ELECTION_ID
        folder.mkdir(parents=True)
        (folder / "election.yaml").write_text(ELECTION)
        for i in range(CANDIDATES):
            (folder / f"nominee-{i}.md").write_text(NOMINATION.format(i=i, login=f"nominee-{i}"))
        (work / "ballots.blt").write_text(blt)
        start = time.perf_counter()
        done = subprocess.run(  # noqa: S603 - our own interpreter and module
            [
                sys.executable,
                "-m",
                "bot",
                "results",
                "--election",
                ELECTION_ID,
                "--ballots",
                "ballots.blt",
                "--electors",
                str(BALLOTS * 2),
                "--format",
                "json",
            ],
            cwd=work,
            capture_output=True,
            check=False,
        )
        cli_seconds = time.perf_counter() - start
        if done.returncode not in (0, 1):
            raise RuntimeError(f"results --ballots failed (exit {done.returncode}): {done.stderr[-300:]!r}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {
        "ballots_counted": BALLOTS,
        "ballot_candidates": CANDIDATES,
        "blt_approval_count_seconds": round(blt_seconds, 2),
        "blt_results_cli_seconds": round(cli_seconds, 2),
        "blt_file_mb": round(len(blt) / 1_048_576, 1),
        "star_bloc_count_seconds": round(star_seconds, 2),
        "star_file_mb": round(len(star) / 1_048_576, 1),
        "tie_of_twelve_arrangements": arrangements,
        "tie_of_twelve_runs": tie_runs,
        "tie_of_twelve_exact_seconds": round(tie, 2),
    }
