"""The demo's transcript: every issue and pull request, with its comments, as GitHub would show them.

One Markdown file per issue or pull request (`001-nominations-demo-council-election-2026.md`, …), the
narrative (`narrative.md`) and an index (`README.md`). Bodies are written as posted: Markdown renders them
as GitHub does, hidden markers included (GitHub does not show HTML comments either).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from election_bot_demo.fakehub import FakeHub, FakeIssue


def _when(at: datetime | None) -> str:
    return at.strftime("%Y-%m-%d %H:%M UTC") if at is not None else "—"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "untitled"


def _state(issue: FakeIssue, merged: bool) -> str:
    if merged:
        return "merged"
    if issue.state == "closed":
        return f"closed ({issue.state_reason})" if issue.state_reason else "closed"
    return "open"


def write(hub: FakeHub, repo: str, folder: Path, narrative: Sequence[str]) -> list[Path]:
    """Write the transcript into `folder` (emptied first if it is a previous transcript)."""
    if folder.exists() and (folder / "README.md").exists() and (folder / "narrative.md").exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    index = [
        f"# Demo transcript: {repo}",
        "",
        "Every issue and pull request of the simulated election, with every comment, as GitHub shows them. "
        "The story in order is in [narrative.md](narrative.md).",
        "",
        "| # | kind | title | state | by | comments |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for issue in hub.issues(repo, include_pulls=True):
        pull = hub.pull(repo, issue.number) if issue.is_pull else None
        kind = "pull request" if pull else "issue"
        name = f"{issue.number:03d}-{_slug(issue.title)}.md"
        comments = hub.comments(repo, issue.number)
        state = _state(issue, bool(pull and pull.merged))
        lines = [
            f"# {issue.title}  #{issue.number}",
            "",
            f"**{kind}**, {state} · opened by `{issue.author}` at {_when(issue.created_at)}"
            + (f" · closed at {_when(issue.closed_at)}" if issue.closed_at else ""),
            "",
            f"Labels: {', '.join(f'`{label}`' for label in issue.labels) or 'none'}",
            "",
        ]
        if pull is not None:
            lines += ["Files: " + ", ".join(f"`{f.filename}` ({f.status})" for f in pull.files), ""]
            for run in hub.check_runs(repo, pull.head_sha):
                lines += [
                    f"Check run `{run.name}` on the head commit: **{run.conclusion}** — {run.title}",
                    "",
                ]
        lines += ["---", "", (issue.body or "_No description provided._").rstrip(), ""]
        for comment in comments:
            lines += [
                "---",
                "",
                f"**`{comment.author}`** commented at {_when(comment.created_at)}"
                + (
                    f" (edited {_when(comment.updated_at)})"
                    if comment.updated_at != comment.created_at
                    else ""
                ),
                "",
                comment.body.rstrip(),
                "",
            ]
        path = folder / name
        path.write_text("\n".join(lines), encoding="utf-8")
        files.append(path)
        index.append(
            f"| {issue.number} | {kind} | [{issue.title.replace('|', '/')}]({name}) | {state} | "
            f"`{issue.author}` | {len(comments)} |"
        )
    (folder / "narrative.md").write_text(
        "# What happened\n\n```text\n" + "\n".join(narrative).strip() + "\n```\n", encoding="utf-8"
    )
    (folder / "README.md").write_text("\n".join(index) + "\n", encoding="utf-8")
    return [folder / "README.md", folder / "narrative.md", *files]
