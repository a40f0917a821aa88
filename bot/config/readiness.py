"""Is a live elections repository ready for its next election? The items `election-bot doctor` checks,
judged from facts the command gathered (the repository's workflow files and states, labels, visibility)
and the election configs of the checkout. Pure: one line per item, with the exact fix when it fails.

The repository's settings (the environment, its branch policy and secret names, the default branch's
required check, Actions' permission to use the bot's repository, Pages) are judged from what the command
read; where GitHub refused the token (403, or 404 for what only an admin sees), the item fails closed with
`unseen`: "could not check", and how to (an admin's token), never ready.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.config import yamlsafe
from bot.config.models import Election
from bot.config.workflows import (
    BOT_WORKFLOWS,
    CHECK_CALLER,
    DOCTOR_CALLER,
    DOCTOR_TOKEN_SECRET,
    ENVIRONMENT,
    WORKFLOWS_DIR,
    stopped,
    stopped_notice,
)
from bot.github.values import ActionsPolicy, Environment, RequiredCheck, Workflow
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
    # The Doctor's job reads its token from the environment it names: the check's, or it never finds it.
    check_env = environment_name(texts.get(CHECK_CALLER))
    doctor_env = environment_name(texts.get(DOCTOR_CALLER), "reusable-doctor.yml")
    apart = check_env is not None and doctor_env is not None and check_env != doctor_env
    if not missing and not unpinned and not apart:
        return Item("callers present and pinned to a commit", True)
    problems = []
    if missing:
        problems.append("missing: " + ", ".join(_code(f"{WORKFLOWS_DIR}/{n}") for n in missing))
    if unpinned:
        problems.append("not pinned to a 40-hex commit SHA: " + ", ".join(_code(n) for n in unpinned))
    if apart:
        problems.append(
            f"{_code(DOCTOR_CALLER)} names the environment {_code(str(doctor_env))}, "
            f"{_code(CHECK_CALLER)} {_code(str(check_env))}"
        )
    fix = "run `election-bot init . --bot-ref <the release's commit SHA>` and commit .github/workflows/"
    if apart and not (missing or unpinned):
        fix = f"pass the check's environment to the Doctor too (`with: environment: {check_env}` in {DOCTOR_CALLER})"
    return Item("callers present and pinned to a commit", False, "; ".join(problems), fix)


def pinned_bot(texts: Mapping[str, str | None], this_repo: str) -> tuple[str, str]:
    """The bot repository and commit the callers pin (`owner/repo`, SHA); this repository and "" when the
    callers call it as `$/` or name no pin."""
    for _, text in sorted(texts.items()):
        found = _PINNED.search(text or "")
        if found:
            return found[1], found[2]
    return this_repo, ""


_ENV_NAME = re.compile(r"^[A-Za-z0-9._ -]{1,255}$")


def environment_name(check_caller: str | None, reusable: str = "reusable-nomination-check.yml") -> str | None:
    """The environment the check's caller names: the `environment:` it passes (`with:`) to the reusable
    check workflow, else that input's default (`ENVIRONMENT`). None when it passes something the doctor
    cannot read as a name (an expression, say): every environment item then fails closed. `reusable`:
    another reusable workflow with the same input (the Doctor's)."""
    if check_caller is None:
        return ENVIRONMENT  # the callers item says the file is missing
    try:
        data = yamlsafe.load(check_caller).data
    except yamlsafe.RefusedError:
        return None
    jobs = data.get("jobs") if isinstance(data, dict) else None
    for job in (jobs or {}).values() if isinstance(jobs, dict) else ():
        if not (isinstance(job, dict) and reusable in str(job.get("uses", ""))):
            continue
        given = job.get("with")
        if not isinstance(given, dict) or "environment" not in given:
            return ENVIRONMENT
        name = given["environment"]
        return name if isinstance(name, str) and _ENV_NAME.match(name) and "${{" not in name else None
    return ENVIRONMENT


def unknown_environment(item: str) -> Item:
    return Item(
        item,
        False,
        f"{_code(CHECK_CALLER)} passes an `environment:` the doctor cannot read as a name",
        f"pass the environment's plain name to the check (`with: environment: {ENVIRONMENT}`)",
    )


WORKFLOWS_ITEM = "every workflow enabled"


def workflows_enabled(workflows: Sequence[Workflow]) -> Item:
    down = stopped(workflows)
    if not down:
        return Item(WORKFLOWS_ITEM, True)
    return Item(
        WORKFLOWS_ITEM,
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


# -- the repository's settings ------------------------------------------------------------------------------

ADMIN_FIX = (
    "run `election-bot doctor` again with a repository admin's token "
    "(`GITHUB_TOKEN=$(gh auth token) GITHUB_REPOSITORY=owner/name election-bot doctor`), or give the "
    f"Doctor workflow a read-only fine-grained token as the environment secret `{DOCTOR_TOKEN_SECRET}` "
    "(docs/guides/admin-guide.md)"
)


def unseen(name: str, what: str, status: int | None) -> Item:
    """An item GitHub would not show this token (a workflow's GITHUB_TOKEN, a non-admin's token): failed
    closed, with how to check it."""
    answer = f"GitHub answered {status}" if status is not None else "GitHub did not answer"
    return Item(name, False, f"could not check {what} ({answer} to this token)", ADMIN_FIX)


ENVIRONMENT_ITEM = "environment admits only the default branch"
SECRETS_ITEM = "environment holds the membership secrets"
CHECK_ITEM = "default branch requires the check from the GitHub Actions app"
ACTIONS_ITEM = "Actions may use the bot's repository"
PAGES_ITEM = "Pages built by GitHub Actions"


def environment_branches(env: Environment | None, name: str, default_branch: str) -> Item:
    """The environment exists and only the default branch may use it: a custom policy naming exactly that
    branch (other branches' copies of the workflows never see the secrets)."""
    settings = f"Settings → Environments → {name} → Deployment branches and tags"
    only = f"choose *Selected branches and tags* and add only `{default_branch}`"
    if env is None:
        return Item(
            ENVIRONMENT_ITEM,
            False,
            f"there is no environment {_code(name)}",
            f"create it (Settings → Environments → New environment: `{name}`), then {only}",
        )
    if env.branch_policy == "custom" and env.branches == (default_branch,):
        return Item(ENVIRONMENT_ITEM, True, f"{_code(name)}: {_code(default_branch)} only")
    seen = {
        "all": "every branch may use it",
        "protected": "every protected branch may use it",
        "custom": "its branch patterns are " + (", ".join(_code(b) for b in env.branches) or "none"),
    }[env.branch_policy]
    return Item(ENVIRONMENT_ITEM, False, f"{_code(name)}: {seen}", f"{settings}: {only}")


def environment_secrets(names: Sequence[str], env: str, roster: str, service: Sequence[str]) -> Item:
    """The membership secrets by name: the roster, or the service's address and token (values are never
    readable)."""
    have = set(names)
    if roster in have or all(s in have for s in service):
        used = roster if roster in have else " and ".join(service)
        return Item(SECRETS_ITEM, True, f"{_code(env)} holds {used}")
    partial = [s for s in service if s in have]
    detail = f"{_code(env)} has " + (
        "only " + ", ".join(_code(s) for s in partial)
        if partial
        else "neither " + _code(roster) + " nor " + " and ".join(_code(s) for s in service)
    )
    return Item(
        SECRETS_ITEM,
        False,
        detail,
        f"Settings → Environments → {env} → Environment secrets: add {_code(roster)} (the member list) or "
        + " and ".join(_code(s) for s in service),
    )


def required_check(
    rules: Sequence[RequiredCheck],
    protection: Sequence[RequiredCheck] | None,
    branch: str,
    name: str,
    app_id: int,
) -> Item:
    """A ruleset or the branch protection requires `name` from the GitHub Actions app (`app_id`): a check
    required from any app can be satisfied by any job called `name` (a fork's own workflow, say)."""
    found = [c for c in (*rules, *(protection or ())) if c.context == name]
    if any(c.app_id == app_id for c in found):
        return Item(CHECK_ITEM, True, f"{_code(name)} on {_code(branch)}")
    fix = (
        f"Settings → Rules → Rulesets: a ruleset for {_code(branch)} with *Require status checks to pass*, "
        f"check {_code(name)} from the app *GitHub Actions* (docs/guides/admin-guide.md)"
    )
    if found:
        apps = ", ".join("any app" if c.app_id is None else f"app {c.app_id}" for c in found)
        detail = f"{_code(name)} is required from {apps}, not from GitHub Actions ({app_id})"
    else:
        detail = f"nothing requires {_code(name)} on {_code(branch)}"
    return Item(CHECK_ITEM, False, detail, fix)


def _pattern_allows(pattern: str, target: str) -> bool:
    """GitHub's allow-list patterns: `owner/repo@ref`, `owner/repo/path@ref`, `owner/*`, with `*` as a
    wildcard (https://docs.github.com/en/repositories/managing-your-repositorys-settings-and-features/enabling-features-for-your-repository/managing-github-actions-settings-for-a-repository)."""
    regex = "^" + ".*".join(re.escape(part) for part in pattern.strip().split("*")) + "$"
    return re.match(regex, target, re.IGNORECASE) is not None


def actions_allowed(policy: ActionsPolicy, bot_repo: str, sha: str, this_repo: str) -> Item:
    """The callers' `uses: <bot_repo>/.github/workflows/reusable-….yml@<sha>` may run here, and so may the
    GitHub-owned actions the reusable workflows use (actions/checkout, …)."""
    settings = "Settings → Actions → General → Actions permissions"
    if not policy.enabled:
        return Item(ACTIONS_ITEM, False, "GitHub Actions is disabled", f"{settings}: allow actions")
    if policy.allowed == "all":
        return Item(ACTIONS_ITEM, True, "every action and reusable workflow is allowed")
    owner = this_repo.partition("/")[0]
    local = bot_repo.partition("/")[0].casefold() == owner.casefold()
    if policy.allowed == "local_only":  # "Allow <owner> actions and reusable workflows"
        if local:
            return Item(ACTIONS_ITEM, True, f"the bot's repository is {_code(owner)}'s own")
        detail = f"only {_code(owner)}'s own actions and reusable workflows may run, not {_code(bot_repo)}"
    else:
        target = f"{bot_repo}/.github/workflows/reusable-nomination-check.yml@{sha}"
        allowed = any(_pattern_allows(p, target) for p in policy.patterns)
        if allowed and policy.github_owned:
            return Item(ACTIONS_ITEM, True, f"{_code(bot_repo)} is allowed")
        missing = [] if allowed else [f"{_code(bot_repo)} matches no allowed pattern"]
        if not policy.github_owned:
            missing.append("actions created by GitHub are not allowed (actions/checkout, …)")
        detail = "; ".join(missing)
    return Item(
        ACTIONS_ITEM,
        False,
        detail,
        f"{settings}: allow {_code(bot_repo + '/*')} and actions created by GitHub",
    )


def pages(build_type: str | None, sites: Sequence[str]) -> Item:
    """When an upcoming election names its site, Pages is on and built by GitHub Actions (site.yml deploys
    it); with no `site:`, nothing to check."""
    if not sites:
        return Item(PAGES_ITEM, True, "no upcoming election names a site")
    fix = "Settings → Pages → Build and deployment → Source: *GitHub Actions*"
    if build_type == "workflow":
        return Item(PAGES_ITEM, True, ", ".join(sites))
    if build_type is None:
        return Item(PAGES_ITEM, False, "Pages is not set up, but `site:` names " + ", ".join(sites), fix)
    return Item(PAGES_ITEM, False, f"Pages is built from a branch ({build_type})", fix)


# -- the Doctor workflow's job summary ----------------------------------------------------------------------

_TOKEN_NOTES = {
    "secret": f"token: the environment secret `{DOCTOR_TOKEN_SECRET}` (read-only, fine-grained)",
    "job": (
        f"token: the job's GITHUB_TOKEN (no `{DOCTOR_TOKEN_SECRET}` in the environment), which cannot read "
        "what only an admin sees"
    ),
}


def token_note(used: str | None) -> str:
    """Which token the Doctor workflow gave the doctor (its step sets ELECTION_BOT_DOCTOR_TOKEN_USED); ""
    outside it."""
    return _TOKEN_NOTES.get(used or "", "")


def summary(head: str, token: str, items: Sequence[Item], verdict: str) -> str:
    """The job summary (Markdown): the same lines as the output, one list item each."""
    lines = [f"### {head}", ""]
    if token:
        lines += [token, ""]
    lines += [f"- {item.line()}" for item in items]
    lines += ["", f"**{verdict}**", ""]
    return "\n".join(lines)
