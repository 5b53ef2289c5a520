"""The branch dashboard: one server-rendered page for supervisors and admins, served by the hub under /dashboard.

It shows, for one branch: the booths (online or offline, last heartbeat, camera/microphone/speaker/link state,
the session in progress), today's walk-in and online quota use, today's sessions by state, the officers whose
consoles are connected with their load, and the claims submitted today. A small script (static/dashboard.js)
reloads the live part every few seconds; without JavaScript the page reloads itself.

Login uses the hub's user accounts through the REST login (same rate limit, same audit trail); the login token
sits in an HttpOnly, SameSite=Strict cookie scoped to /dashboard. Only supervisors (their branch) and admins
(their branch, or every branch) get in. No build step: Jinja2 templates in templates/dashboard/, plain CSS and
JavaScript in static/.

Who is online comes from the signaling hub (a booth is online while its WebSocket is open; the hub closes a
connection that misses heartbeats for ``server.heartbeat_timeout_s``), the rest from the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from anyio import to_thread
from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError
from sqlalchemy import func, select, update

from kiosk.domain.access import Principal, Role, can_view_booths
from kiosk.domain.session import SessionState
from kiosk.protocol.rest import LoginRequest, QuotaStatus
from kiosk.server.api.auth import login as api_login
from kiosk.server.api.booths import quota_status
from kiosk.server.context import HubContext
from kiosk.server.deps import get_hub
from kiosk.server.errors import ApiError
from kiosk.server.models import Booth, Branch, Claim, UserToken, VisitSession
from kiosk.server.security import token_hash
from kiosk.server.services import authenticate

PREFIX = "/dashboard"
COOKIE = "kiosk_dashboard"
LANG_COOKIE = "kiosk_dashboard_lang"
#: Seconds between two refreshes of the live part.
REFRESH_S = 5

_HERE = Path(__file__).parent
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

#: The order sessions by state are listed in: the visit's path, then the ways it can end.
STATE_ORDER: tuple[SessionState, ...] = (
    SessionState.CHECKED_IN,
    SessionState.SELF_SERVICE,
    SessionState.WAITING_CSO,
    SessionState.IN_CALL,
    SessionState.VERIFYING,
    SessionState.APPROVED,
    SessionState.SUBMITTED,
    SessionState.REJECTED,
    SessionState.ABANDONED,
    SessionState.CANCELLED,
)

TEXTS: dict[str, dict[str, str]] = {
    "id": {
        "title": "Dasbor cabang",
        "login_title": "Masuk ke dasbor cabang",
        "username": "Nama pengguna",
        "password": "Kata sandi",
        "login": "Masuk",
        "logout": "Keluar",
        "wrong_login": "Nama pengguna atau kata sandi salah.",
        "too_many": "Terlalu banyak percobaan gagal. Coba lagi dalam {s} detik.",
        "not_allowed": "Dasbor hanya untuk supervisor dan admin.",
        "no_branch": "Belum ada cabang di hub ini.",
        "branch": "Cabang",
        "updated": "Diperbarui",
        "stale": "Koneksi ke hub terputus; data mungkin sudah lama.",
        "booths": "Bilik",
        "booth": "Bilik",
        "online": "Online",
        "offline": "Offline",
        "not_enrolled": "Belum didaftarkan",
        "last_heartbeat": "Sinyal terakhir",
        "never": "belum pernah",
        "ago": "{s} lalu",
        "camera": "Kamera",
        "microphone": "Mikrofon",
        "speaker": "Speaker",
        "link": "Jaringan",
        "ok": "baik",
        "fault": "bermasalah",
        "unknown": "tidak diketahui",
        "session": "Sesi",
        "idle": "kosong",
        "quota": "Kuota hari ini",
        "walk_in": "Antrean langsung",
        "online_booking": "Pendaftaran online",
        "used_of": "{used} dari {cap} terpakai, sisa {remaining}",
        "sessions": "Sesi hari ini",
        "state": "Status",
        "count": "Jumlah",
        "waiting": "Menunggu petugas",
        "officers": "Petugas yang masuk",
        "officer": "Petugas",
        "load": "Beban",
        "paused": "jeda",
        "reconnecting": "menyambung ulang",
        "working": "aktif",
        "no_officers": "Belum ada petugas yang masuk.",
        "claims": "Klaim diajukan hari ini",
        "total": "Total",
        "online_count": "{online} dari {total} bilik online",
        "language": "English",
        "state_checked_in": "Check-in",
        "state_self_service": "Layanan mandiri",
        "state_waiting_cso": "Menunggu petugas",
        "state_in_call": "Sedang panggilan",
        "state_verifying": "Verifikasi",
        "state_approved": "Disetujui",
        "state_submitted": "Diajukan",
        "state_rejected": "Ditolak",
        "state_abandoned": "Ditinggalkan",
        "state_cancelled": "Dibatalkan",
    },
    "en": {
        "title": "Branch dashboard",
        "login_title": "Sign in to the branch dashboard",
        "username": "Username",
        "password": "Password",
        "login": "Sign in",
        "logout": "Sign out",
        "wrong_login": "Wrong username or password.",
        "too_many": "Too many failed attempts. Try again in {s} seconds.",
        "not_allowed": "The dashboard is for supervisors and admins only.",
        "no_branch": "This hub has no branch yet.",
        "branch": "Branch",
        "updated": "Updated",
        "stale": "Lost the connection to the hub; the data may be old.",
        "booths": "Booths",
        "booth": "Booth",
        "online": "Online",
        "offline": "Offline",
        "not_enrolled": "Not enrolled",
        "last_heartbeat": "Last heartbeat",
        "never": "never",
        "ago": "{s} ago",
        "camera": "Camera",
        "microphone": "Microphone",
        "speaker": "Speaker",
        "link": "Network",
        "ok": "ok",
        "fault": "fault",
        "unknown": "unknown",
        "session": "Session",
        "idle": "idle",
        "quota": "Today's quota",
        "walk_in": "Walk-ins",
        "online_booking": "Online bookings",
        "used_of": "{used} of {cap} used, {remaining} left",
        "sessions": "Today's sessions",
        "state": "State",
        "count": "Count",
        "waiting": "Waiting for an officer",
        "officers": "Officers signed in",
        "officer": "Officer",
        "load": "Load",
        "paused": "paused",
        "reconnecting": "reconnecting",
        "working": "active",
        "no_officers": "No officer is signed in.",
        "claims": "Claims submitted today",
        "total": "Total",
        "online_count": "{online} of {total} booths online",
        "language": "Bahasa Indonesia",
        "state_checked_in": "Checked in",
        "state_self_service": "Self-service",
        "state_waiting_cso": "Waiting for officer",
        "state_in_call": "In call",
        "state_verifying": "Verifying",
        "state_approved": "Approved",
        "state_submitted": "Submitted",
        "state_rejected": "Rejected",
        "state_abandoned": "Abandoned",
        "state_cancelled": "Cancelled",
    },
}


# -- what the page shows --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BoothRow:
    """One booth on the dashboard."""

    number: int
    enrolled: bool
    online: bool
    last_heartbeat: datetime | None
    seconds_since_heartbeat: float | None
    camera_ok: bool | None
    microphone_ok: bool | None
    speaker_ok: bool | None
    link_ok: bool | None
    session_state: SessionState | None

    @property
    def status(self) -> str:
        """``online``, ``offline`` or ``not_enrolled`` (a CSS class and a text key)."""
        if not self.enrolled:
            return "not_enrolled"
        return "online" if self.online else "offline"

    @property
    def healthy(self) -> bool:
        """Online with no device reported faulty."""
        return self.online and False not in (self.camera_ok, self.microphone_ok, self.speaker_ok, self.link_ok)


@dataclass(frozen=True)
class OfficerRow:
    """An officer whose console is connected (or reconnecting within its grace period)."""

    name: str
    active: int
    cap: int
    paused: bool
    connected: bool


@dataclass(frozen=True)
class Overview:
    """Everything the dashboard shows for one branch."""

    branch_code: str
    branch_name: str
    local_now: datetime
    booths: tuple[BoothRow, ...]
    walk_in: QuotaStatus
    online: QuotaStatus
    sessions_by_state: tuple[tuple[SessionState, int], ...]
    officers: tuple[OfficerRow, ...]
    claims_today: int
    claims_by_type: tuple[tuple[str, int], ...]

    @property
    def booths_online(self) -> int:
        """How many booths are online."""
        return sum(b.online for b in self.booths)

    @property
    def waiting(self) -> int:
        """Today's sessions waiting for an officer."""
        return dict(self.sessions_by_state).get(SessionState.WAITING_CSO, 0)


