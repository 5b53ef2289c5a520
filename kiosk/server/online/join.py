"""The participant's Join page (``/online/join``): the lobby (camera and microphone check, place in the queue) and
the call with the officer, in the browser. Everything runs in the page's own scripts (static/join.js,
static/call.js, strings in static/join_strings.js); the page talks to the hub's signaling WebSocket and REST API
with the participant's ``kiosk_online`` cookie. A strict Content-Security-Policy: only the hub's own scripts,
styles and connections; no inline code.

``/online/join/qr.svg?text=...`` draws a claim reference as a QR code (segno, SVG): the end screen shows it.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import segno
from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response

_HERE = Path(__file__).resolve().parent
STATIC_DIR = _HERE / "static"

#: The page may run and load only what the hub serves; media from the camera and the call are blob/MediaStream.
JOIN_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
_PAGE_HEADERS = {
    "Content-Security-Policy": JOIN_CSP,
    "Cache-Control": "no-store",
    # The camera and microphone for this page only; nothing else.
    "Permissions-Policy": "camera=(self), microphone=(self), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
#: The Join page's files (a fixed list: nothing else of the file system is reachable). The online pages' shared
#: stylesheet is served by `routes.static` (/online/static/online.css).
_STATIC_FILES = {
    "join.js": "text/javascript; charset=utf-8",
    "call.js": "text/javascript; charset=utf-8",
    "join_strings.js": "text/javascript; charset=utf-8",
    "call.css": "text/css; charset=utf-8",
}
_REFERENCE = re.compile(r"^[A-Za-z0-9/._-]{1,64}$")

router = APIRouter(prefix="/online", include_in_schema=False)


@router.get("/join")
async def join_page(request: Request) -> Response:
    """The lobby and the call (one page: a reload rejoins the same visit)."""
    del request
    return FileResponse(STATIC_DIR / "join.html", media_type="text/html; charset=utf-8", headers=_PAGE_HEADERS)


@router.get("/join/static/{name}")
async def join_static(name: str) -> Response:
    """The page's scripts and styles."""
    if name not in _STATIC_FILES:
        return Response(status_code=404)
    return FileResponse(STATIC_DIR / name, media_type=_STATIC_FILES[name], headers={"Cache-Control": "no-cache"})


@router.get("/join/qr.svg")
async def reference_qr(text: str = "") -> Response:
    """A claim reference as a QR code (SVG); only reference-like text is drawn."""
    if not _REFERENCE.match(text):
        return Response(status_code=422)
    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="svg", scale=6, border=2, dark="#111", light="#fff")
    return Response(out.getvalue(), media_type="image/svg+xml", headers={"Cache-Control": "no-store"})
