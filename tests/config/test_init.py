"""`election-bot init`: a non-PSF community scaffolded into an empty folder, then used by every local
command; idempotent, never overwriting, and refusing bad answers before writing anything."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.cli import main
from bot.text.catalogue import CATALOGUE
from tests.helpers.config import neutral

ARGS = [
    "--id",
    "steering-2027",
    "--title",
    "Example Project steering council election 2027",
    "--contact",
    "steering@example.org",
    "--organisation",
    "Example Project",
    "--body",
    "steering council",
    "--rules-name",
    "the Example Project charter",
    "--rules-url",
    "https://example.org/charter",
    "--directory",
    "project member list",
    "--timezone",
    "Europe/Berlin",
    "--nominations",
    "2027-03-01T09:00",
    "2027-03-11T18:00",
    "--voting",
    "2027-03-15T09:00",
    "2027-03-22T18:00",
    "--admin",
    "example-admin",
    "--attestation",
    "code_of_conduct=I follow the project's code of conduct.",
    "--no-cap",
]

WRITTEN = [
    "nominations/steering-2027/election.yaml",
    "nominations/TEMPLATE.md",
    "nominations/README.md",
    "ADMINS.md",
]


def fill_template(repo: Path, login: str, name: str) -> Path:
    text = (repo / "nominations" / "TEMPLATE.md").read_text()
    text = text.replace("Your Name", name).replace("your-github-login", login)
    text = text.replace("Your Employer", "Example Corp").replace("Your Title", "Engineer")
    text = text.replace("A Project You Maintain", "examplelib").replace(
        "https://example.org/your-page", f"https://example.org/{login}"
    )
    text = re.sub(
        r"Replace this paragraph.*", "I have reviewed pull requests for five years. " * 12, text, flags=re.S
    )
    path = repo / "nominations" / "steering-2027" / f"{login}.md"
    path.write_text(text)
    return path


def test_init_scaffolds_a_community_that_every_command_then_works_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    repo = tmp_path / "elections"
    assert main(["init", str(repo), *ARGS]) == 0
    out = capsys.readouterr().out
    for relative in WRITTEN:
        assert f"wrote {relative}" in out
        neutral((repo / relative).read_text(), relative)
    assert "Next:" in out and "labels --apply" in out

    config = (repo / "nominations/steering-2027/election.yaml").read_text()
    assert "timezone: Europe/Berlin" in config and 'start: "2027-03-01T09:00"' in config
    assert "conflict_of_interest: {cap: null}" in config  # no cap
    assert "\nquorum: null\n" in config  # no quorum unless --quorum says one
    guide = (repo / "nominations/README.md").read_text()
    assert "Mon 1 Mar 2027, 09:00 CET (08:00 UTC)" in guide  # the window in local time, next to UTC
    # ... and linked to the instant in the reader's own zone (issue 29, point 10)
    assert (
        "[Mon 1 Mar 2027, 09:00 CET (08:00 UTC)](https://www.timeanddate.com/worldclock/fixedtime.html?iso=20270301T0800&p1=1440)"
        in guide
    )
    assert all(f'<a id="{code.lower()}"></a>' in guide for code in CATALOGUE)  # the reports' links land
    template = (repo / "nominations/TEMPLATE.md").read_text()
    assert "membership: member" in template and "code_of_conduct: true" in template

    # The untouched template is caught as left-over placeholders; a filled-in copy is valid.
    raw = repo / "nominations/steering-2027/copy.md"
    raw.write_text(template)
    assert main(["validate", str(raw), "--no-window"]) == 1
    assert "NOM021" in capsys.readouterr().out
    raw.unlink()
    filled = fill_template(repo, "ada", "Ada Example")
    assert main(["validate", str(filled), "--no-window"]) == 0
    fill_template(repo, "grace", "Grace Sample")
    capsys.readouterr()

    assert main(["--repo", str(repo), "timeline", "--election", "steering-2027"]) == 0
    assert (
        main(["--repo", str(repo), "preview", "--election", "steering-2027", "--out", str(tmp_path / "p")])
        == 0
    )
    for text_file in (tmp_path / "p").iterdir():
        neutral(text_file.read_text(), text_file.name)
    voting = (tmp_path / "p" / "voting-issue.md").read_text()
    assert "Ada Example" in voting and "Eligible voters receive a ballot" in voting

    # ... and its own election is played against the stand-in, with its own nominees.
    transcript = tmp_path / "transcript"
    assert (
        main(["--repo", str(repo), "demo", "--election", "steering-2027", "--transcript", str(transcript)])
        == 0
    )
    story = capsys.readouterr().out
    assert (
        "ada opens #" in story and "grace opens #" in story and "election-bot results --post: exit 0" in story
    )
    for written in transcript.rglob("*"):
        if written.is_file() and written.suffix in (".md", ".html"):
            neutral(written.read_text(), str(written.relative_to(transcript)))
    results_page = (transcript / "site" / "steering-2027" / "results.html").read_text()
    assert "The Example Project charter sets no limit on steering council members" in results_page
    assert "quorum" not in results_page.casefold()  # the rules set none: the results never speak of one
    neutral(capsys.readouterr().out, "command output")


def test_init_is_idempotent_and_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = tmp_path / "elections"
    assert main(["init", str(repo), *ARGS]) == 0
    guide = repo / "nominations" / "README.md"
    guide.write_text("# Our own guide\n")
    capsys.readouterr()
    assert main(["init", str(repo), *ARGS]) == 0
    out = capsys.readouterr().out
    assert "kept (yours differs; not overwritten): nominations/README.md" in out
    assert "unchanged: nominations/steering-2027/election.yaml" in out
    assert guide.read_text() == "# Our own guide\n"


def test_a_rerun_with_other_flags_keeps_election_yaml_and_does_not_describe_the_flags(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A newcomer re-ran init with --bot-ref as its "Next:" says, with fewer flags: the summary described
    the flags (3 seats, "council") while the kept election.yaml said 5 seats and their body."""
    repo = tmp_path / "elections"
    assert main(["init", str(repo), *ARGS]) == 0
    config = repo / "nominations" / "steering-2027" / "election.yaml"
    mine = config.read_text().replace("seats:", "seats:  # ours")
    config.write_text(mine)
    capsys.readouterr()
    assert main(["init", str(repo), *ARGS]) == 0
    out = capsys.readouterr().out
    assert "kept (yours differs; not overwritten): nominations/steering-2027/election.yaml" in out
    assert "the flags were not applied to it" in out
    assert "Your election, as written:" not in out
    assert config.read_text() == mine


