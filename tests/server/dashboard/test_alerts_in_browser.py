"""The dashboard's new figures and alerts in headless Chromium, on a hub of its own with booths in different
states: a new alert rings (or the sound button says the browser held it back), never silently; the page is
written to /tmp/dashboard-id.png and /tmp/dashboard-en.png to look at."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from kiosk.protocol import HeartbeatPayload, Role
from kiosk.server.db import Database
from tests.server.dashboard.test_routes import FakeClient, Hub, browser  # noqa: F401 - `browser` is a fixture
from tests.support.hub import running_hub

OUT = Path(tempfile.gettempdir())


@pytest.fixture(scope="module")
def hub() -> Iterator[Hub]:
    with running_hub(heartbeat_timeout_s=3.0) as running:
        db = Database.from_url(running.database_url, pool_size=1)
        try:
            yield Hub(running.base_url, running.settings, db)
        finally:
            db.dispose()


def test_the_alert_sound_is_served(hub: Hub) -> None:
    response = requests.get(f"{hub.url}/dashboard/static/alert.wav", timeout=10)
    assert response.status_code == 200 and response.headers["content-type"] == "audio/wav"
    assert response.content[:4] == b"RIFF" and len(response.content) > 5000


@pytest.mark.browser
@pytest.mark.slow
def test_alerts_figures_and_the_sound_button(hub: Hub, browser: object) -> None:  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser
    wait = WebDriverWait(driver, 25, poll_frequency=0.2)  # type: ignore[arg-type]

    def js(expression: str) -> str:
        return str(driver.execute_script(f"return {expression};"))  # type: ignore[attr-defined]

    def text(selector: str) -> str:
        return js(f"document.querySelector({selector!r}).innerText")

    admin = hub.login("admin", "admin-demo")
    tokens = {n: hub.enroll(admin, n) for n in (1, 2, 3, 4, 5)}
    healthy = {"camera_ok": True, "microphone_ok": True, "speaker_ok": True, "link_ok": True,
               "app_version": "1.4.0", "free_disk_mb": 48_000}
    clients = [
        FakeClient(hub, tokens[1], Role.BOOTH, HeartbeatPayload(**healthy)).start(),
        FakeClient(hub, tokens[2], Role.BOOTH, HeartbeatPayload(**{**healthy, "free_disk_mb": 900})).start(),
        FakeClient(hub, tokens[3], Role.BOOTH,
                   HeartbeatPayload(**{**healthy, "camera_ok": False, "app_version": "1.3.2"})).start(),
    ]
    gone = FakeClient(hub, tokens[4], Role.BOOTH, HeartbeatPayload(**healthy)).start()  # seen today, then gone
    try:
        hub.check_in(tokens[1], "self_service", "waiting_cso")
        hub.check_in(tokens[2], "self_service")
        officer = FakeClient(hub, hub.login("cso1", "cso1-demo"), Role.CONSOLE,
                             HeartbeatPayload(app_version="1.4.0", claims_unsent=2, recordings_unsent=1,
                                              oldest_unsent_s=900.0), cap=4).start()
        clients.append(officer)
        gone.close()

        driver.get(f"{hub.url}/dashboard/login")  # type: ignore[attr-defined]
        driver.find_element(By.ID, "username").send_keys("supervisor")  # type: ignore[attr-defined]
        driver.find_element(By.ID, "password").send_keys("super-demo")  # type: ignore[attr-defined]
        driver.find_element(By.ID, "login-button").click()  # type: ignore[attr-defined]
        wait.until(lambda d: d.find_elements(By.ID, "alerts"))
        wait.until(lambda d: "offline:4" in js("document.body.dataset.alertKeys || ''"))
        wait.until(lambda d: "backlog:" in js("document.body.dataset.alertKeys || ''"))
        keys = js("document.body.dataset.alertKeys").split()
        assert {"camera:3", "disk:2", "offline:4"} <= set(keys)
        assert "Bilik 3: kamera tidak memberi gambar." in text("#alerts")
        assert "klaim 2, rekaman 1" in text("#alerts")
        assert js("document.getElementById('booth-5').dataset.status") == "never_seen"
        assert "Belum pernah terhubung" in text("#booth-5")
        assert js("document.getElementById('booth-4').dataset.status") == "offline"
        assert "1.3.2" in text("#booth-3 .version") and "GiB" in text("#booth-1 .disk")
        assert "low" in js("document.querySelector('#booth-2 .disk').className")
        assert text("#waiting") == "1"
        assert "klaim 2 · rekaman 1" in text("#officers")
        assert "Check-in sampai nomor klaim" in text("#steps")
        # The sound is off until someone clicks: the button says so, and alerts already there do not ring.
        assert js("document.getElementById('sound').hidden") == "False"
        assert js("document.getElementById('sound').dataset.state") == "off"
        assert text("#sound") == "Nyalakan suara peringatan"
        assert js("document.body.dataset.alertsNew || '0'") == "0"
        OUT.mkdir(exist_ok=True)
        height = int(js("document.documentElement.scrollHeight"))
        driver.set_window_size(1400, height + 160)  # type: ignore[attr-defined]
        driver.save_screenshot(str(OUT / "dashboard-id.png"))  # type: ignore[attr-defined]

        # A new alert: the page tries to ring. Without a click first, the browser may hold it back: then the button
        # says so instead of failing silently.
        clients[0].health = HeartbeatPayload(**{**healthy, "camera_ok": False})
        wait.until(lambda d: js("document.body.dataset.alertsNew || '0'") == "1")
        wait.until(lambda d: js("(document.body.dataset.alertsRung || '0') + (document.body.dataset.alertsHeld || '0')")
                   != "00")
        def sound_state() -> str:
            return js("document.getElementById('sound').dataset.state")

        if js("document.body.dataset.alertsHeld || '0'") != "0":
            assert sound_state() == "blocked"
            assert "menahan suara" in text("#sound")
            # Clicking turns it on, and rings once to prove it.
            driver.find_element(By.ID, "sound").click()  # type: ignore[attr-defined]
            wait.until(lambda d: sound_state() == "on")
        else:  # this browser lets the page play: the chime rang and the button says the sound is on
            assert sound_state() == "on"
        assert text("#sound") == "Suara peringatan menyala"
        # Muting is one click, remembered in this browser; a muted page does not ring.
        driver.find_element(By.ID, "sound").click()  # type: ignore[attr-defined]
        wait.until(lambda d: sound_state() == "muted")
        assert text("#sound") == "Suara peringatan mati"
        assert js("window.localStorage.getItem('kiosk-dashboard-sound')") == "muted"
        rung = js("document.body.dataset.alertsRung || '0'")
        clients[1].health = HeartbeatPayload(**{**healthy, "camera_ok": False})
        wait.until(lambda d: js("document.body.dataset.alertsNew || '0'") == "2")
        assert js("document.body.dataset.alertsRung || '0'") == rung
        driver.find_element(By.ID, "sound").click()  # type: ignore[attr-defined]
        wait.until(lambda d: sound_state() == "on")
        assert js("window.localStorage.getItem('kiosk-dashboard-sound')") == "on"

        driver.get(f"{hub.url}/dashboard?lang=en")  # type: ignore[attr-defined]
        wait.until(lambda d: d.find_elements(By.ID, "alerts"))
        assert "Booth 1: the camera gives no picture." in text("#alerts")
        assert "Never connected" in text("#booth-5")
        assert "Time per step today (median)" in js("document.getElementById('steps').parentElement.textContent")
        driver.save_screenshot(str(OUT / "dashboard-en.png"))  # type: ignore[attr-defined]
    finally:
        for client in clients:
            client.close()
