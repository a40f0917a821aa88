"""What a handler sees and returns, plus the parsing and pagination rules GitHub applies everywhere."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import urlencode

from election_bot_demo.fakehub.errors import ApiError, validation_failed
from election_bot_demo.fakehub.serialise import Json, Urls
from election_bot_demo.fakehub.state import Actor, HubState

T = TypeVar("T")

DEFAULT_PER_PAGE = 30
MAX_PER_PAGE = 100


@dataclass
class Request:
    method: str
    path: str  # normalised: no query, no /api/v3 prefix
    params: dict[str, str]  # decoded path parameters
    query: dict[str, list[str]]
    body: Any
    actor: Actor
    urls: Urls
    state: HubState
    rate: tuple[int, int, int] = (5000, 5000, 0)  # limit, remaining, reset epoch for this actor
    accept: str = ""  # the Accept header (media type), lower-cased

    def arg(self, name: str, default: str | None = None) -> str | None:
        values = self.query.get(name)
        return values[-1] if values else default

    def int_param(self, name: str) -> int:
        try:
            return int(self.params[name])
        except ValueError:
            raise ApiError(404, "Not Found") from None

    def field(self, name: str, kind: type[T], *, resource: str, required: bool = False) -> T | None:
        """A JSON body field of the given type; GitHub answers 422 for wrong types and missing fields."""
        body = self.body if isinstance(self.body, dict) else {}
        if name not in body or body[name] is None:
            if required:
                raise validation_failed(resource, name)
            return None
        value = body[name]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise ApiError(
                422,
                f"Invalid request.\n\nFor '{name}', {json_repr(value)} is not a {kind.__name__}.",
            )
        return value

    def required(self, name: str, kind: type[T], *, resource: str) -> T:
        value = self.field(name, kind, resource=resource, required=True)
        if value is None:  # pragma: no cover - field() raised already
            raise validation_failed(resource, name)
        return value

    def has(self, name: str) -> bool:
        return isinstance(self.body, dict) and name in self.body


def json_repr(value: object) -> str:
    return json.dumps(value)


@dataclass
class Response:
    status: int
    body: Any = None  # JSON-able; None sends no body (204)
    headers: dict[str, str] = field(default_factory=dict)


def parse_time(value: str, name: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ApiError(422, f"Invalid value for `{name}`: {value}") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def paginate(
    req: Request, items: Sequence[T], render: Callable[[T], Json], *, limit: int | None = None
) -> Response:
    """One page of `items` with GitHub's Link header (first/prev/next/last), honouring per_page and page."""
    try:
        per_page = int(req.arg("per_page") or DEFAULT_PER_PAGE)
    except ValueError:
        per_page = DEFAULT_PER_PAGE
    per_page = DEFAULT_PER_PAGE if per_page < 1 else min(per_page, MAX_PER_PAGE)
    try:
        page = max(int(req.arg("page") or 1), 1)
    except ValueError:
        page = 1
    if limit is not None:
        items = items[:limit]
    last = max((len(items) + per_page - 1) // per_page, 1)
    chunk = items[(page - 1) * per_page : page * per_page]

    def link(n: int) -> str:
        query = {k: v[-1] for k, v in req.query.items() if k not in ("page", "per_page")}
        query.update({"per_page": str(per_page), "page": str(n)})
        return f"<{req.urls.api}{req.path}?{urlencode(query)}>"

    links: list[str] = []
    if page > 1:
        links.append(f'{link(min(page - 1, last))}; rel="prev"')
    if page < last:
        links.append(f'{link(page + 1)}; rel="next"')
        links.append(f'{link(last)}; rel="last"')
    if page > 1:
        links.append(f'{link(1)}; rel="first"')
    headers = {"Link": ", ".join(links)} if links else {}
    return Response(200, [render(item) for item in chunk], headers)
