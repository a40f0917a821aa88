"""Fuzzing the renderers: whatever a nominee, a commenter or a results file puts into a name, an
organisation, a role, a file name, a login or a finding, the text the bot posts is inert.

For every body rendered from hypothesis-drawn strings (bot/nominations/report.py, announce.py,
results.py, findings.py):

- `find_markers` sees exactly the bot's own hidden markers, and no other `<!--` is in the raw text (a
  user-supplied `<!-- election-bot:... -->` would be read back as bot state);
- outside code spans nothing looks like an `@mention` (only the one deliberate ping of a nominee whose
  consent is awaited) and nothing opens an HTML tag (only the bot's `<sub>`, `<details>`, `<summary>`);
- the body stays under GitHub's 65,536-character limit.

The text formats for a terminal and a CI log (findings.as_text, as_github) keep one finding to one line,
and never let user text start a line with `::` (a GitHub Actions workflow command).
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot import nominations as prcheck
from bot.cli import main
from bot.config.entities import Entity, entity_key
from bot.config.models import Affiliation, Relationship
from bot.github.values import Comment, User
from bot.nominations import Consent, Outcome, Ruling, report
from bot.nominations.membership import MembershipAnswer, MembershipState
from bot.nominations.slash import parse_commands
from bot.phases import AnnouncedCandidate, PullView, RepoRef, announce
from bot.results.outcome import ResultsReport
from bot.results.ranking import Candidate as RankedCandidate
from bot.results.ranking import Decides, Quorum, SeatRules, Sitting, decide
from bot.results.text import as_markdown
from bot.text import finding_formats as render_findings
from bot.text.findings import Finding, Severity
from bot.text.markers import find_markers
from tests.helpers.prcheck import BOB, PATH, T0, decision, f, facts
from tests.helpers.rendering import (
    ELECTION,
    HOSTILE,
    ROOT,
    assert_inert,
    read,
)
from tests.helpers.results import WHOLE

pytestmark = pytest.mark.slow  # docs/development/testing.md: The fast lane

EXAMPLES = 300  # per property below; the threat model quotes the total

SHORT_HOSTILE = HOSTILE.filter(lambda s: 0 < len(s) <= 200)


# -- the checker ---------------------------------------------------------------------------------------


def quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escaping is valid YAML 1.2)."""
    return json.dumps(text)


# -- the report comment, the check run, the job summary, a refusal --------------------------------------


def hostile_nomination(key: str, login: str, link: str, name: str, organization: str) -> bytes:
    lines = [
        "---",
        f"name: {quoted(name)}",
        f"github: {quoted(login)}",
        "psf_membership: fellow",
        "affiliations:",
        f"  - organization: {quoted(organization)}",
        "    relationship: employer",
        f"{quoted(key or 'k')}: 1",
        f"links: [{quoted(link)}]",
        "attestations:",
        "  voting_member: true",
        "---",
        "Short.",
    ]
    return ("\n".join(lines) + "\n").encode()


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    key=HOSTILE,
    login=HOSTILE,
    link=HOSTILE,
    name=HOSTILE,
    organization=HOSTILE,
    other_file=HOSTILE,
    reason=HOSTILE,
    requests=HOSTILE,
    waiting=st.booleans(),
)
def test_the_report_check_run_and_summary_are_inert(
    key: str,
    login: str,
    link: str,
    name: str,
    organization: str,
    other_file: str,
    reason: str,
    requests: str,
    waiting: bool,
) -> None:
    content = hostile_nomination(key, login, link, name, organization)
    membership = MembershipAnswer(MembershipState.unverified, reason=reason, source=reason)
    extra = [f(f"nominations/sample-2026/{other_file}.md"), f(other_file or "x")]
    if waiting:
        the_facts = facts(content=content, files=[f(PATH), *extra], author=BOB, consent=Consent(None))
    else:
        the_facts = facts(content=content, files=[f(PATH), *extra], membership=membership)
    the_facts = replace(the_facts, decisions=(decision(),))
    verdict = prcheck.decide(the_facts)
    body = report.report_body(the_facts, verdict, check_run_id=7)
    own = [
        prcheck.report_marker(the_facts.pull.number, verdict.digest, 7, the_facts.pull.head_sha),
        prcheck.state_block(the_facts.decisions),
    ]
    # The nominee is pinged where the check asks for their consent (not where the file's name and a valid
    # `github:` disagree: NOM006, no nominee to ask).
    mismatch = any(finding.code == "NOM006" for finding in verdict.findings)
    ping = ("janedoe",) if waiting and not mismatch else ()
    own_refs = (the_facts.pull.number,)  # the bot names the pull request it checked
    assert_inert(body, markers=own, pings=ping, refs=own_refs)
    output = report.check_output(the_facts, verdict)
    for text in (output.title, output.summary, output.text):
        assert_inert(text, markers=[], refs=own_refs)
    assert_inert(report.job_summary(the_facts, verdict, requests=requests), markers=[], refs=own_refs)
    assert_inert(report.message_summary(requests, reason), markers=[])


