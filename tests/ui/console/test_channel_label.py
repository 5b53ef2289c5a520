"""Tiles and the focus header say the channel: "Bilik 3" for a booth, "Online" for a participant at home (no
booth number), in Indonesian and in English."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from pytestqt.qtbot import QtBot

from kiosk.app.console.state import ConsoleState
from kiosk.domain.channels import Channel
from kiosk.paths import asset
from kiosk.protocol import AttentionKind
from kiosk.ui.console.sound import AttentionSound
from kiosk.ui.console.window import ConsoleWindow


@pytest.fixture(params=["id", "en"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    if request.param == "id":
        yield "id"
        return
    translator = QTranslator()
    assert translator.load("console_en", str(asset("i18n")))
    QCoreApplication.installTranslator(translator)
    try:
        yield "en"
    finally:
        QCoreApplication.removeTranslator(translator)


def test_tiles_header_and_banner_name_the_channel(qtbot: QtBot, language: str) -> None:
    booth_word = {"id": "Bilik 3", "en": "Booth 3"}[language]
    controller = ConsoleState(cap=4)
    window = ConsoleWindow(controller, sound=AttentionSound(enabled=False))
    qtbot.addWidget(window)
    window.show_console("Rina")
    controller.assign("s-booth", 3, masked_name="B*** S***")
    controller.assign("s-web", None, masked_name="S*** W***", channel=Channel.ONLINE)
    tiles = window.grid.tiles
    assert tiles["s-booth"].booth_label.text() == booth_word
    assert tiles["s-web"].booth_label.text() == "Online"  # no booth number, no "Bilik None"

    controller.focus("s-web")
    header = window.focus_view.header.text()
    assert header.startswith("Online") and "None" not in header
    controller.attention("s-booth", AttentionKind.HELP, True)
    banner = window.focus_view.banner.text()
    assert banner.startswith(booth_word) and ("menunggu" if language == "id" else "is waiting") in banner
    controller.unfocus()
    controller.focus("s-booth")
    controller.attention("s-web", AttentionKind.READY, True)
    assert window.focus_view.header.text().startswith(booth_word)
    assert window.focus_view.banner.text().startswith("Online")
