"""The phase announcements on GitHub: what GitHub shows the pure planner (`bot.phases`) — the bot's own
announcement issues, their comments, the nomination pull requests open at the cut-off — and the planner's
actions done through the port, round after round until the plan is empty.

Every write is followed by a fresh look where a racing run could have written the same thing (a new issue,
a comment), so duplicates are found and retired in the same run. `election-bot sync`
(`bot/commands/sync.py`) is its command line; `results --post` and the site read the issues here too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from bot import phases
from bot.config.models import LOGIN_RE, Election
from bot.config.paths import election_of_path, election_of_pull
from bot.config.timeline import PhaseState, state_at
from bot.github.port import Comment, GitHubError, GitHubPort, Issue, PullRequest
from bot.github.values import login_key
from bot.nominations import record
from bot.phases.effects import (
    answer_needs,
    with_comments,
    with_edited_issue,
    with_labels,
    with_retired_comment,
)
from bot.text import labels as vocab

MAX_ROUNDS = 12


Out = Callable[[str], None]


def observe_issues(gh: GitHubPort) -> tuple[phases.IssueView, ...]:
    """One request: every issue labelled `election-bot`; only the bot's own ones with a phase marker count.

    The author is checked here rather than with GitHub's `creator` filter, whose spelling for bot
    accounts is not something to bet the no-duplicates guarantee on.
    """
    issues = gh.list_issues(labels=[vocab.BOT.name], state="all")
    return tuple(v for v in (issue_view(gh, i) for i in issues) if v is not None)


def issue_view(gh: GitHubPort, issue: Issue) -> phases.IssueView | None:
    if issue.is_pull_request or not issue.author.is_bot_author(gh.bot_login):
        return None
    mark = phases.parse_phase_marker(issue.body)
    if mark is None:
        return None
    return phases.IssueView(issue.number, issue.state, issue.body, mark, None, issue.html_url)


def own_comments(gh: GitHubPort, comments: Iterable[Comment]) -> tuple[phases.CommentView, ...]:
    return tuple(phases.CommentView(c.id, c.body) for c in comments if c.author.is_bot_author(gh.bot_login))


def observe_pulls(gh: GitHubPort, known: Sequence[str]) -> tuple[phases.PullView, ...]:
    """Open pull requests labelled `nomination`, and those that touch `nominations/` without the label,
    each with the election its files belong to, its head and GitHub's `updated_at` (what the cut-off pass
    snapshots). Files are read only where they are needed: to find the election when neither the
    repository nor a label says, and to find whether an unlabelled pull request touches `nominations/`
    (then its nomination file is snapshotted too). Once the pass has handled a pull request (`late` /
    `open-at-cutoff`), an unlabelled one is no longer read. At most MAX_INSPECTED unlabelled pull requests
    are read per run, oldest first (one that touches nothing under `nominations/` is read again by every
    run of the pass)."""
    views = []
    inspected = 0
    for pull in sorted(gh.list_open_pulls(), key=lambda p: p.number):
        labelled = vocab.NOMINATION.name in pull.labels
        handled = bool(set(pull.labels) & vocab.CUTOFF)
        if labelled:
            views.append(
                phases.PullView(
                    pull.number,
                    pull.created_at,
                    frozenset(pull.labels),
                    pull_election(gh, pull, known),
                    head_sha=pull.head_sha,
                    updated_at=pull.updated_at,
                )
            )
            continue
        if handled or inspected >= MAX_INSPECTED:
            continue
        inspected += 1
        touched = [f.filename for f in gh.list_pull_files(pull.number) if election_of_path(f.filename)]
        if not touched:
            continue
        views.append(
            phases.PullView(
                pull.number,
                pull.created_at,
                frozenset(pull.labels),
                election_of_pull(pull.labels, known, touched),
                head_sha=pull.head_sha,
                updated_at=pull.updated_at,
                file=record.file_key(touched[0]) if len(touched) == 1 else "",
            )
        )
    return tuple(views)


MAX_INSPECTED = 50  # unlabelled open pull requests whose files one run of the cut-off pass reads


def pull_election(gh: GitHubPort, pull: PullRequest, known: Sequence[str]) -> str | None:
    """The election of a nomination pull request (`bot.config.paths.election_of_pull`); its files are
    listed only when neither the repository nor a label says."""

    def paths() -> Iterator[str]:
        yield from (changed.filename for changed in gh.list_pull_files(pull.number))

    return election_of_pull(pull.labels, known, paths())


# -- the run -------------------------------------------------------------------------------------------


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


# -- nominee labels -----------------------------------------------------------------------------------

MAX_LABELLED = 20  # nomination pull requests without a nominee label whose files one pass reads


def nominee_labels(gh: GitHubPort, elections: Sequence[Election], at: datetime, out: Out) -> list[str]:
    """While an election takes nominations, give each open pull request labelled `nomination` and no
    `nominee:` label its nominee's label, creating the label if needed. The check finds an earlier open
    nomination of the same person by this label, and its job may be refused creating one (it holds no
    issues: write; GitHub's field reports say pull_requests: write no longer does): this job has it.
    The login comes from the file name (`nominations/<election>/<login>.md`); the check confirms every
    rival from its files, so a label is a pointer, never a verdict. A pull request the check labelled
    `needs-changes` is left alone: the check gives a nominee's label only to a file whose name and `github:`
    agree, and removes any other, so a label by file name there (a decoy `decoyN.md` naming someone else)
    was a tug-of-war costing three requests a pass (issue 28). One request when nothing is missing."""
    taking = {e.id for e in elections if state_at(e.nominations, at) is PhaseState.open}
    if not taking:
        return []
    done: list[str] = []
    inspected = 0
    for pull in sorted(gh.list_open_pulls(), key=lambda p: p.number):
        if (
            vocab.NOMINATION.name not in pull.labels
            or vocab.NEEDS_CHANGES.name in pull.labels
            or any(name.startswith(vocab.NOMINEE_PREFIX) for name in pull.labels)
        ):
            continue
        if inspected >= MAX_LABELLED:
            break
        inspected += 1
        logins = set()
        for changed in gh.list_pull_files(pull.number):
            name = changed.filename.rsplit("/", 1)[-1]
            if election_of_path(changed.filename) in taking and name.endswith(".md"):
                login = name.removesuffix(".md")
                if LOGIN_RE.fullmatch(login):
                    logins.add(login_key(login))
        if len(logins) != 1:
            continue
        spec = vocab.spec(f"{vocab.NOMINEE_PREFIX}{logins.pop()}")
        gh.create_label(spec.name, spec.color, spec.description)
        gh.add_labels(pull.number, [spec.name])
        text = f"labelled #{pull.number} {spec.name}"
        out(f"  ✓ {text}")
        done.append(text)
    return done