@settings(max_examples=EXAMPLES, deadline=None)
@given(login=HOSTILE, url=HOSTILE, contact=HOSTILE, body=HOSTILE)
def test_a_refusal_is_inert(login: str, url: str, contact: str, body: str) -> None:
    comment = Comment(42, User(login, 9), body, T0, T0, url)
    commands = parse_commands("/verify-membership\n/accept-late")
    rulings = [Ruling(c, Outcome.refused, "only admins can do this") for c in commands]
    text = report.refusal_body(comment, rulings, contact)
    assert_inert(text, markers=[prcheck.reply_marker(42, 9)])


# -- the phase announcements ------------------------------------------------------------------------------


def affiliation(organization: str, role: str | None) -> Affiliation:
    # Built without validation: a merged file is not re-checked here, and the renderer must not rely on it.
    return Affiliation.model_construct(
        organization=organization, relationship=Relationship.employer, role=role
    )


CANDIDATES = st.lists(
    st.builds(
        AnnouncedCandidate,
        login=HOSTILE,
        name=HOSTILE,
        file=HOSTILE,
        affiliations=st.lists(st.builds(affiliation, HOSTILE, st.one_of(st.none(), HOSTILE)), max_size=8).map(
            tuple
        ),
        nominated_by=st.one_of(st.none(), HOSTILE),
    ),
    max_size=6,
)


@settings(max_examples=EXAMPLES, deadline=None)
@given(description=HOSTILE)
@example(description="`\n`@0`")  # a code span over a line end, then a mention (found by this test)
@example(description="x `@y` z\n\n`\n- `@w` <!-- m -->`")
def test_a_phase_description_is_trusted_markdown_that_forges_no_marker_and_pings_nobody(
    description: str,
) -> None:
    """Admins write phase descriptions in `election.yaml`, reviewed in the repository: their Markdown
    (links, emphasis, references) takes effect. Still, a description never hides a bot marker and never
    pings anyone."""
    phases = [p.model_copy(update={"description": description}) for p in ELECTION.phases]
    election = ELECTION.model_copy(update={"phases": phases})
    repo = RepoRef("pypa/elections", "main")
    for phase in election.phases:
        body = announce.issue_body(election, phase, [], repo)
        assert find_markers(body) == []
        assert "<!--" not in body
        # Read as GitHub renders it (code spans end with their paragraph), text node by text node, as
        # GitHub finds mentions: none outside code.
        for shown in read(body).plain:
            assert re.findall(r"@([A-Za-z0-9](?:[A-Za-z0-9-]*))", shown) == [], shown


