"""The employer's page and the worker's confirmation page in headless Chromium, against a real hub."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import requests

from kiosk.server.sms import outbox
from tests.server.collective.live_world import PASSWORD, USERNAME, World, prepare
from tests.support.chromium import ChromiumOptions, chromium
from tests.support.hub import RunningHub, running_hub

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def hub() -> Iterator[RunningHub]:
    with running_hub() as running:
        yield running


@pytest.fixture(scope="module")
def world(hub: RunningHub, tmp_path_factory: pytest.TempPathFactory) -> World:
    today = datetime.now(ZoneInfo("Asia/Jakarta")).date()
    return prepare(hub, tmp_path_factory.mktemp("roster"), today, workers=6)


@pytest.fixture
def browser() -> Iterator[Any]:
    """A phone-sized Chromium (tests/support/chromium.py: skipped without one, but never on CI)."""
    with chromium(ChromiumOptions(width=390, height=844, fake_media=False)) as driver:
        yield driver


def wait(driver: Any, condition: Any, timeout: float = 45) -> Any:
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    # A table drawn anew between two reads of it is read again, not a failure.
    return WebDriverWait(driver, timeout, ignored_exceptions=(StaleElementReferenceException,)).until(condition)


def test_employer_uploads_fixes_and_invites_then_a_worker_confirms(world: World, browser: Any,
                                                                  tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    d = browser
    d.get(world.base_url + "/collective/")
    csp = requests.get(world.base_url + "/collective/", timeout=10).headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    wait(d, lambda _: d.find_element(By.ID, "login").is_displayed())
    d.find_element(By.ID, "username").send_keys(USERNAME)
    d.find_element(By.ID, "password").send_keys("wrong-password")
    d.find_element(By.CSS_SELECTOR, "#login button").click()
    wait(d, lambda _: d.find_element(By.ID, "login-error").is_displayed())
    assert "salah" in d.find_element(By.ID, "login-error").text
    d.find_element(By.ID, "password").clear()
    d.find_element(By.ID, "password").send_keys(PASSWORD)
    d.find_element(By.CSS_SELECTOR, "#login button").click()
    wait(d, lambda _: d.find_element(By.ID, "work").is_displayed())
    assert "PT Contoh Tekstil" in d.find_element(By.ID, "who").text

    d.find_element(By.ID, "roster").send_keys(str(world.roster))
    d.find_element(By.ID, "roster-upload").click()
    wait(d, lambda _: "Selesai" in d.find_element(By.ID, "roster-status").text)
    wait(d, lambda _: len(d.find_elements(By.CSS_SELECTOR, "#rows tbody tr")) == 6)
    table = d.find_element(By.ID, "rows").text
    assert "Perlu diperbaiki" in table and "nomor HP" in table and "rumus" in table
    assert "Siap dikirimi SMS" in table

    fixed = tmp_path / "perbaikan.csv"
    from tests.support.rosters import roster_csv

    fixed.write_bytes(roster_csv(world.rows))
    d.find_element(By.ID, "roster").send_keys(str(fixed))
    d.find_element(By.ID, "roster-upload").click()
    # The table is drawn anew for the new file: empty for a moment, which has no "Perlu diperbaiki" either (CI
    # once read the count there).
    wait(d, lambda _: len(d.find_elements(By.CSS_SELECTOR, "#rows tbody tr")) == 6
         and "Perlu diperbaiki" not in d.find_element(By.ID, "rows").text)

    d.find_element(By.ID, "invite").click()
    wait(d, lambda _: "6" in d.find_element(By.ID, "invite-status").text)
    message = next(m for m in outbox(world.data_dir).messages() if m.to == "+62" + world.rows[0][8][1:])
    link = re.search(r"(http\S+/collective/confirm#([A-Z0-9]{8}))", message.text)
    assert link is not None
    assert "?" not in link.group(1)  # the code is in the fragment only

    d.get(link.group(1))
    wait(d, lambda _: d.find_element(By.ID, "code").get_attribute("value") == link.group(2))
    assert "#" not in d.current_url  # the code is taken out of the address bar
    d.find_element(By.ID, "nik").send_keys(world.rows[0][0])
    d.find_element(By.CSS_SELECTOR, "#lookup button").click()
    wait(d, lambda _: d.find_element(By.ID, "claim").is_displayed())
    assert "PT Contoh Tekstil" in d.find_element(By.ID, "c-employer").text
    assert world.rows[0][7][-4:] in d.find_element(By.ID, "c-account").text
    assert world.rows[0][7] not in d.page_source
    d.find_element(By.ID, "yes").click()
    wait(d, lambda _: d.find_element(By.ID, "done").is_displayed())
    assert "dikonfirmasi" in d.find_element(By.ID, "done").text
    assert d.execute_script("return window.localStorage.length + window.sessionStorage.length") == 0


def test_confirmation_page_in_english_says_when_the_code_is_wrong(world: World, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    d = browser
    d.get(world.base_url + "/collective/confirm?lang=en")
    d.find_element(By.ID, "code").send_keys("ABCD2345")
    d.find_element(By.ID, "nik").send_keys(world.rows[1][0])
    d.find_element(By.CSS_SELECTOR, "#lookup button").click()
    wait(d, lambda _: d.find_element(By.ID, "lookup-error").is_displayed())
    assert "does not match" in d.find_element(By.ID, "lookup-error").text
    assert d.find_element(By.CSS_SELECTOR, "html").get_attribute("lang") == "en"
    errors = [e for e in d.get_log("browser") if "Content Security Policy" in e.get("message", "")]
    assert errors == []
