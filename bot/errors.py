"""Errors that end a command with a message for a person instead of a traceback, and the one table of
exit statuses every command uses (docs/reference/exit-statuses.md shows `MEANINGS`, and a test compares)."""

from __future__ import annotations


class UsageError(Exception):
    """Bad arguments or configuration: exit status 2, the message says what to fix."""


class ConfigurationError(UsageError):
    """What a port was given to reach a service (a repository name, a token, an API URL) cannot be used:
    a configuration error, exit status 2 like every usage error, raised below the command line."""


EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_UNAVAILABLE = 3  # GitHub or another service could not be reached: nothing was decided
EXIT_INTERNAL = 70
EXIT_OUTPUT_CLOSED = 141  # 128 + SIGPIPE, as a shell reports a writer whose reader went away

MEANINGS: dict[int, str] = {
    EXIT_OK: "no errors (warnings, such as unverified membership, may be listed)",
    EXIT_FINDINGS: "at least one error in the input (a nomination needs changes, a PR awaits consent, a tie "
    "awaits resolution)",
    EXIT_USAGE: "usage or configuration error: bad arguments, an invalid `election.yaml` (reported as "
    "`file:line: CODE`), an unreadable roster, a malformed event payload, or GitHub refusing the token "
    "(401, 403, 404: a token without the permission, or a repository it cannot see)",
    EXIT_UNAVAILABLE: "GitHub (or the membership service) could not be reached: nothing was decided, "
    "nothing is claimed valid; a re-run converges",
    EXIT_INTERNAL: "an internal error; no traceback is shown unless `ELECTION_BOT_DEBUG=1`",
    EXIT_OUTPUT_CLOSED: "whatever read the output closed it first (`election-bot timeline` piped into `head -1`): the "
    "command stopped there and gives no verdict, so a pipeline with `pipefail` never reads it as 0",
}

# GitHub's answers that mean "this token or this configuration cannot do it": re-running will not help.
REFUSED_STATUSES = frozenset({401, 403, 404})


def github_exit(status: int | None, transient: bool) -> int:
    """The exit status for a GitHub failure: a refusal of the token is a configuration error (2); a
    failure that outlasted the retries, or any other answer, means nothing was decided (3)."""
    if not transient and status in REFUSED_STATUSES:
        return EXIT_USAGE
    return EXIT_UNAVAILABLE
