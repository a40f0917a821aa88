"""The finding codes' place in the report is data (bot/nominations/next_step.py): every code it names
exists, each code marks one checklist row, and the first cause decides who acts next."""

from __future__ import annotations

from bot.nominations.next_step import ROW_CODES, Cause, ChecklistRow, cause_of, checkable_locally, findings_in
from bot.text.catalogue import CATALOGUE
from bot.text.findings import Finding, Severity


def finding(code: str) -> Finding:
    return Finding(code=code, severity=Severity.error, path="nominations/x/y.md", line=None, message=code)


def test_every_code_named_exists_and_marks_one_row() -> None:
    named = [code for codes in ROW_CODES.values() for code in codes]
    assert len(named) == len(set(named))
    assert set(named) | {c.value for c in Cause} <= CATALOGUE.keys()
    for code in CATALOGUE:
        rows = [row for row in ChecklistRow if findings_in([finding(code)], row)]
        assert len(rows) <= 1, (code, rows)
    assert [r for r in ChecklistRow if findings_in([finding("YAML001")], r)] == [ChecklistRow.file]


def test_the_first_cause_decides_who_acts_next() -> None:
    assert cause_of([finding("NOM001")]) is None
    assert cause_of([finding("WIN002"), finding("PR009")]) is Cause.merged_duplicate
    assert cause_of([finding("PR009"), finding("PR008")]) is Cause.open_duplicate
    assert cause_of([finding("WIN002"), finding("PR011"), finding("PR008")]) is Cause.shared_head
    assert cause_of([finding("WIN002"), finding("NOM001")]) is Cause.late


def test_only_file_and_membership_errors_are_checked_locally() -> None:
    assert checkable_locally([finding("YAML001"), finding("MEM001")])
    assert not checkable_locally([finding("YAML001"), finding("PR006")])
