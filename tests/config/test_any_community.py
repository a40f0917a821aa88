"""Issue 30: any community's words and rules, end to end. Two communities that are not the PSF are made
by `election-bot init` from flags alone (no hand edits to what it writes), nominate by filling the
template it wrote, play their election against the stand-in (`demo --election`), count their own BLT
ballot file (`results --ballots`), publish their site and preview every text. Nothing any command writes
or prints speaks of the PSF, PEP 772, a council, cohorts, a quorum or an affirmation unless that
community's config says so; and the rules each one chose are the ones its texts state."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from bot.cli import main

PSF = r"PSF|PEP 772|psfmember|Python Software|Packaging Council|pypa"
SHA = "0123456789abcdef0123456789abcdef01234567"
COMMON = [
    "--contact",
    "elections@example.org",
    "--organisation",
    "Example Project",
    "--timezone",
    "America/Sao_Paulo",
    "--nominations",
    "2027-03-01T09:00",
    "2027-03-11T18:00",
    "--voting",
    "2027-03-15T09:00",
    "2027-03-22T18:00",
    "--bot-repository",
    "example-org/election-bot",
    "--bot-ref",
    SHA,
]
# A Technical Steering Committee: five seats for two years, at most two per employer (only employment
# counts), no quorum, no affirmation phase, a plain member list.
TSC = [
    "--id",
    "tsc-2027",
    "--title",
    "Example Project TSC election 2027",
    "--body",
    "Technical Steering Committee",
    "--seats",
    "5",
    "--term-years",
    "2",
    "--cap",
    "2",
    "--counted",
    "employer",
]
# A board in two cohorts (three seats for two years, two for one), at most a third of the board tied to
# one entity, a quorum of a quarter of the electors.
BOARD = [
    "--id",
    "board-2027",
    "--title",
    "Example Project board election 2027",
    "--body",
    "board",
    "--cohort",
    "A:3:2",
    "--cohort",
    "B:2:1",
    "--cap-share",
    "1/3",
    "--quorum",
    "0.25",
]
# Seven nominees; three work for Acme, so the cap passes one of them over.
NOMINEES = [
    ("ana", "Ana Souza", "Acme", 40),
    ("bruno", "Bruno Lima", "Acme", 38),
    ("carla", "Carla Dias", "Acme", 36),
    ("davi", "Davi Rocha", "Beta Ltda", 30),
    ("elis", "Elis Prado", "Gamma SA", 28),
    ("fabio", "Fabio Reis", "Delta", 20),
    ("gil", "Gil Santos", "Epsilon", 10),
]


def fill_template(repo: Path, election: str, login: str, name: str, employer: str) -> None:
    """What a nominee does: copy the template init wrote and fill it in."""
    text = (repo / "nominations" / "TEMPLATE.md").read_text()
    text = text.replace("Your Name", name).replace("your-github-login", login)
    text = text.replace("Your Employer", employer).replace("Your Title", "Engineer")
    text = text.replace("A Project You Maintain", "examplelib")
    text = text.replace("https://example.org/your-page", f"https://example.org/{login}")
    statement = "I have reviewed and merged pull requests in this project for many years. " * 6
    text = re.sub(r"Replace this paragraph.*", statement, text, flags=re.S)
    (repo / "nominations" / election / f"{login}.md").write_text(text)


def blt(seats: int) -> str:
    """One ballot per vote: candidate i (1-based) is marked on votes[i] ballots, approval style."""
    lines = [f"{len(NOMINEES)} {seats}"]
    for number, (_, _, _, votes) in enumerate(NOMINEES, start=1):
        lines.append(f"{votes} {number} 0")
    lines.append("0")
    lines += [f'"{name}"' for _, name, _, _ in NOMINEES]
    lines.append('"Example Project election 2027"')
    return "\n".join(lines) + "\n"


def everything(
    tmp_path: Path, args: Sequence[str], election: str, seats: int, capsys: pytest.CaptureFixture[str]
) -> dict[str, str]:
    """Every text the commands write or print for one community, by where it is."""
    repo = tmp_path / "elections"
    printed: dict[str, str] = {}

    def run(name: str, argv: list[str], expected: int = 0) -> None:
        code = main(argv)
        out, err = capsys.readouterr()
        printed[f"stdout of {name}"] = out
        printed[f"stderr of {name}"] = err
        assert code == expected, f"{name}: exit {code}\n{out}\n{err}"

    run("init", ["init", str(repo), *COMMON, *args])
    for login, name, employer, _ in NOMINEES:
        fill_template(repo, election, login, name, employer)
    root = ["--repo", str(repo)]
    run("validate", [*root, "validate", "--no-window", str(repo / "nominations" / election)])
    run("demo", [*root, "demo", "--election", election, "--transcript", str(tmp_path / "demo")])
    (repo / "ballots.blt").write_text(blt(seats))
    count = ["results", "--election", election, "--ballots", str(repo / "ballots.blt"), "--electors", "300"]
    at = ["--at", "2027-03-23T12:00:00Z"]
    run("results (table)", [*root, *count, *at])
    run("results (markdown)", [*root, *count, *at, "--format", "markdown"])
    committed = repo / "results" / election
    committed.mkdir(parents=True)
    (committed / "ballots.blt").write_text(blt(seats))
    run(
        "site",
        [*root, "site", "--election", election, "--electors", "300", "--out", str(tmp_path / "site"), *at],
    )
    run("preview", [*root, "preview", "--election", election, "--out", str(tmp_path / "preview")])
    texts = dict(printed)
    for folder in (repo, tmp_path / "demo", tmp_path / "site", tmp_path / "preview"):
        for path in folder.rglob("*"):
            if path.is_file() and path.suffix in {".md", ".html", ".yml", ".yaml", ".ics", ".json", ".txt"}:
                text = path.read_text(encoding="utf-8")
                if path.name == "election.yaml":
                    # A key and a value of the config's language, not words to readers.
                    text = text.replace("whole-council", "").replace("\ncohorts:", "\n")
                if path.suffix == ".json":
                    # The schemas describe the whole config language (cohorts, quorum, affirmation
                    # phases...): only the PSF's words are checked there.
                    text = re.sub(
                        r"psf_membership|council|cohort|affirm|quorum|decision-making", "", text, flags=re.I
                    )
                texts[str(path.relative_to(tmp_path))] = text
    return texts


def none_of(pattern: str, texts: dict[str, str]) -> None:
    found = [
        f"{where}: …{text[max(m.start() - 70, 0) : m.end() + 50]!r}…"
        for where, text in texts.items()
        for m in [re.search(pattern, text, re.I)]
        if m is not None
    ]
    assert not found, "\n".join(found)


def joined(texts: dict[str, str]) -> str:
    return re.sub(r"\s+", " ", "\n".join(texts.values()))


def test_a_technical_steering_committee_reads_only_its_own_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("GITHUB_TOKEN", "GITHUB_REPOSITORY", "ELECTION_BOT_ROSTER"):
        monkeypatch.delenv(name, raising=False)
    texts = everything(tmp_path, TSC, "tsc-2027", 5, capsys)
    none_of(rf"{PSF}|council|cohort|affirm|decision-making", texts)
    # `quorum: null` is a rule the admins chose, and init says so to them; to nobody else.
    admins = {"stdout of init", "elections/nominations/tsc-2027/election.yaml"}
    assert "no quorum" in texts["stdout of init"]
    none_of("quorum", {where: text for where, text in texts.items() if where not in admins})
    every = joined(texts)
    # The cap sentence from the one relationship counted, in the body's own name.
    assert "at most 2 Technical Steering Committee members be employed by the same entity" in every
    assert "No more than 2 Technical Steering Committee members may be employed by the same entity." in every
    # One cohort: the term, never a cohort's id.
    assert "Elected for a two-year term:" in every
    assert '<h2 id="elected">The Technical Steering Committee</h2>' in texts["site/tsc-2027/results.html"]
    assert "Technical Steering Committee:" in texts["stdout of results (table)"]
    # The site says how it shows times, truly: in the election's zone, with UTC beside them.
    assert (
        "Times are shown in America/Sao_Paulo local time, with UTC beside them." in texts["site/index.html"]
    )
    assert "Mon 22 Mar 2027, 18:00 -03 (21:00 UTC)" in texts["site/tsc-2027/index.html"]
    # The callers call the repository init was told, pinned to the commit.
    assert f"example-org/election-bot/.github/workflows/reusable-phases.yml@{SHA}" in every
    # The console table is whole in the demo's story: every merged nominee has a row.
    results = texts["stdout of demo"].split("== Results ==")[1]
    assert all(re.search(rf"^\s*\d+\s+{login}\s", results, re.M) for login, *_ in NOMINEES), results


def test_a_board_in_cohorts_with_a_share_cap_and_a_quorum_reads_its_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("GITHUB_TOKEN", "GITHUB_REPOSITORY", "ELECTION_BOT_ROSTER"):
        monkeypatch.delenv(name, raising=False)
    texts = everything(tmp_path, BOARD, "board-2027", 5, capsys)
    none_of(rf"{PSF}|council|affirm", texts)
    every = joined(texts)
    # Several cohorts: each by its id and term.
    assert "**Cohort A** (2-year term)" in every and "**Cohort B** (1-year term)" in every
    # A third of a five-member board is one member: the sentence says both.
    assert (
        "No more than 1/3 of the board (1 of its 5 members) may be employed by or have decision-making "
        "power over the same entity." in every
    )
    # The quorum it chose, met by 202 ballots of 300 electors.
    assert "the quorum of 25 % of electors is met" in every


def election_of(**answers: object) -> object:
    from bot.config.loading import load_election
    from bot.config.scaffold import Answers, election_yaml

    given = Answers(
        id="e-2027",
        title="E",
        contact="e@example.org",
        nominations=("2027-03-01T09:00:00Z", "2027-03-11T18:00:00Z"),
        voting=("2027-03-15T09:00:00Z", "2027-03-22T18:00:00Z"),
        **answers,  # type: ignore[arg-type]
    )
    return load_election(election_yaml(given).encode(), "nominations/e-2027/election.yaml", "e-2027")


@pytest.mark.parametrize(
    ("cohorts", "share", "limit"),
    [((("A", 6, 2),), "1/3", 2), ((("A", 3, 2), ("B", 2, 1)), "1/3", 1), ((("A", 2, 2),), "1/3", 1)],
)
def test_a_share_of_the_body_is_rounded_down_and_never_below_one(
    cohorts: tuple[tuple[str, int, int], ...], share: str, limit: int
) -> None:
    loaded = election_of(cohorts=cohorts, cap_share=share)
    election = loaded.election  # type: ignore[attr-defined]
    assert election is not None, loaded.findings  # type: ignore[attr-defined]
    assert election.conflict_of_interest.limit == limit


def test_a_cap_is_a_number_or_a_share_never_both_nor_more_than_the_body() -> None:
    from bot.config.models import ConflictOfInterest

    with pytest.raises(ValueError, match="either `cap`"):
        ConflictOfInterest(cap=2, share="1/3")
    with pytest.raises(ValueError, match="more than the whole body"):
        ConflictOfInterest(share="4/3")
    with pytest.raises(ValueError, match="needs the body's size"):
        _ = ConflictOfInterest(share="1/3").limit


@pytest.mark.parametrize(
    ("counted", "phrase"),
    [
        (("employer",), "be employed by"),
        (
            ("employer", "contractor", "officer", "director", "owner"),
            "be employed by or have decision-making power over",
        ),
        (("employer", "director"), "be employed by or sit on the board of"),
        (("contractor", "maintainer"), "work as contractors for or be maintainers of"),
    ],
)
def test_the_cap_sentence_names_only_the_relationships_counted(counted: tuple[str, ...], phrase: str) -> None:
    from bot.text import wording

    loaded = election_of(counted=counted, body="board")
    election = loaded.election  # type: ignore[attr-defined]
    assert (
        wording.cap_sentence(election, 2)
        == f"The election's rules let at most 2 board members {phrase} the same entity"
    )


def test_init_prints_what_it_chose(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", str(tmp_path), *COMMON, *BOARD]) == 0
    out = capsys.readouterr().out
    assert "5 seats in 2 cohorts (A: 3 for 2 years; B: 2 for 1 year)" in out
    assert "a quorum of 0.25 of the electors" in out
    # in the election's zone and UTC, as every other time the admins read (not `2027-03-22T21:00:00+00:00`)
    assert (
        "tie draw: drand quicknet, the first round at or after Mon 22 Mar 2027, 18:00 -03 (21:00 UTC)" in out
    )
