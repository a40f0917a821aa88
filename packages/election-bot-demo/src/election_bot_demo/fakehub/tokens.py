"""What an installation token (GITHUB_TOKEN) may do: a fine-grained permission set, as GitHub grants it.

GitHub Actions' GITHUB_TOKEN is an installation token of the GitHub Actions app, limited to one repository,
carrying a permission per scope with the level none, read or write (write includes read); `metadata: read`
is always granted. Sources:

- the scopes and the three standard sets: https://docs.github.com/en/actions/reference/github_token-reference,
  "Permissions for the GITHUB_TOKEN" (the table with "Default access (permissive)", "Default access
  (restricted)" and "Maximum access for pull requests from public forked repositories");
- which endpoint needs which permission: https://docs.github.com/en/rest/authentication/permissions-required-for-github-apps
  (headings *Repository permissions for "Issues"* and so on); an endpoint listed under two permissions accepts
  either ("at least one of the following permission sets").

The stand-in spells scopes as the REST tables do (`pull_requests`); workflow files spell them with hyphens
(`pull-requests`), which `workflowfiles.py` translates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final, Literal

Level = Literal["none", "read", "write"]
LEVELS: Final[tuple[Level, ...]] = ("none", "read", "write")

#: Every scope a GITHUB_TOKEN can be granted (github_token-reference, "Permissions for the GITHUB_TOKEN";
#: workflow-syntax#permissions lists the same keys), plus `metadata`, which is always read.
SCOPES: Final[tuple[str, ...]] = (
    "actions",
    "artifact_metadata",
    "attestations",
    "checks",
    "contents",
    "deployments",
    "discussions",
    "id_token",
    "issues",
    "metadata",
    "models",
    "packages",
    "pages",
    "pull_requests",
    "repository_projects",
    "security_events",
    "statuses",
)

#: Scopes a GITHUB_TOKEN can never hold, though GitHub Apps and fine-grained tokens can: the stand-in refuses
#: them to job tokens (github_token-reference lists no such scope).
APP_ONLY_SCOPES: Final[frozenset[str]] = frozenset({"administration", "environments", "secrets", "workflows"})

Permissions = Mapping[str, Level]
"""Scope -> level; a scope that is missing is `none`."""

# One alternative of an endpoint's requirement: every listed scope at least at its level.
PermissionSet = Mapping[str, Level]


def freeze(levels: Mapping[str, Level]) -> Permissions:
    """A read-only permission set with `metadata: read` added, as GitHub always grants it."""
    out: dict[str, Level] = {}
    for scope, level in levels.items():
        if level not in LEVELS:
            raise ValueError(f"{scope}: level must be one of {LEVELS}, not {level!r}")
        if level != "none":
            out[scope] = level
    if out.get("metadata") != "write":
        out["metadata"] = "read"
    return MappingProxyType(dict(sorted(out.items())))


def permissions(**levels: Level) -> Permissions:
    """A job token's set, e.g. `permissions(contents="read", pull_requests="write")`; the rest is none."""
    unknown = sorted(set(levels) - set(SCOPES) - APP_ONLY_SCOPES)
    if unknown:
        raise ValueError(f"unknown permission scope(s) {unknown}; known: {SCOPES}")
    return freeze(levels)


def level_of(granted: Permissions, scope: str) -> Level:
    return granted.get(scope, "none")


def at_least(level: Level, needed: Level) -> bool:
    return LEVELS.index(level) >= LEVELS.index(needed)


def satisfies(granted: Permissions, wanted: PermissionSet) -> bool:
    """Every scope of `wanted` is granted at least at its level."""
    return all(at_least(level_of(granted, scope), level) for scope, level in wanted.items())


def lowest(a: Permissions, b: Permissions) -> Permissions:
    """Scope by scope, the lower of two sets (what a called reusable workflow can get at most)."""
    scopes = set(a) | set(b)
    return freeze({s: min(level_of(a, s), level_of(b, s), key=LEVELS.index) for s in scopes})


def can_write(granted: Permissions) -> bool:
    return any(level == "write" for scope, level in granted.items() if scope != "metadata")


def accepted_header(alternatives: Iterable[PermissionSet]) -> str:
    """`x-accepted-github-permissions`: each alternative set as `scope=level`, sets separated by `; `
    (https://github.blog/changelog/2023-08-10-x-accepted-github-permissions-header-for-fine-grained-permission-actors).
    How several scopes inside one set are joined is not documented; the stand-in uses `,`."""
    return "; ".join(",".join(f"{s}={lvl}" for s, lvl in sorted(alt.items())) for alt in alternatives)


def _table(**levels: Level) -> Permissions:
    return freeze(levels)


# github_token-reference, "Permissions for the GITHUB_TOKEN", column "Default access (permissive)".
PERMISSIVE_DEFAULT: Final = _table(
    actions="write",
    attestations="write",
    checks="write",
    contents="write",
    deployments="write",
    discussions="write",
    issues="write",
    models="read",
    packages="write",
    pages="write",
    pull_requests="write",
    security_events="write",
    statuses="write",
)
# Same table, column "Default access (restricted)": contents and packages read, metadata read, nothing else.
# The stand-in's default for a job whose workflow declares no `permissions:` (issue 27 asks for the
# restricted reading: a new repository or organisation gets it by default since February 2023).
RESTRICTED_DEFAULT: Final = _table(contents="read", packages="read")
# Same table, column "Maximum access for pull requests from public forked repositories": read everywhere,
# except id-token and models (none).
FORK_MAXIMUM: Final = _table(
    actions="read",
    artifact_metadata="read",
    attestations="read",
    checks="read",
    contents="read",
    deployments="read",
    discussions="read",
    issues="read",
    packages="read",
    pages="read",
    pull_requests="read",
    repository_projects="read",
    security_events="read",
    statuses="read",
)

# What the stand-in's installation tokens held before job tokens existed (fakehub/access.py `require`
# treated GITHUB_TOKEN as a collaborator with write on everything below maintain): every GITHUB_TOKEN
# scope at write. Tokens minted without a permission set keep it, so the tests written before the strict
# rules behave exactly as they did.
LEGACY_WRITE_ALL: Final = freeze(
    {s: ("read" if s == "models" else "write") for s in SCOPES if s != "metadata"}
)
# The old `read_only` installation token (a fork pull request's GITHUB_TOKEN): read on every scope.
LEGACY_READ_ONLY: Final = freeze(
    dict.fromkeys((s for s in SCOPES if s not in ("id_token", "metadata")), "read")
)
