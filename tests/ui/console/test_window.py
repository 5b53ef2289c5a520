"""The console window with a controller and synthetic frames, no hub: tiles, focus keys, workspace, login."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.app.console.session import Decision, DocumentStill, SessionDetail, SubmissionState
from kiosk.app.console.state import ConsoleState
from kiosk.app.console.verification import checklist
from kiosk.app.console.view import LoginProblem
from kiosk.app.link_health import LinkReport, NetworkQuality
from kiosk.domain.claims import ClaimType, ParticipantRecord, ParticipantStatus
from kiosk.protocol import AttentionKind
from kiosk.ui.console.sound import AttentionSound
from kiosk.ui.console.window import ConsoleWindow, encode_jpeg

TODAY = date(2026, 11, 21)
RECORD = ParticipantRecord(
    nik="3374011501850001",
    kpj="12345678901",
    name="Budi Santoso",
    birth_date=date(1985, 1, 15),
    membership_start=date(2012, 3, 1),
    status=ParticipantStatus.INACTIVE,
    balance=38_500_000,
    contribution_months=150,
    employer="PT Sinar Jaya",
)


@pytest.fixture
def console(qtbot: QtBot) -> tuple[ConsoleWindow, ConsoleState]:
    controller = ConsoleState(cap=4, max_cap=6)
    frames = {f"s-{i}": np.full((90, 160, 3), 40 * i, np.uint8) for i in range(1, 5)}
    window = ConsoleWindow(
        controller,
        hub_url="http://127.0.0.1:1",
        frame_sources=lambda sid: (lambda: frames.get(sid)),
        sound=AttentionSound(enabled=True, clock=lambda: 0.0),
        today=lambda: TODAY,
    )
    window.sound._load = lambda: None  # type: ignore[method-assign]  # count chimes, play none
    qtbot.addWidget(window)
    window.resize(1600, 900)
    window.show_console("Petugas Uji")
    window.show()
    return window, controller


def test_tiles_follow_assignments_and_lay_out_for_the_count(console: tuple[ConsoleWindow, ConsoleState]) -> None:
    window, controller = console
    for i in range(1, 4):
        controller.assign(f"s-{i}", booth_number=i + 4, masked_name="B*** S******", claim_type="JHT")
    assert set(window.grid.tiles) == {"s-1", "s-2", "s-3"}
    tile = window.grid.tiles["s-2"]
    assert tile.booth_label.text() == "Bilik 6"
    assert tile.key_label.text() == "2"
    controller.unassign("s-2")
    assert set(window.grid.tiles) == {"s-1", "s-3"}


def test_a_silent_booth_tile_says_interrupted_with_seconds_and_clears(
    console: tuple[ConsoleWindow, ConsoleState],
) -> None:
    window, controller = console
    controller.assign("s-1", booth_number=5)
    tile = window.grid.tiles["s-1"]
    controller.set_link("s-1", LinkReport(NetworkQuality.GOOD, None))
    assert tile.bars.quality() is NetworkQuality.GOOD and tile.video._overlay == ""
    controller.set_link("s-1", LinkReport(NetworkQuality.POOR, 4))
    assert tile.bars.quality() is NetworkQuality.POOR
    assert tile.video._overlay == "Sambungan terputus · 0:04"
    controller.set_link("s-1", LinkReport(NetworkQuality.GOOD, None))
    assert tile.video._overlay == ""


def test_number_key_focuses_and_escape_returns(qtbot: QtBot, console: tuple[ConsoleWindow, ConsoleState]) -> None:
    window, controller = console
    controller.assign("s-1", booth_number=3)
    controller.assign("s-2", booth_number=7)
    qtbot.keyClick(window, Qt.Key.Key_2)
    assert controller.focused == "s-2"
    assert window.pages.currentIndex() == 1
    assert set(window.strip.tiles) == {"s-1"}
    qtbot.waitUntil(window.focus_video.has_frame)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert controller.focused is None
    assert window.pages.currentIndex() == 0


def test_click_on_a_tile_focuses_it(qtbot: QtBot, console: tuple[ConsoleWindow, ConsoleState]) -> None:
    window, controller = console
    controller.assign("s-1", booth_number=3)
    qtbot.mouseClick(window.grid.tiles["s-1"], Qt.MouseButton.LeftButton)
    assert controller.focused == "s-1"


def test_attention_shows_badge_border_and_sounds_once(console: tuple[ConsoleWindow, ConsoleState]) -> None:
    window, controller = console
    controller.assign("s-1", booth_number=3)
    controller.assign("s-2", booth_number=4)
    controller.attention("s-2", AttentionKind.HELP)
    tile = window.grid.tiles["s-2"]
    assert not tile.badges[AttentionKind.HELP].isHidden()
    assert tile.property("attention") == "help"
    assert tile.property("longest") is True
    assert window.sound.played == 1
    window.mute_button.click()
    controller.attention("s-1", AttentionKind.READY)
    assert window.sound.played == 1  # muted: badge yes, sound no
    assert window.grid.tiles["s-1"].property("attention") == "ready"


def test_workspace_highlights_mismatch_and_gates_approve_and_submit(
    qtbot: QtBot, console: tuple[ConsoleWindow, ConsoleState]
) -> None:
    window, controller = console
    controller.assign("s-1", booth_number=3)
    detail = SessionDetail("s-1", ClaimType.JHT, "resignation", RECORD, {"kpj": "12345678900"})
    controller.set_detail(detail, [])
    controller.focus("s-1")
    ws = window.workspace
    assert "1 data tidak cocok" in ws.mismatch_label.text()
    assert not ws.approve_button.isEnabled()

    needed = [item.document for item in checklist(detail)]
    detail.documents = {d: DocumentStill(d, f"id-{d}", image=encode_jpeg(np.zeros((20, 30, 3), np.uint8)))
                        for d in needed}
    detail.entries["termination_date"] = "2026-08-31"
    controller.set_detail(detail)
    for row in range(ws.checklist.count()):
        ws.checklist.item(row).setCheckState(Qt.CheckState.Checked)
    assert detail.verified == set(needed)
    assert ws.approve_button.isEnabled()

    decided: list[tuple[str, object, str, str]] = []
    window.decided.connect(lambda *args: decided.append(args))
    qtbot.keyClick(window, Qt.Key.Key_F9)
    assert decided == [("s-1", Decision.APPROVED, "verified", "")]
    controller.decide("s-1", Decision.APPROVED, "verified")
    assert not ws.submit_button.isEnabled()  # not signed yet
    controller.signature_received("s-1", "sig-1")
    assert ws.submit_button.isEnabled()
    with qtbot.wait_signal(window.submit_requested) as blocker:
        qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == ["s-1"]
    controller.set_submission("s-1", SubmissionState.DELIVERED, "JHT-KDR-20261121-0001")
    assert "JHT-KDR-20261121-0001" in ws.submission_label.text()
    assert not ws.submit_button.isEnabled()


def test_reject_needs_a_reason(qtbot: QtBot, console: tuple[ConsoleWindow, ConsoleState]) -> None:
    window, controller = console
    controller.assign("s-1", booth_number=3)
    controller.set_detail(SessionDetail("s-1", ClaimType.JHT, "resignation", RECORD), [])
    controller.focus("s-1")
    with qtbot.assert_not_emitted(window.decided):
        window.workspace.reject()
    assert window.workspace.tabs.currentIndex() == 2
    window.workspace.reason_box.setCurrentIndex(window.workspace.reason_box.findData("identity_mismatch"))
    with qtbot.wait_signal(window.decided) as blocker:
        window.workspace.reject()
    assert blocker.args[1:3] == [Decision.REJECTED, "identity_mismatch"]


def test_login_problems_are_explained(qtbot: QtBot, console: tuple[ConsoleWindow, ConsoleState]) -> None:
    window, _ = console
    window.show_login()
    login = window.login
    login.username.setText("cso1")
    login.password.setText("wrong")
    with qtbot.wait_signal(window.login_requested) as blocker:
        login.submit.click()
    assert blocker.args == ["cso1", "wrong", 4]
    assert not login.submit.isEnabled()
    for problem, words in [
        (LoginProblem.WRONG_PASSWORD, "kata sandi salah"),
        (LoginProblem.LOCKED, "dikunci"),
        (LoginProblem.RATE_LIMITED, "Terlalu banyak"),
        (LoginProblem.UNREACHABLE, "tidak dapat dihubungi"),
    ]:
        window.show_login(problem)
        assert words in login.error.text()
        assert login.submit.isEnabled()


def test_english_catalog_translates_the_console(qtbot: QtBot) -> None:
    from PySide6.QtCore import QCoreApplication, QTranslator

    from kiosk.paths import asset

    translator = QTranslator()
    assert translator.load("console_en", str(asset("i18n")))
    QCoreApplication.installTranslator(translator)
    try:
        controller = ConsoleState()
        window = ConsoleWindow(controller, sound=AttentionSound(enabled=False))
        qtbot.addWidget(window)
        controller.assign("s-1", booth_number=3)
        assert window.windowTitle() == "CSO console"
        assert window.grid.tiles["s-1"].booth_label.text() == "Booth 3"
        assert window.workspace.approve_button.text() == "Approve (F9)"
    finally:
        QCoreApplication.removeTranslator(translator)


def test_a_peer_state_after_the_window_is_deleted_touches_no_dead_widget(qtbot: QtBot) -> None:
    """Closing a peer reports its state after the window (and every tile label) may be gone: regression for
    "Internal C++ object (QLabel) already deleted" from the peer-state callback."""
    import shiboken6

    controller = ConsoleState(cap=4)
    window = ConsoleWindow(controller, sound=AttentionSound(enabled=False))
    window.show_console("Rina")
    controller.assign("s-1", 1, masked_name="B***")
    controller.assign("s-2", 2)
    controller.focus("s-1")
    assert controller._listeners
    shiboken6.delete(window)  # the window and its grids, tiles and labels are gone at once
    assert controller._listeners == []  # nothing of the window listens any more
    controller.set_connected("s-1", True)  # what a peer's on_state does; must not raise
    controller.set_network("s-2", controller.booths["s-2"].network)
    controller.attention("s-2", AttentionKind.HELP, True)
    controller.unassign("s-1", handled=True)


def test_closing_a_dropped_peer_does_not_report_into_the_console() -> None:
    from kiosk.app.console.media import detach as _detach

    class Peer:
        def __init__(self) -> None:
            self.on_state = lambda state: (_ for _ in ()).throw(AssertionError("reported after drop"))
            self.on_stats = print

    peer = Peer()
    _detach(peer)
    assert peer.on_state is None and peer.on_stats is None