@dataclass(frozen=True)
class _LiveState:
    """What the signaling hub knows (taken on the event loop, where its state lives)."""

    connected_booths: frozenset[int]
    officers: tuple[OfficerRow, ...]


def _live_state(hub: HubContext, branch_code: str) -> _LiveState:
    signaling = hub.signaling
    officers = tuple(
        sorted(
            (
                OfficerRow(c.name, len(c.sessions), c.cap, c.paused, c.conn is not None)
                for c in signaling.consoles.values()
                if c.branch_code == branch_code
            ),
            key=lambda o: o.name,
        )
    )
    return _LiveState(frozenset(signaling.booths), officers)


def collect_overview(hub: HubContext, branch_code: str, live: _LiveState) -> Overview:
    """Read the branch's numbers from the database (blocking: run it in a worker thread)."""
    now = hub.now()
    with hub.db.session() as session:
        branch = session.execute(select(Branch).where(Branch.code == branch_code)).scalar_one()
        zone = ZoneInfo(branch.timezone)
        today = quota_status(session, hub, branch)
        booths = session.execute(select(Booth).where(Booth.branch_id == branch.id).order_by(Booth.number)).scalars()
        open_states = dict(
            session.execute(
                select(VisitSession.booth_id, VisitSession.state).where(
                    VisitSession.branch_id == branch.id, VisitSession.ended_at.is_(None)
                )
            ).all()
        )
        rows = []
        for booth in booths:
            beat = booth.last_heartbeat
            state = open_states.get(booth.id)
            rows.append(
                BoothRow(
                    number=booth.number,
                    enrolled=booth.device_token_hash is not None,
                    online=booth.id in live.connected_booths,
                    last_heartbeat=beat.astimezone(zone) if beat else None,
                    seconds_since_heartbeat=(now - beat).total_seconds() if beat else None,
                    camera_ok=booth.camera_ok,
                    microphone_ok=booth.microphone_ok,
                    speaker_ok=booth.speaker_ok,
                    link_ok=booth.link_ok,
                    session_state=SessionState(state) if state else None,
                )
            )
        counts = dict(
            session.execute(
                select(VisitSession.state, func.count())
                .where(VisitSession.branch_id == branch.id, VisitSession.visit_date == today.date)
                .group_by(VisitSession.state)
            ).all()
        )
        claims = dict(
            session.execute(
                select(Claim.claim_type, func.count())
                .where(Claim.branch_id == branch.id, Claim.day == today.date)
                .group_by(Claim.claim_type)
                .order_by(Claim.claim_type)
            ).all()
        )
        return Overview(
            branch_code=branch.code,
            branch_name=branch.name,
            local_now=now.astimezone(zone),
            booths=tuple(rows),
            walk_in=today.walk_in,
            online=today.online,
            sessions_by_state=tuple((s, int(counts.get(s.value, 0))) for s in STATE_ORDER),
            officers=live.officers,
            claims_today=sum(int(n) for n in claims.values()),
            claims_by_type=tuple((str(k), int(v)) for k, v in claims.items()),
        )


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


