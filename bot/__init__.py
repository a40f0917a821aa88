"""election-bot: nominations and elections run in public on GitHub."""

from importlib import metadata


def version() -> str:
    """The installed distribution's version (from the git tag it was built at, by hatch-vcs)."""
    try:
        return metadata.version("election-bot")
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"
