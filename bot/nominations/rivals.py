"""Which other open pull requests a run must consider, decided from the one list of open pull requests
(no request): the owner of a shared head commit, the earlier ones that may nominate the same person, and
the nominee's own later one. The command reads only the files of the rivals chosen here."""

from __future__ import annotations

from collections.abc import Sequence

from bot.github.values import PullRequest, User
from bot.nominations.changed_files import earlier, judged_sound, nominee_label

# Earlier pull requests labelled with the same nominee whose files a run reads, oldest first (one request
# each): any number of decoys costs a run at most this many (issue 28).
MAX_RIVALS = 2


def shared_with(open_pulls: Sequence[PullRequest], ours: PullRequest) -> int | None:
    """Check runs belong to commits, not pull requests: when another open pull request has the same
    head commit, the verdict on that commit belongs to the earliest of them (opened first; the lower
    number breaks a tie). The others say so and post no check run there."""
    before = [
        p for p in open_pulls if p.number != ours.number and p.head_sha == ours.head_sha and earlier(p, ours)
    ]
    return min(before, key=lambda p: (p.created_at, p.number)).number if before else None


def duplicate_rivals(
    open_pulls: Sequence[PullRequest], ours: PullRequest, login: str, nominee: User | None
) -> list[PullRequest]:
    """The earlier open PRs that may nominate the same person, oldest first, at most `MAX_RIVALS`: found
    by their `nominee:` label (a label alone proves nothing: anyone with triage rights can add one, so
    the command confirms each from its files). The nominee's own pull request is a duplicate only of one
    that is also theirs, or that the bot found valid and consented to (issue 28: a junk pull request
    naming them first blocked them)."""
    label = nominee_label(login)
    own = nominee is not None and nominee.same(ours.author)
    rivals = sorted(
        (
            p
            for p in open_pulls
            if p.number != ours.number
            and any(lb.casefold() == label for lb in p.labels)
            and (not own or (nominee is not None and nominee.same(p.author)) or judged_sound(p.labels))
        ),
        key=lambda p: (p.created_at, p.number),
    )
    return [r for r in rivals if earlier(r, ours)][:MAX_RIVALS]


def nominees_own(
    open_pulls: Sequence[PullRequest], ours: PullRequest, login: str, nominee: User | None
) -> int | None:
    """The nominee's own later pull request nominating them (by its label and its author's id), when
    this one is someone else's: this one is set aside in its favour unless it is sound."""
    if nominee is None or nominee.same(ours.author):
        return None
    label = nominee_label(login)
    theirs = [
        p
        for p in open_pulls
        if p.number != ours.number
        and nominee.same(p.author)
        and any(lb.casefold() == label for lb in p.labels)
        and earlier(ours, p)
    ]
    return min(theirs, key=lambda p: (p.created_at, p.number)).number if theirs else None
