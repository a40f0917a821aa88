"""`election-bot draw`: order tied candidates by a verifiable random draw (RFC 3797 method).

The method is in `bot.results.draw`; the recipe for recomputing it by hand is in
docs/explanation/results.md.
"""

from __future__ import annotations

import argparse
import json
import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.commands.args import Subparsers, instant
from bot.config.timeline import format_utc
from bot.errors import UsageError

if TYPE_CHECKING:
    from bot.results.draw import Draw

# The core is imported inside `_draw`: `election-bot --help` stays fast.

_VALUE = re.compile(r"^\s*([0-9]{1,3})\s*=(.*)$", re.DOTALL)


def parse_values(items: list[str]) -> dict[int, str]:
    given: dict[int, str] = {}
    for item in items:
        match = _VALUE.match(item)
        if match is None:
            raise UsageError(
                f"--value {item!r}: write SOURCE=VALUE, where SOURCE is the source's number (1, 2, ...)"
            )
        number = int(match.group(1))
        if number in given:
            raise UsageError(f"--value: source {number} is given twice")
        given[number] = match.group(2)
    return given


def draw_document(draw: Draw, at: datetime) -> dict[str, Any]:
    return {
        "election": draw.election,
        "at": format_utc(at),
        "tied": list(draw.tied),
        "values": list(draw.values),
        "sources": [{"value": v.value, "origin": v.origin, "url": v.url} for v in draw.sources],
        "canonical_input": draw.canonical,
        "seed": draw.seed,
        "steps": [
            {
                "position": s.position,
                "hashed": s.message,
                "digest": s.digest,
                "remaining": list(s.remaining),
                "index": s.index,
                "chosen": s.chosen,
            }
            for s in draw.steps
        ],
        "order": list(draw.order),
    }


def resolution_snippet(draw: Draw) -> str:
    """The entry to paste under `ties:` in the resolutions file (values are safe to quote)."""
    tied = ", ".join(f'"{login}"' for login in draw.tied)
    lines = [f"  - tied: [{tied}]", "    draw:", "      values:"]
    lines += [f'        {n}: "{v}"' for n, v in enumerate(draw.values, 1)]
    order = ", ".join(f'"{login}"' for login in draw.order)
    lines.append(f"      order: [{order}]")
    return "\n".join(lines)


def format_draw(draw: Draw, at: datetime) -> str:
    width = len(str(len(draw.steps)))
    out = [
        f"Random draw for {draw.election} at {format_utc(at)} (RFC 3797 method, SHA-256)",
        f"Tied: {', '.join(draw.tied)}",
        *(
            f"Source {n}: {v.origin}" + (f" — {v.url}" if v.url else "") + f"\n  value: {v.value}"
            for n, v in enumerate(draw.sources, 1)
        ),
        "",
        "Canonical input (each line ends with a newline):",
        *(f"  {line}" for line in draw.canonical.splitlines()),
        "",
        f"Seed = SHA-256(canonical input) = {draw.seed}",
        "Check it:",
        f"  {draw.printf_command()}",
        "",
    ]
    for step in draw.steps:
        out.append(f'Position {step.position:>{width}}: SHA-256("{step.message}") = {step.digest}')
        out.append(
            f"  mod {len(step.remaining)} = {step.index} → {step.chosen}   (remaining: {', '.join(step.remaining)})"
        )
    out += [
        "",
        f"Order (first ranks highest): {', '.join(draw.order)}",
        "",
        "For the resolutions file (under `ties:`):",
        resolution_snippet(draw),
    ]
    return "\n".join(out)


def _draw(args: argparse.Namespace) -> int:
    from bot.commands.args import load_election, root_of
    from bot.ports.clock import system_clock
    from bot.results.draw import DrawError, run_draw, source_values

    election = load_election(args.election, root_of(args))
    at = args.at or system_clock()
    given = parse_values(args.value or [])
    try:
        values = source_values(election.draw, given, at)
        draw = run_draw(election.id, args.tied or [], values)
    except DrawError as error:
        raise UsageError(str(error)) from None
    if args.format == "json":
        print(json.dumps(draw_document(draw, at), indent=2))
    else:
        print(format_draw(draw, at))
    return 0


def register_draw(subparsers: Subparsers) -> None:
    p = subparsers.add_parser(
        "draw",
        help="order tied candidates by a verifiable random draw (RFC 3797 method)",
        description="Order tied candidates from public values published after the vote (the election's "
        "`draw` sources, each naming one value: a drand source its one round, the first at or after its "
        "`available_after`). Same inputs, same order, on any machine; the output says which value each "
        "source is and why, and how to recompute the draw with standard tools. Exit 0: drawn; 2: usage "
        "error (missing value, another round, too early, ...).",
    )
    p.add_argument("--election", required=True, help="election id")
    p.add_argument("--tied", action="append", metavar="LOGIN", help="a tied candidate (give each one)")
    p.add_argument(
        "--value",
        action="append",
        metavar="SOURCE=VALUE",
        help="the published value of a draw source; SOURCE is its number in election.yaml's `draw` list "
        "(for drand: 'round N RANDOMNESS' of the one round the source names)",
    )
    p.add_argument("--at", type=instant, help="the moment of the draw (default: now)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(handler=_draw)
