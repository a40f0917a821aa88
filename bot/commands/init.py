"""`election-bot init DIR --id ID ...`: scaffold an elections repository, or one more election in one.

The answers become `nominations/<id>/election.yaml`, checked by the same loader as every other command
before anything is written (a bad answer is exit 2 with the config's own finding, and nothing on disk).
The nominee template and guide are generated from that config; a short README for the admins; and the
caller workflows (`bot.config.workflows`), pinned to an election-bot release. Idempotent and never destructive: a file that is already there is left alone (said as `unchanged` or `kept`).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import TYPE_CHECKING

from bot.errors import UsageError

if TYPE_CHECKING:
    from bot.config.workflows import Pin


def _pair(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key or not value:
        raise argparse.ArgumentTypeError(f"{text!r}: write ID=TEXT, e.g. not_staff='I am not on the staff.'")
    return key.strip(), value.strip()


def _classes(text: str) -> tuple[str, ...]:
    return tuple(c.strip() for c in text.split(",") if c.strip())


def _cohort(text: str) -> tuple[str, int, int]:
    parts = text.split(":")
    if len(parts) != 3 or not parts[1].isdigit() or not parts[2].isdigit():
        raise argparse.ArgumentTypeError(
            f"{text!r}: write ID:SEATS:YEARS, e.g. A:3:2 (cohort A, 3 seats, two-year terms)"
        )
    return parts[0], int(parts[1]), int(parts[2])


def _relationships(text: str) -> tuple[str, ...]:
    from bot.config.models import Relationship

    names = _classes(text)
    known = [r.value for r in Relationship]
    unknown = [n for n in names if n not in known]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"{text!r}: relationships are a comma-separated list of {', '.join(known)}"
        )
    return names


def _share(text: str) -> str:
    if re.fullmatch(r"[1-9][0-9]{0,2}/[1-9][0-9]{0,2}", text) is None:
        raise argparse.ArgumentTypeError(f"{text!r}: write a fraction of the body, e.g. 1/3")
    return text


def _init(args: argparse.Namespace) -> int:
    from bot.config.loading import load_election
    from bot.config.scaffold import Answers, election_yaml, scaffold, summary
    from bot.config.workflows import caller_workflows, dependabot_yml
    from bot.text import finding_formats as render_findings

    target = Path(args.dir)
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target}: is a file, not a folder")
    answers = Answers(
        id=args.id,
        title=args.title,
        contact=args.contact,
        seats=args.seats,
        organisation=args.organisation,
        body=args.body,
        classes=args.classes,
        eligible=args.eligible or (),
        rules_name=args.rules_name,
        rules_url=args.rules_url,
        directory=args.directory,
        check_url=args.check_url,
        timezone=args.timezone,
        nominations=tuple(args.nominations),
        voting=tuple(args.voting),
        affirmation=tuple(args.affirmation) if args.affirmation else None,
        admins=tuple(args.admin or ()),
        attestations=tuple(args.attestation or ()),
        cap=args.cap,
        no_cap=args.no_cap,
        cap_share=args.cap_share,
        counted=args.counted or (),
        term_years=args.term_years,
        cohorts=tuple(args.cohort or ()),
        quorum=args.quorum,
        draw_after=args.draw_after,
    )
    config_path = f"nominations/{answers.id}/election.yaml"
    loaded = load_election(election_yaml(answers).encode(), config_path, answers.id)
    if loaded.election is None:
        raise UsageError(
            "these answers do not make a valid election (nothing was written):\n"
            + render_findings.as_text(loaded.findings)
        )
    pin, pin_note = _pin(args)
    files = dict(scaffold(answers, loaded.election, pin).files)
    if pin is not None:
        files.update(caller_workflows(pin, args.branch))
        files[DEPENDABOT] = dependabot_yml()
    kept: set[str] = set()
    for relative, text in files.items():
        path = target / relative
        if path.exists():
            same = path.is_file() and path.read_text(encoding="utf-8") == text
            print(f"  {'unchanged' if same else 'kept (yours differs; not overwritten)'}: {relative}")
            kept |= set() if same else {relative}
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"  wrote {relative}")
    if config_path in kept:
        # The summary would describe these flags, not the election.yaml that was kept.
        print(
            f"\n{config_path} was already there and differs from these flags: it was kept as it is, and "
            "the flags were not applied to it (edit it, or move it away and run init again)."
        )
    else:
        print("\n".join(["", *summary(answers, loaded.election)]))
    print(
        "\n".join(
            [
                "",
                "Next:",
                f"  1. Read every text the bot will post:  election-bot --repo {target} preview --election {answers.id}",
                f"  2. Play the election against the local stand-in:  election-bot --repo {target} demo --election {answers.id}",
                f"  3. On GitHub: {pin_note}; create the",
                "     environment `election-bot` with your member list as the secret ELECTION_BOT_ROSTER_CSV",
                "     (a CSV with the header github_login, plus membership when members hold classes),",
                "     create the labels with `election-bot labels --apply` (GITHUB_TOKEN, GITHUB_REPOSITORY),",
                "     and protect the default branch (reviews required before merging).",
            ]
        )
    )
    return 0


DEPENDABOT = ".github/dependabot.yml"


def _pin(args: argparse.Namespace) -> tuple[Pin | None, str]:
    """The caller workflows' pin, chosen by `bot.config.workflows.choose_pin` from what is installed."""
    from bot import home, installed_commit, version
    from bot.config.workflows import choose_pin

    try:
        return choose_pin(version(), installed_commit, args.bot_repository or home(), args.bot_ref)
    except ValueError as error:
        raise UsageError(f"--bot-ref: {error}") from None


