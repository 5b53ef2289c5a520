"""The participant's Join page in headless Chromium (fake camera and microphone) against a real hub, and a call
with the console app's own `ConsoleService`: lobby, queue, video both ways at the quality the officer asks for,
a full-resolution capture, a signature, a reload that rejoins the same visit, and the end with the reference."""

from __future__ import annotations

import asyncio
import io
import time
from pathlib import Path
from typing import Any

import pytest
import requests
from PIL import Image
from selenium.webdriver.common.action_chains import ActionChains

from kiosk.domain.media import QualityLevel
from kiosk.domain.session import SessionState
from kiosk.protocol import ControlType, EndPayload, Outcome
from kiosk.server.repositories.web_sessions import COOKIE_NAME
from tests.support.chromium import console_errors, set_cookie
from tests.support.hub import RunningHub, running_hub
from tests.support.online import OnlineVisit, online_visit
from tests.support.online_console import ConsoleThread, console_thread

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _open_join(driver: Any, hub: RunningHub, visit: OnlineVisit, lang: str = "id") -> None:
    set_cookie(driver, hub.base_url, COOKIE_NAME, visit.token)
    driver.get(f"{hub.base_url}/online/join" + ("?lang=en" if lang == "en" else ""))


def _until(driver: Any, script: str, timeout: float = 30.0) -> Any:
    """Poll a script until it returns something truthy."""
    deadline = time.monotonic() + timeout
    while True:
        value = driver.execute_script(script)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out: {script}; browser log: {console_errors(driver)}")
        time.sleep(0.2)


def _stats(driver: Any) -> dict[str, Any]:
    return driver.execute_async_script("window.kioskJoin.stats().then(arguments[0])") or {}


def _errors(driver: Any) -> list[str]:
    # Expected refusals of the online routes another change adds (the page falls back) are no page error.
    return [e for e in console_errors(driver) if "/api/v1/online/" not in e]


def test_the_page_is_served_with_a_strict_policy() -> None:
    with running_hub() as hub:
        page = requests.get(f"{hub.base_url}/online/join", timeout=10)
        assert page.status_code == 200 and "join.js" in page.text
        csp = page.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert "camera=(self)" in page.headers["Permissions-Policy"]
        assert "<script>" not in page.text and "style=" not in page.text  # nothing inline
        for name in ("join.js", "call.js", "join_strings.js", "call.css"):
            assert requests.get(f"{hub.base_url}/online/join/static/{name}", timeout=10).status_code == 200
        assert requests.get(f"{hub.base_url}/online/static/online.css", timeout=10).status_code == 200
        assert requests.get(f"{hub.base_url}/online/join/static/..%2Fjoin.py", timeout=10).status_code == 404
        qr = requests.get(f"{hub.base_url}/online/join/qr.svg", params={"text": "JHT-KDR-0001"}, timeout=10)
        assert qr.headers["Content-Type"].startswith("image/svg+xml") and b"<svg" in qr.content
        assert requests.get(f"{hub.base_url}/online/join/qr.svg", params={"text": "<x>"}, timeout=10).status_code == 422


def test_the_lobby_checks_camera_and_microphone_and_joins_the_queue(chromium_factory: Any) -> None:
    with running_hub() as hub:
        visit = online_visit(hub, state=SessionState.CHECKED_IN)
        driver = chromium_factory(width=390, height=844)
        _open_join(driver, hub, visit)
        _until(driver, "return !document.getElementById('join').disabled")
        assert driver.execute_script("return document.getElementById('preview').videoWidth") > 0
        assert driver.execute_script("return document.getElementById('camera-select').options.length") >= 1
        assert driver.execute_script("return document.getElementById('mic-select').options.length") >= 1
        # The fake microphone beeps: the level meter moves.
        _until(driver, "return document.getElementById('level').value > 0.01", 10)
        assert driver.find_element("id", "join").text == "Masuk antrean"
        driver.find_element("id", "lang").click()
        assert driver.find_element("id", "join").text == "Join the queue"
        driver.find_element("id", "join").click()
        text = _until(driver, "return window.kioskJoin.queueText()")
        assert text.startswith("You are in the queue")
        supervisor = hub.client(hub.supervisor_token())
        assert supervisor.get_session(visit.session_id).state is SessionState.WAITING_CSO  # in the branch's queue
        # Nothing is kept in the browser's storage.
        assert driver.execute_script("return localStorage.length + sessionStorage.length") == 0
        assert _errors(driver) == []


