"""`election-bot results --ballots`: BLT approval and star.vote CSV Bloc STAR end to end — names,
withdrawals, the cross-checks, the recount command, JSON and the announcement."""

from __future__ import annotations

import hashlib
import io
import json
import shlex
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from bot.cli import main
from bot.results.draw import run_draw
from tests.helpers.results import drand_value, make_election

Run = Callable[..., tuple[int, str, str]]
AFTER_DRAW = ["--at", "2026-09-17T00:00:00Z"]

NOMINEES: dict[str, tuple[str, Sequence[tuple[str, str]]]] = {
    "ada": ("Ada Lovelace", [("Example Corp.", "employer")]),
    "brian": ("Brian Kernighan", [("EXAMPLE CORPORATION", "director")]),
    "cleo": ("Cleo Example", [("Example Corp", "contractor")]),
    "dmitri": ("Dmitri M", [("Independent", "member")]),
    "eve": ("Éve Ñoël", [("Eve Consulting", "owner")]),
    "fay": ("Fay F", [("Fay Ltd", "employer")]),
    "gus": ("Gus G", [("Gus Inc", "employer")]),
}
BLT_NAMES = '"Ada Lovelace"\n"Brian Kernighan"\n"Cleo Example"\n"Dmitri M"\n"Eve Noel"\n"Fay F"\n"Gus G"\n'
# Hand-worked: ada 3+2=5, brian 3+1=4, cleo 3 (passed over: Example Corp has ada and brian), dmitri 2+1=3,
# eve 2 (via the names file), fay 1+1=2, gus 1; 3+2+1+1+1 = 8 ballots, one of them blank.
BALLOTS = (
    "7 5\n3 1 2 3 0\n2 1 4 5 0\n1 2 4 6 0\n1 6 7 0\n1 0\n0\n" + BLT_NAMES + '"Test Council election 2026"\n'
)


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    def call(*args: str) -> tuple[int, str, str]:
        code = main(["results", "--election", "test-2026", *args])
        out, err = capsys.readouterr()
        return code, out, err

    return call


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    make_election(tmp_path, NOMINEES)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ballots.blt").write_text(BALLOTS)
    (tmp_path / "names.yaml").write_text('election: test-2026\nnames:\n  "Eve Noel": eve\n')
    return tmp_path


def election_yaml(home: Path, extra: str) -> None:
    path = home / "nominations" / "test-2026" / "election.yaml"
    path.write_text(path.read_text() + extra)


BASE = ["--ballots", "ballots.blt", "--electors", "10", "--names", "names.yaml"]


def test_blt_approval_end_to_end(home: Path, run: Run) -> None:
    code, out, err = run(*BASE, "--format", "json")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert {c["login"]: c["votes"] for c in doc["candidates"]} == {
        "ada": 5, "brian": 4, "cleo": 3, "dmitri": 3, "eve": 2, "fay": 2, "gus": 1
    }  # fmt: skip
    assert doc["quorum"]["ballots_cast"] == 8 and doc["quorum"]["electors"] == 10
    assert [p["login"] for p in doc["pass_overs"]] == ["cleo"]
    assert doc["cohorts"][0]["members"] == ["ada", "brian"]
    counting = doc["counting"]
    assert counting["method"] == "approval" and counting["source"] == "ballots"
    assert (
        counting["ballot_file"]["sha256"] == hashlib.sha256((home / "ballots.blt").read_bytes()).hexdigest()
    )
    assert counting["ballot_file"]["format"] == "blt"
    assert counting["recount_command"] == (
        "election-bot results --election test-2026 --ballots ballots.blt --ballot-format blt --electors 10 "
        "--names names.yaml"
    )
    eve = next(c for c in doc["candidates"] if c["login"] == "eve")
    assert eve["ballot_name"] == "Eve Noel"
    assert run(*BASE, "--json")[1] == out  # `results --json` is `--format json`


def test_the_published_recount_command_recomputes_the_same_results(
    home: Path, run: Run, capsys: pytest.CaptureFixture[str]
) -> None:
    _, first, _ = run(*BASE, "--format", "json")
    command = shlex.split(json.loads(first)["counting"]["recount_command"])
    assert command[:2] == ["election-bot", "results"]
    assert main([*command[1:], "--format", "json"]) == 0
    assert capsys.readouterr().out == first


