"""`election-bot labels [--apply]`: the labels the bot uses, and with `--apply` create the missing ones up
front (the bot otherwise creates each the first time it needs it). `nominee:<login>` labels are made
per nominee by the pull-request check and are not listed."""

from __future__ import annotations

import argparse
import os

from bot.errors import EXIT_OK


def bot_labels() -> list[tuple[str, str, str]]:
    """(name, colour, description) of every fixed label, each once: the check's, then the reconciler's."""
    from bot.commands.reconcile import LABELS as PHASE_LABELS
    from bot.core.prcheck import LABELS as CHECK_LABELS
    from bot.core.prcheck import SHARED_LABELS

    seen: dict[str, tuple[str, str, str]] = {}
    for spec in [*CHECK_LABELS.values(), *SHARED_LABELS.values()]:
        seen.setdefault(spec.name, (spec.name, spec.color, spec.description))
    for label in PHASE_LABELS.values():
        seen.setdefault(label.name, (label.name, label.color, label.description))
    return list(seen.values())


def _labels(args: argparse.Namespace) -> int:
    labels = bot_labels()
    for name, color, description in labels:
        print(f"  {name:<24} #{color}  {description}")
    if not args.apply:
        print(f"{len(labels)} label(s); `--apply` creates the missing ones (GITHUB_TOKEN, GITHUB_REPOSITORY)")
        return EXIT_OK
    from bot.ports.github import Gateway
    from bot.ports.github_types import Label

    gh = Gateway.from_env(os.environ)
    created = gh.ensure_labels([Label(name, color, description) for name, color, description in labels])
    print(
        f"{created} label(s) created on {gh.repo}, {len(labels) - created} already there; {gh.stats.summary()}"
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
