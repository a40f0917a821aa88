"""The phase reconciler, pure: what GitHub should show (config + clock + merged nominations) against what it
shows (the bot's own issues, comments and the open nomination pull requests) → a plan of actions.

Nothing here talks to GitHub. `bot.ports.announcements` observes, asks `plan(world)`, fetches what the plan says
it needs, applies the actions and asks again until the plan is empty. Running it twice does nothing the
second time.

How an announcement issue is recognised and what it remembers (see docs/explanation/phases.md):

* It is authored by the bot, carries the label `election-bot` and the hidden identity marker
  `<!-- election-bot:phase election=ID phase=PHASE -->`, followed by the state line
  `<!-- election-bot:phase-state digest=D status=S [said=A+B] -->`. Never the title.
* `digest` is a digest of the text the bot last wrote (the body without the marker). When the body's text
  no longer matches it, a person edited it: the bot stops rewriting the text (it still may rewrite its own
  hidden marker, which is how it remembers things).
* `status=open` while the bot manages the issue; `status=final` once the phase ended, the closing comment
  was posted (and, for the nominations phase, the pull requests still open at the cut-off were handled)
  and the issue was closed. A final issue that is open again was reopened by a person.
* `said` lists the notices the bot already posted (`closed-early`, `reopened`, `edited`), so that each is
  said once.

The order of writes makes every crash recoverable: the cut-off record (hidden lines at the end of the
nominations issue's body: what each pull request open at the cut-off proposed then), the cut-off labels,
then the closing comment, then one PATCH that closes the issue and marks it final. A run that dies anywhere before that PATCH leaves
the issue open and not final, and the next run redoes only what is missing (every comment is looked up by
its marker before it is posted).
One module per part: `model` (the world: what GitHub should and does show), `actions` (the needs and
actions a plan is made of), `bodies` (issue bodies, markers and digests), `planner` (`plan`),
`effects` (what an applied action changes in the world, shared by dry and real runs) and `simulation` (a
plan applied to a world in memory, for dry runs). This module re-exports what the commands
and the tests use.
"""

from __future__ import annotations

from bot.phases.actions import (
    Action,
    AddLabels,
    EditIssue,
    Need,
    NeedComments,
    NeedPulls,
    OpenIssue,
    Plan,
    PostComment,
    RetireComment,
)
from bot.phases.bodies import (
    MAX_RECORDED,
    closing_marker,
    compose,
    content_of,
    cutoff_marker,
    cutoff_record,
    digest,
    hand_edited,
    notice_marker,
    parse_phase_marker,
    recorded_pulls,
    rewrite_marker,
    with_cutoff_record,
)
from bot.phases.planner import RETRO_WINDOW, issue_numbers, issues_for, plan
from bot.phases.simulation import Simulation, converge, fill_needs
from bot.phases.world import (
    AnnouncedCandidate,
    CommentView,
    ElectionFacts,
    IssueStatus,
    IssueView,
    Notice,
    PhaseMarker,
    PullView,
    RepoRef,
    Withheld,
    World,
    identity_marker,
)

__all__ = [
    "MAX_RECORDED",
    "RETRO_WINDOW",
    "Action",
    "AddLabels",
    "AnnouncedCandidate",
    "CommentView",
    "EditIssue",
    "ElectionFacts",
    "IssueStatus",
    "IssueView",
    "Need",
    "NeedComments",
    "NeedPulls",
    "Notice",
    "OpenIssue",
    "PhaseMarker",
    "Plan",
    "PostComment",
    "PullView",
    "RepoRef",
    "RetireComment",
    "Simulation",
    "Withheld",
    "World",
    "closing_marker",
    "compose",
    "content_of",
    "converge",
    "cutoff_marker",
    "cutoff_record",
    "digest",
    "fill_needs",
    "hand_edited",
    "identity_marker",
    "issue_numbers",
    "issues_for",
    "notice_marker",
    "parse_phase_marker",
    "plan",
    "recorded_pulls",
    "rewrite_marker",
    "with_cutoff_record",
]
