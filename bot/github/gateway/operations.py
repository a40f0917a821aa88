"""The operations the commands use, one REST call (or one list of pages) each, as our own values."""

from __future__ import annotations

import logging
import re
import time
import urllib.parse
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final, cast

from github import GithubException

from bot.errors import ConfigurationError
from bot.github.gateway import convert
from bot.github.gateway.transport import (
    LOCAL_RETRY,
    LOOPBACK_HOSTS,
    TOO_LARGE,
    RetryPolicy,
    Transport,
    error_codes,
)
from bot.github.port import (
    MAX_ANNOTATIONS_PER_REQUEST,
    PERMISSIONS,
    Annotation,
    ChangedFile,
    CheckConclusion,
    CheckRun,
    CheckStatus,
    Comment,
    DirEntry,
    FileKind,
    GitHubError,
    GitHubUnavailable,
    Issue,
    IssueState,
    Label,
    Permission,
    PullRequest,
    RateLimit,
    RepoFile,
    Repository,
    RequestStats,
    Review,
    StateReason,
    User,
    Workflow,
)
from bot.github.values import ActionsPolicy, Environment, RequiredCheck

__all__ = ["DEFAULT_API_URL", "DEFAULT_BOT_LOGIN", "Gateway"]


log = logging.getLogger(__name__)


DEFAULT_API_URL: Final = "https://api.github.com"


DEFAULT_BOT_LOGIN: Final = "github-actions[bot]"  # GITHUB_TOKEN writes as this account


_REPO_RE: Final = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")


