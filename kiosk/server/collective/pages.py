"""The collective channel's two pages, served by the hub: the employer's (``/collective/``) and the worker's
confirmation (``/collective/confirm``). Indonesian first (``?lang=en`` for English), mobile first, and a strict
Content-Security-Policy: only the hub's own script and stylesheet, nothing inline, no frames."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, Response
from fastapi.templating import Jinja2Templates

from kiosk.server.collective.texts import table

_HERE = Path(__file__).parent.parent
STATIC_DIR = _HERE / "static"
STATIC_FILES = {"collective.css": "text/css", "collective.js": "text/javascript", "confirm.js": "text/javascript"}
templates = Jinja2Templates(directory=str(_HERE / "templates"))

#: Only the hub's own script, style and API; nothing inline, never in a frame, forms only to the hub.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
_HEADERS = {"Content-Security-Policy": PAGE_CSP, "Cache-Control": "no-store", "X-Frame-Options": "DENY"}

router = APIRouter(prefix="/collective", include_in_schema=False)
Lang = Annotated[Literal["id", "en"] | None, Query()]


def _language(lang: str | None) -> str:
    # Indonesian unless English is chosen on the page: a browser's language says little about its reader here.
    return "en" if lang == "en" else "id"


def _page(request: Request, name: str, language: str) -> Response:
    texts = table(language)
    other = "en" if language == "id" else "id"
    page = templates.TemplateResponse(
        request,
        f"collective/{name}",
        {"t": texts, "lang": language, "other": other, "texts_json": json.dumps(texts, ensure_ascii=False)},
    )
    page.headers.update(_HEADERS)
    return page


@router.get("/")
def employer_page(request: Request, lang: Lang = None) -> Response:
    """The employer's page: sign in, letters, roster, documents, invitations, results."""
    return _page(request, "employer.html", _language(lang))


@router.get("/confirm")
def confirm_page(request: Request, lang: Lang = None) -> Response:
    """The worker's confirmation page (the code comes typed, or in the link's fragment, never to the server)."""
    return _page(request, "confirm.html", _language(lang))


@router.get("/static/{name}")
def static(name: str) -> Response:
    """The pages' stylesheet and scripts (a fixed list)."""
    if name not in STATIC_FILES:
        return Response(status_code=404)
    return FileResponse(STATIC_DIR / name, media_type=STATIC_FILES[name], headers={"Cache-Control": "no-cache"})
