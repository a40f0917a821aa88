"""`election-bot calendar`: the .ics file is valid RFC 5545 and says exactly what election.yaml says."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from ruamel.yaml import YAML

from bot.cli import main
from bot.commands.args import load_election
from bot.config import calendar as ics
from bot.config.models import Election

ROOT = Path(__file__).resolve().parents[2]
PPC = ROOT / "nominations" / "ppc-2026" / "election.yaml"
STAMP = datetime(2026, 7, 1, 9, 30, tzinfo=UTC)
Z_FORM = re.compile(r"^\d{8}T\d{6}Z$")


@pytest.fixture(scope="module")
def election() -> Election:
    return load_election("ppc-2026", ROOT / "nominations")


@pytest.fixture(scope="module")
def data(election: Election) -> bytes:
    return ics.to_ics(election, STAMP)


def events(data: bytes) -> dict[str, Any]:
    """UID -> VEVENT, parsed back by icalendar."""
    parsed = Calendar.from_ical(data)
    found = {str(event["UID"]): event for event in parsed.walk("VEVENT")}
    assert len(found) == len(parsed.walk("VEVENT")), "UIDs must be unique"
    return found


def raw_properties(data: bytes) -> list[tuple[str, str]]:
    """(NAME;PARAMS, value) of every content line after unfolding, without icalendar's help."""
    unfolded = data.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "")
    return [tuple(line.split(":", 1)) for line in unfolded.split("\r\n") if line]  # type: ignore[misc]


def yaml_phases() -> list[dict[str, Any]]:
    """election.yaml read independently of the models: the times as the file writes them."""
    config: dict[str, Any] = YAML(typ="safe", pure=True).load(PPC.read_text(encoding="utf-8"))
    return list(config["phases"])


def as_z(value: object) -> str:
    """A YAML timestamp (a datetime) or ISO string in the iCalendar UTC form `20260728T140000Z`."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if moment.tzinfo is None:  # the YAML 1.2 timestamp `...Z` may load naive-in-UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


# --------------------------------------------------------------------------------------------------
# What the calendar says
# --------------------------------------------------------------------------------------------------


def test_one_event_per_phase_with_the_exact_utc_times_of_election_yaml(data: bytes) -> None:
    found = events(data)
    phases = yaml_phases()
    assert len(phases) == 4
    for phase in phases:
        event = found[f"ppc-2026-{phase['id']}@election-bot"]
        assert event.decoded("DTSTART") == datetime.fromisoformat(as_z(phase["start"]))
        assert event.decoded("DTEND") == datetime.fromisoformat(as_z(phase["end"]))
        assert event.decoded("DTSTART").tzinfo is not None
        assert event.decoded("DTSTART").utcoffset().total_seconds() == 0
    # And on the wire: the `Z` form, never a TZID or a floating time.
    lines = raw_properties(data)
    for phase in phases:
        assert ("DTSTART", as_z(phase["start"])) in lines
        assert ("DTEND", as_z(phase["end"])) in lines
    for name, value in lines:
        if name.split(";")[0] in {"DTSTART", "DTEND", "DTSTAMP"}:
            assert ";" not in name, f"{name} carries parameters (a TZID?)"
            assert Z_FORM.match(value), f"{name}:{value} is not UTC `Z` form"


def test_the_ppc_2026_timeline_is_the_announced_one(data: bytes) -> None:
    """The PSF's announcement, independently of election.yaml: open, cut-offs, voting (all 14:00 UTC)."""
    found = events(data)
    expected = {
        "ppc-2026-nominations@election-bot": ("20260728T140000Z", "20260811T140000Z"),
        "ppc-2026-nominations.deadline@election-bot": ("20260811T140000Z", None),
        "ppc-2026-affirmation@election-bot": ("20260728T140000Z", "20260825T140000Z"),
        "ppc-2026-affirmation.deadline@election-bot": ("20260825T140000Z", None),
        "ppc-2026-candidates@election-bot": ("20260813T140000Z", "20260901T140000Z"),
        "ppc-2026-voting@election-bot": ("20260901T140000Z", "20260915T140000Z"),
        "ppc-2026-voting.deadline@election-bot": ("20260915T140000Z", None),
    }
    actual = {
        uid: (
            event["DTSTART"].to_ical().decode(),
            event["DTEND"].to_ical().decode() if "DTEND" in event else None,
        )
        for uid, event in found.items()
    }
    assert actual == expected


def test_deadlines_take_no_time_and_say_the_cut_off_is_exclusive(data: bytes) -> None:
    event = events(data)["ppc-2026-nominations.deadline@election-bot"]
    assert "DTEND" not in event and "DURATION" not in event  # RFC 5545 3.6.1: an instant
    assert str(event["SUMMARY"]).startswith("Nomination cut-off")
    description = str(event["DESCRIPTION"])
    assert "Tue 11 Aug 2026, 14:00 UTC" in description
    assert "one opened at 14:00:00 UTC on 2026-08-11 is late" in description
    assert "pc-elections@python.org" in description


