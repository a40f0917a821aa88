"""`election-bot preview`: every text the bot would post, as Markdown and HTML, from the checkout only."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from tests.helpers.config import NOMINATION, election_yaml


def test_preview_writes_every_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "nominations" / "berlin-2026"
    folder.mkdir(parents=True)
    (folder / "election.yaml").write_bytes(election_yaml())
    (folder / "janedoe.md").write_bytes(NOMINATION)
    hostile = NOMINATION.replace(b"Jane Doe", b"<script>alert(1)</script> @everyone").replace(
        b"janedoe", b"mallory"
    )
    (folder / "mallory.md").write_bytes(hostile)
    monkeypatch.chdir(folder)  # from inside the election folder: the repository is found above
    assert main(["preview", "--election", "berlin-2026", "--out", str(tmp_path / "out")]) == 0
    out = tmp_path / "out"
    names = sorted(p.name for p in out.glob("*.md"))
    assert names == [
        "index.md",
        "nomination-janedoe.md",
        "nomination-mallory.md",
        "nominations-closing.md",
        "nominations-issue-closed.md",
        "nominations-issue.md",
        "report-changes-needed.md",
        "report-consent-request.md",
        "report-duplicate.md",
        "report-late.md",
        "report-membership-unverified.md",
        "report-ready.md",
        "voting-closing.md",
        "voting-issue-closed.md",
        "voting-issue.md",
    ]
    assert all((out / name.replace(".md", ".html")).is_file() for name in names)
    # each index links its own kind of file: the rendered pages link rendered pages
    assert "(nominations-issue.md)" in (out / "index.md").read_text()
    index_html = (out / "index.html").read_text()
    assert 'href="nominations-issue.html"' in index_html and '.md"' not in index_html
    issue = (out / "nominations-issue.md").read_text()
    assert "Mon 30 Mar 2026, 12:00 CEST (10:00 UTC)" in issue  # local time next to UTC
    closed = (out / "nominations-issue-closed.md").read_text()
    assert "> [!NOTE]\n> **This phase is over.**" in closed and "Next: " in closed
    assert "How to nominate" not in closed and "How to nominate" in issue  # no step that cannot work
    voting = (out / "voting-issue.md").read_text()
    assert "Jane Doe" in voting  # the merged nominations are the candidate list
    check = (out / "nomination-janedoe.md").read_text()
    assert "Checked as at 2026-03-25T10:30:00Z" in check  # mid-window by default
    for html in out.glob("*.html"):
        text = html.read_text()
        assert "<script" not in text, html.name
        assert "default-src 'none'" in text
    assert "wrote 14 texts" in capsys.readouterr().out


def test_preview_at_a_given_instant_judges_the_window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "nominations" / "berlin-2026"
    folder.mkdir(parents=True)
    (folder / "election.yaml").write_bytes(election_yaml())
    (folder / "janedoe.md").write_bytes(NOMINATION)
    argv = ["--repo", str(tmp_path), "preview", "--at", "2026-03-30T10:00:00Z", "--out", str(tmp_path / "o")]
    assert main(argv) == 0
    assert "WIN002" in (tmp_path / "o" / "nomination-janedoe.md").read_text()


def test_preview_shows_the_pull_request_report_in_each_state_as_github_renders_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "nominations" / "berlin-2026"
    folder.mkdir(parents=True)
    (folder / "election.yaml").write_bytes(election_yaml())
    long_name = NOMINATION.replace(b"name: Jane Doe", "name: Jane\u200bDoe".encode())
    (folder / "janedoe.md").write_bytes(long_name)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    argv = ["preview", "--election", "berlin-2026", "--out", str(out), "--github-repo", "example-org/votes"]
    assert main(argv) == 0
    capsys.readouterr()
    reports = {p.stem: p.read_text() for p in out.glob("report-*.md")}
    assert "Nomination check: ✅ Ready for review" in reports["report-ready"]
    assert "Nomination check: ⏳ Waiting for the nominee's consent" in reports["report-consent-request"]
    assert (
        "@ada-example: [grace-sample](https://github.com/grace-sample) nominated you"
        in reports["report-consent-request"]
    )
    assert "Membership not verified yet" in reports["report-membership-unverified"]
    assert (
        "[**WIN002**](https://github.com/example-org/votes/blob/main/nominations/README.md#win002)"
        in reports["report-late"]
    )
    assert "Changes needed" in reports["report-changes-needed"]
    # A second nomination of the same person: the first pull request is a link, nobody is asked to consent.
    assert "[#1](https://github.com/example-org/votes/pull/1)" in reports["report-duplicate"]
    assert "@ada-example" not in reports["report-duplicate"]
    for stem in reports:
        html = (out / f"{stem}.html").read_text()
        assert "<sub>Checked commit" in html and "&lt;sub&gt;" not in html, stem
        assert "<details><summary>Checklist</summary>" in html, stem
        assert "OWNER/REPOSITORY" not in html, stem
    # The file's own check: every finding whole, never cut inside a word.
    check = (out / "nomination-janedoe.md").read_text()
    line = next(x for x in check.splitlines() if "NOM015" in x)
    assert line.endswith("retype the text without it"), line


def test_the_file_check_reads_as_validate_prints_it_with_no_markdown_escape(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The preview's check of a file once showed `nominations/berlin\\-2026/janedoe\\.md\\:4\\:` and
    literal backticks in its HTML: the lines are now the terminal's, verbatim, in a code block."""
    folder = tmp_path / "nominations" / "berlin-2026"
    folder.mkdir(parents=True)
    (folder / "election.yaml").write_bytes(election_yaml())
    (folder / "janedoe.md").write_bytes(NOMINATION.replace(b"name: Jane Doe", b"name: Jane Doe\nx```y: 1"))
    monkeypatch.chdir(tmp_path)
    assert main(["preview", "--out", str(tmp_path / "o")]) == 0
    capsys.readouterr()
    check = (tmp_path / "o" / "nomination-janedoe.md").read_text()
    assert "\\-" not in check and "\\:" not in check
    assert "\n````text\nnominations/berlin-2026/janedoe.md:" in check  # a fence longer than the name's ```
    html = (tmp_path / "o" / "nomination-janedoe.html").read_text()
    assert '<pre><code class="language-text">nominations/berlin-2026/janedoe.md:' in html