def test_joining_before_the_window_opens_says_from_when_and_keeps_the_visit(chromium_factory: Any) -> None:
    with running_hub() as hub:
        visit = online_visit(hub, state=SessionState.CHECKED_IN, slot_in_min=120)
        driver = chromium_factory(width=390, height=844)
        _open_join(driver, hub, visit, lang="en")
        _until(driver, "return !document.getElementById('join').disabled")
        driver.find_element("id", "join").click()
        text = _until(driver, "const p = document.getElementById('problem'); return !p.hidden && p.textContent")
        assert text.startswith("Your call is not open yet. You can join the queue from ")
        assert not driver.find_element("id", "join").get_attribute("disabled")  # try again later, same page
        supervisor = hub.client(hub.supervisor_token())
        assert supervisor.get_session(visit.session_id).state is SessionState.CHECKED_IN  # not in the queue


def test_a_denied_camera_gets_a_clear_sentence(chromium_factory: Any) -> None:
    with running_hub() as hub:
        visit = online_visit(hub, state=SessionState.CHECKED_IN)
        driver = chromium_factory(deny_media=True)
        _open_join(driver, hub, visit)
        problem = _until(driver, "return document.getElementById('problem').textContent")
        assert "Izin kamera atau mikrofon ditolak" in problem
        assert driver.execute_script("return document.getElementById('join').disabled") is True


def _quality(officer: ConsoleThread, sid: str, level: QualityLevel, want: Any, seconds: float = 20.0) -> tuple:
    """Ask for `level` and wait until the console receives what `want(width, height, fps)` accepts."""
    officer.call(officer.service.router.set_quality, sid, level)
    deadline = time.monotonic() + seconds
    seen: tuple = ()
    while time.monotonic() < deadline:
        seen = officer.measure(sid, 2.0)
        if want(*seen):
            return seen
    raise AssertionError(f"{level.value}: the console received {seen}")


