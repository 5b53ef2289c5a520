"""The machine checks' panel: both faces at one size with words, differing fields marked, a second face warned
of, and the officer's calls forwarded."""

from __future__ import annotations

import cv2
import numpy as np
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.app.console.assist import AssistReport, FaceCheck, SecondFace
from kiosk.domain.assist import CardField, FaceVerdict, FieldStatus, OfficerCall, compare_field
from kiosk.protocol.rest import AssistCheck
from kiosk.ui.console.workspace.assist_panel import FACE_SIDE, AssistPanel
from kiosk.vision.worker import FaceResult


def _jpeg(side: int, value: int) -> bytes:
    ok, data = cv2.imencode(".jpg", np.full((side, side, 3), value, np.uint8))
    assert ok
    return data.tobytes()


def _report(verdict: FaceVerdict, distance: float) -> AssistReport:
    # Chips of different resolutions: the panel shows them at one size.
    result = FaceResult(distance, verdict, _jpeg(200, 120), _jpeg(90, 160))
    report = AssistReport(face=FaceCheck(result, "ektp", ("a", "b")))
    report.readings["ektp"] = (
        compare_field(CardField.NIK, "3506042508750001", "3506042508750010"),
        compare_field(CardField.NAME, "BUDI SANTOSO", "BUDI SANTOSO"),
    )
    return report


def test_both_faces_at_one_size_and_the_comparison_in_words(qtbot: QtBot) -> None:
    panel = AssistPanel()
    qtbot.addWidget(panel)
    panel.show_report(_report(FaceVerdict.LIKELY_SAME, 0.38))
    card, live = panel.card_face.pixmap(), panel.live_face.pixmap()
    assert card.width() == live.width() == FACE_SIDE and card.height() == live.height() == FACE_SIDE
    assert panel.face_verdict.text() == "Kemungkinan orang yang sama"
    assert "0.38" in panel.face_detail.text() and "0.60" in panel.face_detail.text()
    panel.show_report(_report(FaceVerdict.LIKELY_DIFFERENT, 0.84))
    assert "berbeda" in panel.face_verdict.text()


def test_a_differing_field_is_marked_and_a_matching_one_is_not(qtbot: QtBot) -> None:
    panel = AssistPanel()
    qtbot.addWidget(panel)
    report = _report(FaceVerdict.LIKELY_SAME, 0.38)
    panel.show_report(report)
    assert panel.fields.rowCount() == 2
    rows = {panel.fields.item(r, 0).text(): r for r in range(2)}
    nik, name = rows["NIK"], rows["Nama"]
    assert panel.fields.item(nik, 2).text() == "3506042508750010"
    assert "berbeda" in panel.fields.item(nik, 3).text()
    assert panel.fields.item(nik, 3).background().color().name() == "#fce8e6"
    assert "sama" in panel.fields.item(name, 3).text()
    assert panel.fields.item(name, 3).background().style() == Qt.BrushStyle.NoBrush  # not marked
    assert [c.status for c in report.flagged_fields()] == [FieldStatus.MISMATCH]


def test_a_second_face_is_warned_of_with_its_time_until_looked_at(qtbot: QtBot) -> None:
    panel = AssistPanel()
    qtbot.addWidget(panel)
    panel.show()
    report = AssistReport(second_face=SecondFace(2, "10:32:05"))
    panel.show_report(report)
    assert panel.second_face.isVisible() and "10:32:05" in panel.second_face.text()
    assert "2 wajah" in panel.second_face.text()
    with qtbot.waitSignal(panel.call_made) as made:
        panel.second_face_ok.click()
    assert made.args == [AssistCheck.SECOND_FACE, OfficerCall.CONFIRMED]
    report.calls[AssistCheck.SECOND_FACE] = OfficerCall.CONFIRMED
    panel.show_report(report)
    assert not panel.second_face_ok.isVisible() and "sudah Anda periksa" in panel.second_face.text()


def test_the_officers_call_is_forwarded_and_shown(qtbot: QtBot) -> None:
    panel = AssistPanel()
    qtbot.addWidget(panel)
    report = _report(FaceVerdict.LOOK_CLOSELY, 0.52)
    panel.show_report(report)
    with qtbot.waitSignal(panel.call_made) as made:
        panel.disagree.click()
    assert made.args == [AssistCheck.FACE_MATCH, OfficerCall.OVERRULED]
    report.calls[AssistCheck.FACE_MATCH] = OfficerCall.OVERRULED
    panel.show_report(report)
    assert "menilai lain" in panel.face_call.text()


def test_before_any_still_the_panel_says_what_starts_the_checks(qtbot: QtBot) -> None:
    panel = AssistPanel()
    qtbot.addWidget(panel)
    panel.show()
    assert "F11" in panel.face_verdict.text()
    assert not panel.agree.isVisible() and not panel.second_face.isVisible()
    assert panel.fields.rowCount() == 0


def test_the_window_shows_the_checks_on_the_tile_and_in_the_tab_and_takes_the_officers_call(qtbot: QtBot) -> None:
    from kiosk.app.console.assist import ConsoleAssist
    from kiosk.app.console.state import ConsoleState
    from kiosk.ui.console.sound import AttentionSound
    from kiosk.ui.console.window import ConsoleWindow
    from tests.app.console.fakes import FakeHub

    state = ConsoleState()
    window = ConsoleWindow(state, sound=AttentionSound(enabled=False))
    qtbot.addWidget(window)
    spawned: list[object] = []
    assist = ConsoleAssist(state, FakeHub(), engine=None, spawn=lambda coro: spawned.append(coro.close()))  # type: ignore[arg-type]
    window.set_assist(assist)
    state.assign("s-1", booth_number=3)
    tile = window.grid.tiles["s-1"]
    assert tile.assist_badge.isHidden()
    assist.second_face("s-1", 2, "10:32:05")
    assert not tile.assist_badge.isHidden() and "2 wajah" in tile.assist_badge.text()
    state.focus("s-1")
    assert window.workspace.tabs.tabText(3).startswith("⚠")
    panel = window.workspace.assist_panel
    assert "10:32:05" in panel.second_face.text()
    panel.second_face_ok.click()
    assert assist.report("s-1").calls == {AssistCheck.SECOND_FACE: OfficerCall.CONFIRMED}
    assert not window.workspace.tabs.tabText(3).startswith("⚠")
    state.focus(None)
    assert window.grid.tiles["s-1"].assist_badge.isHidden()
