"""The safe YAML reader: plain data with lines, and refusals before anything is constructed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.config import yamlsafe


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1", {"a": 1}),
        ("a: true\nb: False\nc: ~\nd:", {"a": True, "b": False, "c": None, "d": None}),
        ("a: yes\nb: no\nc: on", {"a": "yes", "b": "no", "c": "on"}),  # YAML 1.2: not booleans
        ("a: '1'\nb: \"true\"", {"a": "1", "b": "true"}),  # quoted scalars stay strings
        ("a: 1.5\nb: 0x1F\nc: 007", {"a": 1.5, "b": 31, "c": 7}),
        ("t: 2026-08-11T14:00:00Z", {"t": "2026-08-11T14:00:00Z"}),  # timestamps stay strings
        ("l: [https://x.org/a, b]", {"l": ["https://x.org/a", "b"]}),  # libyaml refuses, 1.2 accepts
        ("n: NO", {"n": "NO"}),  # the Norway problem does not exist here
        ("", None),
    ],
)
def test_plain_data(text: str, expected: object) -> None:
    assert yamlsafe.load(text).data == expected


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("a: &x 1\nb: *x", "YAML002", 1),
        ("a: 1\nb: *x", "YAML002", 2),
        ("a: !!python/object:os.system 1", "YAML003", 1),
        ("a: !custom 1", "YAML003", 1),
        ("a: !!map {}", "YAML003", 1),
        ("a: 1\nb: 2\na: 3", "YAML004", 3),
        ("? [1, 2]\n: x", "YAML008", 1),
        ("? {a: 1}\n: x", "YAML008", 1),
        ("a: " + "[" * 20 + "]" * 20, "YAML006", 1),
        ("a: [1, 2", "YAML001", 1),
        ("a: b: c", "YAML001", 1),
        ("a: 1\n---\nb: 2", "YAML005", 2),
    ],
)
def test_refusals(text: str, code: str, line: int) -> None:
    with pytest.raises(yamlsafe.RefusedError) as refused:
        yamlsafe.load(text)
    assert refused.value.problem.code == code
    assert refused.value.problem.line == line


def test_alias_refused_before_expansion() -> None:
    bomb = "a: &a [x,x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{n}: &{n} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
        for n, p in zip("bcdefghij", "abcdefghi", strict=True)
    )
    with pytest.raises(yamlsafe.RefusedError) as refused:
        yamlsafe.load(bomb)
    assert refused.value.problem.code == "YAML002"


def test_lines_and_offset() -> None:
    document = yamlsafe.load("a: 1\nb:\n  - x\n  - c: 2\n", line_offset=10)
    assert document.line_of(("a",)) == 11
    assert document.line_of(("b", 1, "c")) == 14
    assert document.line_of(("b", 7)) == 12  # a missing item points at its parent


def test_node_limit() -> None:
    with pytest.raises(yamlsafe.RefusedError) as refused:
        yamlsafe.load("a:\n" + "  - 1\n" * (yamlsafe.MAX_NODES + 1))
    assert refused.value.problem.code == "YAML007"


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_never_raises_anything_else(text: str) -> None:
    try:
        yamlsafe.load(text)
    except yamlsafe.RefusedError as refused:
        assert refused.problem.code.startswith("YAML")
        assert refused.problem.line >= 1


YAMLISH = st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!?|>'\"#\n @%`,0")), max_size=120)


@settings(max_examples=600, deadline=None)
@given(YAMLISH)
def test_yaml_shaped_noise_never_raises_anything_else(text: str) -> None:
    try:
        document = yamlsafe.load(text)
    except yamlsafe.RefusedError:
        return
    assert not _contains_non_plain(document.data)


def _contains_non_plain(value: object) -> bool:
    if isinstance(value, dict):
        return any(not isinstance(k, str) or _contains_non_plain(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_contains_non_plain(v) for v in value)
    return not isinstance(value, (str, int, float, bool, type(None)))
