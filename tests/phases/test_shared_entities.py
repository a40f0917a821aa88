"""The candidate list tells voters where PEP 772's employer cap will bite (a notice, never a block)."""

from __future__ import annotations

from tests.helpers.sync_site import Site


def test_candidate_list_names_an_entity_shared_beyond_the_cap(site: Site) -> None:
    site.nominate("ada", employer="Example Corp")
    site.nominate("bo", employer="Example Corporation")  # the same entity after normalisation
    site.nominate("cy", employer="EXAMPLE CORP.")
    site.nominate("dee", employer="Other Org")
    assert site.sync("2026-08-13T14:00:00Z") == 0

    body = site.issue_for("candidates").body or ""
    assert "**Shared affiliations.** PEP 772 lets at most 2 council members" in body
    assert "- Example Corp: `ada`, `bo`, `cy`" in body
    assert "Other Org:" not in body
    assert body.index("Shared affiliations") < body.index("| Candidate | Affiliations |")


def test_no_notice_at_the_cap(site: Site) -> None:
    site.nominate("ada", employer="Example Corp")
    site.nominate("bo", employer="Example Corp")
    assert site.sync("2026-08-13T14:00:00Z") == 0
    assert "Shared affiliations" not in (site.issue_for("candidates").body or "")
