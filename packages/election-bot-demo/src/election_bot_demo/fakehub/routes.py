"""The explicit table of endpoints the stand-in serves: (method, path template) -> handler, with what an
installation token (GITHUB_TOKEN) needs to call it.

A path that matches no template, or matches one with another method, is 404 like on GitHub.

`needs` is the endpoint's row of GitHub's table "Permissions required for GitHub Apps"
(https://docs.github.com/en/rest/authentication/permissions-required-for-github-apps; the per-endpoint
"Fine-grained access tokens for ..." box on each REST page says the same): alternative permission sets,
any one of which suffices; empty means the endpoint needs none. `public_read` marks reads the REST pages
say "can be used without authentication or the aforementioned permissions if only public resources are
requested": on a public repository they need no permission. `creates_content` marks the requests the
stand-in counts as "content-generating" for the secondary rate limit (ratelimit.py).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final
from urllib.parse import unquote

from election_bot_demo.fakehub.api import Request, Response
from election_bot_demo.fakehub.handlers import (
    checks,
    comments,
    contents,
    issues,
    labels,
    pulls,
    repos,
    settings,
    users,
    workflows,
)
from election_bot_demo.fakehub.tokens import PermissionSet

Handler = Callable[[Request], Response]
DOCS: Final = "https://docs.github.com/rest/"


@dataclass(frozen=True, slots=True)
class Route:
    method: str
    template: str
    handler: Handler
    docs: str  # documentation_url in this endpoint's errors, like GitHub's
    needs: tuple[PermissionSet, ...] = ()  # alternatives, any one suffices; () = no permission needed
    public_read: bool = False  # on a public repository, no permission is needed (reads only)
    creates_content: bool = False  # counts against the secondary limit on content creation

    @property
    def pattern(self) -> re.Pattern[str]:
        return _compile(self.template)


_PARAM = re.compile(r"\{(\w+)(\+?)\}")


@functools.cache
def _compile(template: str) -> re.Pattern[str]:
    """`{name}` matches one path segment, `{name+}` the rest of the path (slashes included, maybe empty)."""
    parts: list[str] = []
    pos = 0
    for m in _PARAM.finditer(template):
        parts.append(re.escape(template[pos : m.start()]))
        parts.append(f"(?P<{m[1]}>.*)" if m[2] else f"(?P<{m[1]}>[^/]+)")
        pos = m.end()
    parts.append(re.escape(template[pos:]))
    return re.compile("".join(parts))


R = "/repos/{owner}/{repo}"

# Permission sets, named as the table names them (REST spelling of the scopes).
METADATA: Final[tuple[PermissionSet, ...]] = ({"metadata": "read"},)
CONTENTS_READ: Final[tuple[PermissionSet, ...]] = ({"contents": "read"},)
PULLS_READ: Final[tuple[PermissionSet, ...]] = ({"pull_requests": "read"},)
PULL_READ: Final[tuple[PermissionSet, ...]] = ({"pull_requests": "read"}, {"contents": "read"})
ISSUES_READ_ONLY: Final[tuple[PermissionSet, ...]] = ({"issues": "read"},)
ISSUES_WRITE_ONLY: Final[tuple[PermissionSet, ...]] = ({"issues": "write"},)
ISSUES_OR_PULLS_READ: Final[tuple[PermissionSet, ...]] = ({"issues": "read"}, {"pull_requests": "read"})
ISSUES_OR_PULLS_WRITE: Final[tuple[PermissionSet, ...]] = ({"issues": "write"}, {"pull_requests": "write"})
CHECKS_READ: Final[tuple[PermissionSet, ...]] = ({"checks": "read"},)
CHECKS_WRITE: Final[tuple[PermissionSet, ...]] = ({"checks": "write"},)
ACTIONS_READ: Final[tuple[PermissionSet, ...]] = ({"actions": "read"},)
ACTIONS_WRITE: Final[tuple[PermissionSet, ...]] = ({"actions": "write"},)
ADMINISTRATION_READ: Final[tuple[PermissionSet, ...]] = ({"administration": "read"},)
ENVIRONMENTS_READ: Final[tuple[PermissionSet, ...]] = ({"environments": "read"},)
PAGES_READ: Final[tuple[PermissionSet, ...]] = ({"pages": "read"},)

W = R + "/actions/workflows/{workflow_id}"

ROUTES: Final[tuple[Route, ...]] = (
    Route("GET", R, repos.get_repo, "repos/repos#get-a-repository", METADATA),
    Route(
        "GET",
        R + "/collaborators/{username}/permission",
        repos.collaborator_permission,
        "collaborators/collaborators#get-repository-permissions-for-a-user",
        METADATA,
    ),
    Route(
        "GET",
        R + "/contents",
        contents.get_contents,
        "repos/contents#get-repository-content",
        CONTENTS_READ,
        True,
    ),
    Route(
        "GET",
        R + "/contents/{path+}",
        contents.get_contents,
        "repos/contents#get-repository-content",
        CONTENTS_READ,
        True,
    ),
    Route("GET", R + "/pulls", pulls.list_pulls, "pulls/pulls#list-pull-requests", PULLS_READ, True),
    Route("GET", R + "/pulls/{number}", pulls.get_pull, "pulls/pulls#get-a-pull-request", PULL_READ, True),
    Route(
        "GET",
        R + "/pulls/{number}/files",
        pulls.pull_files,
        "pulls/pulls#list-pull-requests-files",
        PULLS_READ,
        True,
    ),
    Route(
        "GET",
        R + "/pulls/{number}/reviews",
        pulls.pull_reviews,
        "pulls/reviews#list-reviews-for-a-pull-request",
        PULLS_READ,
        True,
    ),
    Route(
        "GET",
        R + "/pulls/{number}/commits",
        pulls.pull_commits,
        "pulls/pulls#list-commits-on-a-pull-request",
        PULLS_READ,
        True,
    ),
    Route(
        "GET",
        R + "/issues",
        issues.list_issues,
        "issues/issues#list-repository-issues",
        ISSUES_READ_ONLY,
        True,
    ),
    Route(
        "POST",
        R + "/issues",
        issues.create_issue,
        "issues/issues#create-an-issue",
        ISSUES_WRITE_ONLY,
        creates_content=True,
    ),
    Route(
        "GET",
        R + "/issues/comments/{id}",
        comments.get_comment,
        "issues/comments#get-an-issue-comment",
        ISSUES_OR_PULLS_READ,
        True,
    ),
    Route(
        "PATCH",
        R + "/issues/comments/{id}",
        comments.edit_comment,
        "issues/comments#update-an-issue-comment",
        ISSUES_OR_PULLS_WRITE,
    ),
    Route(
        "DELETE",
        R + "/issues/comments/{id}",
        comments.delete_comment,
        "issues/comments#delete-an-issue-comment",
        ISSUES_OR_PULLS_WRITE,
    ),
    Route(
        "GET", R + "/issues/{number}", issues.get_issue, "issues/issues#get-an-issue", ISSUES_READ_ONLY, True
    ),
    Route(
        "PATCH",
        R + "/issues/{number}",
        issues.edit_issue,
        "issues/issues#update-an-issue",
        ISSUES_OR_PULLS_WRITE,
    ),
    Route(
        "GET",
        R + "/issues/{number}/comments",
        comments.list_comments,
        "issues/comments#list-issue-comments",
        ISSUES_OR_PULLS_READ,
        True,
    ),
    Route(
        "POST",
        R + "/issues/{number}/comments",
        comments.create_comment,
        "issues/comments#create-an-issue-comment",
        ISSUES_OR_PULLS_WRITE,
        creates_content=True,
    ),
    Route(
        "GET",
        R + "/issues/{number}/events",
        issues.issue_events,
        "issues/events#list-issue-events",
        ISSUES_OR_PULLS_READ,
        True,
    ),
    Route(
        "POST",
        R + "/issues/{number}/labels",
        labels.add_labels,
        "issues/labels#add-labels-to-an-issue",
        ISSUES_OR_PULLS_WRITE,
    ),
    Route(
        "PUT",
        R + "/issues/{number}/labels",
        labels.set_labels,
        "issues/labels#set-labels-for-an-issue",
        ISSUES_OR_PULLS_WRITE,
    ),
    Route(
        "DELETE",
        R + "/issues/{number}/labels/{name+}",
        labels.remove_label,
        "issues/labels#remove-a-label-from-an-issue",
        ISSUES_OR_PULLS_WRITE,
    ),
    Route(
        "GET",
        R + "/labels",
        labels.list_labels,
        "issues/labels#list-labels-for-a-repository",
        ISSUES_OR_PULLS_READ,
        True,
    ),
    # The table accepts either write; the stand-in's label-creation rule may narrow it (handlers/labels.py).
    Route(
        "POST",
        R + "/labels",
        labels.create_label,
        "issues/labels#create-a-label",
        ISSUES_OR_PULLS_WRITE,
        creates_content=True,
    ),
    Route(
        "GET",
        R + "/labels/{name+}",
        labels.get_label,
        "issues/labels#get-a-label",
        ISSUES_OR_PULLS_READ,
        True,
    ),
    Route(
        "POST",
        R + "/check-runs",
        checks.create_check_run,
        "checks/runs#create-a-check-run",
        CHECKS_WRITE,
        creates_content=True,
    ),
    Route(
        "GET", R + "/check-runs/{id}", checks.get_check_run, "checks/runs#get-a-check-run", CHECKS_READ, True
    ),
    Route(
        "GET",
        R + "/commits/{ref}/check-runs",
        checks.commit_check_runs,
        "checks/runs#list-check-runs-for-a-git-reference",
        CHECKS_READ,
        True,
    ),
    Route(
        "PATCH",
        R + "/check-runs/{id}",
        checks.update_check_run,
        "checks/runs#update-a-check-run",
        CHECKS_WRITE,
    ),
    # The Actions workflows API (https://docs.github.com/en/rest/actions/workflows): actions:read to read,
    # actions:write to enable, disable and dispatch.
    Route(
        "GET",
        R + "/actions/workflows",
        workflows.list_workflows,
        "actions/workflows#list-repository-workflows",
        ACTIONS_READ,
        True,
    ),
    Route("GET", W, workflows.get_workflow, "actions/workflows#get-a-workflow", ACTIONS_READ, True),
    Route(
        "PUT", W + "/enable", workflows.enable_workflow, "actions/workflows#enable-a-workflow", ACTIONS_WRITE
    ),
    Route(
        "PUT",
        W + "/disable",
        workflows.disable_workflow,
        "actions/workflows#disable-a-workflow",
        ACTIONS_WRITE,
    ),
    Route(
        "POST",
        W + "/dispatches",
        workflows.dispatch_workflow,
        "actions/workflows#create-a-workflow-dispatch-event",
        ACTIONS_WRITE,
    ),
    # Settings `election-bot doctor` reads (handlers/settings.py cites each endpoint's page).
    Route(
        "GET",
        R + "/environments/{name}",
        settings.get_environment,
        "deployments/environments#get-an-environment",
        ACTIONS_READ,
        True,
    ),
    Route(
        "GET",
        R + "/environments/{name}/deployment-branch-policies",
        settings.list_branch_policies,
        "deployments/branch-policies#list-deployment-branch-policies",
        ACTIONS_READ,
        True,
    ),
    Route(
        "GET",
        R + "/environments/{name}/secrets",
        settings.list_environment_secrets,
        "actions/secrets#list-environment-secrets",
        ENVIRONMENTS_READ,
    ),
    Route(
        "GET",
        R + "/rules/branches/{branch}",
        settings.branch_rules,
        "repos/rules#get-rules-for-a-branch",
        METADATA,
        True,
    ),
    Route(
        "GET",
        R + "/branches/{branch}/protection/required_status_checks",
        settings.protection_checks,
        "branches/branch-protection#get-status-checks-protection",
        ADMINISTRATION_READ,
    ),
    Route(
        "GET",
        R + "/actions/permissions",
        settings.actions_permissions,
        "actions/permissions#get-github-actions-permissions-for-a-repository",
        ADMINISTRATION_READ,
    ),
    Route(
        "GET",
        R + "/actions/permissions/selected-actions",
        settings.selected_actions,
        "actions/permissions#get-allowed-actions-and-reusable-workflows-for-a-repository",
        ADMINISTRATION_READ,
    ),
    Route("GET", R + "/pages", settings.get_pages, "pages/pages#get-a-apiname-pages-site", PAGES_READ),
    Route("GET", "/users/{username}", users.get_user, "users/users#get-a-user"),
    Route("GET", "/user/{account_id}", users.get_user_by_id, "users/users#get-a-user-using-their-id"),
    Route("GET", "/user", users.get_authenticated_user, "users/users#get-the-authenticated-user"),
    Route(
        "GET",
        "/rate_limit",
        users.rate_limit,
        "rate-limit/rate-limit#get-rate-limit-status-for-the-authenticated-user",
    ),
)


def match(method: str, path: str) -> tuple[Route, dict[str, str]] | None:
    """The route for this request and its percent-decoded path parameters."""
    for route in ROUTES:
        if route.method != method:
            continue
        found = route.pattern.fullmatch(path)
        if found:
            return route, {k: unquote(v) for k, v in found.groupdict().items()}
    return None


def docs_url(route: Route | None) -> str:
    return DOCS + route.docs if route is not None else "https://docs.github.com/rest"
