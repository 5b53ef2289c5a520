"""The tile words a booth's call for help: why, and which documents the participant does not have."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from kiosk.app.console.state import ConsoleState
from kiosk.protocol import AttentionKind, AttentionReason
from kiosk.ui.console.sound import AttentionSound
from kiosk.ui.console.window import ConsoleWindow


def test_the_help_badge_shows_the_reason_until_the_officer_turns_to_the_booth(qtbot: QtBot) -> None:
    controller = ConsoleState(cap=4, max_cap=6)
    window = ConsoleWindow(controller, sound=AttentionSound(enabled=False))
    qtbot.addWidget(window)
    window.show_console("Petugas Uji")
    window.show()
    controller.assign("s-1", booth_number=3)
    tile = window.grid.tiles["s-1"]
    controller.attention("s-1", AttentionKind.HELP, reason=AttentionReason.MISSING_DOCUMENT,
                         document="death_certificate")
    badge = tile.badges[AttentionKind.HELP]
    assert not badge.isHidden() and badge.text() == "Tidak punya dokumen: Akta kematian"
    controller.attention("s-1", AttentionKind.HELP, reason=AttentionReason.CANNOT_HEAR)
    assert badge.text() == "Tidak punya dokumen: Akta kematian · Tidak bisa mendengar"
    controller.focus("s-1")
    assert badge.isHidden()
