"""`election-bot doctor`: a read-only readiness check of a live elections repository before an election,
run by an admin (their token) or from a workflow_dispatch job. One line per item with the exact fix;
exit 0 only when every item is ready. At most 20 requests (the workflow folder, each of the eight workflow
files, the workflows' states, the labels, the repository; the environment, its branch patterns and secret
names, the default branch's rules and protection, Actions permissions and the allowed patterns, Pages),
within ~25. What GitHub will not show the token (403, or 404 where only an admin sees) fails closed:
"could not check", with how to (an admin's token, or the Doctor workflow's stored read-only token).
Under GitHub Actions the lines also go to the job summary. The environment is the one the check's caller
names (`environment:`), `election-bot` by default.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from bot.commands.args import Subparsers, instant

T = TypeVar("T")


def _doctor(args: argparse.Namespace) -> int:
    from bot.commands.args import root_of
    from bot.config import readiness
    from bot.config.workflows import (
        BOT_WORKFLOWS,
        CHECK_CALLER,
        ROSTER_SECRET_NAME,
        SERVICE_SECRET_NAMES,
        WORKFLOWS_DIR,
    )
    from bot.errors import EXIT_FINDINGS, EXIT_OK
    from bot.github.gateway import Gateway
    from bot.github.port import GitHubError, GitHubUnavailable
    from bot.nominations.constants import CHECK_APP_ID, CHECK_NAME
    from bot.ports.actions import append_summary, summary_path
    from bot.ports.checkout import read_checkout
    from bot.ports.clock import system_clock
    from bot.text.labels import FIXED

    at: datetime = args.at or system_clock()
    checkout = read_checkout(root_of(args))
    elections = [f.election for f in checkout.facts]
    gh = Gateway.from_env(os.environ)
    repo = gh.get_repository()
    branch = repo.default_branch
    present = {
        e.path.rpartition("/")[2] for e in gh.list_directory(WORKFLOWS_DIR, branch) if e.kind == "file"
    }
    texts: dict[str, str | None] = {}
    for name in BOT_WORKFLOWS:
        found = gh.get_file(f"{WORKFLOWS_DIR}/{name}", branch, 256 * 1024) if name in present else None
        texts[name] = (
            found.content.decode("utf-8", "replace")
            if found is not None and found.content is not None
            else None
        )

    def read(item: str, what: str, call: Callable[[], T]) -> T | readiness.Item:
        """A setting, or the item failed closed when GitHub will not show it to this token."""
        try:
            return call()
        except GitHubUnavailable:
            raise
        except GitHubError as error:
            if error.status not in (401, 403, 404):
                raise
            return readiness.unseen(item, what, error.status)

    # Never "every workflow enabled" from a list the token was refused (fail closed).
    workflows = read(readiness.WORKFLOWS_ITEM, "the workflows' states", gh.list_workflows)
    workflows_item = (
        workflows if isinstance(workflows, readiness.Item) else readiness.workflows_enabled(workflows)
    )
    # The environment the check's caller passes to the reusable check (its default: `election-bot`).
    environment = readiness.environment_name(texts.get(CHECK_CALLER))
    env_item: readiness.Item
    secrets_item: readiness.Item
    if environment is None:
        env_item = readiness.unknown_environment(readiness.ENVIRONMENT_ITEM)
        secrets_item = readiness.unknown_environment(readiness.SECRETS_ITEM)
    else:
        name = environment
        env = read(readiness.ENVIRONMENT_ITEM, "the environment", lambda: gh.get_environment(name))
        env_item = (
            env if isinstance(env, readiness.Item) else readiness.environment_branches(env, name, branch)
        )
        if env is None or isinstance(env, readiness.Item):
            secrets_item = readiness.Item(
                readiness.SECRETS_ITEM, False, f"no environment `{name}` to hold them", env_item.fix
            )
        else:
            names = read(
                readiness.SECRETS_ITEM,
                "the environment's secret names",
                lambda: gh.list_environment_secret_names(name),
            )
            secrets_item = (
                names
                if isinstance(names, readiness.Item)
                else readiness.environment_secrets(names, name, ROSTER_SECRET_NAME, SERVICE_SECRET_NAMES)
            )
    rules = read(readiness.CHECK_ITEM, "the branch's rules", lambda: gh.branch_rule_checks(branch))
    check_item: readiness.Item
    if isinstance(rules, readiness.Item):
        check_item = rules
    else:
        check_item = readiness.required_check(rules, None, branch, CHECK_NAME, CHECK_APP_ID)
        if not check_item.ok:  # classic branch protection may require it instead (an admin's token)
            protection = read(
                readiness.CHECK_ITEM, "the branch protection", lambda: gh.protection_checks(branch)
            )
            check_item = (
                protection
                if isinstance(protection, readiness.Item)
                else readiness.required_check(rules, protection, branch, CHECK_NAME, CHECK_APP_ID)
            )
    bot_repo, sha = readiness.pinned_bot(texts, repo.full_name)
    policy = read(readiness.ACTIONS_ITEM, "the Actions permissions", gh.get_actions_policy)
    actions_item = (
        policy
        if isinstance(policy, readiness.Item)
        else readiness.actions_allowed(policy, bot_repo, sha, repo.full_name)
    )
    sites = sorted(
        {e.site for e in elections if e.site and max(p.end for p in e.phases) > at}  # upcoming ones
    )
    pages_item = readiness.pages(None, [])
    if sites:
        build = read(readiness.PAGES_ITEM, "the Pages site", gh.pages_build_type)
        pages_item = build if isinstance(build, readiness.Item) else readiness.pages(build, sites)

    items = [
        readiness.visibility(repo.private),
        readiness.callers(texts),
        workflows_item,
        env_item,
        secrets_item,
        readiness.labels_present([label.name for label in gh.list_labels()], list(FIXED.values())),
        check_item,
        actions_item,
        pages_item,
        readiness.configs(len(checkout.config_findings)),
        readiness.timeline(elections, at),
        readiness.draw_sources(elections, at),
        readiness.admins_pinned(elections, at),
    ]
    ready = all(item.ok for item in items)
    head = f"election-bot doctor: {repo.full_name} (default branch {branch})"
    token = readiness.token_note(os.environ.get("ELECTION_BOT_DOCTOR_TOKEN_USED"))
    verdict = "ready" if ready else "not ready"
    print(head)
    if token:
        print(token)
    for item in items:
        print(item.line())
    print(f"{verdict}; {gh.stats.summary()}")
    append_summary(summary_path(os.environ), readiness.summary(head, token, items, verdict))
    return EXIT_OK if ready else EXIT_FINDINGS


def register_doctor(subparsers: Subparsers) -> None:
    p = subparsers.add_parser(
        "doctor",
        help="check, read-only, that a live repository is ready for its next election",
        description="Read-only readiness check of the repository named by GITHUB_REPOSITORY (token: "
        "GITHUB_TOKEN, an admin's or a workflow_dispatch job's) and the election configs in the checkout: "
        "the visibility, the callers pinned to a commit, every workflow enabled, the environment (only the "
        "default branch, the membership secrets' names), the labels, the default branch requiring the "
        "`nomination` check from the GitHub Actions app, Actions allowed to use the bot's repository, Pages "
        "when a site is named, the timeline, the draw sources, the admins pinned by id. One line per item "
        "with its fix; what the token may not see is 'could not check' (use an admin's token, or give the "
        "Doctor workflow, doctor.yml, a read-only fine-grained token), never ready. The environment is the one "
        "the check's caller passes (`election-bot` by default). Under GitHub Actions the lines also go to the "
        "job summary. "
        "Exit 0: ready; 1: something is not ready (its line says the fix); 2: usage or configuration error "
        "(no GITHUB_REPOSITORY or GITHUB_TOKEN, or a token GitHub refuses outright); 3: GitHub could not be "
        "reached.",
    )
    p.add_argument(
        "--at", type=instant, default=None, help="judge the timeline at this instant (default: now)"
    )
    p.set_defaults(handler=_doctor)
