"""The community's name mark (election.yaml's `community.mark`) and accent colour, as files of the site.

The mark is copied into the election's folder and shown with an `<img>` (which never runs a script), but a
reader can also open the file itself, where an SVG's scripts would run on the site's origin: an SVG with a
script, an event handler, a `javascript:` URL, embedded HTML or a reference outside itself is refused, as
is any file over MAX_BYTES or not of its extension's kind. The accent's contrast is checked when
election.yaml is read (`bot.config.colours`)."""

from __future__ import annotations

import re

from bot.site.html import Look
from bot.site.model import Site, SiteElection

MAX_BYTES = 200_000
PNG = b"\x89PNG\r\n\x1a\n"
_SVG_UNSAFE = re.compile(
    rb"<\s*script|<\s*foreignObject|<\s*iframe|<\s*object|<\s*embed|\bon[a-z]+\s*=|javascript:|"
    rb"<!ENTITY|(?:xlink:)?href\s*=\s*[\"']\s*(?!#)|url\(\s*[\"']?\s*(?!#)|@import",
    re.IGNORECASE,
)


def mark_problem(path: str, data: bytes) -> str | None:
    """Why the file at `path` (its bytes `data`) cannot be the site's name mark, or None."""
    if len(data) > MAX_BYTES:
        return f"{path} is {len(data)} bytes; a name mark may be at most {MAX_BYTES} bytes"
    if path.endswith(".png"):
        return None if data.startswith(PNG) else f"{path} is not a PNG image"
    if b"<svg" not in data.lower():
        return f"{path} is not an SVG image"
    unsafe = _SVG_UNSAFE.search(data)
    if unsafe is not None:
        found = unsafe.group(0).decode("utf-8", "replace").strip()
        return (
            f"{path} holds {found!r}: a name mark may not have scripts, event handlers, embedded content or "
            "references outside itself (export it as a plain SVG, or use a PNG)"
        )
    return None


def mark_file(path: str) -> str:
    """The mark's name inside the election's folder of the site."""
    return "mark." + path.rsplit(".", 1)[1]


def theme_css(accent: str) -> bytes:
    return f":root {{ --accent: {accent}; }}\n".encode()


def look(entry: SiteElection) -> Look:
    """The election's name mark and accent, as paths from the site's root."""
    community, folder = entry.election.community, entry.election.id
    return Look(
        mark=f"{folder}/{mark_file(community.mark)}" if community.mark and entry.mark is not None else None,
        theme=f"{folder}/theme.css" if community.accent else None,
        alt=community.name or entry.election.title,
    )


def index_look(site: Site) -> Look | None:
    """The index's look: the elections' own when they all share one (the same mark and accent), else the
    plain site (the index never shows one community's mark above another's election)."""
    looks = {
        (x.election.community.mark, x.mark, x.election.community.accent, x.election.community.name)
        for x in site.elections
    }
    return look(site.elections[0]) if len(looks) == 1 and site.elections else None
