"""Who may do what: collaborator permissions, author association, and installation-token rules."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from election_bot_demo.fakehub.errors import ApiError, forbidden_for_integration, not_found
from election_bot_demo.fakehub.model import PERMISSIONS, Permission, Repo, User
from election_bot_demo.fakehub.state import Actor, HubState
from election_bot_demo.fakehub.tokens import PermissionSet, accepted_header, can_write, satisfies

READS: Final = frozenset({"GET", "HEAD"})
ISSUES_WRITE: Final[PermissionSet] = {"issues": "write"}


def permission_of(state: HubState, repo: Repo, user: User) -> Permission:
    """Explicit grant, else admin for the owner; at least read on a public repo (anyone can read it)."""
    granted: Permission = "none"
    if user.id in repo.permissions:
        granted = repo.permissions[user.id]
    elif user.id == repo.owner_id:
        granted = "admin"
    if not repo.private and granted == "none":
        return "read"
    return granted


def legacy_permission(permission: Permission) -> str:
    """The `permission` field keeps the old base roles: maintain shows as write, triage as read."""
    return {"maintain": "write", "triage": "read"}.get(permission, permission)


def at_least(permission: Permission, needed: Permission) -> bool:
    return PERMISSIONS.index(permission) >= PERMISSIONS.index(needed)


def author_association(state: HubState, repo: Repo, user: User) -> str:
    """OWNER, COLLABORATOR, CONTRIBUTOR or NONE; tests may pin any value (e.g. MEMBER without write)."""
    if user.id in repo.associations:
        return repo.associations[user.id]
    if user.id == repo.owner_id:
        return "OWNER"
    if repo.permissions.get(user.id, "none") != "none":
        return "COLLABORATOR"
    if any(i.author_id == user.id and i.pull is not None and i.pull.merged for i in repo.issues.values()):
        return "CONTRIBUTOR"
    return "NONE"


def refused(needs: Sequence[PermissionSet], docs: str | None = None, *, personal: bool = False) -> ApiError:
    """GitHub's 403 to an installation token (or a fine-grained personal access token: `personal`) that
    lacks the permission, naming what would do (`x-accepted-github-permissions`)."""
    error = (
        ApiError(403, "Resource not accessible by personal access token")
        if personal
        else forbidden_for_integration()
    )
    error.documentation_url = docs
    if needs:
        error.headers = {"X-Accepted-GitHub-Permissions": accepted_header(needs)}
    return error


def require_token_permission(
    repo: Repo | None,
    actor: Actor,
    method: str,
    needs: Sequence[PermissionSet],
    *,
    public_read: bool,
    docs: str,
    plain_issue: bool = False,
) -> None:
    """An installation token's request (or a fine-grained personal access token's): its repository first,
    then its permission set.

    - A token minted for one repository sees another private repository as missing (404) and may only
      read another public one.
    - The request needs one of the endpoint's permission sets (routes.py), from GitHub's table
      https://docs.github.com/en/rest/authentication/permissions-required-for-github-apps; without it:
      403 "Resource not accessible by integration".
    - Reads of a public repository need no permission: each such REST page says the endpoint "can be
      used without authentication or the aforementioned permissions if only public resources are
      requested".
    - `plain_issue`: the request is about an issue that is not a pull request (its comments, labels or
      itself). The table lists pull_requests next to issues for these endpoints because they serve pull
      requests too; the stand-in lets pull_requests count only for a pull request.
    - A fine-grained personal access token is judged the same way, by the same table
      (https://docs.github.com/en/rest/authentication/permissions-required-for-fine-grained-personal-access-tokens,
      "Some endpoints can also be used to access public resources without these permissions"), refused
      with "Resource not accessible by personal access token"; its person's role applies on top, in the
      handler ("A token ... is further limited by the scopes or permissions granted to it. A token cannot
      grant additional access capabilities to a user": https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/managing-your-personal-access-tokens).
    """
    if not (actor.installation or actor.fine_grained):
        return
    personal = actor.fine_grained
    usable = [wanted for wanted in needs if not (plain_issue and "pull_requests" in wanted)]
    public_get = method in READS and repo is not None and not repo.private
    if repo is not None and actor.repo_id is not None and repo.id != actor.repo_id:
        if repo.private:
            raise not_found()
        if public_get:
            return
        raise refused(needs, docs, personal=personal)
    if not needs or any(satisfies(actor.permissions, wanted) for wanted in usable):
        return
    if public_read and public_get:
        return
    raise refused(needs, docs, personal=personal)


def require_label_creation(state: HubState, actor: Actor, docs: str | None = None) -> None:
    """Creating a label with an installation token. GitHub's table accepts issues:write or
    pull_requests:write (https://docs.github.com/en/rest/issues/labels#create-a-label, "Fine-grained access
    tokens for 'Create a label'"); a field report (docker-library/official-images#19241, 2025-06) says
    pull-requests: write no longer creates labels. By default the stand-in takes that strict reading and
    asks for issues:write, also when a label is created by adding an unknown one to an issue or pull
    request; `FakeHub.set_label_creation_rule(strict=False)` restores the documented either-or."""
    if (
        actor.installation
        and state.labels_need_issues_write
        and not satisfies(actor.permissions, ISSUES_WRITE)
    ):
        raise refused((ISSUES_WRITE,), docs)


def require(state: HubState, repo: Repo, actor: Actor, needed: Permission) -> None:
    """Raise GitHub's 403 unless `actor` holds `needed` on `repo`.

    People are judged by their collaborator role. An installation token's permission set was checked
    against the endpoint before the handler ran (`require_token_permission`); here it only keeps the
    roles no token has (maintain and above), and a token that can write nothing (a fork pull request's
    GITHUB_TOKEN) holds read only.
    """
    if actor.installation:
        if actor.read_only and at_least(needed, "triage"):
            raise forbidden_for_integration()
        if at_least(needed, "maintain"):
            raise forbidden_for_integration()
        return
    if actor.read_only and at_least(needed, "triage"):
        raise ApiError(403, "Resource not accessible by personal access token")
    if not at_least(permission_of(state, repo, actor.user), needed):
        if needed == "read":
            raise ApiError(404, "Not Found")
        raise ApiError(403, "Must have push access to repository")


def has_push_access(state: HubState, repo: Repo, actor: Actor) -> bool:
    """What GitHub asks of the *caller* of the collaborator-permission API."""
    if actor.installation:
        # Unverified for GITHUB_TOKEN (docs/development/stand-in-rules.md): a token that can write something counts as
        # having push access unless the test says otherwise (FakeHub.deny_token_push_access).
        return state.installation_push and not actor.read_only and can_write(actor.permissions)
    return not actor.read_only and at_least(permission_of(state, repo, actor.user), "write")


def may(state: HubState, repo: Repo, actor: Actor, needed: Permission) -> bool:
    try:
        require(state, repo, actor, needed)
    except ApiError:
        return False
    return True
