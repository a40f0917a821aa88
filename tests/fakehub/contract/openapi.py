"""Validate JSON against GitHub's OpenAPI description (a copy in ./data, see PROVENANCE.md).

Missing required fields are reported separately from every other violation, so a test can list the fields
the stand-in deliberately omits and have that list checked exactly.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from openapi_schema_validator import OAS30Validator, oas30_format_checker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

DATA = Path(__file__).parent / "data"
URN = "urn:gh"

# Error statuses an operation does not list are checked against GitHub's shared error responses.
SHARED_ERRORS = {
    400: "bad_request",
    401: "requires_authentication",
    403: "forbidden",
    404: "not_found",
    422: "validation_failed",
}


@cache
def spec() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((DATA / "api.github.com.subset.json").read_text(encoding="utf-8"))
    return loaded


@cache
def registry() -> Registry[Any]:
    loaded: Registry[Any] = Registry().with_resource(
        URN, Resource.from_contents(spec(), default_specification=DRAFT4)
    )
    return loaded


def _escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


def response_schema(path: str, method: str, status: int) -> dict[str, Any]:
    """A `$ref` to the JSON schema of `method path` answering `status` in the description."""
    operation = spec()["paths"][path][method.lower()]
    responses = operation["responses"]
    if str(status) in responses:
        response = responses[str(status)]
        pointer = f"/paths/{_escape(path)}/{method.lower()}/responses/{status}"
        if "$ref" in response:
            pointer = response["$ref"].removeprefix("#")
            response = spec()["components"]["responses"][pointer.rsplit("/", 1)[1]]
        if "content" not in response:
            raise KeyError(f"{method} {path} {status} has no body in the description")
        return {"$ref": f"{URN}#{pointer}/content/{_escape('application/json')}/schema"}
    if status in SHARED_ERRORS:
        return shared_error(status)
    raise KeyError(f"{method} {path} does not describe status {status}")


def shared_error(status: int) -> dict[str, Any]:
    name = SHARED_ERRORS[status]
    return {"$ref": f"{URN}#/components/responses/{name}/content/{_escape('application/json')}/schema"}


def component(name: str) -> dict[str, Any]:
    spec()["components"]["schemas"][name]  # KeyError early if the cut lacks it
    return {"$ref": f"{URN}#/components/schemas/{name}"}


def _where(path: Any) -> str:
    return ".".join("[]" if isinstance(p, int) else str(p) for p in path)


def violations(instance: Any, schema: dict[str, Any]) -> tuple[set[str], set[str], list[str]]:
    """Sort what the validator finds into (missing required fields, nulls the description does not allow,
    everything else); locations are dotted paths with [] for list items.

    One rule is relaxed: a null where the schema says `nullable: true` but lists an `enum` without null
    (check-run `conclusion`, issue `state_reason`). The strict OpenAPI 3.0.3 reading rejects it, yet it is
    what GitHub sends and what GitHub's own examples in this description show (`"conclusion": null`).
    """
    validator = OAS30Validator(schema, registry=registry(), format_checker=oas30_format_checker)
    missing: set[str] = set()
    nulls: set[str] = set()
    other: list[str] = []
    for error in validator.iter_errors(instance):
        where = _where(error.absolute_path)
        if error.validator == "required":
            present = error.instance if isinstance(error.instance, dict) else {}
            missing.update(
                f"{where}.{name}" if where else str(name)
                for name in error.validator_value
                if name not in present
            )
        elif error.instance is None and error.validator == "enum" and error.schema.get("nullable") is True:
            continue
        elif error.instance is None and error.validator in ("type", "nullable"):
            nulls.add(where)
        else:
            other.append(f"{where or '<root>'}: {error.message}")
    return missing, nulls, other


def assert_conforms(
    instance: Any,
    schema: dict[str, Any],
    *,
    omitted: frozenset[str] = frozenset(),
    nulls: frozenset[str] = frozenset(),
) -> None:
    """Valid, except exactly the listed `omitted` required fields and exactly the listed `nulls`.

    Both lists are exact: an omitted field that is present, or a listed null that is not null, fails too,
    so the lists stay true as the stand-in grows.
    """
    missing, found_nulls, other = violations(instance, schema)
    assert other == [], "\n".join(other)
    assert missing == set(omitted), (
        f"required fields missing but not listed: {sorted(missing - omitted)}; "
        f"listed as omitted but present: {sorted(omitted - missing)}"
    )
    assert found_nulls == set(nulls), (
        f"nulls the description forbids, not listed: {sorted(found_nulls - nulls)}; "
        f"listed but not null: {sorted(nulls - found_nulls)}"
    )
