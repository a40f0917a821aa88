"""`election-bot doctor`: a read-only readiness check of a live elections repository before an election,
run by an admin (their token) or from a workflow_dispatch job. One line per item with the exact fix;
exit 0 only when every item it checks is ready. At most 12 requests (the workflow folder, each of the
seven workflow files, the workflows' states, the labels, the repository), well within ~25.
"""

from __future__ import annotations

import argparse
import os
from datetime import datetime

from bot.commands.args import Subparsers, instant

# Items this version cannot ask GitHub about yet: listed, never claimed ready.
BY_HAND = (
    "environment `election-bot` exists, admits only the default branch and holds the secret names "
    "(ELECTION_BOT_ROSTER_CSV, or ELECTION_BOT_MEMBERSHIP_URL and ELECTION_BOT_MEMBERSHIP_TOKEN): "
    "Settings → Environments",
    "the default branch's ruleset or protection requires `nomination` from the GitHub Actions app: "
    "Settings → Rules (docs/guides/admin-guide.md, step 6)",
    "Actions may use the pinned bot repository: Settings → Actions → General → Actions permissions",
    "GitHub Pages is set to GitHub Actions when `site:` is set: Settings → Pages",
)


def _doctor(args: argparse.Namespace) -> int:
    from bot.commands.args import root_of
    from bot.config import readiness
    from bot.config.workflows import BOT_WORKFLOWS, WORKFLOWS_DIR
    from bot.errors import EXIT_FINDINGS, EXIT_OK
    from bot.github.gateway import Gateway
    from bot.github.port import GitHubError
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
    try:
        workflows = gh.list_workflows()
    except GitHubError as error:
        if error.status not in (403, 404):
            raise
        workflows = []
    items = [
        readiness.visibility(repo.private),
        readiness.callers(texts),
        readiness.workflows_enabled(workflows),
        readiness.labels_present([label.name for label in gh.list_labels()], list(FIXED.values())),
        readiness.configs(len(checkout.config_findings)),
        readiness.timeline(elections, at),
        readiness.draw_sources(elections, at),
        readiness.admins_pinned(elections, at),
    ]
    print(f"election-bot doctor: {repo.full_name} (default branch {branch})")
    for item in items:
        print(item.line())
    for text in BY_HAND:
        print(f"? check by hand: {text}")
    ready = all(item.ok for item in items)
    print(("ready" if ready else "not ready") + f"; {gh.stats.summary()}")
    return EXIT_OK if ready else EXIT_FINDINGS


def register_doctor(subparsers: Subparsers) -> None:
    p = subparsers.add_parser(
        "doctor",
        help="check, read-only, that a live repository is ready for its next election",
        description="Read-only readiness check of the repository named by GITHUB_REPOSITORY (token: "
        "GITHUB_TOKEN, an admin's or a workflow_dispatch job's) and the election configs in the checkout: "
        "the visibility, the callers pinned to a commit, every workflow enabled, the labels, the timeline, "
        "the draw sources, the admins pinned by id. One line per item with its fix; exit 0 only when ready, "
        "1 when something is not.",
    )
    p.add_argument(
        "--at", type=instant, default=None, help="judge the timeline at this instant (default: now)"
    )
    p.set_defaults(handler=_doctor)
