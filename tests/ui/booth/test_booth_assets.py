"""The booth's translation catalog is complete and compiled; the icons are our own SVGs."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from kiosk.paths import ASSETS_DIR

ROOT = ASSETS_DIR.parent
TS = ASSETS_DIR / "i18n" / "booth_en.ts"
BIN = Path(sys.executable).parent


def test_every_string_in_the_code_has_an_english_translation(tmp_path: Path) -> None:
    fresh = tmp_path / "booth_en.ts"
    shutil.copy(TS, fresh)
    sources = sorted(str(p) for p in (ROOT / "kiosk" / "ui").glob("booth/*.py")) + sorted(
        str(p) for p in (ROOT / "kiosk" / "ui").glob("widgets/*.py")
    )
    subprocess.run([str(BIN / "pyside6-lupdate"), *sources, "-ts", str(fresh)], check=True, capture_output=True)
    unfinished = [
        m.findtext("source")
        for m in ET.parse(fresh).getroot().iter("message")
        if m.find("translation") is not None
        and m.find("translation").get("type") == "unfinished"  # type: ignore[union-attr]
    ]
    assert unfinished == [], "run pyside6-lupdate and translate these in assets/i18n/booth_en.ts"


def test_compiled_catalog_is_current(tmp_path: Path) -> None:
    out = tmp_path / "booth_en.qm"
    subprocess.run([str(BIN / "pyside6-lrelease"), str(TS), "-qm", str(out)], check=True, capture_output=True)
    assert out.read_bytes() == (ASSETS_DIR / "i18n" / "booth_en.qm").read_bytes(), "run pyside6-lrelease"


def test_icons_are_our_own_svgs() -> None:
    icons = list((ASSETS_DIR / "icons").glob("*.svg"))
    assert len(icons) >= 20
    for path in icons:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("<svg") and "<image" not in text, path


def test_no_indonesian_text_is_left_after_switching_to_english(qtbot: object, qt_loop: object) -> None:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QAbstractButton, QLabel

    from kiosk.app.booth.state import Problem, Step
    from kiosk.config import BoothSettings, VideoSettings
    from tests.ui.booth.harness import make_booth

    indonesian = {
        m.findtext("source")
        for m in ET.parse(TS).getroot().iter("message")
        if m.findtext("source") != (m.findtext("translation") or m.findtext("translation/numerusform"))
    }
    booth = make_booth(qtbot, object(), booth=BoothSettings(booth_number=1), video=VideoSettings())
    window, visit = booth.window, booth.visit
    visit.set_language("en")
    QCoreApplication.processEvents()  # Qt delivers the language change as an event to every widget
    try:
        for step in Step:
            visit.go(step)
            QCoreApplication.processEvents()
            screen = window.current_screen()
            shown = [w.text() for w in screen.findChildren(QLabel) + screen.findChildren(QAbstractButton)
                     if w.isVisibleTo(window)]
            shown += [window.step_label.text(), window.service_name.text()]
            left = [t for t in shown if t.strip("•‹› .").strip() in indonesian]
            assert left == [], f"{step.value}: {left}"
        for problem in Problem:
            window.show_problem(problem)
            shown = [w.text() for w in window.problem.findChildren(QLabel) if w.isVisibleTo(window)]
            assert not [t for t in shown if t in indonesian], problem
    finally:
        booth.shutdown()
        visit.set_language("id")


def test_touch_targets_and_text_are_large_enough(qtbot: object, qt_loop: object) -> None:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QAbstractButton, QLabel

    from kiosk.app.booth.state import Step
    from kiosk.config import BoothSettings, VideoSettings
    from tests.ui.booth.harness import make_booth

    booth = make_booth(qtbot, object(), booth=BoothSettings(booth_number=1), video=VideoSettings())
    window, visit = booth.window, booth.visit
    try:
        for step in Step:
            visit.go(step)
            QCoreApplication.processEvents()
            for button in window.findChildren(QAbstractButton):
                if button.isVisibleTo(window):
                    size = button.size()
                    assert size.height() >= 64 and size.width() >= 64, (step.value, button.objectName(), size)
            for text in window.findChildren(QLabel):
                if text.isVisibleTo(window) and text.text().strip():
                    assert text.font().pointSizeF() >= 20, (step.value, text.objectName(), text.text())
    finally:
        booth.shutdown()
