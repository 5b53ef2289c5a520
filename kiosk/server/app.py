"""The hub's FastAPI application factory.

    app = create_app(settings)                 # migrates the database (SQLite file by default) on start-up
    app = create_app(settings, database=db)    # tests: a Database bound to a rolled-back transaction

Nothing is created at import time. Routes live under ``/api/v1``; ``/healthz``, ``/metrics`` and
``/openapi.json`` need no token.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime

from fastapi import APIRouter, FastAPI, Response, WebSocket
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kiosk import __version__
from kiosk.config import Settings
from kiosk.protocol.rest import Health
from kiosk.server import dashboard
from kiosk.server.api import audit, auth, bookings, booths, claims, documents, evidence, visits
from kiosk.server.context import HubContext, utc_now
from kiosk.server.db import Database
from kiosk.server.errors import install_error_handlers
from kiosk.server.metrics import Metrics
from kiosk.server.migrate import upgrade
from kiosk.server.responses import COMMON, error_responses
from kiosk.server.signaling import SignalingHub
from kiosk.server.storage import DocumentStore

API_PREFIX = "/api/v1"

#: Multipart overhead allowed above the document size limit before a request is refused unread.
_UPLOAD_SLACK = 64 * 1024

class LimitsAndMetrics:
    """Refuse oversized bodies before they are read; count and time every HTTP request per route.

    A plain ASGI middleware: Starlette's BaseHTTPMiddleware costs a task and a stream copy per request.
    """

    def __init__(self, app: ASGIApp, metrics: Metrics, max_body: int, max_recording_body: int | None = None) -> None:
        self.app = app
        self.metrics = metrics
        self.max_body = max_body
        # Session recordings are far bigger than documents; only their upload route gets the larger limit.
        self.max_recording_body = max(max_body, max_recording_body or 0)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_body
        if scope.get("method") == "POST" and str(scope.get("path", "")).endswith("/recording"):
            limit = self.max_recording_body
        for name, value in scope.get("headers", ()):
            if name == b"content-length" and (not value.isdigit() or int(value) > limit):
                response = JSONResponse(
                    {"error": "too_large", "message": f"requests are limited to {limit} bytes"},
                    status_code=413,
                )
                await response(scope, receive, send)
                return
        started = time.perf_counter()
        status = 500

        async def send_and_watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_watch)
        finally:
            path = getattr(scope.get("route"), "path", "unmatched")
            # Routes of included routers may report their path without the prefix; label them with the full one.
            url_path = scope.get("path", "")
            if url_path.startswith(API_PREFIX) and path.startswith("/") and not path.startswith(API_PREFIX):
                path = API_PREFIX + path
            method = scope.get("method", "")
            self.metrics.http_requests.labels(method, path, str(status)).inc()
            self.metrics.http_latency.labels(method, path).observe(time.perf_counter() - started)


def create_app(
    settings: Settings,
    *,
    database: Database | None = None,
    clock: Callable[[], datetime] | None = None,
    migrate: bool = True,
) -> FastAPI:
    """Build a hub app. Without `database`, one is opened from ``settings.database_url()`` (and closed on stop)."""
    owns_db = database is None
    db = database or Database.from_url(settings.database_url())
    if migrate and owns_db:
        upgrade(db.engine)
    ctx = HubContext(
        settings=settings,
        db=db,
        store=DocumentStore(settings.server_data_dir() / "documents"),
        metrics=Metrics(),
        clock=clock or utc_now,
    )
    signaling = SignalingHub(ctx)  # subscribes to ctx.events and becomes ctx.presence

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        signaling.start()
        try:
            yield
        finally:
            await signaling.stop()
            if owns_db:
                db.dispose()

    app = FastAPI(
        title="kiosk hub",
        version=__version__,
        description="REST API and signaling of a branch hub. See docs/protocol.md.",
        lifespan=lifespan,
        responses=error_responses(COMMON),
    )
    app.state.hub = ctx
    install_error_handlers(app)

    max_body = settings.server.max_document_bytes + _UPLOAD_SLACK

    app.add_middleware(
        LimitsAndMetrics,
        metrics=ctx.metrics,
        max_body=max_body,
        max_recording_body=settings.server.max_recording_bytes + _UPLOAD_SLACK,
    )

    api = APIRouter(prefix=API_PREFIX)
    api.include_router(auth.router)
    # The order of the routers is the order of the paths in the OpenAPI schema.
    api.include_router(booths.router)
    api.include_router(bookings.router)
    api.include_router(visits.router)
    api.include_router(documents.router)
    api.include_router(claims.router)
    api.include_router(audit.router)
    api.include_router(evidence.router)

    @api.websocket("/ws")
    async def signaling_ws(websocket: WebSocket) -> None:
        """The signaling WebSocket (see kiosk.server.signaling and docs/protocol.md)."""
        await signaling.serve(websocket)

    app.include_router(api)
    app.include_router(dashboard.router)

    @app.get("/healthz", response_model=Health, tags=["system"], responses={503: {"model": Health}})
    def healthz() -> JSONResponse:
        """Whether the hub answers and reaches its database, and its version."""
        ok = db.ping()
        body = Health(
            status="ok" if ok else "degraded",
            version=__version__,
            database="ok" if ok else "unreachable",
            backend=db.dialect,
        )
        return JSONResponse(body.model_dump(), status_code=200 if ok else 503)

    @app.get("/metrics", tags=["system"], response_class=Response)
    def metrics() -> Response:
        """Prometheus metrics (no personal data)."""
        return Response(generate_latest(ctx.metrics.registry), media_type=CONTENT_TYPE_LATEST)

    return app
