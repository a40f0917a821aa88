"""Where the elections repository is: `--repo DIR`, else the folder a command was started in.

Its own small module (pathlib only) so that the command line can find it without importing the models
(`--help` stays fast). `--repo` reaches it as an argument, never as ambient state: every command passes
`args.repo_dir` (see `bot.commands.args.root_of`).
"""

from __future__ import annotations

from pathlib import Path

from bot.config.paths import NOMINATIONS_ROOT as NOMINATIONS


def find_root(start: Path, repo: Path | None = None) -> Path:
    """The `nominations/` folder to work on.

    `repo` (`--repo DIR`) decides when given (`DIR/nominations`). Otherwise the `nominations/` folder that
    holds `start`; else the nearest one in `start` or a folder above it (so every command works from any
    folder of the repository, like git); else `./nominations` (which then does not exist, and the command
    says where it looked).
    """
    if repo is not None:
        return (repo / NOMINATIONS).resolve()
    resolved = start.resolve()
    for candidate in (resolved, *resolved.parents):
        if candidate.name == NOMINATIONS:
            return candidate
    for candidate in (resolved, *resolved.parents):
        if (candidate / NOMINATIONS).is_dir():
            return candidate / NOMINATIONS
        if (candidate / ".git").exists():
            break  # never leave the repository that `start` is in
    return Path(NOMINATIONS).resolve()
