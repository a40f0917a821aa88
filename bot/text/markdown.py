"""Escaping user-controlled text for GitHub Markdown.

Whatever a nominee writes is shown as literal text: no Markdown or HTML takes effect, no `@mention`
pings anyone, no cross-reference (`#123`, `owner/repo#123`, `GH-123`) links the bot's text into another
issue's timeline, no `$…$` becomes math, no hidden bot marker can be forged, no line breaks escape a table
cell or list item. `escape_inline` and `code_span` are the only ways user text enters the bot's Markdown;
`fill` uses them for the values filled into the catalogue's trusted Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.config.zones import converter_url, human

# `@&#8203;name` renders as "@name" without notifying anyone (a zero-width space breaks the mention).
_MENTION = re.compile(r"@(?=[A-Za-z0-9_-])")
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>=:$])")
# GitHub links references in the rendered text, after backslash escapes are gone: `\#123` still shows
# "#123" and links it, so a zero-width space goes between the `#` (or `GH-`) and the number. `\$` is the
# escape GitHub documents against math.
_ISSUE_REFERENCE = re.compile(r"(\\#)(?=[0-9])")
_GH_REFERENCE = re.compile(r"(GH\\-)(?=[0-9])", re.IGNORECASE)
_GH_LOGIN = re.compile(r"GH-[0-9]", re.IGNORECASE)
_NEWLINES = re.compile(r"[\r\n\u2028\u2029]+")
MAX_INLINE = 300


def time_link(at: datetime, zone: ZoneInfo | None) -> str:
    """A time people act by, as the bot posts it on GitHub: `[Tue 11 Aug 2026, 14:00 UTC](…)` (with a zone,
    local time first and UTC beside it), linked to a page that shows that instant in the reader's own zone:
    GitHub shows every reader the same text, whatever their zone."""
    return f"[{human(at, zone)}]({converter_url(at)})"


def neutralise_mentions(text: str) -> str:
    return _MENTION.sub("@&#8203;", text)


def escape_inline(text: str, *, limit: int = MAX_INLINE) -> str:
    """One line of user text inside our Markdown: literal, mention-free, bounded in length."""
    flat = _NEWLINES.sub(" ", text).strip()
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    escaped = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = _SPECIAL.sub(r"\\\1", escaped)
    return neutralise_references(neutralise_mentions(escaped))


def neutralise_references(escaped: str) -> str:
    """Break `#123`, `owner/repo#123` and `GH-123` in text already escaped by `escape_inline`."""
    escaped = _ISSUE_REFERENCE.sub("\\1&#8203;", escaped)
    return _GH_REFERENCE.sub("\\1&#8203;", escaped)


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
    """A person named without pinging them: a link to their profile whose text is the bare login (no `@`,
    so nothing to mention and nothing to break with an invisible character)."""
    safe = re.sub(r"[^A-Za-z0-9-]", "", login)[:39]
    # A login like `gh-123` could read as a reference: shown as code, it cannot, and it stays copyable
    # (no invisible character in it).
    shown = f"`{safe}`" if _GH_LOGIN.search(safe) else safe
    return f"[{shown}](https://github.com/{safe})"


def mention(login: str) -> str:
    """A deliberate ping (only for the nominee or nominator who must act): login syntax enforced."""
    safe = re.sub(r"[^A-Za-z0-9-]", "", login)[:39]
    return f"@{safe}"


_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_BARE_REFERENCE = re.compile(r"#(?=[0-9{])")
_NUMBER_PLACEHOLDER = re.compile(r"#&#8203;\{([a-z_]+)\}")  # a pull request's number, once made inert
_VALUE_CODE = re.compile(r"`([^`]+)`")  # the bot's own quoting inside a composed value
# A code span as CommonMark reads one: a backtick string closed by one of exactly the same length.
_CODE_SPAN = re.compile(r"(?<![`\\])(`+)(?!`)(.+?)(?<!`)\1(?!`)")
# A code span as CommonMark reads one in trusted text: it may go on over a line end, but not past the end of
# its paragraph (a blank line). Where block structure would end it sooner, what is taken for code here is
# still made inert for mentions and comments (`_inert_code`), so a misreading can only show, never ping.
_TRUSTED_CODE_SPAN = re.compile(r"(?<![`\\])(`+)(?!`)((?:(?!\n[ \t]*\n)[\s\S])+?)(?<!`)\1(?!`)")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_HTML_OPENER = re.compile(r"<(?!https://[^\s<>]*>)")  # every `<` but an autolink's
# An address that is a link and nothing else: https, a host, a path of safe characters, not ending in
# punctuation (the full stop after it is the sentence's).
_HTTPS = re.compile(
    r"https://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*(?::[0-9]{1,5})?(?:/(?:[A-Za-z0-9._~/%-]*[A-Za-z0-9_~/%-])?)?"
)


def fill(
    template: str,
    params: Mapping[str, str],
    links: Mapping[str, str] | None = None,
    *,
    pulls: str | None = None,
) -> str:
    """A catalogue template as Markdown: its own words and code spans take effect, each value is escaped
    for where it stands (inside a code span as code, elsewhere as literal text), the repository paths in
    `links` become links, and no `#123` in the result links into another issue's timeline. `pulls` (the
    repository's `…/pull` address): a `#{number}` the bot found itself is an explicit link to that pull
    request, which GitHub shows as `#3` without adding a link (or a timeline entry) of its own."""
    links = links or {}

    def numbered(m: re.Match[str]) -> str:
        value = params.get(m.group(1), "")
        if pulls is None or not value.isdigit() or not value.isascii():
            return m.group(0)
        return f"[#{int(value)}]({pulls}/{int(value)})"

    def words(text: str) -> str:
        text = _BARE_REFERENCE.sub("#&#8203;", text)  # `#{number}`, `#12` in the fixed words
        text = _NUMBER_PLACEHOLDER.sub(numbered, text)  # then `#{number}` as a link, where it can be one
        out, pos = [], 0
        for m in _PLACEHOLDER.finditer(text):
            out.append(_linked(text[pos : m.start()], links))
            value = params.get(m.group(1), m.group(0))
            out.append(f"[{escape_inline(value)}]({links[value]})" if value in links else _value(value))
            pos = m.end()
        out.append(_linked(text[pos:], links))
        return "".join(out)

    out, pos = [], 0
    for m in _CODE_SPAN.finditer(template):
        out.append(words(template[pos : m.start()]))
        out.append(code_span(_PLACEHOLDER.sub(lambda p: params.get(p.group(1), p.group(0)), m.group(2))))
        pos = m.end()
    out.append(words(template[pos:]))
    return "".join(out)


def trusted_markdown(text: str, *, limit: int = 2000) -> str:
    """Text the election's admins wrote in `election.yaml` (reviewed in the repository, like the bot's own
    words): its Markdown takes effect, links included. Raw HTML does not (`<github-login>` stays text
    instead of vanishing as an unknown tag, and no comment can hide a bot marker), and nobody is mentioned
    (announcements ping nobody)."""
    flat = text.strip()[:limit]
    out, pos = [], 0
    for m in _TRUSTED_CODE_SPAN.finditer(flat):
        out.append(_admin_words(flat[pos : m.start()]))
        out.append(_inert_code(m.group(0)))
        pos = m.end()
    out.append(_admin_words(flat[pos:]))
    return "".join(out)


def _inert_code(span: str) -> str:
    """A code span of trusted text: shown as written, but no comment can open in it and no `@name` in it
    is a mention, should GitHub read it as text after all (invisible characters: inside code `&lt;` and
    `&#8203;` would show literally)."""
    return _MENTION.sub("@\u200b", span.replace("<!", "<\u2060!"))


def _admin_words(text: str) -> str:
    # No character references either: `&#64;name` and `&commat;name` are a mention once GitHub resolves them.
    text = _ENTITY.sub("&amp;", text)
    return neutralise_mentions(_HTML_OPENER.sub("&lt;", text))


def _value(value: str) -> str:
    """A value filled in outside the template's code spans. Words the bot composed around a quoted value
    (is `x`, a list of `a`, `b`) keep their code spans as code; everything else is literal
    text. Either way nothing in it takes effect: a code span is as inert as escaped text."""
    if value.count("`") % 2 or "``" in value:
        return escape_inline(value)  # a quoted value with backticks of its own: no pairing is certain
    out, pos = [], 0
    for m in _VALUE_CODE.finditer(value):
        out.append(_literal(value[pos : m.start()]))
        out.append(code_span(m.group(1)))
        pos = m.end()
    out.append(_literal(value[pos:]))
    return "".join(out)


def _literal(text: str) -> str:
    """`escape_inline`, keeping the spaces at either end (the words around a code span); a plain https
    address stays a link (escaping would break GitHub's autolink)."""
    if not text.strip():
        return " " if text else ""
    out, pos = [], 0
    for m in _HTTPS.finditer(text):
        out.append(_words(text[pos : m.start()]))
        out.append(f"<{m.group(0)}>")
        pos = m.end()
    out.append(_words(text[pos:]))
    return "".join(out)


def _words(text: str) -> str:
    if not text.strip():
        return " " if text else ""
    return (" " if text[0].isspace() else "") + escape_inline(text) + (" " if text[-1].isspace() else "")


def _linked(text: str, links: Mapping[str, str]) -> str:
    for path, url in links.items():
        text = text.replace(path, f"[{path}]({url})")
    return text
