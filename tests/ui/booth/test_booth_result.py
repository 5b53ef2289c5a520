"""The result screen: the claim number's instruction always shows (also on a booth's first result and after a
declined consent), a warning before the screen clears itself, and the printed slip."""

from __future__ import annotations

from typing import Any

from kiosk.app.booth.state import Step
from kiosk.config import BoothSettings, VideoSettings
from kiosk.protocol import ControlType, EndPayload, Outcome, control
from tests.ui.booth.harness import Booth, make_booth


def booth(qtbot: Any, settings: BoothSettings | None = None) -> Booth:
    return make_booth(qtbot, object(), booth=settings or BoothSettings(booth_number=1), video=VideoSettings())


def submitted(c: Booth, reference: str = "JHT-0001-2026-000042") -> None:
    c.visit.go(Step.CALL)
    c.call.handle_control(control(ControlType.END, "o-1", EndPayload(outcome=Outcome.SUBMITTED, reference=reference)))


def test_the_first_result_screen_says_how_to_keep_the_number(qtbot: Any, qt_loop: Any) -> None:
    c = booth(qtbot)
    submitted(c)
    result = c.window.result
    assert c.window.current_screen() is result
    assert "Simpan nomor klaim" in result.subtitle.text()
    assert result.subtitle.isVisible()


def test_after_a_declined_consent_the_next_visitor_reads_the_instruction(qtbot: Any, qt_loop: Any) -> None:
    c = booth(qtbot)
    c.visit.go(Step.CONSENT)
    consent = c.window.consent
    assert consent.subtitle.isVisible()
    consent.decline_button.click()
    consent.done_button.click()
    assert c.state.step is Step.WELCOME
    c.visit.go(Step.CONSENT)
    assert "Setuju" in consent.subtitle.text()
    assert consent.subtitle.isVisible()
