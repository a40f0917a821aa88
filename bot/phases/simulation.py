"""A plan applied to a world in memory as GitHub would apply it: dry runs (`sync --dry-run`, `preview`)
and the property that planning converges.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from bot.phases.actions import (
    Action,
    AddLabels,
    EditIssue,
    Need,
    NeedPulls,
    OpenIssue,
    PostComment,
    RetireComment,
)
from bot.phases.bodies import parse_phase_marker
from bot.phases.effects import (
    answer_needs,
    with_comments,
    with_edited_issue,
    with_labels,
    with_retired_comment,
)
from bot.phases.planner import plan
from bot.phases.world import CommentView, IssueView, PullView, World


@dataclass
class Simulation:
    """Applies actions to a world as GitHub would; new issues and comments get numbers above the rest."""

    world: World
    next_number: int = 0
    next_comment: int = 0

    def __post_init__(self) -> None:
        numbers = [i.number for i in self.world.issues]
        comments = [c.id for i in self.world.issues for c in i.comments or ()]
        self.next_number = max([self.next_number, 1_000_000, *numbers])
        self.next_comment = max([self.next_comment, 1_000_000, *comments])

    def apply(self, action: Action) -> None:
        w = self.world
        if isinstance(action, OpenIssue):
            mark = parse_phase_marker(action.body)
            assert mark is not None
            self.next_number += 1
            issue = IssueView(self.next_number, "open", action.body, mark, comments=())
            self.world = replace(w, issues=(*w.issues, issue))
        elif isinstance(action, EditIssue):
            edited = w.issue(action.number)
            if edited is None:
                return
            mark = parse_phase_marker(action.body)
            state = "closed" if action.close else edited.state
            view = None if mark is None else replace(edited, body=action.body, marker=mark, state=state)
            self.world = with_edited_issue(w, action.number, view)
        elif isinstance(action, PostComment):
            self.next_comment += 1
            self._comments(action.number, lambda cs: (*cs, CommentView(self.next_comment, action.body)))
        elif isinstance(action, RetireComment):
            self.world = with_retired_comment(w, action.number, action.comment_id, action.body)
        elif isinstance(action, AddLabels):
            self.world = with_labels(w, action.number, action.labels)

    def _comments(
        self,
        number: int,
        change: Callable[[tuple[CommentView, ...]], tuple[CommentView, ...]],
    ) -> None:
        issue = self.world.issue(number)
        if issue is None:
            return
        self.world = with_comments(self.world, number, change(issue.comments or ()))


def converge(world: World, *, pulls: Sequence[PullView] = (), rounds: int = 20) -> tuple[World, list[Action]]:
    """Plan and apply in memory until nothing is left to do (dry runs and tests). Comments of issues
    that were not fetched are taken as none; `pulls` answers a need for the open pull requests."""
    sim = Simulation(world)
    done: list[Action] = []
    for _ in range(rounds):
        result = plan(sim.world)
        if result.needs:
            sim.world = fill_needs(sim.world, result.needs, pulls)
            continue
        if not result.actions:
            return sim.world, done
        for action in result.actions:
            sim.apply(action)
            done.append(action)
    raise RuntimeError("the plan did not converge")  # a bug: every plan makes progress


def fill_needs(world: World, needs: Iterable[Need], pulls: Sequence[PullView] = ()) -> World:
    """Answer needs from nothing (dry runs without GitHub): no comments, the given pulls."""
    ordered = sorted(needs, key=lambda n: not isinstance(n, NeedPulls))
    return answer_needs(world, ordered, lambda: tuple(pulls), lambda _number: ())
