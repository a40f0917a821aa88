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


# Recorded from api.github.com (PyGithub's replay data, tests/ReplayData/
# Repository.testCollaboratorPermissionNoPushAccess.txt; see tests/fakehub/recorded/PROVENANCE.md): the
# collaborator-permission API asks the *caller* for push access, and answers anyone else this.
NO_PUSH_ACCESS_FOR_PERMISSION: Final = "Must have push access to view collaborator permission."
# What the contents API answers for a file over 1 MB in its default media type (only the `raw` and
# `object` media types serve 1-100 MB), as GitHub sends it (tests/fakehub/recorded/PROVENANCE.md).
BLOB_TOO_LARGE: Final = (
    "This API returns blobs up to 1 MB in size. The requested blob is too large to fetch via the API, "
    "but you can use the Git Data API to request blobs up to 100 MB in size."
)


def no_push_access_for_permission() -> ApiError:
    return ApiError(
        403,
        NO_PUSH_ACCESS_FOR_PERMISSION,
        documentation_url=f"{DOCS}/collaborators/collaborators#get-repository-permissions-for-a-user",
    )


def blob_too_large() -> ApiError:
    return ApiError(
        403,
        BLOB_TOO_LARGE,
        errors=[{"resource": "Blob", "field": "data", "code": "too_large"}],
        documentation_url=f"{DOCS}/repos/contents#get-repository-content",
    )


def forbidden_for_integration() -> ApiError:
    """What an installation token (GITHUB_TOKEN) gets when it lacks a permission."""
    return ApiError(403, "Resource not accessible by integration")
