"""The theme's button scales reach the buttons: the big "start" and "finish" buttons are huge (100 px content,
28pt), the heir choices compact, and no screen with them cuts a word or grows past 1280x800 in either language.

The scale was a dynamic property named ``size``, which QWidget already has, so ``QPushButton[size="huge"]``
never matched and the Start button was an ordinary 78 px, 22pt one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QPushButton

from kiosk.app.booth.state import Step
from tests.ui.booth.test_booth_voice import cut_off, voiced_booth

#: The huge style's content height plus its 8 px paddings: the plain style is 60 + 2 x 6 + borders (about 78).
HUGE_MIN_PX = 100 + 2 * 8


def _button(window: Any, name: str) -> QPushButton:
    found = window.findChild(QPushButton, name)
    assert found is not None, name
    return found


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_start_button_is_huge_and_no_screen_with_a_big_button_overflows(
    qtbot: Any, qt_loop: Any, tmp_path: Path, language: str
) -> None:
    booth = voiced_booth(qtbot, tmp_path, language=language)
    window = booth.window
    booth.visit.set_language(language)
    QCoreApplication.processEvents()
    start = _button(window, "startButton")
    qtbot.waitUntil(start.isVisible)
    assert start.height() >= HUGE_MIN_PX and start.font().pointSizeF() == pytest.approx(28)
    plain = _button(window, "languageButton")
    assert plain.font().pointSizeF() < 28  # only the scaled ones grow
    for step, name in ((Step.WELCOME, "startButton"), (Step.WAITING, "helpButton")):
        booth.visit.go(step)
        qtbot.wait(30)
        big = _button(window, name)
        assert big.isVisible() and big.height() >= HUGE_MIN_PX, step
        assert window.width() == 1280 and window.height() == 800, step
        assert cut_off(window) == [], step
    heir_choice = _button(window, "heir_spouse")
    assert heir_choice.font().pointSizeF() == pytest.approx(20)  # compact: four relations side by side
