"""`election-bot schemas`: write (or check) the JSON Schemas and the election.yaml reference generated from
the models."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.commands.args import Subparsers

REFERENCE = "docs/reference/election-yaml.md"


def _schemas(args: argparse.Namespace) -> int:
    from bot.config.reference import write_reference
    from bot.config.schemas import write_schemas

    stale = write_schemas(Path(args.out), check=args.check)
    if not args.no_reference and write_reference(Path(args.reference), check=args.check):
        stale.append(args.reference)
    if args.check and stale:
        print(f"stale: {', '.join(stale)}; run `election-bot schemas`", file=sys.stderr)
        return 1
    return 0


def register_schemas(subparsers: Subparsers) -> None:
    p = subparsers.add_parser(
        "schemas", help="write the JSON Schemas and the election.yaml reference generated from the models"
    )
    p.add_argument("--out", default="schemas", help="the folder of the JSON Schemas (default: schemas)")
    p.add_argument(
        "--reference",
        default=REFERENCE,
        metavar="FILE",
        help=f"the election.yaml reference, whose generated part is rewritten (default: {REFERENCE})",
    )
    p.add_argument(
        "--no-reference",
        action="store_true",
        help="only the JSON Schemas: refresh the copies `init` wrote into an elections repository",
    )
    p.add_argument("--check", action="store_true", help="only check that the files are current")
    p.set_defaults(handler=_schemas)
