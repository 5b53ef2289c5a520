"""Drive the participant pages in headless Chromium (selenium): book, see the booking, prepare (consent, intake,
a document from a file input). Shared by the browser test and scripts/render_online_screenshots.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from kiosk.demo import browser
from kiosk.demo.browser import CHROMEDRIVER, CHROMIUM

__all__ = ["CHROMEDRIVER", "CHROMIUM", "chromium", "fill_booking", "prepare", "submit", "visible", "wait_for"]

PHONE = (390, 844)
DESKTOP = (1280, 800)


@contextmanager
def chromium(size: tuple[int, int] = PHONE) -> Iterator[Any]:
    """Headless Chromium with a fresh profile and a viewport of `size` (CSS pixels)."""
    with browser.chromium(browser.ChromiumOptions(width=size[0], height=size[1], fake_media=False)) as driver:
        yield driver


def wait_for(driver: Any, condition: Callable[[Any], Any], timeout: float = 15) -> Any:
    """Wait until `condition(driver)` is truthy; its value."""
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(condition)


def visible(driver: Any, css: str) -> Any:
    """The element, once it is displayed."""
    from selenium.webdriver.common.by import By

    return wait_for(
        driver, lambda d: next((e for e in d.find_elements(By.CSS_SELECTOR, css) if e.is_displayed()), None)
    )


def set_language(driver: Any, base_url: str, language: str) -> None:
    """Choose the pages' language (the cookie the switch sets)."""
    driver.get(base_url + "/online/")
    driver.add_cookie({"name": "kiosk_online_lang", "value": language, "path": "/online"})


def fill_booking(driver: Any, day: date, nik: str, kpj: str, phone: str = "081234567890") -> None:
    """Fill the booking form: the first branch, `day`, the first free slot, the claim type JHT, and the member."""
    from selenium.webdriver.common.by import By

    visible(driver, "#branch option")
    driver.execute_script(
        "const d = document.getElementById('date'); d.value = arguments[0];d.dispatchEvent(new Event('change'));",
        day.isoformat(),
    )
    visible(driver, "#slots .slot:not([disabled])").click()
    driver.find_element(By.ID, "nik").send_keys(nik)
    driver.find_element(By.ID, "kpj").send_keys(kpj)
    driver.find_element(By.ID, "phone").send_keys(phone)


def submit(driver: Any, form_id: str) -> None:
    """Press a form's submit button."""
    from selenium.webdriver.common.by import By

    button = driver.find_element(By.CSS_SELECTOR, f"#{form_id} button[type=submit]")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()


def prepare(driver: Any, base_url: str, photo: Path) -> None:
    """Consent, intake (the first reason, the first bank, an account number), and the e-KTP from a file."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    driver.get(base_url + "/online/prepare")
    box = visible(driver, "#consent-check")
    driver.execute_script("arguments[0].click()", box)
    submit(driver, "consent")
    visible(driver, "#reason option")
    Select(driver.find_element(By.ID, "reason")).select_by_index(0)
    if driver.find_element(By.ID, "last-day-box").is_displayed():  # a reason with a waiting period
        driver.execute_script("document.getElementById('last-day').value = arguments[0];", "2026-01-15")
    driver.find_element(By.ID, "account").send_keys("0123456789")
    submit(driver, "intake")
    visible(driver, "#docs .doc")
    first = driver.find_element(By.CSS_SELECTOR, "#docs .doc input.file")
    first.send_keys(str(photo))
    wait_for(driver, lambda d: "good" in d.find_element(By.CSS_SELECTOR, "#docs .doc .verdict").get_attribute("class"))


def storage_is_empty(driver: Any) -> bool:
    """Nothing in localStorage or sessionStorage."""
    return bool(driver.execute_script("return localStorage.length === 0 && sessionStorage.length === 0"))
