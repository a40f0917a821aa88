"""`FakeHub`: the local GitHub stand-in's front door: lifecycle, seeding, readers, request log, faults.

Seeding calls are what people do on github.com (open a PR, comment, review); they go through the same
rules as the API (`actions.py`), so a seeded world is one the real API could have produced.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any, Final, Literal, Self

from election_bot_demo.fakehub import access, actions, workflowfiles, workflowstate
from election_bot_demo.fakehub.dispatch import ENTERPRISE_PREFIX, Dispatcher
from election_bot_demo.fakehub.faults import Fault, FaultBook, Injection
from election_bot_demo.fakehub.model import (
    GITHUB_ACTIONS_APP,
    PERMISSIONS,
    ActionsPolicy,
    App,
    CheckRun,
    Environment,
    Permission,
    Repo,
    Ruleset,
    User,
    UserType,
)
from election_bot_demo.fakehub.ratelimit import RatePolicy, RateStatus, repo_key
from election_bot_demo.fakehub.requestlog import RequestLog, RequestRecord
from election_bot_demo.fakehub.serialise import ts
from election_bot_demo.fakehub.server import LoopbackServer
from election_bot_demo.fakehub.state import BOT_ID, BOT_LOGIN, HubState
from election_bot_demo.fakehub.tokens import RESTRICTED_DEFAULT, Permissions
from election_bot_demo.fakehub.views import (
    FakeCheckRun,
    FakeComment,
    FakeIssue,
    FakeLabel,
    FakePull,
    FakeUser,
    FakeWorkflow,
    FakeWorkflowRun,
    JobToken,
    check_run_view,
    comment_view,
    issue_view,
    label_view,
    pull_view,
    user_view,
    workflow_run_view,
    workflow_view,
)

ASSOCIATIONS: Final = frozenset(
    {
        "COLLABORATOR",
        "CONTRIBUTOR",
        "FIRST_TIMER",
        "FIRST_TIME_CONTRIBUTOR",
        "MANNEQUIN",
        "MEMBER",
        "NONE",
        "OWNER",
    }
)


class FakeHub:
    """A stateful GitHub REST API v3 on 127.0.0.1:<random port>. Use as a context manager."""

    BOT_LOGIN: Final = BOT_LOGIN
    BOT_ID: Final = BOT_ID
    #: Any token the hub did not issue acts as GITHUB_TOKEN (github-actions[bot]); this is one.
    BOT_TOKEN: Final = "fakehub-installation-token"  # noqa: S105 - not a secret, any unknown token works

    def __init__(self, *, now: datetime | None = None) -> None:
        self._state = HubState()
        if now is not None:
            self._state.set_now(now)
        self._log = RequestLog()
        self._faults = FaultBook()
        self._dispatcher = Dispatcher(self._state, self._log, self._faults)
        self._server: LoopbackServer | None = None

    # -- lifecycle ------------------------------------------------------------------------------------------

    def start(self) -> Self:
        if self._server is None:
            self._server = LoopbackServer(self._dispatcher)
            self._server.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The API base for `Github(base_url=...)`: http://127.0.0.1:PORT (no trailing slash)."""
        if self._server is None:
            raise RuntimeError("FakeHub is not started; use `with FakeHub() as hub:` or hub.start()")
        return f"http://127.0.0.1:{self._server.port}"

    @property
    def enterprise_url(self) -> str:
        """The same API in GitHub Enterprise form (…/api/v3); response URLs then carry the prefix too."""
        return self.url + ENTERPRISE_PREFIX

    @property
    def internal_errors(self) -> list[BaseException]:
        """Bugs in the stand-in itself (answered as 500); the pytest fixture fails the test if any."""
        with self._state.lock:
            return list(self._dispatcher.internal_errors)

    # -- clock --------------------------------------------------------------------------------------------

    @property
    def now(self) -> datetime:
        """The hub's clock (aware UTC): real time unless set; stamps created_at/updated_at."""
        with self._state.lock:
            return self._state.now()

    @now.setter
    def now(self, when: datetime | None) -> None:
        with self._state.lock:
            self._state.set_now(when)

    def advance(self, delta: timedelta) -> datetime:
        with self._state.lock:
            self._state.set_now(self._state.now() + delta)
            return self._state.now()

    # -- people and tokens --------------------------------------------------------------------------------

    def add_user(
        self, login: str, id: int | None = None, type: UserType = "User", name: str | None = None
    ) -> FakeUser:
        with self._state.lock:
            return user_view(self._state.add_user(login, id=id, type=type, name=name))

    def user(self, login: str) -> FakeUser:
        with self._state.lock:
            found = self._state.find_user(login)
            if found is None:
                raise KeyError(f"no user {login!r}")
            return user_view(found)

    def rename_user(self, old: str, new: str) -> FakeUser:
        """Same numeric id, new login; the old login answers 404 afterwards."""
        with self._state.lock:
            return user_view(self._state.rename_user(old, new))

    def token_for(self, login: str, *, read_only: bool = False) -> str:
        """A token acting as `login` (created if unknown). `read_only` mimics a fork PR's GITHUB_TOKEN."""
        with self._state.lock:
            self._state.user_or_create(login)
            return self._state.token_for(login, read_only=read_only)

    def token_for_fine_grained(self, login: str, repo: str, permissions: Permissions) -> str:
        """A fine-grained personal access token of `login` for `repo` alone, with `permissions`
        (tokens.permissions(...), which also knows administration, environments and secrets). Each request
        needs the endpoint's permission from GitHub's table and the person's role; without the first:
        403 "Resource not accessible by personal access token"."""
        with self._state.lock:
            return self._state.fine_grained_token(login, self._repo(repo), permissions)

    def revoke(self, token: str) -> None:
        """Requests with this token now get 401 Bad credentials."""
        with self._state.lock:
            self._state.revoke(token)

    # -- repositories and git -----------------------------------------------------------------------------

    def add_repo(
        self,
        full_name: str,
        default_branch: str = "main",
        *,
        private: bool = False,
        files: Mapping[str, bytes] | None = None,
    ) -> str:
        with self._state.lock:
            repo = self._state.add_repo(full_name, default_branch=default_branch, private=private)
            if files:
                self._state.commit(repo, default_branch, files, message="Add files", author_id=repo.owner_id)
            return self._state.full_name(repo)

    def set_permission(self, repo: str, login: str, permission: Permission) -> None:
        """Grant a collaborator role. On a public repository everyone has at least read, as on GitHub."""
        if permission not in PERMISSIONS:
            raise ValueError(f"permission must be one of {PERMISSIONS}")
        with self._state.lock:
            self._repo(repo).permissions[self._state.user_or_create(login).id] = permission

    # -- settings an admin configures (handlers/settings.py: what GitHub answers about them) ----------------

    def add_environment(
        self,
        repo: str,
        name: str,
        *,
        branches: Iterable[str] | None = None,
        protected_branches: bool = False,
        secrets: Iterable[str] = (),
    ) -> None:
        """An environment: `branches` (name patterns) as its custom deployment branch policy, or
        `protected_branches`, or neither (every branch may deploy); the names of its secrets."""
        with self._state.lock:
            r = self._repo(repo)
            policy: Literal["protected", "custom"] | None = (
                "custom" if branches is not None else "protected" if protected_branches else None
            )
            r.environments[name.lower()] = Environment(
                id=self._state.next_id("environment"),
                name=name,
                branch_policy=policy,
                branches=list(branches or ()),
                secrets=list(secrets),
            )

    def add_ruleset(
        self,
        repo: str,
        checks: Iterable[tuple[str, int | None]],
        *,
        branches: Iterable[str] = ("~DEFAULT_BRANCH",),
        enforcement: Literal["active", "evaluate", "disabled"] = "active",
        name: str = "Protect the default branch",
    ) -> None:
        """A branch ruleset requiring status checks: (context, integration id, None for any app)."""
        with self._state.lock:
            self._repo(repo).rulesets.append(
                Ruleset(
                    id=self._state.next_id("ruleset"),
                    name=name,
                    enforcement=enforcement,
                    branches=list(branches),
                    checks=list(checks),
                )
            )

    def delete_environment(self, repo: str, name: str) -> None:
        with self._state.lock:
            self._repo(repo).environments.pop(name.lower(), None)

    def clear_rulesets(self, repo: str) -> None:
        with self._state.lock:
            self._repo(repo).rulesets.clear()

    def protect_branch(self, repo: str, branch: str, checks: Iterable[tuple[str, int | None]]) -> None:
        """Classic branch protection on `branch` requiring these status checks (context, app id)."""
        with self._state.lock:
            self._repo(repo).protection[branch] = list(checks)

    def set_actions_policy(
        self,
        repo: str,
        *,
        enabled: bool = True,
        allowed_actions: Literal["all", "local_only", "selected"] = "all",
        github_owned_allowed: bool = True,
        patterns_allowed: Iterable[str] = (),
    ) -> None:
        with self._state.lock:
            self._repo(repo).actions_policy = ActionsPolicy(
                enabled=enabled,
                allowed_actions=allowed_actions,
                github_owned_allowed=github_owned_allowed,
                patterns_allowed=list(patterns_allowed),
            )

    def set_pages(self, repo: str, build_type: Literal["workflow", "legacy"] | None) -> None:
        """A Pages site built by a workflow ("GitHub Actions") or from a branch ("legacy"); None: no site."""
        with self._state.lock:
            self._repo(repo).pages_build_type = build_type

    def deny_token_push_access(self, denied: bool = True) -> None:
        """GITHUB_TOKEN without push access where GitHub asks the caller for it: the collaborator-permission
        API then answers GitHub's 403 "Must have push access to view collaborator permission." (as it does
        to a read-only token, or to a user below write)."""
        with self._state.lock:
            self._state.installation_push = not denied

    def set_author_association(self, repo: str, login: str, association: str) -> None:
        """Pin author_association (e.g. MEMBER for someone without write) to test it is not trusted."""
        if association not in ASSOCIATIONS:
            raise ValueError(f"association must be one of {sorted(ASSOCIATIONS)}")
        with self._state.lock:
            self._repo(repo).associations[self._state.user_or_create(login).id] = association

    def commit(
        self,
        repo: str,
        branch: str,
        files: Mapping[str, bytes | None],
        *,
        modes: Mapping[str, str] | None = None,
        message: str = "Update files",
        author: str | None = None,
    ) -> str:
        """Commit on `branch`; None deletes a path.

        Modes: 100644 (default), 100755, 120000 (symlink; content is the target path), 160000 (submodule;
        content is its git URL).
        """
        with self._state.lock:
            r = self._repo(repo)
            author_id = self._state.user_or_create(author).id if author else r.owner_id
            return self._state.commit(r, branch, files, modes=modes, message=message, author_id=author_id)

    def branch_sha(self, repo: str, branch: str | None = None) -> str:
        with self._state.lock:
            r = self._repo(repo)
            return self._state.head_of(r, branch or r.default_branch)

    def read_file(self, repo: str, path: str, ref: str | None = None) -> bytes | None:
        with self._state.lock:
            commit = self._state.resolve(self._repo(repo), ref)
            if commit is None:
                raise KeyError(f"unknown ref {ref!r}")
            entry = commit.tree.get(path)
            return entry.data if entry else None

    # -- pull requests ------------------------------------------------------------------------------------

    def open_pull(
        self,
        repo: str,
        author: str,
        files: Mapping[str, bytes | None],
        *,
        modes: Mapping[str, str] | None = None,
        title: str = "Update files",
        body: str | None = "",
        created_at: datetime | None = None,
        head_repo: str | None = None,
        head_branch: str | None = None,
        base: str | None = None,
        draft: bool = False,
        labels: Iterable[str] = (),
        head_sha: str | None = None,
    ) -> int:
        """Open a PR whose head is one commit on top of `base` (default: the default branch), or the
        existing commit `head_sha` (then `files` is ignored: two pull requests can share a head commit).

        `head_repo` ("someone/fork") makes it a fork PR; the fork is created if needed.
        """
        with self._state.lock:
            issue = actions.open_pull(
                self._state,
                self._repo(repo),
                self._state.user_or_create(author),
                files,
                modes=modes,
                title=title,
                body=body,
                created_at=created_at,
                head_repo=head_repo,
                head_branch=head_branch,
                base=base,
                draft=draft,
                labels=labels,
                head_sha=head_sha,
            )
            return issue.number

    def push_to_pull(
        self,
        repo: str,
        number: int,
        files: Mapping[str, bytes | None],
        *,
        modes: Mapping[str, str] | None = None,
        message: str = "Update",
    ) -> str:
        """A new head commit (the `synchronize` event); returns the new head sha."""
        with self._state.lock:
            return actions.push_to_pull(
                self._state, self._repo(repo), number, files, modes=modes, message=message
            )

    def merge_pull(self, repo: str, number: int, *, by: str | None = None) -> str:
        """Merge into the base branch (merge commit); returns its sha. `by` defaults to the repo owner."""
        with self._state.lock:
            r = self._repo(repo)
            return actions.merge_pull(self._state, r, number, self._by(r, by))

    def close_pull(self, repo: str, number: int, *, by: str | None = None) -> None:
        self.set_state(repo, number, "closed", by=by)

    def set_state(
        self, repo: str, number: int, state: str, *, by: str | None = None, reason: str | None = None
    ) -> None:
        """Close or reopen an issue or pull request, as `by` (default: the repo owner)."""
        with self._state.lock:
            r = self._repo(repo)
            actions.set_state(self._state, r, actions.get_issue(r, number), state, reason, self._by(r, by))

    def add_review(
        self,
        repo: str,
        number: int,
        author: str,
        state: str,
        *,
        body: str = "",
        commit_id: str | None = None,
        submitted_at: datetime | None = None,
    ) -> int:
        with self._state.lock:
            review = actions.add_review(
                self._state,
                self._repo(repo),
                number,
                self._state.user_or_create(author),
                state,
                body=body,
                commit_id=commit_id,
                submitted_at=submitted_at,
            )
            return review.id

    # -- issues, comments, labels -------------------------------------------------------------------------

    def create_issue(
        self,
        repo: str,
        author: str,
        title: str,
        body: str | None = "",
        *,
        labels: Iterable[str] = (),
        created_at: datetime | None = None,
    ) -> int:
        with self._state.lock:
            issue = actions.create_issue(
                self._state,
                self._repo(repo),
                self._state.user_or_create(author),
                title,
                body,
                labels,
                created_at=created_at,
            )
            return issue.number

    def add_comment(
        self, repo: str, number: int, author: str, body: str, created_at: datetime | None = None
    ) -> int:
        with self._state.lock:
            r = self._repo(repo)
            comment = actions.add_comment(
                self._state,
                r,
                actions.get_issue(r, number),
                self._state.user_or_create(author),
                body,
                created_at=created_at,
            )
            return comment.id

    # -- webhook payloads for this hub's objects ----------------------------------------------------------

    def pull_request_event(
        self, repo: str, number: int, action: str = "opened", *, push: int = -1
    ) -> dict[str, Any]:
        """What a `pull_request(_target)` delivery says about one of this hub's pull requests (the parts
        the bot reads; it fetches the rest through the API), as GitHub stamps it when it happens: `opened`
        with the pull request's `created_at` and its first head; `synchronize` for one push (`push`: its
        index, default the latest) with `before`, `after` and the `updated_at` of that instant; any other
        action with the head and `updated_at` as they are now."""
        with self._state.lock:
            r = self._repo(repo)
            issue, pull = actions.pull_of(r, number)
            author = self._state.users[issue.author_id]
            head, updated = pull.head_sha, issue.updated_at
            extra: dict[str, Any] = {}
            if action == "opened":
                head, updated = pull.commits[0], issue.created_at
            elif action == "synchronize" and pull.pushes:
                done = pull.pushes[push]
                head, updated = done.after, done.at
                extra = {"before": done.before, "after": done.after}
            elif action == "synchronize":  # no push yet: GitHub would not send one; a re-delivery
                extra = {"before": pull.base_sha, "after": head}
            return {
                "action": action,
                "number": number,
                "repository": {"full_name": repo},
                "pull_request": {
                    "number": number,
                    "user": {"login": author.login, "id": author.id, "type": author.type},
                    "created_at": ts(issue.created_at),
                    "updated_at": ts(updated),
                    "head": {"sha": head, "ref": pull.head_ref},
                    "base": {"ref": pull.base_ref, "sha": pull.base_sha},
                },
                **extra,
            }

    def comment_event(self, repo: str, comment_id: int, action: str = "created") -> dict[str, Any]:
        """The `issue_comment` delivery GitHub sends for one of this hub's comments on a pull request."""
        with self._state.lock:
            r = self._repo(repo)
            comment = actions.get_comment(r, comment_id)
            author = self._state.users[comment.author_id]
            web = f"https://github.com/{repo}"
            return {
                "action": action,
                "repository": {"full_name": repo},
                "issue": {
                    "number": comment.issue_number,
                    "pull_request": {"url": f"{self.url}/repos/{repo}/pulls/{comment.issue_number}"},
                },
                "comment": {
                    "id": comment.id,
                    "body": comment.body,
                    "user": {"login": author.login, "id": author.id, "type": author.type},
                    "html_url": f"{web}/pull/{comment.issue_number}#issuecomment-{comment.id}",
                    "created_at": ts(comment.created_at),
                    "author_association": access.author_association(self._state, r, author),
                },
            }

    def edit_comment(self, repo: str, comment_id: int, body: str, *, at: datetime | None = None) -> None:
        with self._state.lock:
            r = self._repo(repo)
            actions.edit_comment(self._state, r, actions.get_comment(r, comment_id), body, at=at)

    def delete_comment(self, repo: str, comment_id: int) -> None:
        with self._state.lock:
            r = self._repo(repo)
            actions.delete_comment(r, actions.get_comment(r, comment_id))

    def add_label(
        self, repo: str, name: str, color: str = "ededed", description: str | None = None
    ) -> FakeLabel:
        with self._state.lock:
            return label_view(actions.create_label(self._state, self._repo(repo), name, color, description))

    def label_issue(self, repo: str, number: int, *names: str, by: str | None = None) -> None:
        with self._state.lock:
            r = self._repo(repo)
            actions.add_labels(self._state, r, actions.get_issue(r, number), names, self._by(r, by))

    def unlabel_issue(self, repo: str, number: int, name: str, *, by: str | None = None) -> None:
        with self._state.lock:
            r = self._repo(repo)
            actions.remove_label(self._state, r, actions.get_issue(r, number), name, self._by(r, by))

    # -- readers (snapshots) ------------------------------------------------------------------------------

    def repositories(self) -> list[str]:
        """The full name of every repository, in the order they were added."""
        with self._state.lock:
            return [self._state.full_name(r) for _, r in sorted(self._state.repos.items())]

    def issues(self, repo: str, *, include_pulls: bool = False) -> list[FakeIssue]:
        """Every issue by number, open and closed; pull requests only with `include_pulls`."""
        with self._state.lock:
            r = self._repo(repo)
            return [
                issue_view(self._state, r, i)
                for _, i in sorted(r.issues.items())
                if include_pulls or i.pull is None
            ]

    def issue(self, repo: str, number: int) -> FakeIssue:
        with self._state.lock:
            r = self._repo(repo)
            return issue_view(self._state, r, actions.get_issue(r, number))

    def pulls(self, repo: str) -> list[FakePull]:
        with self._state.lock:
            r = self._repo(repo)
            return [pull_view(self._state, r, i) for _, i in sorted(r.issues.items()) if i.pull is not None]

    def pull(self, repo: str, number: int) -> FakePull:
        with self._state.lock:
            r = self._repo(repo)
            return pull_view(self._state, r, actions.get_issue(r, number))

    def comments(self, repo: str, number: int) -> list[FakeComment]:
        with self._state.lock:
            return [comment_view(self._state, c) for c in actions.comments_on(self._repo(repo), number)]

    def labels(self, repo: str) -> list[FakeLabel]:
        with self._state.lock:
            return [
                label_view(lab)
                for lab in sorted(self._repo(repo).labels.values(), key=lambda x: x.name.lower())
            ]

    def check_runs(self, repo: str, head_sha: str | None = None) -> list[FakeCheckRun]:
        with self._state.lock:
            runs = sorted(self._repo(repo).check_runs.values(), key=lambda run: run.id)
            return [check_run_view(run) for run in runs if head_sha is None or run.head_sha == head_sha]

    def events(self, repo: str, number: int) -> list[tuple[str, str, datetime]]:
        """(event, actor login, created_at) for an issue or PR: labeled, unlabeled, renamed, closed, …"""
        with self._state.lock:
            issue = actions.get_issue(self._repo(repo), number)
            return [(e.event, self._state.users[e.actor_id].login, e.created_at) for e in issue.events]

    # -- installation tokens and job tokens ---------------------------------------------------------------

    def token_for_installation(
        self, repo: str | None, permissions: Permissions, *, app: App | None = None, run_id: int | None = None
    ) -> str:
        """An installation token with exactly `permissions` (tokens.permissions(...) builds one), limited to
        `repo` (None: every repository, like the legacy token). `app`: another GitHub App than GitHub
        Actions (its check runs carry that app)."""
        with self._state.lock:
            r = self._repo(repo) if repo is not None else None
            return self._state.installation_token(
                r, permissions, run_id=run_id, app=app or GITHUB_ACTIONS_APP
            )

    def job_permissions(
        self,
        repo: str,
        workflow: str,
        job: str,
        *,
        event: str,
        from_fork: bool = False,
        fork_write_tokens: bool = False,
        default: Permissions = RESTRICTED_DEFAULT,
        files: Mapping[str, str] | Path | None = None,
        ref: str | None = None,
    ) -> Permissions:
        """The GITHUB_TOKEN permissions `job` gets when `event` runs `workflow`, read from the workflow files
        (workflowfiles.job_permissions has the rules). `job` may go through reusable workflows: "check/check".

        The files are the stand-in repository's at `ref` (default: its default branch), or `files`: a
        mapping of repository paths to texts, or a checkout's root folder (read-only) such as this
        repository's. Raises workflowfiles.StartupFailureError when GitHub would not start the run."""
        with self._state.lock:
            r = self._repo(repo)
            if isinstance(files, Path):
                source = workflowfiles.source_of(workflowfiles.load_directory(files))
            elif files is not None:
                source = workflowfiles.source_of(files)
            else:
                source = workflowstate.source(self._state, r, ref)
            return workflowfiles.job_permissions(
                source,
                workflow,
                job,
                event=event,
                from_fork=from_fork,
                default=default,
                fork_write_tokens=fork_write_tokens,
                remote=workflowstate.remote(self._state),
            )

    def job_concurrency(
        self, repo: str, workflow: str, job: str, *, ref: str | None = None
    ) -> workflowfiles.Concurrency | None:
        """The `concurrency:` block `job` of `workflow` declares in the repository's files at `ref` (default:
        its default branch), through reusable workflows ("check/check"); feed it to `RunQueue.submit_job`,
        so a scenario queues each run as the committed workflow says (`queue: single` or `max`)."""
        with self._state.lock:
            r = self._repo(repo)
            return workflowfiles.job_concurrency(
                workflowstate.source(self._state, r, ref),
                workflow,
                job,
                remote=workflowstate.remote(self._state),
            )

    def token_for_job(
        self,
        repo: str,
        workflow: str,
        job: str,
        *,
        event: str,
        from_fork: bool = False,
        fork_write_tokens: bool = False,
        default: Permissions = RESTRICTED_DEFAULT,
        files: Mapping[str, str] | Path | None = None,
        ref: str | None = None,
        run_id: int | None = None,
    ) -> JobToken:
        """Mint the GITHUB_TOKEN of one job run: the permissions its workflow files declare (job_permissions),
        limited to `repo`, tagged with a run id (new unless given) that the request log records.

            job = hub.token_for_job(REPO, "nomination-check.yml", "check/check", event="pull_request_target")
            monkeypatch.setenv("GITHUB_TOKEN", job.token)
        """
        granted = self.job_permissions(
            repo,
            workflow,
            job,
            event=event,
            from_fork=from_fork,
            fork_write_tokens=fork_write_tokens,
            default=default,
            files=files,
            ref=ref,
        )
        with self._state.lock:
            r = self._repo(repo)
            run = run_id if run_id is not None else self._state.next_id("run")
            token = self._state.installation_token(r, granted, run_id=run, job=job)
            return JobToken(
                token=token,
                repo=self._state.full_name(r),
                workflow=workflowfiles.workflow_path(workflow),
                job=job,
                event=event,
                run_id=run,
                permissions=granted,
            )

    def set_label_creation_rule(self, *, strict: bool) -> None:
        """strict (the default): creating a label with an installation token needs issues:write (a field
        report's reading); not strict: issues:write or pull_requests:write, as GitHub's table says."""
        with self._state.lock:
            self._state.labels_need_issues_write = strict

    # -- workflows -------------------------------------------------------------------------------------------

    def add_workflows(
        self,
        repo: str,
        files: Mapping[str, str] | Path,
        *,
        message: str = "Add workflows",
        branch: str | None = None,
    ) -> str:
        """Commit workflow files (a mapping of repository paths or bare file names to texts, or a checkout's
        root folder whose .github/workflows is copied) to the default branch; returns the commit sha."""
        texts = workflowfiles.load_directory(files) if isinstance(files, Path) else dict(files)
        with self._state.lock:
            r = self._repo(repo)
            blobs: dict[str, bytes | None] = {
                workflowfiles.workflow_path(path): text.encode("utf-8") for path, text in texts.items()
            }
            return self._state.commit(
                r, branch or r.default_branch, blobs, message=message, author_id=r.owner_id
            )

    def workflows(self, repo: str) -> list[FakeWorkflow]:
        """Every workflow of the repository (the files under .github/workflows on the default branch) with
        its state as of the hub's clock: scheduled workflows of a public repository are disabled after 60
        days without a push (workflowstate.py)."""
        with self._state.lock:
            return [workflow_view(w) for w in workflowstate.sync(self._state, self._repo(repo))]

    def workflow(self, repo: str, name_or_id: str | int) -> FakeWorkflow:
        with self._state.lock:
            return workflow_view(workflowstate.find(self._state, self._repo(repo), str(name_or_id)))

    def disable_workflow(self, repo: str, name_or_id: str | int) -> None:
        """What an admin does with "Disable workflow" (state disabled_manually)."""
        with self._state.lock:
            workflowstate.disable(
                self._state, workflowstate.find(self._state, self._repo(repo), str(name_or_id))
            )

    def enable_workflow(self, repo: str, name_or_id: str | int) -> None:
        """ "Enable workflow": active again, with 60 more days before an inactivity stop."""
        with self._state.lock:
            workflowstate.enable(
                self._state, workflowstate.find(self._state, self._repo(repo), str(name_or_id))
            )

    def trigger(
        self,
        repo: str,
        event: str,
        *,
        action: str | None = None,
        branch: str | None = None,
        changed_paths: Iterable[str] | None = None,
        by_github_token: bool = False,
        source_workflow: str | None = None,
    ) -> list[FakeWorkflowRun]:
        """An event happens: the runs it starts (one per enabled workflow whose `on:` and filters accept it).
        `by_github_token`: the event was caused by a GITHUB_TOKEN write, which starts no run except a
        dispatch. The runs are recorded (workflow_runs), not executed."""
        with self._state.lock:
            runs = workflowstate.trigger(
                self._state,
                self._repo(repo),
                event,
                action=action,
                branch=branch,
                changed_paths=changed_paths,
                by_github_token=by_github_token,
                source_workflow=source_workflow,
            )
            return [workflow_run_view(run) for run in runs]

    def workflow_runs(self, repo: str) -> list[FakeWorkflowRun]:
        with self._state.lock:
            return [workflow_run_view(run) for run in self._repo(repo).workflow_runs]

    # -- check runs seeded as other apps and jobs create them ------------------------------------------------

    def add_check_run(
        self,
        repo: str,
        head_sha: str,
        name: str,
        *,
        app: App | None = None,
        status: str = "completed",
        conclusion: str | None = "success",
        external_id: str | None = None,
        details_url: str | None = None,
        title: str | None = None,
        summary: str | None = None,
    ) -> FakeCheckRun:
        """A check run made by `app` (default GitHub Actions, i.e. any GITHUB_TOKEN of the repository)."""
        with self._state.lock:
            r = self._repo(repo)
            if head_sha not in r.commits:
                raise KeyError(f"no commit {head_sha}")
            suite = r.check_suites.get(head_sha)
            if suite is None:
                suite = r.check_suites[head_sha] = self._state.next_id("check_suite")
            now = self._state.now()
            run = CheckRun(
                id=self._state.next_id("check_run"),
                name=name,
                head_sha=head_sha,
                suite_id=suite,
                status=status,
                conclusion=conclusion if status == "completed" else None,
                started_at=now,
                completed_at=now if status == "completed" else None,
                details_url=details_url,
                external_id=external_id,
                title=title,
                summary=summary,
                app=app or GITHUB_ACTIONS_APP,
            )
            r.check_runs[run.id] = run
            return check_run_view(run)

    def add_job_check_run(
        self,
        repo: str,
        head_sha: str,
        job_name: str,
        *,
        conclusion: str = "success",
        workflow_run_id: int | None = None,
    ) -> FakeCheckRun:
        """The check run GitHub Actions creates for a workflow *job* named `job_name` on `head_sha`: app
        GitHub Actions (15368), its own check suite (one per workflow run), an `external_id` that is a UUID
        and a details_url to the job. This is what a fork's own `pull_request` workflow with a job named
        `nomination` produces on the pull request's head (issue 27, item 6): the same app as GITHUB_TOKEN."""
        with self._state.lock:
            r = self._repo(repo)
            if head_sha not in r.commits:
                raise KeyError(f"no commit {head_sha}")
            run_id = workflow_run_id if workflow_run_id is not None else self._state.next_id("run")
            job_id = self._state.next_id("run")
            now = self._state.now()
            check = CheckRun(
                id=self._state.next_id("check_run"),
                name=job_name,
                head_sha=head_sha,
                suite_id=self._state.next_id("check_suite"),
                status="completed",
                conclusion=conclusion,
                started_at=now,
                completed_at=now,
                details_url=f"https://github.com/{self._state.full_name(r)}/actions/runs/{run_id}/job/{job_id}",
                external_id=str(uuid.UUID(int=run_id)),
                app=GITHUB_ACTIONS_APP,
            )
            r.check_runs[check.id] = check
            return check_run_view(check)

    # -- rate limits -------------------------------------------------------------------------------------------

    def enforce_rate_limits(
        self,
        *,
        primary: bool = True,
        secondary: bool = True,
        installation_per_hour: int = RatePolicy.installation_per_hour,
        user_per_hour: int = RatePolicy.user_per_hour,
        content_per_minute: int = RatePolicy.content_per_minute,
        content_per_hour: int = RatePolicy.content_per_hour,
        exhausted_status: int = 403,
    ) -> None:
        """Refuse requests over GitHub's limits (ratelimit.py): the primary budget per hour (1,000 for a
        repository's installation tokens, 5,000 for a person) and the secondary limit on content creation
        (80 a minute, 500 an hour). Off by default: the limits are counted and shown in headers only."""
        if exhausted_status not in (403, 429):
            raise ValueError("GitHub answers an exhausted rate limit with 403 or 429")
        with self._state.lock:
            self._dispatcher.limiter.policy = RatePolicy(
                enforce_primary=primary,
                enforce_secondary=secondary,
                installation_per_hour=installation_per_hour,
                user_per_hour=user_per_hour,
                exhausted_status=exhausted_status,
                content_per_minute=content_per_minute,
                content_per_hour=content_per_hour,
            )

    def rate_limit_status(self, repo: str) -> RateStatus:
        """The repository's GITHUB_TOKEN budget now (limit, used, remaining, reset_at on the hub's clock)."""
        with self._state.lock:
            r = self._repo(repo)
            limiter = self._dispatcher.limiter
            return limiter.status(
                repo_key(self._state.full_name(r)), limiter.limit_for(True), self._state.now()
            )

    def content_created(self, repo: str, within: timedelta = timedelta(hours=1)) -> int:
        """Content-generating requests (secondary limit) made with the repository's tokens in `within`."""
        with self._state.lock:
            key = repo_key(self._state.full_name(self._repo(repo)))
            return self._dispatcher.limiter.content_created(key, self._state.now(), within)

    def requests_per_hour(self, repo: str | None = None) -> dict[datetime, int]:
        """Requests counted against the primary limit, per hour of the hub's clock (optionally one
        repository's GITHUB_TOKEN budget)."""
        with self._state.lock:
            return self._log.per_hour(repo)

    def requests_per_run(self, repo: str | None = None) -> dict[int, int]:
        """Requests counted against the primary limit, per workflow run (tokens from token_for_job)."""
        with self._state.lock:
            return self._log.per_run(repo)

    # -- request log --------------------------------------------------------------------------------------

    @property
    def requests(self) -> list[RequestRecord]:
        with self._state.lock:
            return self._log.snapshot()

    def count(self, method: str | None = None, path_prefix: str | None = None) -> int:
        """Requests so far, optionally only one method and/or paths starting with `path_prefix`."""
        with self._state.lock:
            return self._log.count(method, path_prefix)

    def writes(self) -> list[RequestRecord]:
        """Every non-GET request so far, in order."""
        with self._state.lock:
            return self._log.writes()

    def reset_log(self) -> None:
        with self._state.lock:
            self._log.clear()

    # -- faults -------------------------------------------------------------------------------------------

    def inject(
        self,
        method: str | None,
        path_regex: str,
        *,
        nth: int = 1,
        fault: Fault,
        after_apply: bool = False,
        retry_after: int = 60,
        reset_in: int = 60,
    ) -> Injection:
        """Fail the `nth` request matching `method` (None: any) and `path_regex` (re.search on the path
        without query or /api/v3 prefix), once. With `after_apply` the request takes effect first.

        `retry_after` is the Retry-After of SECONDARY_RATE_LIMIT and `reset_in` the seconds until
        X-RateLimit-Reset of PRIMARY_RATE_LIMIT; PyGithub's default retry sleeps that long, so tests
        keep them small.
        """
        with self._state.lock:
            return self._faults.add(
                Injection(
                    method=method.upper() if method else None,
                    pattern=re.compile(path_regex),
                    nth=nth,
                    fault=fault,
                    after_apply=after_apply,
                    retry_after=retry_after,
                    reset_in=reset_in,
                )
            )

    def pending_faults(self) -> list[Injection]:
        with self._state.lock:
            return self._faults.pending()

    def clear_faults(self) -> None:
        with self._state.lock:
            self._faults.clear()

    # -- helpers ------------------------------------------------------------------------------------------

    def _repo(self, full_name: str) -> Repo:
        return self._state.repo_named(full_name)

    def _by(self, repo: Repo, login: str | None) -> User:
        return self._state.user_or_create(login) if login else self._state.users[repo.owner_id]
