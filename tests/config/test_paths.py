"""Which election a path or a pull request belongs to: one reading, in bot/config/paths.py."""

from __future__ import annotations

from collections.abc import Iterator

from bot.config.paths import election_of_path, election_of_pull


def test_a_path_belongs_to_the_folder_under_nominations() -> None:
    assert election_of_path("nominations/board-2026/ada.md") == "board-2026"
    for other in ("nominations/ada.md", "nominations/board-2026/x/ada.md", "docs/board-2026/ada.md", ""):
        assert election_of_path(other) == "", other


def test_a_pull_request_belongs_to_the_only_election_a_label_or_its_folder() -> None:
    known = ("board-2026", "council-2026")
    read: list[str] = []

    def files() -> Iterator[str]:
        read.append("listed")
        yield from ("README.md", "nominations/council-2026/ada.md")

    assert election_of_pull([], ("board-2026",), files()) == "board-2026"
    assert election_of_pull(["nomination", "election:council-2026"], known, files()) == "council-2026"
    assert election_of_pull(["board-2026"], known, files()) == "board-2026"
    assert read == []  # the files are listed only when the repository and the labels say nothing
    assert election_of_pull(["nomination"], known, files()) == "council-2026"
    assert read == ["listed"]
    assert election_of_pull([], known, iter(["nominations/other-2026/ada.md"])) is None
