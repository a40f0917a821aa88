"""The verifiable random draw (RFC 3797 method): known answers, determinism across processes, fairness."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.cli import main
from bot.config.loading import load_election
from bot.config.models import QUICKNET, DrandBeacon, DrawSource
from bot.results.draw import (
    DrawError,
    SourceValue,
    canonical_input,
    canonical_value,
    drand_round,
    drand_round_time,
    published_after,
    run_draw,
    source_values,
)
from tests.helpers.results import QUICKNET_ROUND, drand_value, make_election

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
        identifier="the first test value",
        available_after=datetime(2026, 9, 16, 14, tzinfo=UTC),
        pattern="^[a-z]$",
    ),
    DrawSource(
        identifier="the lottery's draw of 2026-09-17",
        available_after=datetime(2026, 9, 17, tzinfo=UTC),
        pattern="^[a-z]$",
    ),
]
LATER = datetime(2026, 9, 18, tzinfo=UTC)


def test_source_values_in_config_order() -> None:
    assert source_values(SOURCES, {2: "b", 1: "a"}, LATER) == [
        SourceValue("a", "the first test value, named in election.yaml before the count"),
        SourceValue("b", "the lottery's draw of 2026-09-17, named in election.yaml before the count"),
    ]


@pytest.mark.parametrize(
    ("given_values", "at", "message"),
    [
        ({1: "a"}, LATER, "source 2 has no value"),
        ({1: "a", 2: "b", 3: "c"}, LATER, "there is no draw source 3"),
        ({1: "a", 2: "b"}, datetime(2026, 9, 16, 13, 59, 59, tzinfo=UTC), "is published only after"),
        ({1: "a", 2: "b"}, datetime(2026, 9, 16, 15, tzinfo=UTC), "source 2 (the lottery's draw"),
    ],
)
def test_source_values_refused(given_values: dict[int, str], at: datetime, message: str) -> None:
    with pytest.raises(DrawError, match=re.escape(message)):
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

VALUE = drand_value("deadbeef")
DRAW_ARGS = ["--election", "test-2026", "--tied", "bob", "--tied", "alice", "--value", f"1={VALUE}"]
AT = ["--at", "2026-09-16T15:00:00Z"]


@pytest.fixture
def election_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    make_election(tmp_path, {})
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.slow
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
    expected = run_draw("test-2026", ["alice", "bob"], [VALUE])
    assert outputs[0]["order"] == list(expected.order)
    assert outputs[0]["seed"] == expected.seed
    assert outputs[0]["sources"] == [
        {
            "value": VALUE,
            "origin": f"drand quicknet round {QUICKNET_ROUND}, the first round at or after 2026-09-16T14:00:00Z",
            "url": f"https://api.drand.sh/{QUICKNET}/public/{QUICKNET_ROUND}",
        }
    ]


def test_draw_text_output_shows_the_recipe(election_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["draw", *DRAW_ARGS, *AT]) == 0
    out = capsys.readouterr().out
    expected = run_draw("test-2026", ["alice", "bob"], [VALUE])
    assert (
        f"Source 1: drand quicknet round {QUICKNET_ROUND}, the first round at or after 2026-09-16T14:00:00Z"
        f" — https://api.drand.sh/{QUICKNET}/public/{QUICKNET_ROUND}\n  value: {VALUE}\n"
    ) in out
    assert f"  election-bot draw v1\n  election test-2026\n  tied alice,bob\n  source 1 {VALUE}\n" in out
    assert expected.printf_command() in out
    assert f"Seed = SHA-256(canonical input) = {expected.seed}" in out
    assert f"Order (first ranks highest): {', '.join(expected.order)}" in out
    assert f'      values:\n        1: "{VALUE}"' in out


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
                f"1={VALUE}",
                "--at",
                "2026-09-16T13:00:00Z",
            ],
            "published only after 2026-09-16T14:00:00Z",
        ),
        (["--election", "test-2026", "--tied", "a", "--value", f"1={VALUE}", *AT], "at least two"),
        (
            ["--election", "test-2026", "--tied", "a", "--tied", "b", "--value", "x", *AT],
            "write SOURCE=VALUE",
        ),
        (
            ["--election", "test-2026", "--tied", "a", "--tied", "b", "--value", "2=x", *AT],
            "no draw source 2",
        ),
        (
            ["--election", "nope", "--tied", "a", "--tied", "b", "--value", f"1={VALUE}", *AT],
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
                f"1={VALUE}",
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


# -- issue 12, weakness 9: the value's spelling is pinned -----------------------------------------------

HEX = "6a1f" * 16
QUICKNET_SOURCE = DrawSource(
    drand=DrandBeacon(chain="quicknet", chain_hash=QUICKNET, genesis_time=1692803367, period=3),
    available_after=datetime(2026, 9, 16, 14, tzinfo=UTC),
)
PINNED = [QUICKNET_SOURCE]
ROUND = QUICKNET_ROUND


@pytest.mark.parametrize(
    "spelling",
    [
        f"round 0{ROUND} {HEX}",  # a leading zero
        f"ROUND {ROUND} {HEX.upper()}",  # upper case (canonicalisation would have folded it: a second spelling)
        f"round {ROUND}  {HEX}",  # two spaces (canonicalisation would have collapsed them)
        f"round {ROUND} {HEX} ",  # a trailing space
        f"round {ROUND} {HEX[:-1]}",  # a digit short
        f"round {ROUND} randomness {HEX}",  # a word more
        f"{ROUND} {HEX}",
        HEX,  # the randomness alone
        f"round {ROUND} 0x{HEX}",
    ],
)
def test_a_value_in_any_other_spelling_is_refused(spelling: str) -> None:
    """Each of these spellings would once have verified and drawn its own order (whoever typed the value
    could pick the order they liked); now only the one form is accepted."""
    with pytest.raises(DrawError, match=r"is not in the one form of a drand value"):
        source_values(PINNED, {1: spelling}, LATER)
    assert [v.value for v in source_values(PINNED, {1: f"round {ROUND} {HEX}"}, LATER)] == [
        f"round {ROUND} {HEX}"
    ]


LOTTERY = DrawSource(
    identifier="the EuroMillions draw no. 1868 of Friday 2026-09-18",
    available_after=datetime(2026, 9, 18, 21, tzinfo=UTC),
    pattern="^[1-9][0-9]?( [1-9][0-9]?){4} stars [1-9][0-9]? [1-9][0-9]?$",
)


@pytest.mark.parametrize(
    "spelling", ["03 12 23 38 45 stars 2 9", "3 12 23 38 45 stars 2 9 ", "3 12 23 38 45 2 9"]
)
def test_an_identified_value_in_another_spelling_is_refused(spelling: str) -> None:
    at = datetime(2026, 9, 19, tzinfo=UTC)
    with pytest.raises(DrawError, match=r"is not in the form election\.yaml requires, \^\[1-9\]"):
        source_values([LOTTERY], {1: spelling}, at)
    [value] = source_values([LOTTERY], {1: "3 12 23 38 45 stars 2 9"}, at)
    assert (
        value.origin
        == "the EuroMillions draw no. 1868 of Friday 2026-09-18, named in election.yaml before the count"
    )


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
        DrawSource(identifier="a lottery draw", available_after=LATER, pattern=pattern)


def test_an_identified_source_without_a_pattern_is_refused() -> None:
    with pytest.raises(ValueError, match="needs `pattern`: the one spelling of its value"):
        DrawSource.model_validate({"identifier": "a lottery draw", "available_after": LATER})


def test_draw_refuses_another_spelling_end_to_end(
    election_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--election", "test-2026", "--tied", "bob", "--tied", "alice", *AT]
    assert main(["draw", *args, "--value", f"1={VALUE.upper()}"]) == 2
    err = capsys.readouterr().err
    assert "is not in the one form of a drand value" in err and "Traceback" not in err
    assert main(["draw", *args, "--value", f"1={VALUE.replace('round ', 'round 0')}"]) == 2
    assert main(["draw", *args, "--value", f"1={VALUE}"]) == 0


# -- issue 25, item 4: a source names ONE value, fixed before the count ---------------------------------


def test_the_first_round_at_or_after_a_moment() -> None:
    """drand's TimeOfRound: round r is emitted at genesis_time + (r - 1) × period, round 1 at genesis."""
    beacon = QUICKNET_SOURCE.drand
    assert beacon is not None
    genesis = datetime.fromtimestamp(1692803367, UTC)
    assert drand_round(beacon, genesis - timedelta(days=1)) == 1
    assert drand_round(beacon, genesis) == 1
    assert drand_round(beacon, genesis + timedelta(microseconds=1)) == 2
    assert drand_round(beacon, genesis + timedelta(seconds=3)) == 2
    assert drand_round(beacon, genesis + timedelta(seconds=3, microseconds=1)) == 3
    # 2026-09-16T14:00:00Z is Unix 1789567200: (1789567200 - 1692803367) / 3 + 1 = 32254612, exactly on it.
    assert drand_round(beacon, datetime(2026, 9, 16, 14, tzinfo=UTC)) == ROUND == 32254612
    assert drand_round_time(beacon, ROUND) == datetime(2026, 9, 16, 14, tzinfo=UTC)
    default = DrandBeacon(
        chain="default",
        chain_hash="8990e7a9aaed2ffed73dbd7092123d6f289930540d7651336225dc172e51b2ce",
        genesis_time=1595431050,
        period=30,
    )
    # (1789567200 - 1595431050) / 30 = 6471205 exactly: round 6471206; a second later, the next round.
    assert drand_round(default, datetime(2026, 9, 16, 14, tzinfo=UTC)) == 6471206
    assert drand_round(default, datetime(2026, 9, 16, 14, 0, 1, tzinfo=UTC)) == 6471207


