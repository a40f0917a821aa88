"""The doctor's settings items, judged from what GitHub answered (pure; tests/e2e/test_doctor.py runs them
against the stand-in)."""

from __future__ import annotations

import pytest

from bot.config import readiness
from bot.github.values import ActionsPolicy, Environment, RequiredCheck

BOT, SHA, HERE = "psf/election-bot", "0123456789abcdef0123456789abcdef01234567", "pypa/elections"


@pytest.mark.parametrize(
    ("pattern", "ok"),
    [
        ("psf/*", True),
        ("PSF/Election-Bot/*", True),  # GitHub compares owner and repository names ignoring case
        (f"psf/election-bot/.github/workflows/reusable-nomination-check.yml@{SHA}", True),
        ("psf/election-bot/.github/workflows/*@*", True),
        ("psf/election-bot/.github/workflows/reusable-nomination-check.yml@v1.4.0", False),
        ("psf/election-bots/*", False),
        ("pypa/*", False),
    ],
)
def test_an_allow_list_pattern(pattern: str, ok: bool) -> None:
    policy = ActionsPolicy(True, "selected", True, (pattern,))
    assert readiness.actions_allowed(policy, BOT, SHA, HERE).ok is ok


def test_selected_actions_need_githubs_own_too() -> None:
    item = readiness.actions_allowed(ActionsPolicy(True, "selected", False, ("psf/*",)), BOT, SHA, HERE)
    assert not item.ok and "actions created by GitHub are not allowed" in item.detail


def test_actions_disabled_and_owner_only() -> None:
    assert not readiness.actions_allowed(ActionsPolicy(False, "all"), BOT, SHA, HERE).ok
    assert not readiness.actions_allowed(ActionsPolicy(True, "local_only"), BOT, SHA, HERE).ok
    assert readiness.actions_allowed(ActionsPolicy(True, "local_only"), "pypa/election-bot", SHA, HERE).ok


def test_only_the_default_branch_exactly() -> None:
    assert readiness.environment_branches(Environment("e", "custom", ("main",)), "e", "main").ok
    for env in (
        Environment("e", "custom", ("main", "release")),
        Environment("e", "custom", ("ma*",)),  # a pattern that also admits `malicious`
        Environment("e", "custom", ()),
        Environment("e", "protected"),
        Environment("e", "all"),
    ):
        assert not readiness.environment_branches(env, "e", "main").ok, env


def test_the_required_check_must_come_from_the_app() -> None:
    def judged(*checks: RequiredCheck, protection: tuple[RequiredCheck, ...] | None = None) -> bool:
        return readiness.required_check(checks, protection, "main", "nomination", 15368).ok

    assert judged(RequiredCheck("nomination", 15368))
    assert judged(protection=(RequiredCheck("nomination", 15368),))
    assert not judged(RequiredCheck("nomination", None))
    assert not judged(RequiredCheck("nomination", 777))
    assert not judged(RequiredCheck("Nomination check", 15368))  # the job's name is not the check's


def test_could_not_check_is_never_ready() -> None:
    item = readiness.unseen(readiness.ACTIONS_ITEM, "the Actions permissions", 403)
    assert not item.ok and "could not check" in item.line() and "admin's token" in item.line()


def _check_caller(with_block: str) -> str:
    from bot.config.workflows import SELF, nomination_check

    return nomination_check(SELF) + with_block


def test_the_environment_is_the_one_the_check_caller_names() -> None:
    from bot.config.workflows import ENVIRONMENT

    assert readiness.environment_name(_check_caller("")) == ENVIRONMENT  # the input's default
    assert readiness.environment_name(None) == ENVIRONMENT  # the callers item reports the missing file
    assert (
        readiness.environment_name(_check_caller("    with:\n      environment: elections\n")) == "elections"
    )
    assert readiness.environment_name(_check_caller("    with:\n      other: 1\n")) == ENVIRONMENT


@pytest.mark.parametrize(
    "with_block",
    [
        "    with:\n      environment: ${{ vars.ENV }}\n",  # decided at run time: the doctor cannot know
        "    with:\n      environment: [a, b]\n",
        "    with:\n      environment: 'a\\nb'\n",
    ],
    ids=["expression", "not-a-string", "not-a-name"],
)
def test_an_environment_the_doctor_cannot_read_fails_closed(with_block: str) -> None:
    assert readiness.environment_name(_check_caller(with_block)) is None
    item = readiness.unknown_environment(readiness.ENVIRONMENT_ITEM)
    assert not item.ok and "nomination-check.yml" in item.detail


def test_an_unparsable_check_caller_names_no_environment() -> None:
    assert readiness.environment_name("jobs: [unclosed\n") is None
