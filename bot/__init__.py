"""election-bot: nominations and elections run in public on GitHub."""

import json
import re
from importlib import metadata


def version() -> str:
    """The installed distribution's version (from the git tag it was built at, by hatch-vcs)."""
    try:
        return metadata.version("election-bot")
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


def home() -> str | None:
    """The bot's own GitHub repository, OWNER/NAME, from the installed distribution's metadata (pyproject's
    [project.urls] `Repository`): the callers `init` writes name it, so it is read, never guessed. None
    when the metadata does not say (then `init --bot-repository` must)."""
    try:
        urls = metadata.metadata("election-bot").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return None
    for entry in urls:
        label, _, url = entry.partition(",")
        found = re.fullmatch(
            r"https://github\.com/([A-Za-z0-9-]{1,39}/[A-Za-z0-9._-]{1,100}?)(?:\.git)?/?", url.strip()
        )
        if label.strip().casefold() == "repository" and found:
            return found.group(1)
    return None


def installed_commit() -> str | None:
    """The commit the installed distribution was built from, when its installer recorded one (PEP 610's
    direct_url.json: `pip install git+https://github.com/OWNER/NAME@vX.Y.Z`); None otherwise."""
    try:
        recorded = metadata.distribution("election-bot").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    if not recorded:
        return None
    try:
        commit = json.loads(recorded).get("vcs_info", {}).get("commit_id")
    except (ValueError, AttributeError):
        return None
    return commit if isinstance(commit, str) and re.fullmatch(r"[0-9a-f]{40}", commit) else None
