"""The effect of an action on the world in memory, in one place: a dry run (`simulation`) and a real run
(`bot.commands.reconcile`, after GitHub accepted the write) change their world the same way, so the two
cannot drift."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from bot.core.phases.model import CommentView, World


def with_comments(world: World, number: int, comments: tuple[CommentView, ...] | None) -> World:
    """Issue `number` with these comments (None: not known, to be listed again)."""
    return replace(
        world, issues=tuple(replace(i, comments=comments) if i.number == number else i for i in world.issues)
    )


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