def test_a_browser_participant_in_a_call_with_the_console(chromium_factory: Any, tmp_path: Path) -> None:
    with running_hub() as hub, console_thread(hub.base_url, tmp_path) as officer:
        visit = online_visit(hub, state=SessionState.WAITING_CSO)
        sid = visit.session_id
        driver = chromium_factory(width=1280, height=800)
        _open_join(driver, hub, visit)
        officer.wait(lambda: officer.connected(sid), 30, "the browser's call at the console")
        assert officer.state.booths[sid].booth_number is None
        # The participant who joined is ready for the officer: the tile waits, first in line.
        officer.wait(lambda: officer.call(officer.state.longest_waiting) == sid, 10, "the participant waiting")
        officer.wait(lambda: officer.received(sid)[2] > 0, 20, "the browser's video at the console")

        # Focused: the officer sees the browser at 1280x720 and at least 20 fps, and the browser the officer.
        officer.call(officer.state.focus, sid)
        _quality(officer, sid, QualityLevel.FOCUS, lambda w, h, fps: (w, h) == (1280, 720) and fps >= 20)
        _until(driver, "return document.getElementById('officer').videoWidth >= 1280", 20)
        inbound = _stats(driver)["inbound"]
        assert inbound["width"] >= 1280 and inbound["fps"] >= 10  # the officer's real picture, not 160x90 at 1 fps
        # A tile among many: the thumbnail level.
        _quality(officer, sid, QualityLevel.THUMBNAIL, lambda w, h, fps: w <= 320 and h <= 240 and fps <= 12)
        officer.call(officer.service.router.set_quality, sid, QualityLevel.FOCUS)

        # A capture: a still at the camera's full resolution, uploaded with the cookie.
        officer.run(officer.service.request_capture(sid, "ektp"), timeout=40)
        staff = hub.client(hub.cso_token("cso1"))
        docs = staff.list_documents(sid)
        ektp = [d for d in docs if d.document_type == "ektp"]
        assert ektp, docs
        content = requests.get(
            f"{hub.base_url}/api/v1/documents/{ektp[-1].id}/content",
            headers={"Authorization": f"Bearer {hub.cso_token('cso1')}"}, timeout=10,
        )
        image = Image.open(io.BytesIO(content.content))
        assert image.size[0] >= 1280 and image.size[1] >= 720

        # A signature on the canvas.
        future = asyncio.run_coroutine_threadsafe(officer.service.request_signature(sid), officer.loop)
        _until(driver, "return !document.getElementById('signature').hidden", 20)
        pad = driver.find_element("id", "sign-pad")
        ActionChains(driver).move_to_element_with_offset(pad, -100, 0).click_and_hold().move_by_offset(
            80, 30
        ).move_by_offset(80, -40).move_by_offset(60, 20).release().perform()
        driver.find_element("id", "sign-done").click()
        future.result(30)
        assert officer.state.booths[sid].signature_id is not None

        # A reload mid-call rejoins the same visit: a new offer, the console's peer connected again.
        driver.refresh()
        _until(driver, "return window.kioskJoin.phase() === 'call'", 30)
        assert driver.execute_script("return window.kioskJoin.sessionId()") == sid
        officer.wait(lambda: officer.connected(sid), 30, "the call again after the reload")
        _until(driver, "return document.getElementById('officer').videoWidth > 0", 30)

        # The end: the reference as text and QR; the page wipes itself.
        reference = "JHT-KDR-20261130-0042"
        officer.run(officer.service._control(sid, ControlType.END, EndPayload(outcome=Outcome.SUBMITTED,
                                                                               reference=reference)))
        _until(driver, "return window.kioskJoin.phase() === 'end'", 20)
        assert driver.find_element("id", "reference").text == reference
        _until(driver, "return document.getElementById('reference-qr').naturalWidth > 0", 10)
        assert driver.execute_script("return document.getElementById('self').srcObject") is None
        assert _errors(driver) == []


def test_a_signature_given_while_the_link_blips_reaches_the_officer_once(chromium_factory: Any, tmp_path: Path) -> None:
    """The demo's stall: the console lost its side of the connection (ICE consent expired on a loaded machine) while
    the signature pad was up. The page signs on, its answer waits for the new connection's channel, the console
    sends its unanswered request again there, and the page answers it from memory: one signature, no second pad."""
    with running_hub() as hub, console_thread(hub.base_url, tmp_path) as officer:
        visit = online_visit(hub, state=SessionState.WAITING_CSO)
        sid = visit.session_id
        driver = chromium_factory(width=1280, height=800)
        _open_join(driver, hub, visit)
        officer.wait(lambda: officer.connected(sid), 30, "the browser's call at the console")
        officer.wait(lambda: officer.received(sid)[2] > 0, 20, "the browser's video at the console")

        future = asyncio.run_coroutine_threadsafe(officer.service.request_signature(sid), officer.loop)
        _until(driver, "return !document.getElementById('signature').hidden", 20)
        peer = officer.service.router.peers[sid]
        officer.run(peer._console_link_lost(peer._link))  # what a consent expiry does: drop the link, say bye
        pad = driver.find_element("id", "sign-pad")
        ActionChains(driver).move_to_element_with_offset(pad, -100, 0).click_and_hold().move_by_offset(
            80, 30
        ).move_by_offset(80, -40).release().perform()
        driver.find_element("id", "sign-done").click()
        future.result(60)
        assert officer.state.booths[sid].signature_id is not None
        officer.wait(lambda: officer.connected(sid), 30, "the call again after the blip")
        time.sleep(2.0)  # a request sent again and carried out again would show a second pad by now
        assert driver.execute_script("return document.getElementById('signature').hidden") is True
        staff = hub.client(hub.cso_token("cso1"))
        assert [d.document_type for d in staff.list_documents(sid)].count("signature") == 1
        # The channel works after the blip: the officer still reaches the participant.
        _quality(officer, sid, QualityLevel.THUMBNAIL, lambda w, h, fps: w <= 320 and h <= 240)
