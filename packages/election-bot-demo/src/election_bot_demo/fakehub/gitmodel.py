"""A tiny content-addressed git model: flat trees, commits, and the diff GitHub shows for a pull request.

Flat trees (path -> entry) are enough for the contents and pull-files endpoints; directories are derived
from path prefixes. Blob shas are real git blob shas so callers can compare them with `git hash-object`.
"""

from __future__ import annotations

import difflib
import hashlib
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Final, Literal, cast

Mode = Literal["100644", "100755", "120000", "160000"]
MODES: Final[frozenset[str]] = frozenset({"100644", "100755", "120000", "160000"})
REGULAR_MODES: Final[frozenset[str]] = frozenset({"100644", "100755"})
SYMLINK: Final = "120000"
SUBMODULE: Final = "160000"

FileStatus = Literal["added", "removed", "modified", "renamed", "changed"]


def blob_sha(data: bytes) -> str:
    """The sha git gives this content as a blob (`git hash-object`)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


@dataclass(frozen=True, slots=True)
class Entry:
    """One path in a tree. For a symlink `data` is the target path; for a submodule it is the git URL."""

    mode: Mode
    data: bytes

    @property
    def sha(self) -> str:
        if self.mode == SUBMODULE:
            # The commit a submodule is pinned to; derived from the URL so it is stable.
            return hashlib.sha1(b"submodule " + self.data, usedforsecurity=False).hexdigest()
        return blob_sha(self.data)


Tree = Mapping[str, Entry]


def tree_sha(tree: Tree, prefix: str = "") -> str:
    """A stable sha for a (sub)tree: enough to tell directories apart, not git's exact algorithm."""
    h = hashlib.sha1(b"tree\0", usedforsecurity=False)
    for path in sorted(tree):
        if not prefix or path.startswith(prefix + "/"):
            entry = tree[path]
            h.update(f"{entry.mode} {path}\0{entry.sha}\n".encode())
    return h.hexdigest()


@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    tree: Tree
    parents: tuple[str, ...]
    author_id: int
    message: str
    date: datetime


def make_commit_sha(tree: Tree, parents: tuple[str, ...], message: str, date: datetime, salt: int) -> str:
    """Commit shas must differ even for identical trees (two pushes of the same content)."""
    h = hashlib.sha1(b"commit\0", usedforsecurity=False)
    h.update(tree_sha(tree).encode())
    for parent in parents:
        h.update(parent.encode())
    h.update(message.encode())
    h.update(date.isoformat().encode())
    h.update(str(salt).encode())
    return h.hexdigest()


def apply_changes(
    tree: Tree, files: Mapping[str, bytes | None], modes: Mapping[str, str] | None = None
) -> dict[str, Entry]:
    """A new tree with `files` written (None deletes) and `modes` applied (default 100644)."""
    modes = modes or {}
    for path, mode in modes.items():
        if mode not in MODES:
            raise ValueError(f"unknown git mode {mode!r} for {path!r}")
    new = dict(tree)
    for raw_path, data in files.items():
        path = normalise_path(raw_path)
        if data is None:
            new.pop(path, None)
            continue
        mode = cast(Mode, modes.get(raw_path, modes.get(path, "100644")))  # checked against MODES above
        new[path] = Entry(mode=mode, data=data)
    return new


def normalise_path(path: str) -> str:
    """Repository paths are relative, '/'-separated, without '.' or '..' segments."""
    clean = posixpath.normpath(path.strip("/"))
    if clean in ("", ".") or clean.startswith("../") or clean == "..":
        raise ValueError(f"not a repository path: {path!r}")
    return clean


@dataclass(frozen=True, slots=True)
class FileChange:
    """One row of GET /pulls/{n}/files."""

    filename: str
    status: FileStatus
    additions: int
    deletions: int
    sha: str
    patch: str | None
    previous_filename: str | None = None

    @property
    def changes(self) -> int:
        return self.additions + self.deletions


def _text(data: bytes) -> list[str] | None:
    if b"\0" in data:
        return None
    try:
        return data.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return None


def _line_diff(old: bytes, new: bytes) -> tuple[int, int, str | None]:
    """(additions, deletions, patch) like GitHub: a unified diff without file headers; none for binaries."""
    old_lines, new_lines = _text(old), _text(new)
    if old_lines is None or new_lines is None:
        return 0, 0, None
    body = list(difflib.unified_diff(old_lines, new_lines, lineterm="", n=3))[2:]
    additions = sum(1 for line in body if line.startswith("+"))
    deletions = sum(1 for line in body if line.startswith("-"))
    return additions, deletions, "\n".join(body) if body else None


def diff_trees(base: Tree, head: Tree) -> list[FileChange]:
    """Changed files between two trees; a removed+added pair with identical content is a rename."""
    removed = {p: e for p, e in base.items() if p not in head}
    added = {p: e for p, e in head.items() if p not in base}
    changes: list[FileChange] = []
    renamed_from: dict[str, str] = {}
    for new_path, entry in sorted(added.items()):
        for old_path, old_entry in sorted(removed.items()):
            if old_path not in renamed_from.values() and old_entry == entry:
                renamed_from[new_path] = old_path
                break
    for path in sorted(set(base) | set(head)):
        old, new = base.get(path), head.get(path)
        if old is not None and new is not None:
            if old == new:
                continue
            if old.data == new.data:
                # Only the mode changed (e.g. chmod +x): GitHub reports this as "changed".
                changes.append(FileChange(path, "changed", 0, 0, new.sha, None))
                continue
            adds, dels, patch = _line_diff(old.data, new.data)
            changes.append(FileChange(path, "modified", adds, dels, new.sha, patch))
        elif new is not None:
            if path in renamed_from:
                changes.append(FileChange(path, "renamed", 0, 0, new.sha, None, renamed_from[path]))
                continue
            adds, dels, patch = _line_diff(b"", new.data)
            changes.append(FileChange(path, "added", adds, dels, new.sha, patch))
        elif old is not None and path not in renamed_from.values():
            adds, dels, patch = _line_diff(old.data, b"")
            changes.append(FileChange(path, "removed", adds, dels, old.sha, patch))
    return changes
