"""The stand-in's whole world: users, repositories, refs and commits, tokens, ids and the clock.

One re-entrant lock guards everything. The HTTP server holds it for the whole of a request and the seeding
API holds it per call, so every request sees and makes one consistent change, as GitHub's API appears to.
"""

from __future__ import annotations

import itertools
import secrets
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Final

from election_bot_demo.fakehub.errors import ApiError, not_found
from election_bot_demo.fakehub.gitmodel import Commit, Tree, apply_changes, make_commit_sha
from election_bot_demo.fakehub.model import GITHUB_ACTIONS_APP, App, Repo, User, UserType
from election_bot_demo.fakehub.tokens import (
    LEGACY_READ_ONLY,
    LEGACY_WRITE_ALL,
    Permissions,
    can_write,
)

BOT_LOGIN: Final = "github-actions[bot]"
BOT_ID: Final = 41898282

# Distinct id ranges per kind make ids in a failing test easy to tell apart.
_ID_BASES: Final = {
    "user": 1_000,
    "repo": 500_000,
    "issue": 2_000_000,
    "pull": 3_000_000,
    "comment": 4_000_000,
    "label": 5_000_000,
    "review": 6_000_000,
    "check_run": 7_000_000,
    "check_suite": 8_000_000,
    "event": 9_000_000,
    "workflow": 10_000_000,
    "run": 11_000_000,
    "environment": 12_000_000,
    "ruleset": 13_000_000,
}


def real_now() -> datetime:
    """GitHub timestamps have whole seconds."""
    return datetime.now(UTC).replace(microsecond=0)


@dataclass(frozen=True, slots=True)
class Grant:
    """What a token the hub issued stands for."""

    user_id: int
    installation: bool
    read_only: bool = False
    repo_id: int | None = None  # an installation token's one repository; None: any (the legacy token)
    permissions: Permissions | None = None  # an installation token's set; None: the legacy default
    run_id: int | None = None  # the workflow run a job token belongs to (request log, rate totals)
    job: str | None = None
    app: App = GITHUB_ACTIONS_APP
    fine_grained: bool = False  # a person's fine-grained personal access token: `permissions` limit it


@dataclass(frozen=True, slots=True)
class Actor:
    """Who a token acts as. An installation token is GITHUB_TOKEN (`github-actions[bot]`) unless minted for
    another app; it carries a permission set and, when minted for a job, one repository."""

    user: User
    installation: bool
    read_only: bool = False
    repo_id: int | None = None
    permissions: Permissions = field(default_factory=lambda: LEGACY_WRITE_ALL)
    run_id: int | None = None
    job: str | None = None
    app: App = GITHUB_ACTIONS_APP
    fine_grained: bool = False  # a person's fine-grained token: both their role and `permissions` apply


