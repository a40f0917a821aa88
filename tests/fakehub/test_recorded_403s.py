"""The stand-in's 403s are GitHub's own, as recorded (tests/fakehub/recorded/PROVENANCE.md): the
collaborator-permission API refuses a caller without push access, and the contents API refuses a file over
1 MB in its default media type."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import requests

from election_bot_demo.fakehub import FakeHub
from tests.helpers.repo import REPO

RECORDED = Path(__file__).resolve().parent / "recorded"


def recorded_permission_403() -> tuple[int, dict[str, Any]]:
    """Status and body of PyGithub's recording (its replay format: the status on line 8, the body on 10)."""
    lines = (RECORDED / "collaborator-permission-no-push-access.txt").read_text().splitlines()
    return int(lines[7]), json.loads(lines[9])


def get(
    hub: FakeHub, path: str, token: str, accept: str = "application/vnd.github+json"
) -> requests.Response:
    return requests.get(
        f"{hub.url}{path}", headers={"Authorization": f"token {token}", "Accept": accept}, timeout=10
    )


@pytest.mark.parametrize(
    "caller",
    ["read-only GITHUB_TOKEN", "GITHUB_TOKEN without push access", "a user with triage", "a stranger"],
)
def test_the_permission_api_refuses_a_caller_without_push_access_as_github_does(
    fakehub: FakeHub, caller: str
) -> None:
    status, body = recorded_permission_403()
    fakehub.set_permission(REPO, "alice", "write")
    if caller == "read-only GITHUB_TOKEN":
        token = fakehub.token_for(FakeHub.BOT_LOGIN, read_only=True)
    elif caller == "GITHUB_TOKEN without push access":
        fakehub.deny_token_push_access()
        token = FakeHub.BOT_TOKEN
    elif caller == "a user with triage":
        fakehub.set_permission(REPO, "tom", "triage")
        token = fakehub.token_for("tom")
    else:
        token = fakehub.token_for("stranger")
    answer = get(fakehub, f"/repos/{REPO}/collaborators/alice/permission", token)
    assert answer.status_code == status == 403
    assert answer.json()["message"] == body["message"]
    assert set(body) <= set(answer.json())


def test_the_permission_api_answers_a_caller_with_push_access(fakehub: FakeHub) -> None:
    fakehub.set_permission(REPO, "alice", "maintain")
    fakehub.set_permission(REPO, "wendy", "write")
    for token in (FakeHub.BOT_TOKEN, fakehub.token_for("wendy")):
        answer = get(fakehub, f"/repos/{REPO}/collaborators/alice/permission", token)
        assert answer.status_code == 200
        assert answer.json()["role_name"] == "maintain"


def test_a_file_over_one_megabyte_is_refused_in_the_default_media_type_as_github_does(
    fakehub: FakeHub,
) -> None:
    recorded = json.loads((RECORDED / "contents-too-large.json").read_text())
    sha = fakehub.commit(REPO, "main", {"big.md": b"x" * (1024 * 1024 + 1), "small.md": b"x" * (1024 * 1024)})
    for accept in ("application/vnd.github+json", "application/json", "*/*"):
        answer = get(fakehub, f"/repos/{REPO}/contents/big.md?ref={sha}", FakeHub.BOT_TOKEN, accept)
        assert answer.status_code == 403
        assert answer.json()["message"] == recorded["message"]
        assert answer.json()["errors"] == recorded["errors"]
    small = get(fakehub, f"/repos/{REPO}/contents/small.md?ref={sha}", FakeHub.BOT_TOKEN)
    assert small.status_code == 200 and small.json()["encoding"] == "base64"
    as_object = get(
        fakehub,
        f"/repos/{REPO}/contents/big.md?ref={sha}",
        FakeHub.BOT_TOKEN,
        "application/vnd.github.object+json",
    )
    assert as_object.status_code == 200
    assert (as_object.json()["encoding"], as_object.json()["content"]) == ("none", "")
