"""GitHub's JSON → our frozen values (`bot.github.port`), checked field by field.

A missing field or one of the wrong type is a `GitHubError` ("malformed response"), never a KeyError or
a half-filled value: what the core is given is what GitHub said, or nothing.
"""

from __future__ import annotations

import base64
import binascii
import re
import urllib.parse
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, cast

from bot.github.port import (
    GHOST,
    MAX_ANNOTATIONS_PER_REQUEST,
    Annotation,
    ChangedFile,
    CheckRun,
    Comment,
    FileKind,
    GitHubError,
    Issue,
    Label,
    PullRequest,
    Review,
    User,
    Workflow,
)
from bot.github.values import association_of


def malformed(what: str) -> GitHubError:
    return GitHubError(f"unexpected response from GitHub: {what}")


def obj(value: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise malformed(f"{what} is not an object")
    return cast(Mapping[str, Any], value)


def list_of(value: Any, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise malformed(f"{what} is not a list")
    return value


def text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str):
        raise malformed(f"`{key}` missing or not a string")
    return value


def opt_str(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise malformed(f"`{key}` is not a string")
    return value


def integer(data: Mapping[str, Any], key: str) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise malformed(f"`{key}` missing or not an integer")
    return value


def flag(data: Mapping[str, Any], key: str, default: bool = False) -> bool:
    value = data.get(key, default)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise malformed(f"`{key}` is not a boolean")
    return value


def parse_time(value: str, key: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise malformed(f"`{key}` is not an ISO 8601 time") from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise malformed(f"`{key}` has no UTC offset")
    return parsed.astimezone(UTC)


def time_of(data: Mapping[str, Any], key: str) -> datetime:
    return parse_time(text(data, key), key)


def opt_time(data: Mapping[str, Any], key: str) -> datetime | None:
    value = opt_str(data, key)
    return None if value is None else parse_time(value, key)


def user(value: Any) -> User:
    if value is None:  # a deleted account
        return GHOST
    data = obj(value, "user")
    return User(login=text(data, "login"), id=integer(data, "id"), type=data.get("type") or "User")


def label_names(value: Any) -> tuple[str, ...]:
    names: list[str] = []
    for item in list_of(value if value is not None else [], "labels"):
        names.append(item if isinstance(item, str) else text(obj(item, "label"), "name"))
    return tuple(names)


def pull(data: Any) -> PullRequest:
    pr = obj(data, "pull request")
    head = obj(pr.get("head"), "pull request head")
    base = obj(pr.get("base"), "pull request base")
    head_repo = head.get("repo")
    return PullRequest(
        number=integer(pr, "number"),
        title=text(pr, "title"),
        author=user(pr.get("user")),
        state=text(pr, "state"),
        draft=flag(pr, "draft"),
        merged=merged(pr),
        created_at=time_of(pr, "created_at"),
        head_sha=text(head, "sha"),
        head_repo_full_name=None if head_repo is None else text(obj(head_repo, "head repo"), "full_name"),
        base_ref=text(base, "ref"),
        labels=label_names(pr.get("labels")),
        html_url=text(pr, "html_url"),
        updated_at=opt_time(pr, "updated_at"),
        default_branch=_default_branch(base.get("repo")),
    )


def _default_branch(repo: Any) -> str | None:
    return opt_str(repo, "default_branch") if isinstance(repo, Mapping) else None


def merged(pr: Mapping[str, Any]) -> bool:
    # A single pull request has `merged`; listed ones (pull-request-simple) only have `merged_at`.
    merged = pr.get("merged")
    return merged if isinstance(merged, bool) else pr.get("merged_at") is not None


def changed_file(data: Any) -> ChangedFile:
    f = obj(data, "pull request file")
    return ChangedFile(
        filename=text(f, "filename"),
        status=text(f, "status"),
        previous_filename=opt_str(f, "previous_filename"),
        additions=integer(f, "additions"),
        deletions=integer(f, "deletions"),
        changes=integer(f, "changes"),
        ref=file_ref(f),
    )


def file_ref(entry: Mapping[str, Any]) -> str | None:
    """The head commit a pull request's file entry was computed for: GitHub's `contents_url` ends in
    `?ref=<sha>` (the head the list was made from)."""
    url = entry.get("contents_url")
    if not isinstance(url, str):
        return None
    refs = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query).get("ref", [])
    return refs[0] if len(refs) == 1 and re.fullmatch(r"[0-9a-f]{40}", refs[0]) else None


def comment(data: Any) -> Comment:
    c = obj(data, "comment")
    return Comment(
        id=integer(c, "id"),
        author=user(c.get("user")),
        body=opt_str(c, "body") or "",
        created_at=time_of(c, "created_at"),
        updated_at=time_of(c, "updated_at"),
        html_url=text(c, "html_url"),
        author_association=association_of(c.get("author_association")),
    )


def label(data: Any) -> Label:
    lb = obj(data, "label")
    return Label(name=text(lb, "name"), color=text(lb, "color"), description=opt_str(lb, "description") or "")


def issue(data: Any) -> Issue:
    i = obj(data, "issue")
    return Issue(
        number=integer(i, "number"),
        title=text(i, "title"),
        body=opt_str(i, "body") or "",
        state=text(i, "state"),
        state_reason=opt_str(i, "state_reason"),
        author=user(i.get("user")),
        labels=label_names(i.get("labels")),
        created_at=time_of(i, "created_at"),
        closed_at=opt_time(i, "closed_at"),
        html_url=text(i, "html_url"),
        is_pull_request=i.get("pull_request") is not None,
    )


def review(data: Any) -> Review:
    r = obj(data, "review")
    return Review(
        id=integer(r, "id"),
        author=user(r.get("user")),
        state=text(r, "state").upper(),  # as webhook deliveries spell it too: APPROVED, not approved
        submitted_at=opt_time(r, "submitted_at"),
        commit_id=opt_str(r, "commit_id"),
    )


def entry_kind(entry: Mapping[str, Any]) -> FileKind:
    kind = text(entry, "type")
    if kind == "file" and entry.get("download_url") is None:
        # Directory listings call submodules "file" for backwards compatibility; unlike files they
        # have no download_url.
        return "submodule"
    if kind not in ("file", "dir", "symlink", "submodule"):
        raise malformed(f"unknown content type {kind!r}")
    return cast(FileKind, kind)


def decode_base64(content: str) -> bytes:
    try:
        return base64.b64decode(content.replace("\n", "").replace("\r", ""), validate=True)
    except (binascii.Error, ValueError):
        raise malformed("file content is not valid base64") from None


def repo_path(path: str) -> str:
    """A repository-relative path, refused if it could mean anything else."""
    clean = path.strip("/")
    parts = clean.split("/")
    if not clean or any(p in ("", ".", "..") for p in parts) or any(ord(ch) < 32 for ch in clean):
        raise ValueError(f"not a plain repository path: {path!r}")
    return clean


def quote_segment(value: str) -> str:
    return urllib.parse.quote(value, safe="")


def batches(annotations: Sequence[Annotation]) -> list[Sequence[Annotation]]:
    step = MAX_ANNOTATIONS_PER_REQUEST
    return [annotations[i : i + step] for i in range(0, len(annotations), step)]


def annotation(a: Annotation) -> dict[str, Any]:
    data: dict[str, Any] = {
        "path": a.path,
        "start_line": a.start_line,
        "end_line": a.end_line,
        "annotation_level": a.level,
        "message": a.message,
    }
    if a.title is not None:
        data["title"] = a.title
    return data


def output(title: str, summary: str, text: str | None, annotations: Sequence[Annotation]) -> dict[str, Any]:
    output: dict[str, Any] = {"title": title, "summary": summary}
    if text is not None:
        output["text"] = text
    if annotations:
        output["annotations"] = [annotation(a) for a in annotations]
    return output


def check_run(data: Mapping[str, Any]) -> CheckRun:
    app = data.get("app")
    return CheckRun(
        integer(data, "id"),
        text(data, "name"),
        text(data, "head_sha"),
        text(data, "status"),
        opt_str(data, "conclusion"),
        app_slug=opt_str(app, "slug") if isinstance(app, Mapping) else None,
        external_id=opt_str(data, "external_id") or None,
        details_url=opt_str(data, "details_url"),
    )


def workflow(data: Any) -> Workflow:
    w = obj(data, "workflow")
    return Workflow(path=text(w, "path"), name=text(w, "name"), state=text(w, "state"))
