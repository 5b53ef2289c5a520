"""The branch dashboard on a real hub (uvicorn on 127.0.0.1, SQLite, demo data): sign-in rules over HTTP, and the
page itself in headless Chromium, where a booth that connects and sends heartbeats appears online by itself
and disappears once its heartbeats stop.

Set ``KIOSK_WRITE_SCREENSHOTS=1`` to write the screenshot to docs/screenshots/dashboard.png (else a temp dir).
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import requests

from kiosk.config import Settings
from kiosk.protocol import HeartbeatPayload, HelloPayload, Role, SignalType, signal
from kiosk.server.db import Database
from kiosk.server.models import Claim, Participant, User
from tests.support.chromium import ChromiumOptions, chromium
from tests.support.hub import running_hub
from tests.support.wait import wait_until

ROOT = Path(__file__).resolve().parents[3]
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
HEARTBEAT_TIMEOUT_S = 3.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Hub:
    """A running hub and what the tests need of it."""

    url: str
    settings: Settings
    db: Database

    def login(self, username: str, password: str) -> str:
        response = requests.post(
            f"{self.url}/api/v1/auth/login", json={"username": username, "password": password}, timeout=10
        )
        response.raise_for_status()
        return str(response.json()["token"])

    def enroll(self, admin: str, number: int) -> str:
        code = requests.post(
            f"{self.url}/api/v1/booths/enrollment-codes",
            json={"branch_code": "KDR", "booth_number": number},
            headers={"Authorization": f"Bearer {admin}"},
            timeout=10,
        )
        code.raise_for_status()
        enrolled = requests.post(f"{self.url}/api/v1/booths/enroll", json={"code": code.json()["code"]}, timeout=10)
        enrolled.raise_for_status()
        return str(enrolled.json()["device_token"])

    def check_in(self, token: str, *states: str) -> str:
        headers = {"Authorization": f"Bearer {token}"}
        created = requests.post(f"{self.url}/api/v1/checkins", json={"walk_in": True}, headers=headers, timeout=10)
        created.raise_for_status()
        session_id = str(created.json()["id"])
        for state in states:
            moved = requests.post(
                f"{self.url}/api/v1/sessions/{session_id}/state", json={"state": state}, headers=headers, timeout=10
            )
            moved.raise_for_status()
        return session_id


@dataclass
class FakeClient:
    """A booth or console on the signaling WebSocket, sending heartbeats from a thread until told to stop."""

    hub: Hub
    token: str
    role: Role
    health: HeartbeatPayload = field(default_factory=HeartbeatPayload)
    cap: int | None = None
    interval_s: float = 0.5
    _beating: threading.Event = field(default_factory=threading.Event)
    _closed: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> FakeClient:
        from websockets.sync.client import connect

        ws_url = self.hub.url.replace("http://", "ws://") + "/api/v1/ws"
        welcomed = threading.Event()
        self._beating.set()

        def run() -> None:
            with (
                contextlib.suppress(Exception),
                connect(ws_url, additional_headers={"Authorization": f"Bearer {self.token}"}, open_timeout=10) as ws,
            ):
                ws.send(signal(SignalType.HELLO, HelloPayload(role=self.role, cap=self.cap)).to_json())
                if json.loads(ws.recv(timeout=10))["type"] == "welcome":
                    welcomed.set()
                while not self._closed.is_set():
                    if self._beating.is_set():
                        ws.send(signal(SignalType.HEARTBEAT, self.health).to_json())
                    # Read whatever the hub sends (answers, assignments) so its queue never fills.
                    with contextlib.suppress(TimeoutError):
                        while True:
                            ws.recv(timeout=0.01)
                    self._closed.wait(self.interval_s)

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        assert welcomed.wait(10), "the hub did not welcome the client"
        return self

    def go_silent(self) -> None:
        """Keep the connection open but stop sending heartbeats (a hung booth)."""
        self._beating.clear()

    def close(self) -> None:
        self._closed.set()
        if self._thread is not None:
            self._thread.join(timeout=5)


@pytest.fixture(scope="module")
def hub() -> Iterator[Hub]:
    """A hub of this module's own (a short heartbeat timeout, booths this module enrolls)."""
    with running_hub(heartbeat_timeout_s=HEARTBEAT_TIMEOUT_S) as running:
        db = Database.from_url(running.database_url, pool_size=1)
        try:
            yield Hub(running.base_url, running.settings, db)
        finally:
            db.dispose()


