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
