"""What `election-bot init` writes: an election's config, the nominee template and guide generated from it,
and a short README for the admins. Pure: answers in, file texts out; the command checks the config with
the same loader as every other command before it writes anything, and never overwrites a file."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import timedelta

from bot.config.models import (
    LEAGUE_OF_ENTROPY_CHAINS,
    QUICKNET,
    ConflictOfInterest,
    Election,
    PhaseKind,
    Relationship,
)
from bot.config.schemas import SCHEMAS, render_schema
from bot.config.workflows import Pin
from bot.config.zones import human
from bot.text import wording
from bot.text.catalogue import CATALOGUE, GUIDE
from bot.text.findings import Severity
from bot.text.markdown import time_link

TEMPLATE = "nominations/TEMPLATE.md"


@dataclass(frozen=True, slots=True)
class Answers:
    """What an admin says about their election (the flags of `election-bot init`)."""

    id: str
    title: str
    contact: str
    seats: int = 3
    organisation: str | None = None
    body: str = "council"
    classes: tuple[str, ...] = ("member",)
    eligible: tuple[str, ...] = ()  # default: every class
    rules_name: str | None = None
    rules_url: str | None = None
    directory: str = "member list"
    check_url: str | None = None
    timezone: str | None = None
    nominations: tuple[str, str] = ("", "")
    voting: tuple[str, str] = ("", "")
    affirmation: tuple[str, str] | None = None
    admins: tuple[str, ...] = ()
    attestations: tuple[tuple[str, str], ...] = ()  # (id, text)
    cap: int | None = None  # None: keep the default cap
    no_cap: bool = False  # the rules set no limit on members tied to one entity
    cap_share: str | None = None  # a share of the body instead of a number, e.g. "1/3"
    counted: tuple[str, ...] = ()  # relationships the cap counts; empty: the default set
    term_years: int = 2  # one cohort's term
    cohorts: tuple[tuple[str, int, int], ...] = ()  # (id, seats, term years); empty: one cohort of `seats`
    quorum: float | None = None  # share of electors who must vote; None: the rules set no quorum
    draw_after: str | None = None  # when the tie draw's drand round is taken; None: when voting ends

    @property
    def eligible_classes(self) -> tuple[str, ...]:
        return self.eligible or self.classes

    @property
    def cohort_list(self) -> tuple[tuple[str, int, int], ...]:
        """The cohorts: as given, else one cohort of every seat for `term_years`."""
        return self.cohorts or (("A", self.seats, self.term_years),)

    @property
    def seat_count(self) -> int:
        return sum(seats for _, seats, _ in self.cohorts) if self.cohorts else self.seats


def _q(value: str) -> str:
    """A YAML scalar that means exactly `value` (JSON strings are YAML)."""
    return json.dumps(value, ensure_ascii=False)


def election_yaml(a: Answers) -> str:
    lines = [
        "# yaml-language-server: $schema=../../schemas/election.schema.json",
        "# (a copy init wrote; after upgrading election-bot refresh it:  election-bot schemas --no-reference)",
        f"# {a.title}. Written by `election-bot init`.",
        "# Every key is explained in election-bot's docs/reference/election-yaml.md.",
        f"# Check it with:  election-bot timeline --election {a.id}",
        "",
        "# Must equal this folder's name; appears in issue markers, labels and file paths. Never change it.",
        f"id: {a.id}",
        f"title: {_q(a.title)}",
        "",
        "# whole-council: every seat is elected now; partial: some members keep their seats.",
        "scope: whole-council",
        f"seats: {a.seat_count}",
        "# Seats elected together for one term, filled in rank order. With one entry the texts speak of",
        "# the term only; with several, of each group by its id.",
        "cohorts:",
        *(f"  - {{id: {cid}, seats: {seats}, term_years: {years}}}" for cid, seats, years in a.cohort_list),
        "",
        "# The membership classes that may stand.",
        f"eligible_membership: [{', '.join(a.eligible_classes)}]",
        "",
        "# Who elects, in your words: every message of the bot fills these in.",
        "community:",
    ]
    if a.organisation:
        lines.append(f"  name: {_q(a.organisation)}")
    lines.append(f"  body: {_q(a.body)}  # 'at most 2 {a.body} members ...'")
    if a.rules_name:
        url = f", url: {_q(a.rules_url)}" if a.rules_url else ""
        lines.append(f"  rules: {{name: {_q(a.rules_name)}{url}}}")
    lines += [
        "  membership:",
        f"    classes: [{', '.join(a.classes)}]",
        f"    directory: {_q(a.directory)}  # what your roster or membership service is called",
    ]
    if a.check_url:
        lines.append(f"    check_url: {_q(a.check_url)}")
    lines += [
        "",
        "# Where nominees, voters and candidates send questions.",
        f"contact: {a.contact}",
        "",
        "# Their commands (/verify-membership, /accept-late, ...) count besides anyone with write access.",
        "# Pin each with `id:` (https://api.github.com/users/<login>) so that a new owner of the login is not one.",
    ]
    lines += ["admins:"] + [f"  - login: {login}" for login in a.admins] if a.admins else ["admins: []"]
    lines.append("")
    if a.timezone:
        lines += [
            "# Times below without an offset are wall-clock times in this zone; messages show it next to UTC.",
            f"timezone: {a.timezone}",
            "",
        ]
    lines += [
        "# Half-open: a phase is open from `start` (inclusive) until `end` (exclusive).",
        "phases:",
        *_phase("nominations", "nominations", "Nominations", a.nominations),
    ]
    if a.affirmation is not None:
        lines += _phase("affirmation", "affirmation", "Voter affirmation", a.affirmation)
    lines += _phase("voting", "voting", "Voting", a.voting)
    lines += ["", "statement: {min_words: 50, max_words: 1000}", ""]
    if a.attestations:
        lines += [
            "# Statements every nominee must make, each `true` in their file.",
            "required_attestations:",
        ]
        lines += [f"  - {{id: {key}, text: {_q(text)}}}" for key, text in a.attestations]
    else:
        lines.append("required_attestations: []")
    lines += ["", "# Accounts that cannot stand, with the reason shown to them.", "ineligible: []", ""]
    lines += _conflict_of_interest(a)
    if a.quorum is None:
        lines += [
            "# Your rules set no quorum: any turnout elects (a share such as 0.5 would set one).",
            "quorum: null",
        ]
    else:
        lines += [
            "# The share of electors who must cast a ballot for anyone to be elected.",
            f"quorum: {a.quorum}",
        ]
    chain, genesis, period = LEAGUE_OF_ENTROPY_CHAINS[QUICKNET]
    lines += [
        "",
        "# Ties are broken by the tied candidates' agreement or by a public random draw, seeded by one value",
        "# nobody knows while ballots are cast: the drand quicknet beacon's first round at or after",
        "# `available_after`. election-bot computes that round from the chain's genesis time and period and",
        "# refuses any other (see `election-bot draw --help`).",
        "draw:",
        "  - drand:",
        f"      chain: {chain}",
        f"      chain_hash: {QUICKNET}",
        f"      genesis_time: {genesis}",
        f"      period: {period}",
        f"    available_after: {_q(a.draw_after or a.voting[1])}",
        "",
    ]
    return "\n".join(lines)


def _conflict_of_interest(a: Answers) -> list[str]:
    """The cap as the rules write it: none, a number of members, or a share of the body; and the
    relationships it counts (written out, so that the config says what the texts will say)."""
    counted = a.counted or tuple(
        r.value
        for r in ConflictOfInterest.model_fields["counted_relationships"].get_default(
            call_default_factory=True
        )
    )
    relationships = f"[{', '.join(counted)}]"
    if a.no_cap:
        return [
            "# Your rules set no limit on members tied to one entity.",
            "conflict_of_interest: {cap: null}",
            "",
        ]
    lines = ["# The most members tied to one entity, and which relationships count as a tie."]
    if a.cap_share is not None:
        lines += [
            "# `share`: a fraction of the body's seats (rounded down); `cap: 2` would be a number of members.",
            f"conflict_of_interest: {{share: {_q(a.cap_share)}, counted_relationships: {relationships}}}",
        ]
    else:
        lines.append(
            f"conflict_of_interest: {{cap: {a.cap if a.cap is not None else 2}, "
            f"counted_relationships: {relationships}}}"
        )
    return [*lines, ""]


def summary(a: Answers, election: Election) -> list[str]:
    """What init chose, the defaults included, in a few lines an admin checks before going on."""
    coi = election.conflict_of_interest
    if len(election.cohorts) == 1:
        seats = f"{election.seats} seats, elected for {wording.term(election.cohorts[0].term_years)}"
    else:
        parts = [f"{c.id}: {c.seats} for {wording.count(c.term_years, 'year')}" for c in election.cohorts]
        seats = f"{election.seats} seats in {len(election.cohorts)} cohorts ({'; '.join(parts)})"
    cap = wording.cap_rule(election, coi.limit) if coi.limited else wording.no_cap_rule(election)
    quorum = (
        "no quorum (any turnout elects)"
        if election.quorum is None
        else f"a quorum of {election.quorum:g} of the electors"
    )
    classes = ", ".join(election.membership_classes)
    affirm = any(p.kind is PhaseKind.affirmation for p in election.phases)
    draw = election.draw[0]
    return [
        "Your election, as written:",
        f"  {seats}",
        f"  cap: {cap}",
        f"  {quorum}",
        f"  members: {election.community.membership.directory} with classes {classes}; "
        f"{', '.join(election.eligible_membership)} may stand",
        f"  phases: {', '.join(p.title for p in election.phases)}"
        + ("" if affirm else " (every eligible voter receives a ballot)"),
        f"  tie draw: drand {draw.drand.chain if draw.drand else draw.identifier}, the first round at or "
        f"after {human(draw.available_after, election.zone)}",
        "  (change any of it with init's flags, or by editing election.yaml: election-bot init --help)",
    ]


def _phase(pid: str, kind: str, title: str, window: tuple[str, str]) -> list[str]:
    start, end = window
    return [
        f"  - id: {pid}",
        f"    kind: {kind}",
        f"    title: {title}",
        f"    start: {_q(start)}",
        f"    end: {_q(end)}",
    ]


def template_md(election: Election) -> str:
    model = election.community.membership
    eligible = " | ".join(election.eligible_membership)
    relationships = " | ".join(r.value for r in Relationship)
    lines = [
        "---",
        f"# Copy this file to nominations/{election.id}/<your-github-login>.md, fill in every field, replace the",
        f"# statement, and open a pull request. The guide: {GUIDE}.",
        f"# Check it first:  election-bot validate nominations/{election.id}/<your-github-login>.md",
        "name: Your Name",
        "github: your-github-login         # must match the file name",
        f"membership: {election.eligible_membership[0]}".ljust(33)
        + f" # your {model.name} class: {eligible}",
        "affiliations:                     # your employer first, then every other relevant role",
        "  - organization: Your Employer",
        f"    relationship: employer        # {relationships}",
        "    role: Your Title",
        "  - organization: A Project You Maintain",
        "    relationship: maintainer",
        "# nominated_by: their-github-login   # only if someone else nominated you",
        "links:                            # optional, https:// only; replace the example or delete both lines",
        "  - https://example.org/your-page",
    ]
    if election.required_attestations:
        lines.append("attestations:                     # each must be `true`")
        lines += [f"  {a.id}: true  # {a.text}" for a in election.required_attestations]
    lines += [
        "---",
        "Replace this paragraph with your statement, in Markdown: who you are, what you have done, and what",
        f"you would do as a member of the {election.community.body}.",
        "",
    ]
    return "\n".join(lines)


# Until election-bot is on PyPI, `pipx run election-bot` finds nothing: the guide installs it from the
# repository and commit (or tag) the caller workflows are pinned to; without a pin, placeholders to fill in.
UNPINNED_SOURCE = "git+https://github.com/<election-bot's repository>@<its release tag>"


def guide_md(election: Election, pin: Pin | None = None) -> str:
    """The nominee's guide: how to nominate in this election, and every finding code with its anchor (the
    bot's reports link to `nominations/README.md#<code>`). `pin`: the election-bot the workflows call,
    which the guide's local check runs too."""
    source = (pin.pip_source if pin is not None else None) or UNPINNED_SOURCE
    zone = election.zone
    window = election.nominations
    community = election.community
    who = f", the elections of {community.name}" if community.name else ""
    lines = [
        f"# Nominating someone for {election.title}",
        "",
        f"Nominations are pull requests to this repository{who}. They are open from "
        f"**{time_link(window.start, zone)}** until **{time_link(window.end, zone)}** (at that minute it is "
        f"over). {election.time_note} Each time links to a page that shows it in your own time zone.",
        "",
        "## How to nominate",
        "",
        f"1. Copy [`TEMPLATE.md`](TEMPLATE.md) to `nominations/{election.id}/<github-login>.md`, named after the "
        "nominee's GitHub login.",
        f"2. Fill in the name, the {community.membership.name} class "
        f"({', '.join(f'`{c}`' for c in election.eligible_membership)} can stand) and **every** affiliation; "
        "write the statement below the front matter.",
        "3. Open a pull request that adds only that file. The bot answers with a report within a minute; "
        "the election administrators review and merge it.",
        "4. Nominating someone else? Set `nominated_by` to your own login; the nominee then consents from "
        "their own account (approve the pull request, or comment `/consent`).",
        "",
        "Check the file on your own machine before you open the pull request: with Python 3.11 or later,",
        "",
        f"    pipx run --spec {source} election-bot validate nominations/{election.id}/<login>.md",
        "",
        f"(or `pip install {source}` and then `election-bot validate …`: the election-bot this repository's",
        "workflows run). It prints each finding",
        "with its line and code, in the words of the bot's report, and exits 0 when the file is ready;",
        "before nominations open it says when they do. Your membership is checked on the pull request.",
        "",
        f"Questions: {election.contact}.",
        "",
    ]
    if election.required_attestations:
        lines += ["## Statements you make", ""]
        lines += [f"- `{a.id}`: {a.text}" for a in election.required_attestations]
        lines.append("")
    if any(p.kind is PhaseKind.affirmation for p in election.phases):
        lines += ["Voters affirm their intention to vote in the affirmation phase to receive a ballot.", ""]
    lines += [
        "## What each finding means",
        "",
        "Each finding in the bot's report, and in `validate`'s output, has a code; its words say what to fix.",
        "Here is every code, each with an example as it would read in this election.",
        "",
    ]
    examples = finding_examples(election)
    for code, entry in CATALOGUE.items():
        kind = {Severity.error: "error", Severity.warning: "warning", Severity.notice: "notice"}[
            entry.severity
        ]
        if code == "COI001" and not election.conflict_of_interest.limited:
            said = "never reported here: this election's rules set no limit on members tied to one entity"
        else:
            said = f"for example: {examples[code]}"
        lines.append(f'- <a id="{code.lower()}"></a>**{code}** ({kind}), {said}')
    lines.append("")
    return "\n".join(lines)


