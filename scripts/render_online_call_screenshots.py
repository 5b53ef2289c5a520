"""Render the online participant's Join page (lobby, waiting in the queue, the call, the end) in headless
Chromium at phone size (390x844) and desktop size (1280x800), in Indonesian and English.

    .venv/bin/python scripts/render_online_call_screenshots.py [--out /tmp/online-call]

A hub of its own (temporary SQLite, the demo seed), an online visit made in its database, and the console app's
own `ConsoleService` (synthetic officer camera) answering the browser's call. Chromium uses its fake camera and
microphone. Files: ``join-<step>-<phone|desktop>[-en].png``. Needs /usr/bin/chromium and /usr/bin/chromedriver.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = {"phone": (390, 844), "desktop": (1280, 800)}


def _until(driver: Any, script: str, timeout: float = 30.0) -> Any:
    deadline = time.monotonic() + timeout
    while not (value := driver.execute_script(script)):
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out: {script}")
        time.sleep(0.2)
    return value


def render(out: Path, size: str, language: str) -> list[Path]:
    """One visit through the page at one size and language; the PNGs written."""
    from kiosk.domain.session import SessionState
    from kiosk.protocol import ControlType, EndPayload, Outcome, PromptPayload
    from kiosk.server.repositories.web_sessions import COOKIE_NAME
    from tests.support.chromium import ChromiumOptions, chromium, set_cookie
    from tests.support.hub import running_hub
    from tests.support.online import online_visit
    from tests.support.online_console import console_thread

    width, height = SIZES[size]
    suffix = f"-{size}" + ("-en" if language == "en" else "")
    written: list[Path] = []

    def shot(driver: Any, step: str) -> None:
        path = out / f"join-{step}{suffix}.png"
        driver.save_screenshot(str(path))
        written.append(path)

    with running_hub() as hub, chromium(ChromiumOptions(width=width, height=height, language=language)) as driver:
        visit = online_visit(hub, state=SessionState.CHECKED_IN, language=language)
        set_cookie(driver, hub.base_url, COOKIE_NAME, visit.token)
        driver.get(f"{hub.base_url}/online/join" + ("?lang=en" if language == "en" else ""))
        _until(driver, "return !document.getElementById('join').disabled")
        time.sleep(1.0)
        shot(driver, "lobby")
        driver.find_element("id", "join").click()
        _until(driver, "return window.kioskJoin.queueText()")
        shot(driver, "waiting")
        with console_thread(hub.base_url, Path(tempfile.mkdtemp(prefix="online-shots-"))) as officer:
            sid = visit.session_id
            officer.wait(lambda: officer.connected(sid), 30, "the call")
            officer.call(officer.state.focus, sid)
            _until(driver, "return document.getElementById('officer').videoWidth >= 1280", 30)
            time.sleep(1.0)
            shot(driver, "call")
            officer.run(officer.service._control(sid, ControlType.PROMPT, PromptPayload(
                text="Mohon tunjukkan e-KTP Anda ke kamera", text_en="Please show your e-KTP to the camera")))
            _until(driver, "return !document.getElementById('prompt').hidden")
            shot(driver, "prompt")
            driver.find_element("id", "prompt-ok").click()
            officer.run(officer.service._control(
                sid, ControlType.END, EndPayload(outcome=Outcome.SUBMITTED, reference="JHT-KDR-20261130-0042")))
            _until(driver, "return window.kioskJoin.phase() === 'end'")
            _until(driver, "return document.getElementById('reference-qr').naturalWidth > 0")
            shot(driver, "end")
    return written


def main(argv: list[str] | None = None) -> int:
    """Render every step at both sizes in both languages."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/online-call"))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        for language in ("id", "en"):
            for path in render(args.out, size, language):
                print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
