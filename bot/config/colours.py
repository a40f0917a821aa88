"""Colours in election.yaml, checked for contrast by WCAG 2.2's own formulas (success criterion 1.4.3,
https://www.w3.org/TR/WCAG22/#contrast-minimum, and its definitions of relative luminance and contrast
ratio): an accent colour that ordinary text could not be read on, or in, is refused at validate time."""

from __future__ import annotations

import re

HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
PAGE = "#ffffff"  # the site's page background (bot/site/assets/site.css: --page)
AA_TEXT = 4.5  # WCAG 2.2 AA, normal text


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """Relative luminance of `#rrggbb` (0: black, 1: white)."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(first: str, second: str) -> float:
    """The contrast ratio of two `#rrggbb` colours, from 1 (none) to 21 (black on white)."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def accent_problem(colour: str) -> str | None:
    """Why `colour` cannot be the site's accent (text and links in it on the white page, white text on it),
    or None."""
    if not HEX.match(colour):
        return f"{colour!r} is not a colour written as #rrggbb (e.g. #0b4fa8)"
    ratio = contrast(colour, PAGE)
    if ratio < AA_TEXT:
        return (
            f"{colour} has a contrast of {ratio:.2f}:1 against the site's white page; text in it (and white "
            f"text on it) needs at least {AA_TEXT}:1 (WCAG 2.2 AA): choose a darker shade"
        )
    return None
