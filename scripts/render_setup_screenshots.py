"""Render every step of the setup wizard (and the booth's admin PIN pad and menu) into docs/screenshots/setup/.

    .venv/bin/python scripts/render_setup_screenshots.py [--out DIR] [--lang id|en]

The wizard runs for real, offscreen, against a real hub started for the occasion (demo data, 127.0.0.1): the
connection test, the enrollment and the saved file are genuine. The camera is the synthetic one; the sound
server's answers are simulated (a webcam microphone, speakers and an echo-cancel source), because this machine
has none (so the sound step also shows how a microphone that cannot be opened is reported).
Look at every PNG before calling a step done: cut-off text, untranslated strings, empty states.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PACTL = {
    ("list", "sources"): "Source #1\n\tName: alsa_input.usb-046d_HD_Webcam_C615\n\tDescription: HD Webcam C615 "
                         "Analog Stereo\nSource #2\n\tName: echo-cancel-source\n\tDescription: Echo-Cancel Source\n",
    ("list", "sinks"): "Sink #3\n\tName: alsa_output.pci-0000_00_1f.3.analog-stereo\n\tDescription: Built-in Audio "
                       "Analog Stereo\nSink #4\n\tName: echo-cancel-sink\n\tDescription: Echo-Cancel Sink\n",
    ("info",): "Default Sink: echo-cancel-sink\nDefault Source: echo-cancel-source\n",
}


def main(argv: list[str] | None = None) -> int:
    """Render the steps; return 0."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots" / "setup")
    parser.add_argument("--lang", choices=("id", "en"), default="id")
    parser.add_argument("--texts", type=Path, help="also write every screen's visible texts to this JSON file")
    args = parser.parse_args(argv)

    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
    from PySide6.QtWidgets import QWidget

    from kiosk.config import Settings
    from kiosk.system.sound import sound_server_state
    from kiosk.ui.app import AppSpec, create_context
    from kiosk.ui.setup.wizard import SetupWizard
    from tests.support.hub import running_hub
    from tests.support.visible_texts import TextLog

    texts = TextLog(args.texts)

    def settle(seconds: float = 0.3) -> None:
        loop = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()

    def until(condition: object, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition() and time.monotonic() < deadline:  # type: ignore[operator]
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            time.sleep(0.02)

    def shoot(widget: QWidget, name: str) -> None:
        settle()
        target = args.out / (f"{name}.png" if args.lang == "id" else f"{name}-en.png")
        target.parent.mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(target))
        texts.record(name, widget)
        print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)

    ctx = create_context(AppSpec(name="setup", theme="setup", catalogs=("booth", "setup"), language=args.lang))
    with running_hub() as hub, tempfile.TemporaryDirectory(prefix="kiosk-setup-") as tmp:
        code = hub.client(hub.admin_token()).create_enrollment_code("KDR", 3).code
        settings = Settings(booth={"device_token_file": str(Path(tmp) / "device-token")})
        wizard = SetupWizard(
            settings, Path(tmp) / "booth.toml", ctx.translations, cameras=list,
            sound=lambda: sound_server_state(lambda *a: PACTL[a]), test_devices=True,
        )
        wizard.resize(1180, 780)
        wizard.show()
        shoot(wizard, "01-language")

        wizard.next()
        wizard.hub_page.url.setText("hub.cabang.local:86OO")
        wizard.hub_page.test()
        until(lambda: not wizard.hub_page._testing)
        shoot(wizard, "02-hub-error")
        wizard.hub_page.url.setText(hub.base_url)
        wizard.hub_page.test()
        until(lambda: wizard.hub_page.is_complete())
        shoot(wizard, "02-hub")

        wizard.next()
        page = wizard.enroll_page
        page.code.setText(code)
        page.submit()
        until(lambda: page.is_complete())
        used = page.enroll_result
        shoot(wizard, "03-enrolled")
        # The same code again, as a second booth would try it: the plain-words refusal.
        page.code.setText(code)
        page.submit()
        until(lambda: page.enroll_result is not used and not page._busy)
        shoot(wizard, "03-code-used")
        page.code.clear()

        wizard.next()
        until(lambda: "×" in wizard.camera_page.actual.text(), 10)
        settle(1.2)
        shoot(wizard, "04-camera")

        wizard.next()
        settle(0.5)
        shoot(wizard, "05-sound")

        wizard.next()
        wizard.pin_page.pin.setText("482915")
        wizard.pin_page.repeat.setText("482915")
        shoot(wizard, "06-pin")

        wizard.next()
        shoot(wizard, "07-summary")
        wizard.next()
        until(lambda: wizard.saved is not None, 5)
        shoot(wizard, "08-saved")
        wizard.close()

        # No camera and no sound server: what an admin sees on a bare PC.
        bare = SetupWizard(settings, Path(tmp) / "other.toml", ctx.translations, cameras=list,
                           sound=lambda: sound_server_state(lambda *a: (_ for _ in ()).throw(FileNotFoundError())))
        bare.resize(1180, 780)
        bare.show()
        bare.go_to(3)
        shoot(bare, "04-no-camera")
        bare.go_to(4)
        shoot(bare, "05-no-sound")
        bare.close()

    # The booth's admin PIN pad and menu, over a plain booth-sized window.
    from argon2 import PasswordHasher

    from kiosk.ui.app import ensure_application
    from kiosk.ui.lockdown import Lockdown, PinAttemptLimiter

    ensure_application(AppSpec(name="booth", theme="booth", catalogs=("booth", "setup"), language=args.lang))
    booth = QWidget()
    booth.setObjectName("boothWindow")
    booth.resize(1280, 800)
    locked = Settings(booth={"admin_pin_hash": PasswordHasher().hash("482915"), "fullscreen": False,
                             "camera": "synthetic", "booth_number": 3, "branch_code": "KDR"})
    lockdown = Lockdown(booth, locked, on_restart=lambda: None, on_exit=lambda: None, limiter=PinAttemptLimiter())
    booth.show()
    lockdown.open_pin_pad()
    for digit in "1111":
        lockdown.pin_pad.keypad.press(digit)
    shoot(booth, "09-admin-pin")
    lockdown.pin_pad.field.setText("482915")
    lockdown.pin_pad.submit()
    lockdown.admin_menu.show_config()
    shoot(booth, "10-admin-menu")
    lockdown.allow_close()
    booth.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
