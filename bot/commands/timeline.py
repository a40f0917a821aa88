"""`election-bot timeline`: each phase's start, end and state at an instant."""

from __future__ import annotations

import json
from datetime import datetime

from bot.core.models import Election
from bot.core.timeline import format_utc, timeline_at


def timeline_document(election: Election, at: datetime) -> dict[str, object]:
    return {
        "election": election.id,
        "at": format_utc(at),
        "phases": [
            {
                "id": s.phase.id,
                "title": s.phase.title,
                "start": format_utc(s.phase.start),
                "end": format_utc(s.phase.end),
                "state": s.state.value,
            }
            for s in timeline_at(election, at)
        ],
    }


def format_timeline(election: Election, at: datetime, output: str) -> str:
    document = timeline_document(election, at)
    if output == "json":
        return json.dumps(document, indent=2)
    rows = [f"{election.title} ({election.id}) at {document['at']}"]
    phases = document["phases"]
    assert isinstance(phases, list)
    width = max(len(str(p["id"])) for p in phases)
    for p in phases:
        rows.append(f"  {p['id']:<{width}}  {p['start']} → {p['end']}  {p['state']}")
    return "\n".join(rows)
