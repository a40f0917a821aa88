"""Golden files for what a nomination pull request's readers see (tests/nominations/golden/): the report comment,
the check run and the job summary, in each state a nomination can be in. Each file is the three texts one
after another, as GitHub would show them.

After an intended change of wording, regenerate them and review the diff:

    ELECTION_BOT_UPDATE_GOLDEN=1 uv run pytest tests/nominations/test_report_golden.py
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot import nominations as prcheck
from bot.config.zones import converter_url
from bot.github.values import Comment
from bot.nominations import Consent, ConsentVia, Facts, Outcome, Ruling, record, report
from bot.nominations.membership import MembershipAnswer, MembershipState
from bot.nominations.slash import Command, parse_commands
from tests.helpers.golden import check_golden
from tests.helpers.prcheck import BOB, CUTOFF, PATH, T0, decision, f, facts

GOLDEN = Path(__file__).parent / "golden"

# Five mistakes at once: a misspelt field, a missing one, a class that does not exist, a file name that
# does not match, and no attestation.
MANY_MISTAKES = b"""---
name: Jane Example
github: janedoe-two
psf_membership: fellowship
afiliations:
  - organization: Example Corporation
    relationship: employer
---
I have maintained a packaging tool for six years and would work on clear specifications.
"""

# The same mistakes in a file named after its `github`: the nominee is known, so consent and other
# nominations are judged (a file whose name and `github` disagree is judged without them: NOM006).
MISTAKES_NAMED_RIGHT = MANY_MISTAKES.replace(b"github: janedoe-two", b"github: janedoe")

LATE = prcheck.Evidence(CUTOFF + timedelta(hours=2), record.Source.opened, True)
UNDECIDED = prcheck.Evidence(CUTOFF + timedelta(minutes=5), record.Source.seen, False)
UNVERIFIED = MembershipAnswer(MembershipState.unverified, reason="the membership service did not answer")


def _scenarios() -> dict[str, Facts]:
    def bob_nominates(**more: Any) -> Facts:
        return facts(author=BOB, consent=Consent(None), **more)

    return {
        "ready": facts(),
        "ready-nominated": facts(
            author=BOB, consent=Consent(ConsentVia.comment, 9, "https://github.com/o/r/pull/7#issuecomment-9")
        ),
        # The file name and `github` disagree: the check looks up no account for it (NOM006).
        "needs-changes": facts(content=MANY_MISTAKES, nominee=None),
        "needs-changes-extra-file": facts(files=[f(PATH), f("README.md", "modified")]),
        "awaiting-consent": bob_nominates(),
        "awaiting-consent-stale": facts(author=BOB, consent=Consent(None, stale=(ConsentVia.comment, 9))),
        "membership-unverified": facts(membership=UNVERIFIED),
        "duplicate": bob_nominates(duplicate_of=3),
        "late": bob_nominates(at=CUTOFF + timedelta(hours=2), evidence=LATE),
        "late-accepted": facts(
            at=CUTOFF + timedelta(hours=2),
            evidence=LATE,
            decisions=(decision(Command.accept_late, at=CUTOFF + timedelta(hours=3), value=""),),
        ),
        "duplicate-merged": replace(bob_nominates(), merged_file="nominations/sample-2026/jane.md"),
        "set-aside": replace(bob_nominates(content=MISTAKES_NAMED_RIGHT), set_aside_for=4),
        "window-undecided": facts(at=CUTOFF - timedelta(days=1), evidence=UNDECIDED),
        "cut-off-with-problems": replace(
            facts(content=MANY_MISTAKES, nominee=None, at=CUTOFF - timedelta(days=1)), closed=True
        ),
    }


SCENARIOS = _scenarios()


def rendered(the_facts: Facts) -> str:
    verdict = prcheck.decide(the_facts)
    check = report.check_output(the_facts, verdict)
    return "\n".join(
        [
            report.report_body(the_facts, verdict, check_run_id=77),
            "<!-- ===== check run ===== -->",
            f"**{check.title}** ({check.conclusion})",
            "",
            check.summary,
            "",
            check.text,
            "",
            "<!-- ===== job summary ===== -->",
            report.job_summary(the_facts, verdict, requests="12 requests to GitHub"),
        ]
    )


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_report_golden(name: str) -> None:
    check_golden(GOLDEN, f"{name}.md", rendered(SCENARIOS[name]))


def test_the_scenarios_cover_every_status() -> None:
    seen = {prcheck.decide(x).status for x in SCENARIOS.values()}
    assert seen == set(prcheck.VerdictStatus)


def _first_paragraph(the_facts: Facts) -> str:
    body = report.report_body(the_facts, prcheck.decide(the_facts), check_run_id=77)
    return body.split("\n\n")[1]  # after the marker and the heading


# The reports that ask the author or the nominee to act before the cut-off, and those at or after it.
BEFORE_THE_CUT_OFF = (
    "needs-changes",
    "needs-changes-extra-file",
    "awaiting-consent",
    "awaiting-consent-stale",
)
AT_OR_AFTER = ("late", "cut-off-with-problems", "window-undecided")


@pytest.mark.parametrize("name", BEFORE_THE_CUT_OFF)
def test_a_report_asking_someone_to_act_names_the_deadline_and_what_follows_it_first(name: str) -> None:
    first = _first_paragraph(SCENARIOS[name])
    assert f"before the cut-off, [Tue 17 Mar 2026, 14:00 UTC]({converter_url(CUTOFF)})." in first, first
    assert "goes to the election administrators, who decide whether it is accepted" in first, first


@pytest.mark.parametrize("name", AT_OR_AFTER)
def test_at_or_after_the_cut_off_no_report_says_push_a_fix(name: str) -> None:
    texts = rendered(SCENARIOS[name])
    assert "then push" not in texts and "push to this branch" not in texts, name
    assert "Tue 17 Mar 2026, 14:00 UTC" in _first_paragraph(SCENARIOS[name])


def test_late_is_its_own_status_not_changes_needed() -> None:
    texts = rendered(SCENARIOS["late"])
    assert "Changes needed" not in texts and "to fix" not in texts
    assert "## Nomination check: ⏰ Late: made at or after the cut-off" in texts
    verdict = prcheck.decide(SCENARIOS["late"])
    assert "needs-changes" not in verdict.labels and "late" in verdict.labels
    assert (
        texts.split("<!-- ===== check run")[0].count("elections@example.org") <= 2
    )  # the finding and footer


def test_a_duplicate_links_the_earlier_pull_request_and_asks_no_consent() -> None:
    texts = rendered(SCENARIOS["duplicate"])
    # GitHub autolinks `#3` only when it is not escaped: the bot writes an explicit link to the pull request.
    problem = texts.split("\n1. ")[1].split("\n")[0]
    assert "[#3](https://github.com/o/r/pull/3)" in problem and "&#8203;" not in problem
    assert "awaiting-consent" not in prcheck.decide(SCENARIOS["duplicate"]).labels
    assert "/consent" not in texts.split("<details><summary>Commands")[0]
    assert (
        "| ➖ Nominee's consent | not asked here: [janedoe](https://github.com/janedoe) consents on " in texts
    )


def _words(markdown: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", re.sub(r"\]\([^)]*\)", "]", markdown).lower())


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_the_lead_does_not_repeat_problem_1(name: str) -> None:
    """The lead says who acts and what to do; the numbered problems say what is wrong. Five words in a
    row in both (times aside) is a repetition a reader reads twice."""
    body = report.report_body(SCENARIOS[name], prcheck.decide(SCENARIOS[name]), check_run_id=77)
    if "\n1. " not in body:
        return
    lead = _words(_first_paragraph(SCENARIOS[name]))
    problem = " ".join(_words(body.split("\n1. ")[1].split("\n")[0].split("): ", 1)[-1]))
    runs = {" ".join(lead[i : i + 5]) for i in range(len(lead) - 4)}
    # (a time may stand in both: the lead's deadline, the problem's facts)
    repeated = sorted(run for run in runs if f" {run} " in f" {problem} " and not re.search("[0-9]", run))
    assert not repeated, f"the lead repeats problem 1: {repeated}"


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_the_check_run_lists_the_problems_before_the_checklist(name: str) -> None:
    the_facts = SCENARIOS[name]
    verdict = prcheck.decide(the_facts)
    check = report.check_output(the_facts, verdict)
    assert "| check | result |" not in check.summary  # the checklist is the check's text, after
    assert "| check | result |" in check.text
    for finding in verdict.errors:
        assert f"[**{finding.code}**]" in check.summary, (name, finding.code)


def test_the_job_summary_says_the_exit_status_in_words() -> None:
    ready = report.job_summary(SCENARIOS["ready"], prcheck.decide(SCENARIOS["ready"]), requests="3 requests")
    late = report.job_summary(SCENARIOS["late"], prcheck.decide(SCENARIOS["late"]), requests="3 requests")
    assert "The check ended with exit status 0: every check passed. 3 requests" in ready
    assert "exit status 1: the nomination is not ready (see above)" in late
    assert "Exit code" not in ready + late


def test_replies_golden() -> None:
    """The polite refusal of a command, the nominee's second consent request, and the job summary of a
    run that reached no verdict."""
    comment = Comment(
        42, BOB, "/verify-membership fellow", T0, T0, "https://github.com/o/r/pull/7#issuecomment-42"
    )
    (command,) = parse_commands("/verify-membership fellow")
    reason = "only the election's admins can verify a membership (`/verify-membership`)"
    refusal = report.refusal_body(
        comment, [Ruling(command, Outcome.refused, reason)], "elections@example.org"
    )
    reconsent = report.reconsent_body(
        prcheck.reply_marker(43, 101), "janedoe", "https://github.com/o/r/pull/7"
    )
    summary = report.message_summary(
        "GitHub is unavailable", "GitHub answered 502 three times; nothing was decided."
    )
    check_golden(
        GOLDEN,
        "replies.md",
        "\n<!-- ===== reconsent ===== -->\n".join([refusal, reconsent])
        + "\n<!-- ===== message summary ===== -->\n"
        + summary,
    )


def test_the_decisions_table_links_the_person_and_the_comment() -> None:
    """Issue 29, point 17: "account id 101" and "comment 4000006" were not links. A decision recorded
    before logins were kept names the nominee by the account's id: the nominee's own id gives their login."""
    texts = rendered(SCENARIOS["late-accepted"])
    row = next(line for line in texts.splitlines() if "accepted the nomination outside the window" in line)
    assert "| [janedoe](https://github.com/janedoe) |" in row and "account id" not in row
    assert row.endswith("| [comment](https://github.com/o/r/pull/7#issuecomment-55) |")
