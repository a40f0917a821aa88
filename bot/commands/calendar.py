"""`election-bot calendar`: write an election's timeline as an iCalendar (.ics) file.

    election-bot calendar --election ppc-2026                  # to standard output
    election-bot calendar --election ppc-2026 --out ppc-2026.ics

`--at` sets the file's generation instant (DTSTAMP; default: now), so that the output can be reproduced
byte for byte. Exit 0 on success; 2 for an unknown election, an invalid configuration or an unwritable
file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.commands.args import Subparsers, instant
from bot.errors import EXIT_OK, UsageError
from bot.ports.clock import system_clock


def _calendar(args: argparse.Namespace) -> int:
    from bot.commands.args import load_election, root_of
    from bot.config.calendar import to_ics

    election = load_election(args.election, root_of(args))
    data = to_ics(election, args.at or system_clock())
    if args.out in (None, "-"):
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return EXIT_OK
    path = Path(args.out)
    try:
        path.write_bytes(data)
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from None
    print(f"wrote {path} ({len(election.phases)} phases)", file=sys.stderr)
    return EXIT_OK


def register_calendar(subparsers: Subparsers) -> None:
    p = subparsers.add_parser(
        "calendar",
        help="write the election's timeline as an iCalendar (.ics) file",
        description="Write the election's phases and deadlines as an iCalendar file (RFC 5545), all times "
        "in UTC, with stable event UIDs so that re-importing updates the events.",
    )
    p.add_argument("--election", help="election id (default: the only one)")
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
    p.add_argument("--at", type=instant, help="generation instant for DTSTAMP (default: now)")
    p.set_defaults(handler=_calendar)
