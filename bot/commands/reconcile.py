"""The phase reconciler behind `election-bot sync` (the command line is in `bot/commands/sync.py`).

Gather facts (the election configs and merged nominations in the checkout, the bot's own issues on GitHub),
ask the pure planner (`bot.phases.plan`) what to do, fetch what it says it still needs, apply its
actions through the gateway, and ask again until nothing is left. Every write is followed by a fresh look
where a racing run could have written the same thing (a new issue, a comment), so duplicates are found
and retired in the same run.

Exit status (bot.errors, one table for every command): 0 done (or nothing to do), 2 usage or
configuration error or GitHub refusing the token (401, 403, 404), 3 GitHub unavailable or rejecting a
request (a 422: nothing is lost, the next run continues).
"""

from __future__ import annotations

import html
import json
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import TextIO

from bot import phases
from bot.config.models import Election
from bot.config.timeline import format_utc, state_at
from bot.errors import EXIT_OK, EXIT_USAGE, UsageError
from bot.github.port import (
    Comment,
    GitHubError,
    GitHubPort,
    GitHubUnavailable,
    Issue,
    PullRequest,
    is_bot_author,
)
from bot.nominations import record
from bot.phases.effects import (
    answer_needs,
    with_comments,
    with_edited_issue,
    with_labels,
    with_retired_comment,
)
from bot.ports.actions import append_summary, summary_path
from bot.ports.checkout import ElectionRegistry, display_path, read_merged
from bot.text import finding_formats as render_findings
from bot.text import labels as vocab
from bot.text import wording
from bot.text.findings import Finding

MAX_ROUNDS = 12


Out = Callable[[str], None]


# --------------------------------------------------------------------------------------------------
# Facts from the checkout
# --------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Checkout:
    """What the default branch says: the elections and their merged, valid nominations."""

    facts: list[phases.ElectionFacts] = field(default_factory=list)
    config_findings: list[Finding] = field(default_factory=list)  # broken election.yaml: exit 2
    skipped: list[Finding] = field(default_factory=list)  # merged files not listed: for the admins
    known: tuple[str, ...] = ()


def read_checkout(root: Path, only: str | None = None) -> Checkout:
    registry = ElectionRegistry(root)
    known = registry.known()
    if only is not None and only not in known:
        raise UsageError(f"unknown election {only!r} (known: {', '.join(known) or 'none'})")
    result = Checkout(known=known)
    for election_id in known:
        if only is not None and election_id != only:
            continue
        loaded = registry.get(election_id)
        if loaded is None:
            continue
        if loaded.election is None:
            result.config_findings.extend(loaded.findings)
            continue
        candidates, skipped = read_candidates(root / election_id, loaded.election)
        facts = phases.ElectionFacts(loaded.election, tuple(candidates), withheld_of(skipped))
        result.facts.append(facts)
        result.skipped.extend(skipped)
    return result


def read_candidates(folder: Path, election: Election) -> tuple[list[phases.Candidate], list[Finding]]:
    """Merged nominations that load cleanly and are named after their nominee; the rest are reported."""
    merged, skipped = read_merged(folder, election)
    candidates = [
        phases.Candidate(
            login=m.nomination.github,
            name=m.nomination.name,
            file=m.path.name,
            affiliations=tuple(m.nomination.affiliations),
            nominated_by=m.nomination.nominated_by,
        )
        for m in merged
    ]
    return candidates, skipped


def withheld_of(skipped: Iterable[Finding]) -> tuple[phases.Withheld, ...]:
    """The merged files that do not count, one entry per file with its error codes, in file order."""
    codes: dict[str, set[str]] = {}
    for finding in skipped:
        if finding.path:
            codes.setdefault(PurePosixPath(finding.path).name, set()).add(finding.code)
    return tuple(phases.Withheld(name, tuple(sorted(found))) for name, found in sorted(codes.items()))


def withheld_summary(skipped: Sequence[Finding]) -> str:
    """The job summary's section for the admins: each withheld file with the full text of its findings."""
    text = html.escape(render_findings.as_text(skipped))
    return (
        "## Merged files that do not count\n\n"
        "These files are on the default branch but are not valid nominations: they are not announced "
        "or counted. Correct or remove each one.\n\n"
        f"<pre>{text}</pre>\n\n"
    )


