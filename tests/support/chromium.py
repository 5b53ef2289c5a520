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
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from kiosk.demo import browser
from kiosk.demo.browser import ChromiumOptions, chromium_available, console_errors

__all__ = ["ChromiumOptions", "chromium", "chromium_available", "console_errors", "set_cookie"]


def require_chromium() -> None:
    """Skip the test without Chromium, or fail on CI."""
    if chromium_available():
        return
    if os.environ.get("CI") == "true":
        pytest.fail("Chromium and chromedriver are missing on CI (./dev test installs them)")
    pytest.skip("Chromium and chromedriver are not installed (./dev test installs them)")


@contextlib.contextmanager
def chromium(options: ChromiumOptions | None = None) -> Iterator[Any]:
    """A headless Chromium (`kiosk.demo.browser.chromium`), or a skip without one (a failure on CI)."""
    require_chromium()
    with browser.chromium(options) as driver:
        yield driver


def set_cookie(driver: Any, base_url: str, name: str, value: str) -> None:
    """Give the browser a cookie of the hub (HttpOnly, SameSite=Strict, as the hub sets its own): the browser
    must be on the hub's origin first, so this opens a small page of it."""
    driver.get(base_url + "/healthz")
    driver.add_cookie({"name": name, "value": value, "path": "/", "httpOnly": True, "sameSite": "Strict"})


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
