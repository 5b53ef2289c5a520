"""Refuse control characters in a request's path and query string before any route sees them.

Bodies are checked by the request models (`kiosk.protocol.rest`); path and query parameters are plain strings
that went straight into queries, and PostgreSQL answers a NUL in text with an error that was a 500. One
middleware covers every route, the ones added later included.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote_plus

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from kiosk.protocol.base import has_control_chars


def has_control_chars_in_url(scope: Scope) -> bool:
    """True when the decoded path or query string of an HTTP request holds a control character."""
    path = scope.get("path", "")
    query = unquote_plus(scope.get("query_string", b"").decode("ascii", "replace"), errors="replace")
    return has_control_chars(path) or has_control_chars(query)


class RefuseControlCharacters:
    """A plain ASGI middleware: 422 ``invalid_request`` for control characters in the path or query string."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and has_control_chars_in_url(scope):
            response = JSONResponse(
                {"error": "invalid_request", "message": "control characters are not allowed in the path or query"},
                status_code=422,
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


#: The same rule as `CONTROL_CHARS`, written for OpenAPI (ECMA-262 regular expression).
PLAIN_PARAMETER_PATTERN = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$"


def declare_plain_parameters(app: FastAPI) -> None:
    """Say in the OpenAPI schema what `RefuseControlCharacters` enforces: every string path or query parameter
    without a pattern of its own gets `PLAIN_PARAMETER_PATTERN`, so a client (or a fuzzer) reading the schema
    knows that a control character is refused with 422 rather than accepted."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = build()
            for operations in schema.get("paths", {}).values():
                for operation in operations.values():
                    for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                        declared = parameter.get("schema", {})
                        if parameter.get("in") in ("path", "query"):
                            for variant in declared.get("anyOf", [declared]):
                                if variant.get("type") == "string" and "pattern" not in variant:
                                    variant["pattern"] = PLAIN_PARAMETER_PATTERN
        return app.openapi_schema or build()

    app.openapi = openapi  # type: ignore[method-assign]
