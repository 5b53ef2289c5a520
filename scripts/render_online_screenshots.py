"""Render the participant pages (start, book, booking, prepare) in headless Chromium, at phone (390x844) and
desktop (1280x800) size, in Indonesian and English, into docs/screenshots/online/.

    .venv/bin/python scripts/render_online_screenshots.py [--out DIR]

A hub of its own (temporary SQLite, the demo seed); each size and language books for a different demo member,
prepares with a specimen e-KTP photo and one too dark (the hub's verdict shows). Needs /usr/bin/chromium and
/usr/bin/chromedriver (as tests/server/online/test_online_pages.py).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    """Render every page in both sizes and languages; return 0."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots" / "online")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    from selenium.webdriver.common.by import By
    from sqlalchemy import select

    from kiosk.server.db import Database
    from kiosk.server.models import Participant
    from tests.server.online.browser_flow import (
        DESKTOP,
        PHONE,
        chromium,
        fill_booking,
        prepare,
        set_language,
        submit,
        visible,
        wait_for,
    )
    from tests.server.online.conftest import card_photo, tomorrow
    from tests.support.hub import running_hub

    work = Path(tempfile.mkdtemp(prefix="kiosk-online-shots-"))
    good, dark = work / "ektp.jpg", work / "dark.jpg"
    good.write_bytes(card_photo())
    dark.write_bytes(card_photo(dark=True))

    def shot(driver: object, name: str) -> None:
        full = driver.execute_script("return document.documentElement.scrollHeight")  # type: ignore[attr-defined]
        width = driver.execute_script("return window.innerWidth")  # type: ignore[attr-defined]
        driver.execute_cdp_cmd(  # type: ignore[attr-defined]
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": max(full, 100), "deviceScaleFactor": 1, "mobile": width < 600},
        )
        driver.save_screenshot(str(args.out / f"{name}.png"))  # type: ignore[attr-defined]
        height = PHONE[1] if width < 600 else DESKTOP[1]
        driver.execute_cdp_cmd(  # type: ignore[attr-defined]
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
        )
        print(args.out / f"{name}.png")

    with running_hub() as hub:
        db = Database.from_url(hub.database_url)
        with db.session() as session:
            members = [(p.nik, p.kpj) for p in session.execute(select(Participant).order_by(Participant.id)).scalars()]
        db.dispose()
        runs = [
            (size, label, lang) for size, label in ((PHONE, "phone"), (DESKTOP, "desktop")) for lang in ("id", "en")
        ]
        for index, (size, label, lang) in enumerate(runs):
            nik, kpj = members[index]
            suffix = f"{label}-{lang}"
            with chromium(size) as driver:
                set_language(driver, hub.base_url, lang)
                driver.get(hub.base_url + "/online/")
                visible(driver, "#signin")
                shot(driver, f"start-{suffix}")
            with chromium(size) as driver:
                set_language(driver, hub.base_url, lang)
                driver.get(hub.base_url + "/online/book")
                fill_booking(driver, tomorrow(), nik[:6], kpj)
                submit(driver, "book")
                visible(driver, '.field-error[data-for="nik"]')
                shot(driver, f"book-error-{suffix}")
                field = driver.find_element(By.ID, "nik")
                field.clear()
                field.send_keys(nik)
                submit(driver, "book")
                visible(driver, "#b-code")
                wait_for(driver, lambda d: d.execute_script("return document.getElementById('b-qr').complete"))
                shot(driver, f"booking-{suffix}")
                prepare(driver, hub.base_url, good)
                second = driver.find_elements(By.CSS_SELECTOR, "#docs .doc input.file")[1]
                second.send_keys(str(dark))
                wait_for(
                    driver,
                    lambda d: (
                        "bad" in d.find_elements(By.CSS_SELECTOR, "#docs .doc .verdict")[1].get_attribute("class")
                    ),
                )
                shot(driver, f"prepare-{suffix}")
                driver.get(hub.base_url + "/online/booking")
                wait_for(driver, lambda d: "1" in d.find_element(By.ID, "b-status").text)
                shot(driver, f"status-{suffix}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