class HubState:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._fixed_now: datetime | None = None
        self._ids = {kind: itertools.count(base + 1) for kind, base in _ID_BASES.items()}
        self._salt = itertools.count()
        self.users: dict[int, User] = {}
        self.repos: dict[int, Repo] = {}
        self._tokens: dict[str, Grant] = {}
        self._revoked: set[str] = set()
        # Whether GITHUB_TOKEN counts as having push access where GitHub asks the caller for it (the
        # collaborator-permission API): some tokens are refused there (FakeHub.deny_token_push_access).
        self.installation_push = True
        # Creating a label (POST /labels, or adding a label that does not exist yet) with an installation
        # token: GitHub's table accepts issues:write or pull_requests:write; a field report says only
        # issues:write works now. True is that strict reading (FakeHub.set_label_creation_rule).
        self.labels_need_issues_write = True
        self.add_user(BOT_LOGIN, id=BOT_ID, type="Bot")

    # -- clock ------------------------------------------------------------------------------------------

    def now(self) -> datetime:
        return self._fixed_now if self._fixed_now is not None else real_now()

    @property
    def clock_is_real(self) -> bool:
        """True until a test sets the clock: then it stands still unless set or advanced."""
        return self._fixed_now is None

    def set_now(self, when: datetime | None) -> None:
        if when is not None and (when.tzinfo is None or when.utcoffset() is None):
            raise ValueError("hub.now must be an aware datetime (UTC)")
        self._fixed_now = None if when is None else when.astimezone(UTC).replace(microsecond=0)

    def next_id(self, kind: str) -> int:
        return next(self._ids[kind])

    # -- users ------------------------------------------------------------------------------------------

    def add_user(
        self, login: str, *, id: int | None = None, type: UserType = "User", name: str | None = None
    ) -> User:
        if self.find_user(login) is not None:
            raise ValueError(f"user {login!r} already exists")
        if id is None:
            id = self.next_id("user")
        elif id in self.users:
            raise ValueError(f"user id {id} already taken by {self.users[id].login!r}")
        user = User(id=id, login=login, type=type, created_at=self.now(), name=name)
        self.users[id] = user
        return user

    def find_user(self, login: str) -> User | None:
        """Logins are case-insensitive on GitHub."""
        wanted = login.lower()
        return next((u for u in self.users.values() if u.login.lower() == wanted), None)

    def user(self, login: str) -> User:
        found = self.find_user(login)
        if found is None:
            raise not_found()
        return found

    def user_or_create(self, login: str) -> User:
        """Seeding convenience: tests may name a person without adding them first."""
        return self.find_user(login) or self.add_user(login)

    def rename_user(self, old: str, new: str) -> User:
        user = self.user(old)
        if self.find_user(new) not in (None, user):
            raise ValueError(f"login {new!r} is taken")
        user.login = new
        return user

    # -- tokens -----------------------------------------------------------------------------------------

    def token_for(self, login: str, *, read_only: bool = False) -> str:
        user = self.user(login)
        return self._issue(Grant(user_id=user.id, installation=user.id == BOT_ID, read_only=read_only))

    def fine_grained_token(self, login: str, repo: Repo, permissions: Permissions) -> str:
        """A fine-grained personal access token of `login`, for `repo` only, with `permissions`."""
        user = self.user_or_create(login)
        grant = Grant(
            user_id=user.id,
            installation=False,
            read_only=not can_write(permissions),
            repo_id=repo.id,
            permissions=permissions,
            fine_grained=True,
        )
        return self._issue(grant)

    def installation_token(
        self,
        repo: Repo | None,
        permissions: Permissions,
        *,
        run_id: int | None = None,
        job: str | None = None,
        app: App = GITHUB_ACTIONS_APP,
    ) -> str:
        """An installation token of `app` for one repository (None: every repository) with `permissions`."""
        if app == GITHUB_ACTIONS_APP:
            user = self.users[BOT_ID]
        else:
            user = self.user_or_create(f"{app.slug}[bot]")
            user.type = "Bot"
        grant = Grant(
            user_id=user.id,
            installation=True,
            read_only=not can_write(permissions),
            repo_id=repo.id if repo is not None else None,
            permissions=permissions,
            run_id=run_id,
            job=job,
            app=app,
        )
        return self._issue(grant)

    def _issue(self, grant: Grant) -> str:
        token = "fakehub_" + secrets.token_hex(16)
        self._tokens[token] = grant
        return token

    def revoke(self, token: str) -> None:
        self._revoked.add(token)

    def actor_for(self, token: str) -> Actor:
        """Any token the hub did not hand out acts as GITHUB_TOKEN, like the one Actions injects, with the
        legacy permission set (write on every scope, any repository)."""
        if token in self._revoked:
            raise ApiError(401, "Bad credentials")
        grant = self._tokens.get(token) or Grant(user_id=BOT_ID, installation=True)
        user = self.users[grant.user_id]
        permissions = grant.permissions
        if permissions is None:
            permissions = LEGACY_READ_ONLY if grant.read_only else LEGACY_WRITE_ALL
        return Actor(
            user=user,
            installation=grant.installation,
            read_only=grant.read_only,
            repo_id=grant.repo_id,
            permissions=permissions,
            run_id=grant.run_id,
            job=grant.job,
            app=grant.app,
            fine_grained=grant.fine_grained,
        )

    # -- repositories -----------------------------------------------------------------------------------

    def add_repo(self, full_name: str, *, default_branch: str = "main", private: bool = False) -> Repo:
        owner_login, _, name = full_name.partition("/")
        if not owner_login or not name or "/" in name:
            raise ValueError(f"repository names look like 'owner/name', not {full_name!r}")
        if self.find_repo(owner_login, name) is not None:
            raise ValueError(f"repository {full_name!r} already exists")
        owner = self.find_user(owner_login) or self.add_user(owner_login, type="Organization")
        now = self.now()
        repo = Repo(
            id=self.next_id("repo"),
            owner_id=owner.id,
            name=name,
            default_branch=default_branch,
            private=private,
            created_at=now,
            updated_at=now,
        )
        self.repos[repo.id] = repo
        self.commit(repo, default_branch, {}, message="Initial commit", author_id=owner.id)
        return repo

    def full_name(self, repo: Repo) -> str:
        return f"{self.users[repo.owner_id].login}/{repo.name}"

    def find_repo(self, owner: str, name: str) -> Repo | None:
        wanted = f"{owner}/{name}".lower()
        return next((r for r in self.repos.values() if self.full_name(r).lower() == wanted), None)

    def repo(self, owner: str, name: str) -> Repo:
        found = self.find_repo(owner, name)
        if found is None:
            raise not_found()
        return found

    def repo_named(self, full_name: str) -> Repo:
        owner, _, name = full_name.partition("/")
        found = self.find_repo(owner, name)
        if found is None:
            raise KeyError(f"no repository {full_name!r}; add it with hub.add_repo first")
        return found

    # -- git --------------------------------------------------------------------------------------------

    def commit(
        self,
        repo: Repo,
        branch: str,
        files: Mapping[str, bytes | None],
        *,
        modes: Mapping[str, str] | None = None,
        message: str = "Update files",
        author_id: int,
        parent: str | None = None,
        extra_parents: tuple[str, ...] = (),
    ) -> str:
        """Write a commit on `branch` (created from `parent` or empty if new) and move the branch to it."""
        ref = branch if branch.startswith("refs/") else f"refs/heads/{branch}"
        parent_sha = parent if parent is not None else repo.refs.get(ref)
        base_tree: Tree = repo.commits[parent_sha].tree if parent_sha else {}
        tree = apply_changes(base_tree, files, modes)
        parents = ((parent_sha,) if parent_sha else ()) + extra_parents
        date = self.now()
        sha = make_commit_sha(tree, parents, message, date, next(self._salt))
        repo.commits[sha] = Commit(
            sha=sha, tree=tree, parents=parents, author_id=author_id, message=message, date=date
        )
        repo.refs[ref] = sha
        repo.updated_at = date
        repo.activity.append(date)
        return sha

    def resolve(self, repo: Repo, ref: str | None) -> Commit | None:
        """A branch, `refs/...`, full sha or unique sha prefix (7+), like the `ref` query parameter."""
        if ref is None or ref == "":
            ref = repo.default_branch
        for candidate in (ref, f"refs/heads/{ref}", f"refs/tags/{ref}"):
            if candidate in repo.refs:
                return repo.commits[repo.refs[candidate]]
        if ref in repo.commits:
            return repo.commits[ref]
        if len(ref) >= 7:
            matches = [sha for sha in repo.commits if sha.startswith(ref.lower())]
            if len(matches) == 1:
                return repo.commits[matches[0]]
        return None

    def head_of(self, repo: Repo, branch: str) -> str:
        sha = repo.refs.get(f"refs/heads/{branch}")
        if sha is None:
            raise KeyError(f"{self.full_name(repo)} has no branch {branch!r}")
        return sha
