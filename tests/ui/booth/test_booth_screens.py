"""Screens against a real hub and small fakes: check-in both ways and its refusals, consent decline, every
validation message on the identity and bank pages, the rejection result, and the call-dropped screen."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import segno
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from kiosk.app.booth.hub_adapter import HubAdapter
from kiosk.app.booth.state import Problem, Step
from kiosk.app.link_health import NetworkQuality
from kiosk.config import BoothSettings, VideoSettings
from kiosk.domain.references import booking_qr_payload
from kiosk.domain.session import SessionState
from kiosk.protocol import ControlType, EndPayload, Outcome, control
from kiosk.ui.booth.window import BoothWindow
from tests.ui.booth.harness import Booth, make_booth


class PictureCamera:
    """A camera that always shows one picture (a phone screen with the booking QR)."""

    def __init__(self, image: np.ndarray) -> None:
        self.image = image
        self.index = 0

    def latest_frame(self) -> np.ndarray:
        return self.image

    def latest(self) -> Any:
        self.index += 1
        return type("Captured", (), {"image": self.image, "index": self.index})()


def qr_picture(text: str) -> np.ndarray:
    qr = segno.make(text, error="m")
    matrix = np.array([[0 if v else 255 for v in row] for row in qr.matrix], np.uint8)
    big = np.kron(matrix, np.ones((8, 8), np.uint8))
    frame = np.full((720, 1280), 200, np.uint8)
    y, x = (720 - big.shape[0]) // 2, (1280 - big.shape[1]) // 2
    frame[y - 32 : y + big.shape[0] + 32, x - 32 : x + big.shape[1] + 32] = 255
    frame[y : y + big.shape[0], x : x + big.shape[1]] = big
    return np.dstack([frame] * 3)


def booth(qtbot: Any, backend: Any, camera: Any = None) -> Booth:
    return make_booth(qtbot, backend, camera, booth=BoothSettings(booth_number=1), video=VideoSettings())


def click(qtbot: Any, window: BoothWindow, name: str) -> None:
    widget = window.current_screen().findChild(QPushButton, name) or window.findChild(QPushButton, name)
    assert widget is not None, name
    qtbot.waitUntil(lambda: widget.isVisible() and widget.isEnabled(), timeout=10_000)
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def press_keys(qtbot: Any, window: BoothWindow, text: str) -> None:
    for ch in text:
        click(qtbot, window, f"key_{ch}")


def test_typed_booking_code_then_used_and_unknown(qtbot: Any, qt_loop: Any, fresh_hub: Any) -> None:
    c = booth(qtbot, HubAdapter(fresh_hub.client(fresh_hub.booth_token(1))))
    click(qtbot, c.window, "startButton")
    click(qtbot, c.window, "bookingCodeButton")
    press_keys(qtbot, c.window, "KDRDEMAA2")  # the dash is optional
    assert c.window.check_in.code_input.text() == "KDRDEMAA2"
    click(qtbot, c.window, "checkInButton")
    qtbot.waitUntil(lambda: c.state.step is Step.CONSENT, timeout=10_000)

    other = booth(qtbot, HubAdapter(fresh_hub.client(fresh_hub.booth_token(2))))
    click(qtbot, other.window, "startButton")
    click(qtbot, other.window, "bookingCodeButton")
    press_keys(qtbot, other.window, "KDR-DEMAA2")
    click(qtbot, other.window, "checkInButton")
    message = other.window.check_in.message
    qtbot.waitUntil(lambda: message.level() == "error", timeout=10_000)
    assert "sudah pernah dipakai" in message.text()
    other.window.check_in.code_input.clear()
    press_keys(qtbot, other.window, "KDRZZZZZZ")
    click(qtbot, other.window, "checkInButton")
    qtbot.waitUntil(lambda: "tidak ditemukan" in message.text(), timeout=10_000)


def test_booking_qr_shown_to_the_camera(qtbot: Any, qt_loop: Any, fresh_hub: Any) -> None:
    camera = PictureCamera(qr_picture(booking_qr_payload("KDR-DEMAB3")))
    c = booth(qtbot, HubAdapter(fresh_hub.client(fresh_hub.booth_token(3))), camera)
    click(qtbot, c.window, "startButton")
    click(qtbot, c.window, "bookingQrButton")
    qtbot.waitUntil(lambda: c.state.step is Step.CONSENT, timeout=15_000)
    assert c.state.check_in is not None and c.state.check_in.visit.value == "online"


def test_declining_consent_keeps_nothing(qtbot: Any, qt_loop: Any, fresh_hub: Any) -> None:
    client = fresh_hub.client(fresh_hub.booth_token(4))
    c = booth(qtbot, HubAdapter(client))
    click(qtbot, c.window, "startButton")
    click(qtbot, c.window, "walkInButton")
    qtbot.waitUntil(lambda: c.state.step is Step.CONSENT, timeout=10_000)
    session_id = c.state.session_id
    click(qtbot, c.window, "consentDeclineButton")
    assert c.window.consent.showing_goodbye()
    click(qtbot, c.window, "consentDoneButton")
    qtbot.waitUntil(lambda: c.ended == ["declined"], timeout=5000)
    assert c.state.step is Step.WELCOME and c.state.check_in is None
    supervisor = fresh_hub.client(fresh_hub.supervisor_token())
    qtbot.waitUntil(lambda: supervisor.get_session(session_id).state is SessionState.ABANDONED, timeout=10_000)


@pytest.mark.parametrize(
    ("nik", "words"),
    [
        ("9971034509880002", "bukan kode provinsi"),
        ("3500034509880002", "tidak mungkin 00"),
        ("3571033213880002", "tanggal lahir"),
        ("3571034509880000", "0000"),
    ],
)
def test_every_nik_message(qtbot: Any, qt_loop: Any, nik: str, words: str) -> None:
    c = booth(qtbot, object())
    c.visit.go(Step.IDENTITY)
    screen = c.window.identity
    screen.nik_input.setText(nik)
    assert words in screen.nik_message.text()
    assert screen.nik_message.level() == "error"
    assert not screen.next_button.isEnabled()
    indonesian = screen.nik_message.text()
    c.visit.set_language("en")
    assert screen.nik_message.text() and screen.nik_message.text() != indonesian


def test_kpj_and_account_messages(qtbot: Any, qt_loop: Any) -> None:
    c = booth(qtbot, object())
    c.visit.go(Step.IDENTITY)
    screen = c.window.identity
    screen.kpj_input.setText("123")
    assert "Masih 8 angka lagi" in screen.kpj_message.text()
    screen.kpj_input.setText("12345678901")
    assert screen.kpj_message.level() == "ok"
    c.visit.go(Step.SERVICE)
    service = c.window.service
    service.show_page(service.BANK)
    service.account_input.setText("12345")
    assert "Pilih bank" in service.account_message.text()
    click(qtbot, c.window, "bank_014")
    assert "buku tabungan" in service.account_message.text()
    service.account_input.setText("1234567")
    assert service.account_message.level() == "ok"


def test_rejection_explains_what_to_bring(qtbot: Any, qt_loop: Any) -> None:
    c = booth(qtbot, object())
    flow = c.state
    from kiosk.domain.claims import ClaimType

    flow.choose_claim_type(ClaimType.JHT)
    flow.reason = "layoff"
    flow.plan_documents()
    c.visit.go(Step.CALL)
    # An old console still sends its private note as reason_text: the participant never reads it.
    c.call.handle_control(control(ControlType.END, "o-1", EndPayload(
        outcome=Outcome.REJECTED, reason_code="document_invalid", reason_text="catatan: paklaring palsu?")))
    assert flow.step is Step.RESULT
    assert "Salah satu dokumen tidak dapat diterima" in c.window.result.reason.text()
    assert "palsu" not in c.window.result.reason.text()
    c.visit.set_language("en")  # the participant's language, whatever the officer's
    assert "One of your documents could not be accepted" in c.window.result.reason.text()
    assert "Kartu Keluarga" in c.window.result.bring.text()
    assert not c.window.result.reference.isVisible()


def test_call_dropped_screen_and_recovery(qtbot: Any, qt_loop: Any) -> None:
    c = booth(qtbot, object())
    c.visit.go(Step.CALL)
    c.call.call_dropped()
    assert c.state.problem is Problem.CALL_DROPPED
    assert c.window.current_screen() is c.window.problem
    assert "terputus" in c.window.problem.title.text()
    assert "dipulihkan" in c.window.problem.explanation.text()  # "the connection is being restored"
    c.call.call_restored()
    assert c.state.problem is None and c.window.current_screen() is c.window.call
    c.call.network_changed(NetworkQuality.FAIR)
    assert c.window.call.bars.quality() is NetworkQuality.FAIR


def test_an_early_officer_does_not_interrupt_self_service(qtbot: Any, qt_loop: Any) -> None:
    c = booth(qtbot, object())
    c.visit.go(Step.SERVICE)
    c.call.officer_connected("Rina", lambda: None)
    assert c.state.step is Step.SERVICE  # the officer's tile shows progress; the participant carries on
    c.visit.go(Step.WAITING)
    assert c.state.step is Step.CALL  # self-service done and the officer is there: straight to the call
    c.visit.end("finished")
    c.visit.go(Step.IDENTITY)
    c.call.officer_connected("Rina", lambda: None)
    c.call.handle_control(control(ControlType.FOCUS, "o-1"))
    assert c.state.step is Step.CALL  # the officer turned to this booth to help


def test_the_participant_cannot_close_the_window(qtbot: Any, qt_loop: Any) -> None:
    c = booth(qtbot, object())
    window = c.window
    window._may_close = False
    assert window.close() is False
    assert window.isVisible()
    window.allow_close()


def test_fields_forget_their_undo_history_when_a_visit_ends(qtbot: Any, qt_loop: Any) -> None:
    c = booth(qtbot, object())
    c.visit.go(Step.IDENTITY)
    c.window.identity.nik_input.insert("3571034509880002")
    c.visit.end("finished")
    field = c.window.identity.nik_input
    assert field.text() == "" and not field.isUndoAvailable()


def test_a_slow_hub_shows_please_wait(qtbot: Any, qt_loop: Any) -> None:
    import asyncio

    from kiosk.app.booth.hub_port import CheckIn
    from kiosk.domain.quota import VisitKind

    class Slow:
        async def check_in_walk_in(self) -> CheckIn:
            await asyncio.sleep(1.0)
            return CheckIn("s-slow", VisitKind.WALK_IN)

        async def set_state(self, *_: Any) -> None:
            return None

    c = booth(qtbot, Slow())
    click(qtbot, c.window, "startButton")
    click(qtbot, c.window, "walkInButton")
    qtbot.waitUntil(c.window.busy_label.isVisible, timeout=2000)
    assert "tunggu" in c.window.busy_label.text()
    qtbot.waitUntil(lambda: c.state.step is Step.CONSENT, timeout=5000)
    assert not c.window.busy_label.isVisible()


def test_hand_back_asks_for_documents_again(qtbot: Any, qt_loop: Any) -> None:
    from kiosk.app.booth.hub_port import UploadedDocument
    from kiosk.domain.claims import ClaimType
    from kiosk.protocol import HandBackPayload

    c = booth(qtbot, object())
    flow = c.state
    flow.choose_claim_type(ClaimType.JHT)
    flow.reason = "layoff"
    flow.plan_documents()
    for r in flow.documents:
        flow.record_upload(r.document.code, UploadedDocument("d", "0" * 64))
    c.visit.go(Step.WAITING)
    c.call.officer_connected("Rina", lambda: None)
    assert flow.step is Step.CALL
    c.call.handle_control(control(ControlType.HAND_BACK, "o-1", HandBackPayload(documents=("ektp", "npwp_card"))))
    assert flow.step is Step.DOCUMENTS
    assert c.window.documents.document_title.text() == "e-KTP"
    assert [r.document.code for r in flow.pending_documents()] == ["ektp", "npwp_card"]


def test_a_session_left_open_does_not_block_the_next_visitor(qtbot: Any, qt_loop: Any, fresh_hub: Any) -> None:
    client = fresh_hub.client(fresh_hub.booth_token(5))
    stale = client.check_in(walk_in=True)  # e.g. the booth lost the hub while ending this visit
    c = booth(qtbot, HubAdapter(client))
    click(qtbot, c.window, "startButton")
    click(qtbot, c.window, "walkInButton")
    qtbot.waitUntil(lambda: c.state.step is Step.CONSENT, timeout=10_000)
    supervisor = fresh_hub.client(fresh_hub.supervisor_token())
    assert supervisor.get_session(stale.id).state is SessionState.ABANDONED
    assert c.state.session_id != stale.id


def test_the_consent_names_the_machine_checks_and_who_decides(qtbot: Any, qt_loop: Any) -> None:
    from tests.app.booth.fakes import FakeHub

    c = booth(qtbot, FakeHub())
    c.window.consent.retranslate()
    text = " ".join(label.text() for label in c.window.consent._points)
    for words in ("membandingkan wajah Anda dengan foto e-KTP", "membaca nomor pada dokumen", "orang lain di bilik",
                  "Keputusan selalu diambil petugas"):
        assert words in text


def test_the_next_visitor_finds_no_choice_left_from_the_last_one(qtbot: Any, qt_loop: Any) -> None:
    from kiosk.domain.claims import ClaimType
    from tests.app.booth.fakes import FakeHub

    c = booth(qtbot, FakeHub())
    screen = c.window.service
    c.state.claim_type = ClaimType.JHT
    c.state.bank_code = "002"
    screen.on_enter()
    assert screen.type_cards[ClaimType.JHT].isChecked() and screen.bank_buttons["002"].isChecked()
    c.state.claim_type = None  # a new visit: nothing chosen yet
    c.state.bank_code = ""
    screen.on_enter()
    assert not any(card.isChecked() for card in screen.type_cards.values())
    assert not any(button.isChecked() for button in screen.bank_buttons.values())
