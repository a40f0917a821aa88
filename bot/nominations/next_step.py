"""The finding codes' place in the pull-request report, as data: which row of the checklist a code belongs
to, and which codes change who acts next (the author, or the admins). The report (`report.py`) renders
what this module says; it never branches on a code itself.

One owner: a new finding code that belongs to a checklist row, or that stops the usual "fix it, then
consent" path, is added here.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence

from bot.text.findings import Finding


class ChecklistRow(enum.Enum):
    """The checklist's rows that findings mark, in the order a person would ask."""

    files = "One nomination file, nothing else"
    election = "Election"
    window = "Nominated within the nomination window"
    file = "Nomination file"
    account = "Nominee's GitHub account"
    membership = "membership"  # titled with the community's own name for its membership
    once = "Nominated once"


# Each row's codes, and the code prefixes whose every code belongs to it.
ROW_CODES: dict[ChecklistRow, frozenset[str]] = {
    ChecklistRow.files: frozenset({"PR001", "PR002", "PR003"}),
    ChecklistRow.election: frozenset({"LOC001", "LOC002"}),
    ChecklistRow.window: frozenset({"WIN001", "WIN002", "WIN003"}),
    ChecklistRow.file: frozenset({"PR004", "PR005"}),
    ChecklistRow.account: frozenset({"PR006", "PR007"}),
    ChecklistRow.membership: frozenset({"MEM001", "MEM002", "MEM003", "MEM004"}),
    ChecklistRow.once: frozenset({"PR008", "PR009", "PR013"}),
}
ROW_PREFIXES: dict[ChecklistRow, tuple[str, ...]] = {ChecklistRow.file: ("FILE", "YAML", "NOM")}

# Codes a nominee can check on their own machine (`election-bot validate`) before pushing.
LOCAL_PREFIXES = ("FILE", "YAML", "NOM", "LOC", "MEM")


class Cause(enum.Enum):
    """An error that takes the next step away from "fix the file": its own next step, for its own person."""

    wrong_base = "PR012"  # into another branch than the default one: the author retargets it
    shared_head = "PR011"  # the head commit is another pull request's: the author pushes or closes
    open_duplicate = "PR008"  # already nominated in an open pull request: the author continues there
    set_aside = "PR013"  # the nominee opened their own: the author closes this one
    merged_duplicate = "PR009"  # already has a merged nomination: the author changes that file instead
    late = "WIN002"  # made at or after the cut-off: the admins accept it or close the pull request


def findings_in(findings: Sequence[Finding], row: ChecklistRow) -> list[Finding]:
    """The findings the checklist shows in `row`."""
    codes = ROW_CODES[row]
    prefixes = ROW_PREFIXES.get(row, ())
    return [f for f in findings if f.code in codes or (prefixes and f.code.startswith(prefixes))]


def cause_of(errors: Sequence[Finding]) -> Cause | None:
    """The first cause (in `Cause`'s order) among the errors: it decides who acts next."""
    codes = {f.code for f in errors}
    return next((cause for cause in Cause if cause.value in codes), None)


def checkable_locally(errors: Sequence[Finding]) -> bool:
    """Whether every error is one `election-bot validate` finds on the nominee's machine."""
    return all(f.code.startswith(LOCAL_PREFIXES) for f in errors)
