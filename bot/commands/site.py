"""`election-bot site`: build the elections' public web site (static HTML and CSS) from the repository.

    election-bot site                                   # every election, into ./site
    election-bot site --election ppc-2026 --out public --at 2026-08-11T14:00:00Z

What it reads, all from the checkout: each `nominations/<id>/election.yaml`, the merged nominations, and
once an election's voting has closed the admins' files in `results/<id>/` next to `nominations/`: the
counts (`counts.yaml`) or the voting service's ballot file (`ballots.blt` or `ballots.csv`, with
`names.yaml` and `service-totals.csv` beside it when the admins keep them, and the electors from
election.yaml's `voting.electors`), and `resolutions.yaml` when ties were resolved, counted exactly as
`election-bot results` counts them. With `--github` it also asks GitHub (one listing, `GITHUB_REPOSITORY`
and `GITHUB_TOKEN`) for the announcement issues, to link each phase to its issue. The pages themselves are
made by `bot.site.pages`, which knows nothing of files or GitHub.

Exit 0: the site was written; 2: a usage or data error (an unknown election, a broken configuration, a
results file that does not count, an output folder that holds something else) and nothing was written.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.commands.args import Subparsers, instant
from bot.errors import EXIT_OK, UsageError
from bot.text import wording

if TYPE_CHECKING:
    from bot.config.models import Election
    from bot.phases import RepoRef
    from bot.results.outcome import ResultsReport
    from bot.site.model import Site, SiteElection

STAMP = ".election-bot-site"  # marks a folder this command wrote, so that a rebuild may empty it
REPO_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")


def load_results(
    root: Path, election: Election, at: datetime, electors: int | None = None
) -> ResultsReport | None:
    """The results, once voting has closed and the counts are committed; never before voting closes.
    `electors`: `--electors`, for a ballot file (else election.yaml's `voting.electors`), as `results`."""
    from bot.ports.results_files import BALLOT_FILES, committed_ballot_options, committed_files, read_report

    counts, resolutions = committed_files(root, election.id)
    if counts is None:
        return None
    if at < election.voting.end:
        print(
            f"note: {election.id}: a counts file exists but voting is open until "
            f"{election.voting.end.isoformat()}; results are not published before then",
            file=sys.stderr,
        )
        return None
    if counts.name in BALLOT_FILES:
        return read_report(
            election, root, None, resolutions, at, ballot_options=committed_ballot_options(counts, electors)
        )
    return read_report(election, root, counts, resolutions, at)


def results_sources(root: Path, election: Election) -> tuple[str, ...]:
    """The committed results files, as paths in the repository (POSIX, from its top)."""
    from bot.ports.results_files import committed_sources

    return tuple(p.relative_to(root.parent).as_posix() for p in committed_sources(root, election.id))


def read_mark(root: Path, election: Election) -> bytes | None:
    """election.yaml's `community.mark`: the file's bytes, refused (exit 2, with what to fix) when it is
    missing, outside the repository or not a plain image (`bot.site.mark.mark_problem`)."""
    from bot.site.mark import mark_problem

    path = election.community.mark
    if path is None:
        return None
    where = f"nominations/{election.id}/election.yaml: community.mark"
    top = root.parent.resolve()
    file = (top / path).resolve()
    if not file.is_relative_to(top) or not file.is_file():
        raise UsageError(
            f"{where}: {path} is not a file in the repository; commit it there or remove the key"
        )
    data = file.read_bytes()
    problem = mark_problem(path, data)
    if problem is not None:
        raise UsageError(f"{where}: {problem}")
    return data


def gather(root: Path, only: str | None, at: datetime, environ: Mapping[str, str], args: Any) -> Site:
    """The facts of every election (or one) in the checkout, as the renderer's model."""
    from bot.commands.args import load_election
    from bot.ports.checkout import ElectionRegistry, read_merged
    from bot.site.model import Site, SiteCandidate, SiteElection
    from bot.text import finding_formats as render_findings

    registry = ElectionRegistry(root)
    known = registry.known()
    if not known:
        raise UsageError(f"no elections under {root} (nominations/<id>/election.yaml)")
    wanted = [only] if only else list(known)
    repo = repo_ref(root, environ, args)
    issues = issue_links(environ, repo) if args.github else {}
    entries: list[SiteElection] = []
    for election_id in wanted:
        election = load_election(election_id, root)
        merged, problems = read_merged(root / election.id, election)
        if problems:
            print(
                f"warning: {election.id}: merged files not listed as candidates:\n"
                + render_findings.as_text(problems),
                file=sys.stderr,
            )
        candidates = tuple(
            SiteCandidate(
                login=m.nomination.github,
                name=m.nomination.name,
                file=m.path.name,
                affiliations=tuple(m.nomination.affiliations),
                statement=m.statement,
                nominated_by=m.nomination.nominated_by,
                links=tuple(m.nomination.links),
            )
            for m in merged
        )
        results = load_results(root, election, at, getattr(args, "electors", None))
        entries.append(
            SiteElection(
                election=election,
                candidates=candidates,
                results=results,
                sources=results_sources(root, election) if results is not None else (),
                mark=read_mark(root, election),
                issues={phase: url for (eid, phase), url in issues.items() if eid == election.id},
            )
        )
    return Site(at=at, elections=tuple(entries), repo=repo, title=args.title)


def repo_ref(root: Path, environ: Mapping[str, str], args: Any) -> RepoRef | None:
    from bot.phases import RepoRef
    from bot.ports.checkout import default_branch

    name = args.github_repo or environ.get("GITHUB_REPOSITORY")
    if not name:
        return None
    if not REPO_RE.match(name):
        raise UsageError(f"--github-repo must be OWNER/NAME, not {name!r}")
    branch = args.branch or default_branch(root, environ)
    server = environ.get("GITHUB_SERVER_URL") or "https://github.com"
    if not re.match(r"^https://[A-Za-z0-9.-]+(?::\d+)?$", server):
        server = "https://github.com"
    return RepoRef(name, branch, server)


def issue_links(environ: Mapping[str, str], repo: RepoRef | None) -> dict[tuple[str, str], str]:
    """(election, phase) -> the URL of the bot's announcement issue: one listing of the label's issues.

    A failure costs only the links (the pages link to the label's issue list instead); it is reported."""
    from bot.github.gateway import Gateway
    from bot.github.port import GitHubError
    from bot.ports.announcements import observe_issues

    if not environ.get("GITHUB_TOKEN") or not environ.get("GITHUB_REPOSITORY"):
        raise UsageError("--github needs GITHUB_REPOSITORY and GITHUB_TOKEN")
    try:
        gh = Gateway.from_env(environ)
        views = observe_issues(gh)
    except GitHubError as error:
        print(f"warning: the announcement issues could not be listed ({error}); not linked", file=sys.stderr)
        return {}
    base = f"{repo.server}/{repo.repo}" if repo else f"https://github.com/{gh.repo}"
    links: dict[tuple[str, str], str] = {}
    for view in sorted(views, key=lambda v: v.number, reverse=True):  # the oldest wins, as in sync
        links[(view.marker.election, view.marker.phase)] = f"{base}/issues/{view.number}"
    return links


def write_site(files: Mapping[str, bytes], out: Path) -> None:
    """Replace `out` with the site: only a missing or empty folder, or one this command wrote before."""
    if out.exists():
        if not out.is_dir():
            raise UsageError(f"{out} exists and is not a folder")
        if any(out.iterdir()) and not (out / STAMP).is_file():
            raise UsageError(f"{out} is not empty and was not written by `election-bot site`; choose --out")
    try:
        if out.exists():
            shutil.rmtree(out)
        for relative, data in files.items():
            path = out / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        (out / STAMP).write_text("written by election-bot site; the next build empties this folder\n")
    except OSError as error:
        raise UsageError(f"cannot write {out}: {error.strerror or error}") from None


def _site(args: argparse.Namespace) -> int:
    from bot.commands.args import root_of
    from bot.ports.clock import system_clock
    from bot.site.pages import build_site

    if args.repo is not None:
        # The deprecated `site --repo OWNER/NAME`: every other command's `--repo` is the elections folder,
        # before or after its name. Still accepted for the GitHub repository, with a warning; a folder
        # given to it must not end in "no elections under …".
        if not REPO_RE.match(args.repo):
            raise UsageError(
                f"--repo must be OWNER/NAME, not {args.repo!r}: after `site` it names the GitHub repository "
                f"the site links to (deprecated: use --github-repo); to build from the elections folder, "
                f"put it before the command: election-bot --repo {args.repo} site …"
            )
        if args.github_repo is not None and args.github_repo != args.repo:
            raise UsageError(
                f"--repo {args.repo} and --github-repo {args.github_repo}: give only --github-repo"
            )
        print(
            f"warning: `site --repo {args.repo}` is deprecated (every other command's --repo is the elections "
            f"folder): use `site --github-repo {args.repo}`",
            file=sys.stderr,
        )
        args.github_repo = args.repo
    root = root_of(args)
    if args.electors is not None and args.election is None:
        raise UsageError("--electors counts one election's ballots: give --election ID with it")
    at = args.at or system_clock()
    site = gather(root, args.election, at, os.environ, args)
    files = build_site(site)
    out = Path(args.out)
    write_site(files, out)
    pages = sum(1 for name in files if name.endswith(".html"))
    print(f"wrote {out}/ ({pages} pages, {wording.count(len(site.elections), 'election')})", file=sys.stderr)
    return EXIT_OK


def register_site(subparsers: Subparsers) -> None:
    p = subparsers.add_parser(
        "site",
        help="build the elections' public web site (static HTML) from the repository",
        description="Build a static site: an index of the elections; per election the timeline, how to take "
        "part now, the candidates with their statements, the calendar and, after voting, the results "
        "(from results/<id>/counts.yaml). Exit 0: written; 2: usage or data error.",
    )
    p.add_argument("--election", help="build only this election (default: every election)")
    p.add_argument("--out", default="site", help="the folder to write (default: site)")
    p.add_argument("--at", type=instant, help="the instant the site shows (default: now)")
    p.add_argument(
        "--github-repo",
        metavar="OWNER/NAME",
        help="the GitHub repository statements and issues are linked in (default: GITHUB_REPOSITORY)",
    )
    p.add_argument(
        "--repo",
        metavar="OWNER/NAME",
        help="deprecated: use --github-repo (here not a folder: for that, election-bot --repo DIR site)",
    )
    p.add_argument("--branch", help="the branch statements are linked on (default: the default branch)")
    p.add_argument(
        "--electors",
        type=int,
        metavar="N",
        help="with --election and a committed ballot file: the number of electors, as `results --electors` "
        "(default: election.yaml's voting.electors)",
    )
    p.add_argument("--title", default="Elections", help="the index page's title (default: Elections)")
    p.add_argument(
        "--github",
        action="store_true",
        help="link each phase to its announcement issue (one GitHub listing; needs GITHUB_TOKEN)",
    )
    p.set_defaults(handler=_site)
