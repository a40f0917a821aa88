"""The verifiable random draw (RFC 3797 method): known answers, determinism across processes, fairness."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.cli import main
from bot.core.draw import DrawError, canonical_input, canonical_value, run_draw, source_values
from bot.core.loading import load_election
from bot.core.models import DrawSource
from tests.results.helpers import make_election

ROOT = Path(__file__).resolve().parents[2]

# Computed with standard tools, independently of our code:
#   printf 'election-bot draw v1\nelection ppc-2026\ntied alice,bob,carol\nsource 1 round 1234 abcdef\n' | sha256sum
KNOWN_CANONICAL = (
    "election-bot draw v1\nelection ppc-2026\ntied alice,bob,carol\nsource 1 round 1234 abcdef\n"
)
KNOWN_SEED = "4ba49b68f774e703af622dd00b9bc9d598cfc21bf476b2ad227aff3dac05e171"
#   printf '<seed>:1' | sha256sum  →  a3f9...30ca, mod 3 = 2 → carol; then mod 2 = 1 → bob; then alice
KNOWN_DIGEST_1 = "a3f98c44aa391a70b3a6c1ae8fe8fb346d21588c58f655321aaa2189d30530ca"


def test_known_answer() -> None:
    draw = run_draw("ppc-2026", ["Bob", "alice", "CAROL"], ["Round 1234   ABCDEF "])
    assert draw.canonical == KNOWN_CANONICAL
    assert draw.seed == KNOWN_SEED == hashlib.sha256(KNOWN_CANONICAL.encode()).hexdigest()
    assert draw.steps[0].digest == KNOWN_DIGEST_1
    assert [s.index for s in draw.steps] == [2, 1, 0]
    assert draw.order == ("carol", "bob", "alice")
    assert draw.printf_command() == (
        "printf 'election-bot draw v1\\nelection ppc-2026\\ntied alice,bob,carol\\n"
        "source 1 round 1234 abcdef\\n' | sha256sum"
    )


def test_the_printf_recipe_gives_the_seed() -> None:
    draw = run_draw("ppc-2026", ["bob", "alice"], ["round 1234 abcdef", "7 12 23 31 40"])
    shell = subprocess.run(
        ["/bin/sh", "-c", draw.printf_command()], capture_output=True, text=True, check=True
    )
    assert shell.stdout.split()[0] == draw.seed


def test_order_of_tied_logins_and_case_do_not_matter() -> None:
    assert run_draw("e-1", ["a", "B", "c"], ["X 1"]) == run_draw("e-1", ["C", "b", "A"], ["x   1"])


def test_every_input_changes_the_seed() -> None:
    base = run_draw("e-1", ["a", "b"], ["1", "2"]).seed
    assert run_draw("e-2", ["a", "b"], ["1", "2"]).seed != base
    assert run_draw("e-1", ["a", "c"], ["1", "2"]).seed != base
    assert run_draw("e-1", ["a", "b"], ["2", "1"]).seed != base


@pytest.mark.parametrize(
    ("tied", "values", "message"),
    [
        (["a"], ["1"], "at least two"),
        (["a", "A"], ["1"], "more than once"),
        (["a", "-bad"], ["1"], "not a GitHub login"),
        (["a", "b"], [], "published value of every source"),
        (["a", "b"], [""], "empty"),
        (["a", "b"], ["it's 100%"], "contains"),
        (["a", "b"], ["x" * 501], "limit is 500"),
    ],
)
def test_refused_inputs(tied: list[str], values: list[str], message: str) -> None:
    with pytest.raises(DrawError, match=message):
        run_draw("e-1", tied, values)


SOURCES = [
    DrawSource(
        description="beacon", available_after=datetime(2026, 9, 16, 14, tzinfo=UTC), pattern="^[a-z]$"
    ),
    DrawSource(description="lottery", available_after=datetime(2026, 9, 17, tzinfo=UTC), pattern="^[a-z]$"),
]
LATER = datetime(2026, 9, 18, tzinfo=UTC)


def test_source_values_in_config_order() -> None:
    assert source_values(SOURCES, {2: "b", 1: "a"}, LATER) == ["a", "b"]


@pytest.mark.parametrize(
    ("given_values", "at", "message"),
    [
        ({1: "a"}, LATER, "source 2 has no value"),
        ({1: "a", 2: "b", 3: "c"}, LATER, "there is no draw source 3"),
        ({1: "a", 2: "b"}, datetime(2026, 9, 16, 13, 59, 59, tzinfo=UTC), "source 1 is published only after"),
        ({1: "a", 2: "b"}, datetime(2026, 9, 16, 15, tzinfo=UTC), "source 2 is published only after"),
    ],
)
def test_source_values_refused(given_values: dict[int, str], at: datetime, message: str) -> None:
    with pytest.raises(DrawError, match=message):
        source_values(SOURCES, given_values, at)


def test_no_sources_configured() -> None:
    with pytest.raises(DrawError, match="lists no `draw` sources"):
        source_values([], {1: "a"}, LATER)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.from_regex(r"[a-z][a-z0-9]{0,8}", fullmatch=True), min_size=2, max_size=5, unique=True))
def test_every_tied_candidate_can_win_for_some_seed(tied: list[str]) -> None:
    winners = set()
    for n in range(400):
        winners.add(run_draw("e-1", tied, [str(n)]).order[0])
        if len(winners) == len(tied):
            break
    assert winners == set(tied)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.from_regex(r"[a-z](?:-?[a-z0-9]){0,6}", fullmatch=True), min_size=2, max_size=6, unique=True),
    st.from_regex(r"[a-z0-9 .:]{1,40}", fullmatch=True).filter(str.strip),
)
def test_the_order_is_a_permutation(tied: list[str], value: str) -> None:
    assert sorted(run_draw("e-1", tied, [value]).order) == sorted(tied)
    assert canonical_input("e-1", tied, [value]).endswith(f"source 1 {canonical_value(value)}\n")


# --------------------------------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------------------------------

DRAW_ARGS = ["--election", "test-2026", "--tied", "bob", "--tied", "alice", "--value", "1=round 42 deadbeef"]
AT = ["--at", "2026-09-16T15:00:00Z"]


@pytest.fixture
def election_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    make_election(tmp_path, {})
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_same_inputs_same_result_in_two_fresh_processes(election_dir: Path) -> None:
    outputs = []
    env = {k: v for k, v in os.environ.items() if k != "PYTHONHASHSEED"}
    for seed in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-m", "bot", "draw", *DRAW_ARGS, *AT, "--format", "json"],
            capture_output=True,
            text=True,
            cwd=election_dir,
            env={**env, "PYTHONHASHSEED": seed},
            check=False,
        )
        assert done.returncode == 0, done.stderr
        outputs.append(json.loads(done.stdout))
    assert outputs[0] == outputs[1]
    expected = run_draw("test-2026", ["alice", "bob"], ["round 42 deadbeef"])
    assert outputs[0]["order"] == list(expected.order)
    assert outputs[0]["seed"] == expected.seed


def test_draw_text_output_shows_the_recipe(election_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["draw", *DRAW_ARGS, *AT]) == 0
    out = capsys.readouterr().out
    expected = run_draw("test-2026", ["alice", "bob"], ["round 42 deadbeef"])
    assert (
        "  election-bot draw v1\n  election test-2026\n  tied alice,bob\n  source 1 round 42 deadbeef\n"
        in out
    )
    assert expected.printf_command() in out
    assert f"Seed = SHA-256(canonical input) = {expected.seed}" in out
    assert f"Order (first ranks highest): {', '.join(expected.order)}" in out
    assert '      values:\n        1: "round 42 deadbeef"' in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--election", "test-2026", "--tied", "a", "--tied", "b", *AT], "source 1 has no value"),
        (
            [
                "--election",
                "test-2026",
                "--tied",
                "a",
                "--tied",
                "b",
                "--value",
                "1=round 1 ab",
                "--at",
                "2026-09-16T13:00:00Z",
            ],
            "published only after 2026-09-16T14:00:00Z",
        ),
        (["--election", "test-2026", "--tied", "a", "--value", "1=round 1 ab", *AT], "at least two"),
        (
            ["--election", "test-2026", "--tied", "a", "--tied", "b", "--value", "x", *AT],
            "write SOURCE=VALUE",
        ),
        (
            ["--election", "test-2026", "--tied", "a", "--tied", "b", "--value", "2=x", *AT],
            "no draw source 2",
        ),
        (
            ["--election", "nope", "--tied", "a", "--tied", "b", "--value", "1=round 1 ab", *AT],
            "unknown election",
        ),
        (
            [
                "--election",
                "test-2026",
                "--tied",
                "a",
                "--tied",
                "b",
                "--value",
                "1=round 1 ab",
                "--at",
                "2026-09-17",
            ],
            "offset",
        ),
    ],
)
def test_draw_refusals_exit_2(
    election_dir: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(["draw", *args]) == 2
    assert message in capsys.readouterr().err


# -- issue 12, weakness 9: the value's spelling is pinned by the source's pattern ---------------------------

BEACON = "^round [1-9][0-9]* [0-9a-f]{64}$"
HEX = "6a1f" * 16
PINNED = [
    DrawSource(
        description="the beacon round", available_after=datetime(2026, 9, 16, 14, tzinfo=UTC), pattern=BEACON
    )
]


@pytest.mark.parametrize(
    "spelling",
    [
        f"round 0042 {HEX}",  # leading zeros
        f"ROUND 42 {HEX.upper()}",  # upper case (canonicalisation would have folded it: a second spelling)
        f"round 42  {HEX}",  # two spaces (canonicalisation would have collapsed them)
        f"round 42 {HEX} ",  # a trailing space
        f"round 42 {HEX[:-1]}",  # a digit short
        f"round 42 randomness {HEX}",  # a word more
        f"42 {HEX}",
        f"round 42 0x{HEX}",
    ],
)
def test_a_value_in_any_other_spelling_is_refused(spelling: str) -> None:
    """Each of these spellings would once have verified and drawn its own order (whoever typed the value
    could pick the order they liked); now only the one form election.yaml states is accepted."""
    with pytest.raises(DrawError, match=r"is not in the form election\.yaml requires, \^round"):
        source_values(PINNED, {1: spelling}, LATER)
    assert source_values(PINNED, {1: f"round 42 {HEX}"}, LATER) == [f"round 42 {HEX}"]


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("round [0-9]+", "must start with ^ and end with $"),
        ("^round [0-9]+", "must start with ^ and end with $"),
        ("^round [0-9]+\\$", "must start with ^ and end with $"),
        ("^round ([0-9]+$", "not a regular expression"),
        ("^(round [0-9]+)?$", "must not accept an empty value"),
        ("^rönd [0-9]+$", "must be ASCII"),
    ],
)
def test_a_pattern_that_does_not_pin_the_whole_value_is_refused(pattern: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        DrawSource(description="x", available_after=LATER, pattern=pattern)


def test_a_source_without_a_pattern_is_refused() -> None:
    with pytest.raises(ValueError, match="pattern"):
        DrawSource.model_validate({"description": "x", "available_after": LATER})


def test_draw_refuses_another_spelling_end_to_end(
    election_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--election", "test-2026", "--tied", "bob", "--tied", "alice", *AT]
    assert main(["draw", *args, "--value", "1=ROUND 42 DEADBEEF"]) == 2
    err = capsys.readouterr().err
    assert "is not in the form election.yaml requires" in err and "Traceback" not in err
    assert main(["draw", *args, "--value", "1=round 042 deadbeef"]) == 2
    assert main(["draw", *args, "--value", "1=round 42 deadbeef"]) == 0


@pytest.mark.parametrize(
    "config", ["nominations/ppc-2026/election.yaml", "nominations/sample-2026/election.yaml"]
)
def test_the_shipped_configs_pin_every_draw_source(config: str) -> None:
    path = ROOT / config
    loaded = load_election(path.read_bytes(), config, path.parent.name)
    assert loaded.election is not None, loaded.findings
    assert loaded.election.draw and all(source.pattern for source in loaded.election.draw)
