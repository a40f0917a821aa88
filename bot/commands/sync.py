"""`election-bot sync`: the phase reconciler's command line. Gather facts (the election configs and merged
nominations in the checkout: `bot.ports.checkout`; the bot's own issues on GitHub:
`bot.ports.announcements`), let the pure planner (`bot.phases.plan`) decide, and act through the port
until nothing is left; print what was done.

Exit status (bot.errors, one table for every command): 0 done (or nothing to do), 2 usage or
configuration error or GitHub refusing the token (401, 403, 404), 3 GitHub unavailable or rejecting a
request (a 422: nothing is lost, the next run continues).

The handler imports the rest when it runs, so that `election-bot --help` stays fast.
"""

from __future__ import annotations

import argparse
import html
import os
import sys
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.commands.args import Subparsers

if TYPE_CHECKING:
    from bot.github.port import GitHubPort
    from bot.text.findings import Finding


def withheld_summary(skipped: Sequence[Finding]) -> str:
    """The job summary's section for the admins: each withheld file with the full text of its findings."""
    from bot.text import finding_formats as render_findings

    text = html.escape(render_findings.as_text(skipped))
    return (
        "## Merged files that do not count\n\n"
        "These files are on the default branch but are not valid nominations: they are not announced "
        "or counted. Correct or remove each one.\n\n"
        f"<pre>{text}</pre>\n\n"
    )


def connect(environ: Mapping[str, str]) -> GitHubPort:
    """The gateway from the workflow's environment (a test wraps it to crash or race runs)."""
    from bot.github.gateway import Gateway

    return Gateway.from_env(environ)


def run(
    *,
    root: Path,
    at: datetime,
    election: str | None,
    dry_run: bool,
    environ: Mapping[str, str],
    branch: str | None = None,
    stream: TextIO | None = None,
    gh: GitHubPort | None = None,
) -> int:
    """The whole command; returns the exit status. `gh` may be given (tests, the demo, benchmarks)."""
    from bot import phases
    from bot.config.timeline import format_utc, state_at
    from bot.errors import EXIT_OK, EXIT_USAGE, UsageError
    from bot.github.port import GitHubError, GitHubUnavailable
    from bot.ports.actions import append_summary, summary_path
    from bot.ports.announcements import nominee_labels, observe_issues, reconcile
    from bot.ports.checkout import default_branch, display_path, read_checkout
    from bot.text import finding_formats as render_findings
    from bot.text import wording

    stream = stream or sys.stdout

    def out(text: str) -> None:
        print(text, file=stream)

    checkout = read_checkout(root, election)
    if not checkout.facts and not checkout.config_findings:
        raise UsageError(f"no elections under {display_path(root)} (nominations/<id>/election.yaml)")
    if gh is None and not (dry_run and not environ.get("GITHUB_TOKEN")):
        gh = connect(environ)
    repo_name = gh.repo if gh is not None else environ.get("GITHUB_REPOSITORY") or "OWNER/REPOSITORY"
    ref = phases.RepoRef(repo_name, branch or default_branch(root, environ))
    mode = "dry run, nothing is written" if dry_run else "applying changes"
    out(f"election-bot sync at {format_utc(at)} on {repo_name} ({mode})")
    for facts in checkout.facts:
        states = ", ".join(f"{p.id} {state_at(p, at).value}" for p in facts.election.phases)
        out(f"  {facts.election.id}: {states}; {wording.count(len(facts.candidates), 'merged nomination')}")
    if checkout.skipped:
        append_summary(summary_path(environ), withheld_summary(checkout.skipped))
        out("  merged files not listed as candidates (election admins, please look):")
        for line in render_findings.as_text(checkout.skipped).splitlines():
            out(f"    {line}")
    if gh is None:
        out("  no GITHUB_TOKEN: planning as if GitHub showed nothing yet")
    code = EXIT_OK
    try:
        issues = observe_issues(gh) if gh is not None else ()
        world = phases.World(at=at, repo=ref, elections=tuple(checkout.facts), issues=issues)
        report = reconcile(gh, world, known=checkout.known, dry_run=dry_run, out=out)
        if gh is not None and not dry_run:
            report.done += nominee_labels(gh, [f.election for f in checkout.facts], at, out)
        if gh is None:
            # Without a token nothing was read from GitHub: never claim to know what it shows.
            count = (
                f"{wording.count(len(report.done), 'change')} would be made"
                if report.done
                else "nothing would be done"
            )
            out(f"  {count} if GitHub showed nothing yet; GitHub was not asked (no GITHUB_TOKEN)")
        elif not report.done:
            out("  nothing to do: GitHub already shows the right state")
        else:
            verb = "would be" if dry_run else ("was" if len(report.done) == 1 else "were")
            out(f"  {wording.count(len(report.done), 'change')} {verb} made")
    except GitHubUnavailable as error:
        out(f"  GitHub is unavailable: {error.message}")
        out("  stopped here; nothing is lost: the next run finds what was done and continues")
        code = error.exit_code
    except GitHubError as error:
        out(f"  GitHub refused a request: {error.message}")
        code = error.exit_code
    finally:
        if gh is not None:
            out(f"  {gh.stats.summary()}")
    if checkout.config_findings:
        print("error: an election configuration is invalid:", file=sys.stderr)
        print(render_findings.as_text(checkout.config_findings), file=sys.stderr)
        return EXIT_USAGE if code == EXIT_OK else code
    return code


def _sync(args: argparse.Namespace) -> int:
    from bot.commands.args import root_of
    from bot.ports.clock import system_clock

    return run(
        root=root_of(args),
        at=args.at or system_clock(),
        election=args.election,
        dry_run=args.dry_run,
        environ=os.environ,
        branch=args.branch,
    )


def register_sync(subparsers: Subparsers) -> None:
    from bot.commands.args import instant

    p = subparsers.add_parser(
        "sync",
        help="open, update and close the phase announcement issues (the scheduled reconciler)",
        description="Compare what GitHub shows with what the election timeline says and apply the "
        "difference: open each phase's announcement issue when it starts, keep its candidate list "
        "current, post a closing comment and close it when the phase ends, and comment on and label the "
        "nomination pull requests still open at the cut-off. Safe to run any number of times, even "
        "concurrently. Needs GITHUB_REPOSITORY and GITHUB_TOKEN (GITHUB_API_URL for another server); a "
        "dry run without a token plans as if GitHub showed nothing yet. Exit 0: done; 2: usage or "
        "configuration error, or GitHub refusing the token; 3: GitHub unavailable or rejecting a request "
        "(the next run continues).",
    )
    p.add_argument("--election", help="only this election (default: every election in the repository)")
    p.add_argument(
        "--at", type=instant, help="act as if it were this instant, ISO 8601 with offset (default: now)"
    )
    p.add_argument("--dry-run", action="store_true", help="print the plan; write nothing to GitHub")
    p.add_argument("--branch", help="branch that statement links point to (default: the default branch)")
    p.set_defaults(handler=_sync)
