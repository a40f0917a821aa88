"""What a run of the check is given by GitHub Actions: the environment, the event payload, the gateway
and the membership directory. A malformed payload or a missing variable is a configuration error
(exit 2) before anything is written."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from bot import nominations as prcheck
from bot.errors import UsageError
from bot.github.gateway import Gateway
from bot.github.port import GitHubPort
from bot.nominations import EventFacts, Ignored, PayloadError
from bot.nominations.membership import MembershipAnswer, MembershipState
from bot.ports.actions import summary_path
from bot.ports.directory import DirectoryError, MembershipDirectory, directory_from

log = logging.getLogger(__name__)

PR_NUMBER_ENV = "ELECTION_BOT_PR_NUMBER"


_PR_NUMBER = re.compile(r"[1-9][0-9]{0,8}", re.ASCII)  # not `str.isdigit`: it admits "²" and "١"


GatewayFactory = Callable[[Mapping[str, str]], GitHubPort]


@dataclass(frozen=True, slots=True)
class ActionsEnv:
    event_name: str
    event_path: str
    repository: str
    step_summary: str | None
    pr_number: int | None

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> ActionsEnv:
        raw_number = environ.get(PR_NUMBER_ENV, "").strip()
        if raw_number and not _PR_NUMBER.fullmatch(raw_number):
            raise UsageError(f"{PR_NUMBER_ENV} must be a pull request number, not {raw_number[:20]!r}")
        return cls(
            event_name=environ.get("GITHUB_EVENT_NAME", "").strip(),
            event_path=environ.get("GITHUB_EVENT_PATH", "").strip(),
            repository=environ.get("GITHUB_REPOSITORY", "").strip(),
            step_summary=summary_path(environ),
            pr_number=int(raw_number) if raw_number else None,
        )


def read_payload(path: str) -> Any:
    if not path:
        raise UsageError("GITHUB_EVENT_PATH is not set (the file with the event's payload)")
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except OSError as error:
        raise UsageError(f"cannot read the event payload {path}: {error.strerror or error}") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise UsageError(f"the event payload {path} is not JSON") from None
    except RecursionError:  # `[[[[...]]]]`: no GitHub event nests like that
        raise UsageError(f"the event payload {path} is nested too deeply to be a GitHub event") from None


def resolve_event(env: ActionsEnv, payload: Any) -> EventFacts | Ignored:
    """The event, with the pull request number checked against the workflow's (if it gave one)."""
    if env.event_name in ("workflow_run", "workflow_dispatch"):
        # The relay's completion (GitHub's record of the run named the PR), or the cut-off pass's dispatch
        # (the workflow's input, checked to be digits): the payload has no usable number.
        if env.pr_number is None:
            return Ignored(f"a {env.event_name} event without {PR_NUMBER_ENV}: nothing to check")
        if not isinstance(payload, dict):
            raise PayloadError("the event payload is not a JSON object")
        action = "completed" if env.event_name == "workflow_run" else "dispatched"
        return EventFacts(env.event_name, action, env.pr_number, env.repository)
    event = prcheck.parse_event(env.event_name, payload)
    if isinstance(event, EventFacts):
        if env.pr_number is not None and env.pr_number != event.number:
            raise PayloadError(
                f"{PR_NUMBER_ENV}={env.pr_number} but the event is about #{event.number}; refusing to guess"
            )
        if env.repository and event.repository.lower() != env.repository.lower():
            raise PayloadError(
                f"the event is about {event.repository}, not GITHUB_REPOSITORY={env.repository}"
            )
    return event


def gateway_from_env(environ: Mapping[str, str]) -> GitHubPort:
    """The real gateway (its environment conventions, loopback pacing included, live in the gateway)."""
    return Gateway.from_env(environ)


class _FailedDirectory:
    """A directory whose configuration is unusable: every answer is "could not verify" (fail closed)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def lookup(self, login: str, user_id: int | None = None) -> MembershipAnswer:
        return MembershipAnswer(MembershipState.unverified, reason=self.reason)


def directory_or_failure(environ: Mapping[str, str]) -> MembershipDirectory:
    try:
        return directory_from(None, environ)
    except DirectoryError as error:
        log.warning("membership directory unusable: %s", error)
        return _FailedDirectory(
            "the membership directory is misconfigured; the admins have been told in the log"
        )
