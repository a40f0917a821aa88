"""The one error type of ballot files: where (file and line) and what to fix."""

from __future__ import annotations


class BallotError(ValueError):
    """A ballot file, a names file or a cross-check that cannot count (a usage error, exit 2)."""

    def __init__(self, where: str, line: int | None, message: str) -> None:
        self.where = where
        self.line = line
        self.message = message
        super().__init__(f"{where}:{line}: {message}" if line is not None else f"{where}: {message}")
