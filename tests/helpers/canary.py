"""Canary secrets: every test runs with fake tokens that must never be seen anywhere.

`tests/conftest.py` sets `GITHUB_TOKEN` and `ELECTION_BOT_MEMBERSHIP_TOKEN` to the canaries below for every
test (autouse), and fails a test when a secret shows up in

- its captured stdout, stderr or log (the `bot` loggers are opened to DEBUG while it runs, so the
  gateway's request log is checked too), and every text it read back through `capsys`/`capfd`;
- the text of its failure (the exception and the traceback pytest would print);
- any file under its `tmp_path` (job summaries, transcripts, rosters, cassettes a test records);
- anything a local GitHub stand-in started during the test stores: issues, pull requests, comments,
  check runs (title, summary, text, annotations, external id), labels, and the path and query of every
  request it received (a token in a URL is a leak too).

At the end of the session the whole temporary directory and every file `git ls-files` names are scanned
once more. The canaries are drawn at random for each session, so no test can hard-code one (and none is
ever committed: a test checks the tree for token-shaped strings). A test that sets a token of its own in
`GITHUB_TOKEN` or `ELECTION_BOT_MEMBERSHIP_TOKEN` has that one watched as well.

Reports are redacted: a leaked secret is replaced by `[CANARY <what> LEAKED]` in everything pytest prints,
so a failure never repeats the secret into a CI log.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

# One draw per test session: the first process (pytest, or pytest-xdist's controller) draws the seed and its
# workers inherit it through the environment, so every worker watches the same canaries and the controller's
# last scan of the session's files looks for the ones the workers' tests ran with.
_SEED = os.environ.setdefault("ELECTION_BOT_TEST_CANARY_SEED", secrets.token_hex(16))


def _drawn(purpose: str, length: int) -> str:
    return hashlib.sha256(f"{_SEED}:{purpose}".encode()).hexdigest()[:length]


#: Looks like a GitHub App installation token (`ghs_` + 36 characters), so any token scanner flags it too.
CANARY_TOKEN = "ghs_" + "Canary" + _drawn("github", 30)
#: The membership service's bearer token.
CANARY_MEMBERSHIP_TOKEN = "membership_Canary" + _drawn("membership", 32)

#: Environment variables whose values are secrets wherever a test sets them.
SECRET_ENV = ("GITHUB_TOKEN", "ELECTION_BOT_MEMBERSHIP_TOKEN")
#: Set by a real Actions runner; cleared for every test so that none reaches a real server or appends to a
#: real job summary by accident (the tests that need one set their own).
AMBIENT_ENV = (
    "GITHUB_API_URL",
    "GITHUB_REPOSITORY",
    "GITHUB_EVENT_NAME",
    "GITHUB_EVENT_PATH",
    "GITHUB_STEP_SUMMARY",
    "GITHUB_OUTPUT",
    "GITHUB_ENV",
    "ELECTION_BOT_ROSTER",
    "ELECTION_BOT_MEMBERSHIP_URL",
    "ELECTION_BOT_PR_NUMBER",
    "ELECTION_BOT_LOGIN",
)
#: Tokens as GitHub issues them (classic and fine-grained PATs, OAuth, user-to-server, server-to-server,
#: refresh tokens); long enough that a prefix mentioned in prose (`ghp_`) is not a match.
TOKEN_PATTERN = re.compile(r"(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,})")
MIN_SECRET = 12  # a shorter value set in a secret variable ("x", "token") is a placeholder, not a secret
MAX_SCANNED_FILE = 20_000_000


@dataclass(frozen=True, slots=True)
class Secret:
    name: str  # what it is, for the message: "GITHUB_TOKEN canary"
    value: str

    def needles(self) -> list[bytes]:
        """What gives the secret away: the whole value, its base64 form (an `Authorization: Basic`
        header), and 16 characters from its middle and from its end (a log that cuts or half-masks a
        token still leaks it; the start is a fixed prefix, which gives nothing away)."""
        raw = self.value.encode()
        out = [raw, base64.b64encode(raw).rstrip(b"=")]
        if len(raw) >= 24:
            middle = len(raw) // 2
            out += [raw[middle - 8 : middle + 8], raw[-16:]]
        return out

    @property
    def redaction(self) -> str:
        return f"[CANARY {self.name} LEAKED]"


def default_secrets() -> list[Secret]:
    return [
        Secret("GITHUB_TOKEN canary", CANARY_TOKEN),
        Secret("ELECTION_BOT_MEMBERSHIP_TOKEN canary", CANARY_MEMBERSHIP_TOKEN),
    ]


def secrets_from_env(environ: dict[str, str] | None = None) -> list[Secret]:
    """The canaries plus whatever token a test put in a secret variable itself."""
    import os

    env = os.environ if environ is None else environ
    found = default_secrets()
    known = {s.value for s in found}
    for name in SECRET_ENV:
        value = env.get(name, "")
        if len(value) >= MIN_SECRET and value not in known:
            found.append(Secret(f"{name} set by the test", value))
            known.add(value)
    return found


def leaks(secrets_: Iterable[Secret], places: Iterable[tuple[str, str | bytes]]) -> list[str]:
    """One line per (secret, place) where a secret shows: `GITHUB_TOKEN canary in captured stdout`."""
    wanted = list(secrets_)
    out: list[str] = []
    for where, content in places:
        data = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
        for secret in wanted:
            if any(needle in data for needle in secret.needles()):
                out.append(f"{secret.name} in {where}")
    return out


def redact(text: str, secrets_: Iterable[Secret]) -> str:
    for secret in secrets_:
        for needle in sorted(secret.needles(), key=len, reverse=True):
            text = text.replace(needle.decode(), secret.redaction)
    return text


def files_under(root: Path) -> Iterator[tuple[str, bytes]]:
    """(path, content) of every regular file under `root` (symlinks are not followed)."""
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        try:
            if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_SCANNED_FILE:
                continue
            yield str(path), path.read_bytes()
        except OSError:
            continue


def hub_places(hub: object) -> Iterator[tuple[str, str]]:
    """Everything a `election_bot_demo.fakehub.FakeHub` stores that the bot could have written, as (where, text)."""
    from election_bot_demo.fakehub import FakeHub

    assert isinstance(hub, FakeHub)
    for repo in hub.repositories():
        for issue in hub.issues(repo, include_pulls=True):
            where = f"the stand-in's {repo}#{issue.number}"
            yield f"{where} (title, body)", f"{issue.title}\n{issue.body or ''}"
            for comment in hub.comments(repo, issue.number):
                yield f"{where}, comment {comment.id}", comment.body
        for run in hub.check_runs(repo):
            text = "\n".join(
                str(part)
                for part in (
                    run.title,
                    run.summary,
                    run.text,
                    run.annotations,
                    run.external_id,
                    run.details_url,
                )
            )
            yield f"the stand-in's check run {run.id} in {repo}", text
        labels = "\n".join(f"{label.name} {label.description or ''}" for label in hub.labels(repo))
        yield f"the stand-in's labels of {repo}", labels
    for record in hub.requests:
        yield "the stand-in's request log", f"{record.method} {record.path} {record.query}"
