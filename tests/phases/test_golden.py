"""Golden files for every text the phase reconciler writes (tests/phases/golden/).

After an intended change of wording, regenerate them and review the diff:

    ELECTION_BOT_UPDATE_GOLDEN=1 uv run pytest tests/phases/test_golden.py
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot import phases
from bot.config.models import Affiliation, Cohort, Relationship
from bot.config.timeline import parse_instant
from bot.phases import CommentView, ElectionFacts, OpenIssue, PostComment, PullView, World, announce
from bot.text.labels import MarkerKind
from tests.helpers.golden import check_golden
from tests.helpers.planner import ELECTION, REPO

GOLDEN = Path(__file__).parent / "golden"


def golden(name: str, text: str) -> None:
    check_golden(GOLDEN, name, text)


def aff(org: str, rel: Relationship, role: str | None = None) -> Affiliation:
    """Built without validation: the renderers must stay inert even for text the models would refuse
    (a line break in a role), as defence in depth behind the loader."""
    return Affiliation.model_construct(organization=org, relationship=rel, role=role)


CANDIDATES = (
    phases.AnnouncedCandidate(
        "grace-sample",
        "Grace Sample",
        "grace-sample.md",
        (
            aff("Sample University", Relationship.employer, "Research Software Engineer"),
            aff("Guild", Relationship.director),
        ),
        nominated_by="ada-example",
    ),
    phases.AnnouncedCandidate(
        "ada-example",
        "Ada Example",
        "ada-example.md",
        (
            aff("Example Corporation", Relationship.employer, "Staff Engineer"),
            aff("sampletool", Relationship.maintainer),
        ),
    ),
)
FACTS = ElectionFacts(ELECTION, CANDIDATES)


def _opened(at: str) -> dict[str, str]:
    """Each issue as the reconciler opens it: one per round, so each links to those opened before it."""
    sim = phases.Simulation(World(parse_instant(at), REPO, (FACTS,), ()))
    opened: dict[str, str] = {}
    for _ in range(10):
        actions = [a for a in phases.plan(sim.world).actions if isinstance(a, OpenIssue)]
        if not actions:
            break
        for action in actions:
            opened[action.phase] = action.body
            sim.apply(action)
    return opened


@pytest.mark.parametrize(
    ("phase_id", "at"),
    [
        ("nominations", "2026-07-28T14:00:00Z"),
        ("affirmation", "2026-07-28T14:00:00Z"),
        ("candidates", "2026-08-13T14:00:00Z"),
        ("voting", "2026-09-01T14:00:00Z"),
    ],
)
def test_issue_bodies(phase_id: str, at: str) -> None:
    body = _opened(at)[phase_id]
    golden(f"issue-{phase_id}.md", body)
    assert len(body) < 65_536


def test_the_voting_issue_answers_a_voters_questions_without_contradicting_itself() -> None:
    body = _opened("2026-09-01T14:00:00Z")["voting"]
    assert "**3 seats** to fill" in body  # how many
    assert "Mark every candidate you support (approval voting)" in body  # how to mark the ballot
    assert (
        "receive a ballot by e-mail from the election administrators when voting opens" in body
    )  # who, when
    assert "check your spam folder" in body  # where to look
    assert "published in an issue of their own" in body  # where the results will be
    assert "Results are announced here" not in body and "receive their ballot from" not in body
    scored = ELECTION.model_copy(
        update={"counting": ELECTION.counting.model_copy(update={"method": "bloc-star"})}
    )
    voting = scored.phase("voting")
    assert voting is not None
    star = announce.issue_body(scored, voting, CANDIDATES, REPO)
    assert "Give every candidate a score from 0 to 5 (Bloc STAR voting)" in star and "approval" not in star
    closed = announce.issue_body(ELECTION, voting, CANDIDATES, REPO, closed=True)
    assert "spam folder" not in closed and "were on the ballot" in closed


def test_the_voting_issue_says_who_serves_which_term_where_terms_differ() -> None:
    """One cohort or several (issue 29): with several, a voter learns the terms follow the result; with
    one there is one term and nothing to say."""
    several = _opened("2026-09-01T14:00:00Z")["voting"]
    assert [c.seats for c in ELECTION.cohorts] == [1, 2]
    assert (
        "- Terms follow the result: the first elected serves a two-year term and the next 2 elected serve "
        "a one-year term." in several
    )
    election = ELECTION.model_copy(update={"cohorts": [Cohort(id="A", seats=3, term_years=2)]})
    voting = election.phase("voting")
    assert voting is not None
    one = announce.issue_body(election, voting, CANDIDATES, REPO)
    golden("issue-voting-one-cohort.md", one)
    assert "Terms follow" not in one and "**3 seats** to fill" in one


@pytest.mark.parametrize("phase_id", [p.id for p in ELECTION.phases])
def test_closed_issue_bodies(phase_id: str) -> None:
    phase = ELECTION.phase(phase_id)
    assert phase is not None
    body = announce.issue_body(ELECTION, phase, CANDIDATES, REPO, closed=True)
    golden(f"issue-{phase_id}-closed.md", body)


def test_closing_comments() -> None:
    for phase in ELECTION.phases:
        pulls: tuple[PullView, ...] = ()
        if phase.id == "nominations":
            pulls = (
                PullView(12, parse_instant("2026-08-11T13:59:59Z"), frozenset({"nomination"}), "test-2026"),
                PullView(15, parse_instant("2026-08-11T14:00:00Z"), frozenset({"nomination"}), "test-2026"),
            )
        text = announce.closing_comment(ELECTION, phase, pulls)
        golden(f"closing-{phase.id}.md", text)


def test_closing_comment_as_planned_carries_its_marker() -> None:
    nominations = ELECTION.phase("nominations")
    assert nominations is not None
    content = announce.issue_body(ELECTION, nominations, CANDIDATES, REPO)
    body = phases.compose(content, phases.PhaseMarker("test-2026", "nominations", ""))
    mark = phases.parse_phase_marker(body)
    assert mark is not None
    issue = phases.IssueView(3, "open", body, mark, ())
    world = World(parse_instant("2026-08-11T14:00:00Z"), REPO, (FACTS,), (issue,), ())
    [post] = [a for a in phases.plan(world).actions if isinstance(a, PostComment) and a.number == 3]
    assert post.body.rstrip().endswith(
        "<!-- election-bot:phase-close election=test-2026 phase=nominations -->"
    )


@pytest.mark.parametrize("reason", ["closed-early", "reopened", "edited"])
def test_notices(reason: str) -> None:
    phase = ELECTION.phase("candidates")
    assert phase is not None
    golden(f"notice-{reason}.md", announce.notice_comment(ELECTION, phase, reason, REPO))


def test_duplicate_and_retired_texts() -> None:
    phase = ELECTION.phase("voting")
    assert phase is not None
    golden("duplicate-issue.md", announce.duplicate_body(ELECTION, phase, 7))
    golden("duplicate-comment.md", announce.retired_comment())


HOSTILE = phases.AnnouncedCandidate(
    "mallory",
    "<script>alert(1)</script> @pypa/admins **bold** [x](javascript:alert(1)) | pipe <!-- election-bot:phase x=y -->",
    "mallory.md",
    (
        aff("@everyone ![img](https://evil.example/x.png)", Relationship.employer, "`code` | cell\nnew line"),
        aff("<!-- election-bot:phase-close election=test-2026 phase=candidates -->", Relationship.other),
    ),
)


def test_hostile_names_and_affiliations_are_shown_literally() -> None:
    candidates = ELECTION.phase("candidates")
    assert candidates is not None
    body = announce.issue_body(ELECTION, candidates, (HOSTILE,), REPO)
    golden("issue-candidates-hostile.md", body)
    assert "<script" not in body and "<!--" not in body
    assert not re.search(r"(?<![\w`])@(?!&#8203;)[A-Za-z0-9]", body.replace("@&#8203;", ""))
    assert "](javascript:" not in body
    row = next(line for line in body.splitlines() if "mallory" in line)
    assert len(re.findall(r"(?<!\\)\|", row)) == 3  # two cells: pipes in user text are escaped
    assert phases.parse_phase_marker(body) is None
    closing = announce.closing_comment(ELECTION, candidates)
    assert CommentView(1, closing).marker(MarkerKind.PHASE_CLOSE) is None


@pytest.mark.slow
def test_three_hundred_long_candidates_are_cut_with_a_link() -> None:
    candidates = ELECTION.phase("candidates")
    assert candidates is not None
    many = tuple(
        phases.AnnouncedCandidate(
            f"n-{i:03d}",
            "N" * 200,
            f"n-{i:03d}.md",
            tuple(aff("O" * 200, Relationship.employer, "R" * 200) for _ in range(30)),
        )
        for i in range(300)
    )
    body = announce.issue_body(ELECTION, candidates, many, REPO)
    assert len(body) < announce.BODY_BUDGET
    assert "the full list is in the repository" in body
    assert "Candidates (300)" in body
    composed = phases.compose(body, phases.PhaseMarker("test-2026", "candidates", ""))
    assert len(composed) < 65_536
    closing = announce.closing_comment(ELECTION, candidates)
    assert len(closing) < 65_536


def test_three_hundred_ordinary_candidates_all_fit() -> None:
    candidates = ELECTION.phase("candidates")
    assert candidates is not None
    many = tuple(
        phases.AnnouncedCandidate(
            f"nominee-{i:03d}",
            f"Nominee Number {i:03d}",
            f"nominee-{i:03d}.md",
            (
                aff(f"Employer {i}", Relationship.employer, "Engineer"),
                aff("sampletool", Relationship.maintainer),
            ),
        )
        for i in range(300)
    )
    body = announce.issue_body(ELECTION, candidates, many, REPO)
    assert "not shown here" not in body
    assert body.count("](https://github.com/pypa/elections/blob/main/nominations/test-2026/nominee-") == 300
    assert len(phases.compose(body, phases.PhaseMarker("test-2026", "candidates", ""))) < 65_536


def test_an_alias_and_the_site_show_in_the_issue() -> None:
    """The candidate table says which entity an alias counts as (the voters' notice groups them so), and
    an election that names its public site links to its page, where every time is in the reader's zone."""
    coi = ELECTION.conflict_of_interest.model_copy(
        update={"entity_aliases": {"ExampleCo": "Example Corporation"}}
    )
    election = ELECTION.model_copy(
        update={"conflict_of_interest": coi, "site": "https://pypa.github.io/elections/"}
    )
    nominations = election.phase("nominations")
    assert nominations is not None
    aliased = phases.AnnouncedCandidate(
        "lin-example", "Lin Example", "lin-example.md", (aff("ExampleCo", Relationship.employer),)
    )
    body = announce.issue_body(election, nominations, (*CANDIDATES, aliased), REPO)
    golden("issue-nominations-alias-and-site.md", body)
    assert "ExampleCo (employer, counted as Example Corporation)" in body
    assert "](https://pypa.github.io/elections/test-2026/)" in body


def test_an_issue_title_has_no_stacked_brackets_and_its_body_does_not_repeat_it() -> None:
    """Issue 29, point 14: `Sample election (fictional) (Tue 3 Mar – …)` read as two asides; the dates
    follow a comma. GitHub shows the title above the body, so the body starts with the phase's state, not
    with a heading that says the title again."""
    election = ELECTION.model_copy(update={"title": "Sample election 2026 (fictional)"})
    for phase in election.phases:
        title = announce.issue_title(election, phase)
        assert title.startswith(f"{phase.title}: Sample election 2026 (fictional), "), title
        assert title.count("(") == 1 and ") (" not in title, title
    for path in sorted(GOLDEN.glob("issue-*.md")):
        body = path.read_text(encoding="utf-8")
        assert not re.search(r"^#{1,2} ", body, re.M), f"{path.name}: a heading above the sections"
        assert body.startswith(("**This phase is open", "> [!NOTE]")), f"{path.name}: {body[:60]!r}"


def test_an_affirmation_issue_without_a_description_says_by_when_and_whom_to_ask() -> None:
    affirmation = ELECTION.phase("affirmation")
    assert affirmation is not None
    bare = affirmation.model_copy(update={"description": ""})
    body = announce.issue_body(ELECTION, bare, CANDIDATES, REPO)
    lead = body.split("\n\n")[1]  # the paragraph after the phase's window
    assert lead.startswith("Affirm your intention to vote before ") and "to receive a ballot" in lead
    assert f"`{ELECTION.contact}`" in lead and "they will tell you" in lead
    described = announce.issue_body(ELECTION, affirmation, CANDIDATES, REPO)
    assert affirmation.description.strip() and "How to affirm is not described" not in described
    closed = announce.issue_body(ELECTION, bare, CANDIDATES, REPO, closed=True)
    assert "How to affirm is not described" not in closed
