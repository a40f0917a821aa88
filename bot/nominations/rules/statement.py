"""The statement below the front matter: present, the nominee's own words, within the election's limits."""

from __future__ import annotations

import re

from bot.config.loading import LoadedNomination
from bot.nominations.rules.context import RuleContext
from bot.nominations.rules.hygiene import TEMPLATE_STATEMENT_SENTINEL
from bot.text import catalogue, wording
from bot.text.findings import Finding

_WORD = re.compile(r"\w", re.UNICODE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def count_words(text: str) -> int:
    """Whitespace-separated tokens with at least one letter or digit; HTML comments do not count."""
    return sum(1 for token in _COMMENT.sub(" ", text).split() if _WORD.search(token))


def check_statement(loaded: LoadedNomination, ctx: RuleContext) -> list[Finding]:
    if loaded.raw is None:  # the front matter did not load; the statement boundary is unknown
        return []
    words = count_words(loaded.statement)
    line = loaded.statement_line
    if words == 0:
        return [catalogue.make("NOM011", loaded.path, max(line - 1, 1))]
    if TEMPLATE_STATEMENT_SENTINEL.lower() in loaded.statement.lower():
        offset = next(
            i
            for i, text in enumerate(loaded.statement.split("\n"))
            if TEMPLATE_STATEMENT_SENTINEL.lower() in text.lower()
        )
        return [catalogue.make("NOM012", loaded.path, line + offset)]
    if ctx.election is None:
        return []
    limits = ctx.election.statement
    if words > limits.max_words:
        return [
            catalogue.make(
                "NOM013", loaded.path, line, words=wording.count(words, "word"), limit=limits.max_words
            )
        ]
    if words < limits.min_words:
        return [
            catalogue.make(
                "NOM014", loaded.path, line, words=wording.count(words, "word"), minimum=limits.min_words
            )
        ]
    return []
