"""`election-bot sync` end to end against the local GitHub stand-in: boundaries, skipped runs, budgets,
dry runs, the cut-off, candidate lists and the command's exit statuses."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot import phases
from bot.config.timeline import parse_instant
from bot.nominations import record
from bot.text.labels import MarkerKind
from bot.text.markers import first_marker
from election_bot_demo.fakehub import FakeHub, Fault
from tests.helpers.repo import REPO
from tests.helpers.sync_site import BOT, ELECTION_ID, ELECTION_YAML, Site

OPEN = "2026-07-28T14:00:00Z"
CUTOFF = "2026-08-11T14:00:00Z"
CANDIDATES = "2026-08-13T14:00:00Z"
VOTING = "2026-09-01T14:00:00Z"
OVER = "2026-09-15T14:00:00Z"


def assert_noop(site: Site, at: str) -> None:
    """A run that finds everything in place: at most 3 requests and not one write."""
    site.hub.reset_log()
    assert site.sync(at) == 0
    assert len(site.hub.writes()) == 0, site.hub.writes()
    assert site.hub.count() <= 3, [r.path for r in site.hub.requests]
    assert "nothing to do" in site.last_output


# -- phase boundaries -------------------------------------------------------------------------------


def test_nothing_before_the_first_phase_starts(site: Site) -> None:
    site.hub.reset_log()
    assert site.sync("2026-07-28T13:59:59Z") == 0
    assert site.issues() == []
    assert site.hub.count() == 1
    assert site.hub.writes() == []


def test_phases_open_at_their_start_instant(site: Site) -> None:
    site.nominate("ada-example", "Ada Example")
    assert site.sync(OPEN) == 0
    nominations = site.issue_for("nominations")
    affirmation = site.issue_for("affirmation")
    assert site.phase_issues("candidates") == []
    for issue in (nominations, affirmation):
        assert issue.state == "open"
        assert issue.author == BOT
        assert "election-bot" in issue.labels
    body = nominations.body or ""
    assert "Tue 28 Jul 2026, 14:00 UTC" in body and "Tue 11 Aug 2026, 14:00 UTC" in body  # the timeline
    assert "`elections@example.org`" in body  # the contact, never a mention
    assert f"https://github.com/{REPO}/blob/main/nominations/README.md" in body
    assert f"https://github.com/{REPO}/blob/main/nominations/TEMPLATE.md" in body
    assert f"https://github.com/{REPO}/blob/main/nominations/{ELECTION_ID}/ada-example.md" in body
    assert "Open a pull request that adds nominations/test" in body.replace("\\", "")  # the description
    assert "@ada-example" not in body  # listed without a ping
    assert_noop(site, "2026-07-28T14:05:00Z")


def test_a_phase_closes_at_its_end_instant(site: Site) -> None:
    site.nominate("ada-example", "Ada Example")
    assert site.sync(OPEN) == 0
    assert site.sync("2026-08-11T13:59:59Z") == 0
    assert site.issue_for("nominations").state == "open"
    assert site.sync(CUTOFF) == 0
    issue = site.issue_for("nominations")
    assert issue.state == "closed"
    assert issue.state_reason == "completed"
    [closing] = site.marked_comments(issue.number, MarkerKind("phase-close"))
    assert "Nominations accepted (1)" in (issue.body or "")  # the final list, in the closed body only
    assert "Ada Example" not in closing.body and "The final list is in the issue above" in closing.body
    assert "What happens next" in closing.body
    assert "Next: Candidates, from [Thu 13 Aug 2026, 14:00 UTC](" in closing.body
    assert "**This phase closed** at" in closing.body  # a phase title is never the subject
    assert site.issue_for("affirmation").state == "open"
    assert_noop(site, "2026-08-11T14:05:00Z")


def test_a_whole_election_every_five_minutes_around_each_boundary(site: Site) -> None:
    site.nominate("ada-example", "Ada Example")
    boundaries = [OPEN, CUTOFF, CANDIDATES, "2026-08-25T14:00:00Z", VOTING, OVER]
    for boundary in boundaries:
        instant = parse_instant(boundary)
        for delta in (-1, 0, 1, 300):
            at = instant + timedelta(seconds=delta)
            text = at.strftime("%Y-%m-%dT%H:%M:%SZ")
            assert site.sync(text) == 0, site.last_output
            site.assert_converged(at)
            assert_noop(site, text)


def test_a_phase_that_started_and_ended_between_two_runs_is_still_announced(site: Site) -> None:
    site.nominate("ada-example", "Ada Example")
    assert site.sync("2026-07-28T13:00:00Z") == 0
    assert site.sync("2026-08-12T09:00:00Z") == 0  # missed the whole nomination period
    site.assert_converged(parse_instant("2026-08-12T09:00:00Z"))
    issue = site.issue_for("nominations")
    assert issue.state == "closed" and issue.state_reason == "completed"
    assert len(site.marked_comments(issue.number, MarkerKind("phase-close"))) == 1
    assert site.issue_for("affirmation").state == "open"
    # days without a run (an outage), several times over, to the end of the election
    for at in ("2026-08-26T09:00:00Z", "2026-09-02T09:00:00Z", "2026-09-16T09:00:00Z"):
        assert site.sync(at) == 0
        site.assert_converged(parse_instant(at))
        assert_noop(site, at)


def test_a_phase_that_ended_long_ago_is_not_announced_after_the_fact(site: Site) -> None:
    assert site.sync("2026-12-01T00:00:00Z") == 0
    assert site.issues() == []
    assert "long ago" in site.last_output


# -- budgets ------------------------------------------------------------------------------------------


def test_request_counts_of_phase_changes(site: Site) -> None:
    site.nominate("ada-example", "Ada Example")
    site.hub.reset_log()
    site.sync(OPEN)  # two issues open
    # 2 issues (+ a label created once), and the first one's timeline edited to link to the second
    assert len(site.hub.writes()) <= 5
    assert site.hub.count() <= 9  # and, nominations being open, one look at the open pull requests
    site.hub.reset_log()
    site.sync(CUTOFF)  # closing comment + close (and a look at the open pull requests)
    assert len(site.hub.writes()) == 2
    assert site.hub.count() <= 7


def test_no_op_sync_in_every_state_costs_at_most_three_requests(site: Site) -> None:
    site.nominate("ada-example", "Ada Example")
    for at in ("2026-07-01T00:00:00Z", OPEN, CUTOFF, CANDIDATES, VOTING, OVER, "2026-09-20T00:00:00Z"):
        site.sync(at)
        assert_noop(site, at)


# -- the candidate list -----------------------------------------------------------------------------


def test_the_candidate_list_is_kept_current_while_the_phase_is_open(site: Site) -> None:
    site.nominate("ada-example", "Ada Example", employer="Example Corp")
    site.sync(CANDIDATES)
    issue = site.issue_for("candidates")
    assert "Candidates (1)" in (issue.body or "")
    site.nominate("grace-sample", "Grace Sample", employer="Sample University")
    site.hub.reset_log()
    assert site.sync("2026-08-14T10:00:00Z") == 0
    assert [w.method for w in site.hub.writes()] == ["PATCH"]
    body = site.issue_for("candidates").body or ""
    assert "Candidates (2)" in body
    assert "Sample University (employer, Engineer)" in body
    assert body.index("Ada Example") < body.index("Grace Sample")
    assert_noop(site, "2026-08-14T10:05:00Z")


def test_invalid_merged_files_are_listed_for_admins_not_announced(site: Site) -> None:
    site.nominate("ada-example", "Ada Example")
    (site.folder / "broken.md").write_text("no front matter here\n")
    (site.folder / "wrong-name.md").write_text(
        (site.folder / "ada-example.md").read_text().replace("github: ada-example", "github: someone")
    )
    assert site.sync(CANDIDATES) == 0
    assert "broken.md:1: NOM001" in site.last_output
    assert "wrong-name.md" in site.last_output and "NOM006" in site.last_output
    body = site.issue_for("candidates").body or ""
    listed, _, withheld = body.partition("### Merged files that do not count")
    assert "Candidates (1)" in listed
    assert "broken" not in listed and "someone" not in listed and "wrong-name" not in listed
    assert "`broken.md`" in withheld and "`NOM001`" in withheld
    assert "`wrong-name.md`" in withheld and "`NOM006`" in withheld
    assert "someone" not in withheld  # file names and codes only: the findings' text is for the admins


@pytest.mark.slow
def test_three_hundred_candidates_fit_with_a_link_to_the_full_list(site: Site) -> None:
    for i in range(300):
        site.nominate(
            f"nominee-{i:03d}", f"Nominee Number {i:03d} " + "x" * 100, employer=f"Employer {i} " * 8
        )
    assert site.sync(CANDIDATES) == 0
    body = site.issue_for("candidates").body or ""
    assert len(body) < 65_536
    assert "Candidates (300)" in body
    assert "more, not shown here" in body
    assert f"https://github.com/{REPO}/tree/main/nominations/{ELECTION_ID}" in body
    assert site.sync(VOTING) == 0
    issue = site.issue_for("candidates")
    [closing] = site.marked_comments(issue.number, MarkerKind("phase-close"))
    assert len(closing.body) < 65_536
    assert "Candidates (300)" in (issue.body or "")  # the final list, in the closed body


# -- dry runs -----------------------------------------------------------------------------------------


def test_dry_run_prints_the_plan_and_writes_nothing(site: Site) -> None:
    site.nominate("ada-example", "Ada Example")
    site.hub.reset_log()
    assert site.sync("2026-08-12T00:00:00Z", "--dry-run") == 0
    assert site.hub.writes() == []
    out = site.last_output
    assert "dry run" in out
    assert "would open issue “Nominations" in out
    assert "closing comment (test-2026/nominations)" in out
    assert "would open issue “Voter affirmation" in out
    assert site.issues() == []


def test_dry_run_after_real_runs_shows_only_what_is_left(site: Site) -> None:
    site.sync(OPEN)
    site.hub.reset_log()
    assert site.sync(CUTOFF, "--dry-run") == 0
    assert site.hub.writes() == []
    assert "would #1: comment: closing comment (test-2026/nominations)" in site.last_output
    assert "open issue" not in site.last_output


def test_dry_run_without_a_token_plans_offline(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_TOKEN")
    site.hub.reset_log()
    assert site.sync(OPEN, "--dry-run") == 0
    assert site.hub.count() == 0
    assert "no GITHUB_TOKEN" in site.last_output
    assert "would open issue" in site.last_output
    assert "GitHub was not asked (no GITHUB_TOKEN)" in site.last_output
    assert "already shows" not in site.last_output  # it never looked


def test_dry_run_without_a_token_never_claims_github_is_in_step(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before any phase there is nothing to plan; without a token the bot still says it did not look."""
    monkeypatch.delenv("GITHUB_TOKEN")
    assert site.sync("2026-01-01T00:00:00Z", "--dry-run") == 0
    assert "nothing would be done if GitHub showed nothing yet; GitHub was not asked" in site.last_output
    assert "already shows the right state" not in site.last_output


