"""What people read: escaped, mention-free except the one deliberate ping, bounded, deterministic."""

from __future__ import annotations

import re

from bot import nominations as prcheck
from bot.github.values import Comment, User
from bot.nominations import Consent, Outcome, Ruling, report
from bot.nominations.membership import MembershipAnswer, MembershipState
from bot.nominations.slash import parse_commands
from tests.helpers.prcheck import BOB, JANE, PATH, T0, decision, f, facts

HOSTILE_NAME = (
    "@everyone <img src=x onerror=alert(1)> | `code` [link](javascript:x) <!-- election-bot:decision -->"
)


def mentions(text: str) -> list[str]:
    return re.findall(r"(?<![\w&;/\[])@([A-Za-z0-9-]+)", text)


def hostile_content() -> bytes:
    lines = [
        "---",
        f'name: "{HOSTILE_NAME}"',
        "github: janedoe",
        "psf_membership: fellow",
        "affiliations:",
        "  - organization: Example",
        "    relationship: employer",
        '"@channel|x<b>": 1',  # an unknown field whose name is quoted in a finding
        "attestations:",
        "  voting_member: true",
        "---",
        "Short.",
    ]
    return ("\n".join(lines) + "\n").encode()


def test_user_text_in_findings_is_escaped_and_pings_nobody() -> None:
    the_facts = facts(content=hostile_content())
    verdict = prcheck.decide(the_facts)
    assert any("@channel" in x.message for x in verdict.findings)
    for text in (
        report.report_body(the_facts, verdict, check_run_id=1),
        report.check_output(the_facts, verdict).text,
        report.job_summary(the_facts, verdict, requests="GitHub requests: 1"),
    ):
        # Values the catalogue puts in code spans stay code (GitHub links no mention inside code);
        # everywhere else a mention is neutralised.
        outside_code = re.sub(r"(`+)(.+?)\1", "", text)
        assert mentions(outside_code) == []
        assert "<b>" not in outside_code and "<img" not in text


def test_a_hostile_file_name_stays_inside_its_code_span() -> None:
    name = "nominations/sample-2026/`@evil` <b>|x.md"
    the_facts = facts(files=[f(PATH), f(name)])
    verdict = prcheck.decide(the_facts)
    body = report.report_body(the_facts, verdict, check_run_id=1)
    outside_code = re.sub(r"(`+)(.+?)\1", "", body)
    assert "<b>" not in outside_code
    assert mentions(outside_code) == []
    table = [line for line in body.splitlines() if line.startswith("| ")]
    assert all(line.count(" | ") - line.count("\\|") <= 3 for line in table)


def test_only_the_nominee_is_pinged_and_only_while_consent_is_awaited() -> None:
    waiting = facts(author=BOB, consent=Consent(None))
    body = report.report_body(waiting, prcheck.decide(waiting), check_run_id=1)
    assert mentions(body) == ["janedoe"]
    given = facts(author=BOB, consent=Consent(prcheck.ConsentVia.comment, 5, "https://github.com/o/r/pull/7"))
    assert mentions(report.report_body(given, prcheck.decide(given), check_run_id=1)) == []
    check = report.check_output(waiting, prcheck.decide(waiting))
    assert mentions(check.summary + check.text) == []


def test_the_report_is_deterministic_and_carries_its_state() -> None:
    the_facts = facts(
        decisions=(decision(),), membership=MembershipAnswer(MembershipState.unverified, reason="x")
    )
    verdict = prcheck.decide(the_facts)
    body = report.report_body(the_facts, verdict, check_run_id=77)
    assert body == report.report_body(the_facts, verdict, check_run_id=77)
    state = prcheck.parse_state(1, body, the_facts.pull.number)
    assert state is not None
    assert (state.digest, state.check_run_id, state.head_sha) == (verdict.digest, 77, the_facts.pull.head_sha)
    assert state.decisions == (decision(),)
    assert body.startswith("<!-- election-bot:pr-report ")


def test_bodies_stay_under_githubs_limit() -> None:
    many = [f(PATH)] + [f(f"src/{i:04}/" + "x" * 200 + ".py") for i in range(2000)]
    the_facts = facts(files=many)
    verdict = prcheck.decide(the_facts)
    for text in (
        report.report_body(the_facts, verdict, check_run_id=1),
        report.check_output(the_facts, verdict).summary,
        report.check_output(the_facts, verdict).text,
    ):
        assert len(text) < 65_536


def test_annotations_point_at_files_and_lines() -> None:
    the_facts = facts(content=hostile_content(), files=[f(PATH), f("setup.py")])
    annotations = report.annotation_texts(prcheck.decide(the_facts), the_facts, 50)
    assert {a.path for a in annotations} == {PATH, "setup.py"}
    assert all(a.line >= 1 and a.level in ("failure", "warning", "notice") for a in annotations)


def test_a_refusal_is_polite_names_the_comment_and_pings_nobody() -> None:
    comment = Comment(42, User("mallory", 9), "/verify-membership", T0, T0, "https://github.com/o/r/pull/7#c")
    (command,) = parse_commands("/verify-membership")
    body = report.refusal_body(comment, [Ruling(command, Outcome.refused, "only admins")], "a@example.org")
    assert body.startswith(prcheck.reply_marker(42, 9))
    assert "Thank you" in body and "only admins" in body and "Nothing was changed" in body
    assert mentions(body) == []


def test_links_fall_back_to_github_for_a_local_stand_in() -> None:
    links = report.links_for("http://127.0.0.1:5000/pypa/elections/pull/3", 3, "main")
    assert links.web == "https://github.com/pypa/elections"
    enterprise = report.links_for("https://ghe.example.org/pypa/elections/pull/3", 3, "main")
    assert enterprise.web == "https://ghe.example.org/pypa/elections"
    assert report.safe_url("javascript:alert(1)") is None


def test_every_status_has_words() -> None:
    for status in prcheck.VerdictStatus:
        assert report.HEADLINES[status] and report.TITLES[status]


def test_nobody_to_ping_without_an_account() -> None:
    nobody = facts(author=BOB, nominee=None, consent=Consent(None))
    assert JANE.login not in mentions(report.report_body(nobody, prcheck.decide(nobody), check_run_id=None))
