"""The canary secrets (tests/helpers/canary.py, tests/conftest.py): they are set for every test, the detector
finds a leak wherever the brief says it must look, and nothing in the repository looks like a token."""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.helpers import canary
from tests.helpers.repo import ROOT, tracked_files

CANARY_SHAPE = re.compile(r"ghs_Canary[0-9a-f]{30}|membership_Canary[0-9a-f]{32}")


# -- the canaries are in place ---------------------------------------------------------------------------


def test_every_test_runs_with_the_canaries() -> None:
    assert os.environ["GITHUB_TOKEN"] == canary.CANARY_TOKEN
    assert os.environ["ELECTION_BOT_MEMBERSHIP_TOKEN"] == canary.CANARY_MEMBERSHIP_TOKEN
    assert canary.TOKEN_PATTERN.search(canary.CANARY_TOKEN)  # a token scanner would flag it too
    for name in canary.AMBIENT_ENV:  # nothing from a real runner reaches a test
        assert name not in os.environ


def test_the_canaries_are_drawn_for_each_session() -> None:
    assert CANARY_SHAPE.fullmatch(canary.CANARY_TOKEN)
    assert CANARY_SHAPE.fullmatch(canary.CANARY_MEMBERSHIP_TOKEN)
    assert canary.CANARY_TOKEN[10:] not in Path(canary.__file__).read_text()


# -- the detector, called directly ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("nothing to see", False),
        (f"Authorization: token {canary.CANARY_TOKEN}", True),
        (base64.b64encode(canary.CANARY_TOKEN.encode()).decode(), True),  # a Basic auth header
        (canary.CANARY_TOKEN[:30] + "…", True),  # cut short in a log
        ("***" + canary.CANARY_TOKEN[-18:], True),  # half masked
        (canary.CANARY_TOKEN[:10], False),  # `ghs_Canary` alone is the prefix, not the secret
    ],
)
def test_the_detector_finds_a_token_whole_encoded_or_in_part(text: str, found: bool) -> None:
    assert bool(canary.leaks(canary.default_secrets(), [("here", text)])) is found


def test_the_detector_names_the_secret_and_the_place() -> None:
    places: list[tuple[str, str | bytes]] = [
        ("a comment", f"hi {canary.CANARY_MEMBERSHIP_TOKEN}"),
        ("a file", canary.CANARY_TOKEN.encode()),
    ]
    assert canary.leaks(canary.default_secrets(), places) == [
        "ELECTION_BOT_MEMBERSHIP_TOKEN canary in a comment",
        "GITHUB_TOKEN canary in a file",
    ]


def test_a_token_a_test_sets_itself_is_watched_too() -> None:
    own = canary.secrets_from_env(
        {"GITHUB_TOKEN": "fakehub_0123456789abcdef", "ELECTION_BOT_MEMBERSHIP_TOKEN": "t"}
    )
    assert [s.name for s in own][2:] == ["GITHUB_TOKEN set by the test"]  # "t" is a placeholder
    assert canary.leaks(own, [("out", "fakehub_0123456789abcdef")]) == ["GITHUB_TOKEN set by the test in out"]


def test_redaction_removes_every_trace() -> None:
    secrets = canary.default_secrets()
    text = f"a {canary.CANARY_TOKEN} b {canary.CANARY_TOKEN[:30]} c"
    redacted = canary.redact(text, secrets)
    assert canary.leaks(secrets, [("redacted", redacted)]) == []
    assert "[CANARY GITHUB_TOKEN canary LEAKED]" in redacted


def test_the_stand_in_is_searched_everywhere_the_bot_writes(fakehub: object) -> None:
    from election_bot_demo.fakehub import FakeHub

    assert isinstance(fakehub, FakeHub)
    number = fakehub.open_pull("pypa/elections", "janedoe", {"nominations/x/janedoe.md": b"x"})
    fakehub.add_comment("pypa/elections", number, "janedoe", "a comment")
    fakehub.create_issue("pypa/elections", "janedoe", "an issue", "its body")
    fakehub.add_label("pypa/elections", "a-label", "ededed", "a description")
    places = list(canary.hub_places(fakehub))
    where = {text: place for place, text in places}
    assert where["a comment"].startswith(f"the stand-in's pypa/elections#{number}, comment ")
    assert any("its body" in text for _, text in places)
    assert any("a description" in text for _, text in places)


# -- the hooks, in a pytest run of their own -------------------------------------------------------------