# -- the cut-off --------------------------------------------------------------------------------------


def _pull(site: Site, login: str, at: str, labels: tuple[str, ...] = ("nomination",)) -> int:
    path = f"nominations/{ELECTION_ID}/{login}.md"
    return site.hub.open_pull(
        REPO, login, {path: b"---\nname: x\n---\n"}, created_at=parse_instant(at), labels=labels
    )


def test_nominations_open_at_the_cutoff_are_recorded_and_labelled_once(site: Site) -> None:
    site.sync(OPEN)
    in_time = _pull(site, "early-bird", "2026-08-11T13:59:59Z")
    late = _pull(site, "late-comer", "2026-08-11T14:00:00Z")
    already = _pull(site, "already-late", "2026-08-11T14:00:30Z", ("nomination", "late"))
    other = site.hub.open_pull(
        REPO, "typo-fixer", {"README.md": b"typo\n"}, created_at=parse_instant("2026-08-01T00:00:00Z")
    )
    unlabelled = _pull(site, "no-label", "2026-08-02T00:00:00Z", ())
    site.hub.reset_log()
    assert site.sync("2026-08-11T14:01:00Z") == 0
    issue = site.issue_for("nominations")
    record_lines = phases.cutoff_record(issue.body or "")
    # one write per pull request: its label; no comment on any of them
    for number in (in_time, late, already, other, unlabelled):
        assert site.marked_comments(number, MarkerKind("cutoff")) == []
    labelled = [w for w in site.hub.writes() if w.path.endswith("/labels") and "/issues/" in w.path]
    assert sorted(int(w.path.split("/")[-2]) for w in labelled) == sorted([in_time, late, unlabelled])
    # the labelled pull requests' files are not read; only the unlabelled one that touches nothing known
    # to be a nomination, and the one that touches README.md
    files = {r.path for r in site.hub.requests if r.path.endswith("/files")}
    assert files == {f"/repos/{REPO}/pulls/{other}/files", f"/repos/{REPO}/pulls/{unlabelled}/files"}
    # the record: what each one opened in time proposed when the pass looked (head, GitHub's updated_at,
    # and the file of one whose files were read), in hidden lines of the nominations issue's body
    assert phases.recorded_pulls(issue.body or "", ELECTION_ID) == {in_time, unlabelled}
    [snap] = [line for line in record_lines if f"pr={unlabelled} " in line]
    pulled = site.hub.pull(REPO, unlabelled)
    assert f"head={pulled.head_sha}" in snap and "taken=2026-08-11T14:01:00Z" in snap
    assert f"file={record.file_key(f'nominations/{ELECTION_ID}/no-label.md')}" in snap
    [early] = [line for line in record_lines if f"pr={in_time} " in line]
    assert f"head={site.hub.pull(REPO, in_time).head_sha}" in early and "file=" not in early
    assert "open-at-cutoff" in site.hub.pull(REPO, unlabelled).labels
    assert "open-at-cutoff" in site.hub.pull(REPO, in_time).labels
    assert "late" in site.hub.pull(REPO, late).labels
    assert "open-at-cutoff" not in site.hub.pull(REPO, late).labels
    assert site.hub.pull(REPO, other).labels == ()
    [closing] = site.marked_comments(issue.number, MarkerKind("phase-close"))
    assert f"#{in_time} (opened in time" in closing.body
    assert f"#{late} (late" in closing.body
    assert not (issue.body or "").startswith("<!--") and "election-bot:cutoff" not in phases.content_of(
        issue.body or ""
    )
    # once: later runs do not even list the pull requests again
    site.hub.reset_log()
    assert site.sync("2026-08-11T14:10:00Z") == 0
    assert site.hub.count(path_prefix=f"/repos/{REPO}/pulls") == 0
    assert site.hub.writes() == []


