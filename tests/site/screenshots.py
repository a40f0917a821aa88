"""`make screenshots`: the sample election's site in the real browser, at a phone's and a desktop's width,
saved as PNG files in docs/screenshots/ (kept in the repository so that the layout can be seen without
building anything; tests/site/test_browser.py checks the layout itself, and that these files are there).

    python -m tests.site.screenshots [DIR]
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.site.browser import chromium_path, new_context, serve
from tests.site.fixtures import COUNTS, checkout

ROOT = Path(__file__).resolve().parents[2]
WIDTHS = (400, 1280)
# (file stem, the build's instant, the page)
SHOTS = (
    ("index", "2026-03-10T12:00:00Z", "index.html"),
    ("election-nominations", "2026-03-10T12:00:00Z", "sample-2026/index.html"),
    ("candidate", "2026-03-10T12:00:00Z", "sample-2026/candidates/ada-example.html"),
    ("results", "2026-04-16T10:00:00Z", "sample-2026/results.html"),
)


def names() -> list[str]:
    return [f"{stem}-{width}.png" for stem, _, _ in SHOTS for width in WIDTHS]


def take(folder: Path) -> list[Path]:
    from bot.cli import main

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path())
        for at in sorted({at for _, at, _ in SHOTS}):
            tmp = Path(scratch) / at.replace(":", "")
            repo = checkout(tmp, counts=COUNTS)
            out = tmp / "public"
            with contextlib.chdir(repo):
                assert main(["site", "--out", str(out), "--at", at, "--repo", "example-org/elections"]) == 0
            with serve(out) as base:
                for stem, when, page_path in SHOTS:
                    if when != at:
                        continue
                    for width in WIDTHS:
                        context = new_context(
                            browser, viewport={"width": width, "height": 900}, timezone_id="UTC"
                        )
                        page = context.new_page()
                        page.clock.set_fixed_time(at.replace("Z", "+00:00"))
                        page.goto(base + page_path, wait_until="load")
                        target = folder / f"{stem}-{width}.png"
                        page.screenshot(path=str(target), full_page=True)
                        written.append(target)
                        context.close()
        browser.close()
    return written


if __name__ == "__main__":
    for path in take(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