def test_one_more_election_in_an_existing_repository_keeps_the_shared_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tmp_path / "elections"
    assert main(["init", str(repo), *ARGS]) == 0
    later = [a.replace("2027", "2028") for a in ARGS]
    capsys.readouterr()
    assert main(["init", str(repo), *later]) == 0
    out = capsys.readouterr().out
    assert "wrote nominations/steering-2028/election.yaml" in out
    assert "wrote nominations/TEMPLATE.md" not in out


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("--nominations", "2027-03-01T09:00"), "--nominations"),  # replaced below
        (("--timezone", "Mars/Olympus"), "ELC"),
        (("--id", "Not An Id"), "ELC"),
        (("--contact", "nobody"), "ELC003"),
    ],
)
def test_bad_answers_write_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: tuple[str, str], message: str
) -> None:
    args = list(ARGS)
    flag, value = change
    if flag == "--nominations":  # a window that ends before it starts
        i = args.index("--nominations")
        args[i + 1], args[i + 2] = "2027-03-11T18:00", "2027-03-01T09:00"
        message = "ends before it starts"
    else:
        args[args.index(flag) + 1] = value
    repo = tmp_path / "elections"
    assert main(["init", str(repo), *args]) == 2
    assert message in capsys.readouterr().err
    assert not repo.exists() or not any(repo.rglob("*"))


def test_init_quorum_flag_sets_one_and_zero_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init", str(tmp_path / "half"), *ARGS, "--quorum", "0.5"]) == 0
    config = (tmp_path / "half" / "nominations/steering-2027/election.yaml").read_text()
    assert "\nquorum: 0.5\n" in config
    assert main(["init", str(tmp_path / "zero"), *ARGS, "--quorum", "0"]) == 2
    assert "write `quorum: null` if your rules set no quorum" in capsys.readouterr().err
    assert not (tmp_path / "zero").exists() or not any((tmp_path / "zero").rglob("*"))


