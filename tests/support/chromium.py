"""Headless Chromium for tests of the hub's web pages (selenium with Debian's ``chromium`` and
``chromium-driver``), with a fake camera and microphone for WebRTC pages.

::

    from tests.support.chromium import chromium, ChromiumOptions

    with chromium(ChromiumOptions(width=390, height=844, language="en")) as driver:
        driver.get(url)

or the fixtures ``chromium_browser`` (desktop size, Indonesian) and ``chromium_factory`` (call it with options; every
browser it made is closed after the test). Without Chromium the tests are skipped, except on CI (``CI=true``),
where a missing browser fails: CI must test the pages in a real browser.

Options: window size, language (``--lang`` and ``Accept-Language``), fake media (Chromium's test pattern camera
and a beeping microphone, permission granted without a prompt), ``--allow-loopback-in-peer-connection`` (a hub
and a console on 127.0.0.1 offer only loopback candidates), autoplay without a user gesture, and optionally a
WebRTC IP handling policy (``disable_non_proxied_udp`` forces relay through TURN) or a denied camera.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


@dataclass(frozen=True)
class ChromiumOptions:
    """How to start one browser."""

    width: int = 1280
    height: int = 800
    #: ``id`` or ``en``: the browser's UI language and its Accept-Language.
    language: str = "id"
    fake_media: bool = True
    #: Refuse the camera and microphone (as a participant who pressed "Block").
    deny_media: bool = False
    #: ``--force-webrtc-ip-handling-policy`` (e.g. ``disable_non_proxied_udp`` for relay only), or None.
    webrtc_ip_policy: str | None = None
    extra_flags: tuple[str, ...] = field(default_factory=tuple)


def chromium_available() -> bool:
    """Whether Debian's chromium and chromedriver are installed."""
    return Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()


def require_chromium() -> None:
    """Skip the test without Chromium, or fail on CI."""
    if chromium_available():
        return
    if os.environ.get("CI") == "true":
        pytest.fail("Chromium and chromedriver are missing on CI (./dev test installs them)")
    pytest.skip("Chromium and chromedriver are not installed (./dev test installs them)")


def _flags(options: ChromiumOptions, profile: str) -> list[str]:
    flags = [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--disable-renderer-backgrounding",
        "--disable-background-timer-throttling",
        "--disable-backgrounding-occluded-windows",
        "--autoplay-policy=no-user-gesture-required",
        "--allow-loopback-in-peer-connection",
        f"--window-size={options.width},{options.height}",
        f"--lang={options.language}",
        f"--user-data-dir={profile}",
    ]
    if options.fake_media:
        flags.append("--use-fake-device-for-media-stream=fps=30")
        if not options.deny_media:
            flags.append("--use-fake-ui-for-media-stream")
        else:
            flags.append("--deny-permission-prompts")
    if options.webrtc_ip_policy:
        flags.append(f"--force-webrtc-ip-handling-policy={options.webrtc_ip_policy}")
    return flags + list(options.extra_flags)


@contextlib.contextmanager
def chromium(options: ChromiumOptions | None = None) -> Iterator[Any]:
    """A headless Chromium (a selenium WebDriver), closed and its profile removed afterwards."""
    require_chromium()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = options or ChromiumOptions()
    profile = tempfile.mkdtemp(prefix="kiosk-chromium-")
    chrome = webdriver.ChromeOptions()
    chrome.binary_location = CHROMIUM
    for flag in _flags(options, profile):
        chrome.add_argument(flag)
    chrome.add_experimental_option("prefs", {"intl.accept_languages": options.language})
    chrome.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=chrome)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    # Headless Chromium keeps windows at least 500 px wide: a phone's 390 px needs the device metrics set.
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": options.width, "height": options.height, "deviceScaleFactor": 1, "mobile": options.width < 600},
    )
    try:
        yield driver
    finally:
        with contextlib.suppress(Exception):
            driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def set_cookie(driver: Any, base_url: str, name: str, value: str) -> None:
    """Give the browser a cookie of the hub (HttpOnly, SameSite=Strict, as the hub sets its own): the browser
    must be on the hub's origin first, so this opens a small page of it."""
    driver.get(base_url + "/healthz")
    driver.add_cookie({"name": name, "value": value, "path": "/", "httpOnly": True, "sameSite": "Strict"})


def console_errors(driver: Any) -> list[str]:
    """The page's JavaScript errors and CSP violations so far (the browser log's SEVERE entries)."""
    return [e["message"] for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


@pytest.fixture
def chromium_factory() -> Iterator[Callable[..., Any]]:
    """Start browsers with `ChromiumOptions` fields as keyword arguments; all are closed after the test."""
    with contextlib.ExitStack() as stack:

        def make(**kwargs: Any) -> Any:
            return stack.enter_context(chromium(ChromiumOptions(**kwargs)))

        yield make


@pytest.fixture
def chromium_browser(chromium_factory: Callable[..., Any]) -> Any:
    """One desktop-size Chromium with a fake camera and microphone."""
    return chromium_factory()