def test_announcement_states_method_hash_and_recount(home: Path, run: Run) -> None:
    code, md, _ = run(*BASE, "--format", "markdown", "--ballots-url", "https://example.org/ballots.blt")
    assert code == 0
    digest = hashlib.sha256((home / "ballots.blt").read_bytes()).hexdigest()
    assert "By approval voting, tallied by election-bot from the voting service's own ballot file" in md
    assert f"SHA-256 `{digest}`" in md
    assert "The anonymised ballots are published at `https://example.org/ballots.blt`" in md
    assert "election-bot results --election test-2026 --ballots ballots.blt" in md
    assert "| Rank | Candidate | Votes | Result |\n" in md  # four columns: a phone shows them all


def test_bom_and_crlf_give_the_same_tally(home: Path, run: Run) -> None:
    _, plain, _ = run(*BASE, "--format", "json")
    (home / "ballots.blt").write_bytes(b"\xef\xbb\xbf" + BALLOTS.replace("\n", "\r\n").encode())
    code, changed, _ = run(*BASE, "--format", "json")
    assert code == 0
    a, b_ = json.loads(plain), json.loads(changed)
    assert a["counting"]["ballot_file"]["sha256"] != b_["counting"]["ballot_file"]["sha256"]
    a.pop("counting"), b_.pop("counting")
    assert a == b_


