"""Which changed file is the nomination, what GitHub holds at that path, and the nominee's duplicates."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from bot.config.loading import HARD_MAX_BYTES, LoadedNomination, load_nomination
from bot.config.models import Election, is_file_of, is_login
from bot.config.paths import election_of_path
from bot.github.values import ChangedFile, PullRequest, RepoFile, login_key
from bot.nominations.constants import (
    GITHUB_CONTENTS_LIMIT,
    MAX_OTHER_FILE_FINDINGS,
    NOMINATIONS_ROOT,
    NOT_NOMINATIONS,
)
from bot.text import catalogue
from bot.text import labels as vocab
from bot.text.findings import Finding


@dataclass(frozen=True, slots=True)
class FileSelection:
    nomination: ChangedFile | None
    election_id: str  # the folder directly under nominations/ ("" if the path has none)
    findings: tuple[Finding, ...]


_NOMINATION_STATUSES = frozenset({"added", "modified", "changed"})


def _is_candidate(change: ChangedFile) -> bool:
    path = PurePosixPath(change.filename)
    return (
        change.status in _NOMINATION_STATUSES
        and not any(ord(char) < 32 or ord(char) == 127 for char in change.filename)
        and len(path.parts) >= 2
        and path.parts[0] == NOMINATIONS_ROOT
        and path.suffix == ".md"
        and path.name not in NOT_NOMINATIONS
    )


def _status_text(change: ChangedFile) -> str:
    if change.previous_filename and change.status in ("renamed", "copied"):
        return f"{change.status} from {change.previous_filename}"
    return change.status


def select_nomination(files: Sequence[ChangedFile]) -> FileSelection:
    """Exactly one nomination file added or modified, and nothing else touched (renames and removals
    count as touching)."""
    candidates = [f for f in files if _is_candidate(f)]
    findings: list[Finding] = []
    chosen = candidates[0] if len(candidates) == 1 else None
    others = [f for f in files if f is not chosen and f not in candidates]
    for change in others[:MAX_OTHER_FILE_FINDINGS]:
        findings.append(
            catalogue.make("PR001", change.filename, None, file=change.filename, status=_status_text(change))
        )
    if len(others) > MAX_OTHER_FILE_FINDINGS:
        rest = len(others) - MAX_OTHER_FILE_FINDINGS
        findings.append(
            catalogue.make(
                "PR001",
                others[MAX_OTHER_FILE_FINDINGS].filename,
                None,
                file=f"{rest} more files",
                status="not listed",
            )
        )
    if len(candidates) > 1:
        names = ", ".join(f"`{c.filename}`" for c in candidates[:5]) + (
            ", ..." if len(candidates) > 5 else ""
        )
        for candidate in candidates:
            findings.append(
                catalogue.make("PR003", candidate.filename, None, count=len(candidates), files=names)
            )
    elif not candidates:
        findings.append(catalogue.make("PR002", NOMINATIONS_ROOT, None))
    return FileSelection(chosen, election_of_path(chosen.filename) if chosen else "", tuple(findings))


def proposes_nomination(files: Sequence[ChangedFile], labels: Sequence[str]) -> bool:
    """Is this PR the bot's business? It is when it adds, changes or renames a Markdown file under
    `nominations/` (other than the guide and the template), or the bot already labelled it a nomination.
    Anything else (code, docs, `election.yaml`) gets a neutral check and no report."""
    for change in files:
        if change.status == "removed":
            continue
        for path in (change.filename, change.previous_filename or ""):
            parts = PurePosixPath(path).parts
            if (
                len(parts) >= 2
                and parts[0] == NOMINATIONS_ROOT
                and path.endswith(".md")
                and parts[-1] not in NOT_NOMINATIONS
            ):
                return True
    return any(label.casefold() == vocab.NOMINATION.name for label in labels)


def max_bytes_for(election: Election | None) -> int:
    return election.statement.max_file_bytes if election is not None else HARD_MAX_BYTES


def load_blob(
    path: str, blob: RepoFile | None, head_sha: str, max_bytes: int
) -> tuple[LoadedNomination | None, list[Finding]]:
    """The nomination as GitHub holds it in the head commit; only a regular file is ever parsed."""
    if blob is None:
        return None, [catalogue.make("PR005", path, None, file=path, sha=head_sha[:12])]
    if blob.kind != "file":
        return None, [catalogue.make("PR004", path, None, file=path, kind=blob.kind)]
    if blob.too_large or blob.content is None or blob.size > max_bytes:
        # GitHub refuses a file over 1 MB without saying its size (size 0 here): say what is known.
        size: object = blob.size if blob.size > max_bytes else f"over {GITHUB_CONTENTS_LIMIT:,}"
        return None, [catalogue.make("FILE002", path, None, size=size, limit=max_bytes)]
    return load_nomination(blob.content, path, max_bytes=max_bytes), []


def nominee_login(loaded: LoadedNomination | None, path: str) -> str | None:
    """Who is nominated: the `github` field when it is a login, else the file name's stem."""
    if loaded is not None:
        if loaded.fields.github is not None:
            return loaded.fields.github
        raw = loaded.raw.get("github") if loaded.raw is not None else None
        if isinstance(raw, str) and is_login(raw):
            return raw
    stem = PurePosixPath(path).stem
    return stem if is_login(stem) else None


def names_agree(loaded: LoadedNomination | None, path: str) -> bool:
    """The file names a nominee the bot can act on: its `github` field is a valid login and the file is
    `<that login>.md` (`models.is_file_of`). When the two disagree the check cannot tell which login the
    author meant, so it looks up no account, reads no consent and searches no other nomination (issue 28:
    a decoy `decoyN.md` saying `github: janedoe` costs a run no request on Jane's behalf)."""
    if loaded is None or loaded.fields.github is None:
        return False
    return is_file_of(PurePosixPath(path).name, loaded.fields.github)


def judged_sound(labels: Sequence[str]) -> bool:
    """The bot's labels say it judged this pull request a nomination with a valid file and the nominee's
    consent (neither `needs-changes` nor `awaiting-consent`)."""
    names = {label.casefold() for label in labels}
    return vocab.NOMINATION.name in names and not names & {
        vocab.NEEDS_CHANGES.name,
        vocab.AWAITING_CONSENT.name,
    }


def nominee_label(login: str) -> str:
    return f"{vocab.NOMINEE_PREFIX}{login_key(login)}"


def is_nomination_of(change: ChangedFile, election_id: str, login: str) -> bool:
    """Does this changed file nominate `login` in `election_id` (any letter case, ASCII logins only)?"""
    return (
        _is_candidate(change)
        and election_of_path(change.filename) == election_id
        and is_file_of(PurePosixPath(change.filename).name, login)
    )


def earlier(a: PullRequest, b: PullRequest) -> bool:
    """Is `a` the earlier nomination? Opened first wins; the lower number breaks a tie."""
    return (a.created_at, a.number) < (b.created_at, b.number)


def merged_duplicate(entries: Iterable[tuple[str, str]], our_path: str, login: str) -> str | None:
    """A merged nomination of `login` in the base branch other than the file this PR adds or updates.

    `entries` are (path, kind) of the election folder. A PR that modifies the nominee's own merged file is
    an update, not a duplicate (and when the base gained our very path since the PR was opened, the PR
    updates it all the same)."""
    for path, kind in entries:
        if kind == "file" and path != our_path and is_file_of(PurePosixPath(path).name, login):
            return path
    return None
