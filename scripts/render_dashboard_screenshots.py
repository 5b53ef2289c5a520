"""Render the branch dashboard in headless Chromium into docs/screenshots/dashboard.png and dashboard-en.png.

    .venv/bin/python scripts/render_dashboard_screenshots.py [--out DIR]

A hub of its own (temporary SQLite, the demo seed) with booths in different states: one waiting for the officer
with a call for help about a missing document, one in self-service asking for help with little free disk, one
whose camera gives no picture on an older app version, one seen today and then gone, one never connected; an
officer's console with unsent claims and a recording. Needs /usr/bin/chromium and /usr/bin/chromedriver (as the
browser tests in tests/server/dashboard/).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def chromium(binary: str, chromedriver: str) -> Any:
    """Headless Chromium as the dashboard's browser tests start it."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--window-size=1400,1330"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    driver.set_page_load_timeout(30)
    return driver


def main(argv: list[str] | None = None) -> int:
    """Render both languages; return 0."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from kiosk.protocol import HeartbeatPayload, Role
    from kiosk.server.db import Database
    from kiosk.server.models import VisitSession
    from kiosk.server.repositories import help_requests
    from tests.server.dashboard.test_routes import CHROMEDRIVER, CHROMIUM, FakeClient, Hub
    from tests.support.hub import running_hub

    with running_hub(heartbeat_timeout_s=3.0) as running:
        db = Database.from_url(running.database_url, pool_size=1)
        hub = Hub(running.base_url, running.settings, db)
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
        gone = FakeClient(hub, tokens[4], Role.BOOTH, HeartbeatPayload(**healthy)).start()
        driver = chromium(CHROMIUM, CHROMEDRIVER)
        try:
            waiting = hub.check_in(tokens[1], "self_service", "waiting_cso")
            alone = hub.check_in(tokens[2], "self_service")
            with db.session() as session:
                now = datetime.now(UTC)
                for session_id, reason, document, ago in (
                    (waiting, "missing_document", "heir_certificate", 140),
                    (alone, "needs_help", None, 45),
                ):
                    row = session.get(VisitSession, session_id)
                    assert row is not None
                    help_requests.raise_help(session, at=now - timedelta(seconds=ago), session_id=session_id,
                                             booth_id=row.booth_id, reason=reason, document=document)
            officer = FakeClient(hub, hub.login("cso1", "cso1-demo"), Role.CONSOLE,
                                 HeartbeatPayload(app_version="1.4.0", claims_unsent=2, recordings_unsent=1,
                                                  oldest_unsent_s=900.0), cap=4).start()
            clients.append(officer)
            gone.close()
            wait = WebDriverWait(driver, 25, poll_frequency=0.2)

            def js(expression: str) -> str:
                return str(driver.execute_script(f"return {expression};"))

            driver.get(f"{hub.url}/dashboard/login")
            driver.find_element(By.ID, "username").send_keys("supervisor")
            driver.find_element(By.ID, "password").send_keys("super-demo")
            driver.find_element(By.ID, "login-button").click()
            wait.until(lambda d: d.find_elements(By.ID, "alerts"))
            wait.until(lambda d: "offline:4" in js("document.body.dataset.alertKeys || ''"))
            wait.until(lambda d: "backlog:" in js("document.body.dataset.alertKeys || ''"))
            # Desktop (the branch office's PC) and phone (a supervisor away from the desk), in both languages.
            for width, suffix in ((1400, ""), (390, "-phone")):
                for language, lang_suffix in (("id", ""), ("en", "-en")):
                    driver.get(f"{hub.url}/dashboard?lang={language}")
                    wait.until(lambda d: d.find_elements(By.ID, "alerts"))
                    driver.set_window_size(width, 844)
                    time.sleep(1.0)  # the first refresh of the figures
                    height = int(js("document.documentElement.scrollHeight"))
                    driver.set_window_size(width, height + 160)
                    time.sleep(0.5)
                    args.out.mkdir(parents=True, exist_ok=True)
                    name = args.out / f"dashboard{suffix}{lang_suffix}.png"
                    driver.save_screenshot(str(name))
                    print(name)
        finally:
            for client in clients:
                client.close()
            driver.quit()
            db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
