"""`election-bot preview`: every text the bot would post for an election, written to files for an admin to
read before anything runs.

For each phase with an announcement: the issue's title and body as they read when the phase opens, and the
closing comment posted when it ends (with the merged nominations in the checkout as the candidate list);
for each nomination file in the election's folder, what the check finds, judged at `--at` (by
default the middle of the nomination window). Markdown files, each with an HTML rendering beside it
(markdown-it-py, raw HTML off) and an `index.md` that lists them. Nothing is read from or written to GitHub.
"""

from __future__ import annotations

import argparse
import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.errors import UsageError

if TYPE_CHECKING:  # the models and renderers are imported by the handler: `--help` stays fast
    from bot.config.models import Election
    from bot.phases import AnnouncedCandidate, RepoRef


# What GitHub lets through of the HTML in a comment, as far as the bot's reports use it.
GITHUB_TAGS = {"sub", "sup", "details", "summary", "br", "a", "code", "strong", "em", "p", "ul", "ol", "li"}


def _page(title: str, markdown: str, *, html: bool = False) -> str:
    """A page as GitHub shows the Markdown; `html`: the bot's own reports, whose `<sub>` and `<details>`
    GitHub renders (allowed through a sanitizer, as GitHub does), never shown as literal tags."""
    import nh3
    from markdown_it import MarkdownIt

    body = MarkdownIt("commonmark", {"html": html}).enable("table").render(markdown)
    if html:
        allowed = GITHUB_TAGS | {
            "h1",
            "h2",
            "h3",
            "h4",
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
            "hr",
            "pre",
            "blockquote",
        }
        body = nh3.clean(body, tags=allowed, attributes={"a": {"href"}, "th": {"align"}, "td": {"align"}})
    escaped = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        f"<title>{escaped}</title>\n"
        "<style>body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}"
        "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2rem .5rem}</style>\n"
        f"</head>\n<body>\n{body}</body>\n</html>\n"
    )


def write_preview(
    election: Election,
    candidates: tuple[AnnouncedCandidate, ...],
    nominations: list[tuple[str, str]],
    repo: RepoRef,
    out: Path,
    reports: tuple[tuple[str, str, str], ...] = (),
) -> list[Path]:
    """Write the texts; returns the Markdown files written (each has its `.html` beside it)."""
    from bot.phases import announce

    texts: list[tuple[str, str, str]] = []  # file stem, title, Markdown
    for phase in election.phases:
        if not phase.announce:
            continue
        title = announce.issue_title(election, phase)
        body = announce.issue_body(election, phase, candidates, repo)
        texts.append((f"{phase.id}-issue", f"Issue: {title}", f"# {title}\n\n{body}\n"))
        closed = announce.issue_body(election, phase, candidates, repo, closed=True)
        texts.append((f"{phase.id}-issue-closed", f"Issue, closed: {title}", f"# {title}\n\n{closed}\n"))
        closing = announce.closing_comment(election, phase)
        texts.append((f"{phase.id}-closing", f"Closing comment: {phase.title}", closing + "\n"))
    for name, markdown in nominations:
        texts.append((f"nomination-{Path(name).stem}", f"Check of {name}", markdown))
    texts += reports
    out.mkdir(parents=True, exist_ok=True)
    written = []
    index = [f"# Preview of {election.title} ({election.id})", ""]
    for stem, title, markdown in texts:
        target = out / f"{stem}.md"
        target.write_text(markdown, encoding="utf-8")
        page = _page(title, markdown, html=stem.startswith("report-"))
        (out / f"{stem}.html").write_text(page, encoding="utf-8")
        written.append(target)
        index.append(f"- [{title}]({stem}" + "{ext})")
    # Each index links its own kind: index.md the Markdown files, index.html the rendered pages.
    listing = "\n".join(index) + "\n"
    (out / "index.md").write_text(listing.replace("{ext})", ".md)"), encoding="utf-8")
    (out / "index.html").write_text(
        _page(f"Preview of {election.id}", listing.replace("{ext})", ".html)")), encoding="utf-8"
    )
    return written


def _nomination_checks(root: Path, election: Election, at: datetime) -> list[tuple[str, str]]:
    from bot.config.zones import stamp
    from bot.ports.checkout import election_files
    from bot.ports.directory import directory_from
    from bot.ports.nomination_files import validate_paths
    from bot.text import finding_formats as render_findings

    out = []
    top, misplaced = election_files(root / election.id)
    for path in [*top, *misplaced]:  # a misplaced file is shown with its LOC001
        if path.name == "election.yaml" or not path.is_file():
            continue
        result = validate_paths([path], at, directory_from(None), local=False)
        lines = render_findings.as_text(result.findings).splitlines()
        summary = render_findings.summary_line(result.files, result.findings)
        body = [f"# {path.name}", "", f"Checked as at {stamp(at, election.zone)}: {summary}", ""]
        if lines:  # as `validate` prints them in a terminal: verbatim, with no Markdown escape shown
            fence = "`" * max(3, *(len(run) + 1 for line in lines for run in re.findall("`+", line)))
            body += [f"{fence}text", *lines, fence]  # each line already printable (as_text)
        else:
            body.append("No findings.")
        out.append((path.name, "\n".join(body) + "\n"))
    return out


def _reports(election: Election, repository: str) -> tuple[tuple[str, str, str], ...]:
    """The pull-request report in each state, for a sample nominee made from the election's config (an
    eligible class, its attestations, a statement of the right length), so each state is the one named."""
    from bot.nominations.samples import sample_nomination, sample_reports

    reports = sample_reports(election, sample_nomination(election), repository)
    return tuple((r.name, r.title, r.markdown) for r in reports)


def _preview(args: argparse.Namespace) -> int:
    from bot.commands.args import load_election, root_of
    from bot.phases import RepoRef
    from bot.ports.checkout import read_candidates
    from bot.text import wording

    root = root_of(args)
    election = load_election(args.election, root)
    candidates, _ = read_candidates(root / election.id, election)
    window = election.nominations
    at = args.at or window.start + (window.end - window.start) / 2
    repo = RepoRef(args.github_repo, "main")
    out = Path(args.out or f"preview-{election.id}")
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: is a file, not a folder")
    checks = _nomination_checks(root, election, at)
    written = write_preview(
        election, tuple(candidates), checks, repo, out, _reports(election, args.github_repo)
    )
    print(
        f"wrote {wording.count(len(written), 'text')} as Markdown and HTML to {out.resolve()}/ "
        f"(start with {out.resolve() / 'index.html'})"
    )
    return 0


def register_preview(subparsers: object) -> None:
    from bot.commands.args import instant

    p = subparsers.add_parser(  # type: ignore[attr-defined]
        "preview",
        help="write every text the bot would post for an election, as Markdown and HTML",
        description="Write the announcement issues (as they open), the closing comments and "
        "the check of each nomination file in the election's folder to a folder, as Markdown and HTML. "
        "Nothing is read from or written to GitHub.",
    )
    p.add_argument("--election", help="election id (default: the only one)")
    p.add_argument("--at", type=instant, help="judge the nominations at this instant (default: mid-window)")
    p.add_argument("--out", help="folder to write to (default: preview-<election> in the current folder)")
    p.add_argument(
        "--github-repo",
        default="OWNER/REPOSITORY",
        metavar="OWNER/NAME",
        help="the GitHub repository links point to (default: a placeholder)",
    )
    p.set_defaults(handler=_preview)
