"""The report's record of the workflows' states (`record.WorkflowReading`): what a run reads it back as, and
when it is read again (issue 28: the read fits a run's 12 requests only when it is due)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.github.values import Workflow
from bot.nominations import record
from bot.nominations.state import parse_state, report_marker, state_block
from bot.text import markers

AT = datetime(2027, 3, 4, 10, 0, tzinfo=UTC)
TIMER = Workflow(".github/workflows/phases-timer.yml", "Phases timer <b>`x`</b> -->", "disabled_inactivity")


def read_back(reading: record.WorkflowReading | None) -> record.WorkflowReading | None:
    body = f"{report_marker(7, 'abc', None, 'f' * 40)}\nreport\n{state_block([], workflows=reading)}\n"
    state = parse_state(1, body, 7)
    assert state is not None
    return state.workflows


def test_a_reading_reads_back_as_written() -> None:
    for reading in (
        record.WorkflowReading(AT, (TIMER,)),
        record.WorkflowReading(AT, ()),
        record.WorkflowReading(AT, None),
    ):
        assert read_back(reading) == reading
    assert read_back(None) is None


def test_a_reading_is_due_after_six_hours_or_from_the_future() -> None:
    reading = record.WorkflowReading(AT, ())
    assert not reading.due(AT + timedelta(hours=5, minutes=59))
    assert reading.due(AT + record.WORKFLOWS_EVERY)
    assert reading.due(AT - timedelta(seconds=1))


def test_markers_that_disagree_or_name_no_workflow_file_are_no_reading() -> None:
    at = int(AT.timestamp())
    two_times = [
        markers.Marker("workflows", {"at": str(at)}),
        markers.Marker("workflows", {"at": str(at + 1)}),
    ]
    assert record.parse_workflows(two_times) is None
    elsewhere = markers.Marker("workflows", {"at": str(at), "path": "x/y.yml", "state": "active", "name": ""})
    assert record.parse_workflows([elsewhere]) is None
    assert record.parse_workflows([]) is None
