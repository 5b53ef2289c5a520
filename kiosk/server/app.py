"""The hub's FastAPI application factory.

    app = create_app(settings)                 # migrates the database (SQLite file by default) on start-up
    app = create_app(settings, database=db)    # tests: a Database bound to a rolled-back transaction

Nothing is created at import time. Routes live under ``/api/v1``; ``/healthz``, ``/metrics`` and
``/openapi.json`` need no token.
"""

from __future__ import annotations

import asyncio
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
from kiosk.server import dashboard, online
from kiosk.server.api import (
    audit,
    auth,
    bookings,
    booths,
    claims,
    collective,
    collective_branch,
    documents,
    evidence,
    ice,
    online_booking,
    online_visit,
    visits,
)
from kiosk.server.collective import pages as collective_pages
from kiosk.server.content import check_document
from kiosk.server.context import HubContext, utc_now
from kiosk.server.db import Database
from kiosk.server.errors import install_error_handlers
from kiosk.server.guard import BodyGuard
from kiosk.server.headers import SecurityHeaders
from kiosk.server.inputs import RefuseControlCharacters, declare_plain_parameters
from kiosk.server.metrics import Metrics
from kiosk.server.migrate import upgrade
from kiosk.server.online import join as online_join
from kiosk.server.responses import COMMON, error_responses
from kiosk.server.services.audit import checkpoint_every, install_keys
from kiosk.server.signaling import SignalingHub
from kiosk.server.storage import open_stores
from kiosk.server.uploads import document_upload_forms

API_PREFIX = "/api/v1"


class LimitsAndMetrics:
    """Count and time every HTTP request per route (body limits and early refusals: kiosk.server.guard).

    A plain ASGI middleware: Starlette's BaseHTTPMiddleware costs a task and a stream copy per request.
    """

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
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
    db = database or Database.from_url(settings.database_url(), busy_timeout_s=settings.server.db_busy_timeout_s)
    if migrate and owns_db:
        upgrade(db.engine)
    stores = open_stores(settings, verify=check_document)
    ctx = HubContext(
        settings=settings,
        db=db,
        store=stores.documents,
        metrics=Metrics(),
        clock=clock or utc_now,
        recording_store=stores.recordings,
    )
    signaling = SignalingHub(ctx)  # subscribes to ctx.events and becomes ctx.presence

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Audit events are signed from here on (a first start creates the key and anchors the older events).
        await asyncio.to_thread(install_keys, db, settings, ctx.now())
        signaling.start()
        if settings.server.cluster_url:
            await signaling.join_cluster(settings.server.cluster_url, settings.server.cluster_lease_s)
        checkpoints = asyncio.create_task(checkpoint_every(db, settings.server.audit_checkpoint_interval_s, ctx.now))
        try:
            yield
        finally:
            checkpoints.cancel()
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
    app.state.signaling = signaling  # `kiosk server` closes its sockets before uvicorn does (1001, not 1012)
    install_error_handlers(app)
    document_upload_forms(app)
    declare_plain_parameters(app)

    # The last added is the outermost: headers on every answer, metrics of every answer, then the body guard.
    app.add_middleware(BodyGuard, hub=ctx)
    app.add_middleware(LimitsAndMetrics, metrics=ctx.metrics)
    app.add_middleware(SecurityHeaders)

    app.add_middleware(RefuseControlCharacters)  # added last, so outermost: before anything reads the request

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
    api.include_router(ice.router)
    api.include_router(online_booking.router)
    api.include_router(online_visit.router)
    api.include_router(collective.router)
    api.include_router(collective_branch.router)

    @api.websocket("/ws")
    async def signaling_ws(websocket: WebSocket) -> None:
        """The signaling WebSocket (see kiosk.server.signaling and docs/protocol.md)."""
        await signaling.serve(websocket)

    app.include_router(api)
    app.include_router(dashboard.router)
    app.include_router(online.router)
    app.include_router(online_join.router)  # the online participant's Join page (lobby and call)
    app.include_router(collective_pages.router)

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
