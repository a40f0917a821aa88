"""Shared fixtures: the one local GitHub stand-in, and a PyGithub client pointed at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from github import Auth, Github

from bot.fakehub import FakeHub

REPO = "pypa/elections"


@pytest.fixture
def fakehub() -> Iterator[FakeHub]:
    """A started FakeHub with `pypa/elections` (default branch `main`); stopped after the test.

    Fails the test if the stand-in itself hit a bug while serving it.
    """
    with FakeHub() as hub:
        hub.add_repo(REPO, default_branch="main")
        yield hub
        errors = hub.internal_errors
    assert not errors, f"the GitHub stand-in failed internally: {errors!r}"


@pytest.fixture
def github_client(fakehub: FakeHub) -> Iterator[Github]:
    """PyGithub against the stand-in with no request spacing (PyGithub's default retry stays on)."""
    client = Github(
        base_url=fakehub.url,
        auth=Auth.Token("anything"),
        seconds_between_requests=0,
        seconds_between_writes=0,
    )
    yield client
    client.close()
