"""Every error the hub returns is JSON ``{"error": code, "message": text}`` with the right HTTP status.

Routes raise `ApiError` (or one of its shortcuts); the handlers registered by `install_error_handlers` turn it,
FastAPI's validation errors, Starlette's HTTP errors (unknown path, wrong method) and, as a last resort, any
other exception into that shape. Extra fields (``findings`` of a refused claim, ``resets_at`` of a full quota)
sit beside ``error`` and ``message``.
"""

from __future__ import annotations

import logging
import re
import traceback
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from kiosk.domain.identifiers import InvalidIdentifier
from kiosk.server.db import DatabaseBusy

log = logging.getLogger(__name__)


class ApiError(Exception):
    """An error with an HTTP status, a stable code and a human message (plus optional extra fields)."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
        self.extra = extra

    def body(self) -> dict[str, Any]:
        """The JSON body."""
        return {"error": self.code, "message": self.message, **self.extra}


def bad_request(code: str, message: str, **extra: Any) -> ApiError:
    """400."""
    return ApiError(400, code, message, **extra)


def unauthorized(message: str = "a valid bearer token is required") -> ApiError:
    """401, with the header that says how to authenticate."""
    return ApiError(401, "unauthorized", message, headers={"WWW-Authenticate": "Bearer"})


def forbidden(message: str) -> ApiError:
    """403."""
    return ApiError(403, "forbidden", message)


def not_found(what: str) -> ApiError:
    """404 naming the kind of thing that was not found."""
    return ApiError(404, "not_found", f"{what} not found")


def conflict(code: str, message: str, **extra: Any) -> ApiError:
    """409."""
    return ApiError(409, code, message, **extra)


def unprocessable(code: str, message: str, **extra: Any) -> ApiError:
    """422."""
    return ApiError(422, code, message, **extra)


#: Default codes for plain HTTP errors raised by Starlette or FastAPI themselves.
_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    429: "too_many_requests",
}


def identifier_error(exc: InvalidIdentifier) -> ApiError:
    """422 for a malformed NIK/KPJ/NPWP/phone/account, with the domain's code and English message."""
    return unprocessable(f"invalid_{exc.kind.value}", exc.message_en, message_id=exc.message_id)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors()[:5]:
        where = ".".join(str(p) for p in error.get("loc", ()) if p != "body") or "request"
        parts.append(f"{where}: {error.get('msg', 'invalid')}")
    return "; ".join(parts) or "the request is not valid"


def _allowed_methods(request: Request) -> str:
    """The methods of every route serving this path: Starlette's 405 names only the first route's, so a path
    served by two routes (GET and POST of ``/sessions/{id}/documents``) would hide the other's method."""
    methods: set[str] = set()
    # The schema lists every HTTP route with its methods (FastAPI nests included routers, so walking the routes
    # would need its internals); it is built once and cached by the app.
    for template, operations in request.app.openapi().get("paths", {}).items():
        if re.fullmatch(re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)), request.url.path):
            methods.update(method.upper() for method in operations)
    return ", ".join(sorted(methods))


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers that give every error the JSON shape."""

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(exc.body(), status_code=exc.status, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"error": "invalid_request", "message": _validation_message(exc)}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        headers = getattr(exc, "headers", None)
        if exc.status_code == 405:
            headers = {**(headers or {}), "Allow": _allowed_methods(request)}
        return JSONResponse({"error": code, "message": message}, status_code=exc.status_code, headers=headers)

    @app.exception_handler(OperationalError)
    async def _database(_request: Request, exc: OperationalError) -> JSONResponse:
        # A locked or unreachable database is a temporary condition: the client may retry.
        log.warning("database error: %s", type(exc.orig).__name__ if exc.orig else "unknown")
        return JSONResponse(
            {"error": "database_unavailable", "message": "the database is busy or unreachable; retry shortly"},
            status_code=503,
            headers={"Retry-After": "1"},
        )

    @app.exception_handler(DatabaseBusy)
    async def _busy(_request: Request, _exc: DatabaseBusy) -> JSONResponse:
        # The hub's own lock in front of a busy database timed out: the same answer as a locked database.
        log.warning("database busy past server.db_busy_timeout_s")
        return JSONResponse(
            {"error": "database_unavailable", "message": "the database is busy or unreachable; retry shortly"},
            status_code=503,
            headers={"Retry-After": "1"},
        )

    @app.exception_handler(DataError)
    async def _data(_request: Request, exc: DataError) -> JSONResponse:
        # A value the database refuses (PostgreSQL: NUL in text, a number out of range) that no model caught:
        # bad input, not a server fault. The edge refuses control characters; this is the safety net.
        log.warning("database refused a value: %s", type(exc.orig).__name__ if exc.orig else "unknown")
        return JSONResponse({"error": "invalid_request", "message": "a value is not accepted"}, status_code=422)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # Log where it happened but not the exception's text: a database error's text quotes the statement's
        # parameters, which may be a NIK or an account number.
        frames = "".join(traceback.format_tb(exc.__traceback__))
        log.error("unexpected %s on %s %s\n%s", type(exc).__name__, request.method, request.url.path, frames)
        return JSONResponse({"error": "internal_error", "message": "unexpected server error"}, status_code=500)
