"""The nominee's consent: an approving review, a `/consent` comment, or authorship of the PR."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot.config.models import same_valid_login
from bot.github.values import Comment, Review, User
from bot.nominations.slash import Command, has_command


class ConsentVia(StrEnum):
    author = "author"
    review = "review"
    comment = "comment"


@dataclass(frozen=True, slots=True)
class Consent:
    via: ConsentVia | None  # None: not (yet) given
    ref: int | None = None  # review or comment id
    url: str = ""
    # A consent that was given for other content (the file changed since) or whose content the bot cannot
    # tell: (via, id). The nominee is asked again, once per such consent.
    stale: tuple[ConsentVia, int] | None = None

    @property
    def given(self) -> bool:
        return self.via is not None


NO_CONSENT = Consent(None)


def consent_comments(comments: Iterable[Comment], nominee: User) -> list[Comment]:
    return [c for c in comments if nominee.same(c.author) and has_command(c.body, Command.consent)]


def consent_comment(comments: Iterable[Comment], nominee: User) -> Comment | None:
    return next(iter(consent_comments(comments, nominee)), None)


def approving_reviews(reviews: Iterable[Review], nominee: User) -> list[Review]:
    return [r for r in reviews if nominee.same(r.author) and r.state == "APPROVED"]


def approving_review(reviews: Iterable[Review], nominee: User) -> Review | None:
    return next(iter(approving_reviews(reviews, nominee)), None)


def find_consent(
    nominee: User | None,
    author: User,
    comments: Sequence[Comment],
    reviews: Sequence[Review],
    pr_url: str,
    *,
    blob: str,
    bound: Mapping[tuple[str, int], str],
) -> Consent:
    """The nominee consents by opening the PR, approving it, or commenting `/consent` — each from their
    own account, matched by numeric id — to the nomination file as it is now (`blob`, its git blob id).
    An approval counts for the file at the commit it reviewed, a `/consent` for the file the pull request
    proposed when it was written (`bound`: (via, id) → blob, as the command worked it out; absent: the bot
    cannot tell). Anyone else's approval or `/consent` means nothing."""
    if nominee is None:
        return NO_CONSENT
    if nominee.same(author):
        return Consent(ConsentVia.author)
    given: list[tuple[ConsentVia, int, str]] = []
    for review in approving_reviews(reviews, nominee):
        given.append((ConsentVia.review, review.id, f"{pr_url}#pullrequestreview-{review.id}"))
    for comment in consent_comments(comments, nominee):
        given.append((ConsentVia.comment, comment.id, comment.html_url))
    for via, ref, url in given:
        if blob and bound.get((via.value, ref)) == blob:
            return Consent(via, ref, url)
    if given:
        via, ref, _ = max(given, key=lambda g: g[1])
        return Consent(None, stale=(via, ref))
    return NO_CONSENT


def identify(login: str, people: Iterable[User]) -> User | None:
    """The account among `people` whose login is `login` (GitHub logins ignore case)."""
    return next((p for p in people if same_valid_login(p.login, login)), None)