def test_a_pass_cut_short_after_the_record_labels_without_recording_twice(site: Site) -> None:
    site.sync(OPEN)
    number = _pull(site, "early-bird", "2026-08-10T00:00:00Z")
    # the label request fails for good: the record is written, the run stops with exit 3
    for nth in range(1, 7):
        site.hub.inject("POST", rf"/issues/{number}/labels$", nth=nth, fault=Fault.SERVER_ERROR)
    assert site.sync(CUTOFF) == 3
    body = site.issue_for("nominations").body or ""
    assert phases.recorded_pulls(body, ELECTION_ID) == {number}
    assert site.issue_for("nominations").state == "open"  # not closed before every pull request is done
    site.hub.clear_faults()
    assert site.sync("2026-08-11T14:05:00Z") == 0
    assert "open-at-cutoff" in site.hub.pull(REPO, number).labels
    after = site.issue_for("nominations")
    assert after.state == "closed"
    assert phases.cutoff_record(after.body or "") == phases.cutoff_record(
        body
    )  # kept by the closing edit, once


# -- several elections, one request ----------------------------------------------------------------


def test_several_elections_share_one_request_and_election_restricts(site: Site) -> None:
    other = site.root / "nominations" / "board-2026"
    other.mkdir()
    (other / "election.yaml").write_text(
        ELECTION_YAML.replace("id: test-2026", "id: board-2026")
        .replace("Test Council", "Test Board")
        .replace("2026-07-28T14:00:00Z", "2026-07-29T14:00:00Z")
    )
    assert site.sync(OPEN, "--election", ELECTION_ID) == 0
    assert len(site.issues()) == 2
    assert site.sync("2026-07-29T14:00:00Z") == 0
    titles = sorted(i.title for i in site.issues())
    assert len(titles) == 4 and sum("Test Board" in t for t in titles) == 2
    site.hub.reset_log()
    assert site.sync("2026-07-29T14:05:00Z") == 0
    # One list of issues for both; one list of open pull requests (nominations are open: nominee labels)
    assert [r.path.removeprefix("/repos/pypa/elections") for r in site.hub.requests] == ["/issues", "/pulls"]


