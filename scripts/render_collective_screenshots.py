"""Render the collective channel's pages in headless Chromium: the employer's page (after an upload with two rows
to fix) and the worker's confirmation page (the claim shown), at 390x844 and 1280x800, in Indonesian and English.

    .venv/bin/python scripts/render_collective_screenshots.py [--out DIR]

A hub of its own (temporary SQLite, the demo seed, an employer with its representative and 12 registered
workers). Needs /usr/bin/chromium and /usr/bin/chromedriver. Writes collective-employer-<w>x<h>[-en].png and
collective-confirm-<w>x<h>[-en].png (do not commit them: the lead renders the screenshots after merging).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = ((390, 844), (1280, 800))


def main(argv: list[str] | None = None) -> int:
    """Render every page, size and language; return 0."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "collective-screenshots")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from kiosk.demo import browser
    from kiosk.server.sms import outbox
    from tests.server.collective.live_world import PASSWORD, USERNAME, prepare
    from tests.support.hub import running_hub

    today = datetime.now(ZoneInfo("Asia/Jakarta")).date()
    with running_hub() as hub, tempfile.TemporaryDirectory() as work:
        world = prepare(hub, Path(work), today)
        for width, height in SIZES:
            for language in ("id", "en"):
                suffix = f"{width}x{height}" + ("-en" if language == "en" else "")
                options = browser.ChromiumOptions(width=width, height=height, language=language, fake_media=False)
                with browser.chromium(options) as d:
                    wait = WebDriverWait(d, 20)
                    d.get(f"{world.base_url}/collective/?lang={language}")
                    wait.until(lambda driver: driver.find_element(By.ID, "login").is_displayed())
                    if (width, language) == (390, "id"):
                        d.save_screenshot(str(args.out / "collective-login-390x844.png"))
                    d.find_element(By.ID, "username").send_keys(USERNAME)
                    d.find_element(By.ID, "password").send_keys(PASSWORD)
                    d.find_element(By.CSS_SELECTOR, "#login button").click()
                    wait.until(lambda driver: driver.find_element(By.ID, "work").is_displayed())
                    d.find_element(By.ID, "roster").send_keys(str(world.roster))
                    d.find_element(By.ID, "roster-upload").click()
                    wait.until(lambda driver: len(driver.find_elements(By.CSS_SELECTOR, "#rows tbody tr")) >= 12)
                    d.find_element(By.ID, "invite").click()
                    wait.until(lambda driver: driver.find_element(By.ID, "invite-status").text)
                    d.save_screenshot(str(args.out / f"collective-employer-{suffix}.png"))
                    d.execute_script("document.getElementById('rows').scrollIntoView()")
                    d.save_screenshot(str(args.out / f"collective-employer-rows-{suffix}.png"))
                    message = outbox(world.data_dir).messages()[-1]
                    code = re.search(r"#([A-Z0-9]{8})", message.text)
                    assert code is not None
                    row = next(r for r in world.rows if "+62" + r[8][1:] == message.to)
                    d.get(f"{world.base_url}/collective/confirm?lang={language}#{code.group(1)}")
                    wait.until(lambda driver: driver.find_element(By.ID, "code").get_attribute("value"))
                    d.save_screenshot(str(args.out / f"collective-confirm-start-{suffix}.png"))
                    d.find_element(By.ID, "nik").send_keys(row[0])
                    d.find_element(By.CSS_SELECTOR, "#lookup button").click()
                    wait.until(lambda driver: driver.find_element(By.ID, "claim").is_displayed())
                    d.save_screenshot(str(args.out / f"collective-confirm-{suffix}.png"))
    print(f"screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
