"""State records to GitHub's JSON shapes (checked against the OpenAPI description by tests/fakehub/test_contract_responses.py).

Every URL points back at the stand-in: `urls.api` for API resources (with the `/api/v3` prefix when the
client used the GitHub Enterprise form) and `urls.web` for what github.com would serve as HTML.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final
from urllib.parse import quote

from election_bot_demo.fakehub import access
from election_bot_demo.fakehub.actions import comments_on, issue_labels
from election_bot_demo.fakehub.gitmodel import (
    SUBMODULE,
    SYMLINK,
    Commit,
    Entry,
    FileChange,
    blob_sha,
    tree_sha,
)
from election_bot_demo.fakehub.model import (
    GITHUB_ACTIONS_APP,
    App,
    CheckRun,
    Comment,
    Issue,
    IssueEvent,
    Label,
    Pull,
    Repo,
    Review,
    User,
    Workflow,
)
from election_bot_demo.fakehub.state import HubState

Json = dict[str, Any]

LARGE_FILE: Final = 1024 * 1024  # above this: 403 too_large, or content "" and encoding "none" (object media)


@dataclass(frozen=True, slots=True)
class Urls:
    api: str  # e.g. http://127.0.0.1:PORT or http://127.0.0.1:PORT/api/v3
    web: str  # e.g. http://127.0.0.1:PORT


def ts(when: datetime | None) -> str | None:
    """GitHub's timestamp form: 2026-08-11T13:59:59Z."""
    return None if when is None else when.strftime("%Y-%m-%dT%H:%M:%SZ")


def node_id(kind: str, ident: int) -> str:
    """GitHub's legacy global node id: base64 of '0<len>:<Type><id>'."""
    return base64.b64encode(f"0{len(kind)}:{kind}{ident}".encode()).decode()


def q(segment: str) -> str:
    return quote(segment, safe="")


def qpath(path: str) -> str:
    return quote(path, safe="/")


# -- users --------------------------------------------------------------------------------------------------


def simple_user(urls: Urls, user: User) -> Json:
    base = f"{urls.api}/users/{q(user.login)}"
    html = (
        f"{urls.web}/apps/{q(user.login.removesuffix('[bot]'))}"
        if user.type == "Bot"
        else f"{urls.web}/{q(user.login)}"
    )
    return {
        "login": user.login,
        "id": user.id,
        "node_id": node_id(user.type if user.type != "Organization" else "Organization", user.id),
        "avatar_url": f"{urls.web}/avatars/u/{user.id}?v=4",
        "gravatar_id": "",
        "url": base,
        "html_url": html,
        "followers_url": f"{base}/followers",
        "following_url": f"{base}/following{{/other_user}}",
        "gists_url": f"{base}/gists{{/gist_id}}",
        "starred_url": f"{base}/starred{{/owner}}{{/repo}}",
        "subscriptions_url": f"{base}/subscriptions",
        "organizations_url": f"{base}/orgs",
        "repos_url": f"{base}/repos",
        "events_url": f"{base}/events{{/privacy}}",
        "received_events_url": f"{base}/received_events",
        "type": user.type,
        "user_view_type": "public",
        "site_admin": False,
    }


def public_user(urls: Urls, state: HubState, user: User, *, view: str = "public") -> Json:
    """GET /users/{username}: the simple shape plus profile fields (we keep no profile, so they are empty).

    GET /user answers with `view="private"`; the private account data (plan, disk usage, 2FA, private
    repo counts) is not modelled and so not sent.
    """
    out = simple_user(urls, user)
    out["user_view_type"] = view
    out.update(
        {
            "name": user.name,
            "company": None,
            "blog": "",
            "location": None,
            "email": None,
            "hireable": None,
            "bio": None,
            "twitter_username": None,
            "public_repos": sum(1 for r in state.repos.values() if r.owner_id == user.id and not r.private),
            "public_gists": 0,
            "followers": 0,
            "following": 0,
            "created_at": ts(user.created_at),
            "updated_at": ts(user.created_at),
        }
    )
    return out


# -- repositories -------------------------------------------------------------------------------------------


