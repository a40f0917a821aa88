"""The explicit table of endpoints the stand-in serves: (method, path template) -> handler.

A path that matches no template, or matches one with another method, is 404 like on GitHub.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final
from urllib.parse import unquote

from election_bot_demo.fakehub.api import Request, Response
from election_bot_demo.fakehub.handlers import checks, comments, contents, issues, labels, pulls, repos, users

Handler = Callable[[Request], Response]
DOCS: Final = "https://docs.github.com/rest/"


@dataclass(frozen=True, slots=True)
class Route:
    method: str
    template: str
    handler: Handler
    docs: str  # documentation_url in this endpoint's errors, like GitHub's

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

ROUTES: Final[tuple[Route, ...]] = (
    Route("GET", R, repos.get_repo, "repos/repos#get-a-repository"),
    Route(
        "GET",
        R + "/collaborators/{username}/permission",
        repos.collaborator_permission,
        "collaborators/collaborators#get-repository-permissions-for-a-user",
    ),
    Route("GET", R + "/contents", contents.get_contents, "repos/contents#get-repository-content"),
    Route("GET", R + "/contents/{path+}", contents.get_contents, "repos/contents#get-repository-content"),
    Route("GET", R + "/pulls", pulls.list_pulls, "pulls/pulls#list-pull-requests"),
    Route("GET", R + "/pulls/{number}", pulls.get_pull, "pulls/pulls#get-a-pull-request"),
    Route("GET", R + "/pulls/{number}/files", pulls.pull_files, "pulls/pulls#list-pull-requests-files"),
    Route(
        "GET",
        R + "/pulls/{number}/reviews",
        pulls.pull_reviews,
        "pulls/reviews#list-reviews-for-a-pull-request",
    ),
    Route(
        "GET", R + "/pulls/{number}/commits", pulls.pull_commits, "pulls/pulls#list-commits-on-a-pull-request"
    ),
    Route("GET", R + "/issues", issues.list_issues, "issues/issues#list-repository-issues"),
    Route("POST", R + "/issues", issues.create_issue, "issues/issues#create-an-issue"),
    Route("GET", R + "/issues/comments/{id}", comments.get_comment, "issues/comments#get-an-issue-comment"),
    Route(
        "PATCH", R + "/issues/comments/{id}", comments.edit_comment, "issues/comments#update-an-issue-comment"
    ),
    Route(
        "DELETE",
        R + "/issues/comments/{id}",
        comments.delete_comment,
        "issues/comments#delete-an-issue-comment",
    ),
    Route("GET", R + "/issues/{number}", issues.get_issue, "issues/issues#get-an-issue"),
    Route("PATCH", R + "/issues/{number}", issues.edit_issue, "issues/issues#update-an-issue"),
    Route(
        "GET", R + "/issues/{number}/comments", comments.list_comments, "issues/comments#list-issue-comments"
    ),
    Route(
        "POST",
        R + "/issues/{number}/comments",
        comments.create_comment,
        "issues/comments#create-an-issue-comment",
    ),
    Route("GET", R + "/issues/{number}/events", issues.issue_events, "issues/events#list-issue-events"),
    Route("POST", R + "/issues/{number}/labels", labels.add_labels, "issues/labels#add-labels-to-an-issue"),
    Route("PUT", R + "/issues/{number}/labels", labels.set_labels, "issues/labels#set-labels-for-an-issue"),
    Route(
        "DELETE",
        R + "/issues/{number}/labels/{name+}",
        labels.remove_label,
        "issues/labels#remove-a-label-from-an-issue",
    ),
    Route("GET", R + "/labels", labels.list_labels, "issues/labels#list-labels-for-a-repository"),
    Route("POST", R + "/labels", labels.create_label, "issues/labels#create-a-label"),
    Route("GET", R + "/labels/{name+}", labels.get_label, "issues/labels#get-a-label"),
    Route("POST", R + "/check-runs", checks.create_check_run, "checks/runs#create-a-check-run"),
    Route("GET", R + "/check-runs/{id}", checks.get_check_run, "checks/runs#get-a-check-run"),
    Route(
        "GET",
        R + "/commits/{ref}/check-runs",
        checks.commit_check_runs,
        "checks/runs#list-check-runs-for-a-git-reference",
    ),
    Route("PATCH", R + "/check-runs/{id}", checks.update_check_run, "checks/runs#update-a-check-run"),
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
