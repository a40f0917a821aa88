"""`election-bot demo --election ID`: the admins' own election, played against the local GitHub stand-in.

The election's `election.yaml` from the checkout, and the nomination files in its folder (or, when there
are none yet, one sample nominee per seat plus one, made from the config: an eligible class, every
required attestation, a statement of the right length). Each nominee opens a pull request inside the
window and the check runs on it; what passes is merged, what does not stays open with its report. The
phases reconciler runs at every phase boundary, the cut-off included; after voting, made-up counts are
tallied and posted by `results`, and the site is built. Nothing leaves the machine.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import TextIO

from bot.config.loading import load_nomination
from bot.config.models import Election
from bot.config.timeline import format_utc
from bot.ports.checkout import NOT_NOMINATIONS
from bot.text.wording import count
from election_bot_demo import membership, transcript
from election_bot_demo.fakehub import FakeHub
from election_bot_demo.script import ADMIN, REPO, Demo, DemoResult


@dataclass(frozen=True, slots=True)
class Nominee:
    login: str
    author: str  # who opens the pull request (the nominator)
    content: bytes
    membership: str
    late: bool = False  # opened after the cut-off


NOMINATOR = "demo-nominator"  # who nominates a nominee played as "nominated by someone else"


def choose(nominees: list[Nominee], late: Sequence[str], by_other: Sequence[str]) -> list[Nominee]:
    """The nominees as the admin asked to play them: some late, some nominated by someone else (whose
    file then names `nominated_by`, and who consents on the pull request). An unknown login is an error
    that names the known ones."""
    known = {n.login.casefold(): n for n in nominees}
    unknown = [x for x in [*late, *by_other] if x.casefold().removesuffix(".md") not in known]
    if unknown:
        raise ValueError(
            f"no nomination file of {', '.join(unknown)} in this election; its nominees are "
            + ", ".join(n.login for n in nominees)
        )
    wanted_late = {x.casefold().removesuffix(".md") for x in late}
    wanted_other = {x.casefold().removesuffix(".md") for x in by_other}
    out = []
    for nominee in nominees:
        key = nominee.login.casefold()
        if key in wanted_other:
            text = nominee.content.decode()
            head, sep, rest = text.partition("\n---\n")
            kept = [line for line in head.splitlines() if not line.startswith("nominated_by:")]
            content = ("\n".join([*kept, f"nominated_by: {NOMINATOR}"]) + sep + rest).encode()
            nominee = replace(nominee, author=NOMINATOR, content=content)
        out.append(replace(nominee, late=key in wanted_late))
    return out


def sample_nominees(election: Election) -> list[Nominee]:
    words = max(election.statement.min_words, 30)
    statement = " ".join(["I", "would", "serve", "with", "care", "and", "attention."] * (words // 7 + 1))
    out = []
    for index in range(election.seats + 1):
        login = f"sample-nominee-{index + 1}"
        lines = [
            "---",
            f"name: Sample Nominee {index + 1}",
            f"github: {login}",
            f"membership: {election.eligible_membership[0]}",
            "affiliations:",
            f"  - organization: Sample Employer {index + 1}",
            "    relationship: employer",
            "    role: Engineer",
        ]
        if election.required_attestations:
            lines.append("attestations:")
            lines += [f"  {a.id}: true" for a in election.required_attestations]
        lines += ["---", statement, ""]
        out.append(Nominee(login, login, "\n".join(lines).encode(), election.eligible_membership[0]))
    return out


def own_nominees(folder: Path, election: Election) -> list[Nominee]:
    out = []
    for path in sorted(folder.glob("*.md")):
        if path.name in NOT_NOMINATIONS or path.name.startswith(".") or not path.is_file():
            continue
        data = path.read_bytes()
        loaded = load_nomination(data, path.name)
        nomination = loaded.nomination
        login = path.stem
        author = nomination.nominated_by if nomination and nomination.nominated_by else login
        klass = nomination.membership if nomination else election.eligible_membership[0]
        out.append(Nominee(login, author, data, klass))
    return out


def run_own_demo(
    root: Path,
    election: Election,
    transcript_dir: Path,
    out: TextIO,
    late: Sequence[str] = (),
    by_other: Sequence[str] = (),
) -> DemoResult:
    """`root` is the admins' `nominations/` folder; `election` its loaded election. `late`, `by_other`:
    nominees (logins or file names) to play as opened after the cut-off, or as nominated by someone else."""
    folder = root / election.id
    nominees = choose(own_nominees(folder, election) or sample_nominees(election), late, by_other)
    window = election.nominations
    start = window.start
    config = (folder / "election.yaml").read_bytes()
    with tempfile.TemporaryDirectory(prefix="election-bot-demo-") as tmp, FakeHub(now=start) as hub:
        hub.add_repo(REPO, default_branch="main")
        checkout = Path(tmp) / "checkout"
        work = Path(tmp) / "work"
        (checkout / "nominations" / election.id).mkdir(parents=True)
        work.mkdir()
        (checkout / "nominations" / election.id / "election.yaml").write_bytes(config)
        hub.commit(REPO, "main", {f"nominations/{election.id}/election.yaml": config})
        _copy_mark(root.parent, checkout, hub, election)
        hub.set_permission(REPO, ADMIN, "maintain")
        for person in {n.login for n in nominees} | {n.author for n in nominees}:
            hub.add_user(person)
        members = {n.login: n.membership for n in nominees}
        with membership.MembershipService(members) as service:
            ca = service.write_ca(work / "membership-ca.pem")
            demo = Demo(hub, checkout, work, out, service.url, str(ca), election_id=election.id)
            code = _story(demo, election, nominees)
        files = transcript.write(hub, REPO, transcript_dir, demo.log)
        site = transcript_dir / "site"
        if site.exists():
            shutil.rmtree(site)  # an earlier run's site is not this one's
        built = (work / "site").is_dir()
        if built:
            shutil.copytree(work / "site", site)
        # Not built: the story says why, and no one is sent to open a site that is not there.
        return DemoResult(
            transcript_dir, tuple(files), tuple(demo.log), hub.count(), code, site if built else None
        )


def _copy_mark(top: Path, checkout: Path, hub: FakeHub, election: Election) -> None:
    """The community's name mark (`community.mark`, a file in the admins' repository) goes into the
    played repository as well, or the site of an election that sets one could not be built. A missing
    file is left missing: the site then says which key names it, as it would on GitHub."""
    mark = election.community.mark
    if mark is None or not (top / mark).is_file():
        return
    data = (top / mark).read_bytes()
    (checkout / mark).parent.mkdir(parents=True, exist_ok=True)
    (checkout / mark).write_bytes(data)
    hub.commit(REPO, "main", {mark: data})


def _story(d: Demo, election: Election, nominees: list[Nominee]) -> int:
    window = election.nominations
    d.chapter(f"{election.title}: nominations open")
    d.hub.now = window.start
    d.sync("schedule: nominations open")
    on_time = [n for n in nominees if not n.late]
    step = (window.end - window.start) / (len(on_time) + 1)
    merged: list[str] = []
    for index, nominee in enumerate(on_time, start=1):
        d.hub.now = window.start + step * index
        _nominate(d, nominee, merged)
    d.chapter("The phases")
    boundaries = sorted({t for p in election.phases for t in (p.start, p.end) if t >= window.end})
    for instant in boundaries:
        d.hub.now = instant
        d.sync(f"schedule at {format_utc(instant)}")
        if instant == window.end:
            for minutes, nominee in enumerate((n for n in nominees if n.late), start=1):
                d.hub.now = window.end + timedelta(minutes=minutes)
                d.say(f"{nominee.login}'s nomination comes {count(minutes, 'minute')} after the cut-off")
                _nominate(d, nominee, merged)
    return _results(d, election, merged)


def _nominate(d: Demo, nominee: Nominee, merged: list[str]) -> None:
    """One nomination pull request, consented to by the nominee when someone else opened it; merged
    when the check finds it ready, else left open with its report."""
    number = d.open_pull(nominee.author, nominee.login, nominee.content.decode(), f"Nominate {nominee.login}")
    if nominee.author != nominee.login:
        d.comment(number, nominee.login, "I accept.\n\n/consent\n")
    labels = set(d.hub.pull(REPO, number).labels)
    if "ready-for-review" in labels:
        d.merge(number, nominee.login)
        merged.append(nominee.login)
    else:
        d.say(f"#{number} is not ready ({', '.join(sorted(labels))}); it stays open with its report")


def _results(d: Demo, election: Election, merged: list[str]) -> int:
    d.chapter("Results")
    if not merged:
        d.say("no nomination was merged, so there is nothing to count")
        return 0
    after = election.voting.end
    d.hub.now = after
    results = d.root / "results" / election.id
    results.mkdir(parents=True)
    counts = results / "counts.yaml"
    electors = 10 * len(merged) + 10
    votes = "".join(f"  {login}: {5 * len(merged) - 3 * i + 3}\n" for i, login in enumerate(merged))
    counts.write_text(
        f"election: {election.id}\nelectors: {electors}\nballots_cast: {electors - 5}\nvotes:\n{votes}"
    )
    d.say(f"the admins commit made-up counts for the demo: {counts.relative_to(d.root)}")
    at = ["--at", format_utc(after)]
    code, out, err = d.command(["results", "--election", election.id, "--counts", str(counts), *at, "--post"])
    d.say(f"election-bot results --post: exit {code}")
    for line in (out + err).strip().splitlines():
        d.say(line, indent=1)
    if code not in (0, 1):
        return code
    site = d.work / "site"
    code, _, err = d.command(["site", "--out", str(site), *at])
    d.say(f"election-bot site: exit {code}" + (f": {err.strip()}" if code else ""))
    return code