def test_a_phase_description_keeps_its_links() -> None:
    text = "Vote at [the voting service](https://vote.example/), see <https://psfmember.org> or *the guide*."
    phase = ELECTION.phases[0].model_copy(update={"description": text})
    election = ELECTION.model_copy(update={"phases": [phase, *ELECTION.phases[1:]]})
    body = announce.issue_body(election, phase, [], RepoRef("pypa/elections", "main"))
    assert text in body


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    candidates=CANDIDATES,
    title=SHORT_HOSTILE,
    phase_title=SHORT_HOSTILE,
    note=HOSTILE,
    contact=HOSTILE,
)
def test_announcements_are_inert(
    candidates: list[AnnouncedCandidate], title: str, phase_title: str, note: str, contact: str
) -> None:
    """Everything but a phase's description, which is the admins' trusted Markdown (the next test)."""
    phases = tuple(p.model_copy(update={"title": phase_title, "description": ""}) for p in ELECTION.phases)
    election = ELECTION.model_copy(
        update={"title": title, "timezone_note": note, "contact": contact, "phases": list(phases)}
    )
    repo = RepoRef("pypa/elections", "main")
    pulls = [
        PullView(5, T0, frozenset(), election.id),
        PullView(6, datetime(2026, 3, 20, tzinfo=UTC), frozenset(), None),
    ]
    for phase in election.phases:
        title_text = announce.issue_title(election, phase)  # plain text: GitHub renders no Markdown there
        assert len(title_text) <= 256 and "\n" not in title_text
        assert_inert(announce.issue_body(election, phase, candidates, repo), markers=[])
        closing = announce.closing_comment(election, phase, pulls)
        assert_inert(closing, markers=[], refs=(5, 6))  # the bot lists the pull requests it saw
        for reason in ("closed-early", "reopened", "edited"):
            assert_inert(announce.notice_comment(election, phase, reason, repo), markers=[])
        assert_inert(announce.duplicate_body(election, phase, 3), markers=[], refs=(3,))


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.text(alphabet="<@`|&", min_size=150, max_size=200),
    organization=st.text(min_size=150, max_size=200),
)
def test_a_long_candidate_list_stays_under_githubs_limit(name: str, organization: str) -> None:
    many = [
        AnnouncedCandidate(
            f"login-{i}",
            f"{name}{i}",
            f"login-{i}.md",
            tuple(affiliation(organization, name) for _ in range(8)),
        )
        for i in range(120)  # some 250,000 characters of rows: four times what fits
    ]
    repo = RepoRef("pypa/elections", "main")
    cut = 0
    for phase in ELECTION.phases:
        for body in (
            announce.issue_body(ELECTION, phase, many, repo),
            announce.issue_body(ELECTION, phase, many, repo, closed=True),
            announce.closing_comment(ELECTION, phase, listing=(many, repo)),  # after a hand edit
        ):
            assert_inert(body, markers=[])
            cut += "not shown here because of GitHub's size limit" in body
    assert cut == 9  # the three phases that list candidates, each in three texts: cut, with a link


# -- the results announcement ---------------------------------------------------------------------------

# Seven candidates, two entities, cap 2: eve and fay tie for the second entity's last place (the tie
# decides who is passed over), cleo is the first entity's third and is passed over.
VOTES = {"ada": 90, "brian": 80, "cleo": 10, "dmitri": 60, "eve": 40, "fay": 40, "gus": 30}
FIRST, SECOND = ("ada", "brian", "cleo"), ("dmitri", "eve", "fay")


def entity(written: str) -> Entity:
    return Entity(
        key=entity_key(written) or written, name=written, written=written, relationship=Relationship.employer
    )


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    names=st.lists(HOSTILE, min_size=7, max_size=7),
    first=HOSTILE,
    second=HOSTILE,
    title=HOSTILE,
    contact=HOSTILE,
    sitting_name=HOSTILE,
    cohort=HOSTILE,
)
def test_results_are_inert(
    names: list[str], first: str, second: str, title: str, contact: str, sitting_name: str, cohort: str
) -> None:
    one, two = entity("First " + first), entity("Second " + second)
    candidates = [
        RankedCandidate(
            login,
            name,
            votes,
            (one,) if login in FIRST else (two,) if login in SECOND else (),
        )
        for (login, votes), name in zip(VOTES.items(), names, strict=True)
    ]
    sitting = (Sitting("sam", sitting_name, cohort, (entity("Third " + first),)),)
    result = decide(candidates, SeatRules(cohorts=WHOLE, cap=2, sitting=sitting))
    assert [set(t.decides) for t in result.ties] == [{Decides.cap}]  # the entity's name is shown in the tie
    election = ELECTION.model_copy(update={"title": title, "contact": contact})
    for ballots in (90, 10):
        quorum = Quorum(electors=100, ballots_cast=ballots, required=0.5)
        assert_inert(as_markdown(ResultsReport(election, result, quorum, {})), markers=[])