LEAKY_TESTS = """
import logging
import os

import pytest

from election_bot_demo.fakehub import FakeHub


def test_clean():
    print("nothing secret here")


def test_stdout(capsys):
    print("token:", os.environ["GITHUB_TOKEN"])


def test_stderr():
    import sys
    print(os.environ["ELECTION_BOT_MEMBERSHIP_TOKEN"], file=sys.stderr)


def test_debug_log():
    logging.getLogger("bot.github.gateway").debug("headers %s", {"Authorization": os.environ["GITHUB_TOKEN"]})


def test_read_back_through_capsys(capsys):
    print(os.environ["GITHUB_TOKEN"])
    assert capsys.readouterr().out  # the captured text is consumed, but was seen


def test_job_summary_file(tmp_path):
    (tmp_path / "summary.md").write_text("## summary " + os.environ["GITHUB_TOKEN"])


def test_comment_on_the_stand_in(fakehub):
    number = fakehub.open_pull("pypa/elections", "janedoe", {"x.md": b"x"})
    fakehub.add_comment("pypa/elections", number, "github-actions[bot]", os.environ["GITHUB_TOKEN"])


def test_check_run_on_a_hub_started_by_hand():
    with FakeHub() as hub:
        hub.add_repo("o/r")
        from github import Auth, Github
        gh = Github(base_url=hub.url, auth=Auth.Token("x"), seconds_between_requests=0, seconds_between_writes=0)
        gh.get_repo("o/r").create_issue("t", body="token " + os.environ["GITHUB_TOKEN"][:30])


def test_exception_text():
    raise ValueError("bad token " + os.environ["GITHUB_TOKEN"])


def test_own_token(monkeypatch):
    monkeypatch.setenv("GITHUB_TOKEN", "my-own-token-0123456789")
    print("my-own-token-0123456789")
"""

EXPECTED = {
    "test_stdout": "GITHUB_TOKEN canary in the captured stdout call",
    "test_stderr": "ELECTION_BOT_MEMBERSHIP_TOKEN canary in the captured stderr call",
    "test_debug_log": "GITHUB_TOKEN canary in the log",
    "test_read_back_through_capsys": "GITHUB_TOKEN canary in text read back through capsys/capfd",
    "test_job_summary_file": "summary.md",
    "test_comment_on_the_stand_in": "GITHUB_TOKEN canary in the stand-in's pypa/elections#1, comment",
    "test_check_run_on_a_hub_started_by_hand": "GITHUB_TOKEN canary in the stand-in's o/r#1 (title, body)",
    "test_exception_text": "GITHUB_TOKEN canary in the exception",
    "test_own_token": "GITHUB_TOKEN set by the test in the captured stdout call",
}


@pytest.fixture(scope="module")
def leaky_run(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess[str]:
    folder = tmp_path_factory.mktemp("leaky")
    (folder / "test_leaky.py").write_text(textwrap.dedent(LEAKY_TESTS))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "ELECTION_BOT_", "PYTEST_"))}
    env["PYTHONPATH"] = str(ROOT)
    env["COLUMNS"] = "400"  # whole messages in the short summary
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "tests.conftest",
            "-p",
            "no:cacheprovider",
            "-rfE",
            "-q",
            f"--rootdir={folder}",
            f"--basetemp={folder / 'tmp'}",
            str(folder / "test_leaky.py"),
        ],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.slow
def test_a_clean_test_passes_and_every_leak_fails_its_test(
    leaky_run: subprocess.CompletedProcess[str],
) -> None:
    out = leaky_run.stdout + leaky_run.stderr
    assert leaky_run.returncode == 1, out
    failed = re.findall(r"^(?:FAILED|ERROR) test_leaky\.py::(\w+) - (.*)$", out, re.M)
    assert sorted(test for test, _ in failed) == sorted(EXPECTED), out  # once each, the clean one passes
    for test, message in failed:
        assert message.startswith("a secret leaked: "), message
        assert EXPECTED[test] in message, (test, message)


def test_a_leak_is_never_repeated_into_the_log(leaky_run: subprocess.CompletedProcess[str]) -> None:
    out = leaky_run.stdout + leaky_run.stderr
    assert "[CANARY GITHUB_TOKEN canary LEAKED]" in out
    assert not CANARY_SHAPE.search(out), "the report itself must not show a secret"
    assert "my-own-token-0123456789" not in out


# -- the repository ----------------------------------------------------------------------------------------


def test_no_tracked_file_holds_a_token_or_a_canary() -> None:
    files = list(tracked_files())
    assert len(files) > 100  # git answered
    shaped = [name for name, data in files if canary.TOKEN_PATTERN.search(data.decode("utf-8", "replace"))]
    assert shaped == []
    assert canary.leaks(canary.default_secrets(), files) == []
    assert [name for name, data in files if CANARY_SHAPE.search(data.decode("utf-8", "replace"))] == []


def test_no_cassette_holds_a_token_a_canary_or_an_authorization_header() -> None:
    cassettes = sorted((ROOT / "tests" / "cassettes").glob("*.yaml"))
    assert cassettes
    for path in cassettes:
        text = path.read_text("utf-8")
        assert not canary.TOKEN_PATTERN.search(text), path.name
        assert not CANARY_SHAPE.search(text), path.name
        assert not re.search(r"(?im)^\s*-?\s*authorization:", text), path.name