def default_branch(root: Path, environ: Mapping[str, str]) -> str:
    """The branch statements are linked on: the workflow event's repository default branch, else the
    checkout's current branch (.git/HEAD), else `main`."""
    event_path = environ.get("GITHUB_EVENT_PATH")
    if event_path:
        try:
            event = json.loads(Path(event_path).read_text(encoding="utf-8"))
            branch = event.get("repository", {}).get("default_branch")
            if isinstance(branch, str) and _safe_branch(branch):
                return branch
        except (OSError, ValueError, AttributeError, RecursionError):
            pass
    head = root.parent / ".git" / "HEAD"
    try:
        text = head.read_text(encoding="utf-8").strip()
    except OSError:
        text = ""
    if text.startswith("ref: refs/heads/"):
        branch = text.removeprefix("ref: refs/heads/")
        if _safe_branch(branch):
            return branch
    return "main"


def _safe_branch(name: str) -> bool:
    return bool(name) and len(name) <= 100 and all(c.isalnum() or c in "-_./" for c in name)


# --------------------------------------------------------------------------------------------------
# Facts from GitHub
# --------------------------------------------------------------------------------------------------


def observe_issues(gh: GitHubPort) -> tuple[phases.IssueView, ...]:
    """One request: every issue labelled `election-bot`; only the bot's own ones with a phase marker count.

    The author is checked here rather than with GitHub's `creator` filter, whose spelling for bot
    accounts is not something to bet the no-duplicates guarantee on.
    """
    issues = gh.list_issues(labels=[vocab.BOT.name], state="all")
    return tuple(v for v in (issue_view(gh, i) for i in issues) if v is not None)


def issue_view(gh: GitHubPort, issue: Issue) -> phases.IssueView | None:
    if issue.is_pull_request or not is_bot_author(issue.author, gh.bot_login):
        return None
    mark = phases.parse_phase_marker(issue.body)
    if mark is None:
        return None
    return phases.IssueView(issue.number, issue.state, issue.body, mark, None, issue.html_url)


def own_comments(gh: GitHubPort, comments: Iterable[Comment]) -> tuple[phases.CommentView, ...]:
    return tuple(phases.CommentView(c.id, c.body) for c in comments if is_bot_author(c.author, gh.bot_login))


def observe_pulls(gh: GitHubPort, known: Sequence[str]) -> tuple[phases.PullView, ...]:
    """Open pull requests labelled `nomination`, and those that touch `nominations/` without the label,
    each with the election its files belong to. Every one the cut-off pass has not handled yet (no
    `late` / `open-at-cutoff` label) has its files read, once per run: that is what the pass snapshots
    (head, `updated_at`, the nomination file), and how an unlabelled pull request is found to touch
    `nominations/`. At most MAX_INSPECTED unlabelled pull requests are read per run, oldest first (an
    unlabelled one that touches nothing under `nominations/` is read again by every run of the pass)."""
    views = []
    inspected = 0
    for pull in sorted(gh.list_open_pulls(), key=lambda p: p.number):
        labelled = vocab.NOMINATION.name in pull.labels
        handled = bool(set(pull.labels) & vocab.CUTOFF)
        if handled:
            if labelled:
                views.append(
                    phases.PullView(
                        pull.number, pull.created_at, frozenset(pull.labels), pull_election(gh, pull, known)
                    )
                )
            continue
        if not labelled:
            if inspected >= MAX_INSPECTED:
                continue
            inspected += 1
        paths = [f.filename for f in gh.list_pull_files(pull.number)]
        touched = [p for p in paths if p.split("/")[0] == "nominations" and p.count("/") == 2]
        if not labelled and not touched:
            continue
        election = election_of(pull, known, touched)
        views.append(
            phases.PullView(
                pull.number,
                pull.created_at,
                frozenset(pull.labels),
                election,
                head_sha=pull.head_sha,
                updated_at=pull.updated_at,
                file=record.file_key(touched[0]) if len(touched) == 1 else "",
            )
        )
    return tuple(views)


MAX_INSPECTED = 50  # unlabelled open pull requests whose files one run of the cut-off pass reads


def _named_election(pull: PullRequest, known: Sequence[str]) -> str | None:
    """The only election in the repository, else the one a label names (`election:<id>` or `<id>`)."""
    if len(known) == 1:
        return known[0]
    for label in pull.labels:
        name = label.removeprefix("election:")
        if name in known:
            return name
    return None


def election_of(pull: PullRequest, known: Sequence[str], touched: Sequence[str]) -> str | None:
    """The election of a pull request whose files were read: the only one, a label, else the folder."""
    named = _named_election(pull, known)
    if named is not None:
        return named
    for path in touched:
        folder = path.split("/")[1]
        if folder in known:
            return folder
    return None


