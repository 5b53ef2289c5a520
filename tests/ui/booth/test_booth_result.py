"""The result screen: the claim number's instruction always shows (also on a booth's first result and after a
declined consent), a warning before the screen clears itself, and the printed slip."""

from __future__ import annotations

from typing import Any

from kiosk.app.booth.state import SlipStatus, Step
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


def test_a_countdown_with_more_time_before_the_screen_clears(qtbot: Any, qt_loop: Any) -> None:
    c = booth(qtbot)
    c.visit.result_timeout_s = 3.0  # the app's timer; the screen counts the same time down
    c.window.result.set_countdown(3.0, 2.0)
    submitted(c)
    result = c.window.result
    assert not result.countdown_message.isVisible()  # no warning at first: time to read
    qtbot.waitUntil(lambda: result.more_time_button.isVisible(), timeout=3000)
    assert "kembali ke awal dalam 2 detik" in result.countdown_message.text()
    assert result.subtitle.isVisible() and "Simpan nomor klaim" in result.subtitle.text()
    result.more_time_button.click()  # the full time again, on the screen and in the app
    assert not result.countdown_message.isVisible() and result.seconds_left() == 3
    qtbot.wait(1500)
    assert c.state.step is Step.RESULT
    qtbot.waitUntil(lambda: c.state.step is Step.WELCOME, timeout=5000)


def test_the_printed_slip_holds_the_number_and_nothing_personal(qtbot: Any, qt_loop: Any, tmp_path: Any) -> None:
    slip = tmp_path / "lp0"
    c = booth(qtbot, BoothSettings(booth_number=4, receipt_printer=str(slip)))
    from kiosk.domain.claims import ClaimType

    c.state.nik, c.state.kpj = "3571034509880002", "12345678901"
    c.state.choose_claim_type(ClaimType.JHT)
    c.state.bank_code, c.state.account_number = "002", "0123456789012"
    submitted(c, "JHT-KDR-20261121-0042")
    qtbot.waitUntil(lambda: c.state.slip is SlipStatus.PRINTED, timeout=10_000)
    data = slip.read_bytes()
    assert b"JHT-KDR-20261121-0042" in data and b"Bilik 4" in data
    for secret in (b"3571034509880002", b"12345678901", b"0123456789012", b"6789012"):
        assert secret not in data
    assert b"\x1dV" in data  # cut
    assert "Ambil tanda terima" in c.window.result.slip_message.text()


def test_a_printer_error_keeps_the_result_on_the_screen(qtbot: Any, qt_loop: Any, tmp_path: Any) -> None:
    c = booth(qtbot, BoothSettings(booth_number=4, receipt_printer=str(tmp_path / "missing" / "lp0")))
    submitted(c, "JHT-KDR-20261121-0043")
    qtbot.waitUntil(lambda: c.state.slip is SlipStatus.FAILED, timeout=10_000)
    result = c.window.result
    assert c.state.step is Step.RESULT and result.reference.text() == "JHT-KDR-20261121-0043"
    assert "tidak dapat dicetak" in result.slip_message.text() and result.slip_message.isVisible()


def test_no_printer_no_slip_message(qtbot: Any, qt_loop: Any) -> None:
    c = booth(qtbot)
    submitted(c)
    assert c.state.slip is SlipStatus.NONE and not c.window.result.slip_message.isVisible()
