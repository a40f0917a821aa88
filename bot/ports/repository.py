"""`--repo DIR`: the elections repository a command works on, wherever it was started.

Its own small module so that the command line can set it without importing the models (`--help` stays
fast); `bot.ports.checkout.find_root` reads it.
"""

from __future__ import annotations

from contextvars import ContextVar
from pathlib import Path

REPOSITORY: ContextVar[Path | None] = ContextVar("election_bot_repository", default=None)
