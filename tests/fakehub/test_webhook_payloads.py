"""The stand-in writes the webhook deliveries for its own objects; the bot's event parser reads them."""

from __future__ import annotations

import pytest

from bot import nominations as prcheck
from election_bot_demo.fakehub import FakeHub
from election_bot_demo.fakehub.errors import ApiError
from tests.helpers.repo import REPO


def test_comment_event_describes_the_stored_comment(fakehub: FakeHub) -> None:
    number = fakehub.open_pull(REPO, "alice", {"nominations/x/alice.md": b"x"})
    comment_id = fakehub.add_comment(REPO, number, "bob", "/consent")
    payload = fakehub.comment_event(REPO, comment_id)

    event = prcheck.parse_event("issue_comment", payload)

    assert isinstance(event, prcheck.EventFacts)
    assert (event.number, event.action, event.repository) == (number, "created", REPO)
    assert event.comment is not None
    assert (event.comment.id, event.comment.body) == (comment_id, "/consent")
    assert (event.comment.author.login, event.comment.author.id) == ("bob", fakehub.user("bob").id)


def test_pull_request_event(fakehub: FakeHub) -> None:
    number = fakehub.open_pull(REPO, "alice", {"nominations/x/alice.md": b"x"})
    event = prcheck.parse_event(
        "pull_request_target", fakehub.pull_request_event(REPO, number, "synchronize")
    )
    assert isinstance(event, prcheck.EventFacts)
    assert (event.number, event.action) == (number, "synchronize")
    with pytest.raises(ApiError, match="Not Found"):
        fakehub.pull_request_event(REPO, number + 100)