# -- HTTP ---------------------------------------------------------------------------------------------------


def sign_in(hub: Hub, username: str, password: str) -> requests.Response:
    return requests.post(
        f"{hub.url}/dashboard/login",
        data={"username": username, "password": password},
        allow_redirects=False,
        timeout=10,
    )


def test_signed_out_visitors_go_to_the_login_page(hub: Hub) -> None:
    response = requests.get(f"{hub.url}/dashboard", allow_redirects=False, timeout=10)
    assert response.status_code == 303
    assert response.headers["location"] == "/dashboard/login"
    assert requests.get(f"{hub.url}/dashboard/live", timeout=10).status_code == 401
    page = requests.get(f"{hub.url}/dashboard/login", timeout=10)
    assert page.status_code == 200
    assert "Masuk ke dasbor cabang" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"


def test_wrong_password_is_refused(hub: Hub) -> None:
    response = sign_in(hub, "supervisor", "not-the-password")
    assert response.status_code == 401
    assert "Nama pengguna atau kata sandi salah." in response.text
    assert "kiosk_dashboard" not in response.cookies


def test_officers_are_not_let_in_and_their_token_is_revoked(hub: Hub) -> None:
    response = sign_in(hub, "cso1", "cso1-demo")
    assert response.status_code == 403
    assert "hanya untuk supervisor dan admin" in response.text
    assert "kiosk_dashboard" not in response.cookies


def test_supervisor_gets_an_http_only_cookie(hub: Hub) -> None:
    response = sign_in(hub, "supervisor", "super-demo")
    assert response.status_code == 303
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/dashboard" in cookie
    token = response.cookies["kiosk_dashboard"]
    page = requests.get(f"{hub.url}/dashboard", cookies={"kiosk_dashboard": token}, timeout=10)
    assert page.status_code == 200
    assert "Kediri (KDR)" in page.text
    assert page.text.count('id="booth-') == 10
    live = requests.get(f"{hub.url}/dashboard/live?lang=en", cookies={"kiosk_dashboard": token}, timeout=10)
    assert "Last heartbeat" in live.text and "<html" not in live.text
    out = requests.post(
        f"{hub.url}/dashboard/logout", cookies={"kiosk_dashboard": token}, allow_redirects=False, timeout=10
    )
    assert out.status_code == 303
    again = requests.get(f"{hub.url}/dashboard", cookies={"kiosk_dashboard": token}, allow_redirects=False, timeout=10)
    assert again.status_code == 303  # the token was revoked, not only the cookie dropped


def test_only_the_two_static_files_are_served(hub: Hub) -> None:
    assert requests.get(f"{hub.url}/dashboard/static/dashboard.js", timeout=10).status_code == 200
    assert requests.get(f"{hub.url}/dashboard/static/dashboard.css", timeout=10).status_code == 200
    for name in ("..%2Fdashboard.py", "base.html", "%2Fetc%2Fpasswd"):
        assert requests.get(f"{hub.url}/dashboard/static/{name}", timeout=10).status_code == 404


# -- the page in Chromium ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One desktop Chromium for the module (tests/support/chromium.py: never skipped on CI)."""
    with chromium(ChromiumOptions(width=1400, height=1330, fake_media=False)) as driver:
        yield driver


def add_claims(hub: Hub, count: int) -> None:
    """Claims as the claims API stores them (their submission has its own tests; here only the count matters)."""
    now = datetime.now(UTC)
    with hub.db.session() as session:
        participant = session.query(Participant).order_by(Participant.id).first()
        officer = session.query(User).filter(User.username == "cso1").one()
        assert participant is not None and officer.branch_id is not None
        today = now.astimezone(ZoneInfo("Asia/Jakarta")).date()
        for i in range(count):
            session.add(
                Claim(
                    reference=f"KDR-TEST-{i}",
                    branch_id=officer.branch_id,
                    day=today,
                    sequence=9000 + i,
                    participant_id=participant.id,
                    claim_type="JHT" if i % 3 else "JKK",
                    reason="resign",
                    idempotency_scope="test",
                    idempotency_key=f"k{i}",
                    request_hash="0" * 64,
                    request={},
                    findings=[],
                    submitted_by=officer.id,
                    created_at=now,
                )
            )