# -- people and errors ---------------------------------------------------------------------------------


def test_a_marker_copied_into_someone_elses_issue_is_not_trusted(site: Site) -> None:
    site.sync(OPEN)
    genuine = site.issue_for("nominations")
    site.hub.create_issue(REPO, "mallory", "fake", genuine.body, labels=["election-bot"])
    site.hub.set_state(REPO, genuine.number, "closed", by="test-admin")
    # the bot sees its own issue closed early (and ignores mallory's copy)
    assert site.sync("2026-07-29T00:00:00Z") == 0
    assert len(site.marked_comments(genuine.number, MarkerKind("phase-notice"))) == 1
    assert [i.number for i in site.phase_issues("nominations")] == [genuine.number]


def test_an_invalid_election_config_exits_2(site: Site) -> None:
    (site.folder / "election.yaml").write_text(ELECTION_YAML.replace("seats: 3", "seats: 4"))
    assert site.sync(OPEN) == 2
    assert site.issues() == []


def test_unknown_election_exits_2(site: Site) -> None:
    assert site.sync(OPEN, "--election", "nope-2026") == 2


def test_github_unavailable_exits_3_and_the_next_run_converges(site: Site) -> None:
    for nth in range(1, 7):
        site.hub.inject("GET", r"/issues$", nth=nth, fault=Fault.BAD_GATEWAY)
    assert site.sync(OPEN) == 3
    assert "GitHub is unavailable" in site.last_output
    assert site.issues() == []
    assert site.sync("2026-07-28T14:05:00Z") == 0
    site.assert_converged(parse_instant("2026-07-28T14:05:00Z"))


