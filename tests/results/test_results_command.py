"""`election-bot results`: counts and resolution files, output formats, exit codes, golden announcements.

Regenerate the golden files after an intended change of wording with

    ELECTION_BOT_UPDATE_GOLDEN=1 uv run pytest tests/results

and review the diff before committing it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pytest

from bot.cli import main
from bot.config.models import QUICKNET
from bot.results.draw import run_draw
from tests.helpers.golden import check_golden
from tests.helpers.results import (
    ALIASES,
    CAP_TIE,
    NOMINEES,
    QUICKNET_ROUND,
    VOTES,
    counts_yaml,
    drand_value,
    make_election,
)

GOLDEN = Path(__file__).parent / "golden"
AFTER_DRAW = ["--at", "2026-09-17T00:00:00Z"]

Run = Callable[..., tuple[int, str, str]]


def golden(name: str, text: str) -> None:
    check_golden(GOLDEN, name, text)


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    def call(*args: str) -> tuple[int, str, str]:
        code = main(["results", "--election", "test-2026", *args])
        out, err = capsys.readouterr()
        return code, out, err

    return call


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    make_election(tmp_path, NOMINEES, aliases=ALIASES)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_table_with_alias_and_suffix_normalisation(home: Path, run: Run) -> None:
    code, out, err = run("--counts", str(counts_yaml(home / "counts.yaml", VOTES)))
    assert (code, err) == (0, "")
    assert "cleo    Cleo *Bold* <b>x</b> @everyone     70  passed-over  -" in out
    assert "  cleo: Example Corp. held by ada, brian" in out
    assert "  fay: Microsoft held by dmitri, eve" in out
    assert "  cohort A (2-year term): ada, brian" in out
    assert "  cohort B (1-year term): dmitri, eve, gus" in out


def test_json(home: Path, run: Run) -> None:
    code, out, _ = run("--counts", str(counts_yaml(home / "counts.yaml", VOTES)), "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["version"] == 2 and doc["status"] == "final" and doc["election"] == "test-2026"
    assert doc["quorum"] == {
        "required": 0.5,
        "electors": 100,
        "ballots_cast": 95,
        "turnout": 0.95,
        "met": True,
    }
    assert [c["login"] for c in doc["candidates"]] == list(VOTES)
    assert [c["votes"] for c in doc["candidates"]] == list(VOTES.values())
    dmitri = next(c for c in doc["candidates"] if c["login"] == "dmitri")
    assert dmitri["counted_entities"] == [
        {"name": "Microsoft", "written": "MSFT", "relationship": "employer"}
    ]
    assert dmitri["result"] == "elected" and dmitri["cohort"] == "B"
    assert [(p["login"], p["entities"][0]["entity"]["name"]) for p in doc["pass_overs"]] == [
        ("cleo", "Example Corp."),
        ("fay", "Microsoft"),
    ]
    assert doc["pass_overs"][1]["entities"][0]["held_by"] == [
        {"login": "dmitri", "sitting": False},
        {"login": "eve", "sitting": False},
    ]
    assert doc["cohorts"] == [
        {"id": "A", "term_years": 2, "members": ["ada", "brian"], "undecided_places": 0, "contenders": []},
        {
            "id": "B",
            "term_years": 1,
            "members": ["dmitri", "eve", "gus"],
            "undecided_places": 0,
            "contenders": [],
        },
    ]
    assert doc["ties"] == [] and doc["vacant_seats"] == 0


def test_markdown_golden(home: Path, run: Run) -> None:
    code, out, _ = run("--counts", str(counts_yaml(home / "counts.yaml", VOTES)), "--format", "markdown")
    assert code == 0
    assert "@everyone" not in out and "<b>" not in out
    golden("final.md", out)


# -- counts files -------------------------------------------------------------------------------------


def test_csv_counts_with_electors_on_the_command_line(home: Path, run: Run) -> None:
    csv_path = home / "counts.csv"
    csv_path.write_text("github_login,votes\n" + "".join(f"{k},{v}\n" for k, v in VOTES.items()))
    code, out, _ = run(
        "--counts", str(csv_path), "--electors", "100", "--ballots-cast", "95", "--format", "json"
    )
    assert code == 0
    assert json.loads(out)["cohorts"][0]["members"] == ["ada", "brian"]


def test_csv_and_yaml_give_the_same_result(home: Path, run: Run) -> None:
    csv_path = home / "counts.csv"
    csv_path.write_text(
        "\ufeffGitHub_Login , Votes\r\n" + "".join(f"{k.upper()}, {v}\r\n" for k, v in VOTES.items())
    )
    _, from_csv, _ = run(
        "--counts", str(csv_path), "--electors", "100", "--ballots-cast", "95", "--format", "json"
    )
    _, from_yaml, _ = run("--counts", str(counts_yaml(home / "c.yml", VOTES)), "--format", "json")
    assert from_csv == from_yaml


def _write(home: Path, name: str, text: str) -> str:
    (home / name).write_text(text)
    return str(home / name)


ALL = "".join(f"{k},{v}\n" for k, v in VOTES.items())
FLAGS = ["--electors", "100", "--ballots-cast", "95"]


@pytest.mark.parametrize(
    ("name", "text", "extra", "message"),
    [
        ("c.csv", ALL, FLAGS, "the first line must be the header `github_login,votes`"),
        ("c.csv", "github_login,votes\n" + ALL, [], "give --electors N and --ballots-cast N"),
        (
            "c.csv",
            "github_login,votes\n" + ALL + "ada,1\n",
            FLAGS,
            "c.csv:9: ada appears twice (first on line 2)",
        ),
        (
            "c.csv",
            "github_login,votes\n" + ALL.replace("90", "ninety"),
            FLAGS,
            "c.csv:2: votes must be a whole",
        ),
        ("c.csv", "github_login,votes\n" + ALL.replace("90", "-1"), FLAGS, "c.csv:2: votes must be a whole"),
        (
            "c.csv",
            "github_login,votes\n" + ALL + "zed,1\n",
            FLAGS,
            "the counts name zed, who has no nomination",
        ),
        (
            "c.csv",
            "github_login,votes\n" + ALL.replace("gus,30\n", ""),
            FLAGS,
            "no votes for the nominee gus",
        ),
        (
            "c.csv",
            "github_login,votes\n" + ALL,
            ["--electors", "10", "--ballots-cast", "95"],
            "more than electors",
        ),
        (
            "c.csv",
            "github_login,votes\n" + ALL,
            ["--electors", "100", "--ballots-cast", "50"],
            "ada has 90 votes",
        ),
        ("c.csv", "github_login,votes\n-x-,1\n", FLAGS, "'-x-' is not a GitHub login"),
        ("c.txt", "github_login,votes\n" + ALL, FLAGS, "must end in .csv, .yaml or .yml"),
        ("c.yaml", "electors: 100\nballots_cast: 60\nvotes: {ada: 1}\n", FLAGS, "drop --electors"),
        ("c.yaml", "electors: 100\nvotes: {ada: 1}\n", [], "required key `ballots_cast` is missing"),
        ("c.yaml", "electors: 100\nballots_cast: 6\nvotes: {ada: 1}\nextra: 1\n", [], "unknown key `extra`"),
        (
            "c.yaml",
            "election: other\nelectors: 100\nballots_cast: 6\nvotes: {}\n",
            [],
            "the counts are for 'other'",
        ),
        ("c.yaml", "electors: 0\nballots_cast: 0\nvotes: {}\n", [], "electors must be at least 1"),
        (
            "c.yaml",
            "electors: 100\nballots_cast: 60\nvotes:\n  ada: true\n",
            [],
            "c.yaml:4: votes of ada must be",
        ),
        ("c.yaml", "electors: &x 100\nballots_cast: *x\nvotes: {}\n", [], "anchors and aliases"),
        ("c.yaml", "- 1\n", [], "must be a mapping"),
    ],
)
def test_bad_counts_exit_2(
    home: Path, run: Run, name: str, text: str, extra: list[str], message: str
) -> None:
    code, out, err = run("--counts", _write(home, name, text), *extra)
    assert code == 2
    assert out == ""
    assert message in err


def test_a_broken_nomination_is_a_usage_error(home: Path, run: Run) -> None:
    (home / "nominations" / "test-2026" / "gus.md").write_text("---\nname: Gus\n---\n")
    code, _, err = run("--counts", str(counts_yaml(home / "counts.yaml", VOTES)))
    assert code == 2
    assert "the nominations cannot be read" in err and "gus.md" in err


def test_unknown_election(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["results", "--election", "nope", "--counts", "x.yaml"]) == 2
    assert "unknown election 'nope'" in capsys.readouterr().err


# -- quorum -------------------------------------------------------------------------------------------


def test_quorum_met_exactly_at_half(home: Path, run: Run) -> None:
    path = counts_yaml(home / "counts.yaml", {k: v // 2 for k, v in VOTES.items()}, electors=100, ballots=50)
    code, out, _ = run("--counts", str(path), "--format", "json")
    assert code == 0
    assert json.loads(out)["quorum"]["met"] is True


def test_quorum_missed_names_no_winners(home: Path, run: Run) -> None:
    path = counts_yaml(
        home / "counts.yaml", {k: min(v, 49) for k, v in VOTES.items()}, electors=100, ballots=49
    )
    code, out, err = run("--counts", str(path), "--format", "json")
    assert code == 1
    assert "quorum not met" in err
    doc = json.loads(out)
    assert doc["status"] == "quorum-not-met"
    assert doc["quorum"]["met"] is False
    assert doc["cohorts"] == [] and doc["pass_overs"] == [] and doc["ties"] == []
    assert doc["vacant_seats"] == doc["seats"] == 5  # no one is elected: every seat stays vacant
    assert {c["result"] for c in doc["candidates"]} == {None}
    assert [c["votes"] for c in doc["candidates"]] == [49, 49, 49, 49, 49, 40, 30]


def test_quorum_missed_markdown_golden(home: Path, run: Run) -> None:
    path = counts_yaml(
        home / "counts.yaml", {k: v // 4 for k, v in VOTES.items()}, electors=1000, ballots=499
    )
    code, out, _ = run("--counts", str(path), "--format", "markdown")
    assert code == 1
    assert "### The council" not in out
    golden("quorum-missed.md", out)


def test_no_quorum_elects_whatever_the_turnout_and_never_speaks_of_a_quorum(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run
) -> None:
    """`quorum: null`: the rules set none. 10 of 100 electors voting elects the council, and neither the
    table, the announcement nor the JSON claim a quorum was met (issues 25 and 30)."""
    make_election(tmp_path, NOMINEES, aliases=ALIASES, quorum="null")
    monkeypatch.chdir(tmp_path)
    path = counts_yaml(tmp_path / "counts.yaml", {k: v // 10 for k, v in VOTES.items()}, ballots=10)
    code, out, err = run("--counts", str(path), "--format", "json")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert doc["status"] == "final"
    assert doc["quorum"] == {
        "required": None,
        "electors": 100,
        "ballots_cast": 10,
        "turnout": 0.1,
        "met": None,
    }
    assert doc["cohorts"][0]["members"] == ["ada", "brian"]
    code, table, _ = run("--counts", str(path))
    assert code == 0 and "Turnout: 10 of 100 electors voted (10 %)" in table
    code, markdown, _ = run("--counts", str(path), "--format", "markdown")
    assert code == 0 and "10 of 100 electors cast a ballot (10 %).\n" in markdown
    for text in (table, markdown):
        assert "quorum" not in text.casefold()


def test_a_zero_quorum_is_refused_with_how_to_write_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run, capsys: pytest.CaptureFixture[str]
) -> None:
    make_election(tmp_path, NOMINEES, quorum="0")
    monkeypatch.chdir(tmp_path)
    code, _, err = run("--counts", str(counts_yaml(tmp_path / "counts.yaml", VOTES)))
    assert code == 2 and "write `quorum: null` if your rules set no quorum" in err


# -- ties and their resolution --------------------------------------------------------------------------

TIED = {"ada": 90, "brian": 80, "cleo": 70, "dmitri": 60, "eve": 60, "fay": 40, "gus": 40}
# dmitri and eve (both Microsoft) tie at 60 for cohort B: both are elected (decides nothing);
# fay (Microsoft, 40) is passed over and gus (40) takes the last seat in any order: decides nothing.
BOUNDARY = {"ada": 90, "brian": 80, "cleo": 80, "dmitri": 60, "eve": 50, "fay": 40, "gus": 30}
# eve and fay tie at 40 for Microsoft's second place (dmitri holds the first): one is elected, the other
# passed over; cleo is the third of Example and passed over too.


def test_ties_that_decide_nothing_need_no_resolution(home: Path, run: Run) -> None:
    code, out, _ = run("--counts", str(counts_yaml(home / "counts.yaml", TIED)), "--format", "json")
    assert code == 0
    ties = json.loads(out)["ties"]
    assert [(t["candidates"], t["decides"], t["needs_resolution"]) for t in ties] == [
        (["dmitri", "eve"], [], False),
        (["fay", "gus"], [], False),
    ]


def test_unresolved_tie_at_the_boundary_names_no_winner_for_it(home: Path, run: Run) -> None:
    code, out, err = run("--counts", str(counts_yaml(home / "counts.yaml", BOUNDARY)), "--format", "json")
    assert code == 1
    assert "results are not final: 1 tie decides" in err
    doc = json.loads(out)
    assert doc["status"] == "ties-unresolved"
    (tie,) = doc["ties"]
    assert tie["candidates"] == ["brian", "cleo"]
    assert tie["decides"] == ["cap"]
    assert tie["needs_resolution"] is True
    assert doc["cohorts"][0] == {
        "id": "A",
        "term_years": 2,
        "members": ["ada"],
        "undecided_places": 1,
        "contenders": ["brian", "cleo"],
    }
    brian = next(c for c in doc["candidates"] if c["login"] == "brian")
    assert brian["result"] == "undecided" and brian["cohort"] is None
    assert brian["possible_cohorts"] == ["A", "none"]


def test_unresolved_tie_markdown_golden(home: Path, run: Run) -> None:
    code, out, _ = run("--counts", str(counts_yaml(home / "counts.yaml", CAP_TIE)), "--format", "markdown")
    assert code == 1
    assert "**These results are not final:**" in out
    golden("tie-unresolved.md", out)


def _resolutions(home: Path, body: str) -> str:
    return _write(home, "resolutions.yaml", "election: test-2026\nties:\n" + body)


AGREEMENT = """\
  - tied: [brian, cleo]
    agreement:
      agreed_by: [cleo, brian]
      order: [cleo, brian]
    note: Both agreed by email to the admins on 2026-09-16.