def repository(urls: Urls, state: HubState, repo: Repo, *, full: bool = False) -> Json:
    """The `repository` shape (inside pulls) or, with `full`, GET /repos/{o}/{r}'s `full-repository`."""
    name = state.full_name(repo)
    api = f"{urls.api}/repos/{name}"
    web = f"{urls.web}/{name}"
    open_issues = sum(1 for i in repo.issues.values() if i.state == "open")
    out: Json = {
        "id": repo.id,
        "node_id": node_id("Repository", repo.id),
        "name": repo.name,
        "full_name": name,
        "private": repo.private,
        "owner": simple_user(urls, state.users[repo.owner_id]),
        "html_url": web,
        "description": None,
        "fork": repo.fork_of is not None,
        "url": api,
        "archive_url": f"{api}/{{archive_format}}{{/ref}}",
        "assignees_url": f"{api}/assignees{{/user}}",
        "blobs_url": f"{api}/git/blobs{{/sha}}",
        "branches_url": f"{api}/branches{{/branch}}",
        "collaborators_url": f"{api}/collaborators{{/collaborator}}",
        "comments_url": f"{api}/comments{{/number}}",
        "commits_url": f"{api}/commits{{/sha}}",
        "compare_url": f"{api}/compare/{{base}}...{{head}}",
        "contents_url": f"{api}/contents/{{+path}}",
        "contributors_url": f"{api}/contributors",
        "deployments_url": f"{api}/deployments",
        "downloads_url": f"{api}/downloads",
        "events_url": f"{api}/events",
        "forks_url": f"{api}/forks",
        "git_commits_url": f"{api}/git/commits{{/sha}}",
        "git_refs_url": f"{api}/git/refs{{/sha}}",
        "git_tags_url": f"{api}/git/tags{{/sha}}",
        "git_url": f"{web.replace('http://', 'git://', 1)}.git",
        "issue_comment_url": f"{api}/issues/comments{{/number}}",
        "issue_events_url": f"{api}/issues/events{{/number}}",
        "issues_url": f"{api}/issues{{/number}}",
        "keys_url": f"{api}/keys{{/key_id}}",
        "labels_url": f"{api}/labels{{/name}}",
        "languages_url": f"{api}/languages",
        "merges_url": f"{api}/merges",
        "milestones_url": f"{api}/milestones{{/number}}",
        "notifications_url": f"{api}/notifications{{?since,all,participating}}",
        "pulls_url": f"{api}/pulls{{/number}}",
        "releases_url": f"{api}/releases{{/id}}",
        "ssh_url": f"git@{urls.web.split('://', 1)[1]}:{name}.git",
        "stargazers_url": f"{api}/stargazers",
        "statuses_url": f"{api}/statuses/{{sha}}",
        "subscribers_url": f"{api}/subscribers",
        "subscription_url": f"{api}/subscription",
        "tags_url": f"{api}/tags",
        "teams_url": f"{api}/teams",
        "trees_url": f"{api}/git/trees{{/sha}}",
        "clone_url": f"{web}.git",
        "mirror_url": None,
        "hooks_url": f"{api}/hooks",
        "svn_url": web,
        "homepage": None,
        "language": None,
        "forks_count": 0,
        "forks": 0,
        "stargazers_count": 0,
        "watchers_count": 0,
        "watchers": 0,
        "size": 0,
        "default_branch": repo.default_branch,
        "open_issues_count": open_issues,
        "open_issues": open_issues,
        "is_template": False,
        "topics": [],
        "has_issues": True,
        "has_projects": False,
        "has_wiki": False,
        "has_pages": False,
        "has_downloads": True,
        "has_discussions": False,
        "archived": False,
        "disabled": False,
        "visibility": "private" if repo.private else "public",
        "pushed_at": ts(repo.updated_at),
        "created_at": ts(repo.created_at),
        "updated_at": ts(repo.updated_at),
        "allow_forking": True,
        "web_commit_signoff_required": False,
        "license": None,
    }
    if full:
        out["network_count"] = 0
        out["subscribers_count"] = 0
        if repo.fork_of is not None:
            parent = state.repo_named(repo.fork_of)
            out["parent"] = repository(urls, state, parent)
            out["source"] = out["parent"]
    return out


