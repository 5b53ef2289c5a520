"""The branch dashboard's routes: one server-rendered page for supervisors and admins, under /dashboard.

It shows, for one branch: the alerts (booth offline, camera lost, disk nearly full, a console's backlog not
draining; a sound when one is new), the booths (online, offline or never seen, last heartbeat,
camera/microphone/speaker/link state, the session in progress and its time in that state, version, free disk),
the queue (waiting now, longest and average wait today), the median time of each step of a visit today, today's
walk-in and online quota use, today's sessions by state, the officers whose consoles are connected with their
load and their unsent claims and recordings, and the claims submitted today. A small script
(static/dashboard.js) reloads the live part every few seconds and rings for new alerts; without JavaScript the
page reloads itself.

Pending help requests from booths have their place in the live part: ``templates/dashboard/help_requests.html``,
included (when it exists) right under the alerts, with the same context (``o``, ``t``).

Login uses the hub's user accounts through the REST login (same rate limit, same audit trail); the login token
sits in an HttpOnly, SameSite=Strict cookie scoped to /dashboard. Only supervisors (their branch) and admins
(their branch, or every branch) get in. No build step: Jinja2 templates in templates/dashboard/, plain CSS and
JavaScript in static/.

Who is online comes from the signaling hub (a booth is online while its WebSocket is open; the hub closes a
connection that misses heartbeats for ``server.heartbeat_timeout_s``), the rest from the database.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from anyio import to_thread
from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError

from kiosk.domain.access import Principal, Role, can_view_booths
from kiosk.protocol.rest import LoginRequest
from kiosk.server.context import HubContext
from kiosk.server.dashboard.overview import Overview, collect_overview, live_state
from kiosk.server.dashboard.sound import ALERT_WAV
from kiosk.server.dashboard.texts import TEXTS
from kiosk.server.deps import client_ip, get_hub
from kiosk.server.errors import ApiError
from kiosk.server.repositories.branches import branch_names
from kiosk.server.services import auth

PREFIX = "/dashboard"
COOKIE = "kiosk_dashboard"
LANG_COOKIE = "kiosk_dashboard_lang"
#: Seconds between two refreshes of the live part.
REFRESH_S = 5

#: Templates and static files sit beside the package (kiosk/server/templates, kiosk/server/static).
_HERE = Path(__file__).parent.parent
STATIC_DIR = _HERE / "static"
_STATIC_FILES = {"dashboard.css": "text/css", "dashboard.js": "text/javascript"}
templates = Jinja2Templates(directory=str(_HERE / "templates"))

#: Nothing from elsewhere, nothing inline, never in a frame.
_SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}

_ALLOWED = (Role.SUPERVISOR, Role.ADMIN)


def duration(seconds: float | None) -> str:
    """A duration as the console shows them: ``m:ss``, or ``h:mm:ss`` from an hour on; ``–`` when unknown."""
    if seconds is None:
        return "–"
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _disk(texts: dict[str, str], free_mb: int | None) -> str:
    if free_mb is None:
        return "–"
    return texts["gib"].format(n=f"{free_mb / 1024:.1f}") if free_mb >= 1024 else texts["mib"].format(n=free_mb)


def _ago(texts: dict[str, str], seconds: float | None) -> str:
    if seconds is None:
        return texts["never"]
    seconds = max(0, int(seconds))
    if seconds < 90:
        amount = f"{seconds} s"
    elif seconds < 90 * 60:
        amount = f"{seconds // 60} min"
    elif seconds < 48 * 3600:
        amount = f"{seconds // 3600} h"
    else:
        amount = f"{seconds // 86400} d"
    return texts["ago"].format(s=amount)


# -- who is asking --------------------------------------------------------------------------------------------


def _branches(hub: HubContext, who: Principal) -> list[tuple[str, str]]:
    with hub.db.session() as session:
        rows = branch_names(session)
    return [(code, name) for code, name in rows if can_view_booths(who, code)]


def _language(request: Request) -> str:
    wanted = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE) or "id"
    return wanted if wanted in TEXTS else "id"


def _secure(response: Response, request: Request, language: str | None = None) -> Response:
    for name, value in _SECURITY_HEADERS.items():
        response.headers[name] = value
    if language is not None and request.query_params.get("lang") == language:
        response.set_cookie(
            LANG_COOKIE,
            language,
            max_age=365 * 86400,
            path=PREFIX,
            samesite="strict",
            secure=request.url.scheme == "https",
        )
    return response


def _login_page(request: Request, language: str, error: str = "", status: int = 200, username: str = "") -> Response:
    page = templates.TemplateResponse(
        request,
        "dashboard/login.html",
        {"t": TEXTS[language], "lang": language, "error": error, "username": username, "prefix": PREFIX},
        status_code=status,
    )
    return _secure(page, request, language)


async def _who(request: Request) -> tuple[HubContext, Principal | None]:
    hub = get_hub(request)
    token = request.cookies.get(COOKIE)
    who = await to_thread.run_sync(auth.principal_of, hub, token)
    return hub, who


async def _overview_for(request: Request, hub: HubContext, who: Principal) -> tuple[Overview | None, list[Any]]:
    branches = await to_thread.run_sync(_branches, hub, who)
    if not branches:
        return None, branches
    codes = [code for code, _ in branches]
    wanted = request.query_params.get("branch")
    code = wanted if wanted in codes else (who.branch_code if who.branch_code in codes else codes[0])
    live = live_state(hub, code)
    overview = await to_thread.run_sync(collect_overview, hub, code, live)
    return overview, branches


def _context(
    hub: HubContext, language: str, overview: Overview | None, branches: list[Any], who: Principal
) -> dict[str, Any]:
    texts = TEXTS[language]
    return {
        "t": texts,
        "lang": language,
        "other_lang": "en" if language == "id" else "id",
        "o": overview,
        "branches": branches,
        "who": who,
        "prefix": PREFIX,
        "refresh_s": REFRESH_S,
        "ago": lambda seconds: _ago(texts, seconds),
        "dur": duration,
        "disk": lambda free_mb: _disk(texts, free_mb),
        "low_disk_mb": hub.settings.server.dashboard_low_disk_mb,
        "state_text": lambda state: texts[f"state_{state.value}"],
    }


# -- routes ---------------------------------------------------------------------------------------------------

router = APIRouter(prefix=PREFIX, include_in_schema=False)


@router.get("", response_class=HTMLResponse)
async def dashboard(request: Request) -> Response:
    """The dashboard page (or the login page when not signed in)."""
    language = _language(request)
    hub, who = await _who(request)
    if who is None:
        return _secure(RedirectResponse(f"{PREFIX}/login", status_code=303), request, language)
    if who.role not in _ALLOWED:
        return _login_page(request, language, TEXTS[language]["not_allowed"], status=403)
    overview, branches = await _overview_for(request, hub, who)
    page = templates.TemplateResponse(request, "dashboard/page.html", _context(hub, language, overview, branches, who))
    return _secure(page, request, language)


@router.get("/live", response_class=HTMLResponse)
async def live(request: Request) -> Response:
    """The live part of the page, fetched by dashboard.js every `REFRESH_S` seconds (401 when signed out)."""
    language = _language(request)
    hub, who = await _who(request)
    if who is None or who.role not in _ALLOWED:
        return _secure(Response(status_code=401), request)
    overview, branches = await _overview_for(request, hub, who)
    page = templates.TemplateResponse(request, "dashboard/live.html", _context(hub, language, overview, branches, who))
    return _secure(page, request)


@router.get("/login", response_class=HTMLResponse)
async def login_form(request: Request) -> Response:
    """The sign-in form."""
    return _login_page(request, _language(request))


@router.post("/login", response_class=HTMLResponse)
async def login(
    request: Request, username: Annotated[str, Form()] = "", password: Annotated[str, Form()] = ""
) -> Response:
    """Sign in with a hub account (the REST login's rate limit and audit apply); supervisors and admins only."""
    language = _language(request)
    texts = TEXTS[language]
    hub = get_hub(request)
    try:
        body = LoginRequest(username=username, password=password)
    except ValidationError:
        return _login_page(request, language, texts["wrong_login"], status=401, username=username)
    try:
        result = await to_thread.run_sync(auth.login, hub, body.username, body.password, client_ip(request))
    except ApiError as exc:
        if exc.status == 429:
            wait = exc.extra.get("retry_after_s", 60)
            return _login_page(request, language, texts["too_many"].format(s=wait), status=429, username=username)
        return _login_page(request, language, texts["wrong_login"], status=401, username=username)
    if result.user.role not in _ALLOWED:
        # A CSO's token is of no use here: revoke it at once instead of leaving it to expire.
        await to_thread.run_sync(auth.revoke_quietly, hub, result.token)
        return _login_page(request, language, texts["not_allowed"], status=403, username=username)
    response = RedirectResponse(PREFIX, status_code=303)
    response.set_cookie(
        COOKIE,
        result.token,
        max_age=hub.settings.server.token_ttl_s,
        path=PREFIX,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return _secure(response, request)


@router.post("/logout")
async def logout(request: Request) -> Response:
    """Sign out: revoke the token and forget the cookie."""
    hub = get_hub(request)
    token = request.cookies.get(COOKIE)
    if token:
        await to_thread.run_sync(auth.revoke_quietly, hub, token)
    response = RedirectResponse(f"{PREFIX}/login", status_code=303)
    response.delete_cookie(COOKIE, path=PREFIX)
    return _secure(response, request)


@router.get("/static/{name}")
async def static(name: str) -> Response:
    """The page's stylesheet, script and alert sound (a fixed list: nothing else of the file system is reachable)."""
    if name == "alert.wav":
        return Response(ALERT_WAV, media_type="audio/wav", headers={"Cache-Control": "no-cache"})
    if name not in _STATIC_FILES:
        return Response(status_code=404)
    return FileResponse(STATIC_DIR / name, media_type=_STATIC_FILES[name], headers={"Cache-Control": "no-cache"})
