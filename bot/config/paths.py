"""Where an election's files are in a repository: `nominations/<election>/election.yaml` and one
`nominations/<election>/<login>.md` per nominee. The one owner of that layout; light (no models), so that
the command line can use it without slowing `--help`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

NOMINATIONS_ROOT = "nominations"  # the folder of a repository that holds one folder per election


def election_of_path(path: str) -> str:
    """The election a repository path belongs to: `nominations/<election>/<file>` → `<election>`; "" for
    any other path. The one place that reads the layout of a path."""
    parts = path.split("/")
    return parts[1] if len(parts) == 3 and parts[0] == NOMINATIONS_ROOT and parts[1] else ""


def election_of_pull(labels: Iterable[str], known: Sequence[str], paths: Iterable[str]) -> str | None:
    """The election a pull request belongs to: the only election in the repository, else the one a label
    names (`election:<id>` or `<id>`), else the folder of the files it changes (`paths`, iterated only
    when the first two say nothing: a caller may pass a lazy listing)."""
    if len(known) == 1:
        return known[0]
    for label in labels:
        name = label.removeprefix("election:")
        if name in known:
            return name
    for path in paths:
        folder = election_of_path(path)
        if folder in known:
            return folder
    return None
