"""election.yaml's `community.mark` and `community.accent`: the site's name mark and accent colour. An
accent too light to read on the white page (below WCAG 2.2 AA's 4.5:1) and a mark path that could leave
the repository are refused at validate time, with the line and what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config.colours import AA_TEXT, accent_problem, contrast
from bot.config.loading import load_election

SAMPLE = Path(__file__).resolve().parents[2] / "nominations" / "sample-2026" / "election.yaml"
PATH = "nominations/sample-2026/election.yaml"


def with_look(accent: str, mark: str = "nominations/sample-2026/mark.svg") -> bytes:
    text = SAMPLE.read_text(encoding="utf-8")
    text = text.replace('  accent: "#1d5f3a"', f'  accent: "{accent}"').replace(
        "  mark: nominations/sample-2026/mark.svg", f"  mark: {mark}"
    )
    return text.encode()


def test_the_contrast_is_wcags() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the lightest AA grey
    assert contrast("#777777", "#ffffff") < AA_TEXT


def test_the_samples_look_is_accepted() -> None:
    loaded = load_election(SAMPLE.read_bytes(), PATH, "sample-2026")
    assert loaded.election is not None and not loaded.findings
    assert loaded.election.community.accent == "#1d5f3a"
    assert loaded.election.community.mark == "nominations/sample-2026/mark.svg"


@pytest.mark.parametrize("accent", ["#ffcc00", "#777777", "#ffffff"])
def test_an_accent_below_aa_is_refused_with_its_contrast(accent: str) -> None:
    loaded = load_election(with_look(accent), PATH, "sample-2026")
    assert loaded.election is None
    [finding] = loaded.findings
    assert finding.line is not None and "community.accent" in finding.message
    assert f"{accent} has a contrast of" in finding.message and "4.5:1" in finding.message
    assert "darker" in finding.message


def test_an_accent_that_is_not_a_colour_is_refused() -> None:
    assert accent_problem("red") == "'red' is not a colour written as #rrggbb (e.g. #0b4fa8)"
    assert accent_problem("#767676") is None


@pytest.mark.parametrize(
    "mark", ["../mark.svg", "/etc/mark.png", "a/../../mark.svg", ".git/mark.svg", "mark.gif"]
)
def test_a_mark_outside_the_repository_or_not_an_image_is_refused(mark: str) -> None:
    loaded = load_election(with_look("#1d5f3a", mark), PATH, "sample-2026")
    assert loaded.election is None
    [finding] = loaded.findings
    assert "community.mark" in finding.message and "site/mark.svg" in finding.message
