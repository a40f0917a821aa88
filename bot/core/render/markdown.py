"""Escaping user-controlled text for GitHub Markdown.

Whatever a nominee writes is shown as literal text: no Markdown or HTML takes effect, no `@mention`
pings anyone, no hidden bot marker can be forged, no line breaks escape a table cell or list item.
"""

from __future__ import annotations

import re

# `@&#8203;name` renders as "@name" without notifying anyone (a zero-width space breaks the mention).
_MENTION = re.compile(r"@(?=[A-Za-z0-9_-])")
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>=:])")
_NEWLINES = re.compile(r"[\r\n\u2028\u2029]+")
MAX_INLINE = 300


def neutralise_mentions(text: str) -> str:
    return _MENTION.sub("@&#8203;", text)


def escape_inline(text: str, *, limit: int = MAX_INLINE) -> str:
    """One line of user text inside our Markdown: literal, mention-free, bounded in length."""
    flat = _NEWLINES.sub(" ", text).strip()
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    escaped = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = _SPECIAL.sub(r"\\\1", escaped)
    return neutralise_mentions(escaped)


def code_span(text: str, *, limit: int = MAX_INLINE) -> str:
    """User text shown as code (logins, file names): backticks cannot be broken out of."""
    flat = _NEWLINES.sub(" ", text).strip()[:limit]
    # Inside a code span `&lt;` would show literally, so break `<!` with an invisible joiner instead: the
    # raw body must never contain `<!--`, or a file name could spell out a hidden bot marker.
    flat = flat.replace("<!", "<\u2060!")
    fence = "`"
    while fence in flat:
        fence += "`"
    pad = " " if flat.startswith("`") or flat.endswith("`") or not flat else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def user_link(login: str) -> str:
    """A person named without pinging them: a link to their profile with a mention-free text."""
    safe = re.sub(r"[^A-Za-z0-9-]", "", login)[:39]
    return f"[@&#8203;{safe}](https://github.com/{safe})"


def mention(login: str) -> str:
    """A deliberate ping (only for the nominee or nominator who must act): login syntax enforced."""
    safe = re.sub(r"[^A-Za-z0-9-]", "", login)[:39]
    return f"@{safe}"
