"""The pure planner: table-driven cases for every state an announcement can be in, and properties
(hypothesis) that any sequence of runs converges and that a second run has nothing to do."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import phases
from bot.config.models import Affiliation, Relationship
from bot.config.timeline import parse_instant
from bot.nominations.record import Snapshot
from bot.phases import (
    AddLabels,
    CommentView,
    EditIssue,
    ElectionFacts,
    IssueStatus,
    IssueView,
    NeedComments,
    NeedPulls,
    Notice,
    OpenIssue,
    PhaseMarker,
    PullView,
    RetireComment,
    World,
    announce,
)
from bot.text.labels import MarkerKind
from tests.helpers.planner import ELECTION, REPO, _election
from tests.helpers.sync_site import ELECTION_YAML

ADA = phases.AnnouncedCandidate(
    "ada-example",
    "Ada Example",
    "ada-example.md",
    (Affiliation(organization="Example", relationship=Relationship.employer),),
)
FACTS = ElectionFacts(ELECTION, (ADA,))


def t(text: str) -> datetime:
    return parse_instant(text)


def body_for(
    phase_id: str,
    candidates: tuple[phases.AnnouncedCandidate, ...] = (ADA,),
    *,
    status: IssueStatus = IssueStatus.open,
    said: frozenset[Notice] = frozenset(),
) -> str:
    phase = ELECTION.phase(phase_id)
    assert phase is not None
    content = announce.issue_body(ELECTION, phase, candidates, REPO)
    return phases.compose(content, PhaseMarker("test-2026", phase_id, "", status, said))


def issue(
    number: int,
    phase_id: str,
    *,
    state: str = "open",
    body: str | None = None,
    comments: tuple[CommentView, ...] | None = None,
    status: IssueStatus = IssueStatus.open,
    said: frozenset[Notice] = frozenset(),
) -> IssueView:
    text = body if body is not None else body_for(phase_id, status=status, said=said)
    mark = phases.parse_phase_marker(text)
    assert mark is not None
    return IssueView(number, state, text, mark, comments)


def world(at: str, *issues: IssueView, pulls: tuple[PullView, ...] | None = None) -> World:
    return World(t(at), REPO, (FACTS,), tuple(issues), pulls)


def closing(number: int, phase_id: str) -> CommentView:
    return CommentView(number, "final list\n\n" + phases.closing_marker("test-2026", phase_id))


def notice(number: int, phase_id: str, reason: Notice) -> CommentView:
    return CommentView(number, "notice\n\n" + phases.notice_marker("test-2026", phase_id, reason))


def kinds(plan: phases.Plan) -> list[str]:
    return [type(a).__name__ for a in plan.actions]


# --------------------------------------------------------------------------------------------------
# One phase, every state (nominations: 2026-07-28T14:00Z – 2026-08-11T14:00Z)
# --------------------------------------------------------------------------------------------------

NOM_OPEN = "2026-07-30T00:00:00Z"
NOM_OVER = "2026-08-11T14:00:00Z"


def _only(plan: phases.Plan, phase_id: str) -> list[str]:
    """Kinds of the actions on the nominations issue (#1) or opening it; other phases are ignored."""
    out = []
    for action in plan.actions:
        if isinstance(action, OpenIssue) and action.phase == phase_id:
            out.append("OpenIssue")
        elif not isinstance(action, OpenIssue) and action.number == 1:
            out.append(type(action).__name__)
    return out


CASES: list[tuple[str, World, list[str]]] = [
    ("pending: nothing", world("2026-07-28T13:59:59Z"), []),
    ("starts now: open it", world("2026-07-28T14:00:00Z"), ["OpenIssue"]),
    ("started and ended unseen: open it", world("2026-08-12T00:00:00Z", pulls=()), ["OpenIssue"]),
    ("ended long ago: leave it", world("2026-09-30T00:00:00Z"), []),
    ("open and current: nothing", world(NOM_OPEN, issue(1, "nominations")), []),
    (
        "open, list changed: edit the body",
        world(NOM_OPEN, issue(1, "nominations", body=body_for("nominations", ()))),
        ["EditIssue"],
    ),
    (
        "edited by hand: say so once, remember it",
        world(NOM_OPEN, issue(1, "nominations", body=body_for("nominations") + "\nmine", comments=())),
        ["PostComment", "EditIssue"],
    ),
    (
        "edited by hand, notice posted but not remembered (crash): remember it",
        world(
            NOM_OPEN,
            issue(
                1,
                "nominations",
                body=body_for("nominations") + "\nmine",
                comments=(notice(7, "nominations", Notice.edited),),
            ),
        ),
        ["EditIssue"],
    ),
    (
        "edited by hand, already said: nothing",
        world(
            NOM_OPEN,
            issue(1, "nominations", body=body_for("nominations", said=frozenset({Notice.edited})) + "x"),
        ),
        [],
    ),
    (
        "closed early: say so once",
        world(NOM_OPEN, issue(1, "nominations", state="closed", comments=())),
        ["PostComment", "EditIssue"],
    ),
    (
        "closed early, said: nothing",
        world(NOM_OPEN, issue(1, "nominations", state="closed", said=frozenset({Notice.closed_early}))),
        [],
    ),
    (
        "ended: closing comment, then close",
        world(NOM_OVER, issue(1, "nominations", comments=()), pulls=()),
        ["PostComment", "EditIssue"],
    ),
    (
        "ended, closing comment already there: close only",
        world(NOM_OVER, issue(1, "nominations", comments=(closing(5, "nominations"),)), pulls=()),
        ["EditIssue"],
    ),
    (
        "ended, two closing comments (a race): retire the later one",
        world(
            NOM_OVER,
            issue(1, "nominations", comments=(closing(5, "nominations"), closing(6, "nominations"))),
            pulls=(),
        ),
        ["RetireComment", "EditIssue"],
    ),
    (
        "ended, closed early by a person: closing comment, marker only",
        world(
            NOM_OVER,
            issue(1, "nominations", state="closed", said=frozenset({Notice.closed_early}), comments=()),
            pulls=(),
        ),
        ["PostComment", "EditIssue"],
    ),
    (
        "final and closed: nothing",
        world(NOM_OVER, issue(1, "nominations", state="closed", status=IssueStatus.final)),
        [],
    ),
    (
        "final but open again (reopened): say so once",
        world(NOM_OVER, issue(1, "nominations", status=IssueStatus.final, comments=())),
        ["PostComment", "EditIssue"],
    ),
    (
        "reopened, said: nothing",
        world(NOM_OVER, issue(1, "nominations", status=IssueStatus.final, said=frozenset({Notice.reopened}))),
        [],
    ),
]


@pytest.mark.parametrize(("name", "state", "expected"), CASES, ids=[c[0] for c in CASES])
def test_planner_table(name: str, state: World, expected: list[str]) -> None:
    result = phases.plan(state)
    assert not result.needs, result.needs
    assert _only(result, "nominations") == expected


def test_closing_needs_the_comments_first() -> None:
    result = phases.plan(world(NOM_OVER, issue(1, "nominations"), pulls=()))
    assert NeedComments(1) in result.needs
    assert result.actions == ()


def test_the_close_marks_the_issue_final_and_keeps_a_hand_edit() -> None:
    edited = body_for("nominations") + "\nmine"
    result = phases.plan(world(NOM_OVER, issue(1, "nominations", body=edited, comments=()), pulls=()))
    [close] = [a for a in result.actions if isinstance(a, EditIssue) and a.number == 1]
    assert close.close and close.state_reason == "completed"
    assert close.body == edited.replace("status=open", "status=final")  # the person's text, byte for byte
    mark = phases.parse_phase_marker(close.body)
    assert mark is not None and mark.status is IssueStatus.final


def test_duplicates_keep_the_lowest_number() -> None:
    result = phases.plan(
        world(NOM_OPEN, issue(4, "nominations"), issue(2, "nominations"), issue(9, "nominations"))
    )
    retired = [a for a in result.actions if isinstance(a, EditIssue)]
    assert sorted(a.number for a in retired) == [4, 9]
    for action in retired:
        assert action.close and action.state_reason == "not_planned"
        assert phases.parse_phase_marker(action.body) is None  # no longer an announcement
        assert "#2" in action.body


def test_retired_comment_loses_its_marker() -> None:
    result = phases.plan(
        world(
            NOM_OVER,
            issue(1, "nominations", comments=(closing(5, "nominations"), closing(6, "nominations"))),
            pulls=(),
        )
    )
    [retire] = [a for a in result.actions if isinstance(a, RetireComment)]
    assert retire.comment_id == 6
    assert "phase-close" not in retire.body


# --------------------------------------------------------------------------------------------------
# The cut-off
# --------------------------------------------------------------------------------------------------


HEAD = "a" * 40


def pull(
    number: int,
    created: str,
    *labels: str,
    election: str | None = "test-2026",
    head: str = HEAD,
    updated: str | None = None,
) -> PullView:
    return PullView(
        number,
        t(created),
        frozenset({"nomination", *labels}),
        election,
        head_sha=head,
        updated_at=t(updated or created),
    )


def test_cutoff_needs_the_pull_requests() -> None:
    result = phases.plan(world(NOM_OVER, issue(1, "nominations", comments=())))
    assert NeedPulls() in result.needs


def test_cutoff_records_what_it_saw_before_labelling_and_closes_a_round_later() -> None:
    """One hidden line per pull request opened in time, in the nominations issue's body, before any label:
    a run that dies between the two leaves a record and no label, and the next run labels without
    recording twice. The closing edit waits a round so that it is composed from the recorded body."""
    pulls = (pull(5, "2026-08-01T00:00:00Z", updated="2026-08-11T13:59:00Z"), pull(6, "2026-08-11T14:00:00Z"))
    first = world(NOM_OVER, issue(1, "nominations", comments=()), pulls=pulls)
    result = phases.plan(first)
    assert not result.needs
    steps = [(type(a).__name__, a.number) for a in result.actions if not isinstance(a, OpenIssue)]
    assert steps == [("EditIssue", 1), ("AddLabels", 5), ("AddLabels", 6)]  # no closing comment yet
    edit = result.actions[0]
    assert isinstance(edit, EditIssue) and not edit.close
    assert edit.body.startswith(first.issues[0].body.rstrip("\n"))  # every byte of the body kept
    [line] = phases.cutoff_record(edit.body)
    found = phases.recorded_pulls(edit.body, "test-2026")
    assert found == {5}  # the late one (#6) needs no evidence: GitHub's created_at says it all
    assert f"head={HEAD}" in line and "at=2026-08-11T13:59:00Z" in line
    assert not phases.hand_edited(replace(first.issues[0], body=edit.body))  # the record is not text

    world_after, done = phases.converge(first, pulls=pulls)
    closing = [a for a in done if isinstance(a, EditIssue) and a.close]
    assert len(closing) == 1 and phases.recorded_pulls(closing[0].body, "test-2026") == {5}
    assert sum(isinstance(a, EditIssue) and not a.close for a in done) == 1


@pytest.mark.parametrize(
    ("created", "label"),
    [
        ("2026-08-11T13:59:59Z", "open-at-cutoff"),
        ("2026-08-11T14:00:00Z", "late"),
        ("2026-08-20T00:00:00Z", "late"),
    ],
)
def test_cutoff_judges_by_created_at_half_open(created: str, label: str) -> None:
    result = phases.plan(world(NOM_OVER, issue(1, "nominations", comments=()), pulls=(pull(5, created),)))
    on_pull = [a for a in result.actions if not isinstance(a, OpenIssue) and a.number == 5]
    assert [type(a).__name__ for a in on_pull] == ["AddLabels"]  # one write per pull request, no comment
    assert isinstance(on_pull[0], AddLabels) and on_pull[0].labels == (label,)


def test_cutoff_skips_labelled_and_other_elections_and_records_once() -> None:
    snapshot = Snapshot(HEAD, t("2026-08-01T00:00:00Z"), t("2026-08-11T14:05:00Z"))
    recorded = phases.with_cutoff_record(
        body_for("nominations"), [phases.cutoff_marker("test-2026", 7, snapshot)]
    )
    pulls = (
        pull(5, "2026-08-01T00:00:00Z", "late"),
        pull(6, "2026-08-01T00:00:00Z", election="board-2026"),
        pull(7, "2026-08-01T00:00:00Z"),  # recorded by a run that died before labelling it
    )
    result = phases.plan(world(NOM_OVER, issue(1, "nominations", body=recorded, comments=()), pulls=pulls))
    steps = [(type(a).__name__, a.number) for a in result.actions if not isinstance(a, OpenIssue)]
    assert ("AddLabels", 7) in steps
    assert not any(n in (5, 6) for _, n in steps)
    assert not any(isinstance(a, EditIssue) and not a.close for a in result.actions)  # nothing new to record


def test_cutoff_record_is_bounded_and_never_guesses() -> None:
    """Beyond MAX_RECORDED lines a pull request is labelled without a record; one whose head or
    `updated_at` was not read gets no line (the check then lets the admins decide, WIN003)."""
    full = phases.with_cutoff_record(
        body_for("nominations"),
        [
            phases.cutoff_marker(
                "test-2026", 1000 + i, Snapshot(HEAD, t("2026-08-01T00:00:00Z"), t(NOM_OVER))
            )
            for i in range(phases.MAX_RECORDED - 1)
        ],
    )
    pulls = (
        pull(5, "2026-08-01T00:00:00Z"),
        pull(6, "2026-08-01T00:00:00Z"),
        pull(7, "2026-08-01T00:00:00Z", head=""),
    )
    result = phases.plan(world(NOM_OVER, issue(1, "nominations", body=full, comments=()), pulls=pulls))
    [edit] = [a for a in result.actions if isinstance(a, EditIssue) and not a.close]
    assert phases.recorded_pulls(edit.body, "test-2026") - {1000 + i for i in range(phases.MAX_RECORDED)} == {
        5
    }
    labelled = sorted(a.number for a in result.actions if isinstance(a, AddLabels))
    assert labelled == [5, 6, 7]


def test_cutoff_without_a_nominations_announcement_runs_until_voting_ends() -> None:
    yaml = ELECTION_YAML.replace(
        "    description: Open a pull request", "    announce: false\n    description: Open a pull request"
    )
    facts = ElectionFacts(_election(yaml), ())
    base = World(t("2026-08-12T00:00:00Z"), REPO, (facts,), ())
    assert NeedPulls() in phases.plan(base).needs
    assert NeedPulls() not in phases.plan(replace(base, at=t("2026-08-11T13:59:59Z"))).needs
    assert NeedPulls() not in phases.plan(replace(base, at=t("2026-09-15T14:00:00Z"))).needs


# --------------------------------------------------------------------------------------------------
# Markers and digests
# --------------------------------------------------------------------------------------------------


def test_marker_round_trip_and_digest() -> None:
    mark = PhaseMarker(
        "test-2026", "voting", "abc", IssueStatus.final, frozenset({Notice.edited, Notice.reopened})
    )
    parsed = phases.parse_phase_marker("text\n" + mark.render())
    assert parsed == mark
    body = phases.compose("Hello\r\nworld  \n", PhaseMarker("e-1", "p", ""))
    assert phases.digest(body) == phases.parse_phase_marker(body).digest  # type: ignore[union-attr]
    assert not phases.hand_edited(IssueView(1, "open", body, phases.parse_phase_marker(body)))  # type: ignore[arg-type]


def test_rewrite_marker_keeps_every_other_byte() -> None:
    body = "Some *text* by a person\r\n\r\n" + PhaseMarker("e-1", "p", "d").render() + "\ntrailing words"
    out = phases.rewrite_marker(body, PhaseMarker("e-1", "p", "d", IssueStatus.final))
    assert out.replace("status=final", "status=open") == body


def test_a_lost_state_line_is_restored_after_the_identity_line() -> None:
    body = "text\n\n" + phases.identity_marker("e-1", "p") + "\nmore"
    out = phases.rewrite_marker(body, PhaseMarker("e-1", "p", "d", said=frozenset({Notice.edited})))
    assert (
        out
        == "text\n\n"
        + phases.identity_marker("e-1", "p")
        + "\n"
        + PhaseMarker("e-1", "p", "d", said=frozenset({Notice.edited})).state()
        + "\nmore"
    )
    mark = phases.parse_phase_marker(body)
    assert mark is not None and mark.digest == "" and mark.status is IssueStatus.open


@given(st.text(max_size=300))
def test_a_marker_typed_in_text_never_changes_the_digest_of_the_rest(text: str) -> None:
    body = phases.compose(text, PhaseMarker("e-1", "p", ""))
    assert phases.digest(body) == phases.digest(phases.content_of(body))


# --------------------------------------------------------------------------------------------------
# Properties: any sequence of runs converges; the run after a converged one does nothing
# --------------------------------------------------------------------------------------------------

START = t("2026-07-25T00:00:00Z")
INTERFERENCES = ("none", "close", "reopen", "edit", "duplicate")


@st.composite
def histories(draw: st.DrawFn) -> list[tuple[datetime, int, str]]:
    steps = draw(
        st.lists(
            st.tuples(
                st.integers(min_value=0, max_value=6 * 24 * 60),  # minutes since the previous run
                st.integers(min_value=0, max_value=3),  # candidates merged by then
                st.sampled_from(INTERFERENCES),
            ),
            min_size=1,
            max_size=25,
        )
    )
    at = START
    out = []
    for minutes, count, interference in steps:
        at += timedelta(minutes=minutes * 7)
        out.append((at, count, interference))
    return out


def _candidates(count: int) -> tuple[phases.AnnouncedCandidate, ...]:
    return tuple(
        phases.AnnouncedCandidate(
            f"n-{i}",
            f"Nominee {i}",
            f"n-{i}.md",
            (Affiliation(organization="X", relationship=Relationship.employer),),
        )
        for i in range(count)
    )


def _interfere(state: World, kind: str, counter: list[int]) -> World:
    """What a person (or a racing run) might do between two runs."""
    if not state.issues or kind == "none":
        return state
    target = state.issues[counter[0] % len(state.issues)]
    counter[0] += 1
    if kind == "close":
        changed = replace(target, state="closed")
    elif kind == "reopen":
        changed = replace(target, state="open")
    elif kind == "edit":
        changed = replace(target, body=target.body + "\nedited by a person")
    else:  # a racing run's duplicate of the same issue
        number = max(i.number for i in state.issues) + 1
        return replace(state, issues=(*state.issues, replace(target, number=number, comments=())))
    return replace(state, issues=tuple(changed if i.number == target.number else i for i in state.issues))


@settings(max_examples=150, deadline=None)
@given(histories())
def test_any_history_converges_and_the_next_run_does_nothing(
    history: list[tuple[datetime, int, str]],
) -> None:
    state = World(START, REPO, (ElectionFacts(ELECTION, ()),), (), None)
    counter = [0]
    for at, count, interference in history:
        state = _interfere(state, interference, counter)
        facts = (ElectionFacts(ELECTION, _candidates(count)),)
        state = replace(state, at=at, elections=facts, pulls=None)
        state, _ = phases.converge(state)
        # fresh observation: comments and pulls are looked at again only when the plan needs them
        again = phases.plan(replace(state, pulls=None))
        assert again.actions == (), again.actions
        for phase in ELECTION.phases:
            found = phases.issues_for(state, ELECTION.id, phase.id)
            assert len(found) <= 1
            if phase.start <= at and at - phase.end <= phases.RETRO_WINDOW:
                assert len(found) == 1, (phase.id, at)
            if found and at >= phase.end:
                issue = found[0]
                assert issue.marker.status is IssueStatus.final
                closings = [c for c in issue.comments or () if c.marker(MarkerKind.PHASE_CLOSE)]
                assert len(closings) == 1 or issue.comments is None
