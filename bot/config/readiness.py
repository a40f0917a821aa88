"""Is a live elections repository ready for its next election? The items `election-bot doctor` checks,
judged from facts the command gathered (the repository's workflow files and states, labels, visibility)
and the election configs of the checkout. Pure: one line per item, with the exact fix when it fails.

What is not judged here yet (the environment and its secret names and branch policy, the default branch's
ruleset requiring `nomination` from the GitHub Actions app, Actions' permission to use the bot's
repository, Pages) is listed by the command as "check by hand", so a ready answer never claims it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.config.models import Election
from bot.config.workflows import BOT_WORKFLOWS, WORKFLOWS_DIR, stopped, stopped_notice
from bot.github.values import Workflow
from bot.text.labels import Label

_PINNED = re.compile(r"^\s*uses:\s*(\S+?)/\.github/workflows/reusable-[a-z-]+\.yml@([0-9a-f]{40})\b", re.M)
_SELF = re.compile(r"^\s*uses:\s*\$/\.github/workflows/reusable-[a-z-]+\.yml\s*$", re.M)
_ANY_CALL = re.compile(r"^\s*uses:\s*\S*\.github/workflows/reusable-", re.M)


@dataclass(frozen=True, slots=True)
class Item:
    """One line of the answer: what was checked, whether it holds, and if not, what to do."""

    name: str
    ok: bool
    detail: str = ""
    fix: str = ""

    def line(self) -> str:
        if self.ok:
            return f"✓ {self.name}" + (f": {self.detail}" if self.detail else "")
        return f"✗ {self.name}: {self.detail} — fix: {self.fix}"


def _code(text: str) -> str:
    return f"`{text}`"


def visibility(private: bool) -> Item:
    if not private:
        return Item("repository public", True)
    return Item(
        "repository public",
        False,
        "the repository is private: environment secrets need a paid plan there, and scheduled jobs are billed",
        "make it public (Settings → General → Danger Zone → Change visibility), or check your plan's limits",
    )


def callers(texts: Mapping[str, str | None]) -> Item:
    """Every workflow `init` writes is on the default branch, and each that calls the bot's reusable
    workflows calls them at one full commit SHA (a release's), never a branch or a tag."""
    missing = [name for name in BOT_WORKFLOWS if texts.get(name) is None]
    unpinned = [
        name
        for name, text in sorted(texts.items())
        if text is not None and _ANY_CALL.search(text) and not (_PINNED.search(text) or _SELF.search(text))
    ]
    if not missing and not unpinned:
        return Item("callers present and pinned to a commit", True)
    problems = []
    if missing:
        problems.append("missing: " + ", ".join(_code(f"{WORKFLOWS_DIR}/{n}") for n in missing))
    if unpinned:
        problems.append("not pinned to a 40-hex commit SHA: " + ", ".join(_code(n) for n in unpinned))
    return Item(
        "callers present and pinned to a commit",
        False,
        "; ".join(problems),
        "run `election-bot init . --bot-ref <the release's commit SHA>` and commit .github/workflows/",
    )


def workflows_enabled(workflows: Sequence[Workflow]) -> Item:
    down = stopped(workflows)
    if not down:
        return Item("every workflow enabled", True)
    return Item(
        "every workflow enabled",
        False,
        ", ".join(f"{_code(w.file)} is {w.state}" for w in down),
        " ".join(stopped_notice(w, _code) for w in down),
    )


def labels_present(have: Sequence[str], wanted: Sequence[Label]) -> Item:
    names = {name.casefold() for name in have}
    missing = [label.name for label in wanted if label.name.casefold() not in names]
    if not missing:
        return Item("labels present", True)
    return Item(
        "labels present",
        False,
        "missing: " + ", ".join(_code(n) for n in missing),
        "`GITHUB_TOKEN=… GITHUB_REPOSITORY=owner/name election-bot labels --apply`",
    )


def configs(invalid: int) -> Item:
    if not invalid:
        return Item("election configs valid", True)
    return Item(
        "election configs valid",
        False,
        f"{invalid} problem(s) in nominations/*/election.yaml",
        "run `election-bot validate nominations/<id>/election.yaml` and fix what it says",
    )


def timeline(elections: Sequence[Election], at: datetime) -> Item:
    """The next election's nominations open after now; its phases follow in order (the loader already
    refuses phases out of order, so here: something is still to come)."""
    upcoming = [e for e in elections if max(p.end for p in e.phases) > at]
    if not upcoming:
        return Item(
            "timeline in the future",
            False,
            "every election in nominations/ has ended",
            "add the next election's nominations/<id>/election.yaml (`election-bot init` writes one)",
        )
    late = [e.id for e in upcoming if e.nominations.start <= at]
    if late:
        return Item(
            "timeline in the future",
            False,
            "nominations already opened for " + ", ".join(_code(i) for i in late),
            "check the dates in election.yaml; the doctor is for before an election starts",
        )
    return Item("timeline in the future", True, ", ".join(_code(e.id) for e in upcoming))


def draw_sources(elections: Sequence[Election], at: datetime) -> Item:
    bare = [e.id for e in elections if max(p.end for p in e.phases) > at and not e.draw]
    if not bare:
        return Item("draw sources set", True)
    return Item(
        "draw sources set",
        False,
        "no `draw:` source for " + ", ".join(_code(i) for i in bare) + " (a tie could not be drawn)",
        "add a `draw:` entry to election.yaml (docs/explanation/results.md, *The random draw*)",
    )


def admins_pinned(elections: Sequence[Election], at: datetime) -> Item:
    loose = sorted(
        {a.login for e in elections if max(p.end for p in e.phases) > at for a in e.admins if a.id is None}
    )
    if not loose:
        return Item("admins pinned by numeric id", True)
    return Item(
        "admins pinned by numeric id",
        False,
        "no `id:` for "
        + ", ".join(_code(login) for login in loose)
        + " (a renamed account's login could be taken)",
        "add `id: <number>` to each admin in election.yaml (`gh api users/<login> --jq .id`)",
    )