"""


def test_tie_resolved_by_agreement(home: Path, run: Run) -> None:
    counts = str(counts_yaml(home / "counts.yaml", BOUNDARY))
    code, out, err = run(
        "--counts", counts, "--resolutions", _resolutions(home, AGREEMENT), "--format", "json"
    )
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert doc["cohorts"][0]["members"] == ["ada", "cleo"]
    assert [p["login"] for p in doc["pass_overs"]] == ["brian", "fay"]
    assert doc["ties"][0]["resolution"] == {
        "method": "agreement",
        "order": ["cleo", "brian"],
        "note": "Both agreed by email to the admins on 2026-09-16.",
        "agreed_by": ["cleo", "brian"],
    }


VALUE = drand_value("abc123")


def _draw_entry(tied: list[str], value: str) -> tuple[str, tuple[str, ...]]:
    order = run_draw("test-2026", tied, [value]).order
    entry = f'  - tied: [{", ".join(tied)}]\n    draw:\n      values:\n        1: "{value}"\n'
    return entry + f"      order: [{', '.join(order)}]\n", order


def test_tie_resolved_by_draw_is_rerun_and_verified(home: Path, run: Run) -> None:
    entry, order = _draw_entry(["eve", "fay"], VALUE)
    counts = str(counts_yaml(home / "counts.yaml", CAP_TIE))
    resolutions = _resolutions(home, entry)
    code, out, _ = run("--counts", counts, "--resolutions", resolutions, *AFTER_DRAW, "--format", "json")
    assert code == 0
    doc = json.loads(out)
    drawn = doc["ties"][0]["resolution"]
    assert drawn["method"] == "draw" and drawn["order"] == list(order)
    assert drawn["draw"]["seed"] == run_draw("test-2026", ["eve", "fay"], [VALUE]).seed
    assert drawn["draw"]["sources"] == [
        {
            "value": VALUE,
            "origin": f"drand quicknet round {QUICKNET_ROUND}, the first round at or after 2026-09-16T14:00:00Z",
            "url": f"https://api.drand.sh/{QUICKNET}/public/{QUICKNET_ROUND}",
        }
    ]
    winner = order[0]
    assert winner in doc["cohorts"][1]["members"]
    code, md, _ = run("--counts", counts, "--resolutions", resolutions, *AFTER_DRAW, "--format", "markdown")
    assert code == 0
    assert f"election-bot draw --election test-2026 --tied eve --tied fay --value '1={VALUE}'" in md
    golden("tie-drawn.md", md)


@pytest.mark.parametrize(
    ("body", "at", "message"),
    [
        (
            AGREEMENT.replace("agreed_by: [cleo, brian]", "agreed_by: [cleo]"),
            [],
            "every tied candidate agrees",
        ),
        (AGREEMENT.replace("order: [cleo, brian]", "order: [cleo]"), [], "must list exactly the tied"),
        (
            "  - tied: [ada, eve]\n    agreement: {agreed_by: [ada, eve], order: [eve, ada]}\n",
            [],
            "does not match a tie",
        ),
        (AGREEMENT.replace("    agreement:", "    agreed:"), [], "unknown key `agreed`"),
        (AGREEMENT + AGREEMENT, [], "is resolved twice"),
        (
            AGREEMENT.replace(
                "    agreement:\n", "    draw: {values: {1: x}, order: [brian, cleo]}\n    agreement:\n"
            ),
            [],
            "exactly one of",
        ),
    ],
)
def test_bad_resolutions_exit_2(home: Path, run: Run, body: str, at: list[str], message: str) -> None:
    counts = str(counts_yaml(home / "counts.yaml", BOUNDARY))
    code, _, err = run("--counts", counts, "--resolutions", _resolutions(home, body), *at)
    assert code == 2
    assert message in err


def test_a_draw_with_the_wrong_order_is_refused(home: Path, run: Run) -> None:
    entry, order = _draw_entry(["eve", "fay"], VALUE)
    wrong = entry.replace(f"order: [{', '.join(order)}]", f"order: [{', '.join(reversed(order))}]")
    counts = str(counts_yaml(home / "counts.yaml", CAP_TIE))
    code, _, err = run("--counts", counts, "--resolutions", _resolutions(home, wrong), *AFTER_DRAW)
    assert code == 2
    assert "does not match the draw" in err


def test_a_draw_before_its_source_is_published_is_refused(home: Path, run: Run) -> None:
    entry, _ = _draw_entry(["eve", "fay"], VALUE)
    counts = str(counts_yaml(home / "counts.yaml", CAP_TIE))
    code, _, err = run(
        "--counts", counts, "--resolutions", _resolutions(home, entry), "--at", "2026-09-16T00:00:00Z"
    )
    assert code == 2
    assert "published only after 2026-09-16T14:00:00Z" in err


def test_the_resolutions_file_must_name_the_election(home: Path, run: Run) -> None:
    counts = str(counts_yaml(home / "counts.yaml", BOUNDARY))
    path = _write(home, "r.yaml", "election: other\nties: []\n")
    code, _, err = run("--counts", counts, "--resolutions", path)
    assert code == 2
    assert "`election` must be 'test-2026'" in err


# -- partial elections and configuration ----------------------------------------------------------------

SITTING = """
    - login: sam
      name: Sam Sitting
      cohort: A
      affiliations: [{organization: Microsoft Corp, relationship: employer}]
    - login: tia
      name: Tia Sitting
      cohort: A
      affiliations: [{organization: Elsewhere, relationship: employer}]"""


def test_partial_election_counts_the_sitting_members(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run
) -> None:
    make_election(
        tmp_path,
        NOMINEES,
        scope="partial",
        seats=3,
        cohorts="  - {id: B, seats: 3, term_years: 2}",
        aliases=ALIASES,
        sitting=SITTING,
    )
    monkeypatch.chdir(tmp_path)
    votes = {"ada": 10, "brian": 20, "cleo": 5, "dmitri": 90, "eve": 80, "fay": 70, "gus": 1}
    code, out, _ = run("--counts", str(counts_yaml(tmp_path / "counts.yaml", votes)), "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["cohorts"] == [
        {
            "id": "B",
            "term_years": 2,
            "members": ["dmitri", "brian", "ada"],
            "undecided_places": 0,
            "contenders": [],
        }
    ]
    assert doc["pass_overs"][0]["login"] == "eve"
    assert doc["pass_overs"][0]["entities"][0]["held_by"] == [
        {"login": "sam", "sitting": True},
        {"login": "dmitri", "sitting": False},
    ]
    code, md, _ = run("--counts", str(tmp_path / "counts.yaml"), "--format", "markdown")
    golden("partial.md", md)


def test_whole_council_with_sitting_members_is_a_configuration_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run
) -> None:
    make_election(tmp_path, NOMINEES, sitting=SITTING)
    monkeypatch.chdir(tmp_path)
    code, _, err = run("--counts", str(counts_yaml(tmp_path / "counts.yaml", VOTES)))
    assert code == 2
    assert "a whole-council election has no sitting members" in err


def test_alias_cycle_is_a_configuration_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run
) -> None:
    make_election(tmp_path, NOMINEES, aliases="{A: B, B: A}")
    monkeypatch.chdir(tmp_path)
    code, _, err = run("--counts", str(counts_yaml(tmp_path / "counts.yaml", VOTES)))
    assert code == 2
    assert "cycle" in err


def test_not_enough_candidates_leaves_seats_vacant(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run
) -> None:
    few: Mapping[str, tuple[str, Sequence[tuple[str, str]]]] = {
        k: NOMINEES[k] for k in ("ada", "brian", "cleo")
    }
    make_election(tmp_path, few)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("--counts", str(counts_yaml(tmp_path / "c.yaml", {"ada": 3, "brian": 2, "cleo": 1})))
    assert code == 0
    assert "elected (re-qualified)" in out  # cleo is the third of Example Corp, but the council needs her
    assert "vacant seats: 2" in out
    code, md, _ = run("--counts", str(tmp_path / "c.yaml"), "--format", "markdown")
    assert code == 0
    golden("requalified-vacant.md", md)


def test_results_refuses_a_recorded_draw_value_in_another_spelling(home: Path, run: Run) -> None:
    """Issue 12, weakness 9: `results` re-runs the recorded draw; a value in any spelling but the one the
    source's pattern states is refused, even when the recorded order is the one that spelling draws."""
    entry, _ = _draw_entry(["eve", "fay"], VALUE.upper())
    counts = str(counts_yaml(home / "counts.yaml", CAP_TIE))
    resolutions = _resolutions(home, entry)
    code, _, err = run("--counts", counts, "--resolutions", resolutions, *AFTER_DRAW, "--format", "json")
    assert code == 2
    assert "is not in the one form of a drand value" in err


