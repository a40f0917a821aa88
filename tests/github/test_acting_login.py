"""`Gateway.acting_login`: who a token writes as, so that `results --post` edits only its own comment."""

from __future__ import annotations

import pytest

from bot.github.gateway import Gateway
from bot.github.port import GitHubError
from election_bot_demo.fakehub import FakeHub
from election_bot_demo.fakehub.faults import Fault
from tests.helpers.repo import REPO


def gateway(fakehub: FakeHub, token: str) -> Gateway:
    return Gateway(REPO, token, fakehub.url, seconds_between_requests=0, seconds_between_writes=0)


def test_a_persons_token_names_its_user_once(fakehub: FakeHub) -> None:
    gh = gateway(fakehub, fakehub.token_for("election-admin"))
    assert gh.acting_login() == "election-admin"
    assert gh.acting_login() == "election-admin"
    assert gh.stats.by_operation == {"acting_login": 1}  # asked once per run


def test_an_installation_token_writes_as_the_bot(fakehub: FakeHub) -> None:
    gh = gateway(fakehub, FakeHub.BOT_TOKEN)  # GitHub answers 403 "Resource not accessible by integration"
    assert gh.acting_login() == "github-actions[bot]"


def test_any_other_failure_is_never_taken_for_the_bot(fakehub: FakeHub) -> None:
    fakehub.inject("GET", r"^/user$", fault=Fault.NOT_FOUND)
    gh = gateway(fakehub, fakehub.token_for("election-admin"))
    with pytest.raises(GitHubError):
        gh.acting_login()
