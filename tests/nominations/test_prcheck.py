"""The pure core of the PR check, table by table: events, files, consent, commands, state, labels, verdicts."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from bot import nominations as prcheck
from bot.config.loading import load_nomination
from bot.github.values import ChangedFile, Comment, RepoFile, Review, User
from bot.nominations import (
    Commenter,
    Consent,
    ConsentVia,
    EventFacts,
    Ignored,
    Outcome,
    PayloadError,
    VerdictStatus,
    record,
    report,
)
from bot.nominations.membership import MembershipAnswer, MembershipState
from bot.nominations.slash import Command, SlashCommand, parse_commands
from bot.text import labels as vocab
from tests.helpers.prcheck import ADMIN, BOB, CUTOFF, JANE, PATH, T0, decision, election, f, facts, pull
from tests.helpers.world import nomination_md

BLOB = "b" * 40
BOUND = prcheck.Scope("k" * 16, frozenset({"k" * 16}), "", "sample-2026")


# -- events ------------------------------------------------------------------------------------------------


def pr_payload(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "action": "opened",
        "repository": {"full_name": "o/r"},
        "pull_request": {"number": 7},
    }
    data.update(changes)
    return data


def comment_payload(action: str = "created", *, on_pull: bool = True, **comment: Any) -> dict[str, Any]:
    issue: dict[str, Any] = {"number": 7}
    if on_pull:
        issue["pull_request"] = {"url": "x"}
    body = {
        "id": 5,
        "user": {"login": "bob", "id": 102, "type": "User"},
        "body": "/recheck",
        "html_url": "https://github.com/o/r/pull/7#issuecomment-5",
        "created_at": "2026-03-05T10:00:00Z",
    }
    body.update(comment)
    return {"action": action, "repository": {"full_name": "o/r"}, "issue": issue, "comment": body}


@pytest.mark.parametrize(
    ("name", "payload", "expected"),
    [
        ("push", {}, Ignored),
        ("", {}, Ignored),
        ("pull_request_target", pr_payload(), EventFacts),
        ("pull_request", pr_payload(action="synchronize"), EventFacts),
        ("pull_request", pr_payload(action="ready_for_review"), EventFacts),
        ("pull_request_target", pr_payload(action="closed"), Ignored),
        ("pull_request_target", pr_payload(action="labeled"), Ignored),
        ("issue_comment", comment_payload(), EventFacts),
        ("issue_comment", comment_payload("edited"), EventFacts),
        ("issue_comment", comment_payload("deleted"), EventFacts),
        ("issue_comment", comment_payload(on_pull=False), Ignored),
        ("issue_comment", comment_payload("pinned"), Ignored),
        (
            "pull_request_review",
            {
                "action": "submitted",
                "repository": {"full_name": "o/r"},
                "pull_request": {"number": 7},
                "review": {"id": 9, "user": {"login": "jane", "id": 1}, "state": "approved"},
            },
            EventFacts,
        ),
    ],
)
def test_events(name: str, payload: dict[str, Any], expected: type) -> None:
    assert isinstance(prcheck.parse_event(name, payload), expected)


@pytest.mark.parametrize(
    ("name", "payload"),
    [
        ("pull_request_target", []),
        ("pull_request_target", "text"),
        ("pull_request_target", pr_payload(action=None)),
        ("pull_request_target", pr_payload(action=3)),
        ("pull_request_target", pr_payload(pull_request=None)),
        ("pull_request_target", pr_payload(pull_request={"number": "7"})),
        ("pull_request_target", pr_payload(pull_request={"number": True})),
        ("pull_request_target", pr_payload(repository={"full_name": 1})),
        ("pull_request_target", {"action": "opened", "pull_request": {"number": 7}}),
        ("issue_comment", comment_payload(id="5")),
        ("issue_comment", comment_payload(user={"login": "x"})),
        ("issue_comment", comment_payload(user="bob")),
        ("issue_comment", comment_payload(created_at="yesterday")),
        ("issue_comment", comment_payload(created_at="2026-03-05T10:00:00")),  # no offset
        ("issue_comment", comment_payload(html_url=None)),
    ],
)
def test_malformed_payloads(name: str, payload: Any) -> None:
    with pytest.raises(PayloadError):
        prcheck.parse_event(name, payload)


def test_a_comment_event_carries_the_comment() -> None:
    event = prcheck.parse_event("issue_comment", comment_payload(body=None))
    assert isinstance(event, EventFacts)
    assert event.comment is not None and event.comment.body == "" and event.comment.author == BOB
    assert event.acts_on_commands
    edited = prcheck.parse_event("issue_comment", comment_payload("edited"))
    assert isinstance(edited, EventFacts) and not edited.acts_on_commands


def test_a_deleted_account_is_the_ghost() -> None:
    event = prcheck.parse_event("issue_comment", comment_payload(user=None))
    assert isinstance(event, EventFacts) and event.comment is not None
    assert event.comment.author.login == "ghost"


# -- which file is the nomination -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "chosen", "codes"),
    [
        ([f(PATH)], PATH, []),
        ([f(PATH, "modified")], PATH, []),
        ([f("nominations/janedoe.md")], "nominations/janedoe.md", []),  # LOC001 comes from the file rules
        ([f(PATH), f(".github/workflows/x.yml")], PATH, ["PR001"]),
        ([f(PATH), f("README.md", "removed")], PATH, ["PR001"]),
        ([f(PATH), f("docs/new.md", "renamed", "docs/old.md")], PATH, ["PR001"]),
        ([f(PATH, "renamed", "nominations/sample-2026/jane.md")], None, ["PR001", "PR002"]),
        ([f(PATH, "removed")], None, ["PR001", "PR002"]),
        ([f(PATH), f("nominations/sample-2026/bob.md")], None, ["PR003", "PR003"]),
        ([f("nominations/sample-2026/election.yaml", "modified")], None, ["PR001", "PR002"]),
        ([f("nominations/README.md", "modified")], None, ["PR001", "PR002"]),
        ([], None, ["PR002"]),
    ],
)
def test_selecting_the_nomination(files: list[ChangedFile], chosen: str | None, codes: list[str]) -> None:
    selection = prcheck.select_nomination(files)
    assert (selection.nomination.filename if selection.nomination else None) == chosen
    assert sorted(x.code for x in selection.findings) == sorted(codes)


def test_many_other_files_are_listed_up_to_a_limit() -> None:
    files = [f(PATH)] + [f(f"src/{i}.py") for i in range(50)]
    findings = prcheck.select_nomination(files).findings
    assert len(findings) == prcheck.MAX_OTHER_FILE_FINDINGS + 1
    assert "30 more files" in findings[-1].message


@pytest.mark.parametrize(
    ("blob", "code"),
    [
        (None, "PR005"),
        (RepoFile(PATH, "symlink", 0, None), "PR004"),
        (RepoFile(PATH, "submodule", 0, None), "PR004"),
        (RepoFile(PATH, "dir", 0, None), "PR004"),
        (RepoFile(PATH, "file", 10**6, None, too_large=True), "FILE002"),
        (RepoFile(PATH, "file", 40_000, b"x" * 40_000), "FILE002"),
    ],
)
def test_only_a_regular_file_of_bounded_size_is_parsed(blob: RepoFile | None, code: str) -> None:
    loaded, findings = prcheck.load_blob(PATH, blob, "a" * 40, 32_768)
    assert loaded is None
    assert [x.code for x in findings] == [code]


def test_a_regular_file_is_loaded() -> None:
    data = nomination_md("janedoe")
    loaded, findings = prcheck.load_blob(PATH, RepoFile(PATH, "file", len(data), data), "a" * 40, 32_768)
    assert findings == [] and loaded is not None and loaded.nomination is not None


@pytest.mark.parametrize(
    ("content", "path", "login"),
    [
        (nomination_md("JaneDoe"), PATH, "JaneDoe"),
        (b"---\ngithub: janedoe\nname: 5\n---\n", PATH, "janedoe"),  # broken file, readable login
        (b"no front matter", PATH, "janedoe"),  # the file name
        (b"no front matter", "nominations/sample-2026/not a login!.md", None),
    ],
)
def test_who_is_nominated(content: bytes, path: str, login: str | None) -> None:
    assert prcheck.nominee_login(load_nomination(content, path), path) == login


# -- duplicates ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entries", "ours", "found"),
    [
        ([], PATH, None),
        ([(PATH, "file")], PATH, None),  # our own file: an update
        (([("nominations/sample-2026/JaneDoe.md", "file")]), PATH, "nominations/sample-2026/JaneDoe.md"),
        (([("nominations/sample-2026/JaneDoe.md", "symlink")]), PATH, None),
        (([("nominations/sample-2026/jane.md", "file")]), PATH, None),
    ],
)
def test_merged_duplicates(entries: list[tuple[str, str]], ours: str, found: str | None) -> None:
    assert prcheck.merged_duplicate(entries, ours, "janedoe") == found


@pytest.mark.parametrize(
    ("change", "nominates"),
    [
        (f(PATH), True),
        (f("nominations/sample-2026/JANEDOE.md", "modified"), True),
        (f(PATH, "removed"), False),
        (f("nominations/ppc-2026/janedoe.md"), False),
        (f("docs/janedoe.md"), False),
    ],
)
def test_what_nominates_whom(change: ChangedFile, nominates: bool) -> None:
    assert prcheck.is_nomination_of(change, "sample-2026", "JaneDoe") is nominates


def test_the_earlier_pr_wins() -> None:
    assert prcheck.earlier(pull(8, at=T0), pull(7, at=T0 + timedelta(seconds=1)))
    assert prcheck.earlier(pull(7), pull(8))  # same instant: the lower number
    assert not prcheck.earlier(pull(8), pull(7))


# -- consent ---------------------------------------------------------------------------------------------


def comment(author: User, body: str, cid: int = 1) -> Comment:
    return Comment(cid, author, body, T0, T0, f"https://github.com/o/r/pull/7#issuecomment-{cid}")


@pytest.mark.parametrize(
    ("nominee", "comments", "reviews", "via"),
    [
        (JANE, [], [], None),
        (BOB, [], [], ConsentVia.author),  # BOB is the author below
        (User("BOB", 102), [], [], ConsentVia.author),
        (User("bob", 999), [], [], None),  # same login, another account (re-registered): no
        (JANE, [comment(JANE, "/consent")], [], ConsentVia.comment),
        (JANE, [comment(JANE, "I agree\n> /consent")], [], None),
        (JANE, [comment(BOB, "/consent")], [], None),
        (JANE, [comment(User("janedoe", 999), "/consent")], [], None),
        (JANE, [], [Review(1, JANE, "APPROVED")], ConsentVia.review),
        (JANE, [], [Review(1, JANE, "COMMENTED")], None),
        (JANE, [], [Review(1, JANE, "DISMISSED")], None),
        (JANE, [], [Review(1, ADMIN, "APPROVED")], None),
        (None, [comment(JANE, "/consent")], [], None),
    ],
)
def test_consent(
    nominee: User | None, comments: list[Comment], reviews: list[Review], via: ConsentVia | None
) -> None:
    bound = {("comment", c.id): BLOB for c in comments} | {("review", r.id): BLOB for r in reviews}
    consent = prcheck.find_consent(
        nominee, BOB, comments, reviews, "https://github.com/o/r/pull/7", blob=BLOB, bound=bound
    )
    assert consent.via is via


@pytest.mark.parametrize("via", ["comment", "review"])
def test_consent_given_for_other_content_does_not_count(via: str) -> None:
    """Consent is bound to the file it was given for: after a change, or when the bot cannot tell which
    version it was, the nominee is asked again."""
    comments = [comment(JANE, "/consent")] if via == "comment" else []
    reviews = [Review(1, JANE, "APPROVED", commit_id="c" * 40)] if via == "review" else []
    ref = comments[0].id if comments else 1
    url = "https://github.com/o/r/pull/7"
    for bound in ({(via, ref): "e" * 40}, {}):
        consent = prcheck.find_consent(JANE, BOB, comments, reviews, url, blob=BLOB, bound=bound)
        assert consent.via is None and consent.stale == (ConsentVia(via), ref)
    consent = prcheck.find_consent(JANE, BOB, comments, reviews, url, blob=BLOB, bound={(via, ref): BLOB})
    assert consent.via is ConsentVia(via) and consent.stale is None


def test_identify_by_login_ignores_case() -> None:
    assert prcheck.identify("JANEDOE", [BOB, JANE]) == JANE
    assert prcheck.identify("jane", [BOB, JANE]) is None


# -- commands ------------------------------------------------------------------------------------------------


def who(
    person: User = ADMIN,
    *,
    permission: str | None = None,
    configured: bool = False,
    bot: bool = False,
    author: bool = False,
    nominee: bool = False,
) -> Commenter:
    return Commenter(person, bot, configured, permission, author, nominee)


def cmd(text: str) -> SlashCommand:
    (command,) = parse_commands(text)
    return command


@pytest.mark.parametrize(
    ("command", "commenter", "outcome", "value"),
    [
        ("/verify-membership", who(permission="write"), Outcome.accepted, "fellow"),
        ("/verify-membership", who(permission="maintain"), Outcome.accepted, "fellow"),
        ("/verify-membership", who(permission="admin"), Outcome.accepted, "fellow"),
        ("/verify-membership supporting", who(permission="write"), Outcome.accepted, "supporting"),
        ("/verify-membership Contributing", who(permission="write"), Outcome.accepted, "contributing"),
        ("/verify-membership", who(configured=True), Outcome.accepted, "fellow"),
        ("/verify-membership", who(permission="triage"), Outcome.refused, ""),
        ("/verify-membership", who(permission="read"), Outcome.refused, ""),
        ("/verify-membership", who(permission="none"), Outcome.refused, ""),
        ("/verify-membership", who(permission=None), Outcome.refused, ""),
        ("/verify-membership", who(permission="admin", bot=True), Outcome.ignored, ""),
        ("/verify-membership", who(JANE, permission="admin", nominee=True), Outcome.refused, ""),
        ("/verify-membership", who(JANE, permission="admin"), Outcome.refused, ""),  # nominee by id
        ("/verify-membership platinum", who(permission="write"), Outcome.refused, ""),
        ("/verify-membership managing", who(permission="write"), Outcome.refused, ""),
        ("/verify-membership fellow extra", who(permission="write"), Outcome.refused, ""),
        ("/verify-membership fellow!", who(permission="write"), Outcome.refused, ""),
        ("/unverify-membership", who(permission="write"), Outcome.accepted, ""),
        ("/unverify-membership", who(permission="triage"), Outcome.refused, ""),
        ("/accept-late", who(permission="write"), Outcome.accepted, ""),
        ("/accept-late", who(BOB, author=True), Outcome.refused, ""),
        ("/recheck", who(BOB, author=True), Outcome.accepted, ""),
        ("/recheck", who(JANE, nominee=True), Outcome.accepted, ""),
        ("/recheck", who(permission="write"), Outcome.accepted, ""),
        ("/recheck", who(permission="read"), Outcome.refused, ""),
        ("/consent", who(permission="admin"), Outcome.ignored, ""),
    ],
)
def test_who_may_do_what(command: str, commenter: Commenter, outcome: Outcome, value: str) -> None:
    ruling = prcheck.authorise(
        cmd(command), commenter, T0, 55, nominee=JANE, declared="fellow", scope=BOUND, election=election()
    )
    assert ruling.outcome is outcome, ruling.reason
    if outcome is Outcome.refused:
        assert ruling.reason and ruling.decision is None
    if ruling.decision is not None:
        assert ruling.decision.value == value
        assert (ruling.decision.by_id, ruling.decision.comment_id, ruling.decision.at) == (ADMIN.id, 55, T0)


@pytest.mark.parametrize(
    ("text", "then", "outcome", "reason"),
    [
        ("/verify-membership fellow", frozenset({"k" * 16}), Outcome.accepted, ""),
        ("/verify-membership fellow", frozenset({"o" * 16}), Outcome.refused, "this was for `bob`"),
        ("/accept-late", frozenset({"o" * 16, "k" * 16}), Outcome.refused, "cannot tell"),
        ("/accept-late", frozenset({record.UNKNOWN}), Outcome.refused, "cannot tell"),
        ("/accept-late @janedoe", frozenset({record.UNKNOWN}), Outcome.accepted, ""),
        ("/verify-membership @JaneDoe fellow", frozenset({"o" * 16, "k" * 16}), Outcome.accepted, ""),
        ("/verify-membership @janedoe fellow", frozenset({"o" * 16}), Outcome.refused, "did not nominate"),
        ("/verify-membership @bob fellow", frozenset({"k" * 16}), Outcome.refused, "names `@bob`"),
        ("/unverify-membership @bob", frozenset({"k" * 16}), Outcome.refused, "names `@bob`"),
    ],
)
def test_a_decision_counts_only_for_the_nominee_it_was_written_for(
    text: str, then: frozenset[str], outcome: Outcome, reason: str
) -> None:
    scope = prcheck.Scope("k" * 16, then, "bob", "sample-2026")
    admin = who(permission="write")
    ruling = prcheck.authorise(
        cmd(text), admin, T0, 1, nominee=JANE, declared="fellow", scope=scope, election=election()
    )
    assert ruling.outcome is outcome, ruling.reason
    assert reason in ruling.reason
    if ruling.decision is not None:
        assert (ruling.decision.nominee_id, ruling.decision.nominee_login) == (JANE.id, "janedoe")
        assert ruling.decision.election == "sample-2026"
        assert ruling.decision.value in ("fellow", "")


def test_verification_needs_a_class_and_a_nominee() -> None:
    admin = who(permission="write")
    no_class = prcheck.authorise(
        cmd("/verify-membership"), admin, T0, 1, nominee=JANE, declared=None, scope=BOUND, election=election()
    )
    assert no_class.outcome is Outcome.refused and "say which class" in no_class.reason
    no_nominee = prcheck.authorise(
        cmd("/verify-membership fellow"),
        admin,
        T0,
        1,
        nominee=None,
        declared=None,
        scope=BOUND,
        election=election(),
    )
    assert no_nominee.outcome is Outcome.refused


@pytest.mark.parametrize(
    ("text", "configured", "author", "nominee", "needed"),
    [
        ("/verify-membership", False, False, False, True),
        ("/verify-membership", True, False, False, False),
        ("/recheck", False, True, False, False),
        ("/recheck", False, False, True, False),
        ("/recheck", False, False, False, True),
        ("/consent", False, False, False, False),
    ],
)
def test_when_the_permission_is_asked(
    text: str, configured: bool, author: bool, nominee: bool, needed: bool
) -> None:
    commands = parse_commands(text)
    assert (
        prcheck.needs_permission(commands, configured_admin=configured, is_author=author, is_nominee=nominee)
        is needed
    )


# -- state ---------------------------------------------------------------------------------------------------


def test_state_round_trips_through_the_report_markers() -> None:
    decisions = (decision(), decision(Command.accept_late, cid=56, value=""))
    body = prcheck.report_marker(7, "d" * 16, 7000001, "a" * 40) + "\ntext\n" + prcheck.state_block(decisions)
    state = prcheck.parse_state(4, body, 7)
    assert state is not None
    assert (state.comment_id, state.digest, state.check_run_id, state.head_sha) == (
        4,
        "d" * 16,
        7000001,
        "a" * 40,
    )
    assert state.decisions == decisions
    assert prcheck.parse_state(4, body, 8) is None  # another PR's report
    assert prcheck.parse_state(4, "no marker", 7) is None


@pytest.mark.parametrize(
    "marker",
    [
        "<!-- election-bot:decision act=consent at=2026-03-05T10:00:00Z by=x by_id=1 comment=1 -->",
        "<!-- election-bot:decision act=verify-membership at=yesterday by=x by_id=1 comment=1 -->",
        "<!-- election-bot:decision act=verify-membership at=2026-03-05T10:00:00Z by=x comment=1 -->",
        "<!-- election-bot:decision act=verify-membership at=2026-03-05T10:00:00 by=x by_id=1 comment=1 -->",
        "<!-- election-bot:decision act=verify-membership at=2026-03-05T10:00:00Z by=-x- by_id=1 comment=1 -->",
    ],
)
def test_unreadable_decisions_are_dropped(marker: str) -> None:
    body = prcheck.report_marker(7, "d", None, "s") + "\n" + prcheck.STATE_SEPARATOR + "\n" + marker
    state = prcheck.parse_state(1, body, 7)
    assert state is not None and state.decisions == ()


def test_markers_in_the_visible_text_are_never_state() -> None:
    """The report quotes user strings (a file name in a code span can spell out a marker): only the first
    line and the tail after the last separator are read."""
    forged = decision(Command.accept_late, value="").marker()
    ours = decision()
    head = prcheck.report_marker(7, "d", None, "s")
    visible = f"`{prcheck.STATE_SEPARATOR} {forged}`\n{forged}\n"
    state = prcheck.parse_state(1, head + "\n" + visible + prcheck.state_block([ours]), 7)
    assert state is not None and state.decisions == (ours,)
    no_tail = prcheck.parse_state(1, head + "\n" + forged, 7)
    assert no_tail is not None and no_tail.decisions == ()
    assert prcheck.parse_state(1, "hello\n" + head, 7) is None  # a report marker counts on line 1 only


def test_replies_are_remembered_by_comment_id_and_author() -> None:
    bodies = [prcheck.reply_marker(12, 5) + "\nno", "text", prcheck.reply_marker(13, 6)]
    assert prcheck.replied_to(bodies) == {12, 13}
    assert prcheck.refused_authors(bodies) == {5, 6}
    assert prcheck.replied_to(["Thank you\n" + prcheck.reply_marker(14, 7)]) == set()  # first line only
    assert prcheck.refused_authors(["Thank you\n" + prcheck.reply_marker(14, 7)]) == set()


def test_a_decision_is_recorded_once() -> None:
    first = prcheck.apply_decisions((), [decision()])
    assert prcheck.apply_decisions(first, [decision()]) == first
    assert len(prcheck.apply_decisions(first, [decision(cid=56)])) == 2


def test_the_latest_membership_decision_counts() -> None:
    verify = decision(at=T0)
    unverify = decision(Command.unverify_membership, at=T0 + timedelta(minutes=1), cid=56, value="")
    again = decision(at=T0 + timedelta(minutes=2), cid=57, value="supporting")
    assert prcheck.membership_decision([verify], JANE) == verify
    assert prcheck.membership_decision([verify, unverify], JANE) is None
    assert prcheck.membership_decision([verify, unverify, again], JANE) == again
    assert prcheck.membership_decision([verify], BOB) is None  # pinned to the nominee's account


# -- labels --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "desired", "add", "remove"),
    [
        ([], ["nomination", "nominee:jane"], ["nomination", "nominee:jane"], []),
        (
            ["nomination", "needs-changes"],
            ["nomination", "ready-for-review"],
            ["ready-for-review"],
            ["needs-changes"],
        ),
        (["Nomination", "question", "open-at-cutoff"], ["nomination"], [], []),  # others' labels stay
        (["nominee:bob"], ["nominee:jane"], ["nominee:jane"], ["nominee:bob"]),
        (["late", "ready-for-review"], ["late", "ready-for-review"], [], []),
    ],
)
def test_labels_in_sync(current: list[str], desired: list[str], add: list[str], remove: list[str]) -> None:
    assert prcheck.plan_labels(current, desired) == (add, remove)


def test_every_label_has_a_colour_and_a_description() -> None:
    for name in [*vocab.FIXED, "nominee:jane"]:
        spec = vocab.spec(name)
        assert len(spec.color) == 6 and spec.description and len(spec.name) <= 50


# -- the verdict ---------------------------------------------------------------------------------------------


UNVERIFIED = MembershipAnswer(MembershipState.unverified, reason="no membership directory configured")


@pytest.mark.parametrize(
    ("changes", "status", "labels", "conclusion"),
    [
        ({}, VerdictStatus.ready, {"ready-for-review"}, "success"),
        (
            {"membership": UNVERIFIED},
            VerdictStatus.membership_unverified,
            {"membership-unverified"},
            "action_required",
        ),
        (
            {"consent": Consent(None), "author": BOB},
            VerdictStatus.awaiting_consent,
            {"awaiting-consent"},
            "action_required",
        ),
        (
            {"consent": Consent(None), "author": BOB, "membership": UNVERIFIED},
            VerdictStatus.awaiting_consent,
            {"awaiting-consent", "membership-unverified"},
            "action_required",
        ),
        # late is its own status: no change can make it in time, so it does not need changes
        ({"at": CUTOFF}, VerdictStatus.late, {"late"}, "failure"),
        ({"at": CUTOFF - timedelta(seconds=1)}, VerdictStatus.ready, {"ready-for-review"}, "success"),
        ({"content": b"broken"}, VerdictStatus.needs_changes, {"needs-changes"}, "failure"),
        ({"nominee": None}, VerdictStatus.needs_changes, {"needs-changes"}, "failure"),
        ({"duplicate_of": 3}, VerdictStatus.needs_changes, {"needs-changes"}, "failure"),
        # a duplicate's nominee is not asked to consent on the pull request they should abandon
        (
            {"duplicate_of": 3, "consent": Consent(None), "author": BOB},
            VerdictStatus.needs_changes,
            {"needs-changes"},
            "failure",
        ),
        (
            {"membership": MembershipAnswer(MembershipState.not_found, source="roster")},
            VerdictStatus.needs_changes,
            {"needs-changes"},
            "failure",
        ),
        ({"files": [f(PATH), f("setup.py")]}, VerdictStatus.needs_changes, {"needs-changes"}, "failure"),
    ],
)
def test_verdicts(changes: dict[str, Any], status: VerdictStatus, labels: set[str], conclusion: str) -> None:
    verdict = prcheck.decide(facts(**changes))
    assert verdict.status is status
    assert set(verdict.labels) == {"nomination", "nominee:janedoe"} | labels
    assert verdict.conclusion == conclusion
    assert verdict.exit_code == (0 if status is VerdictStatus.ready else 1)


def test_an_admins_verification_wins_over_the_directory() -> None:
    for answer in (UNVERIFIED, MembershipAnswer(MembershipState.not_found, source="roster")):
        verdict = prcheck.decide(facts(membership=answer, decisions=(decision(),)))
        assert verdict.status is VerdictStatus.ready
        assert verdict.membership_by == decision()
        assert "admin anadmin" in verdict.membership.source


def test_a_verification_for_someone_else_does_not_count() -> None:
    other = replace(decision(), nominee_id=BOB.id)
    assert (
        prcheck.decide(facts(membership=UNVERIFIED, decisions=(other,))).status
        is VerdictStatus.membership_unverified
    )


def test_an_accepted_late_nomination_keeps_its_late_label() -> None:
    verdict = prcheck.decide(facts(at=CUTOFF, decisions=(decision(Command.accept_late, value=""),)))
    assert verdict.status is VerdictStatus.ready
    assert "late" in verdict.labels
    assert [x.code for x in verdict.findings] == ["PR010"]


def test_the_digest_follows_what_is_shown() -> None:
    base = prcheck.decide(facts())
    assert prcheck.decide(facts()).digest == base.digest
    assert prcheck.decide(facts(membership=UNVERIFIED)).digest != base.digest
    assert prcheck.decide(facts(decisions=(decision(),))).digest != base.digest
    assert len(base.digest) == 16


@pytest.mark.parametrize(
    ("files", "labels", "proposes"),
    [
        ([f(PATH)], (), True),
        ([f(PATH, "modified")], (), True),
        ([f("docs/x.md", "renamed", PATH)], (), True),  # renamed out of the folder: the bot says so
        ([f(PATH, "removed")], (), False),  # a withdrawal is the admins' business
        ([f("nominations/sample-2026/election.yaml", "modified")], (), False),
        ([f("nominations/README.md", "modified")], (), False),
        ([f("bot/core/x.py")], (), False),
        ([f("bot/core/x.py")], ("Nomination",), True),
        ([], (), False),
    ],
)
def test_which_prs_are_nominations(files: list[ChangedFile], labels: tuple[str, ...], proposes: bool) -> None:
    assert prcheck.proposes_nomination(files, labels) is proposes


def test_a_path_with_control_characters_is_never_read() -> None:
    selection = prcheck.select_nomination([f("nominations/sample-2026/jane\tdoe.md")])
    assert selection.nomination is None
    assert sorted(x.code for x in selection.findings) == ["PR001", "PR002"]


# -- a file whose name and `github` disagree (NOM006) -----------------------------------------------------

DECOY = "nominations/sample-2026/decoy.md"


@pytest.mark.parametrize(
    "claims",
    [
        {"consent": Consent(ConsentVia.comment, 9, "https://github.com/o/r/pull/7#issuecomment-9")},
        {"consent": Consent(ConsentVia.review, 9, "https://github.com/o/r/pull/7#pullrequestreview-9")},
        {"consent": Consent(None), "membership": MembershipAnswer(MembershipState.unverified, reason="x")},
        {"duplicate_of": 3},
    ],
)
def test_a_file_whose_name_and_github_disagree_is_never_valid_labelled_or_consented(
    claims: dict[str, Any],
) -> None:
    """Whatever the facts claim of the nominee (a consent, an unverified membership, an earlier pull
    request), `decoy.md` saying `github: janedoe` is judged on the file alone: NOM006, never ready, no
    `nominee:` label, no consent counted, nobody asked to consent, no membership or duplicate verdict."""
    base = facts(author=BOB, files=[f(DECOY)], **claims)
    the_facts = replace(
        base,
        loaded=load_nomination(nomination_md("janedoe", nominated_by="bob"), DECOY),
        set_aside_for=4,
    )
    assert the_facts.names_disagree and not the_facts.judges_nominee

    verdict = prcheck.decide(the_facts)

    codes = {x.code for x in verdict.findings}
    assert "NOM006" in codes
    assert not codes & {"PR006", "PR007", "PR008", "PR009", "PR013"}
    assert not any(code.startswith("MEM") for code in codes)
    assert verdict.status is VerdictStatus.needs_changes and verdict.conclusion == "failure"
    assert not any(label.startswith(vocab.NOMINEE_PREFIX) for label in verdict.labels)
    assert not {vocab.READY.name, vocab.AWAITING_CONSENT.name, vocab.MEMBERSHIP_UNVERIFIED.name} & set(
        verdict.labels
    )
    body = report.report_body(the_facts, verdict, check_run_id=7)
    assert "@janedoe" not in body  # nobody is asked to consent to a file that names no one for sure


def test_a_mismatched_file_keeps_every_finding_of_its_own() -> None:
    """Judged without the nominee, the file itself is still checked in full (here: an unknown field)."""
    content = nomination_md("janedoe", nominated_by="bob").replace(b"name:", b"nmae:", 1)
    the_facts = replace(facts(author=BOB, files=[f(DECOY)]), loaded=load_nomination(content, DECOY))
    codes = {x.code for x in prcheck.decide(the_facts).findings}
    assert {"NOM006", "NOM003"} <= codes
