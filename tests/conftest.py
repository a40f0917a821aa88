"""Shared fixtures: the one local GitHub stand-in, and a PyGithub client pointed at it; and the canary
secrets every test runs with (see `tests/helpers/canary.py`: a test fails when a token shows up anywhere)."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Generator, Iterator
from typing import Any

import pytest
from github import Auth, Github
from hypothesis import settings

from election_bot_demo.fakehub import FakeHub
from tests.helpers import canary
from tests.helpers.repo import REPO, tracked_files

# In CI (CI=true) property tests draw the same examples every run, so a red build is reproducible and
# never a fluke of this run's random seed; locally they explore fresh examples each time.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

# Fixtures shared by several folders live in tests/helpers/ (a folder's conftest.py reaches only that folder).
pytest_plugins = ["tests.helpers.world", "tests.helpers.sync_site"]


_SECRETS = pytest.StashKey[list[canary.Secret]]()
_READ = pytest.StashKey[list[str]]()


@pytest.fixture
def fakehub() -> Iterator[FakeHub]:
    """A started FakeHub with `pypa/elections` (default branch `main`); stopped after the test.

    Fails the test if the stand-in itself hit a bug while serving it.
    """
    with FakeHub() as hub:
        hub.add_repo(REPO, default_branch="main")
        yield hub
        errors = hub.internal_errors
    assert not errors, f"the GitHub stand-in failed internally: {errors!r}"


@pytest.fixture
def github_client(fakehub: FakeHub) -> Iterator[Github]:
    """PyGithub against the stand-in with no request spacing (PyGithub's default retry stays on)."""
    client = Github(
        base_url=fakehub.url,
        auth=Auth.Token("anything"),
        seconds_between_requests=0,
        seconds_between_writes=0,
    )
    yield client
    client.close()


# -- canary secrets ----------------------------------------------------------------------------------------


class _Recorder(logging.Handler):
    """Every log record of the test, at every level, formatted with its traceback."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.lines.append(self.format(record))
        except Exception:  # a record that cannot be formatted is not a leak; logging reports it
            self.handleError(record)


@pytest.fixture(autouse=True)
def canary_secrets(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test runs with canary tokens and fails if one leaks (see tests/helpers/canary.py).

    Ambient Actions variables are cleared first: on a real runner no test may reach GitHub or write to the
    job's real summary. When re-recording cassettes (`--record-mode` other than none) the real
    `GITHUB_TOKEN` stays, and is watched like a canary.
    """
    for name in canary.AMBIENT_ENV:
        monkeypatch.delenv(name, raising=False)
    recording = request.config.getoption("--record-mode", default="none") not in (None, "none")
    if not (recording and os.environ.get("GITHUB_TOKEN")):
        monkeypatch.setenv("GITHUB_TOKEN", canary.CANARY_TOKEN)
    monkeypatch.setenv("ELECTION_BOT_MEMBERSHIP_TOKEN", canary.CANARY_MEMBERSHIP_TOKEN)

    hubs: list[FakeHub] = []
    start = FakeHub.start

    def start_and_watch(self: FakeHub) -> FakeHub:
        hubs.append(self)
        return start(self)

    monkeypatch.setattr(FakeHub, "start", start_and_watch)

    read: list[str] = []
    request.node.stash[_READ] = read
    readouterr: Callable[..., Any] = pytest.CaptureFixture.readouterr

    def read_and_watch(self: pytest.CaptureFixture[Any]) -> Any:
        result = readouterr(self)
        read.extend(str(part) for part in result)
        return result

    monkeypatch.setattr(pytest.CaptureFixture, "readouterr", read_and_watch)

    recorder = _Recorder()
    root, ours = logging.getLogger(), logging.getLogger("bot")
    level = ours.level
    root.addHandler(recorder)  # every record that reaches the root, at any level
    ours.setLevel(logging.DEBUG)  # and the bot's own DEBUG lines (the gateway logs every request)
    tmp = request.getfixturevalue("tmp_path") if "tmp_path" in request.fixturenames else None
    try:
        yield
    finally:
        root.removeHandler(recorder)
        ours.setLevel(level)
    found = canary.secrets_from_env()
    request.node.stash[_SECRETS] = found
    places: list[tuple[str, str | bytes]] = [("the log", "\n".join(recorder.lines))]
    places += [("text read back through capsys/capfd", "\n".join(read))]
    for hub in dict.fromkeys(hubs):
        places += list(canary.hub_places(hub))
    if tmp is not None:
        places += [(f"the file {path}", data) for path, data in canary.files_under(tmp)]
    leaked = canary.leaks(found, places)
    if leaked:
        pytest.fail("a secret leaked: " + "; ".join(dict.fromkeys(leaked)), pytrace=False)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, None]:
    """Fail a test whose captured output or failure text shows a secret; redact what pytest prints."""
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    found = item.stash.get(_SECRETS, None) or canary.secrets_from_env()
    # Captured output of this phase; the log is checked in full by `canary_secrets`, at every level.
    places: list[tuple[str, str | bytes]] = [
        (f"the {name.lower()}", text)
        for name, text in report.sections
        if name.endswith(f" {report.when}") and not name.startswith("Captured log")
    ]
    if call.excinfo is not None:
        places.append(("the exception", f"{call.excinfo.typename}: {call.excinfo.value}"))
    if report.longrepr is not None:
        places.append(("the failure report", str(report.longrepr)))
    leaked = canary.leaks(found, places)
    if leaked:
        report.outcome = "failed"
        message = "a secret leaked: " + "; ".join(dict.fromkeys(leaked))
        previous = f"\n\n{report.longrepr}" if report.longrepr is not None else ""
        report.longrepr = canary.redact(message + previous, found)
    elif report.longrepr is not None and report.failed:
        report.longrepr = canary.redact(str(report.longrepr), found)
    report.sections = [(name, canary.redact(text, found)) for name, text in report.sections]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Last look: no canary in the session's temporary files or in any file the repository tracks."""
    places: list[tuple[str, str | bytes]] = []
    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory is not None:
        with contextlib.suppress(OSError, ValueError):
            places += list(canary.files_under(factory.getbasetemp()))
    places += list(tracked_files())
    leaked = canary.leaks(canary.default_secrets(), ((f"the file {p}", data) for p, data in places))
    if leaked:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line("error: a canary secret leaked: " + "; ".join(leaked), red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
