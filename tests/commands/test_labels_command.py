"""`election-bot labels [--apply]`: the fixed labels, created up front against the stand-in."""

from __future__ import annotations

import pytest

from bot.cli import main
from bot.text.labels import FIXED
from election_bot_demo.fakehub import FakeHub
from tests.helpers import canary
from tests.helpers.repo import REPO


def test_the_list_names_every_label_once(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["labels"]) == 0
    out = capsys.readouterr().out
    names = [label.name for label in FIXED.values()]
    assert len(names) == len(set(names))
    assert {"nomination", "late", "open-at-cutoff", "election-bot", "membership-unverified"} <= set(names)
    assert all(name in out for name in names)
    assert "`--apply` creates the missing ones" in out


def test_apply_creates_the_missing_labels_and_leaves_the_rest(
    fakehub: FakeHub, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GITHUB_API_URL", fakehub.url)
    monkeypatch.setenv("GITHUB_TOKEN", canary.CANARY_TOKEN)
    monkeypatch.setenv("GITHUB_REPOSITORY", REPO)
    fakehub.add_label(REPO, "late", "000000", "our own description")
    total = len(FIXED)
    assert main(["labels", "--apply"]) == 0
    assert f"{total - 1} labels created on {REPO}, 1 already there" in capsys.readouterr().out
    have = {label.name: label for label in fakehub.labels(REPO)}
    assert set(have) == set(FIXED)
    assert have["late"].color == "000000"  # an existing label is left as it is
    fakehub.reset_log()
    assert main(["labels", "--apply"]) == 0
    assert "0 labels created" in capsys.readouterr().out
    assert fakehub.writes() == []


def test_apply_without_a_token_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    monkeypatch.setenv("GITHUB_REPOSITORY", REPO)
    assert main(["labels", "--apply"]) == 2
    assert "GITHUB_TOKEN is not set" in capsys.readouterr().err
