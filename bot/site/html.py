"""The site's HTML frame and the escaping every page uses: one `page()` (the Content-Security-Policy,
landmarks, skip link, breadcrumbs, footer), and the helpers that turn configured or nominated text into
safe markup (`e`, `name` in `<bdi>`, `external` links, `when` for instants)."""

from __future__ import annotations

import html
import urllib.parse
from collections.abc import Callable, Sequence
from datetime import datetime

from bot.config.timeline import format_utc, human_utc
from bot.site.statement import LINK_REL

PersonFn = Callable[[str], str]  # a login -> that person's name as HTML (a link where there is a page)

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "base-uri 'none'; form-action 'none'"
)


def e(text: object) -> str:
    return html.escape(str(text), quote=True)


def name(text: str) -> str:
    """A person's or organisation's name: escaped and isolated from the surrounding text's direction."""
    return f"<bdi>{e(text)}</bdi>"


def external(url: str, text: str) -> str:
    return f'<a href="{e(url)}" rel="{LINK_REL}">{text}</a>'


def when(at: datetime) -> str:
    """An instant in UTC, marked up for the enhancement script."""
    return f'<time datetime="{format_utc(at)}" data-local>{e(human_utc(at))}</time>'


def paragraphs(text: str) -> str:
    blocks = [b.strip() for b in text.replace("\r", "").split("\n\n") if b.strip()]
    return "\n".join(f"<p>{e(' '.join(b.split()))}</p>" for b in blocks)


def page(*, title: str, depth: int, crumbs: Sequence[tuple[str, str | None]], body: str, at: datetime) -> str:
    """A whole page. `depth` is how many folders below the site's root it lives; `crumbs` are (text, link)
    pairs from the root to this page (the last has no link)."""
    up = "../" * depth
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
            f'<link rel="icon" href="{up}assets/favicon.svg" type="image/svg+xml">',
            f'<script src="{up}assets/site.js" defer></script>',
            "</head>",
            "<body>",
            '<a class="skip" href="#main">Skip to the content</a>',
            "<header>",
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
            f'<time datetime="{format_utc(at)}">{e(human_utc(at))}</time>. All times are UTC.</p>',
            "</footer>",
            "</body>",
            "</html>",
            "",
        ]
    )


def candidate_href(candidate_login: str) -> str:
    """A candidate's page, relative to their election's folder."""
    return f"candidates/{urllib.parse.quote(candidate_login)}.html"