def _principal(hub: HubContext, token: str | None) -> Principal | None:
    if not token or len(token) > 200:
        return None
    with hub.db.session() as session:
        return authenticate(session, token, hub.now())


def _branches(hub: HubContext, who: Principal) -> list[tuple[str, str]]:
    with hub.db.session() as session:
        rows = session.execute(select(Branch.code, Branch.name).order_by(Branch.code)).all()
    return [(code, name) for code, name in rows if can_view_booths(who, code)]


def _revoke(hub: HubContext, token: str) -> None:
    with hub.db.session() as session:
        session.execute(
            update(UserToken)
            .where(UserToken.token_hash == token_hash(token), UserToken.revoked_at.is_(None))
            .values(revoked_at=hub.now())
        )


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
    who = await to_thread.run_sync(_principal, hub, token)
    return hub, who


async def _overview_for(request: Request, hub: HubContext, who: Principal) -> tuple[Overview | None, list[Any]]:
    branches = await to_thread.run_sync(_branches, hub, who)
    if not branches:
        return None, branches
    codes = [code for code, _ in branches]
    wanted = request.query_params.get("branch")
    code = wanted if wanted in codes else (who.branch_code if who.branch_code in codes else codes[0])
    live = _live_state(hub, code)
    overview = await to_thread.run_sync(collect_overview, hub, code, live)
    return overview, branches


def _context(language: str, overview: Overview | None, branches: list[Any], who: Principal) -> dict[str, Any]:
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
    page = templates.TemplateResponse(request, "dashboard/page.html", _context(language, overview, branches, who))
    return _secure(page, request, language)


@router.get("/live", response_class=HTMLResponse)
async def live(request: Request) -> Response:
    """The live part of the page, fetched by dashboard.js every `REFRESH_S` seconds (401 when signed out)."""
    language = _language(request)
    hub, who = await _who(request)
    if who is None or who.role not in _ALLOWED:
        return _secure(Response(status_code=401), request)
    overview, branches = await _overview_for(request, hub, who)
    page = templates.TemplateResponse(request, "dashboard/live.html", _context(language, overview, branches, who))
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
        result = await to_thread.run_sync(api_login, body, request, hub)
    except ApiError as exc:
        if exc.status == 429:
            wait = exc.extra.get("retry_after_s", 60)
            return _login_page(request, language, texts["too_many"].format(s=wait), status=429, username=username)
        return _login_page(request, language, texts["wrong_login"], status=401, username=username)
    if result.user.role not in _ALLOWED:
        # A CSO's token is of no use here: revoke it at once instead of leaving it to expire.
        await to_thread.run_sync(_revoke, hub, result.token)
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
        await to_thread.run_sync(_revoke, hub, token)
    response = RedirectResponse(f"{PREFIX}/login", status_code=303)
    response.delete_cookie(COOKIE, path=PREFIX)
    return _secure(response, request)


@router.get("/static/{name}")
async def static(name: str) -> Response:
    """The page's stylesheet and script (a fixed list: nothing else of the file system is reachable)."""
    if name not in _STATIC_FILES:
        return Response(status_code=404)
    return FileResponse(STATIC_DIR / name, media_type=_STATIC_FILES[name], headers={"Cache-Control": "no-cache"})
