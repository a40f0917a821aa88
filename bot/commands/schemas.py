"""`election-bot schemas`: write (or check) the JSON Schemas generated from the models."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.commands.args import Subparsers


def _schemas(args: argparse.Namespace) -> int:
    from bot.config.schemas import write_schemas

    stale = write_schemas(Path(args.out), check=args.check)
    if args.check and stale:
        print(f"stale schemas: {', '.join(stale)}; run `election-bot schemas`", file=sys.stderr)
        return 1
    return 0


def register_schemas(subparsers: Subparsers) -> None:
    p = subparsers.add_parser("schemas", help="write the JSON Schemas generated from the models")
    p.add_argument("--out", default="schemas")
    p.add_argument("--check", action="store_true", help="only check that the files are current")
    p.set_defaults(handler=_schemas)
