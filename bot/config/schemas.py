"""JSON Schemas generated from the models, so editors validate election.yaml as people type."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from bot.config.models import Election, Nomination

SCHEMAS: dict[str, type[BaseModel]] = {
    "election.schema.json": Election,
    "nomination.schema.json": Nomination,
}


def render_schema(model: type[BaseModel], name: str) -> str:
    schema = model.model_json_schema()
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
    }
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_schemas(folder: Path, *, check: bool = False) -> list[str]:
    """Write (or with `check`, only compare) every schema; returns the names that were stale."""
    stale = []
    for name, model in SCHEMAS.items():
        target = folder / name
        text = render_schema(model, name)
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current != text:
            stale.append(name)
            if not check:
                folder.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
    return stale
