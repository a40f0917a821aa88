"""Fine-grained personal access tokens: the person's role and the token's permissions both apply.

https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/managing-your-personal-access-tokens:
"A token has the same capabilities to access resources and perform actions on those resources that the
owner of the token has, and is further limited by any scopes or permissions granted to the token. A token
cannot grant additional access capabilities to a user." Which permission each endpoint needs:
https://docs.github.com/en/rest/authentication/permissions-required-for-fine-grained-personal-access-tokens
(the stand-in reads it from the same table as GitHub Apps', routes.py); the refusal is 403 "Resource not
accessible by personal access token" with `x-accepted-github-permissions`.
"""

from __future__ import annotations

from election_bot_demo.fakehub import FakeHub, permissions
from tests.fakehub.rawhttp import call
from tests.helpers.repo import REPO

R = f"/repos/{REPO}"
REFUSED = "Resource not accessible by personal access token"


def _seed(hub: FakeHub) -> None:
    hub.add_environment(REPO, "election-bot", branches=["main"], secrets=["ELECTION_BOT_ROSTER_CSV"])
    hub.set_permission(REPO, "sample-admin", "admin")


def test_an_admins_token_with_the_permission_reads_an_admin_setting(fakehub: FakeHub) -> None:
    _seed(fakehub)
    token = fakehub.token_for_fine_grained("sample-admin", REPO, permissions(environments="read"))
    reply = call(fakehub.url, "GET", f"{R}/environments/election-bot/secrets", token=token)
    assert reply.status == 200 and [s["name"] for s in reply.json()["secrets"]] == ["ELECTION_BOT_ROSTER_CSV"]


def test_without_the_permission_the_admins_token_is_refused(fakehub: FakeHub) -> None:
    _seed(fakehub)
    token = fakehub.token_for_fine_grained("sample-admin", REPO, permissions(administration="read"))
    reply = call(fakehub.url, "GET", f"{R}/environments/election-bot/secrets", token=token)
    assert reply.status == 403 and reply.json()["message"] == REFUSED
    assert reply.headers["x-accepted-github-permissions"] == "environments=read"
    # The permission it holds works.
    assert call(fakehub.url, "GET", f"{R}/actions/permissions", token=token).status == 200


def test_the_permission_never_adds_to_the_persons_role(fakehub: FakeHub) -> None:
    _seed(fakehub)
    fakehub.set_permission(REPO, "sample-maintainer", "maintain")
    token = fakehub.token_for_fine_grained(
        "sample-maintainer", REPO, permissions(environments="read", administration="read")
    )
    for path in (f"{R}/environments/election-bot/secrets", f"{R}/actions/permissions"):
        reply = call(fakehub.url, "GET", path, token=token)
        assert reply.status == 403 and "admin" in reply.json()["message"], path


def test_a_read_only_token_cannot_write(fakehub: FakeHub) -> None:
    _seed(fakehub)
    token = fakehub.token_for_fine_grained("sample-admin", REPO, permissions(issues="read"))
    reply = call(fakehub.url, "POST", f"{R}/labels", {"name": "x", "color": "ffffff"}, token=token)
    assert reply.status == 403 and reply.json()["message"] == REFUSED


def test_the_token_is_limited_to_its_repository(fakehub: FakeHub) -> None:
    _seed(fakehub)
    fakehub.add_repo("pypa/private-elections", private=True)
    fakehub.set_permission("pypa/private-elections", "sample-admin", "admin")
    token = fakehub.token_for_fine_grained("sample-admin", REPO, permissions(contents="read"))
    assert call(fakehub.url, "GET", "/repos/pypa/private-elections", token=token).status == 404
    assert call(fakehub.url, "GET", R, token=token).status == 200
