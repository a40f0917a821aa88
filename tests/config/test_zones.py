"""Named time zones: wall-clock times in election.yaml, DST gaps and overlaps, offsets, local time shown.

Europe/Berlin in 2026: summer time starts Sun 2026-03-29 at 02:00 CET (clocks jump to 03:00 CEST) and ends
Sun 2026-10-25 at 03:00 CEST (clocks go back to 02:00 CET).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.cli import main
from bot.config.calendar import to_ics
from bot.config.loading import load_election, load_nomination
from bot.config.models import Election
from bot.config.timeline import PhaseState, state_at
from bot.config.zones import TimeRefusedError, converter_url, human, localise, stamp, zone_named
from bot.nominations.rules import RuleContext
from bot.nominations.rules.window import check_window
from bot.phases import announce
from tests.helpers.config import NOMINATION, election_yaml


def loaded(data: bytes) -> tuple[Election | None, list[Any]]:
    result = load_election(data, "nominations/berlin-2026/election.yaml", "berlin-2026")
    return result.election, result.findings


def good(data: bytes) -> Election:
    election, findings = loaded(data)
    assert findings == []
    assert election is not None
    return election


def late_codes(election: Election, at: datetime) -> list[str]:
    nomination = load_nomination(NOMINATION, "nominations/berlin-2026/janedoe.md")
    context = RuleContext(election=election, election_id="berlin-2026", at=at)
    return [f.code for f in check_window(nomination, context)]


# ---- wall-clock times and the cut-off ------------------------------------------------------------


def test_wall_clock_times_are_read_in_the_zone() -> None:
    election = good(election_yaml())
    # 12:00 CET (winter, +01:00) is 11:00 UTC; 12:00 CEST (summer, +02:00) is 10:00 UTC.
    assert election.nominations.start == datetime(2026, 3, 20, 11, tzinfo=UTC)
    assert election.nominations.end == datetime(2026, 3, 30, 10, tzinfo=UTC)


def test_cutoff_in_local_time_at_the_last_second() -> None:
    election = good(election_yaml(start="2026-06-01T09:00:00", end="2026-06-11T23:59:59"))
    cutoff = datetime(2026, 6, 11, 21, 59, 59, tzinfo=UTC)  # 23:59:59 CEST
    assert election.nominations.end == cutoff
    assert late_codes(election, datetime(2026, 6, 11, 21, 59, 58, tzinfo=UTC)) == []
    assert late_codes(election, cutoff) == ["WIN002"]  # half-open: the end instant is already late
    assert state_at(election.nominations, datetime(2026, 6, 11, 21, 59, 58, tzinfo=UTC)) is PhaseState.open
    assert state_at(election.nominations, cutoff) is PhaseState.closed


def test_cutoff_across_a_dst_change_uses_summer_time() -> None:
    """Opened in winter time, closing in summer time: the cut-off is 12:00 CEST = 10:00 UTC, not 11:00."""
    election = good(election_yaml())
    assert late_codes(election, datetime(2026, 3, 30, 9, 59, 59, tzinfo=UTC)) == []
    assert late_codes(election, datetime(2026, 3, 30, 10, 0, 0, tzinfo=UTC)) == ["WIN002"]
    # What a fixed +01:00 offset would have wrongly allowed: 10:30 UTC (12:30 CEST) is late.
    assert late_codes(election, datetime(2026, 3, 30, 10, 30, tzinfo=UTC)) == ["WIN002"]
    # And the start, in winter time: 12:00 CET = 11:00 UTC.
    assert late_codes(election, datetime(2026, 3, 20, 10, 59, 59, tzinfo=UTC)) == ["WIN001"]
    assert late_codes(election, datetime(2026, 3, 20, 11, 0, 0, tzinfo=UTC)) == []


def test_cutoff_across_the_autumn_change() -> None:
    election = good(election_yaml(start="2026-10-20T12:00:00", end="2026-10-26T12:00:00"))
    assert election.nominations.start == datetime(2026, 10, 20, 10, tzinfo=UTC)  # CEST
    assert election.nominations.end == datetime(2026, 10, 26, 11, tzinfo=UTC)  # CET


# ---- times that mean no instant or two -----------------------------------------------------------


def test_nonexistent_local_time_is_refused_with_both_candidates() -> None:
    election, findings = loaded(election_yaml(end="2026-03-29T02:30:00"))
    assert election is None
    [finding] = findings
    assert finding.code == "ELC008"
    assert finding.line == 15  # the `end:` line of the nominations phase
    assert "`2026-03-29T01:30:00+01:00`" in finding.message
    assert "`2026-03-29T03:30:00+02:00`" in finding.message
    assert "Europe/Berlin" in finding.message


def test_ambiguous_local_time_is_refused_with_both_candidates() -> None:
    election, findings = loaded(election_yaml(start="2026-10-20T12:00:00", end="2026-10-25T02:30:00"))
    assert election is None
    [finding] = findings
    assert finding.code == "ELC009"
    assert finding.line == 15
    assert "`2026-10-25T02:30:00+02:00` (the first)" in finding.message
    assert "`2026-10-25T02:30:00+01:00` (the second)" in finding.message


def test_either_candidate_written_with_its_offset_is_accepted() -> None:
    first = good(election_yaml(start="2026-10-20T12:00:00", end="2026-10-25T02:30:00+02:00"))
    second = good(election_yaml(start="2026-10-20T12:00:00", end="2026-10-25T02:30:00+01:00"))
    assert second.nominations.end - first.nominations.end == datetime(2026, 1, 1, 1) - datetime(2026, 1, 1)


def test_the_instants_next_to_a_gap_exist() -> None:
    before = good(election_yaml(end="2026-03-29T01:59:59"))
    after = good(election_yaml(end="2026-03-29T03:00:00"))
    assert before.nominations.end == datetime(2026, 3, 29, 0, 59, 59, tzinfo=UTC)
    assert after.nominations.end == datetime(2026, 3, 29, 1, 0, 0, tzinfo=UTC)


# ---- explicit offsets ---------------------------------------------------------------------------


def test_wrong_explicit_offset_is_refused() -> None:
    """`+01:00` on a July date in Berlin: winter time by mistake, an hour off."""
    election, findings = loaded(election_yaml(start="2026-07-01T12:00:00", end="2026-07-10T14:00:00+01:00"))
    assert election is None
    [finding] = findings
    assert finding.code == "ELC010"
    assert finding.line == 15
    assert "+02:00" in finding.message
    assert "`2026-07-10T14:00:00+02:00` (the same clock time)" in finding.message
    assert "`2026-07-10T15:00:00+02:00` (the same instant)" in finding.message


def test_right_explicit_offset_and_z_are_accepted() -> None:
    election = good(election_yaml(start="2026-07-01T12:00:00+02:00", end="2026-07-10T14:00:00Z"))
    assert election.nominations.start == datetime(2026, 7, 1, 10, tzinfo=UTC)
    assert election.nominations.end == datetime(2026, 7, 10, 14, tzinfo=UTC)


def test_draw_sources_are_read_in_the_zone_too() -> None:
    election = good(election_yaml(draw="2026-11-17T12:00:00"))
    assert election.draw[0].available_after == datetime(2026, 11, 17, 11, tzinfo=UTC)
    _, findings = loaded(election_yaml(draw="2026-10-25T02:15:00"))
    assert [f.code for f in findings] == ["ELC009"]


def test_unknown_zone_is_refused() -> None:
    for name in ("Europe/Atlantis", "../../etc/passwd", "CEST+2"):
        election, findings = loaded(election_yaml(timezone=name))
        assert election is None
        assert [f.code for f in findings] == ["ELC007"], name
        assert findings[0].line == 3


def test_without_a_zone_a_wall_clock_time_stays_an_error() -> None:
    _, findings = loaded(election_yaml(timezone=None))
    assert {f.code for f in findings} == {"ELC001"}


def test_without_a_zone_offsets_keep_their_meaning() -> None:
    """No `timezone` (the PPC's config): `+01:00` is taken as written, even on a July date."""
    election = good(
        election_yaml(
            start="2026-07-01T12:00:00Z",
            end="2026-07-10T14:00:00+01:00",
            timezone=None,
            voting=("2026-11-02T09:00:00Z", "2026-11-16T09:00:00Z"),
        )
    )
    assert election.nominations.end == datetime(2026, 7, 10, 13, tzinfo=UTC)
    assert election.zone is None
    assert election.time_note == "All times are UTC."


def test_a_bare_date_is_still_refused_in_a_zone() -> None:
    _, findings = loaded(election_yaml(end="2026-03-30"))
    assert [f.code for f in findings] == ["ELC001"]


# ---- local time next to UTC in what people read ---------------------------------------------------


def test_formats() -> None:
    election = good(election_yaml())
    zone = election.zone
    end = election.nominations.end
    assert stamp(end, zone) == "2026-03-30T10:00:00Z (12:00:00 CEST, Europe/Berlin)"
    assert human(end, zone) == "Mon 30 Mar 2026, 12:00 CEST (10:00 UTC)"
    late_evening = datetime(2026, 3, 30, 22, 30, tzinfo=UTC)
    assert human(late_evening, zone) == "Tue 31 Mar 2026, 00:30 CEST (Mon 30 Mar 2026, 22:30 UTC)"
    assert stamp(late_evening, zone) == "2026-03-30T22:30:00Z (2026-03-31 00:30:00 CEST, Europe/Berlin)"
    assert human(end, None) == "Mon 30 Mar 2026, 10:00 UTC"
    assert stamp(end, None) == "2026-03-30T10:00:00Z"


def test_window_findings_show_local_time() -> None:
    election = good(election_yaml())
    nomination = load_nomination(NOMINATION, "nominations/berlin-2026/janedoe.md")
    context = RuleContext(
        election=election, election_id="berlin-2026", at=datetime(2026, 3, 30, 10, tzinfo=UTC)
    )
    [finding] = check_window(nomination, context)
    assert "Mon 30 Mar 2026, 12:00 CEST (10:00 UTC)" in finding.message
    # Seconds show when there are some, so an instant just after a deadline never reads as the deadline.
    assert human(datetime(2026, 3, 30, 10, 0, 30, tzinfo=UTC), None) == "Mon 30 Mar 2026, 10:00:30 UTC"
    assert converter_url(datetime(2026, 3, 30, 10, 0, 30, tzinfo=UTC)).endswith(
        "?iso=20260330T100030&p1=1440"
    )


class _Repo:
    def blob(self, path: str) -> str:
        return f"https://github.com/o/r/blob/main/{path}"

    def tree(self, path: str) -> str:
        return f"https://github.com/o/r/tree/main/{path}"


def test_announcements_show_local_time_next_to_utc() -> None:
    election = good(election_yaml())
    phase = election.nominations
    body = announce.issue_body(election, phase, [], _Repo())  # type: ignore[arg-type]
    # Each time also links to the instant on a page that shows it in the reader's own zone.
    start, end = converter_url(phase.start), converter_url(phase.end)
    assert (
        f"open from [Fri 20 Mar 2026, 12:00 CET (11:00 UTC)]({start}) until "
        f"[Mon 30 Mar 2026, 12:00 CEST (10:00 UTC)]({end})"
    ) in body
    assert end == "https://www.timeanddate.com/worldclock/fixedtime.html?iso=20260330T1000&p1=1440"
    assert "Times are shown in Europe/Berlin local time, with UTC beside them\\." in body
    assert "### Timeline (Europe/Berlin time, UTC in brackets)" in body
    assert ".** A nomination pull request opened then or later is late." in body
    closing = announce.closing_comment(election, phase)
    assert "closed** at [Mon 30 Mar 2026, 12:00 CEST (10:00 UTC)](" in closing


def test_calendar_descriptions_show_local_time() -> None:
    election = good(election_yaml())
    text = to_ics(election, datetime(2026, 1, 1, tzinfo=UTC)).decode().replace("\r\n ", "")
    assert "DTSTART:20260330T100000Z" in text  # the instant itself stays UTC
    assert "12:00:00 CEST on 2026-03-30 (10:00:00 UTC on 2026-03-30)" in text


def test_timeline_command_shows_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "nominations" / "berlin-2026"
    folder.mkdir(parents=True)
    (folder / "election.yaml").write_bytes(election_yaml())
    monkeypatch.chdir(tmp_path)
    at = ["--election", "berlin-2026", "--at", "2026-03-30T10:00:00Z"]
    assert main(["timeline", *at, "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["timezone"] == "Europe/Berlin"
    assert document["at_local"] == "2026-03-30T12:00:00+02:00"
    nominations = document["phases"][0]
    assert nominations["end"] == "2026-03-30T10:00:00Z"
    assert nominations["end_local"] == "2026-03-30T12:00:00+02:00"
    assert nominations["start_local"] == "2026-03-20T12:00:00+01:00"
    assert nominations["state"] == "closed"
    assert main(["timeline", *at]) == 0
    text = capsys.readouterr().out
    assert "2026-03-20T11:00:00Z (12:00:00 CET, Europe/Berlin) → 2026-03-30T10:00:00Z (12:00:00 CEST" in text


@given(
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2040, 1, 1)),
    st.sampled_from(["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"]),
)
@example(datetime(2026, 3, 29, 2, 30), "Europe/Berlin")  # gap
@example(datetime(2026, 10, 25, 2, 30), "Europe/Berlin")  # overlap
@example(datetime(2026, 3, 8, 2, 30), "America/New_York")  # gap
@example(datetime(2026, 11, 1, 1, 30), "America/New_York")  # overlap
@example(datetime(2026, 10, 4, 2, 15), "Australia/Lord_Howe")  # a 30-minute gap
@example(datetime(2026, 4, 5, 1, 45), "Australia/Lord_Howe")  # a 30-minute overlap
def test_a_wall_clock_time_means_exactly_its_instant_or_is_refused(value: datetime, name: str) -> None:
    zone = zone_named(name)
    text = value.replace(microsecond=0).isoformat()
    try:
        instant = localise(text, zone)
    except TimeRefusedError as refused:
        assert refused.problem.code in ("ELC008", "ELC009")
        first, second = (datetime.fromisoformat(refused.problem.params[k]) for k in ("first", "second"))
        assert first < second  # two different instants, in order, each written with its real offset
        for candidate in (first, second):
            assert localise(candidate.isoformat(), zone) == candidate
        return
    local = instant.astimezone(zone)
    assert local.replace(tzinfo=None) == value.replace(microsecond=0)
    # Written back with its offset, the same instant is accepted.
    assert localise(local.isoformat(), zone) == instant
