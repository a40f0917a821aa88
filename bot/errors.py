"""Errors that end a command with a message for a person instead of a traceback."""

from __future__ import annotations


class UsageError(Exception):
    """Bad arguments or configuration: exit status 2, the message says what to fix."""


EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_UNAVAILABLE = 3  # GitHub or another service could not be reached: nothing was decided
EXIT_INTERNAL = 70