# -- labels, issues, comments, events -----------------------------------------------------------------------


def label(urls: Urls, state: HubState, repo: Repo, lab: Label) -> Json:
    return {
        "id": lab.id,
        "node_id": node_id("Label", lab.id),
        "url": f"{urls.api}/repos/{state.full_name(repo)}/labels/{q(lab.name)}",
        "name": lab.name,
        "color": lab.color,
        "default": lab.default,
        "description": lab.description,
    }


def reactions(url: str) -> Json:
    """We model no reactions; the rollup is still part of every issue and comment."""
    keys = ("+1", "-1", "laugh", "confused", "heart", "hooray", "eyes", "rocket")
    return {"url": url, "total_count": 0} | dict.fromkeys(keys, 0)


def issue(urls: Urls, state: HubState, repo: Repo, item: Issue) -> Json:
    name = state.full_name(repo)
    api = f"{urls.api}/repos/{name}/issues/{item.number}"
    kind = "pull" if item.pull is not None else "issues"
    author = state.users[item.author_id]
    out: Json = {
        "url": api,
        "repository_url": f"{urls.api}/repos/{name}",
        "labels_url": f"{api}/labels{{/name}}",
        "comments_url": f"{api}/comments",
        "events_url": f"{api}/events",
        "html_url": f"{urls.web}/{name}/{kind}/{item.number}",
        "id": item.id,
        "node_id": node_id("PullRequest" if item.pull else "Issue", item.id),
        "number": item.number,
        "title": item.title,
        "user": simple_user(urls, author),
        "labels": [label(urls, state, repo, lab) for lab in issue_labels(repo, item)],
        "state": item.state,
        "locked": False,
        "assignee": None,
        "assignees": [],
        "milestone": None,
        "comments": len(comments_on(repo, item.number)),
        "created_at": ts(item.created_at),
        "updated_at": ts(item.updated_at),
        "closed_at": ts(item.closed_at),
        "author_association": access.author_association(state, repo, author),
        "active_lock_reason": None,
        "body": item.body,
        "closed_by": simple_user(urls, state.users[item.closed_by_id]) if item.closed_by_id else None,
        "reactions": reactions(f"{api}/reactions"),
        "timeline_url": f"{api}/timeline",
        "performed_via_github_app": None,
        "state_reason": item.state_reason,
    }
    if item.pull is not None:
        pulls = f"{urls.web}/{name}/pull/{item.number}"
        out["draft"] = item.pull.draft
        out["pull_request"] = {
            "url": f"{urls.api}/repos/{name}/pulls/{item.number}",
            "html_url": pulls,
            "diff_url": f"{pulls}.diff",
            "patch_url": f"{pulls}.patch",
            "merged_at": ts(item.pull.merged_at),
        }
    return out


def comment(urls: Urls, state: HubState, repo: Repo, item: Comment) -> Json:
    name = state.full_name(repo)
    parent = repo.issues[item.issue_number]
    kind = "pull" if parent.pull is not None else "issues"
    author = state.users[item.author_id]
    url = f"{urls.api}/repos/{name}/issues/comments/{item.id}"
    return {
        "url": url,
        "html_url": f"{urls.web}/{name}/{kind}/{item.issue_number}#issuecomment-{item.id}",
        "issue_url": f"{urls.api}/repos/{name}/issues/{item.issue_number}",
        "id": item.id,
        "node_id": node_id("IssueComment", item.id),
        "user": simple_user(urls, author),
        "created_at": ts(item.created_at),
        "updated_at": ts(item.updated_at),
        "author_association": access.author_association(state, repo, author),
        "body": item.body,
        "reactions": reactions(f"{url}/reactions"),
        "performed_via_github_app": None,
    }


