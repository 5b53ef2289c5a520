"""The participant pages in headless Chromium against a real hub: book, sign in, prepare (consent, intake, a
specimen photo through a file input), see the status, on a phone-sized window; nothing in the browser's storage;
and every page's headers (a strict CSP of its own, no inline script or style)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.server.db import Database
from kiosk.server.models import Booking, Participant, VisitSession
from tests.server.online.browser_flow import (
    CHROMEDRIVER,
    CHROMIUM,
    PHONE,
    chromium,
    fill_booking,
    prepare,
    storage_is_empty,
    submit,
    visible,
    wait_for,
)
from tests.server.online.conftest import card_photo, tomorrow
from tests.support.hub import RunningHub, running_hub

PAGES = ["/online/", "/online/book", "/online/booking", "/online/prepare"]


@pytest.fixture(scope="module")
def hub() -> Iterator[RunningHub]:
    with running_hub() as running:
        yield running


def _members(hub: RunningHub) -> list[tuple[str, str]]:
    db = Database.from_url(hub.database_url)
    try:
        with db.session() as session:
            return [(p.nik, p.kpj) for p in session.execute(select(Participant).order_by(Participant.id)).scalars()]
    finally:
        db.dispose()


def _intake_of(hub: RunningHub, code: str) -> dict[str, str]:
    db = Database.from_url(hub.database_url)
    try:
        with db.session() as session:
            booking = session.execute(select(Booking).where(Booking.code == code)).scalar_one()
            visit = session.get(VisitSession, booking.session_id)
            return dict(visit.intake or {}) if visit else {}
    finally:
        db.dispose()


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_its_own_strict_csp_and_no_inline_code(hub: RunningHub, path: str) -> None:
    import httpx

    response = httpx.get(hub.base_url + path)
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "http" not in csp
    assert response.headers["x-frame-options"] == "DENY" and response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["cache-control"] == "no-store"
    html = response.text
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "an inline script"
    assert "<style" not in html and " style=" not in html and not re.search(r"\son[a-z]+=", html)
    assert not re.search(r"(src|href)=\"(https?:)?//", html), "a third-party resource"
    for asset in re.findall(r"(?:src|href)=\"(/online/static/[^\"]+)\"", html):
        assert httpx.get(hub.base_url + asset).status_code == 200


def test_book_sign_in_prepare_and_status_on_a_phone(hub: RunningHub, tmp_path: Path) -> None:
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium and chromedriver are missing on CI")
        pytest.skip("Chromium and chromedriver are not installed")
    from selenium.webdriver.common.by import By

    photo = tmp_path / "ektp.jpg"
    photo.write_bytes(card_photo())
    nik, kpj = _members(hub)[4]
    with chromium(PHONE) as driver:
        driver.get(hub.base_url + "/online/book")
        # A wrong NIK is said inline, in the page's language, and nothing typed is lost.
        fill_booking(driver, tomorrow(), "3571", kpj)
        submit(driver, "book")
        error = visible(driver, '.field-error[data-for="nik"]')
        assert error.text == "NIK harus 16 angka."
        driver.find_element(By.ID, "lang-switch").click()
        wait_for(driver, lambda d: error.text == "The NIK has 16 digits.")
        assert driver.find_element(By.ID, "kpj").get_attribute("value") == kpj
        driver.find_element(By.ID, "lang-switch").click()
        nik_field = driver.find_element(By.ID, "nik")
        nik_field.clear()
        nik_field.send_keys(nik)
        submit(driver, "book")
        code = visible(driver, "#b-code").text
        assert re.fullmatch(r"KDR-[A-Z0-9]{6}", code)
        assert "Dokumen: belum dipilih" in visible(driver, "#b-status").text
        assert driver.execute_script("return document.cookie").find("kiosk_online=") < 0  # HttpOnly
        # Another browser session: sign in with the code and NIK.
        driver.delete_all_cookies()
        driver.get(hub.base_url + "/online/")
        driver.find_element(By.ID, "code").send_keys(code)
        driver.find_element(By.ID, "nik").send_keys(nik)
        submit(driver, "signin")
        visible(driver, "#b-code")
        prepare(driver, hub.base_url, photo)
        # A reason with a waiting period asked for the last day of work, and the hub has it for the rules.
        intake = _intake_of(hub, code)
        assert intake.get("termination_date") == "2026-01-15" or intake["reason"] not in ("resignation", "layoff")
        driver.get(hub.base_url + "/online/booking")
        status = visible(driver, "#b-status")
        wait_for(driver, lambda d: status.text.startswith("Dokumen 1 dari 6; panggilan Anda pukul"))
        assert "?" not in driver.current_url and "token" not in driver.current_url
        assert storage_is_empty(driver)
        assert driver.execute_script("return indexedDB.databases().then(l => l.length)") == 0


def test_a_press_while_the_page_still_loads_is_held_and_the_nik_never_reaches_the_address(hub: RunningHub) -> None:
    """On a slow phone the participant may press "Masuk" before the page's script has its texts: the press is kept
    and sent once the page listens. The browser never sends the form by itself, which would reload the page, lose
    the press and put the NIK in the address bar and the history."""
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium and chromedriver are missing on CI")
        pytest.skip("Chromium and chromedriver are not installed")
    from selenium.webdriver.common.by import By

    nik, kpj = _members(hub)[5]
    with chromium(PHONE) as driver:
        driver.get(hub.base_url + "/online/book")
        fill_booking(driver, tomorrow(), nik, kpj)
        submit(driver, "book")
        code = visible(driver, "#b-code").text
        driver.delete_all_cookies()
        # Every request now takes 1.5 s more: the page is drawn while its texts are still on the way.
        driver.set_network_conditions(latency=1500, throughput=10 * 1024 * 1024)
        driver.get(hub.base_url + "/online/")
        driver.find_element(By.ID, "code").send_keys(code)
        driver.find_element(By.ID, "nik").send_keys(nik)
        assert not driver.execute_script("return !!(window.K && K.data)"), "the page was ready: nothing to hold"
        submit(driver, "signin")
        wait_for(driver, lambda d: d.current_url.endswith("/online/booking"), timeout=30)
        assert visible(driver, "#b-code").text == code
        assert "?" not in driver.current_url
        # The same on the prepare page: consent given before the page listens still opens the visit's intake.
        driver.get(hub.base_url + "/online/prepare")
        driver.execute_script("arguments[0].click()", driver.find_element(By.ID, "consent-check"))
        assert not driver.execute_script("return !!(window.K && K.data)"), "the page was ready: nothing to hold"
        submit(driver, "consent")
        assert visible(driver, "#reason option").get_attribute("value")
        assert "?" not in driver.current_url
