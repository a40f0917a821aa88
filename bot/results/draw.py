"""A verifiable random draw to order tied candidates, after the method of RFC 3797. Pure.

Nobody can know the outcome in advance, because it is seeded by public values published after the vote
(the config's `draw` sources), and nobody can choose it, because each source names ONE value before the
count: a drand beacon's round fixed by its `available_after` (round r is emitted at genesis_time +
(r - 1) × period, so the source is the first round at or after that time), or an identified published
value such as a lottery draw. Anybody can recompute the draw with standard tools, because every step is
SHA-256 over a short ASCII text:

1. The canonical input, lines ending in a newline (`\\n`):

       election-bot draw v1
       election <election id>
       tied <the tied logins, lower case, sorted in byte order, joined by commas>
       source 1 <the first source's value>
       source 2 <the second source's value>
       ...

   Each value must first be the one its source names, in its one spelling (so that whoever types it
   cannot choose among values, nor among faithful spellings: `round 0042` and `round 42`, upper- and
   lower-case hex, extra words): for drand `round <the round> <its randomness, 64 lower-case hex
   digits>`, for an identified value its source's `pattern`. It is then canonicalised by lower-casing it
   and collapsing each run of white space to one space; it may hold letters, digits, space and `.,:_+/=-`.
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
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from math import ceil

from bot.config.models import LOGIN_RE, DrandBeacon, DrawSource
from bot.config.timeline import format_utc
from bot.github.values import login_key

HEADER = "election-bot draw v1"
MAX_VALUE = 500
VALUE_RE = re.compile(r"^[a-z0-9 .,:_+/=-]+$")
DRAND_VALUE_RE = re.compile(r"^round ([1-9][0-9]*) ([0-9a-f]{64})$", re.ASCII)  # the one spelling
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


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
class SourceValue:
    """A source's published value, and which value it is and why that one (shown with every draw)."""

    value: str
    origin: str = ""  # e.g. "drand quicknet round 12345, the first round at or after 2026-09-16T14:00:00Z"
    url: str | None = None  # where anyone can read the value


@dataclass(frozen=True, slots=True)
class Draw:
    election: str
    tied: tuple[str, ...]  # lower case, sorted
    sources: tuple[SourceValue, ...]  # values canonical, in the config's source order
    canonical: str
    seed: str
    steps: tuple[DrawStep, ...]

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(source.value for source in self.sources)

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
    keys = [login_key(login) for login in tied]
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


def run_draw(election_id: str, tied: Sequence[str], given: Sequence[str | SourceValue]) -> Draw:
    """Order the tied candidates; same inputs, same order, on every machine. `given`: the sources' values
    (from `source_values`, which says which value each is; a bare text has no such account)."""
    if not given:
        raise DrawError("a draw needs the published value of every source in the election's `draw` list")
    sources = tuple(v if isinstance(v, SourceValue) else SourceValue(v) for v in given)
    values = [source.value for source in sources]
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
        sources=tuple(SourceValue(canonical_value(s.value), s.origin, s.url) for s in sources),
        canonical=canonical,
        seed=seed,
        steps=tuple(steps),
    )


def _seconds(moment: datetime) -> Fraction:
    """Unix time, exactly (microseconds included): no float rounding decides which round is pinned."""
    return Fraction((moment - _EPOCH) // timedelta(microseconds=1), 1_000_000)


def drand_round(beacon: DrandBeacon, after: datetime) -> int:
    """The first round emitted at or after `after`: round r is emitted at genesis_time + (r - 1) × period
    (drand's `TimeOfRound`); before genesis, round 1."""
    since = _seconds(after) - beacon.genesis_time
    return 1 if since <= 0 else ceil(since / beacon.period) + 1


def drand_round_time(beacon: DrandBeacon, number: int) -> datetime:
    return _EPOCH + timedelta(seconds=beacon.genesis_time + (number - 1) * beacon.period)


def published_after(source: DrawSource) -> datetime:
    """When the source's one value is out: a drand round's own time, else `available_after`."""
    if source.drand is None:
        return source.available_after
    return drand_round_time(source.drand, drand_round(source.drand, source.available_after))


def origin(source: DrawSource) -> SourceValue:
    """Which value the source names and why that one (its `value` still empty)."""
    beacon = source.drand
    if beacon is None:
        return SourceValue("", f"{source.identifier}, named in election.yaml before the count")
    number = drand_round(beacon, source.available_after)
    return SourceValue(
        "",
        f"drand {beacon.chain} round {number}, the first round at or after "
        f"{format_utc(source.available_after)}",
        beacon.round_url(number),
    )


def _shown(value: str) -> str:
    """A value as typed, quoted and bounded for a message."""
    return repr(value if len(value) <= 80 else value[:79] + "…")


def _value_problem(number: int, source: DrawSource, value: str) -> str | None:
    """Why `value` is not the one value `source` names in its one spelling, or None."""
    named = origin(source)
    beacon = source.drand
    if beacon is None:
        assert source.pattern is not None  # the model requires it with `identifier`
        if re.fullmatch(source.pattern, value, re.ASCII):
            return None
        return (
            f"source {number}'s value {_shown(value)} is not in the form election.yaml requires, "
            f"{source.pattern} ({named.origin}); write it exactly in that form (no other spelling: each "
            "spelling would draw a different order)"
        )
    pinned = drand_round(beacon, source.available_after)
    match = DRAND_VALUE_RE.fullmatch(value)
    if match is None:
        return (
            f"source {number}'s value {_shown(value)} is not in the one form of a drand value, "
            f"`round <round> <randomness: 64 lower-case hex digits>`; write `round {pinned} ` and the "
            f"randomness of {named.origin} ({named.url}), nothing else"
        )
    if int(match.group(1)) != pinned:
        return (
            f"source {number}'s value is drand round {match.group(1)}, but the source is {named.origin}: "
            f"only that round counts (take its randomness from {named.url})"
        )
    return None


def source_values(sources: Sequence[DrawSource], given: Mapping[int, str], at: datetime) -> list[SourceValue]:
    """The values in the config's source order, each with which value it is and why; refuses a missing
    or unknown source, a value that is not the one its source names (another drand round, another
    spelling), or a draw run before a source's value is published (`at` is the moment of the draw)."""
    if not sources:
        raise DrawError("the election configuration lists no `draw` sources; add them to election.yaml first")
    unknown = sorted(n for n in given if not 1 <= n <= len(sources))
    if unknown:
        raise DrawError(
            f"there is no draw source {', '.join(map(str, unknown))}; the election has "
            f"{len(sources)} (number them 1 to {len(sources)} in the order of election.yaml)"
        )
    problems = []
    out: list[SourceValue] = []
    for number, source in enumerate(sources, 1):
        named = origin(source)
        out.append(SourceValue(given.get(number, ""), named.origin, named.url))
        if at < published_after(source):
            problems.append(
                f"source {number} ({named.origin}) is published only after "
                f"{format_utc(published_after(source))}; it is {format_utc(at)}: wait, or give the moment of "
                "the draw with --at"
            )
        elif number not in given:
            how = (
                f"round {drand_round(source.drand, source.available_after)} <randomness>"
                if source.drand
                else "VALUE"
            )
            where = f": {named.url}" if named.url else ""
            note = f"; {source.description}" if source.description else ""
            problems.append(
                f"source {number} has no value; add --value '{number}={how}' ({named.origin}{where}{note})"
            )
        else:
            problem = _value_problem(number, source, given[number])
            if problem is not None:
                problems.append(problem)
    if problems:
        raise DrawError("; ".join(problems))
    return out