def test_init_writes_a_drand_source_that_names_one_round(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 30: without a draw source a tie that decides a seat could never be drawn. init writes the
    quicknet beacon's first round at or after the end of voting (or --draw-after, never earlier)."""
    from bot.config.loading import load_election
    from bot.config.models import QUICKNET
    from bot.results.draw import drand_round

    def config(folder: str) -> bytes:
        return (tmp_path / folder / "nominations/steering-2027/election.yaml").read_bytes()

    assert main(["init", str(tmp_path / "plain"), *ARGS]) == 0
    assert main(["init", str(tmp_path / "later"), *ARGS, "--draw-after", "2027-03-23T12:00"]) == 0
    rounds = []
    for folder in ("plain", "later"):
        election = load_election(config(folder), "election.yaml", "steering-2027").election
        assert election is not None
        [source] = election.draw
        assert source.drand is not None and source.drand.chain_hash == QUICKNET
        rounds.append(drand_round(source.drand, source.available_after))
    # 2027-03-22T18:00 in Berlin is 17:00 UTC, Unix 1805734800: (1805734800 - 1692803367) / 3 + 1;
    # 2027-03-23T12:00 in Berlin is 18 hours later, 21600 rounds of 3 seconds.
    assert rounds == [37643812, 37643812 + 21600]
    assert main(["init", str(tmp_path / "early"), *ARGS, "--draw-after", "2027-03-22T17:59"]) == 2
    assert "no earlier than the end of voting" in capsys.readouterr().err


def test_demo_of_an_election_without_nominations_plays_sample_nominees(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tmp_path / "elections"
    assert main(["init", str(repo), *ARGS]) == 0
    capsys.readouterr()
    transcript = tmp_path / "transcript"
    assert (
        main(["--repo", str(repo), "demo", "--election", "steering-2027", "--transcript", str(transcript)])
        == 0
    )
    story = capsys.readouterr().out
    # one per seat plus one, each valid for this election (its attestation included), each merged
    assert all(f"demo-admin merges #{n}" in story for n in range(2, 6))
    assert "sample-nominee-4 opens" in story and "sample-nominee-5" not in story
    neutral((transcript / "narrative.md").read_text(), "narrative.md")


def test_demo_plays_a_chosen_nominee_late_and_another_nominated_by_someone_else(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tmp_path / "elections"
    assert main(["init", str(repo), *ARGS]) == 0
    capsys.readouterr()
    demo = ["--repo", str(repo), "demo", "--election", "steering-2027", "--transcript", str(tmp_path / "t")]
    assert main([*demo, "--late", "sample-nominee-1", "--by-someone-else", "sample-nominee-2"]) == 0
    story = capsys.readouterr().out
    assert "demo-nominator opens" in story and "“Nominate sample-nominee-2”" in story
    assert "sample-nominee-2 comments on" in story and "/consent" in story
    after = story.split("== The phases ==", 1)[1]
    assert "sample-nominee-1's nomination comes 1 minute after the cut-off" in after
    assert re.search(r"Late: made at or after the cut-off.*labels \[late,", after)
    assert "sample-nominee-1 opens" not in story.split("== The phases ==", 1)[0]
    # A login that is not a nominee of this election is refused, naming those that are.
    assert main([*demo, "--late", "nobody"]) == 2
    err = capsys.readouterr().err
    assert "no nomination file of nobody in this election; its nominees are sample-nominee-1" in err


SHA = "0123456789abcdef0123456789abcdef01234567"


def test_init_writes_caller_workflows_pinned_to_the_given_commit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tmp_path / "elections"
    assert main(["init", str(repo), *ARGS, "--bot-ref", SHA, "--branch", "trunk"]) == 0
    out = capsys.readouterr().out
    workflows = repo / ".github" / "workflows"
    names = sorted(p.name for p in workflows.iterdir())
    assert names == [
        "doctor.yml",
        "nomination-check.yml",
        "nomination-review.yml",
        "phases-timer.yml",
        "phases.yml",
        "results.yml",
        "site-timer.yml",
        "site.yml",
    ]
    timer = (workflows / "phases-timer.yml").read_text()
    assert f"uses: pypa/elections/.github/workflows/reusable-phases.yml@{SHA}\n" in timer
    assert "\n  schedule:" not in (workflows / "phases.yml").read_text()
    check = (workflows / "nomination-check.yml").read_text()
    assert f"uses: pypa/elections/.github/workflows/reusable-nomination-check.yml@{SHA}\n" in check
    assert "branches: [trunk]" in (workflows / "phases.yml").read_text()
    assert "pinned to pypa/elections@0123456789ab" in out
    for path in workflows.iterdir():
        neutral(path.read_text(), path.name)


def test_a_development_build_writes_no_workflows_without_a_pin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tmp_path / "elections"
    assert main(["init", str(repo), *ARGS]) == 0
    assert not (repo / ".github").exists()
    assert "no workflows were written: run init again with --bot-ref" in capsys.readouterr().out


@pytest.mark.parametrize("ref", ["main", "0123abc", SHA.upper(), "v1.2"])
def test_a_pin_that_is_not_a_commit_or_a_release_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], ref: str
) -> None:
    repo = tmp_path / "elections"
    assert main(["init", str(repo), *ARGS, "--bot-ref", ref]) == 2
    assert "40-hex commit SHA" in capsys.readouterr().err
    assert not repo.exists() or not any(repo.rglob("*"))


def test_init_names_the_repository_of_the_package_metadata_and_keeps_the_pins_current(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot

    monkeypatch.setattr(bot, "home", lambda: "example-org/election-bot")
    repo = tmp_path / "elections"
    assert main(["init", str(repo), *ARGS, "--bot-ref", SHA]) == 0
    check = (repo / ".github" / "workflows" / "nomination-check.yml").read_text()
    assert f"uses: example-org/election-bot/.github/workflows/reusable-nomination-check.yml@{SHA}\n" in check
    dependabot = (repo / ".github" / "dependabot.yml").read_text()
    assert "package-ecosystem: github-actions" in dependabot and 'directory: "/"' in dependabot
    # The schema election.yaml points to is there, and is the models' own.
    config = (repo / "nominations" / "steering-2027" / "election.yaml").read_text()
    assert "$schema=../../schemas/election.schema.json" in config
    from bot.config.schemas import SCHEMAS, render_schema

    for name, model in SCHEMAS.items():
        assert (repo / "schemas" / name).read_text() == render_schema(model, name)
    capsys.readouterr()


def test_without_a_repository_in_the_metadata_init_writes_no_workflows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot

    monkeypatch.setattr(bot, "home", lambda: None)
    repo = tmp_path / "elections"
    assert main(["init", str(repo), *ARGS, "--bot-ref", SHA]) == 0
    assert not (repo / ".github").exists()
    assert "run init again with --bot-repository OWNER/NAME" in capsys.readouterr().out


def test_a_release_installed_from_its_tag_pins_its_commit_with_the_version(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot

    monkeypatch.setattr(bot, "version", lambda: "1.4.0")
    monkeypatch.setattr(bot, "installed_commit", lambda: SHA)
    repo = tmp_path / "elections"
    assert main(["init", str(repo), *ARGS]) == 0
    phases = (repo / ".github" / "workflows" / "phases.yml").read_text()
    assert f"/.github/workflows/reusable-phases.yml@{SHA} # v1.4.0\n" in phases
    capsys.readouterr()


def test_home_reads_the_repository_url_of_the_installed_metadata() -> None:
    import bot

    assert bot.home() == "pypa/elections"  # pyproject.toml's [project.urls] Repository


def test_the_generated_guide_gives_every_code_a_whole_example_in_the_communitys_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tmp_path / "elections"
    capped = [a for a in ARGS if a != "--no-cap"]
    assert main(["init", str(repo), *capped, "--cap", "2", "--counted", "employer"]) == 0
    capsys.readouterr()
    guide = (repo / "nominations" / "README.md").read_text()
    findings = guide.split("## What each finding means", 1)[1]
    for code in CATALOGUE:
        line = next(x for x in findings.splitlines() if f'<a id="{code.lower()}"></a>**{code}**' in x)
        assert "for example: " in line and "…" not in line and "{" not in line and "<the " not in line, line
    # Without a cap the notice never comes, and the guide says so instead of an example.
    uncapped = tmp_path / "uncapped"
    assert main(["init", str(uncapped), *ARGS]) == 0
    assert "**COI001** (notice), never reported here" in (uncapped / "nominations" / "README.md").read_text()
    assert (
        "**MEM001** (error), for example: `ada-example` is not in the project member list; write to "
        "`steering@example.org`" in findings
    )
    assert (
        "The Example Project charter lets at most 2 steering council members be employed by one entity"
        in findings.replace("the Example Project charter", "The Example Project charter")
    )
    # Without a pin (a development build), placeholders to fill in, never the PyPI name that finds nothing.
    assert (
        "    pipx run --spec git+https://github.com/<election-bot's repository>@<its release tag> election-bot "
        "validate nominations/steering-2027/<login>.md"
    ) in guide
    assert "pipx run election-bot" not in guide


def test_the_guide_checks_a_nomination_with_the_election_bot_the_workflows_are_pinned_to(
    tmp_path: Path,
) -> None:
    """Issue 29: `pipx run election-bot validate` works only once election-bot is on PyPI; the guide installs
    it from the repository and commit the caller workflows call (pipx's `--spec`, pip's VCS form)."""
    repo = tmp_path / "elections"
    assert main(["init", str(repo), *ARGS, "--bot-ref", SHA]) == 0
    guide = (repo / "nominations" / "README.md").read_text()
    source = f"git+https://github.com/pypa/elections@{SHA}"
    assert f"    pipx run --spec {source} election-bot validate nominations/steering-2027/<login>.md" in guide
    assert f"`pip install {source}`" in guide
    assert "pipx run election-bot" not in guide and "<its release tag>" not in guide
