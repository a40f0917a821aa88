"""`make screenshots`: the sample election's site in the real browser, at a phone's and a desktop's width,
and the main texts the bot posts on GitHub (a failing report, a consent request, the nominations issue,
the results), from their golden files, rendered by cmark-gfm as GitHub renders Markdown, at a phone's and
GitHub's comment width; saved as PNG files in docs/screenshots/ (kept in the repository so that reviewers
see what people see without building anything; tests/site/test_browser.py checks the site's layout itself,
and that these files are there).

    python -m tests.site.screenshots [DIR]
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

from tests.site.browser import chromium_path, new_context, serve
from tests.site.fixtures import COUNTS, checkout

ROOT = Path(__file__).resolve().parents[2]
WIDTHS = (400, 1280)
OPEN = "2026-03-10T12:00:00Z"  # nominations and voter affirmation open
AFTER = "2026-04-16T10:00:00Z"  # the results published
ZONES = (("utc", "UTC"), ("sao-paulo", "America/Sao_Paulo"))  # the reader's zone: their time added inline
PAGES = (
    ("index", "index.html"),
    ("election", "sample-2026/index.html"),
    ("candidate", "sample-2026/candidates/ada-example.html"),
    ("results", "sample-2026/results.html"),
)
# (file stem, the build's instant, the page, the reader's time zone): each kind of page at an open phase
# (there are no results yet) and after the results, read in UTC and from São Paulo.
SHOTS = tuple(
    (f"{kind}-{moment}-{zone_stem}", at, page, zone)
    for moment, at in (("open", OPEN), ("after", AFTER))
    for kind, page in PAGES
    if not (kind == "results" and at == OPEN)
    for zone_stem, zone in ZONES
)


# What the bot posts: (file stem, the golden file, what GitHub shows above it)
POSTED_WIDTHS = (400, 1000)
POSTED = (
    ("github-report-failing", "tests/nominations/golden/needs-changes.md", "election-bot commented"),
    ("github-report-consent", "tests/nominations/golden/awaiting-consent.md", "election-bot commented"),
    (
        "github-issue-nominations",
        "tests/phases/golden/issue-nominations.md",
        "election-bot opened this issue",
    ),
    ("github-results", "tests/results/golden/tie-drawn.md", "election-bot commented"),
)


def names() -> list[str]:
    site = [f"{stem}-{width}.png" for stem, _, _, _ in SHOTS for width in WIDTHS]
    return site + [f"{stem}-{width}.png" for stem, _, _ in POSTED for width in POSTED_WIDTHS]


def posted_page(golden: Path, caption: str) -> str:
    """A golden file's first text (a report's golden file holds the comment, then the check run and the
    job summary) as GitHub shows a comment: a header, then the rendered Markdown."""
    import html

    from tests.helpers.rendering import SEPARATOR, render

    markdown = SEPARATOR.split(golden.read_text(encoding="utf-8"))[0]
    css = (Path(__file__).parent / "github.css").read_text(encoding="utf-8")
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{css}</style></head><body><div class='comment'><header><b>{html.escape(caption)}</b></header>"
        f"<div class='markdown-body'>{render(markdown)}</div></div></body></html>"
    )


def take_posted(folder: Path, browser: Browser) -> list[Path]:
    written = []
    with tempfile.TemporaryDirectory() as scratch:
        for stem, golden, caption in POSTED:
            (Path(scratch) / f"{stem}.html").write_text(posted_page(ROOT / golden, caption), encoding="utf-8")
        with serve(Path(scratch)) as base:
            for stem, _, _ in POSTED:
                for width in POSTED_WIDTHS:
                    written.append(
                        shoot(browser, f"{base}{stem}.html", folder / f"{stem}-{width}.png", width)
                    )
    return written


def shoot(
    browser: Browser,
    url: str,
    target: Path,
    width: int,
    *,
    height: int = 600,
    at: str | None = None,
    zone: str = "UTC",
) -> Path:
    """One full-page screenshot of `url` at `width` (with the page's clock at `at`, if given), read in
    the time zone `zone`."""
    context = new_context(browser, viewport={"width": width, "height": height}, timezone_id=zone)
    page = context.new_page()
    if at is not None:
        page.clock.set_fixed_time(at.replace("Z", "+00:00"))
    page.goto(url, wait_until="load")
    page.screenshot(path=str(target), full_page=True)
    context.close()
    return target


def take(folder: Path) -> list[Path]:
    from bot.cli import main

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path())
        for at in sorted({at for _, at, _, _ in SHOTS}):
            tmp = Path(scratch) / at.replace(":", "")
            repo = checkout(tmp, counts=COUNTS)
            out = tmp / "public"
            with contextlib.chdir(repo):
                assert (
                    main(["site", "--out", str(out), "--at", at, "--github-repo", "example-org/elections"])
                    == 0
                )
            with serve(out) as base:
                for stem, when, page_path, zone in SHOTS:
                    if when != at:
                        continue
                    for width in WIDTHS:
                        target = folder / f"{stem}-{width}.png"
                        written.append(
                            shoot(browser, base + page_path, target, width, height=900, at=at, zone=zone)
                        )
        written += take_posted(folder, browser)
        browser.close()
    return written


if __name__ == "__main__":
    for path in take(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
