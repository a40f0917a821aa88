"""Who may do what: collaborator permissions, author association, and installation-token rules."""

from __future__ import annotations

from election_bot_demo.fakehub.errors import ApiError, forbidden_for_integration
from election_bot_demo.fakehub.model import PERMISSIONS, Permission, Repo, User
from election_bot_demo.fakehub.state import Actor, HubState


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


def require(state: HubState, repo: Repo, actor: Actor, needed: Permission) -> None:
    """Raise GitHub's 403 unless `actor` holds `needed` on `repo`.

    GITHUB_TOKEN (installation) is treated as holding write (contents, issues, pull requests, checks);
    a read-only token (a fork's pull_request run) holds read only.
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
        return state.installation_push and not actor.read_only
    return not actor.read_only and at_least(permission_of(state, repo, actor.user), "write")


def may(state: HubState, repo: Repo, actor: Actor, needed: Permission) -> bool:
    try:
        require(state, repo, actor, needed)
    except ApiError:
        return False
    return True