def test_withdrawn_nominee_recorded_by_the_admins(home: Path, run: Run) -> None:
    election_yaml(home, "voting:\n  withdrawn:\n    - {login: gus, note: withdrew by email on 2026-09-03}\n")
    (home / "ballots.blt").write_text(BALLOTS.replace("7 5\n", "7 5\n-7\n"))
    code, out, _ = run(*BASE, "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert "gus" not in [c["login"] for c in doc["candidates"]]
    assert doc["counting"]["withdrawn"] == [
        {"login": "gus", "name": "Gus G", "note": "withdrew by email on 2026-09-03", "on_ballot": True}
    ]
    _, md, _ = run(*BASE, "--format", "markdown")
    assert "Withdrawn candidates (not counted):" in md and "withdrew by email on 2026\\-09\\-03" in md
    # Absent from the ballot altogether is fine too once the withdrawal is recorded.
    lines = BALLOTS.replace("7 5\n", "6 5\n").replace("1 6 7 0\n", "1 6 0\n").replace('"Gus G"\n', "")
    (home / "ballots.blt").write_text(lines)
    assert run(*BASE)[0] == 0


def test_an_empty_write_in_slot_is_left_out_with_a_note(home: Path, run: Run) -> None:
    _, plain, _ = run(*BASE, "--format", "json")
    # Two write-in slots that no ballot marks and no nomination names; the file also withdraws the second.
    slots = BALLOTS.replace("7 5\n", "9 5\n-9\n").replace(
        '"Gus G"\n', '"Gus G"\n"Write-in 1"\n"Write-in 2"\n'
    )
    (home / "ballots.blt").write_text(slots)
    code, out, err = run(*BASE, "--format", "json")
    assert code == 0
    assert err == (
        "note: ballots.blt:16: 'Write-in 1' is not counted: no ballot marks it and it matches no nomination "
        "(an empty write-in slot)\n"
        "note: ballots.blt:17: 'Write-in 2' is not counted: no ballot marks it and it matches no nomination "
        "(an empty write-in slot)\n"
    )
    a, b_ = json.loads(plain), json.loads(out)
    assert a.pop("counting")["ballot_file"]["sha256"] != b_.pop("counting")["ballot_file"]["sha256"]
    assert a == b_  # the same candidates, totals and council
    # The voting service's own totals may list the slots: they are not compared.
    (home / "service.csv").write_text(
        "candidate,total\nAda Lovelace,5\nBrian Kernighan,4\nCleo Example,3\nDmitri M,3\nEve Noel,2\nFay F,2\n"
        "Gus G,1\nWrite-in 1,0\n"
    )
    assert run(*BASE, "--service-totals", "service.csv")[0] == 0
    # Marked on one ballot, the slot is a name that is no nominee: the count stops.
    (home / "ballots.blt").write_text(slots.replace("1 6 7 0\n", "1 6 7 8 0\n"))
    code, _, err = run(*BASE)
    assert code == 2 and "ballots.blt:16: the candidate 'Write-in 1' matches no merged nomination" in err


def test_a_tie_at_the_last_seat_resolved_by_a_draw(home: Path, run: Run) -> None:
    # One more ballot for gus: eve, fay and gus tie at 2 for the last two seats (cleo is passed over).
    (home / "ballots.blt").write_text(BALLOTS.replace("1 6 7 0\n", "1 6 7 0\n1 7 0\n"))
    code, out, _ = run(*BASE, "--format", "json")
    assert code == 1
    doc = json.loads(out)
    tie = next(t for t in doc["ties"] if t["needs_resolution"])
    assert sorted(tie["candidates"]) == ["eve", "fay", "gus"] and tie["votes"] == 2
    order = run_draw("test-2026", ["eve", "fay", "gus"], [drand_value("feed")]).order
    (home / "res.yaml").write_text(
        "election: test-2026\nties:\n  - tied: [eve, fay, gus]\n    draw:\n      values:\n"
        f'        1: "{drand_value("feed")}"\n      order: [{", ".join(order)}]\n'
    )
    code, out, _ = run(*BASE, "--resolutions", "res.yaml", *AFTER_DRAW, "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["cohorts"][1]["members"] == ["dmitri", *order[:2]]
    assert doc["counting"]["recount_command"].endswith("--resolutions res.yaml")


def test_service_totals_must_equal_the_tally(home: Path, run: Run) -> None:
    good = "candidate,total\nAda Lovelace,5\nBrian Kernighan,4\nCleo Example,3\nDmitri M,3\nEve Noel,2\nFay F,2\nGus G,1\n"
    (home / "service.csv").write_text(good)
    assert run(*BASE, "--service-totals", "service.csv")[0] == 0
    (home / "service.csv").write_text(good.replace("Ada Lovelace,5", "Ada Lovelace,6"))
    code, out, err = run(*BASE, "--service-totals", "service.csv", "--post")
    assert (code, out) == (2, "")
    assert "the voting service's totals differ from the tally of the ballot file" in err
    assert "Ada Lovelace           5        6          -1" in err
    assert "Brian Kernighan        4        4           =" in err


@pytest.mark.parametrize(
    ("change", "args", "message"),
    [
        (("7 5\n", "7 3\n"), [], "ballots.blt:1: the file is for 3 seats but the election has 5"),
        (("", ""), ["--electors", "7"], "8 ballots were cast but there are only 7 electors"),
        (('"Fay F"', '"Fay Fx"'), [], "ballots.blt:13: the candidate 'Fay Fx' matches no merged nomination"),
        (("7 5\n", "7 5\n-6\n"), [], "the file marks 'Fay F' (fay) withdrawn, but no withdrawal is recorded"),
        (("", ""), ["--ballot-format", "star-csv"], "a star-csv file cannot be counted by approval"),
        (("", ""), ["--ballots-cast", "3"], "--ballots counts the ballots cast itself"),
    ],
)
def test_cross_checks_exit_2_and_post_nothing(
    home: Path, run: Run, change: tuple[str, str], args: list[str], message: str
) -> None:
    if change[0]:
        (home / "ballots.blt").write_text(BALLOTS.replace(*change))
    code, out, err = run(*BASE, *args, "--post")
    assert (code, out) == (2, ""), err
    assert message in err
    assert "Traceback" not in err


def test_ballots_need_electors(home: Path, run: Run) -> None:
    code, _, err = run("--ballots", "ballots.blt", "--names", "names.yaml")
    # The test election has no affirmation phase: it asks for the electors, not for those who affirmed.
    assert code == 2 and "the ballots need the number of electors (for" in err and "affirm" not in err
    election_yaml(home, "voting: {electors: 10}\n")
    code, out, _ = run("--ballots", "ballots.blt", "--names", "names.yaml", "--format", "json")
    assert code == 0 and json.loads(out)["quorum"]["electors"] == 10
    assert "--electors 10" in json.loads(out)["counting"]["recount_command"]
    code, _, err = run("--ballots", "ballots.blt", "--names", "names.yaml", "--electors", "11")
    assert code == 2 and "--electors 11 differs from election.yaml's voting.electors 10" in err


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("election: other-2026\nnames: {}\n", "names.yaml:1: `election` must be 'test-2026'"),
        (
            "election: test-2026\nnames:\n  Eve Noel: not a login\n",
            "names.yaml:3: 'not a login' is not a GitHub login",
        ),
        (
            "election: test-2026\nnames:\n  Eve Noel: zed\n",
            "names.yaml:3: maps 'Eve Noel' to 'zed', who has no merged nomination",
        ),
        ("election: test-2026\nnames:\n  Eve Noel: eve\n  EVE  NOEL: eve\n", "'EVE  NOEL' is listed twice"),
        ("- a list\n", "names.yaml:1: the names file is a mapping with `election` and `names`"),
    ],
)
def test_bad_names_files_exit_2(home: Path, run: Run, body: str, message: str) -> None:
    (home / "names.yaml").write_text(body)
    code, _, err = run(*BASE)
    assert code == 2 and message in err, err


