"""Counted words read right in English: Qt's plural forms for the UI's texts, `count_en` for bilingual messages.

"1 more digit(s)" or "There are 1 other participants" is what a participant reading English saw; a count goes
through ``tr("... %n ...", "", n)`` with both English forms in the catalog (``numerus="yes"``).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from PySide6.QtCore import QTranslator

from kiosk.app.booth.state import VisitState
from kiosk.domain.wording import count_en
from kiosk.paths import ASSETS_DIR

ROOT = ASSETS_DIR.parent
CATALOGS = sorted((ASSETS_DIR / "i18n").glob("*_en.ts"))

#: "(s)" may stay where no participant, officer or admin reads it as prose: logs and URL schemes.
NOT_PROSE = re.compile(r"\blog\.\w+\(|https?\(s\)|ws\(s\)")


def messages() -> list[tuple[str, str, ET.Element]]:
    """(catalog, context, message) of every message of the English catalogs."""
    out = []
    for path in CATALOGS:
        for context in ET.parse(path).getroot().iter("context"):
            for message in context.iter("message"):
                out.append((path.name, context.findtext("name") or "", message))
    return out


def test_no_english_text_says_s_in_brackets() -> None:
    bad = [f"{catalog} {context}: {''.join(m.find('translation').itertext())}"  # type: ignore[union-attr]
           for catalog, context, m in messages()
           if "(s)" in "".join(m.find("translation").itertext())]  # type: ignore[union-attr]
    assert bad == []


def test_every_count_is_a_plural_form_with_both_english_forms() -> None:
    bad = []
    for catalog, context, message in messages():
        source = message.findtext("source") or ""
        forms = [f.text or "" for f in message.iter("numerusform")]
        if "%n" in source and (message.get("numerus") != "yes" or len(forms) != 2 or not all(forms)):
            bad.append(f"{catalog} {context}: {source!r} needs numerus=\"yes\" and two English forms")
        if message.get("numerus") == "yes" and "%n" not in source:
            bad.append(f"{catalog} {context}: {source!r} is numerus but has no %n")
    assert bad == []


def test_no_source_builds_an_english_plural_with_s_in_brackets() -> None:
    bad = []
    for path in sorted((ROOT / "kiosk").rglob("*.py")):
        if "demo" in path.parts:  # the demo's developer report (English only) is not a screen
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\w\(s\)", line) and not NOT_PROSE.search(line):
                bad.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert bad == [], "use tr('... %n ...', '', n) in the UI or count_en() in a bilingual message"


@pytest.mark.parametrize(
    ("catalog", "context", "source", "one", "many"),
    [
        ("booth", "WaitingScreen", "Ada %n peserta lain sebelum Anda.",
         "There is 1 other participant before you.", "There are 3 other participants before you."),
        ("console", "ConsoleWindow", "(+%n bilik lain)", "(+1 more booth)", "(+3 more booths)"),
        ("setup", "EnrollPage", "Terlalu banyak kode salah. Tunggu %n detik lalu coba lagi.",
         "Too many wrong codes. Wait 1 second and try again.", "Too many wrong codes. Wait 3 seconds and try again."),
    ],
)
def test_english_counts_read_right_for_one_and_many(
    qapp: object, catalog: str, context: str, source: str, one: str, many: str
) -> None:
    translator = QTranslator()
    assert translator.load(str(ASSETS_DIR / "i18n" / f"{catalog}_en.qm"))
    assert translator.translate(context, source, None, 1).replace("%n", "1") == one
    assert translator.translate(context, source, None, 3).replace("%n", "3") == many


def test_the_digits_left_and_the_waiting_period_read_right_in_english() -> None:
    visit = VisitState(today=lambda: date(2026, 11, 21))
    assert visit.check_nik("3571").message("en") == "12 more digits to go."
    assert visit.check_nik("357103450988000").message("en") == "1 more digit to go."
    assert count_en(1, "month") == "1 month" and count_en(2, "month") == "2 months"
