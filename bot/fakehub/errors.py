"""GitHub's error responses, raised anywhere in a handler and turned into JSON by the server."""

from __future__ import annotations

from typing import Any, Final

DOCS: Final = "https://docs.github.com/rest"


class ApiError(Exception):
    """A GitHub error response: `{"message", "documentation_url", "status"[, "errors"]}`."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        errors: list[dict[str, Any]] | None = None,
        documentation_url: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(f"{status} {message}")
        self.status = status
        self.message = message
        self.errors = errors
        self.documentation_url = documentation_url
        self.headers = headers or {}

    def body(self, default_docs: str = DOCS) -> dict[str, Any]:
        out: dict[str, Any] = {"message": self.message}
        if self.errors is not None:
            out["errors"] = self.errors
        out["documentation_url"] = self.documentation_url or default_docs
        out["status"] = str(self.status)
        return out


def not_found() -> ApiError:
    return ApiError(404, "Not Found")


def validation_failed(
    resource: str, field: str, code: str = "missing_field", message: str | None = None
) -> ApiError:
    """422 with one entry in `errors`, shaped like GitHub's."""
    error: dict[str, Any] = {"resource": resource, "code": code, "field": field}
    if message is not None:
        error["message"] = message
    return ApiError(422, "Validation Failed", errors=[error])


def forbidden_for_integration() -> ApiError:
    """What an installation token (GITHUB_TOKEN) gets when it lacks a permission."""
    return ApiError(403, "Resource not accessible by integration")
