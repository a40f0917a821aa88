"""A verifiable random draw to order tied candidates, after the method of RFC 3797. Pure.

Nobody can know the outcome in advance, because it is seeded by public values published after the count
(the config's `draw` sources, e.g. a randomness beacon round), and anybody can recompute it with standard
tools, because every step is SHA-256 over a short ASCII text:

1. The canonical input, lines ending in a newline (`\\n`):

       election-bot draw v1
       election <election id>
       tied <the tied logins, lower case, sorted in byte order, joined by commas>
       source 1 <the first source's value>
       source 2 <the second source's value>
       ...

   Each value must first match its source's `pattern` in election.yaml exactly (so that whoever types
   it cannot choose among faithful spellings: `round 0042` and `round 42`, upper- and lower-case hex,
   extra words). It is then canonicalised by lower-casing it and collapsing each run of white space to
   one space; it may hold letters, digits, space and `.,:_+/=-`.
2. seed = SHA-256(canonical input), written as 64 lower-case hexadecimal digits.
3. For position i = 1, 2, ... (as many as there are tied candidates): digest_i = SHA-256(`<seed>:<i>`),
   read as a big-endian integer; the candidate at index (digest_i mod r) of the r candidates still
   remaining, in sorted order and counting from 0, takes position i and leaves the list.

Position 1 ranks highest among the tied. The `random` module is never used: only hashlib.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.core.models import LOGIN_RE, DrawSource
from bot.core.timeline import format_utc

HEADER = "election-bot draw v1"
MAX_VALUE = 500
VALUE_RE = re.compile(r"^[a-z0-9 .,:_+/=-]+$")


class DrawError(ValueError):
    """The draw cannot be run as asked (a usage error); the message says what to fix."""


@dataclass(frozen=True, slots=True)
class DrawStep:
    position: int
    message: str  # the text hashed: `<seed>:<position>`
    digest: str  # SHA-256 of `message`, hexadecimal
    remaining: tuple[str, ...]  # the candidates still in the draw, sorted
    index: int  # digest mod len(remaining)
    chosen: str


@dataclass(frozen=True, slots=True)
class Draw:
    election: str
    tied: tuple[str, ...]  # lower case, sorted
    values: tuple[str, ...]  # canonical, in the config's source order
    canonical: str
    seed: str
    steps: tuple[DrawStep, ...]

    @property
    def order(self) -> tuple[str, ...]:
        return tuple(step.chosen for step in self.steps)

    def printf_command(self) -> str:
        """A shell command that prints the seed with standard tools (the input has no `%`, `\\` or `'`)."""
        escaped = self.canonical.replace("\n", "\\n")
        return f"printf '{escaped}' | sha256sum"


def canonical_value(text: str) -> str:
    value = " ".join(text.split()).lower()
    if not value:
        raise DrawError("a draw value is empty; give the published value")
    if len(value) > MAX_VALUE:
        raise DrawError(f"a draw value is {len(value)} characters long; the limit is {MAX_VALUE}")
    if not VALUE_RE.match(value):
        bad = sorted({ch for ch in value if not VALUE_RE.match(ch)})
        shown = " ".join(repr(ch) for ch in bad)
        raise DrawError(
            f"the draw value {text!r} contains {shown}; use letters, digits, spaces and . , : _ + / = - only"
        )
    return value


def canonical_logins(tied: Sequence[str]) -> tuple[str, ...]:
    if len(tied) < 2:
        raise DrawError("a draw needs at least two tied candidates; give each with --tied")
    keys = [login.casefold() for login in tied]
    for login in tied:
        if not LOGIN_RE.match(login) or len(login) > 39:
            raise DrawError(f"{login!r} is not a GitHub login")
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise DrawError(f"{', '.join(duplicates)} is named more than once; name each tied candidate once")
    return tuple(sorted(keys))


def canonical_input(election_id: str, tied: Sequence[str], values: Sequence[str]) -> str:
    lines = [HEADER, f"election {election_id}", "tied " + ",".join(canonical_logins(tied))]
    lines += [f"source {number} {canonical_value(value)}" for number, value in enumerate(values, 1)]
    return "\n".join(lines) + "\n"


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def run_draw(election_id: str, tied: Sequence[str], values: Sequence[str]) -> Draw:
    """Order the tied candidates; same inputs, same order, on every machine."""
    if not values:
        raise DrawError("a draw needs the published value of every source in the election's `draw` list")
    canonical = canonical_input(election_id, tied, values)
    seed = sha256_hex(canonical)
    remaining = list(canonical_logins(tied))
    steps: list[DrawStep] = []
    for position in range(1, len(remaining) + 1):
        message = f"{seed}:{position}"
        digest = sha256_hex(message)
        index = int(digest, 16) % len(remaining)
        steps.append(DrawStep(position, message, digest, tuple(remaining), index, remaining[index]))
        del remaining[index]
    return Draw(
        election=election_id,
        tied=canonical_logins(tied),
        values=tuple(canonical_value(v) for v in values),
        canonical=canonical,
        seed=seed,
        steps=tuple(steps),
    )


def _shown(value: str) -> str:
    """A value as typed, quoted and bounded for a message."""
    return repr(value if len(value) <= 80 else value[:79] + "…")


def source_values(sources: Sequence[DrawSource], given: Mapping[int, str], at: datetime) -> list[str]:
    """The values in the config's source order; refuses a missing or unknown source, or a draw run
    before a source's value is published (`at` is the moment of the draw)."""
    if not sources:
        raise DrawError("the election configuration lists no `draw` sources; add them to election.yaml first")
    unknown = sorted(n for n in given if not 1 <= n <= len(sources))
    if unknown:
        raise DrawError(
            f"there is no draw source {', '.join(map(str, unknown))}; the election has "
            f"{len(sources)} (number them 1 to {len(sources)} in the order of election.yaml)"
        )
    problems = []
    for number, source in enumerate(sources, 1):
        if at < source.available_after:
            problems.append(
                f"source {number} is published only after {format_utc(source.available_after)}; "
                f"it is {format_utc(at)}: wait, or give the moment of the draw with --at"
            )
        elif number not in given:
            problems.append(
                f"source {number} has no value; add --value {number}=VALUE ({source.description})"
            )
        elif not re.fullmatch(source.pattern, given[number], re.ASCII):
            problems.append(
                f"source {number}'s value {_shown(given[number])} is not in the form election.yaml "
                f"requires, {source.pattern} ({source.description}); write it exactly in that form "
                "(no other spelling: each spelling would draw a different order)"
            )
    if problems:
        raise DrawError("; ".join(problems))
    return [given[n] for n in range(1, len(sources) + 1)]