def event(urls: Urls, state: HubState, repo: Repo, item: IssueEvent) -> Json:
    name = state.full_name(repo)
    out: Json = {
        "id": item.id,
        "node_id": node_id("LabeledEvent" if item.label else "IssueEvent", item.id),
        "url": f"{urls.api}/repos/{name}/issues/events/{item.id}",
        "actor": simple_user(urls, state.users[item.actor_id]),
        "event": item.event,
        "commit_id": item.commit_id,
        "commit_url": f"{urls.api}/repos/{name}/commits/{item.commit_id}" if item.commit_id else None,
        "created_at": ts(item.created_at),
        "performed_via_github_app": None,
    }
    if item.label is not None:
        out["label"] = {"name": item.label[0], "color": item.label[1]}
    if item.rename is not None:
        out["rename"] = {"from": item.rename[0], "to": item.rename[1]}
    return out


# -- pull requests ------------------------------------------------------------------------------------------


def _branch(urls: Urls, state: HubState, repo_name: str, ref: str, sha: str) -> Json:
    repo = state.repo_named(repo_name)
    owner = state.users[repo.owner_id]
    return {
        "label": f"{owner.login}:{ref}",
        "ref": ref,
        "sha": sha,
        "user": simple_user(urls, owner),
        "repo": repository(urls, state, repo),
    }


def pull(urls: Urls, state: HubState, repo: Repo, item: Issue, *, full: bool = True) -> Json:
    """GET /pulls/{n} (`full`) or one entry of GET /pulls (`pull-request-simple`)."""
    assert item.pull is not None
    pr: Pull = item.pull
    name = state.full_name(repo)
    api = f"{urls.api}/repos/{name}/pulls/{item.number}"
    issue_api = f"{urls.api}/repos/{name}/issues/{item.number}"
    web = f"{urls.web}/{name}/pull/{item.number}"
    author = state.users[item.author_id]
    base_sha = state.head_of(repo, pr.base_ref) if not pr.merged else pr.base_sha
    out: Json = {
        "url": api,
        "id": pr.id,
        "node_id": node_id("PullRequest", pr.id),
        "html_url": web,
        "diff_url": f"{web}.diff",
        "patch_url": f"{web}.patch",
        "issue_url": issue_api,
        "commits_url": f"{api}/commits",
        "review_comments_url": f"{api}/comments",
        "review_comment_url": f"{urls.api}/repos/{name}/pulls/comments{{/number}}",
        "comments_url": f"{issue_api}/comments",
        "statuses_url": f"{urls.api}/repos/{name}/statuses/{pr.head_sha}",
        "number": item.number,
        "state": item.state,
        "locked": False,
        "title": item.title,
        "user": simple_user(urls, author),
        "body": item.body,
        "labels": [label(urls, state, repo, lab) for lab in issue_labels(repo, item)],
        "milestone": None,
        "active_lock_reason": None,
        "created_at": ts(item.created_at),
        "updated_at": ts(item.updated_at),
        "closed_at": ts(item.closed_at),
        "merged_at": ts(pr.merged_at),
        "merge_commit_sha": pr.merge_commit_sha,
        "assignee": None,
        "assignees": [],
        "requested_reviewers": [],
        "requested_teams": [],
        "head": _branch(urls, state, pr.head_repo, pr.head_ref, pr.head_sha),
        "base": _branch(urls, state, name, pr.base_ref, base_sha),
        "_links": {
            "self": {"href": api},
            "html": {"href": web},
            "issue": {"href": issue_api},
            "comments": {"href": f"{issue_api}/comments"},
            "review_comments": {"href": f"{api}/comments"},
            "review_comment": {"href": f"{urls.api}/repos/{name}/pulls/comments{{/number}}"},
            "commits": {"href": f"{api}/commits"},
            "statuses": {"href": f"{urls.api}/repos/{name}/statuses/{pr.head_sha}"},
        },
        "author_association": access.author_association(state, repo, author),
        "auto_merge": None,
        "draft": pr.draft,
    }
    if full:
        is_open = item.state == "open"
        out.update(
            {
                "merged": pr.merged,
                "mergeable": True if is_open else None,
                "rebaseable": True if is_open else None,
                "mergeable_state": ("draft" if pr.draft else "clean") if is_open else "unknown",
                "merged_by": simple_user(urls, state.users[pr.merged_by_id]) if pr.merged_by_id else None,
                "comments": len(comments_on(repo, item.number)),
                "review_comments": 0,
                "maintainer_can_modify": False,
                "commits": len(pr.commits),
                "additions": sum(f.additions for f in pr.files),
                "deletions": sum(f.deletions for f in pr.files),
                "changed_files": len(pr.files),
            }
        )
    return out


