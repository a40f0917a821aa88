"""Front matter splitting and the nomination loader: never raises, always locates."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.config.loading import load_election, load_nomination, split_front_matter

PATH = "nominations/corpus-2026/janedoe.md"


def test_split() -> None:
    assert split_front_matter("---\na: 1\n---\nbody\n") == ("a: 1", "body\n", 4)
    assert split_front_matter("---\na: 1\n...\nbody") == ("a: 1", "body", 4)
    assert split_front_matter("a: 1\n---\n") == "NOM001"
    assert split_front_matter("---\na: 1\n") == "NOM002"


def test_statement_line_is_after_front_matter() -> None:
    loaded = load_nomination(b"---\nname: X\n---\nline four\n", PATH)
    assert loaded.statement_line == 4
    assert loaded.statement == "line four\n"


def test_crlf_and_bom_do_not_shift_lines() -> None:
    loaded = load_nomination("\ufeff---\r\nname: X\r\nbogus: 1\r\n---\r\nbody".encode(), PATH)
    bogus = [f for f in loaded.findings if f.code == "NOM003"]
    assert [f.line for f in bogus] == [3]


def test_size_limit_is_checked_before_decoding() -> None:
    loaded = load_nomination(b"\xff" * 5000, PATH, max_bytes=4096)
    assert [f.code for f in loaded.findings] == ["FILE002"]


def test_did_you_mean() -> None:
    loaded = load_nomination(b"---\nnmae: X\n---\nx", PATH)
    unknown = next(f for f in loaded.findings if f.code == "NOM003")
    assert "did you mean `name`" in unknown.message


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=400))
def test_loader_never_raises_on_bytes(data: bytes) -> None:
    loaded = load_nomination(data, PATH)
    assert all(f.path == PATH for f in loaded.findings)
    assert loaded.nomination is None or not any(f.is_error for f in loaded.findings)


FRONT = st.text(max_size=200).map(lambda body: f"---\n{body}\n---\nstatement words here")


@settings(max_examples=500, deadline=None)
@given(FRONT)
def test_loader_never_raises_on_front_matter_text(text: str) -> None:
    loaded = load_nomination(text.encode("utf-8", "surrogatepass"), PATH)
    for finding in loaded.findings:
        assert finding.message
        assert finding.line is None or finding.line >= 1


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_election_loader_never_raises(text: str) -> None:
    loaded = load_election(text.encode("utf-8", "surrogatepass"), "election.yaml", "x")
    assert loaded.election is None or not loaded.findings
