"""Repository settings an admin configures and `election-bot doctor` reads: environments (their branch
policy and secret names), the default branch's required checks (rulesets and branch protection), Actions
permissions, Pages. Read-only here; tests seed them (`FakeHub.add_environment` and the like).

Each answer's shape and who may read it, from GitHub's REST reference:

- https://docs.github.com/en/rest/deployments/environments#get-an-environment: anyone with read access;
  `deployment_branch_policy` null (every branch) or `{protected_branches, custom_branch_policies}`; 404 when
  there is no such environment.
- https://docs.github.com/en/rest/deployments/branch-policies#list-deployment-branch-policies: anyone with
  read access; `{total_count, branch_policies: [{id, node_id, name, type}]}`.
- https://docs.github.com/en/rest/actions/secrets#list-environment-secrets: `{total_count, secrets: [{name,
  created_at, updated_at}]}`, names only. The stand-in asks an admin's role of a person (GitHub: "collaborator
  access"; in practice the secrets pages are an admin's), and `environments: read` of an installation token,
  which no GITHUB_TOKEN can hold.
- https://docs.github.com/en/rest/repos/rules#get-rules-for-a-branch: metadata read, public on a public
  repository; the active rules of every ruleset that applies, `required_status_checks` with
  `parameters.required_status_checks: [{context, integration_id}]`; "evaluate" and "disabled" rulesets are
  not returned.
- https://docs.github.com/en/rest/branches/branch-protection#get-status-checks-protection: administration
  read (an admin); `{strict, contexts, checks: [{context, app_id}]}`; 404 "Branch not protected".
- https://docs.github.com/en/rest/actions/permissions#get-github-actions-permissions-for-a-repository and
  `#get-allowed-actions-and-reusable-workflows-for-a-repository`: administration read (an admin);
  `{enabled, allowed_actions, selected_actions_url}` and `{github_owned_allowed, verified_allowed,
  patterns_allowed}`.
- https://docs.github.com/en/rest/pages/pages#get-a-apiname-pages-site: pages read; `build_type` `workflow`
  or `legacy`; 404 when the repository has no Pages site.

A person without the role an endpoint needs gets 403 "Must have admin rights to Repository." as GitHub
answers on the admin-only settings endpoints.
"""

from __future__ import annotations

from typing import Any

from election_bot_demo.fakehub import access
from election_bot_demo.fakehub.api import Request, Response
from election_bot_demo.fakehub.errors import ApiError
from election_bot_demo.fakehub.handlers.common import repo_for
from election_bot_demo.fakehub.model import Environment, Repo


def _admin(req: Request, repo: Repo) -> None:
    """A person needs the admin role; an installation token was judged by its permission (routes.py)."""
    actor = req.actor
    if actor.installation:
        return
    if not access.at_least(access.permission_of(req.state, repo, actor.user), "admin"):
        raise ApiError(403, "Must have admin rights to Repository.")


def _environment(req: Request, repo: Repo) -> Environment:
    found = repo.environments.get(req.params["name"].lower())
    if found is None:
        raise ApiError(404, "Not Found")
    return found


def get_environment(req: Request) -> Response:
    repo = repo_for(req)
    env = _environment(req, repo)
    policy: dict[str, bool] | None = None
    if env.branch_policy is not None:
        custom = env.branch_policy == "custom"
        policy = {"protected_branches": not custom, "custom_branch_policies": custom}
    base = f"{req.urls.api}/repos/{req.state.full_name(repo)}/environments/{env.name}"
    return Response(
        200,
        {
            "id": env.id,
            "node_id": f"EN_{env.id}",
            "name": env.name,
            "url": base,
            "html_url": f"{req.urls.web}/{req.state.full_name(repo)}/deployments/activity_log?environments_filter={env.name}",
            "protection_rules": [],
            "deployment_branch_policy": policy,
        },
    )


