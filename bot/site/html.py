"""The site's HTML frame and the escaping every page uses: one `page()` (the Content-Security-Policy,
landmarks, skip link, breadcrumbs, footer), and the helpers that turn configured or nominated text into
safe markup (`e`, `name` in `<bdi>`, `external` links, `when` for instants)."""

from __future__ import annotations

import html
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.config.timeline import format_utc
from bot.config.zones import human
from bot.site.statement import LINK_REL

PersonFn = Callable[[str], str]  # a login -> that person's name as HTML (a link where there is a page)

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "base-uri 'none'; form-action 'none'"
)


@dataclass(frozen=True, slots=True)
class Look:
    """The community's look on a page: its name mark's and theme's paths from the site's root, and the
    mark's text alternative (the community's name)."""

    mark: str | None = None
    theme: str | None = None
    alt: str = ""


def e(text: object) -> str:
    return html.escape(str(text), quote=True)


def name(text: str) -> str:
    """A person's or organisation's name: escaped and isolated from the surrounding text's direction."""
    return f"<bdi>{e(text)}</bdi>"


def external(url: str, text: str) -> str:
    return f'<a href="{e(url)}" rel="{LINK_REL}">{text}</a>'


def _minutes(at: datetime, zone: ZoneInfo | None) -> int:
    offset = at.astimezone(zone or UTC).utcoffset()
    return int(offset.total_seconds() // 60) if offset is not None else 0


def mailto(address: str) -> str:
    """The contact as a `mailto:` link (an address that is not plain stays text)."""
    if "@" in address and not any(c in address for c in " <>\"'?&#%"):
        return f'<a href="mailto:{e(address)}">{e(address)}</a>'
    return e(address)


def when(at: datetime, zone: ZoneInfo | None) -> str:
    """An instant as one inline element that reads as part of its sentence: with the election's zone the
    local time leads and UTC follows (`bot.config.zones.human`), else UTC. `data-shown` lists the UTC
    offsets (minutes) the text already shows, so the enhancement script adds the reader's own time only
    where it differs from them, inline, never as a block."""
    shown = sorted({0, _minutes(at, zone)})
    return (
        f'<time datetime="{format_utc(at)}" data-local data-shown="{" ".join(map(str, shown))}">'
        f"{e(human(at, zone))}</time>"
    )


def times_statement(note: str) -> str:
    """The page's one statement of how times are shown (the footer's); the script completes it with the
    reader's zone when it adds a time of theirs, so that it stays true to what is shown."""
    return f'<span id="times">{e(note)}</span><span id="zone-note" hidden></span>'


def page(
    *,
    title: str,
    depth: int,
    crumbs: Sequence[tuple[str, str | None]],
    body: str,
    at: datetime,
    zone: ZoneInfo | None,
    time_note: str,
    look: Look | None = None,
) -> str:
    """A whole page. `depth` is how many folders below the site's root it lives; `crumbs` are (text, link)
    pairs from the root to this page (the last has no link); `time_note` is the page's one statement of
    how its times are shown, true to `zone` (the zone every time on the page is shown in); `look`: the
    community's name mark and accent colour, where it has them."""
    up = "../" * depth
    theme = mark = ""
    if look is not None and look.theme:
        theme = f'<link rel="stylesheet" href="{up}{e(look.theme)}">'
    if look is not None and look.mark:
        mark = f'<p class="mark"><img src="{up}{e(look.mark)}" alt="{e(look.alt)}" height="48"></p>'
    trail = []
    for index, (text, link) in enumerate(crumbs):
        last = index == len(crumbs) - 1
        if last or link is None:
            trail.append(f'<li><span aria-current="page">{text}</span></li>' if last else f"<li>{text}</li>")
        else:
            trail.append(f'<li><a href="{e(link)}">{text}</a></li>')
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
            '<meta name="referrer" content="no-referrer">',
            f"<title>{e(title)}</title>",
            f'<link rel="stylesheet" href="{up}assets/site.css">',
            *([theme] if theme else []),
            f'<link rel="icon" href="{up}assets/favicon.svg" type="image/svg+xml">',
            f'<script src="{up}assets/site.js" defer></script>',
            "</head>",
            "<body>",
            '<a class="skip" href="#main">Skip to the content</a>',
            "<header>",
            *([mark] if mark else []),
            '<nav aria-label="You are here">',
            "<ol>",
            *trail,
            "</ol>",
            "</nav>",
            "</header>",
            '<main id="main">',
            body,
            "</main>",
            "<footer>",
            f"<p>Built by election-bot from the election repository; it shows the election as of "
            f"{when(at, zone)}. {times_statement(time_note)}</p>",
            "</footer>",
            "</body>",
            "</html>",
            "",
        ]
    )


def candidate_href(candidate_login: str) -> str:
    """A candidate's page, relative to their election's folder."""
    return f"candidates/{urllib.parse.quote(candidate_login)}.html"
