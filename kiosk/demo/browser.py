"""Headless Chromium driven by selenium, with a fake camera and microphone: the demo's online participants and
the tests of the hub's web pages use the same browser (Debian's ``chromium`` and ``chromium-driver``).

The fake camera is Chromium's own test pattern and the fake microphone beeps; permissions are granted without a
prompt (or denied, as a participant who pressed "Block"). ``--allow-loopback-in-peer-connection``: a hub and a
console on 127.0.0.1 offer only loopback candidates. The profile lives in a temporary folder removed afterwards,
so the browser keeps nothing of a visit.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


def chromium_flags(options: ChromiumOptions, profile: str) -> list[str]:
    """Chromium's command line for `options`, with its profile in `profile`."""
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
        flags.append("--use-fake-ui-for-media-stream" if not options.deny_media else "--deny-permission-prompts")
    if options.webrtc_ip_policy:
        flags.append(f"--force-webrtc-ip-handling-policy={options.webrtc_ip_policy}")
    return flags + list(options.extra_flags)


@contextlib.contextmanager
def chromium(options: ChromiumOptions | None = None) -> Iterator[Any]:
    """A headless Chromium (a selenium WebDriver), closed and its profile removed afterwards."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = options or ChromiumOptions()
    profile = tempfile.mkdtemp(prefix="kiosk-chromium-")
    # Chromium's own temporary files (its singleton socket; shared memory under --disable-dev-shm-usage) go into a
    # folder of ours, removed at the end even after a crash. It is short, directly under /tmp: a Unix socket's
    # path may not exceed 107 bytes, which a test's deep temporary folder would.
    scratch = tempfile.mkdtemp(prefix="kc-", dir="/tmp")
    chrome = webdriver.ChromeOptions()
    chrome.binary_location = CHROMIUM
    for flag in chromium_flags(options, profile):
        chrome.add_argument(flag)
    chrome.add_experimental_option("prefs", {"intl.accept_languages": options.language})
    chrome.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        service = Service(CHROMEDRIVER, env={**os.environ, "TMPDIR": scratch})
        driver = webdriver.Chrome(service=service, options=chrome)
    except Exception:
        shutil.rmtree(profile, ignore_errors=True)
        shutil.rmtree(scratch, ignore_errors=True)
        raise
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
        shutil.rmtree(scratch, ignore_errors=True)


def console_errors(driver: Any) -> list[str]:
    """The page's JavaScript errors and CSP violations so far (the browser log's SEVERE entries)."""
    return [e["message"] for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