def file_change(urls: Urls, state: HubState, item: Pull, change: FileChange) -> Json:
    head = item.head_repo
    out: Json = {
        "sha": change.sha,
        "filename": change.filename,
        "status": change.status,
        "additions": change.additions,
        "deletions": change.deletions,
        "changes": change.changes,
        "blob_url": f"{urls.web}/{head}/blob/{item.head_sha}/{qpath(change.filename)}",
        "raw_url": f"{urls.web}/{head}/raw/{item.head_sha}/{qpath(change.filename)}",
        "contents_url": f"{urls.api}/repos/{head}/contents/{qpath(change.filename)}?ref={item.head_sha}",
    }
    if change.patch is not None:
        out["patch"] = change.patch
    if change.previous_filename is not None:
        out["previous_filename"] = change.previous_filename
    return out


def review(urls: Urls, state: HubState, repo: Repo, number: int, item: Review) -> Json:
    name = state.full_name(repo)
    web = f"{urls.web}/{name}/pull/{number}"
    author = state.users[item.author_id]
    pr_api = f"{urls.api}/repos/{name}/pulls/{number}"
    return {
        "id": item.id,
        "node_id": node_id("PullRequestReview", item.id),
        "user": simple_user(urls, author),
        "body": item.body,
        "state": item.state,
        "html_url": f"{web}#pullrequestreview-{item.id}",
        "pull_request_url": pr_api,
        "author_association": access.author_association(state, repo, author),
        "_links": {"html": {"href": f"{web}#pullrequestreview-{item.id}"}, "pull_request": {"href": pr_api}},
        "submitted_at": ts(item.submitted_at),
        "commit_id": item.commit_id,
    }


def commit(urls: Urls, state: HubState, repo: Repo, item: Commit) -> Json:
    name = state.full_name(repo)
    api = f"{urls.api}/repos/{name}"
    author = state.users[item.author_id]
    person = {
        "name": author.name or author.login,
        "email": f"{author.id}+{author.login}@users.noreply.github.com",
        "date": ts(item.date),
    }
    return {
        "url": f"{api}/commits/{item.sha}",
        "sha": item.sha,
        "node_id": node_id("Commit", int(item.sha[:8], 16)),
        "html_url": f"{urls.web}/{name}/commit/{item.sha}",
        "comments_url": f"{api}/commits/{item.sha}/comments",
        "commit": {
            "url": f"{api}/git/commits/{item.sha}",
            "author": person,
            "committer": person,
            "message": item.message,
            "tree": {"sha": tree_sha(item.tree), "url": f"{api}/git/trees/{tree_sha(item.tree)}"},
            "comment_count": 0,
            "verification": {
                "verified": False,
                "reason": "unsigned",
                "signature": None,
                "payload": None,
                "verified_at": None,
            },
        },
        "author": simple_user(urls, author),
        "committer": simple_user(urls, author),
        "parents": [
            {"sha": p, "url": f"{api}/commits/{p}", "html_url": f"{urls.web}/{name}/commit/{p}"}
            for p in item.parents
        ],
    }


# -- contents -----------------------------------------------------------------------------------------------


def _content_base(urls: Urls, name: str, path: str, ref: str, kind: str, sha: str, size: int) -> Json:
    api = f"{urls.api}/repos/{name}"
    self_url = f"{api}/contents/{qpath(path)}?ref={q(ref)}"
    if kind == "dir":
        git_url: str | None = f"{api}/git/trees/{sha}"
        html_url: str | None = f"{urls.web}/{name}/tree/{q(ref)}/{qpath(path)}"
        download: str | None = None
    else:
        git_url = f"{api}/git/blobs/{sha}"
        html_url = f"{urls.web}/{name}/blob/{q(ref)}/{qpath(path)}"
        download = f"{urls.web}/{name}/raw/{q(ref)}/{qpath(path)}"
    return {
        "type": kind,
        "size": size,
        "name": path.rsplit("/", 1)[-1],
        "path": path,
        "sha": sha,
        "url": self_url,
        "git_url": git_url,
        "html_url": html_url,
        "download_url": download,
        "_links": {"self": self_url, "git": git_url, "html": html_url},
    }


