"""The job summary of a GitHub Actions run: the Markdown file named by `GITHUB_STEP_SUMMARY`."""

from __future__ import annotations

import logging
from collections.abc import Mapping

log = logging.getLogger(__name__)


def summary_path(environ: Mapping[str, str]) -> str | None:
    return environ.get("GITHUB_STEP_SUMMARY") or None


def append_summary(path: str | None, text: str) -> None:
    """Adds to the summary; outside Actions (no path) does nothing, and a write error never fails a run."""
    if not path:
        return
    try:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as error:
        log.warning("cannot append the job summary: %s", error.strerror or error)
