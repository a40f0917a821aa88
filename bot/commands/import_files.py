"""`election-bot import`: candidate files of an election already run in public (an Elekto election
folder's `candidate-*.md`, or an OpenStack candidacy folder) become nomination files of this format in
`nominations/<id>/`, statements kept; it prints what each nominee must still add before the check
accepts the file. Never overwrites a file."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.commands.args import Subparsers
from bot.errors import EXIT_OK, UsageError

MAX_SOURCE_BYTES = 1_048_576


def _sources(folder: Path, kind: str) -> list[Path]:
    if not folder.is_dir():
        raise UsageError(f"--{kind} {folder}: not a folder")
    if kind == "elekto":
        found = sorted(folder.glob("candidate-*.md"))
    else:
        found = sorted(p for p in folder.iterdir() if p.is_file() and "@" in p.name)
    if not found:
        what = "candidate-*.md files" if kind == "elekto" else "candidacy files named after an e-mail address"
        raise UsageError(f"--{kind} {folder}: no {what} in it")
    return found


def _import(args: argparse.Namespace) -> int:
    from bot.commands.args import load_election, root_of
    from bot.nominations.importing import SourceError, from_elekto, from_openstack

    root = root_of(args)
    election = load_election(args.election, root)
    kind, folder = ("elekto", args.elekto) if args.elekto else ("openstack", args.openstack)
    convert = from_elekto if kind == "elekto" else from_openstack
    target = root / election.id
    for source in _sources(Path(folder), kind):
        if source.stat().st_size > MAX_SOURCE_BYTES:
            raise UsageError(f"{source}: larger than {MAX_SOURCE_BYTES} bytes; is it a candidate file?")
        try:
            imported = convert(source.read_text(encoding="utf-8"), source.name, election)
        except (SourceError, UnicodeDecodeError) as error:
            raise UsageError(f"{source}: {error}") from None
        path = target / f"{imported.login}.md"
        shown = path.relative_to(root.parent) if path.is_relative_to(root.parent) else path
        if path.exists():
            print(f"kept (exists, not overwritten): {shown}")
            continue
        path.write_text(imported.text, encoding="utf-8")
        print(f"wrote {shown} from {source.name}; the nominee must still add:")
        for item in imported.todo:
            print(f"  - {item}")
    print(
        f"\nThen each file is checked with:  election-bot validate nominations/{election.id}/<login>.md "
        "(and on its pull request, which the nominee opens or consents to)."
    )
    return EXIT_OK


def register_import(subparsers: Subparsers) -> None:
    p = subparsers.add_parser(
        "import",
        help="turn an Elekto or OpenStack election's candidate files into nomination files",
        description="Write nominations/<id>/<login>.md for each candidate file of an election already run "
        "in public, keeping the statement, and list what each nominee must still add (membership, "
        "affiliations, attestations; for OpenStack also the name and GitHub login). Never overwrites a file.",
    )
    p.add_argument("--election", help="the election to import into (default: the only one)")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--elekto", metavar="DIR", help="an Elekto election folder (its candidate-*.md files)"
    )
    source.add_argument(
        "--openstack", metavar="DIR", help="an OpenStack candidacy folder, e.g. candidates/2024.2/TC"
    )
    p.set_defaults(handler=_import)