def pull_election(gh: GitHubPort, pull: PullRequest, known: Sequence[str]) -> str | None:
    """The election of a nomination pull request: the only election in the repository, else a label
    naming it (`election:<id>` or `<id>`), else the folder of the files it changes."""
    named = _named_election(pull, known)
    if named is not None:
        return named
    for changed in gh.list_pull_files(pull.number):
        parts = changed.filename.split("/")
        if len(parts) == 3 and parts[0] == "nominations" and parts[1] in known:
            return parts[1]
    return None


# --------------------------------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Report:
    done: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rounds: int = 0

    def note(self, text: str, out: Out) -> None:
        if text not in self.notes:
            self.notes.append(text)
            out(f"  · {text}")


def reconcile(
    gh: GitHubPort | None,
    world: phases.World,
    *,
    known: Sequence[str],
    dry_run: bool,
    out: Out,
) -> Report:
    """Plan, fetch, apply, repeat until the plan is empty. `gh` None: a dry run without GitHub."""
    report = Report()
    sim = phases.Simulation(world)
    labels_ensured: set[str] = set()
    for _ in range(MAX_ROUNDS):
        report.rounds += 1
        result = phases.plan(world)
        for text in result.notes:
            report.note(text, out)
        if result.needs:
            world = _fetch(gh, world, result.needs, known)
            continue
        if not result.actions:
            return report
        if dry_run:
            sim.world = world
            for action in result.actions:
                out(f"  would {action.describe()}")
                report.done.append(action.describe())
                sim.apply(action)
            world = sim.world
            continue
        assert gh is not None
        world = _apply(gh, world, result.actions, labels_ensured, report, out)
    raise GitHubError(f"the announcements did not settle after {MAX_ROUNDS} rounds; run again and report it")


def _fetch(
    gh: GitHubPort | None, world: phases.World, needs: Iterable[phases.Need], known: Sequence[str]
) -> phases.World:
    if gh is None:
        return phases.fill_needs(world, needs)
    return answer_needs(
        world,
        sorted(needs, key=repr),
        lambda: observe_pulls(gh, known),
        lambda number: own_comments(gh, gh.list_issue_comments(number)),
    )


def _apply(
    gh: GitHubPort,
    world: phases.World,
    actions: Sequence[phases.Action],
    labels_ensured: set[str],
    report: Report,
    out: Out,
) -> phases.World:
    """Apply actions in order. After a new issue, list the issues again; after a comment on an
    announcement, list its comments again (before anything else touches that issue): a racing run may
    have done the same, and the next plan retires the duplicate."""
    relist = False
    blocked: set[int] = set()
    for action in actions:
        target = action.number if not isinstance(action, phases.OpenIssue) else None
        if target is not None and target in blocked:
            continue
        _ensure_labels(gh, action, labels_ensured)
        if isinstance(action, phases.OpenIssue):
            created = gh.create_issue(action.title, action.body, list(action.labels), marker=action.marker)
            relist = True
            out(f"  ✓ opened #{created.number} “{action.title}”")
        elif isinstance(action, phases.EditIssue):
            edited = gh.edit_issue(
                action.number,
                body=action.body,
                state="closed" if action.close else None,
                state_reason=action.state_reason if action.close else None,  # type: ignore[arg-type]
            )
            world = with_edited_issue(world, action.number, issue_view(gh, edited))
            out(f"  ✓ {action.describe()}")
        elif isinstance(action, phases.PostComment):
            gh.create_issue_comment(action.number, action.body, marker=action.marker)
            out(f"  ✓ {action.describe()}")
            if action.verify:
                blocked.add(action.number)
                world = with_comments(world, action.number, None)
        elif isinstance(action, phases.RetireComment):
            gh.edit_issue_comment(action.comment_id, action.body)
            out(f"  ✓ {action.describe()}")
            world = with_retired_comment(world, action.number, action.comment_id, action.body)
        elif isinstance(action, phases.AddLabels):
            gh.add_labels(action.number, list(action.labels))
            out(f"  ✓ {action.describe()}")
            world = with_labels(world, action.number, action.labels)
        report.done.append(action.describe())
    if relist:
        known = {i.number: i.comments for i in world.issues}
        fresh = observe_issues(gh)
        world = replace(world, issues=tuple(replace(i, comments=known.get(i.number)) for i in fresh))
    return world


def _ensure_labels(gh: GitHubPort, action: phases.Action, ensured: set[str]) -> None:
    if not isinstance(action, phases.OpenIssue | phases.AddLabels):
        return
    wanted = [n for n in action.labels if n in vocab.FIXED]
    missing = [n for n in wanted if n not in ensured]
    if missing:
        gh.ensure_labels([vocab.FIXED[n] for n in missing])
        ensured.update(missing)


# --------------------------------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------------------------------


def connect(environ: Mapping[str, str]) -> GitHubPort:
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
