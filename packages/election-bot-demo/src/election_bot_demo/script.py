"""A whole simulated election against the local GitHub stand-in: the story `election-bot demo` tells.

Everything is real except GitHub and the calendar: the stand-in (`election_bot_demo.fakehub`) answers on a loopback
port, its clock is moved from one moment of the election to the next, and the bot's own commands act on
it exactly as the workflows would run them — `election-bot pr` for every pull request event (through
`run_pr`, with a webhook payload written to a file), `election-bot sync` every time the schedule or a push
to the default branch would start it, `election-bot draw` and `election-bot results --post` at the end
(through `bot.cli.main`, in the demo's checkout). People (nominees, the election admin) act on the
stand-in directly, as they would on github.com.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from bot.config.timeline import parse_instant
from election_bot_demo import membership, transcript
from election_bot_demo.fakehub import FakeHub

REPO = "example-org/elections"
ELECTION_ID = "demo-2026"
ADMIN = "demo-admin"

# The fictional sample election (nominations/sample-2026/election.yaml) under its own id, so that the
# demo never depends on files outside the package.
ELECTION_YAML = f"""\
id: {ELECTION_ID}
title: Demo Council election 2026 (fictional)
scope: whole-council
seats: 3
cohorts:
  - id: A
    seats: 1
    term_years: 2
  - id: B
    seats: 2
    term_years: 1
eligible_membership: [supporting, contributing, fellow]
contact: elections@example.org
admins:
  - login: {ADMIN}
phases:
  - id: nominations
    kind: nominations
    title: Nominations
    start: 2026-03-03T14:00:00Z
    end: 2026-03-17T14:00:00Z
    description: Open a pull request that adds nominations/{ELECTION_ID}/<github-login>.md.
  - id: affirmation
    kind: affirmation
    title: Voter affirmation
    start: 2026-03-03T14:00:00Z
    end: 2026-03-24T14:00:00Z
    description: Affirm your intention to vote before the cut-off to receive a ballot.
  - id: candidates
    kind: candidates
    title: Candidates
    start: 2026-03-19T14:00:00Z
    end: 2026-03-31T14:00:00Z
    description: Read the candidates' statements and affiliations below.
  - id: voting
    kind: voting
    title: Voting
    start: 2026-03-31T14:00:00Z
    end: 2026-04-14T14:00:00Z
    description: Vote with the ballot link you receive by email.
statement:
  min_words: 20
  max_words: 500
  max_file_bytes: 32768
required_attestations:
  - id: voting_member
    text: I am a voting member.
conflict_of_interest:
  cap: 2
  entity_aliases:
    ExampleCo: Example Corporation
draw:
  - identifier: the fictional lottery's draw of 2026-04-15
    description: >-
      Its six numbers in ascending order, two digits each, separated by single spaces (e.g.
      `04 11 19 23 35 42`).
    available_after: 2026-04-15T00:00:00Z
    pattern: ^[0-9]{{2}}( [0-9]{{2}}){{5}}$