def list_branch_policies(req: Request) -> Response:
    repo = repo_for(req)
    env = _environment(req, repo)
    if env.branch_policy != "custom":
        raise ApiError(404, "Not Found")
    policies = [
        {"id": env.id * 100 + i, "node_id": f"MDE2OkdhdGVCcmFuY2hQb2xpY3k{i}", "name": name, "type": "branch"}
        for i, name in enumerate(env.branches, 1)
    ]
    return Response(200, {"total_count": len(policies), "branch_policies": policies})


def list_environment_secrets(req: Request) -> Response:
    repo = repo_for(req)
    _admin(req, repo)
    env = _environment(req, repo)
    when = "2026-01-01T00:00:00Z"
    secrets = [{"name": name, "created_at": when, "updated_at": when} for name in sorted(env.secrets)]
    return Response(200, {"total_count": len(secrets), "secrets": secrets})


def branch_rules(req: Request) -> Response:
    repo = repo_for(req)
    branch = req.params["branch"]
    rules: list[dict[str, Any]] = []
    for ruleset in repo.rulesets:
        names = {repo.default_branch if b == "~DEFAULT_BRANCH" else b for b in ruleset.branches}
        if ruleset.enforcement != "active" or branch not in names:
            continue
        checks = [
            {"context": context, **({"integration_id": app} if app is not None else {})}
            for context, app in ruleset.checks
        ]
        rules.append(
            {
                "type": "required_status_checks",
                "parameters": {
                    "required_status_checks": checks,
                    "strict_required_status_checks_policy": False,
                },
                "ruleset_source_type": "Repository",
                "ruleset_source": req.state.full_name(repo),
                "ruleset_id": ruleset.id,
            }
        )
    return Response(200, rules)


def protection_checks(req: Request) -> Response:
    repo = repo_for(req)
    _admin(req, repo)
    branch = req.params["branch"]
    checks = repo.protection.get(branch)
    if checks is None:
        raise ApiError(404, "Branch not protected")
    base = f"{req.urls.api}/repos/{req.state.full_name(repo)}/branches/{branch}/protection/required_status_checks"
    return Response(
        200,
        {
            "url": base,
            "strict": False,
            "contexts": [context for context, _ in checks],
            "checks": [{"context": context, "app_id": app} for context, app in checks],
            "contexts_url": base + "/contexts",
        },
    )


def actions_permissions(req: Request) -> Response:
    repo = repo_for(req)
    _admin(req, repo)
    policy = repo.actions_policy
    body: dict[str, Any] = {"enabled": policy.enabled}
    if policy.enabled:
        body["allowed_actions"] = policy.allowed_actions
        if policy.allowed_actions == "selected":
            body["selected_actions_url"] = (
                f"{req.urls.api}/repos/{req.state.full_name(repo)}/actions/permissions/selected-actions"
            )
    return Response(200, body)


def selected_actions(req: Request) -> Response:
    repo = repo_for(req)
    _admin(req, repo)
    policy = repo.actions_policy
    return Response(
        200,
        {
            "github_owned_allowed": policy.github_owned_allowed,
            "verified_allowed": policy.verified_allowed,
            "patterns_allowed": list(policy.patterns_allowed),
        },
    )


def get_pages(req: Request) -> Response:
    repo = repo_for(req)
    if repo.pages_build_type is None:
        raise ApiError(404, "Not Found")
    owner, _, name = req.state.full_name(repo).partition("/")
    return Response(
        200,
        {
            "url": f"{req.urls.api}/repos/{owner}/{name}/pages",
            "status": "built",
            "cname": None,
            "custom_404": False,
            "html_url": f"https://{owner.lower()}.github.io/{name}/",
            "build_type": repo.pages_build_type,
            "source": {"branch": repo.default_branch, "path": "/"}
            if repo.pages_build_type == "legacy"
            else None,
            "public": True,
            "https_enforced": True,
        },
    )
