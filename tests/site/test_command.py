"""`election-bot site` on a checkout: what it reads, what it writes, and when it refuses (exit 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from tests.site.fixtures import COUNTS, checkout

AFTER_VOTING = "2026-04-16T10:00:00Z"


def run(repo: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.chdir(repo)
    monkeypatch.delenv("GITHUB_REPOSITORY", raising=False)
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    return main(["site", *args])


def test_builds_every_election_into_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = checkout(tmp_path)
    assert run(repo, monkeypatch, "--out", "public", "--at", "2026-03-10T12:00:00Z") == 0
    out = repo / "public"
    assert (out / "sample-2026" / "candidates" / "ada-example.html").is_file()
    assert (out / "sample-2026" / "sample-2026.ics").is_file()
    assert not (out / "sample-2026" / "results.html").exists()
    assert "wrote public/ (4 pages, 1 election)" in capsys.readouterr().err
    statement = (out / "sample-2026" / "candidates" / "ada-example.html").read_text()
    assert "sampletool packaging utility" in statement


def test_results_appear_only_after_voting_closes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = checkout(tmp_path, counts=COUNTS)
    assert run(repo, monkeypatch, "--out", "early", "--at", "2026-04-14T13:59:59Z") == 0
    assert not (repo / "early" / "sample-2026" / "results.html").exists()
    assert "results are not published before then" in capsys.readouterr().err
    assert run(repo, monkeypatch, "--out", "late", "--at", "2026-04-14T14:00:00Z") == 0
    results = (repo / "late" / "sample-2026" / "results.html").read_text()
    assert "Final results." in results
    assert "80 of 120 electors cast a ballot (66.7 %); the quorum of 50 % of electors is met." in results
    assert '<td class="num" data-label="Votes">61</td>' in results
    # the council first, then the totals, then why (pass-overs and ties)
    assert results.index('id="elected"') < results.index('id="totals"') < results.index('id="cap"')
    assert results.index('id="cap"') < results.index('id="ties"')
    assert "<svg" in results and 'role="img"' in results
    index = (repo / "late" / "sample-2026" / "index.html").read_text()
    assert 'href="results.html"' in index


def test_without_a_quorum_the_results_page_never_speaks_of_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = checkout(tmp_path, counts=COUNTS)
    config = repo / "nominations" / "sample-2026" / "election.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "quorum: null\n", encoding="utf-8")
    assert run(repo, monkeypatch, "--out", "public", "--at", AFTER_VOTING) == 0
    results = (repo / "public" / "sample-2026" / "results.html").read_text()
    assert "Final results." in results
    assert "<p>80 of 120 electors cast a ballot (66.7 %).</p>" in results
    assert "quorum" not in results.casefold()


def test_a_missed_quorum_is_said_to_be_missed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = checkout(tmp_path, counts=COUNTS.replace("electors: 120", "electors: 200"))
    assert run(repo, monkeypatch, "--out", "public", "--at", AFTER_VOTING) == 0
    results = (repo / "public" / "sample-2026" / "results.html").read_text()
    assert "80 of 200 electors cast a ballot (40 %); the quorum of 50 % of electors is not met." in results
    assert 'id="elected"' not in results


def test_the_results_page_lists_every_name_the_names_file_matched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = checkout(tmp_path)
    config = repo / "nominations" / "sample-2026" / "election.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "voting: {electors: 10}\n", encoding="utf-8")
    results = repo / "results" / "sample-2026"
    results.mkdir(parents=True)
    (results / "ballots.blt").write_text('2 3\n4 1 2 0\n3 1 0\n0\n"Ada E."\n"Grace Sample"\n"Sample 2026"\n')
    (results / "names.yaml").write_text('election: sample-2026\nnames:\n  "Ada E.": ada-example\n')
    assert run(repo, monkeypatch, "--out", "public", "--at", AFTER_VOTING) == 0
    page = (repo / "public" / "sample-2026" / "results.html").read_text()
    assert '<h2 id="names">Names on the ballot</h2>' in page
    assert "the admins' names file <code>names.yaml</code> matched them to the nominations" in page
    assert (
        "<li>“<bdi>Ada E.</bdi>” on the ballot file is "
        '<a href="candidates/ada-example.html"><bdi>Ada Example</bdi></a></li>'
    ) in page


def test_counts_that_do_not_count_stop_the_build_and_write_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = checkout(tmp_path, counts=COUNTS.replace("  grace-sample: 44\n", ""))
    assert run(repo, monkeypatch, "--out", "public", "--at", AFTER_VOTING) == 2
    assert "no votes for the nominee grace-sample" in capsys.readouterr().err
    assert not (repo / "public").exists()


def test_refuses_a_folder_it_did_not_write_and_empties_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = checkout(tmp_path)
    (repo / "docs").mkdir()
    (repo / "docs" / "keep.md").write_text("mine")
    assert run(repo, monkeypatch, "--out", "docs", "--at", AFTER_VOTING) == 2
    assert "was not written by `election-bot site`" in capsys.readouterr().err
    assert (repo / "docs" / "keep.md").read_text() == "mine"

    assert run(repo, monkeypatch, "--out", "site", "--at", AFTER_VOTING) == 0
    stale = repo / "site" / "sample-2026" / "candidates" / "withdrawn.html"
    stale.write_text("old")
    assert run(repo, monkeypatch, "--out", "site", "--at", AFTER_VOTING) == 0
    assert not stale.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--election", "nope-2026"], "unknown election 'nope-2026'"),
        (["--repo", "not a repo"], "--repo must be OWNER/NAME"),
        # a folder, as every other command takes it after its name: told where it goes instead
        (["--repo", "/srv/elections"], "put it before the command: election-bot --repo /srv/elections site"),
        (["--github-repo", "not a repo"], "--github-repo must be OWNER/NAME"),
        (["--repo", "psf/elections", "--github-repo", "psf/other"], "give only --github-repo"),
        (["--github"], "--github needs GITHUB_REPOSITORY and GITHUB_TOKEN"),
        (["--at", "2026-04-16T10:00:00"], "has no UTC offset"),
    ],
)
def test_usage_errors_exit_2_with_a_message(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    repo = checkout(tmp_path)
    assert run(repo, monkeypatch, "--out", "public", *args) == 2
    assert message in capsys.readouterr().err
    assert not (repo / "public").exists()


@pytest.mark.parametrize("option", ["--github-repo", "--repo"])
def test_links_point_at_the_repository_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], option: str
) -> None:
    """`--github-repo OWNER/NAME`, as `preview`; the old `site --repo OWNER/NAME` (which clashed with every
    other command's `--repo DIR`) still works and says it is deprecated."""
    repo = checkout(tmp_path)
    assert run(repo, monkeypatch, option, "psf/elections", "--branch", "trunk", "--at", AFTER_VOTING) == 0
    page = (repo / "site" / "sample-2026" / "candidates" / "grace-sample.html").read_text()
    assert "https://github.com/psf/elections/blob/trunk/nominations/sample-2026/grace-sample.md" in page
    deprecated = (
        "`site --repo psf/elections` is deprecated (every other command's --repo is the elections folder)"
    )
    assert (deprecated in capsys.readouterr().err) is (option == "--repo")


def test_the_results_page_links_the_files_it_was_counted_from_and_the_commands_to_recount(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = checkout(tmp_path, counts=COUNTS)
    (repo / "results" / "sample-2026" / "resolutions.yaml").write_text(
        "election: sample-2026\nties: []\n", encoding="utf-8"
    )
    args = ("--out", "public", "--at", AFTER_VOTING, "--github-repo", "example-org/elections")
    assert run(repo, monkeypatch, *args) == 0
    results = (repo / "public" / "sample-2026" / "results.html").read_text()
    recount = results[
        results.index('<h2 id="recount">') : results.index("</section>", results.index('id="recount"'))
    ]
    blob = "https://github.com/example-org/elections/blob/main/results/sample-2026/"
    assert (
        f'<a href="{blob}counts.yaml" rel="nofollow ugc noopener"><code>results/sample-2026/counts.yaml</code>'
        in recount
    )
    assert f'<a href="{blob}resolutions.yaml" rel="nofollow ugc noopener">' in recount
    assert recount.index("counts.yaml") < recount.index("resolutions.yaml")
    assert (
        "<pre><code>git clone https://github.com/example-org/elections.git\ncd elections\n"
        "election-bot results --election sample-2026 --committed</code></pre>"
    ) in recount
    # without a repository to link, the paths are named and the clone is the reader's
    assert run(repo, monkeypatch, "--out", "bare", "--at", AFTER_VOTING) == 0
    bare = (repo / "bare" / "sample-2026" / "results.html").read_text()
    assert "<li><code>results/sample-2026/counts.yaml</code>: the vote totals" in bare
    assert "in a clone of the election's repository" in bare and "git clone" not in bare


def test_the_name_mark_and_accent_are_copied_and_shown_on_every_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = checkout(tmp_path, counts=COUNTS)
    assert run(repo, monkeypatch, "--out", "public", "--at", AFTER_VOTING) == 0
    out = repo / "public"
    assert (out / "sample-2026" / "mark.svg").read_bytes() == (
        repo / "nominations" / "sample-2026" / "mark.svg"
    ).read_bytes()
    assert (out / "sample-2026" / "theme.css").read_text() == ":root { --accent: #1d5f3a; }\n"
    pages = sorted(out.rglob("*.html"))
    assert len(pages) == 5
    for page in pages:
        html = page.read_text()
        up = "../" * (len(page.relative_to(out).parts) - 1)
        assert (
            f'<header>\n<p class="mark"><img src="{up}sample-2026/mark.svg" '
            'alt="Python Software Foundation" height="48"></p>'
        ) in html, page
        assert f'<link rel="stylesheet" href="{up}sample-2026/theme.css">' in html, page


@pytest.mark.parametrize(
    ("mark", "said"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "'<script'"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "'onload='"),
        (b'<svg><image href="https://example.org/x.png"/></svg>', "references outside itself"),
        (b"<html>not an image</html>", "is not an SVG image"),
        (b"<svg>" + b" " * 200_001 + b"</svg>", "a name mark may be at most 200000 bytes"),
        (None, "is not a file in the repository"),
    ],
)
def test_a_mark_that_is_missing_or_could_run_a_script_is_refused(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    mark: bytes | None,
    said: str,
) -> None:
    repo = checkout(tmp_path)
    file = repo / "nominations" / "sample-2026" / "mark.svg"
    if mark is None:
        file.unlink()
    else:
        file.write_bytes(mark)
    assert run(repo, monkeypatch, "--out", "public", "--at", AFTER_VOTING) == 2
    err = capsys.readouterr().err
    assert "nominations/sample-2026/election.yaml: community.mark: nominations/sample-2026/mark.svg" in err
    assert said in err and "Traceback" not in err
    assert not (repo / "public").exists()


def test_a_mark_that_is_a_link_out_of_the_repository_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = checkout(tmp_path)
    outside = tmp_path / "outside.svg"
    outside.write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg"/>')
    file = repo / "nominations" / "sample-2026" / "mark.svg"
    file.unlink()
    file.symlink_to(outside)
    assert run(repo, monkeypatch, "--out", "public", "--at", AFTER_VOTING) == 2
    assert "is not a file in the repository" in capsys.readouterr().err


AFFIRMATION_DESCRIPTION = """    description: >-
      To vote, be a voting member of the fictional foundation and affirm your intention to vote on
      [the members' portal](https://members.example.org/affirm) before this phase closes.
"""


def test_an_affirmation_phase_without_a_description_sends_voters_to_the_contact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 29: an affirmation phase with no `description` told voters nothing about how to affirm; the
    site now says so and gives the contact (a mailto: link). With a description, the description says how."""
    repo = checkout(tmp_path)
    assert run(repo, monkeypatch, "--out", "with", "--at", "2026-03-10T12:00:00Z") == 0
    described = (repo / "with" / "sample-2026" / "index.html").read_text()
    assert (
        "https://members.example.org/affirm" in described
        and "How to affirm is not described" not in described
    )
    config = repo / "nominations" / "sample-2026" / "election.yaml"
    text = config.read_text(encoding="utf-8")
    assert AFFIRMATION_DESCRIPTION in text
    config.write_text(text.replace(AFFIRMATION_DESCRIPTION, ""), encoding="utf-8")
    assert run(repo, monkeypatch, "--out", "without", "--at", "2026-03-10T12:00:00Z") == 0
    page = (repo / "without" / "sample-2026" / "index.html").read_text()
    assert (
        "How to affirm is not described here yet: write to the election administrators at "
        '<a href="mailto:elections@example.org">elections@example.org</a> and they will tell you.'
    ) in page