"""

_FINDING = re.compile(r"^\S+?(?::\d+)?: [A-Z]{2,4}\d{3} ")

STATEMENT = (
    "I have maintained packaging tools for years, reviewed interoperability standards, and helped "
    "downstream distributions adopt standard build backends. On the council I would work on clear "
    "specifications with reference tests that tool authors can run."
)


def nomination(
    login: str,
    name: str,
    employer: str,
    *,
    role: str = "Engineer",
    nominated_by: str | None = None,
    affiliations: bool = True,
) -> str:
    lines = ["---", f"name: {name}", f"github: {login}", "psf_membership: fellow"]
    if affiliations:
        lines += [
            "affiliations:",
            f"  - organization: {employer}",
            "    relationship: employer",
            f"    role: {role}",
        ]
    else:
        lines += ["affiliations: []"]
    if nominated_by:
        lines.append(f"nominated_by: {nominated_by}")
    lines += ["attestations:", "  voting_member: true", "---", STATEMENT, ""]
    return "\n".join(lines)


@dataclass
class Demo:
    hub: FakeHub
    root: Path  # the checkout of the default branch (what the workflows check out)
    work: Path  # event payloads, the admins' files
    out: TextIO
    membership_url: str
    membership_ca: str
    log: list[str] = field(default_factory=list)
    events: int = 0
    users: dict[str, int] = field(default_factory=dict)
    election_id: str = ELECTION_ID

    # -- telling the story -------------------------------------------------------------------------

    @property
    def env(self) -> dict[str, str]:
        return {
            "GITHUB_API_URL": self.hub.url,
            "GITHUB_TOKEN": FakeHub.BOT_TOKEN,
            "GITHUB_REPOSITORY": REPO,
            "ELECTION_BOT_MEMBERSHIP_URL": self.membership_url,
            "ELECTION_BOT_MEMBERSHIP_TOKEN": membership.TOKEN,
            "ELECTION_BOT_MEMBERSHIP_CA": self.membership_ca,
        }

    def say(self, text: str, *, indent: int = 0) -> None:
        stamp = self.hub.now.strftime("%a %Y-%m-%d %H:%M:%S UTC")
        line = f"{stamp}  {'    ' * indent}{text}" if indent == 0 else f"{' ' * 26}{'    ' * indent}{text}"
        self.log.append(line)
        print(line, file=self.out)

    def chapter(self, title: str) -> None:
        self.log += ["", f"## {title}", ""]
        print(f"\n== {title} ==", file=self.out)

    def at(self, when: str) -> None:
        self.hub.now = parse_instant(when)

    def user(self, login: str) -> int:
        if login not in self.users:
            try:
                self.users[login] = self.hub.user(login).id
            except KeyError:
                self.users[login] = self.hub.add_user(login).id
        return self.users[login]

    # -- the bot, as the workflows run it ----------------------------------------------------------

    def sync(self, why: str) -> None:
        from bot.commands.sync import run

        buffer = io.StringIO()
        before = self.hub.count()
        code = run(
            root=self.root / "nominations",
            at=self.hub.now,
            election=None,
            dry_run=False,
            environ=self.env,
            branch="main",
            stream=buffer,
        )
        requests = self.hub.count() - before
        done = [line.strip().removeprefix("✓ ") for line in buffer.getvalue().splitlines() if "✓" in line]
        notes = [line.strip().removeprefix("· ") for line in buffer.getvalue().splitlines() if "·" in line]
        summary = "" if done else ": nothing to do"
        self.say(f"election-bot sync ({why}){summary} [{requests} request(s), exit {code}]")
        for line in done + notes:
            self.say(line, indent=1)

    def pr_check(self, number: int, payload: Mapping[str, object], event: str) -> None:
        from bot.commands.pr.check import run_pr

        self.events += 1
        path = self.work / f"event-{self.events}.json"
        path.write_text(json.dumps(payload))
        environ = {**self.env, "GITHUB_EVENT_NAME": event, "GITHUB_EVENT_PATH": str(path)}
        buffer = io.StringIO()
        before = self.hub.count()
        with redirect_stderr(io.StringIO()):
            result = run_pr(environ, root=self.root / "nominations", out=buffer)
        labels = ", ".join(sorted(self.hub.pull(REPO, number).labels))
        lines = buffer.getvalue().splitlines()
        first = lines[0] if lines else result.message
        self.say(
            f"election-bot pr: {first} → labels [{labels}] "
            f"[{self.hub.count() - before} request(s), exit {result.exit_code}]",
            indent=1,
        )
        for line in [x for x in lines[1:] if _FINDING.match(x)][:2]:
            self.say(line if len(line) <= 150 else line[:149] + "…", indent=2)

    def pull_event(self, number: int, action: str = "opened") -> None:
        self.pr_check(number, self.hub.pull_request_event(REPO, number, action), "pull_request_target")

    # -- people ---------------------------------------------------------------------------------------

    def open_pull(self, author: str, login: str, content: str, title: str) -> int:
        self.user(author)
        number = self.hub.open_pull(
            REPO, author, {f"nominations/{self.election_id}/{login}.md": content.encode()}, title=title
        )
        self.say(f"{author} opens #{number} “{title}”")
        self.pull_event(number)
        return number

    def push(self, number: int, login: str, content: str, what: str) -> None:
        author = self.hub.pull(REPO, number).author
        self.hub.push_to_pull(REPO, number, {f"nominations/{self.election_id}/{login}.md": content.encode()})
        self.say(f"{author} pushes a fix to #{number}: {what}")
        self.pull_event(number, "synchronize")

    def comment(self, number: int, author: str, body: str) -> None:
        self.user(author)
        comment_id = self.hub.add_comment(REPO, number, author, body)
        shown = " ".join(body.split())
        self.say(f"{author} comments on #{number}: “{shown}”")
        self.pr_check(number, self.hub.comment_event(REPO, comment_id), "issue_comment")

    def merge(self, number: int, login: str) -> None:
        self.hub.merge_pull(REPO, number, by=ADMIN)
        data = self.hub.read_file(REPO, f"nominations/{self.election_id}/{login}.md")
        assert data is not None
        (self.root / "nominations" / self.election_id / f"{login}.md").write_bytes(data)
        self.say(f"{ADMIN} merges #{number}")
        self.sync("push to main")

    # -- the admins' commands at the end, in the checkout ----------------------------------------------

    @contextmanager
    def in_checkout(self) -> Iterator[None]:
        saved_cwd = Path.cwd()
        saved = {k: os.environ.get(k) for k in self.env}
        os.environ.update(self.env)
        os.chdir(self.root)
        try:
            yield
        finally:
            os.chdir(saved_cwd)
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value

    def command(self, args: Sequence[str]) -> tuple[int, str, str]:
        from bot.cli import main

        out, err = io.StringIO(), io.StringIO()
        with self.in_checkout(), redirect_stdout(out), redirect_stderr(err):
            code = main(list(args))
        return code, out.getvalue(), err.getvalue()


@dataclass(frozen=True, slots=True)
class DemoResult:
    transcript: Path
    files: tuple[Path, ...]
    narrative: tuple[str, ...]
    requests: int
    exit_code: int
    site: Path | None = None  # the election's public site, as the Pages workflow would publish it


def run_demo(transcript_dir: Path, out: TextIO) -> DemoResult:
    start = parse_instant("2026-03-02T12:00:00Z")
    with tempfile.TemporaryDirectory(prefix="election-bot-demo-") as tmp, FakeHub(now=start) as hub:
        hub.add_repo(REPO, default_branch="main")
        root = Path(tmp) / "checkout"
        work = Path(tmp) / "work"
        (root / "nominations" / ELECTION_ID).mkdir(parents=True)
        work.mkdir()
        (root / "nominations" / ELECTION_ID / "election.yaml").write_text(ELECTION_YAML)
        hub.commit(REPO, "main", {f"nominations/{ELECTION_ID}/election.yaml": ELECTION_YAML.encode()})
        hub.set_permission(REPO, ADMIN, "maintain")
        people = ["ada-example", "grace-sample", "bo-fixit", "cy-fan", "dee-unlisted", "eve-example"]
        for login in [*people, "hal-unfinished", "linus-late"]:
            hub.add_user(login)
        # The PSF's membership service (a local toy): it cannot read Dee's record today.
        members = dict.fromkeys([*people, "hal-unfinished", "linus-late"], "fellow")
        with membership.MembershipService(members, unavailable=frozenset({"dee-unlisted"})) as service:
            ca = service.write_ca(work / "membership-ca.pem")
            demo = Demo(hub, root, work, out, service.url, str(ca))
            code = _story(demo)
        files = transcript.write(hub, REPO, transcript_dir, demo.log)
        site = transcript_dir / "site"
        if (work / "site").is_dir():
            shutil.copytree(work / "site", site)
        return DemoResult(transcript_dir, tuple(files), tuple(demo.log), hub.count(), code, site)


def _story(demo: Demo) -> int:
    d = demo
    d.chapter("Before the election")
    d.at("2026-03-03T13:55:00Z")
    d.sync("schedule, 5 minutes before nominations open")

    d.chapter("Nominations open")
    d.at("2026-03-03T14:00:00Z")
    d.sync("schedule")
    d.at("2026-03-03T14:10:00Z")
    d.sync("schedule: nothing changed")

    d.at("2026-03-04T09:12:00Z")
    ada = d.open_pull(
        "ada-example",
        "ada-example",
        nomination("ada-example", "Ada Example", "Example Corporation"),
        "Nominate Ada Example",
    )
    d.at("2026-03-04T16:30:00Z")
    d.merge(ada, "ada-example")

    d.at("2026-03-05T10:00:00Z")
    grace = d.open_pull(
        "ada-example",
        "grace-sample",
        nomination("grace-sample", "Grace Sample", "Sample University", nominated_by="ada-example"),
        "Nominate Grace Sample",
    )
    d.at("2026-03-05T18:45:00Z")
    d.comment(grace, "grace-sample", "Thank you, Ada! I accept.\n\n/consent\n")
    d.at("2026-03-06T08:00:00Z")
    d.merge(grace, "grace-sample")

    d.at("2026-03-06T11:20:00Z")
    bo = d.open_pull(
        "bo-fixit",
        "bo-fixit",
        nomination("bo-fixit", "Bo Fixit", "ExampleCo", affiliations=False),
        "Nominate Bo",
    )
    d.at("2026-03-06T12:05:00Z")
    d.push(bo, "bo-fixit", nomination("bo-fixit", "Bo Fixit", "ExampleCo"), "adds the affiliations")
    d.at("2026-03-07T09:00:00Z")
    d.merge(bo, "bo-fixit")

    d.at("2026-03-09T10:00:00Z")
    dee = d.open_pull(
        "dee-unlisted",
        "dee-unlisted",
        nomination("dee-unlisted", "Dee Unlisted", "Example Corporation"),
        "Nominate Dee",
    )
    d.at("2026-03-09T16:00:00Z")
    d.comment(
        dee, ADMIN, "Checked on the membership site: Dee renewed last week.\n\n/verify-membership fellow\n"
    )
    d.at("2026-03-10T09:00:00Z")
    d.merge(dee, "dee-unlisted")

    d.at("2026-03-11T13:00:00Z")
    eve = d.open_pull(
        "eve-example",
        "eve-example",
        nomination("eve-example", "Eve Example", "Eve Consulting"),
        "Nominate Eve",
    )
    d.at("2026-03-11T15:00:00Z")
    dup = d.open_pull(
        "cy-fan",
        "eve-example",
        nomination("eve-example", "Eve Example", "Eve Consulting", nominated_by="cy-fan"),
        "Nominate Eve (she deserves it!)",
    )
    d.at("2026-03-11T17:00:00Z")
    d.hub.add_comment(REPO, dup, ADMIN, f"Thanks! Eve nominated herself in #{eve}, so I am closing this one.")
    d.hub.close_pull(REPO, dup, by=ADMIN)
    d.say(f"{ADMIN} explains and closes #{dup}, the duplicate")
    d.at("2026-03-12T10:00:00Z")
    d.merge(eve, "eve-example")

    d.chapter("The cut-off")
    d.at("2026-03-17T13:59:59Z")
    d.open_pull(
        "hal-unfinished",
        "hal-unfinished",
        nomination("hal-unfinished", "Hal Unfinished", "Hal Inc", affiliations=False),
        "Nominate Hal (draft)",
    )
    d.at("2026-03-17T14:00:00Z")
    d.open_pull(
        "linus-late", "linus-late", nomination("linus-late", "Linus Late", "Late Ltd"), "Nominate Linus"
    )
    d.sync("schedule: the cut-off")
    d.at("2026-03-17T14:10:00Z")
    d.sync("schedule: nothing changed")

    d.chapter("Candidates, voter affirmation and voting")
    d.at("2026-03-19T14:00:00Z")
    d.sync("schedule: candidates announced")
    d.at("2026-03-24T14:00:00Z")
    d.sync("schedule: the voter affirmation ends")
    d.at("2026-03-31T14:00:00Z")
    d.sync("schedule: voting opens")
    d.at("2026-04-14T14:00:00Z")
    d.sync("schedule: voting closes")

    return _results(d)


def demo_ballots() -> str:
    """The voting service's BLT export of the demo vote, one line per ballot (weight 1): 262 ballots,
    ada 181, grace 97, bo 150, dee 142, eve 97, and 81 blank ballots."""
    groups = [(97, "1 2 3 4 5"), (45, "1 3 4"), (8, "1 3"), (31, "1"), (81, "")]
    lines = ["5 3"]
    rows = [marks for count, marks in groups for _ in range(count)]
    # interleave the groups, as ballots arrive, instead of listing them block by block
    rows = rows[::2] + rows[1::2]
    lines += [f"1 {marks} 0".replace("  ", " ") for marks in rows]
    lines += ["0", '"Ada Example"', '"Grace Sample"', '"Bo Fixit"', '"Dee Unlisted"', '"Eve Example"']
    lines.append('"Demo Council election 2026 (fictional)"')
    return "\n".join(lines) + "\n"


def _results(d: Demo) -> int:
    d.chapter("Results")
    d.at("2026-04-16T10:00:00Z")
    # The admins commit their files next to nominations/, where `election-bot site` finds them too: the
    # anonymised ballots as the voting service exported them, its results page, and the electors.
    results = d.root / "results" / ELECTION_ID
    results.mkdir(parents=True)
    ballots = results / "ballots.blt"
    ballots.write_text(demo_ballots())
    service = results / "service-totals.csv"
    service.write_text(
        "candidate,total\nAda Example,181\nGrace Sample,97\nBo Fixit,150\nDee Unlisted,142\nEve Example,97\n"
    )
    config = d.root / "nominations" / ELECTION_ID / "election.yaml"
    recorded = config.read_text() + "voting:\n  electors: 400   # affirmed their intention to vote\n"
    config.write_text(recorded)
    d.hub.commit(REPO, "main", {f"nominations/{ELECTION_ID}/election.yaml": recorded.encode()})
    digest = hashlib.sha256(ballots.read_bytes()).hexdigest()
    d.say(
        "the admins download the anonymised ballots from the voting service (ballots.blt, BLT, "
        f"SHA-256 {digest[:16]}…) and its results page (service-totals.csv), and record in election.yaml "
        "that 400 electors affirmed"
    )
    base = [
        "results",
        "--election",
        ELECTION_ID,
        "--ballots",
        str(ballots),
        "--service-totals",
        str(service),
        "--at",
        "2026-04-16T10:00:00Z",
    ]
    code, out, _ = d.command([*base, "--format", "json"])
    report = json.loads(out)
    totals = ", ".join(f"{c['login'].split('-')[0]} {c['votes']}" for c in report["candidates"])
    d.say(
        f"election-bot results counts the ballot file itself by {report['counting']['method']}: "
        f"{report['quorum']['ballots_cast']} ballots, {totals}; the service's totals agree",
        indent=1,
    )
    for over in report.get("pass_overs", []):
        held = ", ".join(h["login"] for e in over["entities"] for h in e["held_by"])
        entity = over["entities"][0]["entity"]["name"] if over["entities"] else "?"
        d.say(f"election-bot results: {over['login']} is passed over: {entity} already has {held}", indent=1)
    for tie in report.get("ties", []):
        if tie["needs_resolution"]:
            d.say(
                f"election-bot results: {' and '.join(tie['candidates'])} are tied at {tie['votes']} votes "
                f"for a {'/'.join(tie['decides'])}; no winner is named until it is resolved (exit {code})",
                indent=1,
            )
    tied: list[str] = next((t["candidates"] for t in report.get("ties", []) if t["needs_resolution"]), [])
    if not tied:
        d.say("no tie to resolve (unexpected in this story)")
        return 1
    value = "1=04 11 19 23 35 42"
    draw_args = ["draw", "--election", ELECTION_ID, "--value", value, "--at", "2026-04-16T10:00:00Z"]
    for login in tied:
        draw_args += ["--tied", login]
    code, out, err = d.command([*draw_args, "--format", "json"])
    if code != 0:
        d.say(f"election-bot draw failed: {err.strip()}")
        return code
    drawn = json.loads(out)
    d.say(
        f"election-bot draw with the lottery numbers ({value[2:]}): seed {drawn['seed'][:16]}… "
        f"→ order {', '.join(drawn['order'])}",
        indent=1,
    )
    resolutions = results / "resolutions.yaml"
    order = ", ".join(f'"{login}"' for login in drawn["order"])
    ties = ", ".join(f'"{login}"' for login in tied)
    resolutions.write_text(
        f"election: {ELECTION_ID}\nties:\n  - tied: [{ties}]\n    draw:\n      values:\n"
        f'        1: "{value[2:]}"\n      order: [{order}]\n'
    )
    code, out, err = d.command([*base, "--resolutions", str(resolutions), "--format", "json"])
    final = json.loads(out)
    for cohort in final["cohorts"]:
        d.say(
            f"cohort {cohort['id']} ({cohort['term_years']}-year term): {', '.join(cohort['members'])}",
            indent=1,
        )
    code, out, err = d.command([*base, "--resolutions", str(resolutions), "--post"])
    # The results go in an issue of their own (a comment on the voting issue when posted with a person's token).
    posted = re.search(r"/issues/(\d+)(?:#issuecomment-(\d+))?", err)
    if posted is None:
        where = err.strip() or "nothing"
    elif posted.group(2):
        where = f"comment {posted.group(2)} on #{posted.group(1)}"
    else:
        where = f"issue #{posted.group(1)}"
    d.say(f"election-bot results --post: the results are announced in {where} (exit {code})")
    if code != 0:
        return code
    return _site(d)


SITE_ARGS = ["--at", "2026-04-16T10:00:00Z", "--github", "--title", "Demo elections (fictional)"]


def _site(d: Demo) -> int:
    """The Pages workflow's build after the results were committed: the election's public site."""
    out = d.work / "site"
    code, _, err = d.command(["site", "--out", str(out), *SITE_ARGS])
    if code != 0:
        d.say(f"election-bot site failed: {err.strip()}")
        return code
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    d.say(f"election-bot site (the Pages workflow): {len(pages)} pages, the results included (exit {code})")
    return code