def content_file(urls: Urls, name: str, path: str, ref: str, entry: Entry) -> Json:
    out = _content_base(urls, name, path, ref, "file", blob_sha(entry.data), len(entry.data))
    if len(entry.data) > LARGE_FILE:
        out.update({"content": "", "encoding": "none"})
    else:
        encoded = base64.b64encode(entry.data).decode()
        # GitHub wraps base64 at 60 columns with a trailing newline.
        wrapped = "".join(encoded[i : i + 60] + "\n" for i in range(0, len(encoded), 60))
        out.update({"content": wrapped, "encoding": "base64"})
    return out


def content_symlink(urls: Urls, name: str, path: str, ref: str, entry: Entry) -> Json:
    out = _content_base(urls, name, path, ref, "symlink", blob_sha(entry.data), len(entry.data))
    out["target"] = entry.data.decode("utf-8", "replace")
    return out


def content_submodule(urls: Urls, name: str, path: str, ref: str, entry: Entry) -> Json:
    """Submodules hosted elsewhere have null git/html URLs; we treat every submodule that way."""
    out = _content_base(urls, name, path, ref, "submodule", entry.sha, 0)
    out.update(
        {"git_url": None, "html_url": None, "download_url": None, "submodule_git_url": entry.data.decode()}
    )
    out["_links"] = {"self": out["url"], "git": None, "html": None}
    return out


def directory_entry(urls: Urls, name: str, path: str, ref: str, entry: Entry | None, tree_sha_: str) -> Json:
    """One item of a directory listing. Submodules are listed with type "file", as GitHub documents."""
    if entry is None:
        return _content_base(urls, name, path, ref, "dir", tree_sha_, 0)
    if entry.mode == SUBMODULE:
        out = content_submodule(urls, name, path, ref, entry)
        del out["submodule_git_url"]
        out["type"] = "file"
        return out
    kind = "symlink" if entry.mode == SYMLINK else "file"
    return _content_base(urls, name, path, ref, kind, blob_sha(entry.data), len(entry.data))


# -- checks, permissions, rate limit ------------------------------------------------------------------------

GITHUB_ACTIONS_APP_ID: Final = GITHUB_ACTIONS_APP.id


def github_actions_app(urls: Urls) -> Json:
    """The app behind GITHUB_TOKEN; its check runs and comments are attributed to it."""
    return app(urls, GITHUB_ACTIONS_APP)


def app(urls: Urls, which: App) -> Json:
    """A GitHub App as a check run's `app` shows it (the `integration` schema)."""
    if which == GITHUB_ACTIONS_APP:
        owner = User(
            id=9919,
            login="github",
            type="Organization",
            created_at=datetime(2008, 5, 11, 4, 37, 31, tzinfo=UTC),
        )
        described: Json = {
            "description": "Automate your workflow from idea to production",
            "external_url": "https://help.github.com/en/actions",
            "created_at": "2018-07-30T09:30:17Z",
            "updated_at": "2019-12-10T19:04:12Z",
            "permissions": {"checks": "write", "contents": "write", "issues": "write", "metadata": "read"},
            "events": ["check_run", "check_suite", "issue_comment", "issues", "pull_request", "push"],
        }
    else:
        owner = User(
            id=9_900_000 + which.id,
            login=f"{which.slug}-owner",
            type="Organization",
            created_at=datetime(2020, 1, 1, tzinfo=UTC),
        )
        described = {
            "description": None,
            "external_url": f"{urls.web}/apps/{which.slug}",
            "created_at": "2020-01-01T00:00:00Z",
            "updated_at": "2020-01-01T00:00:00Z",
            "permissions": {"checks": "write", "metadata": "read"},
            "events": [],
        }
    return {
        "id": which.id,
        "slug": which.slug,
        "node_id": node_id("App", which.id),
        "owner": simple_user(urls, owner),
        "name": which.name,
        "description": described["description"],
        "external_url": described["external_url"],
        "html_url": f"{urls.web}/apps/{which.slug}",
        "created_at": described["created_at"],
        "updated_at": described["updated_at"],
        "permissions": described["permissions"],
        "events": described["events"],
    }


