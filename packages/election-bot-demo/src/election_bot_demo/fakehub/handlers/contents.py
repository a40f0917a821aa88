"""GET /repos/{owner}/{repo}/contents/{path}: files, directories, symlinks and submodules, as on GitHub."""

from __future__ import annotations

import posixpath

from election_bot_demo.fakehub import serialise
from election_bot_demo.fakehub.api import Request, Response
from election_bot_demo.fakehub.errors import ApiError, blob_too_large
from election_bot_demo.fakehub.gitmodel import REGULAR_MODES, SUBMODULE, SYMLINK, Entry, Tree, tree_sha
from election_bot_demo.fakehub.handlers.common import repo_for
from election_bot_demo.fakehub.serialise import Json, Urls


def get_contents(req: Request) -> Response:
    repo = repo_for(req)
    ref_arg = req.arg("ref")
    commit = req.state.resolve(repo, ref_arg)
    if commit is None:
        raise ApiError(404, f"No commit found for the ref {ref_arg}")
    ref = ref_arg or repo.default_branch
    name = req.state.full_name(repo)
    path = req.params.get("path", "").strip("/")
    if path and (posixpath.normpath(path) != path or path.startswith("..")):
        raise ApiError(404, "Not Found")
    tree = commit.tree
    if not path:
        return Response(200, _listing(req.urls, name, ref, tree, ""))
    entry = tree.get(path)
    if entry is None:
        if any(p.startswith(path + "/") for p in tree):
            return Response(200, _listing(req.urls, name, ref, tree, path))
        raise ApiError(404, "Not Found")
    if entry.mode in REGULAR_MODES and len(entry.data) > serialise.LARGE_FILE and not _object_media(req):
        raise blob_too_large()  # the default media type serves files up to 1 MB only
    return Response(200, _object(req.urls, name, ref, tree, path, entry))


def _object_media(req: Request) -> bool:
    """`application/vnd.github.object` (or `.object+json`): 1-100 MB files come as encoding "none"."""
    return "application/vnd.github.object" in req.accept


def _object(urls: Urls, name: str, ref: str, tree: Tree, path: str, entry: Entry) -> Json:
    if entry.mode == SUBMODULE:
        return serialise.content_submodule(urls, name, path, ref, entry)
    if entry.mode == SYMLINK:
        target = _symlink_target(tree, path, entry)
        if target is not None:
            # GitHub answers with the target file itself: its path, its content.
            return serialise.content_file(urls, name, target, ref, tree[target])
        return serialise.content_symlink(urls, name, path, ref, entry)
    return serialise.content_file(urls, name, path, ref, entry)


def _symlink_target(tree: Tree, path: str, entry: Entry) -> str | None:
    """The repository path of a symlink's target if that is a regular file in the tree, else None."""
    target = entry.data.decode("utf-8", "replace")
    if target.startswith("/"):
        return None
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
    if resolved == ".." or resolved.startswith("../"):
        return None
    found = tree.get(resolved)
    return resolved if found is not None and found.mode in REGULAR_MODES else None


def _listing(urls: Urls, name: str, ref: str, tree: Tree, directory: str) -> list[Json]:
    prefix = f"{directory}/" if directory else ""
    children: dict[str, Entry | None] = {}
    for path, entry in tree.items():
        if not path.startswith(prefix):
            continue
        head, sep, _ = path[len(prefix) :].partition("/")
        children[head] = None if sep else entry
    out: list[Json] = []
    for child in sorted(children):
        child_path = prefix + child
        out.append(
            serialise.directory_entry(
                urls, name, child_path, ref, children[child], tree_sha(tree, child_path)
            )
        )
    return out