def test_every_event_has_summary_description_with_contact_and_a_utc_stamp(
    data: bytes, election: Election
) -> None:
    for event in events(data).values():
        assert str(event["SUMMARY"]).endswith(f" — {election.title}")
        assert "Questions: pc-elections@python.org" in str(event["DESCRIPTION"])
        assert event.decoded("DTSTAMP") == STAMP
        assert str(event["TRANSP"]) == "TRANSPARENT"
    for phase in election.phases:
        event = events(data)[f"ppc-2026-{phase.id}@election-bot"]
        assert str(event["SUMMARY"]) == f"{phase.title} — {election.title}"
        # the phase description as the text a reader sees
        assert str(event["DESCRIPTION"]).startswith(ics.plain_text(phase.description))


def test_a_markdown_description_is_plain_text_in_the_calendar(data: bytes) -> None:
    """The one link voters need reads as words and an address, not as Markdown syntax."""
    description = str(events(data)["ppc-2026-affirmation@election-bot"]["DESCRIPTION"])
    assert "on psfmember.org (https://psfmember.org/) (Your Memberships → Voting Affirmation)" in description
    assert "[" not in description and "*" not in description and "](" not in description


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("Read *this* and **that**.", "Read this and that."),
        ("See [the guide](https://example.org/g).", "See the guide (https://example.org/g)."),
        ("Mail <a@example.org> or <https://example.org>", "Mail a@example.org or https://example.org"),
        ("- one\n- two `code`\n\nAfter.", "- one\n\n- two code\n\nAfter."),
        ("", ""),
    ],
)
def test_plain_text(markdown: str, text: str) -> None:
    assert ics.plain_text(markdown) == text


def test_calendar_properties(data: bytes, election: Election) -> None:
    parsed = Calendar.from_ical(data)
    assert str(parsed["VERSION"]) == "2.0"
    assert str(parsed["PRODID"]) == ics.PRODID
    assert str(parsed["X-WR-CALNAME"]) == election.title
    assert str(parsed["NAME"]) == election.title
    assert str(parsed["CALSCALE"]) == "GREGORIAN"
    assert data.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert data.endswith(b"END:VCALENDAR\r\n")


def test_events_are_in_the_order_they_start(data: bytes) -> None:
    starts = [event.decoded("DTSTART") for event in Calendar.from_ical(data).walk("VEVENT")]
    assert starts == sorted(starts)


def test_uids_are_stable_across_runs_and_stamps(election: Election) -> None:
    first = ics.to_ics(election, STAMP)
    again = ics.to_ics(election, STAMP)
    later = ics.to_ics(election, datetime(2026, 8, 12, 0, 0, 1, 999, tzinfo=UTC))
    assert first == again  # byte for byte, for a given stamp
    assert list(events(first)) == list(events(later))
    assert events(later)["ppc-2026-voting@election-bot"].decoded("DTSTAMP") == datetime(
        2026, 8, 12, 0, 0, 1, tzinfo=UTC
    )


def test_a_naive_stamp_is_refused(election: Election) -> None:
    with pytest.raises(ValueError, match="UTC offset"):
        ics.to_ics(election, datetime(2026, 7, 1))  # naive on purpose


# --------------------------------------------------------------------------------------------------
# RFC 5545 wire format: CRLF, folding at 75 octets, escaping
# --------------------------------------------------------------------------------------------------


def assert_wire_format(data: bytes) -> None:
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b""), "a bare LF"
    assert b"\r" not in data.replace(b"\r\n", b""), "a bare CR"
    for line in data.split(b"\r\n")[:-1]:
        assert len(line) <= 75, f"{len(line)} octets: {line!r}"
        line.decode("utf-8")  # folding never splits a UTF-8 sequence


def test_lines_end_in_crlf_and_fold_at_75_octets(data: bytes) -> None:
    assert_wire_format(data)
    assert b"\r\n " in data  # the ppc-2026 descriptions are long enough to be folded


@settings(max_examples=60, deadline=None)
@given(
    description=st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=400),
    title=st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=120),
)
def test_any_text_folds_and_round_trips(description: str, title: str) -> None:
    election = load_election("ppc-2026", ROOT / "nominations")
    phase = election.phases[0].model_copy(update={"description": description, "title": title})
    changed = election.model_copy(update={"phases": [phase, *election.phases[1:]]})
    data = ics.to_ics(changed, STAMP)
    assert_wire_format(data)
    # Read back by RFC 5545 itself, not by icalendar's parser, which turns a literal `%3A` into `:`.
    event = rfc_event(data, "ppc-2026-nominations@election-bot")
    assert unescape_text(event["SUMMARY"]) == f"{without_controls(title)} — {election.title}"
    kept = ics.plain_text(without_controls(description)).strip()
    expected = f"{kept}\n\n" if kept else f"{without_controls(title)}: open from "
    assert unescape_text(event["DESCRIPTION"]).startswith(expected)


def without_controls(text: str) -> str:
    return "".join(c for c in text if c in "\n\t" or not (ord(c) < 32 or 0x7F <= ord(c) < 0xA0))


