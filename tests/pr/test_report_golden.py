"""Golden files for what a nomination pull request's readers see (tests/pr/golden/): the report comment,
the check run and the job summary, in each state a nomination can be in. Each file is the three texts one
after another, as GitHub would show them.

After an intended change of wording, regenerate them and review the diff:

    ELECTION_BOT_UPDATE_GOLDEN=1 uv run pytest tests/pr/test_report_golden.py
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot import nominations as prcheck
from bot.github.values import Comment
from bot.nominations import Consent, ConsentVia, Facts, Outcome, Ruling, record, report
from bot.nominations.membership import MembershipAnswer, MembershipState
from bot.nominations.slash import Command, parse_commands
from tests.golden import check_golden
from tests.pr.test_prcheck import BOB, CUTOFF, PATH, T0, decision, f, facts

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
        "needs-changes": facts(content=MANY_MISTAKES),
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
        "window-undecided": facts(at=CUTOFF - timedelta(days=1), evidence=UNDECIDED),
        "cut-off-with-problems": replace(
            facts(content=MANY_MISTAKES, at=CUTOFF - timedelta(days=1)), closed=True
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