@pytest.mark.browser
@pytest.mark.slow
def test_dashboard_follows_booths_by_itself(hub: Hub, browser: object) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser
    wait = WebDriverWait(driver, 20, poll_frequency=0.2)  # type: ignore[arg-type]
    driver.get(f"{hub.url}/dashboard")  # type: ignore[attr-defined]
    wait.until(lambda d: d.current_url.endswith("/dashboard/login"))
    driver.find_element(By.ID, "username").send_keys("supervisor")  # type: ignore[attr-defined]
    driver.find_element(By.ID, "password").send_keys("super-demo")  # type: ignore[attr-defined]
    driver.find_element(By.ID, "login-button").click()  # type: ignore[attr-defined]
    wait.until(lambda d: d.find_elements(By.ID, "booths"))

    # The live part is replaced every few seconds: read it with one script call, never through a kept element.
    def js(expression: str) -> str:
        return str(driver.execute_script(f"return {expression};"))  # type: ignore[attr-defined]

    def row(number: int) -> str:
        return js(f"document.getElementById('booth-{number}').dataset.status")

    def text(selector: str) -> str:
        return js(f"document.querySelector({selector!r}).innerText")

    assert row(1) == "not_enrolled"
    loaded_at = js("performance.timeOrigin")

    admin = hub.login("admin", "admin-demo")
    tokens = {n: hub.enroll(admin, n) for n in (1, 2, 3, 4, 5, 6)}
    healthy = HeartbeatPayload(camera_ok=True, microphone_ok=True, speaker_ok=True, link_ok=True)
    clients = [
        FakeClient(hub, tokens[n], Role.BOOTH, health).start()
        for n, health in (
            (1, healthy),
            (2, healthy),
            (4, healthy),
            (5, healthy),
            (3, HeartbeatPayload(camera_ok=False, microphone_ok=True, speaker_ok=True, link_ok=True)),
        )
    ]
    try:
        hub.check_in(tokens[1], "self_service")
        hub.check_in(tokens[2], "self_service", "waiting_cso")
        hub.check_in(tokens[4], "self_service", "waiting_cso")
        hub.check_in(tokens[5])
        clients.append(FakeClient(hub, hub.login("cso1", "cso1-demo"), Role.CONSOLE, cap=4).start())
        add_claims(hub, 5)

        # No reload: the page's own refresh brings the booths online.
        wait.until(lambda d: row(1) == "online" and row(3) == "online")
        assert js("performance.timeOrigin") == loaded_at
        assert row(6) == "never_seen" and row(7) == "not_enrolled"  # enrolled, never connected: not "offline"
        assert "bermasalah" in text("#booth-3 td:nth-child(4)")
        assert "degraded" in js("document.getElementById('booth-3').className")
        wait.until(lambda d: text("#claims-today") == "5")
        assert text("#booths-online").startswith("5")
        wait.until(lambda d: "Rina Wulandari" in text("#officers"))
        assert "Layanan mandiri" in text("#sessions")

        target = (
            ROOT / "docs" / "screenshots" / "dashboard.png"
            if os.environ.get("KIOSK_WRITE_SCREENSHOTS")
            else Path(tempfile.gettempdir()) / "kiosk-dashboard.png"
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        height = int(js("document.documentElement.scrollHeight"))
        driver.set_window_size(1400, height + 160)  # type: ignore[attr-defined]  # the whole page, no scrollbar
        driver.save_screenshot(str(target))  # type: ignore[attr-defined]

        # A booth that stops sending heartbeats is dropped by the hub and shown offline, again by itself.
        clients[0].go_silent()
        wait.until(lambda d: row(1) == "offline")
        assert row(2) == "online"
    finally:
        for client in clients:
            client.close()


# -- the heartbeat chain with the video layer's own signaling client ------------------------------------------


@pytest.mark.asyncio
async def test_booth_health_travels_from_camera_to_hub_and_back_offline() -> None:
    """A booth's signaling client reports its camera every few seconds; the hub keeps it and drops the booth
    when the connection goes away (the silent-but-open case is in the browser test above)."""
    import asyncio

    from kiosk.video.camera import CameraState, SyntheticCamera
    from kiosk.video.signaling import SignalingClient
    with running_hub(heartbeat_timeout_s=2.0) as hub:
        token = hub.booth_token(2)
        admin = hub.client(hub.supervisor_token())
        camera = SyntheticCamera(320, 240, 10)
        camera.start()

        def health() -> HeartbeatPayload:
            return HeartbeatPayload(camera_ok=camera.state is CameraState.RUNNING, microphone_ok=True,
                                    speaker_ok=True, link_ok=True)

        async def booth_two() -> object:
            booths = await asyncio.to_thread(admin.list_booths, "KDR")
            return next(b for b in booths if b.number == 2)

        async def until(check: Callable[[Any], bool]) -> Any:
            """Booth 2 as the hub lists it, once `check` holds for it."""
            seen: list[Any] = []

            async def listed_so() -> bool:
                seen.append(await booth_two())
                return check(seen[-1])

            await wait_until(listed_so, within_s=10.0, interval=0.1, what="booth 2's listing")
            return seen[-1]

        client = SignalingClient(hub.base_url, token, HelloPayload(role=Role.BOOTH),
                                 on_envelope=lambda envelope: None, heartbeat=health)
        await client.start()
        try:
            await client.wait_connected(10)
            assert client.welcome is not None and client.welcome.heartbeat_interval_s == 0.5
            booth = await until(lambda b: b.connected and b.camera_ok is True)
            assert booth.last_heartbeat is not None
            camera.stop()  # unplugged: the next heartbeat says so
            await until(lambda b: b.camera_ok is False and b.connected)
        finally:
            await client.close()
        await until(lambda b: not b.connected)
        # The dashboard shows an offline booth's devices as unknown: its last heartbeat is no news of them now.
        def live_page() -> str:
            login = requests.post(f"{hub.base_url}/dashboard/login", allow_redirects=False, timeout=10,
                                  data={"username": "supervisor", "password": "super-demo"})
            return requests.get(f"{hub.base_url}/dashboard/live", cookies=login.cookies, timeout=10).text

        live = await asyncio.to_thread(live_page)
        row = live.split('id="booth-2"', 1)[1].split("</tr>", 1)[0]
        assert 'data-status="offline"' in row and 'class="dev ok"' not in row and 'class="dev unknown"' in row


@pytest.mark.asyncio
async def test_the_booth_app_reports_its_devices_with_every_heartbeat() -> None:
    """The booth's CallLink sends its camera, microphone, speaker and link state; the hub shows them."""
    import asyncio

    from kiosk.app.booth.call_link import CallLink
    from kiosk.video.camera import SyntheticCamera

    with running_hub(heartbeat_timeout_s=2.0) as hub:
        token = hub.booth_token(6)
        settings = Settings(booth={"hub_url": hub.base_url, "camera": "synthetic", "microphone": "tone",
                                   "speaker": "null"})
        camera = SyntheticCamera(320, 240, 10)
        camera.start()
        link = CallLink(settings, token, camera)
        admin = hub.client(hub.supervisor_token())
        await link.start()
        try:
            seen: list[Any] = []

            async def reported() -> bool:
                seen.append(next(b for b in await asyncio.to_thread(admin.list_booths, "KDR") if b.number == 6))
                return bool(seen[-1].connected and seen[-1].camera_ok is not None)

            await wait_until(reported, within_s=10.0, interval=0.1, what="booth 6's device report")
            booth = seen[-1]
            assert (booth.camera_ok, booth.microphone_ok, booth.speaker_ok, booth.link_ok) == (True, True, False, True)
        finally:
            await link.close()
            camera.stop()