def test_a_names_file_that_would_swap_two_nominees_is_refused_line_by_line(home: Path, run: Run) -> None:
    """Issue 25, item 5: `"Ada Lovelace": gus` / `"Gus G": ada` once gave each the other's votes, and the
    announcement did not show it. Both lines are refused in one run, each with its file, line and both
    nominees."""
    (home / "names.yaml").write_text(
        'election: test-2026\nnames:\n  "Eve Noel": eve\n  "Ada Lovelace": gus\n  "Gus G": ada\n'
    )
    code, out, err = run(*BASE, "--format", "markdown")
    assert (code, out) == (2, "")
    assert "2 problems with the candidates' names" in err
    assert (
        "names.yaml:4: maps 'Ada Lovelace' to gus (Gus G), but 'Ada Lovelace' is the name on ada's nomination"
        in err
    )
    assert (
        "names.yaml:5: maps 'Gus G' to ada (Ada Lovelace), but 'Gus G' is the name on gus's nomination" in err
    )
    assert "never overrides one that does; remove this line" in err


def test_every_mapping_used_is_published(home: Path, run: Run) -> None:
    code, out, _ = run(*BASE, "--format", "json")
    assert code == 0
    assert json.loads(out)["counting"]["names_file"] == {
        "name": "names.yaml",
        "mappings": [{"ballot_name": "Eve Noel", "login": "eve"}],
    }
    code, markdown, _ = run(*BASE, "--format", "markdown")
    assert code == 0
    assert "the admins' names file `names.yaml` matched them to the nominations:" in markdown
    assert "- “Eve Noel” on the ballot file is Éve Ñoël ([eve](https://github.com/eve))" in markdown
    code, table, _ = run(*BASE)
    assert code == 0 and "Matched by the names file names.yaml: 'Eve Noel' is eve" in table
    (home / "names.yaml").unlink()
    (home / "ballots.blt").write_text(BALLOTS.replace('"Eve Noel"', '"Éve Ñoël"'))
    code, out, _ = run("--ballots", "ballots.blt", "--electors", "10", "--format", "json")
    assert code == 0 and json.loads(out)["counting"]["names_file"] is None
    code, markdown, _ = run("--ballots", "ballots.blt", "--electors", "10", "--format", "markdown")
    assert "names file" not in markdown


