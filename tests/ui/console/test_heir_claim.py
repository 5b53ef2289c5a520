"""An heir's claim on the console: the tile and the focus header say that the heir files and for whom, and the
Data tab shows both identities (the participant who died from the registry, the heir's NIK and name)."""

from __future__ import annotations

from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from kiosk.app.console.heir import note_heir
from kiosk.app.console.session import SessionDetail
from kiosk.app.console.state import ConsoleState
from kiosk.app.console.wait_cue import WaitCue
from kiosk.domain.claims import ClaimType
from kiosk.ui.console.sound import AttentionSound
from kiosk.ui.console.window import ConsoleWindow
from tests.app.console.test_heir import DECEASED, ENTRIES, HEIR_NIK, RECORD


@pytest.fixture
def console(qtbot: QtBot) -> tuple[ConsoleWindow, ConsoleState]:
    controller = ConsoleState(cap=4, max_cap=6, clock=lambda: 1000.0)
    window = ConsoleWindow(
        controller,
        hub_url="http://127.0.0.1:1",
        frame_sources=lambda sid: (lambda: None),
        sound=AttentionSound(enabled=False),
        today=lambda: date(2026, 11, 21),
        wait_cue=WaitCue(long_s=120, urgent_s=300, reminder_s=60),
    )
    qtbot.addWidget(window)
    window.resize(1600, 900)
    window.show_console("Petugas Uji")
    window.show()
    return window, controller


def test_the_hubs_announcement_names_the_heir_on_the_tile_before_the_detail_arrives(
    console: tuple[ConsoleWindow, ConsoleState],
) -> None:
    window, controller = console
    booth = controller.assign("s-1", booth_number=2, masked_name="B*** S******", claim_type="JKM")
    controller.assign("s-2", booth_number=3, masked_name="A*** W*****", claim_type="JHT")
    assert note_heir(booth, "R**** S***") and not note_heir(booth, "R**** S***")  # only a change counts
    controller.update("s-1")  # the session_update that carried it repaints the tile
    assert window.grid.tiles["s-1"].name_label.text() == "Ahli waris: R**** S***  ·  alm. B*** S******"
    assert window.grid.tiles["s-2"].name_label.text() == "A*** W*****"  # a participant's own claim: unchanged


def test_tile_header_and_data_tab_show_both_identities(console: tuple[ConsoleWindow, ConsoleState]) -> None:
    window, controller = console
    controller.assign("s-1", booth_number=2, masked_name="B*** S******", claim_type="JKM")
    controller.set_detail(SessionDetail("s-1", ClaimType.JKM, "death", RECORD, dict(ENTRIES)))
    # At a glance, masked; the heir is the one in front of the camera.
    assert window.grid.tiles["s-1"].name_label.text() == "Ahli waris: R**** S***  ·  alm. B*** S******"
    controller.focus("s-1")
    header = window.focus_view.header.text()
    assert "Ahli waris: Ratna Sari  ·  alm. Budi Santoso" in header  # verifying: in full, as the table
    box = window.workspace.data_tab.heir_box
    assert box.isVisible()
    text = box.text()
    assert "Budi Santoso" in text and DECEASED.nik in text  # the participant who died, from the registry
    assert "Ratna Sari" in text and HEIR_NIK in text and "suami/istri" in text
    assert "tercatat di registri sebagai ahli waris" in text
    assert window.workspace.record_table.item(0, 1).text() == "Budi Santoso"  # the table is the deceased's


def test_an_heir_the_registry_does_not_list_is_flagged(console: tuple[ConsoleWindow, ConsoleState]) -> None:
    window, controller = console
    controller.assign("s-1", booth_number=2, masked_name="B*** S******", claim_type="JKM")
    entries = dict(ENTRIES, heir_nik="3571030101800001", heir_relation="child")
    controller.set_detail(SessionDetail("s-1", ClaimType.JKM, "death", RECORD, entries))
    controller.focus("s-1")
    text = window.workspace.data_tab.heir_box.text()
    assert "3571030101800001" in text and "anak" in text
    assert "tidak tercatat sebagai ahli waris" in text and "Ratna Sari" not in text
    assert window.workspace.data_tab.heir_box.property("level") == "bad"


def test_a_participants_own_claim_has_no_heir_box(console: tuple[ConsoleWindow, ConsoleState]) -> None:
    window, controller = console
    controller.assign("s-1", booth_number=2, masked_name="B*** S******", claim_type="JHT")
    own = {"nik": DECEASED.nik, "claim_type": "JHT", "reason": "resignation"}
    controller.set_detail(SessionDetail("s-1", ClaimType.JHT, "resignation", RECORD, own))
    controller.focus("s-1")
    assert not window.workspace.data_tab.heir_box.isVisible()
    assert "Ahli waris" not in window.focus_view.header.text()


def test_the_heirs_words_read_in_english(qtbot: QtBot) -> None:
    from PySide6.QtCore import QCoreApplication, QTranslator

    from kiosk.paths import asset

    translator = QTranslator()
    assert translator.load("console_en", str(asset("i18n")))
    QCoreApplication.installTranslator(translator)
    try:
        controller = ConsoleState(clock=lambda: 1000.0)
        window = ConsoleWindow(controller, sound=AttentionSound(enabled=False), language="en",
                               wait_cue=WaitCue(long_s=120, urgent_s=300, reminder_s=60))
        qtbot.addWidget(window)
        window.show_console("Officer")
        controller.assign("s-1", booth_number=2, masked_name="B*** S******", claim_type="JKM")
        controller.set_detail(SessionDetail("s-1", ClaimType.JKM, "death", RECORD, dict(ENTRIES)))
        assert window.grid.tiles["s-1"].name_label.text() == "Heir: R**** S***  ·  for the late B*** S******"
        controller.focus("s-1")
        text = window.workspace.data_tab.heir_box.text()
        assert "Heir's claim" in text and "Heir (husband/wife)" in text
        assert "The registry lists this NIK as the participant's heir." in text
    finally:
        QCoreApplication.removeTranslator(translator)
