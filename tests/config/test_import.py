"""`election-bot import` on real candidate files (tests/config/data/imported/, with their licence): an
Elekto election folder and an OpenStack candidacy folder become nomination files that keep the
statements, list what each nominee must still add, and pass `validate` once those fields are filled."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.cli import main

DATA = Path(__file__).parent / "data" / "imported"
ELECTION = [
    "--id",
    "steering-2027",
    "--title",
    "Example steering committee election 2027",
    "--contact",
    "elections@example.org",
    "--body",
    "Steering Committee",
    "--nominations",
    "2027-03-01T09:00:00Z",
    "2027-03-11T18:00:00Z",
    "--voting",
    "2027-03-15T09:00:00Z",
    "2027-03-22T18:00:00Z",
    "--attestation",
    "code_of_conduct=I follow the code of conduct.",
]


@pytest.fixture
def repo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert main(["init", str(tmp_path / "elections"), *ELECTION]) == 0
    capsys.readouterr()
    return tmp_path / "elections"


def uncomment(text: str) -> str:
    """What the nominee does for a statement that is true: remove the `# ` of the attestation lines."""
    return re.sub(r"^# (attestations:).*$", r"\1", text, flags=re.M).replace("#   code_of", "  code_of")


def validate(repo: Path, path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--repo", str(repo), "validate", "--no-window", str(path)])
    return code, capsys.readouterr().out


def test_an_elekto_folder_keeps_login_name_employer_and_statement(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--repo", str(repo), "import", "--election", "steering-2027", "--elekto", str(DATA / "elekto")]
    assert main(argv) == 0
    out = capsys.readouterr().out
    path = repo / "nominations" / "steering-2027" / "pohly.md"
    text = path.read_text()
    assert 'name: "Patrick Ohly"\ngithub: pohly\n' in text
    assert '  - organization: "Intel Corporation"\n    relationship: employer\n' in text
    source = (DATA / "elekto" / "candidate-pohly.md").read_text()
    assert source.split("-" * 61 + "\n", 2)[2].strip() in text  # the statement, as written
    assert "wrote nominations/steering-2027/pohly.md from candidate-pohly.md" in out
    assert "`attestations.code_of_conduct`: I follow the code of conduct." in out
    # Not yet: the attestation is the nominee's to make.
    code, report = validate(repo, path, capsys)
    assert code == 1 and "NOM018" in report
    path.write_text(uncomment(text))
    code, report = validate(repo, path, capsys)
    assert code == 0, report
    # Run again: nothing is overwritten.
    assert main(argv) == 0
    assert "kept (exists, not overwritten): nominations/steering-2027/pohly.md" in capsys.readouterr().out


def test_an_openstack_folder_lists_what_the_file_lacks_and_passes_once_filled(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--repo", str(repo), "import", "--openstack", str(DATA / "openstack" / "TC")]
    assert main(argv) == 0
    out = capsys.readouterr().out
    path = repo / "nominations" / "steering-2027" / "amy.md"
    text = path.read_text()
    assert "I am declaring my candidacy for the Technical Committee." in text
    for todo in ("`name`", "`github`", "`membership`", "`affiliations`", "`attestations.code_of_conduct`"):
        assert f"  - {todo}" in out
    code, report = validate(repo, path, capsys)
    assert code == 1 and "NOM021" in report  # the template's placeholders are still there
    filled = text.replace('name: "Your Name"', "name: Amy Marrich").replace(
        "github: your-github-login", "github: amy"
    )
    filled = filled.replace('organization: "Your Employer"', "organization: Example Cloud")
    filled = uncomment(filled)
    path.write_text(filled)
    code, report = validate(repo, path, capsys)
    assert code == 0, report
    assert re.search(r"wrote nominations/steering-2027/gouthampravi\.md from gouthampravi@gmail\.com", out)


def test_a_folder_without_candidate_files_is_refused(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["--repo", str(repo), "import", "--elekto", str(empty)]) == 2
    assert "no candidate-*.md files in it" in capsys.readouterr().err
