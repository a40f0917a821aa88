"""Repository settings as GitHub's REST API shows them (handlers/settings.py cites each page): environments
and their branch policy and secret names, rules and branch protection, Actions permissions, Pages; who may
read each (an admin's role, or the installation permission GitHub's table names)."""

from __future__ import annotations

import pytest

from election_bot_demo.fakehub import FakeHub, permissions
from tests.fakehub.rawhttp import call
from tests.helpers.repo import REPO

R = f"/repos/{REPO}"


@pytest.fixture
def admin(fakehub: FakeHub) -> str:
    fakehub.set_permission(REPO, "anadmin", "admin")
    return fakehub.token_for("anadmin")


def test_an_environment_with_its_branch_policy_and_secret_names(fakehub: FakeHub, admin: str) -> None:
    fakehub.add_environment(REPO, "election-bot", branches=["main"], secrets=["ELECTION_BOT_ROSTER_CSV"])
    env = call(fakehub.url, "GET", f"{R}/environments/election-bot", token=admin).json()
    assert env["name"] == "election-bot"
    assert env["deployment_branch_policy"] == {"protected_branches": False, "custom_branch_policies": True}
    policies = call(fakehub.url, "GET", f"{R}/environments/election-bot/deployment-branch-policies").json()
    assert policies["total_count"] == 1 and policies["branch_policies"][0]["name"] == "main"
    secrets = call(fakehub.url, "GET", f"{R}/environments/election-bot/secrets", token=admin).json()
    assert [s["name"] for s in secrets["secrets"]] == ["ELECTION_BOT_ROSTER_CSV"]
    assert "value" not in secrets["secrets"][0]  # names only, ever
    assert call(fakehub.url, "GET", f"{R}/environments/other", token=admin).status == 404
    fakehub.add_environment(REPO, "open")
    assert call(fakehub.url, "GET", f"{R}/environments/open").json()["deployment_branch_policy"] is None


def test_secret_names_are_an_admins_and_no_workflow_tokens(fakehub: FakeHub) -> None:
    fakehub.add_environment(REPO, "election-bot", secrets=["X"])
    fakehub.set_permission(REPO, "maintainer", "maintain")
    path = f"{R}/environments/election-bot/secrets"
    refused = call(fakehub.url, "GET", path, token=fakehub.token_for("maintainer"))
    assert (refused.status, refused.json()["message"]) == (403, "Must have admin rights to Repository.")
    job = fakehub.token_for_installation(REPO, permissions(actions="write", contents="write"))
    refused = call(fakehub.url, "GET", path, token=job)
    assert (refused.status, refused.json()["message"]) == (403, "Resource not accessible by integration")


def test_rules_for_a_branch_list_only_active_rulesets(fakehub: FakeHub) -> None:
    fakehub.add_ruleset(REPO, [("nomination", 15368)])
    fakehub.add_ruleset(REPO, [("lint", None)], enforcement="evaluate")
    fakehub.add_ruleset(REPO, [("other", None)], branches=["release"])
    reader = fakehub.token_for("a-reader")  # metadata: anyone who can read the repository
    rules = call(fakehub.url, "GET", f"{R}/rules/branches/main", token=reader).json()
    assert [r["parameters"]["required_status_checks"] for r in rules] == [
        [{"context": "nomination", "integration_id": 15368}]
    ]


def test_branch_protection_is_an_admins_and_says_when_there_is_none(fakehub: FakeHub, admin: str) -> None:
    path = f"{R}/branches/main/protection/required_status_checks"
    missing = call(fakehub.url, "GET", path, token=admin)
    assert (missing.status, missing.json()["message"]) == (404, "Branch not protected")
    fakehub.protect_branch(REPO, "main", [("nomination", 15368)])
    body = call(fakehub.url, "GET", path, token=admin).json()
    assert body["contexts"] == ["nomination"] and body["checks"] == [
        {"context": "nomination", "app_id": 15368}
    ]
    fakehub.set_permission(REPO, "writer", "write")
    assert call(fakehub.url, "GET", path, token=fakehub.token_for("writer")).status == 403


def test_actions_permissions_and_the_selected_patterns(fakehub: FakeHub, admin: str) -> None:
    default = call(fakehub.url, "GET", f"{R}/actions/permissions", token=admin).json()
    assert default == {"enabled": True, "allowed_actions": "all"}  # GitHub's default for a new repository
    fakehub.set_actions_policy(REPO, allowed_actions="selected", patterns_allowed=["psf/election-bot/*"])
    body = call(fakehub.url, "GET", f"{R}/actions/permissions", token=admin).json()
    assert body["allowed_actions"] == "selected" and body["selected_actions_url"].endswith(
        "/selected-actions"
    )
    selected = call(fakehub.url, "GET", f"{R}/actions/permissions/selected-actions", token=admin).json()
    assert selected["patterns_allowed"] == ["psf/election-bot/*"] and selected["github_owned_allowed"]
    job = fakehub.token_for_installation(REPO, permissions(actions="write"))
    assert call(fakehub.url, "GET", f"{R}/actions/permissions", token=job).status == 403


def test_pages_site_and_its_build_type(fakehub: FakeHub, admin: str) -> None:
    assert call(fakehub.url, "GET", f"{R}/pages", token=admin).status == 404  # no site
    fakehub.set_pages(REPO, "workflow")
    assert call(fakehub.url, "GET", f"{R}/pages", token=admin).json()["build_type"] == "workflow"
    job = fakehub.token_for_installation(REPO, permissions(contents="read"))
    assert call(fakehub.url, "GET", f"{R}/pages", token=job).status == 403
    reader = fakehub.token_for_installation(REPO, permissions(pages="read"))
    assert call(fakehub.url, "GET", f"{R}/pages", token=reader).status == 200