def test_the_entity_a_cap_tie_decides_is_named_escaped() -> None:
    """Found by the property above: the entity's name (as a nominee wrote it) went into the results
    announcement raw, so `@pypa/admins <img ...>` pinged a team and opened a tag."""
    hostile = entity("@pypa/admins <img src=x onerror=alert(1)>")
    candidates = [
        RankedCandidate(
            login,
            login.title(),
            votes,
            (entity("First"),) if login in FIRST else (hostile,) if login in SECOND else (),
        )
        for login, votes in VOTES.items()
    ]
    result = decide(candidates, SeatRules(cohorts=WHOLE, cap=2))
    quorum = Quorum(electors=100, ballots_cast=90, required=0.5)
    text = as_markdown(ResultsReport(ELECTION, result, quorum, {}))
    assert "last place under the cap (@&#8203;pypa/admins &lt;img" in text
    assert_inert(text, markers=[])


# -- findings as text (terminal, CI log), workflow commands, JSON ---------------------------------------

FINDINGS = st.lists(
    st.builds(
        Finding,
        code=st.sampled_from(["NOM003", "NOM007", "PR001", "FILE001"]),
        severity=st.sampled_from(list(Severity)),
        path=HOSTILE.map(lambda p: "nominations/x/" + p),
        line=st.one_of(st.none(), st.integers(min_value=1, max_value=10**6)),
        message=HOSTILE,
    ),
    max_size=8,
)


@settings(max_examples=EXAMPLES, deadline=None)
@given(FINDINGS)
def test_findings_as_text_and_workflow_commands_keep_to_one_line_each(findings: list[Finding]) -> None:
    text = render_findings.as_text(findings)
    lines = text.split("\n") if findings else []
    assert len(lines) == len(findings)
    for line in lines:
        assert not line.lstrip().startswith("::")
        assert not re.search(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]", line)
    commands = render_findings.as_github(findings)
    rows = commands.split("\n") if findings else []
    assert len(rows) == len(findings)
    for row, finding in zip(rows, findings, strict=True):
        assert re.match(r"::(error|warning|notice) file=[^\r\n]*::", row)
        assert f"title={finding.code}::" in row
    document = json.loads(render_findings.as_json(len(findings), findings))
    assert document["findings"] == [f.as_dict() for f in findings]


def test_validate_prints_a_hostile_key_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """End to end: a key with a line break and a workflow command in it, as `election-bot validate` (the
    pre-commit hook) prints it in a CI log. Before the fix its second half began a line with `::error`."""
    folder = tmp_path / "nominations" / "corpus-2026"
    folder.mkdir(parents=True)
    (folder / "election.yaml").write_bytes((ROOT / "tests" / "corpus" / "corpus-election.yaml").read_bytes())
    hostile = hostile_nomination(
        "x\n::error file=setup.py::pwned", "janedoe", "http://x\n::warning::w", "Jane", "E\x1b[2J"
    )
    (folder / "janedoe.md").write_bytes(hostile)
    capsys.readouterr()
    assert main(["validate", str(folder / "janedoe.md"), "--at", "2026-08-01T00:00:00Z"]) == 1
    out = capsys.readouterr().out
    assert "pwned" in out
    assert not re.search(r"(?m)^\s*::", out)
    assert "\x1b" not in out
