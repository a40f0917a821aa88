"""`election-bot labels [--apply]`: the labels the bot uses, and with `--apply` create the missing ones up
front (the bot otherwise creates each the first time it needs it). `nominee:<login>` labels are made
per nominee by the pull-request check and are not listed."""

from __future__ import annotations

import argparse
import os

from bot.errors import EXIT_OK
from bot.text import wording


def _labels(args: argparse.Namespace) -> int:
    from bot.github.gateway import Gateway
    from bot.text.labels import FIXED

    labels = list(FIXED.values())
    for label in labels:
        print(f"  {label.name:<24} #{label.color}  {label.description}")
    if not args.apply:
        print(
            f"{wording.count(len(labels), 'label')}; `--apply` creates the missing ones (GITHUB_TOKEN, GITHUB_REPOSITORY)"
        )
        return EXIT_OK
    gh = Gateway.from_env(os.environ)
    created = gh.ensure_labels(labels)
    print(
        f"{wording.count(created, 'label')} created on {gh.repo}, {len(labels) - created} already there; {gh.stats.summary()}"
    )
    return EXIT_OK


def register_labels(subparsers: object) -> None:
    p = subparsers.add_parser(  # type: ignore[attr-defined]
        "labels",
        help="list the bot's labels; --apply creates the missing ones on GitHub",
        description="The labels of nomination pull requests and announcement issues. With --apply, create "
        "those the repository lacks (existing labels are left as they are).",
    )
    p.add_argument("--apply", action="store_true", help="create the missing labels (needs GITHUB_TOKEN)")
    p.set_defaults(handler=_labels)
