"""Issue 12, weakness 7: a merged but invalid nomination is never announced or counted.

A merge proves nothing (an admin may merge over a red check or by hand, and an account can be added to
`ineligible` after its file was merged), so `sync`, `results` and `site` judge every merged file again by
every rule that needs nothing from GitHub. On the code before the fix each file below was announced as a
candidate and counted.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from tests.helpers.sync_site import ELECTION_ID, ELECTION_YAML, Site

CANDIDATES = "2026-08-13T15:00:00Z"

COMMUNITY = """\
community:
  rules: {name: PEP 772}
  membership:
    classes: [basic, supporting, contributing, fellow]
    retired: {managing: {became: contributing}}
"""
RULES = """\
required_attestations:
  - {id: not_staff, text: I am not a member of the staff.}
ineligible:
  - {login: staffer, reason: staff may not serve}
"""

GOOD = """\
---
name: {name}
github: {login}
psf_membership: {membership}
affiliations:
  - organization: {organization}
    relationship: employer
    role: Engineer
attestations:
  not_staff: {attested}
---
I maintain packaging tools and would serve the council with care and attention.
"""

# login, what is wrong with the file, the code that keeps it out
BAD = [
    pytest.param("staffer", {}, "NOM020", id="listed-ineligible-after-merge"),
    pytest.param("false-attester", {"attested": "false"}, "NOM019", id="false-attestation"),
    pytest.param("not-attested", {"attested": None}, "NOM018", id="missing-attestation"),
    pytest.param("manager", {"membership": "managing"}, "NOM009", id="managing-member"),
    pytest.param("basic-member", {"membership": "basic"}, "NOM008", id="class-not-eligible"),
    pytest.param("filler-name", {"name": "Hid\u3164den Name"}, "NOM015", id="hangul-filler-in-name"),
    pytest.param("look-alike", {"organization": "Micro\u200bsoft"}, "NOM015", id="zero-width-in-employer"),
    pytest.param("template", {"organization": "Your Employer"}, "NOM021", id="template-placeholder"),
]


def nomination(login: str, **changes: str | None) -> str:
    values: dict[str, str | None] = {
        "name": login.replace("-", " ").title(),
        "login": login,
        "membership": "fellow",
        "organization": "Example Corp",
        "attested": "true",
    }
    values.update(changes)
    text = GOOD.format(**{k: v if v is not None else "" for k, v in values.items()})
    if values["attested"] is None:
        text = text.replace("attestations:\n  not_staff: \n", "attestations: {}\n")
    return text


@pytest.fixture
def strict(site: Site) -> Site:
    config = ELECTION_YAML.replace(
        "community: {rules: {name: PEP 772}, membership: {name: PSF membership}}\n", COMMUNITY
    )
    assert config != ELECTION_YAML
    (site.folder / "election.yaml").write_text(config + RULES)
    (site.folder / "ada-example.md").write_text(nomination("ada-example"))
    return site


@pytest.mark.parametrize(("login", "changes", "code"), BAD)
def test_sync_withholds_the_file_and_says_so_to_the_admins(
    strict: Site,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    login: str,
    changes: dict[str, str],
    code: str,
) -> None:
    (strict.folder / f"{login}.md").write_text(nomination(login, **changes))
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))

    assert strict.sync(CANDIDATES) == 0

    body = strict.issue_for("candidates").body or ""
    listed, _, withheld = body.partition("### Merged files that do not count")
    assert "Candidates (1)" in listed and "Ada Example" in listed
    assert f"{login}.md" not in listed
    assert f"[`{login}.md`](https://github.com/" in withheld and f"`{code}`" in withheld
    assert code in strict.last_output and f"{login}.md" in strict.last_output
    assert f"{login}.md" in summary.read_text() and code in summary.read_text()


@pytest.mark.parametrize(("login", "changes", "code"), BAD)
def test_results_refuse_to_count_it(
    strict: Site, capsys: pytest.CaptureFixture[str], login: str, changes: dict[str, str], code: str
) -> None:
    (strict.folder / f"{login}.md").write_text(nomination(login, **changes))
    counts = strict.root / "counts.yaml"
    counts.write_text(f"electors: 10\nballots_cast: 9\nvotes:\n  ada-example: 5\n  {login}: 9\n")
    capsys.readouterr()

    assert main(["results", "--election", ELECTION_ID, "--counts", str(counts)]) == 2

    err = capsys.readouterr().err
    assert f"{login}.md" in err and code in err


@pytest.mark.parametrize(("login", "changes", "code"), BAD)
def test_the_site_does_not_show_it_as_a_candidate(
    strict: Site, capsys: pytest.CaptureFixture[str], login: str, changes: dict[str, str], code: str
) -> None:
    (strict.folder / f"{login}.md").write_text(nomination(login, **changes))
    out = strict.root / "site"

    assert main(["site", "--election", ELECTION_ID, "--out", str(out), "--at", CANDIDATES]) == 0

    pages = "\n".join(p.read_text() for p in out.rglob("*.html"))
    assert "Ada Example" in pages
    assert login not in pages
    assert code in capsys.readouterr().err


def test_the_notice_goes_when_the_file_is_corrected(strict: Site) -> None:
    (strict.folder / "staffer.md").write_text(nomination("staffer"))
    strict.sync(CANDIDATES)
    assert "Merged files that do not count" in (strict.issue_for("candidates").body or "")

    (strict.folder / "staffer.md").unlink()
    assert strict.sync("2026-08-13T16:00:00Z") == 0

    assert "Merged files that do not count" not in (strict.issue_for("candidates").body or "")
