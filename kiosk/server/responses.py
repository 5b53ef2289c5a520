"""The error statuses each route declares in the OpenAPI schema, built in one place from `ErrorBody`.

Every error the hub returns has the body `kiosk.protocol.rest.ErrorBody`; a route's ``responses=`` must list
every status it can answer with, or clients generated from the schema (and schemathesis' status code
conformance check) treat the answer as undocumented. `COMMON` holds the statuses any route may give (bad or
missing token, validation, a body over the size limit, a busy database); a route adds its own::

    @router.post("/booths/enroll", responses=error_responses({404: "unknown code", 429: "too many unknown codes"}))
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kiosk.protocol.rest import ErrorBody

#: What a status means when a route does not say more.
DEFAULT_DESCRIPTIONS: dict[int, str] = {
    400: "bad request",
    401: "no valid token",
    403: "not allowed for this role",
    404: "not found",
    409: "conflicts with the current state",
    410: "gone: removed after its retention period",
    413: "request body too large",
    415: "unsupported media type",
    422: "invalid input",
    429: "too many attempts (header Retry-After)",
    503: "database busy or unreachable (header Retry-After)",
    507: "not enough storage on the hub",
}

#: Statuses every route may answer with: set on the app, so each route lists only its own extras.
COMMON: tuple[int, ...] = (400, 401, 403, 404, 413, 422, 503)

#: Headers some errors carry, declared so clients (and schemathesis' header checks) know them.
_HEADERS: dict[int, dict[str, Any]] = {
    401: {"WWW-Authenticate": {"description": "how to authenticate (Bearer)", "schema": {"type": "string"}}},
    429: {"Retry-After": {"description": "seconds to wait before trying again", "schema": {"type": "string"}}},
    503: {"Retry-After": {"description": "seconds to wait before trying again", "schema": {"type": "string"}}},
}


def error_responses(statuses: Mapping[int, str | None] | tuple[int, ...]) -> dict[int | str, dict[str, Any]]:
    """FastAPI ``responses=`` entries with the `ErrorBody` model for each status (description: given or default)."""
    items = statuses.items() if isinstance(statuses, Mapping) else ((status, None) for status in statuses)
    entries: dict[int | str, dict[str, Any]] = {}
    for status, description in items:
        entry: dict[str, Any] = {"model": ErrorBody, "description": description or DEFAULT_DESCRIPTIONS[status]}
        if status in _HEADERS:
            entry["headers"] = _HEADERS[status]
        entries[status] = entry
    return entries


#: A downloaded file is saved, never rendered in the hub's origin: a browser neither sniffs nor runs anything in it.
DOWNLOAD_CSP = "default-src 'none'; sandbox"


def download_headers(filename: str) -> dict[str, str]:
    """The headers of a personal file sent for download (never cached, never sniffed, never run)."""
    return {
        "Cache-Control": "no-store",
        "Content-Disposition": f'attachment; filename="{filename}"',
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": DOWNLOAD_CSP,
    }