def register_init(subparsers: object) -> None:
    p = subparsers.add_parser(  # type: ignore[attr-defined]
        "init",
        help="scaffold an elections repository (or one more election in one)",
        description="Write nominations/<id>/election.yaml from your answers, and the nominee template and "
        "guide generated from it. Times are ISO 8601: with an offset (2027-03-01T09:00:00Z), or wall-clock "
        "times in --timezone. Never overwrites a file.",
    )
    p.add_argument("dir", nargs="?", default=".", help="the repository folder (default: the current one)")
    p.add_argument("--id", required=True, help="the election's id, e.g. steering-2027 (its folder name)")
    p.add_argument("--title", required=True, help="e.g. 'Example Project steering council election 2027'")
    p.add_argument("--contact", required=True, help="the admins' e-mail address")
    p.add_argument("--seats", type=int, default=3, help="seats to fill, in one cohort (default 3)")
    p.add_argument(
        "--term-years",
        type=int,
        default=2,
        help="the term of the seats, in years, with one cohort (default 2)",
    )
    p.add_argument(
        "--cohort",
        action="append",
        type=_cohort,
        metavar="ID:SEATS:YEARS",
        help="a cohort, filled in the order given (repeatable; replaces --seats and --term-years), e.g. "
        "--cohort A:3:2 --cohort B:2:1",
    )
    p.add_argument("--organisation", help="who elects, e.g. 'Example Project'")
    p.add_argument("--body", default="council", help="what is elected, e.g. 'steering council'")
    p.add_argument(
        "--classes",
        type=_classes,
        default=("member",),
        help="membership classes, comma-separated (default: member)",
    )
    p.add_argument("--eligible", type=_classes, help="the classes that may stand (default: all)")
    p.add_argument("--rules-name", help="the election's rules, e.g. 'the project charter'")
    p.add_argument("--rules-url", help="where to read them (https://)")
    p.add_argument("--directory", default="member list", help="what your member list is called")
    p.add_argument("--check-url", help="where members check their own status (https://)")
    p.add_argument("--timezone", help="IANA zone for wall-clock times, e.g. Europe/Berlin")
    p.add_argument("--nominations", nargs=2, required=True, metavar=("START", "END"))
    p.add_argument("--voting", nargs=2, required=True, metavar=("START", "END"))
    p.add_argument("--affirmation", nargs=2, metavar=("START", "END"), help="a voter-affirmation phase")
    p.add_argument("--admin", action="append", metavar="LOGIN", help="an election admin (repeatable)")
    p.add_argument(
        "--attestation", action="append", type=_pair, metavar="ID=TEXT", help="a statement nominees make"
    )
    cap = p.add_mutually_exclusive_group()
    cap.add_argument("--cap", type=int, help="the most members tied to one entity (default: 2)")
    cap.add_argument(
        "--cap-share",
        type=_share,
        metavar="FRACTION",
        help="the most members tied to one entity as a share of the body, e.g. 1/3 (rounded down)",
    )
    cap.add_argument(
        "--no-cap", action="store_true", help="your rules set no limit on members tied to one entity"
    )
    p.add_argument(
        "--counted",
        type=_relationships,
        metavar="RELATIONSHIPS",
        help="the relationships the cap counts, comma-separated, e.g. employer (default: employer, "
        "contractor, officer, director, owner: employment or decision-making power)",
    )
    p.add_argument(
        "--quorum",
        type=float,
        metavar="SHARE",
        help="the share of electors who must vote for anyone to be elected, e.g. 0.5 (default: no quorum)",
    )
    p.add_argument(
        "--draw-after",
        metavar="TIME",
        help="a tie draw takes the drand quicknet beacon's first round at or after TIME (default: the end "
        "of voting; never earlier)",
    )
    p.add_argument(
        "--bot-ref",
        metavar="SHA",
        help="the election-bot commit the workflows call (default: this release's tag, to be replaced by its SHA)",
    )
    p.add_argument(
        "--bot-repository",
        metavar="OWNER/NAME",
        help="where election-bot's reusable workflows are (default: the repository its package metadata "
        "names)",
    )
    p.add_argument(
        "--branch", default="main", help="your default branch, for the push triggers (default: main)"
    )
    p.set_defaults(handler=_init)
