"""A real headless browser for the site tests: the operating system's Chromium driven by Playwright, and a
loopback web server for a built site.

Playwright's own browser download is never used (it is not reachable here, and the suite must test the
browser people have): the executable is `ELECTION_BOT_CHROMIUM`, else `chromium`, `chromium-browser` or
`google-chrome` on the PATH. `make test` installs Debian's `chromium` where it can; a missing browser fails
the suite with what to install, never skips it.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Dialog, Page, Request

# axe-core from the npm registry, locked in tests/site/axe/package-lock.json and installed by `make browser`
AXE = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
INSTALL_HINT = (
    "the browser tests need Chromium: on Debian or Ubuntu `apt-get install chromium` (make test does this "
    "when run as root), on macOS `brew install --cask chromium`; or set ELECTION_BOT_CHROMIUM to a "
    "Chromium or Chrome executable"
)


def chromium_path() -> str:
    given = os.environ.get("ELECTION_BOT_CHROMIUM")
    if given:
        if not Path(given).is_file():
            pytest.fail(f"ELECTION_BOT_CHROMIUM={given} is not a file; {INSTALL_HINT}", pytrace=False)
        return given
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    pytest.fail(INSTALL_HINT, pytrace=False)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """The folder over HTTP on a loopback port; yields the base URL (ending in `/`)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Watch:
    """Everything a page did that a reader would not want: console errors, script errors, dialogs,
    failed requests and any request that left the site."""

    origin: str
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        page.on("dialog", self._dialog)
        page.on("request", self._request)
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))

    def _console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            self.errors.append(f"console {message.type}: {message.text}")

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _request(self, request: Request) -> None:
        if not request.url.startswith(self.origin):
            self.outside.append(request.url)

    @property
    def clean(self) -> bool:
        return not (self.errors or self.dialogs or self.outside or self.failed)

    def report(self) -> str:
        return f"errors={self.errors} dialogs={self.dialogs} outside={self.outside} failed={self.failed}"


def new_context(browser: Browser, **options: Any) -> BrowserContext:
    """A context that cannot reach anything but loopback: every other request is aborted (and recorded
    by the page's Watch), so a test can never touch the network."""
    context = browser.new_context(**options)
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith("http://127.0.0.1:") else route.abort()
        ),
    )
    return context


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the loaded page (the context must bypass the CSP,
    which rightly refuses the injected script)."""
    if not AXE.is_file():
        pytest.fail(
            f"{AXE} is missing: install axe-core with `make browser` (npm ci from tests/site/axe/package-lock.json)",
            pytrace=False,
        )
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
