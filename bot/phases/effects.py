"""The effect of an action on the world in memory, in one place: a dry run (`simulation`) and a real run
(`bot.ports.announcements`, after GitHub accepted the write) change their world the same way, so the two
cannot drift. So does the answer to what the planner needs to know (`answer_needs`): from nothing in a
dry run, from GitHub in a real one."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from bot.phases.actions import Need, NeedPulls
from bot.phases.world import CommentView, IssueView, PullView, World


def with_edited_issue(world: World, number: int, edited: IssueView | None) -> World:
    """Issue `number` after an edit (its comments as they were known); gone from the world when the edit
    took its phase marker away (`edited` None: a duplicate retired)."""
    if edited is None:
        return replace(world, issues=tuple(i for i in world.issues if i.number != number))
    old = world.issue(number)
    updated = replace(edited, comments=old.comments if old is not None else None)
    return replace(world, issues=tuple(updated if i.number == number else i for i in world.issues))


def with_comments(world: World, number: int, comments: tuple[CommentView, ...] | None) -> World:
    """Issue `number` with these comments (None: not known, to be listed again)."""
    return replace(
        world, issues=tuple(replace(i, comments=comments) if i.number == number else i for i in world.issues)
    )


def answer_needs(
    world: World,
    needs: Iterable[Need],
    pulls: Callable[[], tuple[PullView, ...]],
    comments: Callable[[int], tuple[CommentView, ...]],
) -> World:
    """The world with each need answered, in the order given: `pulls()` for the open pull requests,
    `comments(number)` for the bot's own comments on an issue."""
    for need in needs:
        if isinstance(need, NeedPulls):
            world = replace(world, pulls=pulls())
        else:
            world = with_comments(world, need.number, comments(need.number))
    return world


def with_retired_comment(world: World, number: int, comment_id: int, body: str) -> World:
    """A comment of issue `number` rewritten (a duplicate retired); unknown comments stay unknown."""
    issue = world.issue(number)
    if issue is None or issue.comments is None:
        return world
    retired = CommentView(comment_id, body)
    return with_comments(world, number, tuple(retired if c.id == comment_id else c for c in issue.comments))


def with_labels(world: World, number: int, labels: Iterable[str]) -> World:
    """Pull request `number` with these labels added (nothing changes while the pulls are unknown)."""
    if world.pulls is None:
        return world
    added = set(labels)
    return replace(
        world,
        pulls=tuple(replace(p, labels=p.labels | added) if p.number == number else p for p in world.pulls),
    )