def test_between_two_rounds_the_next_one_counts_and_only_once_it_is_out() -> None:
    source = DrawSource(
        drand=QUICKNET_SOURCE.drand, available_after=datetime(2026, 9, 16, 14, 0, 1, tzinfo=UTC)
    )
    assert published_after(source) == datetime(2026, 9, 16, 14, 0, 3, tzinfo=UTC)
    value = f"round {ROUND + 1} {HEX}"
    with pytest.raises(DrawError, match=re.escape("is published only after 2026-09-16T14:00:03Z")):
        source_values([source], {1: value}, datetime(2026, 9, 16, 14, 0, 2, tzinfo=UTC))
    [got] = source_values([source], {1: value}, datetime(2026, 9, 16, 14, 0, 3, tzinfo=UTC))
    assert got.origin == f"drand quicknet round {ROUND + 1}, the first round at or after 2026-09-16T14:00:01Z"
    assert got.url == f"https://api.drand.sh/{QUICKNET}/public/{ROUND + 1}"


def test_the_draw_cannot_be_ground_through_other_rounds() -> None:
    """The attack of issue 25: try consecutive rounds until one draws the order you like. Every round but
    the one the source names is refused, so exactly one order can be drawn."""
    tied = ["ana", "bea", "cyd", "dov"]
    orders = set()
    accepted = []
    for number in range(ROUND - 30, ROUND + 300):
        value = f"round {number} {HEX}"
        try:
            values = source_values(PINNED, {1: value}, LATER)
        except DrawError as refused:
            assert f"is drand round {number}, but the source is drand quicknet round {ROUND}" in str(refused)
            continue
        accepted.append(number)
        orders.add(run_draw("e-1", tied, values).order)
    assert accepted == [ROUND] and len(orders) == 1
    # Today's pattern-only form accepted all 330 of them, drawing many orders:
    assert (
        len({run_draw("e-1", tied, [f"round {n} {HEX}"]).order for n in range(ROUND - 30, ROUND + 300)}) > 12
    )


