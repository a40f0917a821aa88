"""The counting section of the results announcement stays inert whatever the ballot file, the
withdrawals and the published address say (the command admits only plain file names and https
addresses; the renderer does not rely on it)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.results.outcome import Counting, ResultsReport, Withdrawn
from bot.results.ranking import Candidate, Quorum, SeatRules, decide
from bot.results.text import as_json, as_markdown, as_table
from tests.helpers.rendering import ELECTION, HOSTILE, assert_inert
from tests.helpers.results import WHOLE

pytestmark = pytest.mark.slow  # docs/development/testing.md: The fast lane


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    file=HOSTILE,
    url=HOSTILE,
    command=HOSTILE,
    name=HOSTILE,
    note=HOSTILE,
    ballot_name=HOSTILE,
    method=st.sampled_from(["approval", "bloc-star"]),
)
def test_the_counting_section_is_inert(
    file: str, url: str, command: str, name: str, note: str, ballot_name: str, method: str
) -> None:
    candidates = [Candidate(f"c{i}", f"C {i}", 100 - i) for i in range(6)]
    result = decide(candidates, SeatRules(cohorts=WHOLE, cap=2))
    counting = Counting(
        method=method,
        source="ballots",
        file=file,
        format="blt" if method == "approval" else "star-csv",
        sha256="ab" * 32,
        size=10,
        ballots_url=url,
        recount_command=f"election-bot results --ballots {command}",
        max_score=5 if method == "bloc-star" else None,
        ballot_names={"c0": ballot_name},
        withdrawn=(Withdrawn("gone", name, note, True),),
    )
    report = ResultsReport(
        ELECTION, result, Quorum(electors=100, ballots_cast=90, required=0.5), {}, counting
    )
    text = as_markdown(report)
    assert_inert(text, markers=[])
    assert "### How the votes were counted" in text
    as_json(report)
    table = as_table(report)
    assert all(ord(ch) >= 32 for ch in table.replace("\n", ""))