def test_marker_fields_record_state(site: Site) -> None:
    site.sync(CUTOFF)
    issue = site.issue_for("nominations")
    identity = first_marker(issue.body, MarkerKind("phase"))
    assert identity is not None
    assert identity.fields == {"election": ELECTION_ID, "phase": "nominations"}
    # exactly the marker others look the issue up by (`results --post`, the gateway's find_bot_issue)
    assert f"<!-- election-bot:phase election={ELECTION_ID} phase=nominations -->" in (issue.body or "")
    state = first_marker(issue.body, MarkerKind("phase-state"))
    assert state is not None
    assert state.fields["status"] == "final"
    assert len(state.fields["digest"]) == 16


def test_a_token_that_may_not_write_is_a_configuration_error(
    site: Site, fakehub: FakeHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same exit status as `pr` and `results --post` give for GitHub refusing the token (2), not
    'findings' (1): re-running will not help until the workflow's permissions are fixed."""
    monkeypatch.setenv("GITHUB_TOKEN", fakehub.token_for("github-actions[bot]", read_only=True))
    assert site.sync("2026-08-02T12:00:00Z") == 2
    assert "GitHub refused a request" in site.last_output
    assert site.issues() == []


def test_github_rejecting_a_write_exits_3_as_its_help_says(site: Site) -> None:
    """A 422 is neither the token's refusal (2) nor findings (1): bot.errors maps it to 3, and the help
    and the reference say so."""
    site.hub.inject("POST", r"/issues$", fault=Fault.VALIDATION_FAILED)
    assert site.sync(OPEN) == 3
    assert "GitHub refused a request" in site.last_output
    assert site.sync("2026-07-28T14:05:00Z") == 0
    site.assert_converged(parse_instant("2026-07-28T14:05:00Z"))