def test_counts_file_still_works_and_says_so(home: Path, run: Run) -> None:
    (home / "counts.yaml").write_text(
        "electors: 10\nballots_cast: 8\nvotes:\n"
        + "".join(
            f"  {k}: {v}\n"
            for k, v in {"ada": 5, "brian": 4, "cleo": 3, "dmitri": 3, "eve": 2, "fay": 2, "gus": 1}.items()
        )
    )
    code, out, _ = run("--counts", "counts.yaml", "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["counting"]["source"] == "counts" and doc["counting"]["ballot_file"] is None
    _, from_ballots, _ = run(*BASE, "--format", "json")
    a, b_ = json.loads(out), json.loads(from_ballots)
    for d in (a, b_):
        d.pop("counting")
        for c in d["candidates"]:
            c.pop("ballot_name")
    assert a == b_


# -- Bloc STAR end to end ------------------------------------------------------------------------------

STAR_NOMINEES: dict[str, tuple[str, Sequence[tuple[str, str]]]] = {
    "a": ("Ann A", [("X Corp", "employer")]),
    "b": ("Bea B", [("Bea Ltd", "employer")]),
    "c": ("Cal C", [("Cal Ltd", "employer")]),
    "d": ("Dan D", [("X Corporation", "employer")]),
    "e": ("Eli E", [("X", "director")]),
}
STAR_CSV = (
    "voterid,date,pollid,Ann A,Bea B,Cal C,Dan D,Eli E\n"
    "v1,2026-09-02,t,5,2,5,1,3\n"
    "v2,2026-09-02,t,2,4,2,5,0\n"
    "v3,2026-09-02,t,5,5,0,4,5\n"
)
FOUR = "  - {id: A, seats: 2, term_years: 2}\n  - {id: B, seats: 2, term_years: 1}"


@pytest.fixture
def star(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    make_election(tmp_path, STAR_NOMINEES, seats=4, cohorts=FOUR)
    election_yaml(tmp_path, "voting: {method: bloc-star}\n")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "scores.csv").write_text(STAR_CSV)
    return tmp_path


def test_bloc_star_end_to_end_cap_and_cohorts_follow_its_order(star: Path, run: Run) -> None:
    code, out, err = run("--ballots", "scores.csv", "--electors", "5", "--format", "json")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    # Totals a 12, b 11, d 10, e 8, c 7; Bloc STAR seats a, b, e, d, c (tests/results/test_ballots_star.py).
    assert [(c["rank"], c["login"], c["points"]) for c in doc["candidates"]] == [
        (1, "a", 12), (2, "b", 11), (3, "e", 8), (4, "d", 10), (5, "c", 7)
    ]  # fmt: skip
    assert [p["login"] for p in doc["pass_overs"]] == ["d"]  # X has a and e; by totals it would be e
    assert doc["cohorts"][1]["members"] == ["e", "c"]
    assert doc["counting"]["method"] == "bloc-star" and doc["counting"]["totals"] == "points"
    _, md, _ = run("--ballots", "scores.csv", "--electors", "5", "--format", "markdown")
    assert "| Place | Candidate | Points | Result |\n" in md
    assert "By Bloc STAR, tallied by election-bot" in md


UNBREAKABLE_CSV = "voterid,date,pollid,Ann A,Bea B,Cal C\nv1,,,5,3,2\nv2,,,5,2,3\nv3,,,0,3,3\n"
TWO = "  - {id: A, seats: 1, term_years: 2}\n  - {id: B, seats: 1, term_years: 1}"


def test_bloc_star_tie_the_protocol_cannot_break_goes_to_the_draw(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_election(tmp_path, {k: STAR_NOMINEES[k] for k in "abc"}, seats=2, cohorts=TWO)
    election_yaml(tmp_path, "voting: {method: bloc-star}\n")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "s.csv").write_text(UNBREAKABLE_CSV)
    code, out, _ = run("--ballots", "s.csv", "--electors", "3", "--format", "json")
    assert code == 1
    doc = json.loads(out)
    assert doc["status"] == "ties-unresolved"
    assert doc["ties"][0]["stage"] == "round 1, scoring round" and doc["ties"][0]["points"] is None
    assert doc["ties"][0]["needs_resolution"] and doc["ties"][0]["decides"] == ["seat"]
    assert doc["cohorts"][0]["members"] == ["a"] and doc["cohorts"][1]["undecided_places"] == 1
    order = run_draw("test-2026", ["b", "c"], [drand_value("cafe")]).order
    (tmp_path / "r.yaml").write_text(
        f'election: test-2026\nties:\n  - tied: [b, c]\n    draw:\n      values: {{1: "{drand_value("cafe")}"}}\n      order: [{", ".join(order)}]\n'
    )
    code, out, _ = run(
        "--ballots", "s.csv", "--electors", "3", "--resolutions", "r.yaml", *AFTER_DRAW, "--format", "json"
    )
    assert code == 0
    doc = json.loads(out)
    assert doc["cohorts"][1]["members"] == [order[0]]
    assert doc["ties"][0]["resolution"]["method"] == "draw"
    _, md, _ = run(
        "--ballots",
        "s.csv",
        "--electors",
        "3",
        "--resolutions",
        "r.yaml",
        *AFTER_DRAW,
        "--format",
        "markdown",
    )
    assert "tied in round 1, scoring round of the Bloc STAR count" in md
    # A resolution for a tie the count never met is refused.
    (tmp_path / "r.yaml").write_text(
        "election: test-2026\nties:\n  - tied: [a, b]\n    agreement: {agreed_by: [a, b], order: [a, b]}\n"
    )
    code, _, err = run("--ballots", "s.csv", "--electors", "3", "--resolutions", "r.yaml")
    assert (
        code == 2
        and "error: r.yaml: the resolution for a, b matches no tie the Bloc STAR count could not break" in err
    )


def test_bloc_star_service_totals_are_total_scores(star: Path, run: Run) -> None:
    (star / "t.csv").write_text("candidate,total\nAnn A,12\nBea B,11\nCal C,7\nDan D,10\nEli E,9\n")
    code, _, err = run("--ballots", "scores.csv", "--electors", "5", "--service-totals", "t.csv")
    assert code == 2 and "total scores differ" in err and "Eli E            8        9          -1" in err


# star.vote's real export writes its header HTML-escaped (the Eurovision 2023 poll in starvote's
# test_elections: `Norway - &quot;Queen of Kings&quot;`); the nominations and star.vote's own results page
# show the names unescaped.
ESCAPED_NOMINEES: dict[str, tuple[str, Sequence[tuple[str, str]]]] = {
    "no": ("'Norway - \"Queen of Kings\"'", [("Norway", "member")]),
    "be": ('"Beto O\'Rourke - D"', [("Beto Ltd", "employer")]),
    "pt": ("'Portugal - \"Ai Coração\"'", [("Portugal", "member")]),
}
ESCAPED_CSV = (
    'voterID,voteTime,pollID,"Norway - &quot;Queen of Kings&quot;","Beto O&#039;Rourke - D",'
    '"Portugal - &quot;Ai Cora&ccedil;&atilde;o&quot;"\n'
    'a1,"2023-05-14 12:52:42",p1,4,1,3\n'
    'a2,"2023-05-14 13:06:27",p1,5,2,5\n'
    'a3,"2023-05-14 14:56:54",p1,0,5,0\n'
)


def test_star_vote_escaped_names_match_the_nominations_and_the_service_page(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_election(tmp_path, ESCAPED_NOMINEES, seats=2, cohorts=TWO)
    election_yaml(tmp_path, "voting: {method: bloc-star}\n")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "poll.csv").write_text(ESCAPED_CSV)
    args = ["--ballots", "poll.csv", "--electors", "3"]
    code, out, err = run(*args, "--format", "json")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert {c["login"]: (c["ballot_name"], c["points"]) for c in doc["candidates"]} == {
        "no": ('Norway - "Queen of Kings"', 9),
        "be": ("Beto O'Rourke - D", 8),
        "pt": ('Portugal - "Ai Coração"', 8),
    }
    # The service's totals as its results page shows the names, or copied from the CSV's escaped header.
    page = 'candidate,total\n"Norway - ""Queen of Kings""",9\nBeto O\'Rourke - D,8\n"Portugal - ""Ai Coração""",8\n'
    copied = (
        'candidate,total\n"Norway - &quot;Queen of Kings&quot;",9\nBeto O&#039;Rourke - D,8\n'
        '"Portugal - &quot;Ai Cora&ccedil;&atilde;o&quot;",8\n'
    )
    for body in (page, copied):
        (tmp_path / "t.csv").write_text(body)
        assert run(*args, "--service-totals", "t.csv")[0] == 0, body
    (tmp_path / "t.csv").write_text(page.replace(",8\n", ",7\n", 1))
    code, _, err = run(*args, "--service-totals", "t.csv")
    assert code == 2 and "Beto O'Rourke - D                8        7          +1" in err


# -- the progress line ----------------------------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_large_file_shows_a_progress_line_on_a_terminal_only(home: Path) -> None:
    from bot.commands.args import load_election
    from bot.ports.ballot_files import (
        PROGRESS_FROM_BYTES,
        BallotOptions,
        count_ballots,
        progress_printer,
    )

    assert progress_printer(PROGRESS_FROM_BYTES - 1, Terminal(), "b.blt") is None
    assert progress_printer(PROGRESS_FROM_BYTES, io.StringIO(), "b.blt") is None  # a log, not a terminal
    lines = "1 1 2 4 6 0\n" * 120_000  # 1.4 MB
    (home / "big.blt").write_text(BALLOTS.replace("1 0\n0\n", "1 0\n" + lines + "0\n"))
    from bot.ports.repository import find_root
    from bot.ports.results_files import load_nominations

    root = find_root(home)
    election = load_election("test-2026", root)
    nominations = load_nominations(root, election)
    screen = Terminal()
    options = BallotOptions(Path("big.blt"), None, 200_000, names=Path("names.yaml"))
    counted = count_ballots(options, election, nominations, {}, stream=screen)
    assert counted.ballots_cast == 8 + 120_000
    shown = screen.getvalue()
    assert shown.startswith("\rbig.blt: 10,000 ballots read") and "\rbig.blt: 120,000 ballots read" in shown
    assert shown.endswith("\n")
