"""The GitHub gateway: the only package that imports PyGithub.

Three modules: `transport` (PyGithub's requester, request counting, bounded retry), `convert` (GitHub's
JSON → our values, checked field by field) and `gateway` (the operations the commands use).
Everything past this package sees our own frozen dataclasses (`bot.github.port`), never a PyGithub
object. Retries, backoff and request counting live in `transport` and nowhere else.

How PyGithub is used, and why (checked against PyGithub 2.10's source):

* PyGithub is the transport: authentication, base URL, user agent, API version header, request spacing
  (`seconds_between_requests` / `seconds_between_writes`), JSON encoding, redirects and the mapping of
  error statuses to `GithubException`. Each operation is one explicit REST call through
  `Github.requester.requestJsonAndCheck` (PyGithub's documented way to reach any endpoint), and the JSON
  it returns is converted here.
* PyGithub's object layer is avoided because its lazy completion turns attribute reads into requests:
  `PaginatedList` items are not "completed", so `.raw_data` on each one issues a GET per item; an absent
  attribute does the same (`issue.pull_request` on a plain issue, `pull.merged` on a listed pull request,
  whose payload has no `merged` field). `Issue.remove_from_labels` also leaves a "/" in a label name
  unquoted, and `get_collaborator_permission` returns only `permission`, which maps maintain→write and
  triage→read. Converting plain JSON makes the number of requests per operation exact by construction;
  the tests prove it against the stand-in's request log.
* PyGithub's own retry is switched off (`retry=0`): its default `GithubRetry` also retries POST on every
  5xx and on 403, which duplicates issues and comments. Our bounded retry below knows which
  writes may be repeated and looks for a create's hidden marker before posting again.
* Request counting hooks PyGithub's connection classes (`Requester.injectConnectionClasses`, its public
  hook): every HTTP request, including pages, retries and redirects, is counted against the public
  operation that caused it, and logged at DEBUG without headers (tokens travel only in the
  Authorization header, which is never logged).
"""

from bot.github.gateway.operations import DEFAULT_API_URL, DEFAULT_BOT_LOGIN, Gateway
from bot.github.gateway.transport import LOCAL_RETRY, RetryPolicy
from bot.github.port import (
    Annotation,
    ChangedFile,
    Comment,
    DirEntry,
    GitHubAmbiguousWrite,
    GitHubError,
    GitHubUnavailable,
    Issue,
    Label,
    PullRequest,
    RepoFile,
    RequestStats,
    Review,
    User,
)

__all__ = [
    "DEFAULT_API_URL",
    "DEFAULT_BOT_LOGIN",
    "LOCAL_RETRY",
    "Annotation",
    "ChangedFile",
    "Comment",
    "DirEntry",
    "Gateway",
    "GitHubAmbiguousWrite",
    "GitHubError",
    "GitHubUnavailable",
    "Issue",
    "Label",
    "PullRequest",
    "RepoFile",
    "RequestStats",
    "RetryPolicy",
    "Review",
    "User",
]