def test_a_missing_value_says_which_round_to_fetch() -> None:
    with pytest.raises(DrawError) as refused:
        source_values(PINNED, {}, LATER)
    assert str(refused.value) == (
        f"source 1 has no value; add --value '1=round {ROUND} <randomness>' (drand quicknet round {ROUND}, "
        f"the first round at or after 2026-09-16T14:00:00Z: https://api.drand.sh/{QUICKNET}/public/{ROUND})"
    )


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            {"description": "the beacon round", "pattern": "^round [1-9][0-9]* [0-9a-f]{64}$"},
            "this draw source gives only a `pattern`, which many values fit: whoever runs the draw could "
            "try them until one gives the order they like. A draw source must name one value: `drand: "
            "{chain: quicknet, chain_hash: " + QUICKNET + ", genesis_time: 1692803367, period: 3}`",
        ),
        ({"description": "a beacon"}, "this draw source gives no value"),
        (
            {"identifier": "the drand quicknet round after the vote", "pattern": "^round [0-9]+$"},
            "for a drand beacon use `drand:` with its chain, not `identifier`",
        ),
        (
            {
                "drand": {
                    "chain": "quicknet",
                    "chain_hash": QUICKNET,
                    "genesis_time": 1692803367,
                    "period": 3,
                },
                "pattern": "^round [0-9]+$",
            },
            "a drand source has one form, `round <N> <randomness>`, fixed by the bot: remove `pattern`",
        ),
        (
            {
                "drand": {
                    "chain": "quicknet",
                    "chain_hash": QUICKNET,
                    "genesis_time": 1692803367,
                    "period": 30,
                }
            },
            "is the League of Entropy's quicknet: chain: quicknet, genesis_time: 1692803367, period: 3",
        ),
        (
            {"drand": {"chain": "quicknet", "chain_hash": QUICKNET.upper(), "genesis_time": 1, "period": 3}},
            "String should match pattern",
        ),
    ],
)
def test_a_source_that_does_not_name_one_value_is_refused(source: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        DrawSource.model_validate({"available_after": LATER, **source})


def test_yesterdays_pattern_only_config_is_refused_with_the_new_form(tmp_path: Path) -> None:
    folder = make_election(tmp_path, {})
    config = folder / "election.yaml"
    text = config.read_text()
    old = text[text.index("draw:") :]
    config.write_text(
        text.replace(
            old,
            "draw:\n  - description: The beacon round published at or after 2026-09-16T14:00:00Z.\n"
            "    available_after: 2026-09-16T14:00:00Z\n    pattern: ^round [1-9][0-9]* [0-9a-f]{64}$\n",
        )
    )
    loaded = load_election(config.read_bytes(), "nominations/test-2026/election.yaml", "test-2026")
    assert loaded.election is None
    [finding] = loaded.findings
    assert finding.line == text[: text.index("draw:")].count("\n") + 2  # the source's first line
    assert (
        "only a `pattern`, which many values fit" in finding.message
        and "genesis_time: 1692803367" in finding.message
    )


def test_a_value_published_before_voting_ends_is_refused(tmp_path: Path) -> None:
    folder = make_election(tmp_path, {})
    config = folder / "election.yaml"
    config.write_text(
        config.read_text().replace(
            "available_after: 2026-09-16T14:00:00Z", "available_after: 2026-09-15T13:59:57Z"
        )
    )
    loaded = load_election(config.read_bytes(), "nominations/test-2026/election.yaml", "test-2026")
    assert loaded.election is None
    assert "a draw value must be published no earlier than the end of voting" in loaded.findings[0].message
    config.write_text(config.read_text().replace("2026-09-15T13:59:57Z", "2026-09-15T14:00:00Z"))
    assert load_election(config.read_bytes(), "nominations/test-2026/election.yaml", "test-2026").election


def test_the_shipped_configs_name_one_value_per_source() -> None:
    ppc = load_election(
        (ROOT / "nominations/ppc-2026/election.yaml").read_bytes(),
        "nominations/ppc-2026/election.yaml",
        "ppc-2026",
    ).election
    assert ppc is not None
    [source] = ppc.draw
    assert source.drand is not None and source.drand.chain_hash == QUICKNET
    assert drand_round(source.drand, source.available_after) == 32254612  # as its comment says
    sample = load_election(
        (ROOT / "nominations/sample-2026/election.yaml").read_bytes(),
        "nominations/sample-2026/election.yaml",
        "sample-2026",
    ).election
    assert sample is not None
    assert all(s.identifier and s.pattern for s in sample.draw)


def test_the_draw_sources_in_the_docs_are_valid() -> None:
    """docs/explanation/results.md's examples of both kinds of source stay loadable, and the drand one names
    the round its comment states."""
    import textwrap

    from bot.config import yamlsafe

    text = (ROOT / "docs" / "explanation" / "results.md").read_text(encoding="utf-8")
    section = text[text.index("## The random draw") : text.index("1. **The canonical input**")]
    blocks = re.findall(r"```yaml\n(.*?)```", section, re.S)
    sources = [
        DrawSource.model_validate(item)
        for block in blocks
        for item in yamlsafe.load(textwrap.dedent(block)).data["draw"]
    ]
    assert [bool(s.drand) for s in sources] == [True, False]
    assert (
        sources[0].drand is not None and drand_round(sources[0].drand, sources[0].available_after) == 32254612
    )
    assert "# quicknet round 32254612" in blocks[0]