@pytest.mark.parametrize("other", [QUICKNET_ROUND + 1, QUICKNET_ROUND - 1, QUICKNET_ROUND + 20_000])
def test_results_refuses_a_recorded_draw_from_another_round(home: Path, run: Run, other: int) -> None:
    """Issue 25, item 4: any round matching `^round [1-9][0-9]* [0-9a-f]{64}$` used to verify, so whoever
    ran the draw could try consecutive rounds and keep the order they liked. Only the one round the source
    names counts, even when the recorded order is the one that other round draws."""
    entry, _ = _draw_entry(["eve", "fay"], drand_value("abc123", other))
    counts = str(counts_yaml(home / "counts.yaml", CAP_TIE))
    resolutions = _resolutions(home, entry)
    code, out, err = run("--counts", counts, "--resolutions", resolutions, *AFTER_DRAW, "--format", "json")
    assert (code, out) == (2, "")
    assert (
        f"source 1's value is drand round {other}, but the source is drand quicknet round {QUICKNET_ROUND}, "
        "the first round at or after 2026-09-16T14:00:00Z: only that round counts"
    ) in err


def test_without_a_cap_no_one_is_passed_over_for_an_entity(home: Path, run: Run) -> None:
    """`cap: null`: the rules set no limit; the three Example candidates are elected together."""
    config = home / "nominations" / "test-2026" / "election.yaml"
    text = config.read_text()
    assert text.count("  cap: 2\n") == 1
    config.write_text(text.replace("  cap: 2\n", "  cap: null\n"))
    counts = str(counts_yaml(home / "counts.yaml", VOTES))
    code, out, _ = run("--counts", counts, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["cap"]["limit"] is None
    elected = [c["login"] for c in data["candidates"] if c["result"] == "elected"]
    assert elected == ["ada", "brian", "cleo", "dmitri", "eve"]
    code, out, _ = run("--counts", counts, "--format", "markdown")
    assert "PEP 772 sets no limit on council members tied to the same entity." in out
    assert "passed over" not in out.replace("No candidate was passed over.", "")


# Issue 25's example: ana and cyd (Xcorp employer, Yorg director), bea (Xcorp), all at 9; dov (Xcorp) 8;
# eli (Yorg) 5; four seats, cap 2. The three at 9 are elected in every order; their order decides, through
# the cap and re-qualification, whether dov or eli takes the fourth seat.
ORDER_DECIDES_OTHERS: dict[str, tuple[str, Sequence[tuple[str, str]]]] = {
    "ana": ("Ana A", [("Xcorp", "employer"), ("Yorg", "director")]),
    "cyd": ("Cyd C", [("Xcorp", "employer"), ("Yorg", "director")]),
    "bea": ("Bea B", [("Xcorp", "employer")]),
    "dov": ("Dov D", [("Xcorp", "employer")]),
    "eli": ("Eli E", [("Yorg", "employer")]),
}


@pytest.mark.parametrize("third", ["bea", "zoe"])
def test_a_tie_that_decides_someone_else_s_seat_is_never_final(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run, third: str
) -> None:
    """Renaming bea to zoe (the provisional order by login changes) changes nothing anyone reads, and the
    result is not final either way: the tie names dov and eli, whose seat it decides."""
    nominees = dict(ORDER_DECIDES_OTHERS)
    nominees[third] = nominees.pop("bea")
    make_election(tmp_path, nominees, seats=4, cohorts="  - {id: A, seats: 4, term_years: 2}")
    monkeypatch.chdir(tmp_path)
    votes = {"ana": 9, "cyd": 9, third: 9, "dov": 8, "eli": 5}
    counts = str(counts_yaml(tmp_path / "counts.yaml", votes))
    code, out, err = run("--counts", counts, "--format", "json")
    assert code == 1 and "results are not final" in err
    doc = json.loads(out)
    [tie] = doc["ties"]
    assert tie["needs_resolution"] and tie["affects"] == ["dov", "eli"]
    outcomes = {c["login"]: (c["result"], c["sure_of_seat"]) for c in doc["candidates"]}
    assert outcomes == {
        "ana": ("elected", True),
        "cyd": ("elected", True),
        third: ("elected", True),
        "dov": ("undecided", False),
        "eli": ("undecided", False),
    }
    assert doc["cohorts"][0]["undecided_places"] == 1 and doc["cohorts"][0]["contenders"] == ["dov", "eli"]
    code, out, _ = run("--counts", counts, "--format", "markdown")
    assert code == 1
    assert (
        "The tie decides who is elected among Dov D ([dov](https://github.com/dov)) and Eli E "
        "([eli](https://github.com/eli)), through the conflict-of-interest rule; the order changes nothing "
        "for the tied candidates themselves." in out
    )
    if third == "bea":
        golden("tie-decides-others.md", out)
    code, _, err = run("--counts", counts, "--post")
    assert code == 1 and "not posted" in err