def finding_examples(election: Election) -> dict[str, str]:
    """Every finding code's words, filled in as they would read in this election (the community's
    classes, directory, contact, rules and window), for the nominee guide: an example, never a fragment."""
    zone = election.zone
    window = election.nominations
    model = election.community.membership
    eligible = ", ".join(election.eligible_membership)
    coi = election.conflict_of_interest
    login = "ada-example"
    check = f"check your status at {model.check_url}, or " if model.check_url else ""
    others = [c for c in election.membership_classes if c not in election.eligible_membership]
    other = others[0] if others else "guest"
    retired = next(iter(model.retired.items()), None)
    attestation = election.required_attestations[0] if election.required_attestations else None
    values: dict[str, object] = {
        "offset": 212,
        "size": 70_144,
        "limit": 6,
        "reason": "permission denied",
        "problem": "expected ':' after a key",
        "tag": "!!str",
        "key": "membership",
        "first_line": 3,
        "guide": GUIDE,
        "what": "a list",
        "field": "name",
        "expected": f"{login}.md",
        "filename": "ada.md",
        "login": login,
        "value": other,
        # The rule's own two wordings (bot/nominations/rules/eligibility.py): a class of this election
        # that cannot stand, or a word that names no class of it.
        "known": " is a class that cannot stand in this election"
        if others
        else f" names no class of {model.name}",
        "eligible": eligible,
        "check": "",
        "became": retired[1].became if retired else election.eligible_membership[0],
        "history": f" ({retired[1].note})" if retired and retired[1].note else "",
        "words": wording.count(election.statement.max_words + 120, "word"),
        "minimum": election.statement.min_words,
        "char": "U+200B ZERO WIDTH SPACE",
        "url": "http://example.org/ada",
        "attestation": attestation.id if attestation else "code_of_conduct",
        "text": attestation.text if attestation else "I follow the code of conduct.",
        "contact": election.contact,
        "asked": ", ".join(f"`{a.id}`" for a in election.required_attestations) or "none",
        "election": election.id,
        "code": "NOM015",
        "count": 3,
        "first": "grace-sample",
        "last": 14,
        "author": "grace-sample",
        "fix": "set `nominated_by: grace-sample`, or leave it out if you opened it yourself",
        "found": "is `linus-sample`",
        "file": f"nominations/{election.id}/{login}.md",
        "start": human(window.start, zone),
        "end": human(window.end, zone),
        "at": human(window.end, zone),
        "opened": human(window.start, zone),
        "directory": model.directory,
        "actual": other,
        "membership": wording.capitalised(model.name),
        "declared": election.eligible_membership[0],
        "entity": "Example Corp",
        "others": "`grace-sample`, `linus-sample`",
        "members": wording.members_phrase(election, coi.limit if coi.limited else 2),
        "rules": wording.rules_let(election),
        "ties": wording.tie_phrase(coi.counted_relationships),
        "scripts": "Latin, Cyrillic",
        "folder": election.id,
        "zone": election.timezone or "Europe/Berlin",
        "second": "2026-10-25T02:30:00+01:00",
        "same_clock": "2026-07-28T14:00:00+02:00",
        "same_instant": "2026-07-28T15:00:00+02:00",
        "status": "modified",
        "files": f"`nominations/{election.id}/{login}.md`, `nominations/{election.id}/grace-sample.md`",
        "kind": "symbolic link",
        "sha": "0123456789ab",
        "number": 12,
        "by": "example-admin",
        "base": "draft-nominations",
        "default": "main",
    }
    special: dict[str, dict[str, object]] = {
        "YAML004": {"key": "name"},
        "NOM004": {"field": "affiliations"},
        "NOM005": {
            "field": "links",
            "problem": "a list of https:// links was expected, not one line of text",
        },
        "NOM006": {"filename": "ada.md"},
        "NOM007": {"field": "github", "value": "ada example"},
        "NOM008": {"key": "membership", "check": ""},
        "NOM009": {"key": "membership", "value": retired[0] if retired else "former-class"},
        "NOM021": {"field": "name", "value": "Your Name"},
        "NOM026": {"first": 12, "last": 40},
        "FILE002": {
            "limit": election.statement.max_file_bytes,
            "size": election.statement.max_file_bytes + 2048,
        },
        "NOM013": {"limit": election.statement.max_words},
        "NOM014": {"words": wording.count(max(election.statement.min_words // 3, 1), "word")},
        "WIN001": {"at": human(window.start - timedelta(hours=3), zone)},
        "WIN002": {"at": human(window.end + timedelta(minutes=5), zone)},
        "PR003": {"count": 2},
        "NOM025": {"attestation": "not_employee"},
        "LOC001": {"file": f"nominations/{login}.md"},
        "LOC002": {"election": "board-2020", "known": election.id},
        "LOC003": {"first": "grace-sample"},
        "MEM001": {"check": check},
        "PR004": {"file": f"nominations/{election.id}/{login}.md"},
        "PR007": {"kind": "organisation"},
        "ELC003": {"field": "contact", "problem": "`elections(at)example.org` is not an e-mail address"},
        "ELC004": {"problem": "an election needs exactly one phase of kind 'voting' (found 0)"},
        "ELC005": {"value": "board-2026"},
        "ELC007": {"value": "Europe/Berln"},
        "ELC008": {
            "value": "2026-03-29T02:30",
            "zone": "Europe/Berlin",
            "first": "2026-03-29T01:30:00+00:00",
            "second": "2026-03-29T03:30:00+02:00",
        },
        "ELC009": {
            "value": "2026-10-25T02:30",
            "zone": "Europe/Berlin",
            "first": "2026-10-25T02:30:00+02:00",
            "second": "2026-10-25T02:30:00+01:00",
        },
        "ELC010": {"value": "2026-07-28T14:00:00+01:00", "zone": "Europe/Berlin", "offset": "+02:00"},
        "ELC001": {"field": "phases.0.start", "value": "2026-07-28T14:00"},
        "ELC002": {"field": "seat"},
        "ELC006": {"field": "contact"},
        "COI002": {"field": "affiliations.0.organization", "value": "Micr\u043esoft"},
        "FILE004": {"reason": "it is not a regular file"},
        "YAML007": {"what": "more than 2,000 lines"},
        "NOM003": {"field": "employer"},
        "NOM022": {},
        "PR001": {"file": "README.md"},
        "PR009": {
            "existing": f"nominations/{election.id}/{login}.md",
            "file": f"nominations/{election.id}/Ada-Example.md",
        },
        "PR012": {"base": "draft", "default": "main"},
        "PR013": {"login": login},
        "NOM020": {"reason": "staff of the organisation running the election may not stand"},
        "MEM003": {"reason": f"the {model.directory} did not answer"},
    }
    out = {}
    for code, entry in CATALOGUE.items():
        params = values | special.get(code, {})
        # A blank a new code brings, before it has an example value here: its name in words, never a
        # crash of init (a test asks for a value for every blank).
        out[code] = entry.template.format_map(_Blanks(params))
    return out


class _Blanks(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return f"<the {key.replace('_', ' ')}>"


def admins_md(election: Election) -> str:
    return "\n".join(
        [
            f"# {election.title}: for the election administrators",
            "",
            f"- `nominations/{election.id}/election.yaml` describes the election; check it with "
            f"`election-bot timeline --election {election.id}` and read every text the bot will post with "
            f"`election-bot preview --election {election.id}`.",
            f"- Nominees read `{GUIDE}` and copy `{TEMPLATE}`; both were generated from the config by "
            "`election-bot init` and are yours to edit.",
            "- Your commands on nomination pull requests: `/verify-membership [class]`, "
            "`/unverify-membership`, `/accept-late`, `/recheck`.",
            "- The full admin guide is in the election-bot repository: docs/guides/admin-guide.md.",
            "",
        ]
    )


@dataclass(frozen=True, slots=True)
class Scaffold:
    files: dict[str, str] = field(default_factory=dict)  # path in the repository -> text


def scaffold(answers: Answers, election: Election, pin: Pin | None = None) -> Scaffold:
    """Every file, given the answers and the election they make (already checked by the loader), and the
    election-bot the workflows are pinned to (the guide's local check installs the same)."""
    return Scaffold(
        {
            f"nominations/{answers.id}/election.yaml": election_yaml(answers),
            TEMPLATE: template_md(election),
            GUIDE: guide_md(election, pin),
            "ADMINS.md": admins_md(election),
            # The schemas election.yaml's `$schema` comment points to, so that editors find them here.
            **{f"schemas/{name}": render_schema(model, name) for name, model in SCHEMAS.items()},
        }
    )