def pull_minimal(urls: Urls, state: HubState, repo: Repo, item: Issue) -> Json:
    assert item.pull is not None
    pr = item.pull

    def side(ref: str, sha: str) -> Json:
        return {
            "ref": ref,
            "sha": sha,
            "repo": {"id": repo.id, "url": f"{urls.api}/repos/{state.full_name(repo)}", "name": repo.name},
        }

    return {
        "id": pr.id,
        "number": item.number,
        "url": f"{urls.api}/repos/{state.full_name(repo)}/pulls/{item.number}",
        "head": side(pr.head_ref, pr.head_sha),
        "base": side(pr.base_ref, state.head_of(repo, pr.base_ref)),
    }


def check_run(urls: Urls, state: HubState, repo: Repo, run: CheckRun) -> Json:
    name = state.full_name(repo)
    url = f"{urls.api}/repos/{name}/check-runs/{run.id}"
    # The Checks API only links runs to PRs whose head lives in this repository (not forks).
    pulls = [
        pull_minimal(urls, state, repo, i)
        for i in sorted(repo.issues.values(), key=lambda i: i.number)
        if i.pull is not None
        and i.state == "open"
        and i.pull.head_sha == run.head_sha
        and i.pull.head_repo.lower() == name.lower()
    ]
    return {
        "id": run.id,
        "node_id": node_id("CheckRun", run.id),
        "head_sha": run.head_sha,
        "external_id": run.external_id,
        "url": url,
        "html_url": f"{urls.web}/{name}/runs/{run.id}",
        "details_url": run.details_url,
        "status": run.status,
        "conclusion": run.conclusion,
        "started_at": ts(run.started_at),
        "completed_at": ts(run.completed_at),
        "output": {
            "title": run.title,
            "summary": run.summary,
            "text": run.text,
            "annotations_count": len(run.annotations),
            "annotations_url": f"{url}/annotations",
        },
        "name": run.name,
        "check_suite": {"id": run.suite_id},
        "app": app(urls, run.app),
        "pull_requests": pulls,
    }


def collaborator_permission(urls: Urls, state: HubState, repo: Repo, user: User) -> Json:
    role = access.permission_of(state, repo, user)
    collaborator = simple_user(urls, user)
    collaborator["permissions"] = {
        "admin": access.at_least(role, "admin"),
        "maintain": access.at_least(role, "maintain"),
        "push": access.at_least(role, "write"),
        "triage": access.at_least(role, "triage"),
        "pull": access.at_least(role, "read"),
    }
    collaborator["role_name"] = role
    return {"permission": access.legacy_permission(role), "role_name": role, "user": collaborator}


def rate_limit(limit: int, remaining: int, reset: int) -> Json:
    core = {
        "limit": limit,
        "remaining": remaining,
        "reset": reset,
        "used": limit - remaining,
        "resource": "core",
    }
    search = {"limit": 30, "remaining": 30, "reset": reset, "used": 0, "resource": "search"}
    graphql = {"limit": limit, "remaining": limit, "reset": reset, "used": 0, "resource": "graphql"}
    return {"resources": {"core": core, "search": search, "graphql": graphql}, "rate": core}


def workflow(urls: Urls, state: HubState, repo: Repo, item: Workflow) -> Json:
    """A workflow as https://docs.github.com/en/rest/actions/workflows answers it."""
    name = state.full_name(repo)
    return {
        "id": item.id,
        "node_id": node_id("Workflow", item.id),
        "name": item.name,
        "path": item.path,
        "state": item.state,
        "created_at": ts(item.created_at),
        "updated_at": ts(item.updated_at),
        "url": f"{urls.api}/repos/{name}/actions/workflows/{item.id}",
        "html_url": f"{urls.web}/{name}/blob/{repo.default_branch}/{qpath(item.path)}",
        "badge_url": f"{urls.web}/{name}/workflows/{q(item.name)}/badge.svg",
    }
