"""Routes of the participant pages (see the package docstring). Nothing personal is rendered by the server: the
pages fetch the booking through the API with the cookie, so a cached or shared page shows nobody's data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates

from kiosk.server.context import HubContext
from kiosk.server.online.texts import TEXTS, texts

PREFIX = "/online"
LANG_COOKIE = "kiosk_online_lang"
_HERE = Path(__file__).parent
STATIC_DIR = _HERE / "static"
templates = Jinja2Templates(directory=str(_HERE / "templates"))

#: Only the hub's own scripts, styles and images (blob: for the photo preview); no frames, no forms elsewhere.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)
PAGE_HEADERS = {
    "Content-Security-Policy": PAGE_CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "Permissions-Policy": "geolocation=(), microphone=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
_STATIC = {
    "online.css": "text/css",
    "common.js": "text/javascript",
    "start.js": "text/javascript",
    "book.js": "text/javascript",
    "booking.js": "text/javascript",
    "prepare.js": "text/javascript",
}

router = APIRouter(prefix=PREFIX, include_in_schema=False)


def _language(request: Request) -> str:
    return "en" if request.cookies.get(LANG_COOKIE) == "en" else "id"


def _page(request: Request, name: str) -> Response:
    language = _language(request)
    hub: HubContext = request.app.state.hub
    response = templates.TemplateResponse(
        request,
        f"{name}.html",
        {"t": texts(language), "lang": language, "page": name, "kpj_length": hub.settings.server.kpj_length},
    )
    response.headers.update(PAGE_HEADERS)
    return response


@router.get("/")
async def start(request: Request) -> Response:
    """Start: book, or sign in with code and NIK."""
    return _page(request, "start")


@router.get("/book")
async def book(request: Request) -> Response:
    """Book: branch, date, slot with free places, claim type, NIK, KPJ and phone."""
    return _page(request, "book")


@router.get("/booking")
async def booking(request: Request) -> Response:
    """The booking: code, QR, calendar file, status, prepare and join, move, cancel."""
    return _page(request, "booking")


@router.get("/prepare")
async def prepare(request: Request) -> Response:
    """Consent, intake and the documents, from the phone's camera or files."""
    return _page(request, "prepare")


@router.get("/static/{name}")
async def static(name: str) -> Response:
    """The pages' stylesheet and scripts (a fixed list: nothing else of the file system is reachable)."""
    if name not in _STATIC:
        return Response(status_code=404)
    return FileResponse(STATIC_DIR / name, media_type=_STATIC[name], headers={"Cache-Control": "no-cache"})


@router.get("/data/texts.json")
async def data(request: Request) -> Response:
    """Both languages' texts, and the catalog the forms offer (claim types and reasons, banks): nothing personal."""
    hub: HubContext = request.app.state.hub
    catalog = hub.catalog
    body: dict[str, Any] = {
        "texts": {"id": {k: v[0] for k, v in TEXTS.items()}, "en": {k: v[1] for k, v in TEXTS.items()}},
        "claim_types": [
            {
                "code": c.code.value,
                "name_id": c.name_id,
                "name_en": c.name_en,
                "reasons": [
                    # waiting_period: the claim counts from the last day of work, which the form then asks for.
                    {
                        "code": r.code, "name_id": r.name_id, "name_en": r.name_en,
                        "waiting_period": bool(r.waiting_period),
                    }
                    for r in c.reasons
                ],
            }
            for c in catalog.claim_types
            if c.served_at_booth
        ],
        "banks": [{"code": b.code, "name": b.name} for b in catalog.banks],
        "kpj_length": hub.settings.server.kpj_length,
        # The live hints in the browser use the hub's brightness limits (the hub decides after the upload).
        "min_brightness": hub.settings.video.still_min_brightness,
        "max_brightness": hub.settings.video.still_max_brightness,
        "chunk_bytes": min(hub.settings.online.upload_chunk_bytes, 256 * 1024),
    }
    return JSONResponse(body, headers={"Cache-Control": "no-cache"})
