"""A horizontal bar chart as inline SVG, readable without colour. Pure.

Every bar carries its number and its meaning in words ("elected, cohort A", "passed over"); the bars that
stand out (the elected) differ from the others by fill *and* pattern (solid against hatched with an
outline), so nothing depends on telling colours apart. The chart is an image with a title and a
description for screen readers; the page also has the same numbers as a table.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 400
BAR_AREA = 330  # the longest bar; the rest of the width holds its number
ROW = 46
FONT = 15
LABEL_CHARS = 48


@dataclass(frozen=True, slots=True)
class Bar:
    label: str  # a candidate's name
    value: int
    note: str  # what the bar means, in words
    strong: bool  # drawn solid (e.g. elected) rather than hatched


def _text(value: str, limit: int = LABEL_CHARS) -> str:
    flat = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in value).strip()
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    return html.escape(flat, quote=True)


def bar_chart(bars: Sequence[Bar], *, chart_id: str, title: str, description: str) -> str:
    """The `<svg>` element. `chart_id` makes its internal ids unique on the page."""
    top = max((b.value for b in bars), default=0)
    height = max(ROW, ROW * len(bars)) + 8
    title_id, desc_id, hatch = f"{chart_id}-title", f"{chart_id}-desc", f"{chart_id}-hatch"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" font-family="system-ui, sans-serif" font-size="{FONT}">',
        f'<title id="{title_id}">{_text(title, 200)}</title>',
        f'<desc id="{desc_id}">{_text(description, 2000)}</desc>',
        "<defs>",
        f'<pattern id="{hatch}" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">',
        '<rect width="6" height="6" fill="#ffffff"/>',
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#1b1b1b" stroke-width="2"/>',
        "</pattern>",
        "</defs>",
    ]
    for index, bar in enumerate(bars):
        y = index * ROW
        length = 0 if top == 0 else max(2, round(BAR_AREA * bar.value / top))
        fill = "#1f4e79" if bar.strong else f"url(#{hatch})"
        label = f"{_text(bar.label)} — {_text(bar.note, 60)}"
        out += [
            "<g>",
            f'<text x="0" y="{y + 16}" fill="#1b1b1b">{label}</text>',
            f'<rect x="0" y="{y + 22}" width="{length}" height="16" fill="{fill}" stroke="#1b1b1b" '
            'stroke-width="1"/>',
            f'<text x="{length + 6}" y="{y + 36}" fill="#1b1b1b" font-weight="700">{bar.value}</text>',
            "</g>",
        ]
    out.append("</svg>")
    return "\n".join(out)
