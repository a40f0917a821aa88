"""The report of a nomination pull request in each state a nominee meets, for the community's own election:
what `election-bot preview` shows admins before the first real pull request. Pure: one nomination file's
text and the election in, (name, title, Markdown) out, judged by the same `decide` and `report_body` the
check uses, so the preview cannot drift from what the bot will post."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.config.loading import load_nomination
from bot.config.models import Election
from bot.github.values import ChangedFile, PullRequest, User
from bot.nominations import record
from bot.nominations.changed_files import select_nomination
from bot.nominations.consent import Consent, ConsentVia
from bot.nominations.membership import MembershipAnswer, MembershipState
from bot.nominations.report import report_body
from bot.nominations.verdict import Evidence, Facts, decide

NOMINEE = User("ada-example", 1001)
NOMINATOR = User("grace-sample", 1002)


@dataclass(frozen=True, slots=True)
class SampleReport:
    name: str  # file stem
    title: str
    markdown: str


def _with_field(text: str, field: str, value: str) -> str:
    """The nomination with one front-matter field set (added before the closing `---` when absent)."""
    head, sep, rest = text.partition("\n---\n")
    lines = [line for line in head.splitlines() if not line.startswith(f"{field}:")]
    return "\n".join([*lines, f"{field}: {value}"]) + sep + rest


def _nomination(text: str) -> str:
    """The sample nominee's file: the given one, renamed to the sample login (and no `nominated_by`)."""
    head, sep, rest = text.partition("\n---\n")
    kept = [line for line in head.splitlines() if not line.startswith(("github:", "nominated_by:"))]
    return "\n".join([*kept, f"github: {NOMINEE.login}"]) + sep + rest


def sample_nomination(election: Election) -> str:
    """A nomination that passes every check of this election: an eligible class, its attestations, a
    statement of the right length (for an election whose folder holds no nomination yet)."""
    limits = election.statement
    count = min(max(limits.min_words, 40), limits.max_words)
    sentence = "I have reviewed and merged changes in this project for years and would serve with care."
    words = (sentence.split() * (count // 16 + 1))[:count]
    statement = " ".join(words)
    lines = [
        "---",
        "name: Ada Example",
        f"github: {NOMINEE.login}",
        f"membership: {election.eligible_membership[0]}",
        "affiliations:",
        "  - organization: Example Corp",
        "    relationship: employer",
        "    role: Engineer",
    ]
    if election.required_attestations:
        lines.append("attestations:")
        lines += [f"  {a.id}: true" for a in election.required_attestations]
    return "\n".join([*lines, "---", statement.strip(), ""])


def sample_reports(election: Election, nomination: str, repository: str) -> list[SampleReport]:
    """The report in each state: ready for review, a consent request (someone else nominated them),
    membership not verified yet, late, changes needed, and a second nomination of the same person."""
    window = election.nominations
    during = window.start + (window.end - window.start) / 2
    path = f"nominations/{election.id}/{NOMINEE.login}.md"
    own = _nomination(nomination)
    verified = MembershipAnswer(MembershipState.verified, election.eligible_membership[0], source="roster")
    by_other = _with_field(own, "nominated_by", NOMINATOR.login)
    broken = own.replace(f"github: {NOMINEE.login}", f"github: {NOMINEE.login}\nlinks: [http://example.org]")
    states: list[tuple[str, str, str, User, MembershipAnswer, Consent, datetime]] = [
        ("ready", "Ready for review", own, NOMINEE, verified, Consent(ConsentVia.author), during),
        (
            "consent-request",
            "Nominated by someone else: the nominee is asked to consent",
            by_other,
            NOMINATOR,
            verified,
            Consent(None),
            during,
        ),
        (
            "membership-unverified",
            "Membership not verified yet: an admin decides",
            own,
            NOMINEE,
            MembershipAnswer(
                MembershipState.unverified,
                reason=f"the {election.community.membership.directory} did not answer",
            ),
            Consent(ConsentVia.author),
            during,
        ),
        (
            "late",
            "Opened after the nominations closed",
            own,
            NOMINEE,
            verified,
            Consent(ConsentVia.author),
            window.end + timedelta(hours=2),
        ),
        ("changes-needed", "Changes needed", broken, NOMINEE, verified, Consent(ConsentVia.author), during),
        (
            "duplicate",
            "Nominated twice: the author is sent to the first pull request",
            by_other,
            NOMINATOR,
            verified,
            Consent(None),
            during,
        ),
    ]
    out = []
    for number, (name, title, text, author, membership, consent, at) in enumerate(states, start=1):
        pull = PullRequest(
            number=number,
            title=f"Nominate {NOMINEE.login}",
            author=author,
            state="open",
            draft=False,
            merged=False,
            created_at=at,
            head_sha=f"{number:040x}",
            head_repo_full_name=f"{author.login}/{repository.partition('/')[2] or 'elections'}",
            base_ref="main",
            labels=(),
            html_url=f"https://github.com/{repository}/pull/{number}",
        )
        facts = Facts(
            pull=pull,
            election=election,
            known_elections=(election.id,),
            selection=select_nomination([ChangedFile(path, "added", None)]),
            loaded=load_nomination(text.encode(), path),
            blob_findings=(),
            nominee_login=NOMINEE.login,
            nominee=NOMINEE,
            membership=membership,
            consent=consent,
            evidence=Evidence(at, record.Source.opened, True),
            duplicate_of=1 if name == "duplicate" else None,  # the first sample ("ready") came first
        )
        verdict = decide(facts)
        out.append(
            SampleReport(
                f"report-{name}", f"Report: {title}", report_body(facts, verdict, check_run_id=number)
            )
        )
    return out