class Gateway:
    """GitHub's REST API for one repository, through PyGithub, as our own types.

    Any server that speaks GitHub's REST API can stand behind `api_url` (the local stand-in does).
    Keep the default request spacing on real GitHub (GitHub asks for at least a second between writes);
    pass 0 for both against the stand-in. `sleep` and `clock` are injectable so tests run instantly.
    Not thread-safe: one gateway per command run.
    """

    def __init__(
        self,
        repo: str,
        token: str,
        api_url: str = DEFAULT_API_URL,
        *,
        bot_login: str = DEFAULT_BOT_LOGIN,
        seconds_between_requests: float = 0.25,
        seconds_between_writes: float = 1.0,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        timeout: int = 15,
    ) -> None:
        if not _REPO_RE.match(repo):
            raise ConfigurationError(f"not a repository name (owner/name): {repo!r}")
        if not token:
            raise ConfigurationError("no GitHub token given (GITHUB_TOKEN)")
        parsed = urllib.parse.urlsplit(api_url)
        if parsed.scheme not in ("https", "http") or not parsed.hostname:
            raise ConfigurationError(f"not an API base URL: {api_url!r}")
        self._repo = repo
        self._api_url = api_url.rstrip("/")
        self._bot_login = bot_login
        self._acting: str | None = None
        self._http = Transport(
            token,
            self._api_url,
            seconds_between_requests=seconds_between_requests,
            seconds_between_writes=seconds_between_writes,
            retry=retry,
            sleep=sleep,
            clock=clock,
            timeout=timeout,
        )
        self._base = f"/repos/{repo}"

    @classmethod
    def from_env(cls, environ: Mapping[str, str], **options: Any) -> Gateway:
        """The workflow's environment: GITHUB_REPOSITORY, GITHUB_TOKEN, GITHUB_API_URL (optional), and
        ELECTION_BOT_LOGIN (optional: the account the token writes as, when it is not GITHUB_TOKEN's).

        GitHub's pacing (one write at a time, a second apart, as GitHub asks of integrations) is for
        GitHub: against a server on a loopback address (the local stand-in) there is no request spacing and retries wait only briefly. `options` override both.
        """
        repo = environ.get("GITHUB_REPOSITORY", "")
        token = environ.get("GITHUB_TOKEN", "")
        if not repo:
            raise ConfigurationError("GITHUB_REPOSITORY is not set (owner/name of the repository)")
        if not token:
            raise ConfigurationError("GITHUB_TOKEN is not set")
        api_url = environ.get("GITHUB_API_URL") or DEFAULT_API_URL
        defaults: dict[str, Any] = {}
        if environ.get("ELECTION_BOT_LOGIN"):
            defaults["bot_login"] = environ["ELECTION_BOT_LOGIN"]
        if urllib.parse.urlsplit(api_url).hostname in LOOPBACK_HOSTS:
            defaults.update(seconds_between_requests=0, seconds_between_writes=0, retry=LOCAL_RETRY)
        return cls(repo, token, api_url, **(defaults | options))

    def __repr__(self) -> str:
        return f"Gateway(repo={self._repo!r}, api_url={self._api_url!r}, bot_login={self._bot_login!r})"

    @property
    def repo(self) -> str:
        return self._repo

    @property
    def bot_login(self) -> str:
        return self._bot_login

    @property
    def stats(self) -> RequestStats:
        return self._http.stats

    def acting_login(self) -> str:
        """The account this token writes as, so that only comments it wrote are edited.

        A person's token names its user (GET /user). An installation token (GITHUB_TOKEN, a GitHub App's)
        may not ask: GitHub answers 403 "Resource not accessible by integration", and its writes are
        authored by the bot account (`bot_login`). Any other failure is raised: never guess who we are.
        """
        if self._acting is None:
            with self._http.operation("acting_login"):
                try:
                    self._acting = convert.user(self._http.get("/user")).login
                except GitHubUnavailable:
                    raise
                except GitHubError as error:
                    if error.status != 403 or "by integration" not in str(error):
                        raise
                    self._acting = self._bot_login
        return self._acting

    # -- pull requests ----------------------------------------------------------------------------------

    def get_pull(self, number: int) -> PullRequest:
        with self._http.operation("get_pull"):
            return convert.pull(self._http.get(f"{self._base}/pulls/{int(number)}"))

    def list_pull_files(self, number: int) -> list[ChangedFile]:
        """All changed files, every page (GitHub stops at 3,000 files per pull request)."""
        with self._http.operation("list_pull_files"):
            return [
                convert.changed_file(f)
                for f in self._http.get_pages(f"{self._base}/pulls/{int(number)}/files")
            ]

    def list_open_pulls(self) -> list[PullRequest]:
        with self._http.operation("list_open_pulls"):
            return [convert.pull(p) for p in self._http.get_pages(f"{self._base}/pulls", {"state": "open"})]

    def list_reviews(self, number: int) -> list[Review]:
        with self._http.operation("list_reviews"):
            return [
                convert.review(r) for r in self._http.get_pages(f"{self._base}/pulls/{int(number)}/reviews")
            ]

    # -- contents (data only, never executed) -----------------------------------------------------------

    def get_file(self, path: str, ref: str, max_bytes: int) -> RepoFile | None:
        """What lies at `path` in `ref`, or None when nothing does.

        Symlinks are refused, never followed: GitHub answers a symlink to a regular file with the
        *target's* content object, whose `path` differs from the one asked for; that is reported as
        kind "symlink" with no content. A file larger than `max_bytes` is flagged `too_large` and its
        content is neither decoded nor kept.
        """
        if max_bytes < 0:
            raise ValueError("max_bytes must not be negative")
        clean = convert.repo_path(path)
        with self._http.operation("get_file"):
            data = self._http.send(
                "GET", self._contents_url(clean), params={"ref": ref}, missing_ok=True, too_large_ok=True
            )
        if data is None:
            return None
        if data is TOO_LARGE:
            # GitHub's 403 `too_large` (a file over 1 MB asked for in the default media type): the file
            # is over any nomination's limit; its exact size is not in the answer.
            return RepoFile(path=clean, kind="file", size=0, content=None, too_large=True)
        if isinstance(data, list):
            return RepoFile(path=clean, kind="dir", size=0, content=None)
        obj = convert.obj(data, "content")
        kind = convert.text(obj, "type")
        if convert.text(obj, "path") != clean:
            log.info("%s is a symlink (GitHub answered with its target's content); refused", clean)
            return RepoFile(path=clean, kind="symlink", size=0, content=None)
        size = convert.integer(obj, "size")
        if kind in ("symlink", "submodule", "dir"):
            return RepoFile(path=clean, kind=cast(FileKind, kind), size=size, content=None)
        if kind != "file":
            raise convert.malformed(f"unknown content type {kind!r}")
        if size > max_bytes:
            return RepoFile(path=clean, kind="file", size=size, content=None, too_large=True)
        content = obj.get("content")
        if obj.get("encoding") != "base64" or not isinstance(content, str):
            # Over 1 MB GitHub sends no content (encoding "none"): too large for us in any case.
            return RepoFile(path=clean, kind="file", size=size, content=None, too_large=True)
        raw = convert.decode_base64(content)
        if len(raw) != size:
            raise convert.malformed(f"content of {clean} is {len(raw)} bytes but its size says {size}")
        return RepoFile(path=clean, kind="file", size=size, content=raw)

    def list_directory(self, path: str, ref: str) -> list[DirEntry]:
        """The entries of the directory at `path` in `ref`; [] when there is no directory there.

        GitHub lists at most 1,000 entries of a directory.
        """
        clean = convert.repo_path(path)
        with self._http.operation("list_directory"):
            data = self._http.get(self._contents_url(clean), {"ref": ref}, missing_ok=True)
        if not isinstance(data, list):
            return []
        entries = []
        for item in data:
            entry = convert.obj(item, "directory entry")
            entries.append(
                DirEntry(
                    name=convert.text(entry, "name"),
                    path=convert.text(entry, "path"),
                    kind=convert.entry_kind(entry),
                    size=convert.integer(entry, "size"),
                )
            )
        return entries

    # -- comments ---------------------------------------------------------------------------------------

    def list_issue_comments(self, number: int, *, pages: int | None = None) -> list[Comment]:
        """The comments, oldest first. With `pages`, at most that many requests: the first page and the
        last `pages - 1` (GitHub's `Link: rel="last"` says where the end is), so that a flood of
        comments costs a bounded number of requests; the comments between are not read."""
        with self._http.operation("list_issue_comments"):
            return self._list_comments(number, pages)

    def create_issue_comment(self, number: int, body: str, *, marker: str) -> Comment:
        """Post a bot comment carrying `marker` (which must be inside `body`).

        Safe against a POST that GitHub applied but whose answer was lost: after any failed attempt the
        comments are listed and the bot's own comment with the marker is returned instead of posting again.
        """
        _require_marker(body, marker)
        url = f"{self._base}/issues/{int(number)}/comments"

        def find() -> Comment | None:
            own = [c for c in self._list_comments(number) if self._is_own(c.author) and marker in c.body]
            return max(own, key=lambda c: c.id) if own else None

        with self._http.operation("create_issue_comment"):
            return self._http.create(
                lambda: convert.comment(self._http.send_once("POST", url, body={"body": body})[1]), find
            )

    def edit_issue_comment(self, comment_id: int, body: str) -> Comment:
        with self._http.operation("edit_issue_comment"):
            url = f"{self._base}/issues/comments/{int(comment_id)}"
            return convert.comment(self._http.send("PATCH", url, body={"body": body}))

    # -- labels -----------------------------------------------------------------------------------------

    def list_labels(self) -> list[Label]:
        with self._http.operation("list_labels"):
            return [convert.label(lb) for lb in self._http.get_pages(f"{self._base}/labels")]

    def create_label(self, name: str, color: str, description: str = "") -> bool:
        """Create a repository label; False when it already existed (422 already_exists is success)."""
        with self._http.operation("create_label"):
            return self._create_label(Label(name=name, color=color, description=description))

    def ensure_labels(self, specs: Iterable[Label]) -> int:
        """Create the labels that are missing (names compare case-insensitively, as GitHub's do), with
        their colour and description; existing labels are left alone. Returns how many were created."""
        wanted = list(specs)
        with self._http.operation("ensure_labels"):
            have = {convert.label(lb).name.casefold() for lb in self._http.get_pages(f"{self._base}/labels")}
            created = 0
            for spec in wanted:
                if spec.name.casefold() in have:
                    continue
                created += self._create_label(spec)
                have.add(spec.name.casefold())
            return created

    def add_labels(self, number: int, names: Sequence[str]) -> None:
        """Add labels to an issue or pull request (adding one it has is a no-op, so retrying is safe)."""
        if isinstance(names, str):
            raise TypeError("names must be a sequence of label names, not a string")
        if not names:
            return
        with self._http.operation("add_labels"):
            self._http.send("POST", f"{self._base}/issues/{int(number)}/labels", body={"labels": list(names)})

    def remove_label(self, number: int, name: str) -> None:
        """Remove a label; a 404 means it is already gone, which is what was asked."""
        with self._http.operation("remove_label"):
            url = f"{self._base}/issues/{int(number)}/labels/{convert.quote_segment(name)}"
            self._http.send("DELETE", url, missing_ok=True)

    # -- check runs -------------------------------------------------------------------------------------

    def create_check_run(
        self,
        name: str,
        head_sha: str,
        *,
        status: CheckStatus = "completed",
        conclusion: CheckConclusion | None = None,
        title: str,
        summary: str,
        text: str | None = None,
        annotations: Sequence[Annotation] = (),
        external_id: str | None = None,
    ) -> int:
        """Create a check run and return its id; annotations go 50 per request (GitHub takes no more).

        With an `external_id`, a create that failed in a way GitHub may have applied (5xx, a dropped
        connection) is looked up by it among the commit's check runs of that name before it is posted
        again: no duplicate, no lost run. Without one, a create is repeated only after failures where GitHub
        certainly did nothing (rate limits, a refused connection); after an ambiguous one it raises
        `GitHubAmbiguousWrite`, to be reported, rather than risk a duplicate run. Further annotation
        batches are PATCHes, retried as usual.
        """
        if status == "completed" and conclusion is None:
            raise ValueError("a completed check run needs a conclusion")
        first, rest = annotations[:MAX_ANNOTATIONS_PER_REQUEST], annotations[MAX_ANNOTATIONS_PER_REQUEST:]
        payload: dict[str, Any] = {
            "name": name,
            "head_sha": head_sha,
            "status": status,
            "output": convert.output(title, summary, text, first),
        }
        if conclusion is not None:
            payload["conclusion"] = conclusion
        if external_id is not None:
            payload["external_id"] = external_id

        def post() -> int:
            data = self._http.send_once("POST", f"{self._base}/check-runs", body=payload)[1]
            return convert.integer(convert.obj(data, "check run"), "id")

        def find() -> int | None:
            found = [r for r in self._check_runs(head_sha, name) if r.external_id == external_id]
            if found:
                log.info("found the check run of an earlier attempt by its external_id; not posting again")
            return max(r.id for r in found) if found else None

        with self._http.operation("create_check_run"):
            if external_id is not None:
                check_run_id = self._http.create(post, find)
            else:
                check_run_id = self._http.call(post, retry_ambiguous=False)
            for batch in convert.batches(rest):
                self._http.send(
                    "PATCH",
                    f"{self._base}/check-runs/{check_run_id}",
                    body={
                        "output": convert.output(title, summary, text, batch)
                    },  # the same output, more annotations
                )
            return check_run_id

    def list_check_runs(self, head_sha: str, name: str) -> list[CheckRun]:
        """The check runs named `name` on commit `head_sha` (GitHub's `filter=all`: every one, so a run
        someone else made stays on record after a newer one), with the app that made each and its
        `external_id`: one request, the newest 100."""
        with self._http.operation("list_check_runs"):
            return self._check_runs(head_sha, name)

    def _check_runs(self, head_sha: str, name: str) -> list[CheckRun]:
        if not re.fullmatch(r"[0-9a-f]{40}", head_sha):
            raise ValueError("head_sha must be a full commit SHA")
        data = convert.obj(
            self._http.get(
                f"{self._base}/commits/{head_sha}/check-runs",
                {"check_name": name, "filter": "all", "per_page": 100},
            ),
            "check runs",
        )
        runs = [convert.obj(r, "check run") for r in convert.list_of(data.get("check_runs"), "check runs")]
        return [convert.check_run(r) for r in runs if r.get("name") == name]

    def update_check_run(
        self,
        check_run_id: int,
        *,
        status: CheckStatus | None = None,
        conclusion: CheckConclusion | None = None,
        title: str | None = None,
        summary: str | None = None,
        text: str | None = None,
        annotations: Sequence[Annotation] = (),
    ) -> None:
        """Update a check run (PATCH, so retried); annotations are added 50 per request.

        GitHub appends annotations, so a PATCH retried after an ambiguous failure may show a batch twice:
        cosmetic, and far rarer than the failure it survives.
        """
        if (title is None) != (summary is None):
            raise ValueError("title and summary go together (GitHub requires both in an output)")
        if annotations and title is None:
            raise ValueError("annotations need an output title and summary")
        url = f"{self._base}/check-runs/{int(check_run_id)}"
        batches = convert.batches(annotations) or [()]
        with self._http.operation("update_check_run"):
            for index, batch in enumerate(batches):
                payload: dict[str, Any] = {}
                if index == 0:
                    if status is not None:
                        payload["status"] = status
                    if conclusion is not None:
                        payload["conclusion"] = conclusion
                if title is not None and summary is not None:
                    payload["output"] = convert.output(title, summary, text, batch)
                if payload:
                    self._http.send("PATCH", url, body=payload)

    # -- issues -----------------------------------------------------------------------------------------

    def list_issues(
        self, *, labels: Sequence[str] = (), state: str = "all", creator: str | None = None
    ) -> list[Issue]:
        """Issues (and pull requests: see `is_pull_request`) filtered by GitHub, never via search
        (the search index lags behind, so a just-created issue is not found). Every label in `labels` must be present."""
        with self._http.operation("list_issues"):
            return self._list_issues(labels=labels, state=state, creator=creator)

    def find_bot_issue(self, marker: str, label: str) -> Issue | None:
        """The bot's issue carrying `marker`, found by label, author (the bot) and marker; never by title.

        A marker on an issue someone else opened is not trusted. If there are several, the oldest wins.
        """
        with self._http.operation("find_bot_issue"):
            found = self._own_issues(marker, self._list_issues(labels=[label], state="all", creator=None))
            return min(found, key=lambda i: i.number) if found else None

    def create_issue(self, title: str, body: str, labels: Sequence[str], *, marker: str) -> Issue:
        """Open a bot issue carrying `marker` (inside `body`); safe against a lost answer to the POST,
        like `create_issue_comment`."""
        _require_marker(body, marker)
        label_list = list(labels)
        payload: dict[str, Any] = {"title": title, "body": body, "labels": label_list}

        def find() -> Issue | None:
            # Newest first: an issue our lost POST created is on the first page.
            data = self._http.get(
                f"{self._base}/issues",
                {
                    "state": "all",
                    "sort": "created",
                    "direction": "desc",
                    "per_page": self._http.per_page,
                    **({"labels": ",".join(label_list)} if label_list else {}),
                },
            )
            found = self._own_issues(marker, [convert.issue(i) for i in convert.list_of(data, "issues")])
            return max(found, key=lambda i: i.number) if found else None

        with self._http.operation("create_issue"):
            return self._http.create(
                lambda: convert.issue(self._http.send_once("POST", f"{self._base}/issues", body=payload)[1]),
                find,
            )

    def edit_issue(
        self,
        number: int,
        *,
        title: str | None = None,
        body: str | None = None,
        state: IssueState | None = None,
        state_reason: StateReason | None = None,
    ) -> Issue:
        payload = {
            key: value
            for key, value in (
                ("title", title),
                ("body", body),
                ("state", state),
                ("state_reason", state_reason),
            )
            if value is not None
        }
        with self._http.operation("edit_issue"):
            url = f"{self._base}/issues/{int(number)}"
            return convert.issue(
                self._http.send("PATCH", url, body=payload) if payload else self._http.get(url)
            )

    def get_issue(self, number: int) -> Issue:
        with self._http.operation("get_issue"):
            return convert.issue(self._http.get(f"{self._base}/issues/{int(number)}"))

    # -- people -----------------------------------------------------------------------------------------

    def rate_limit(self) -> RateLimit | None:
        """The token's core rate limit (`GET /rate_limit`, which costs nothing); None when GitHub does not
        say (the caller then works as usual: the reserve is a saving, not a guarantee)."""
        with self._http.operation("rate_limit"):
            try:
                data = self._http.get("/rate_limit")
            except GitHubError as error:
                log.warning("GitHub did not show the rate limit (%s); working as usual", error)
                return None
        core = data.get("resources", {}).get("core") if isinstance(data, dict) else None
        if not isinstance(core, dict):
            return None
        limit, remaining = core.get("limit"), core.get("remaining")
        if not isinstance(limit, int) or not isinstance(remaining, int):
            return None
        return RateLimit(limit, remaining)

    def collaborator_permission(self, login: str) -> Permission:
        """The collaborator's role: admin, maintain, write, triage, read or none (404 → none).

        Uses `role_name` (which tells maintain and triage apart); a custom role falls back to its base
        `permission`. Anything unrecognised is "none": fail closed.

        GitHub answers 403 "Must have push access to view collaborator permission." to a token without
        push access: then nobody is an admin by repository role (only the admins named in election.yaml
        are), which is "none" here, never an aborted run. Rate limits (also 403) are still retried.
        """
        with self._http.operation("collaborator_permission"):
            try:
                data = self._http.get(
                    f"{self._base}/collaborators/{convert.quote_segment(login)}/permission", missing_ok=True
                )
            except GitHubUnavailable:
                raise
            except GitHubError as error:
                if error.status != 403:
                    raise
                log.warning(
                    "GitHub refused to show %s's repository permission (403: %s); treated as no "
                    "permission. Name the election's admins in election.yaml if this token cannot read "
                    "collaborator permissions.",
                    login,
                    error,
                )
                return "none"
        if data is None:
            return "none"
        obj = convert.obj(data, "permission")
        for key in ("role_name", "permission"):
            value = obj.get(key)
            if isinstance(value, str) and value in PERMISSIONS:
                return value
        return "none"

    def get_user(self, login: str) -> User | None:
        with self._http.operation("get_user"):
            data = self._http.get(f"/users/{convert.quote_segment(login)}", missing_ok=True)
        return None if data is None else convert.user(data)

    def get_user_by_id(self, user_id: int) -> User | None:
        """The account with this numeric id, whatever its login is now (logins can be renamed)."""
        with self._http.operation("get_user_by_id"):
            data = self._http.get(f"/user/{int(user_id)}", missing_ok=True)
        return None if data is None else convert.user(data)

    # -- internals: helpers used by several operations --------------------------------------------------

    # -- actions --------------------------------------------------------------------------------------

    def get_repository(self) -> Repository:
        with self._http.operation("get_repository"):
            data = convert.obj(self._http.get(self._base), "repository")
        return Repository(
            full_name=convert.text(data, "full_name"),
            private=convert.flag(data, "private"),
            default_branch=convert.text(data, "default_branch"),
        )

    def list_workflows(self) -> list[Workflow]:
        """The repository's workflows with their states (actions: read; a public repository's are public).
        One page of 100: the bot's files are seven, and a repository with more lists ours among them."""
        with self._http.operation("list_workflows"):
            data = convert.obj(
                self._http.get(f"{self._base}/actions/workflows", {"per_page": 100}), "workflows"
            )
        return [convert.workflow(w) for w in convert.list_of(data.get("workflows"), "workflows")]

    # -- settings `election-bot doctor` reads (read-only; an admin's token sees them all) ----------------------

    def get_environment(self, name: str) -> Environment | None:
        """The environment and its deployment branch policy (read access; one more request for the custom
        policy's branch patterns); None when there is no such environment.
        https://docs.github.com/en/rest/deployments/environments#get-an-environment,
        https://docs.github.com/en/rest/deployments/branch-policies#list-deployment-branch-policies"""
        url = f"{self._base}/environments/{convert.quote_segment(name)}"
        with self._http.operation("get_environment"):
            data = self._http.get(url, missing_ok=True)
        if data is None:
            return None
        policy = convert.obj(data, "environment").get("deployment_branch_policy")
        if policy is None:
            return Environment(name, "all")
        policy = convert.obj(policy, "deployment_branch_policy")
        if not convert.flag(policy, "custom_branch_policies"):
            return Environment(name, "protected")
        with self._http.operation("list_branch_policies"):
            found = convert.obj(
                self._http.get(f"{url}/deployment-branch-policies", {"per_page": 100}), "branch policies"
            )
        names = tuple(
            convert.text(convert.obj(p, "branch policy"), "name")
            for p in convert.list_of(found.get("branch_policies"), "branch_policies")
            if convert.obj(p, "branch policy").get("type", "branch") == "branch"
        )
        return Environment(name, "custom", names)

    def list_environment_secret_names(self, name: str) -> list[str]:
        """The names of an environment's secrets (an admin's token; GITHUB_TOKEN cannot).
        https://docs.github.com/en/rest/actions/secrets#list-environment-secrets"""
        url = f"{self._base}/environments/{convert.quote_segment(name)}/secrets"
        with self._http.operation("list_environment_secrets"):
            data = convert.obj(self._http.get(url, {"per_page": 100}), "secrets")
        return [
            convert.text(convert.obj(s, "secret"), "name")
            for s in convert.list_of(data.get("secrets"), "secrets")
        ]

    def branch_rule_checks(self, branch: str) -> list[RequiredCheck]:
        """Status checks the active rulesets require on `branch` (metadata: anyone who can read).
        https://docs.github.com/en/rest/repos/rules#get-rules-for-a-branch"""
        url = f"{self._base}/rules/branches/{convert.quote_segment(branch)}"
        with self._http.operation("get_branch_rules"):
            rules = convert.list_of(self._http.get(url, {"per_page": 100}), "rules")
        out: list[RequiredCheck] = []
        for raw in rules:
            rule = convert.obj(raw, "rule")
            if rule.get("type") != "required_status_checks":
                continue
            params = convert.obj(rule.get("parameters"), "parameters")
            for c in convert.list_of(params.get("required_status_checks"), "required_status_checks"):
                check = convert.obj(c, "required status check")
                app = check.get("integration_id")
                out.append(
                    RequiredCheck(convert.text(check, "context"), app if isinstance(app, int) else None)
                )
        return out

    def protection_checks(self, branch: str) -> list[RequiredCheck] | None:
        """Status checks `branch`'s classic protection requires (an admin's token); None when the branch is
        not protected. https://docs.github.com/en/rest/branches/branch-protection#get-status-checks-protection"""
        url = f"{self._base}/branches/{convert.quote_segment(branch)}/protection/required_status_checks"
        try:
            with self._http.operation("get_protection_checks"):
                data = convert.obj(self._http.get(url), "required status checks")
        except GitHubError as error:
            if error.status == 404 and "not protected" in error.message.lower():
                return None
            raise
        out = []
        for c in convert.list_of(data.get("checks", []), "checks"):
            check = convert.obj(c, "check")
            app = check.get("app_id")
            out.append(RequiredCheck(convert.text(check, "context"), app if isinstance(app, int) else None))
        return out

    def get_actions_policy(self) -> ActionsPolicy:
        """Which actions and reusable workflows may run (an admin's token; one more request when only
        selected ones may). https://docs.github.com/en/rest/actions/permissions"""
        with self._http.operation("get_actions_permissions"):
            data = convert.obj(self._http.get(f"{self._base}/actions/permissions"), "actions permissions")
        enabled = convert.flag(data, "enabled")
        allowed = convert.opt_str(data, "allowed_actions") or "all"
        if not enabled or allowed != "selected":
            return ActionsPolicy(enabled, allowed)
        with self._http.operation("get_selected_actions"):
            selected = convert.obj(
                self._http.get(f"{self._base}/actions/permissions/selected-actions"), "selected actions"
            )
        patterns = tuple(str(p) for p in convert.list_of(selected.get("patterns_allowed", []), "patterns"))
        return ActionsPolicy(enabled, allowed, convert.flag(selected, "github_owned_allowed"), patterns)

    def pages_build_type(self) -> str | None:
        """How the Pages site is built ("workflow" or "legacy"); None when there is no site.
        https://docs.github.com/en/rest/pages/pages#get-a-apiname-pages-site"""
        with self._http.operation("get_pages"):
            data = self._http.get(f"{self._base}/pages", missing_ok=True)
        if data is None:
            return None
        return convert.opt_str(convert.obj(data, "pages"), "build_type") or "legacy"

    def _is_own(self, author: User) -> bool:
        return author.is_bot_author(self._bot_login)

    def _own_issues(self, marker: str, issues: Iterable[Issue]) -> list[Issue]:
        return [i for i in issues if not i.is_pull_request and self._is_own(i.author) and marker in i.body]

    def _list_comments(self, number: int, pages: int | None = None) -> list[Comment]:
        url = f"{self._base}/issues/{int(number)}/comments"
        found = self._http.get_pages(url) if pages is None else self._http.get_ends(url, pages)
        return [convert.comment(c) for c in found]

    def _list_issues(self, *, labels: Sequence[str], state: str, creator: str | None) -> list[Issue]:
        if isinstance(labels, str):
            raise TypeError("labels must be a sequence of label names, not a string")
        if state not in ("open", "closed", "all"):
            raise ValueError(f"state must be open, closed or all, not {state!r}")
        params: dict[str, Any] = {"state": state}
        if labels:
            params["labels"] = ",".join(labels)
        if creator is not None:
            params["creator"] = creator
        return [convert.issue(i) for i in self._http.get_pages(f"{self._base}/issues", params)]

    def _create_label(self, spec: Label) -> bool:
        payload = {"name": spec.name, "color": spec.color.lstrip("#"), "description": spec.description}
        attempts: list[int] = []

        def post() -> bool:
            attempts.append(1)
            try:
                self._http.send_once("POST", f"{self._base}/labels", body=payload)
            except GithubException as exc:
                if exc.status == 422 and "already_exists" in error_codes(exc.data):
                    # Already there: ours if an earlier attempt of this very call may have made it.
                    return len(attempts) > 1
                raise
            return True

        return self._http.call(post)

    def _contents_url(self, path: str) -> str:
        return f"{self._base}/contents/{urllib.parse.quote(path, safe='/')}"


def _require_marker(body: str, marker: str) -> None:
    if not marker or marker not in body:
        raise ValueError("the body must contain its hidden marker")