def unescape_text(value: str) -> str:
    """RFC 5545 3.3.11 TEXT: a backslash escapes a backslash, `;` or `,`, or with `n`/`N` is a newline;
    an unescaped `;` or `,` or any other escape is an error."""
    out: list[str] = []
    chars = iter(value)
    for c in chars:
        if c == "\\":
            escaped = next(chars, "")
            assert escaped in {"\\", ";", ",", "n", "N"}, f"bad escape \\{escaped} in {value!r}"
            out.append("\n" if escaped in "nN" else escaped)
        else:
            assert c not in ";,", f"unescaped {c!r} in {value!r}"
            out.append(c)
    return "".join(out)


def rfc_event(data: bytes, uid: str) -> dict[str, str]:
    """The properties of the VEVENT with this UID, values as written (escaped), from the unfolded lines."""
    current: dict[str, str] = {}
    for name, value in raw_properties(data):
        if (name, value) == ("BEGIN", "VEVENT"):
            current = {}
        elif (name, value) == ("END", "VEVENT") and current.get("UID") == uid:
            return current
        else:
            current[name] = value
    raise AssertionError(f"no event {uid}")


def test_control_characters_never_reach_the_file(election: Election) -> None:
    phase = election.phases[0].model_copy(update={"description": "bell\x07 escape\x1b[31m end\r\nnext"})
    data = ics.to_ics(election.model_copy(update={"phases": [phase, *election.phases[1:]]}), STAMP)
    assert b"\x07" not in data and b"\x1b" not in data
    assert "bell escape[31m end next" in str(  # a line break inside a paragraph reads as a space
        events(data)["ppc-2026-nominations@election-bot"]["DESCRIPTION"]
    )


def test_special_characters_are_escaped(election: Election) -> None:
    phase = election.phases[0].model_copy(update={"description": "a, b; c\\d"})
    data = ics.to_ics(election.model_copy(update={"phases": [phase, *election.phases[1:]]}), STAMP)
    assert b"DESCRIPTION:a\\, b\\; c\\\\d" in data
    assert str(events(data)["ppc-2026-nominations@election-bot"]["DESCRIPTION"]).startswith("a, b; c\\d")


# --------------------------------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------------------------------


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.usefixtures("in_repo")
def test_command_writes_to_standard_output(capsysbinary: pytest.CaptureFixture[bytes], data: bytes) -> None:
    assert main(["calendar", "--election", "ppc-2026", "--at", "2026-07-01T09:30:00Z"]) == 0
    out, err = capsysbinary.readouterr()
    assert out == data
    assert err == b""


@pytest.mark.usefixtures("in_repo")
def test_command_writes_a_file(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], data: bytes
) -> None:
    target = tmp_path / "ppc-2026.ics"
    code = main(
        ["calendar", "--election", "ppc-2026", "--out", str(target), "--at", "2026-07-01T11:30:00+02:00"]
    )
    assert code == 0
    assert target.read_bytes() == data  # the offset is converted: the same instant, written in UTC
    out, err = capsysbinary.readouterr()
    assert out == b""
    assert b"wrote" in err


@pytest.mark.usefixtures("in_repo")
def test_command_stamps_now_by_default(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    assert main(["calendar", "--election", "ppc-2026"]) == 0
    after = datetime.now(UTC)
    stamp = events(capsysbinary.readouterr().out)["ppc-2026-voting@election-bot"].decoded("DTSTAMP")
    assert before <= stamp <= after


@pytest.mark.usefixtures("in_repo")
def test_unknown_election_exits_2_with_a_message(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["calendar", "--election", "no-such-election"]) == 2
    out, err = capsysbinary.readouterr()
    assert out == b""
    assert b"unknown election 'no-such-election'" in err
    assert b"ppc-2026" in err  # and which ones exist


@pytest.mark.usefixtures("in_repo")
def test_several_elections_need_one_named(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["calendar"]) == 2
    assert b"--election" in capsysbinary.readouterr().err


@pytest.mark.usefixtures("in_repo")
def test_a_naive_at_exits_2(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["calendar", "--election", "ppc-2026", "--at", "2026-07-01T09:30:00"]) == 2
    assert b"no UTC offset" in capsysbinary.readouterr().err


@pytest.mark.usefixtures("in_repo")
def test_an_unwritable_file_exits_2(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    target = tmp_path / "missing-folder" / "x.ics"
    assert main(["calendar", "--election", "ppc-2026", "--out", str(target)]) == 2
    assert b"cannot write" in capsysbinary.readouterr().err
    assert not target.exists()


def test_an_election_in_another_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """With one election in the repository, --election may be left out (as for `timeline`)."""
    folder = tmp_path / "nominations" / "ppc-2026"
    folder.mkdir(parents=True)
    folder.joinpath("election.yaml").write_bytes(PPC.read_bytes())
    monkeypatch.chdir(tmp_path)
    assert main(["calendar", "--at", "2026-07-01T09:30:00Z"]) == 0
    assert capsysbinary.readouterr().out == ics.to_ics(load_election("ppc-2026", ROOT / "nominations"), STAMP)
