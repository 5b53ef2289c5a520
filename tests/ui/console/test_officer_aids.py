"""What the officer sees to decide and to keep six booths moving: the ID portrait beside the live face, still
quality in words, one masking rule, a wait cue that escalates, ready phrases, the reason the participant reads."""

from __future__ import annotations

from datetime import date

import cv2
import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from kiosk.app.console.phrases import ReadyPhrase
from kiosk.app.console.session import DocumentStill, SessionDetail
from kiosk.app.console.state import ConsoleState
from kiosk.app.console.wait_cue import WaitCue
from kiosk.domain.claims import ClaimType, ParticipantRecord, ParticipantStatus
from kiosk.protocol import AttentionKind
from kiosk.ui.console.sound import AttentionSound
from kiosk.ui.console.window import ConsoleWindow

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


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def console(qtbot: QtBot, clock: Clock) -> tuple[ConsoleWindow, ConsoleState]:
    controller = ConsoleState(cap=4, max_cap=6, clock=clock)
    window = ConsoleWindow(
        controller,
        hub_url="http://127.0.0.1:1",
        frame_sources=lambda sid: (lambda: None),
        sound=AttentionSound(enabled=True, clock=clock),
        today=lambda: TODAY,
        wait_cue=WaitCue(long_s=120, urgent_s=300, reminder_s=60),
    )
    window.sound._load = lambda: None  # type: ignore[method-assign]  # count chimes, play none
    qtbot.addWidget(window)
    window.resize(1600, 900)
    window.show_console("Petugas Uji")
    window.show()
    return window, controller


def _card(width: int = 856, height: int = 540) -> bytes:
    """A deskewed e-KTP-like still: text on the left, a photo with a face on the right."""
    card = np.full((height, width, 3), (235, 228, 210), np.uint8)
    for row in range(6):
        cv2.rectangle(card, (40, 120 + row * 60), (480, 140 + row * 60), (90, 90, 90), -1)
    cv2.rectangle(card, (620, 110), (810, 370), (60, 60, 200), -1)  # the photo: red in BGR
    ok, data = cv2.imencode(".png", card)
    assert ok
    return bytes(data.tobytes())


def _face(width: int = 640, height: int = 360) -> bytes:
    frame = np.full((height, width, 3), (110, 140, 170), np.uint8)
    cv2.ellipse(frame, (width // 2, height // 2), (60, 80), 0, 0, 360, (120, 160, 210), -1)
    ok, data = cv2.imencode(".png", frame)
    assert ok
    return bytes(data.tobytes())


def _focus_with(controller: ConsoleState, detail: SessionDetail) -> None:
    controller.assign(detail.session_id, booth_number=3, masked_name="B*** S******", claim_type="JHT")
    controller.set_detail(detail)
    controller.focus(detail.session_id)


def test_the_id_portrait_is_cut_from_the_card_and_shown_like_the_live_face(
    console: tuple[ConsoleWindow, ConsoleState],
) -> None:
    window, controller = console
    detail = SessionDetail("s-1", ClaimType.JHT, "resignation", RECORD, {"name": "Budi Santoso"},
                           {"ektp": DocumentStill("ektp", "d-1", image=_card())}, face_still=_face())
    _focus_with(controller, detail)
    documents = window.workspace.documents_tab
    card, live = documents.ektp_photo._image, documents.face_photo._image
    # The card's photo, not the whole card: portrait-shaped and mostly the photo's colour.
    assert card.height() > card.width()
    middle = card.pixelColor(card.width() // 2, card.height() // 2)
    assert (middle.red(), middle.green(), middle.blue()) == pytest.approx((200, 60, 60), abs=12)
    # The live face is framed the same way (same shape), and both boxes are the same size: one scale.
    assert live.height() / live.width() == pytest.approx(card.height() / card.width(), abs=0.02)
    assert documents.ektp_photo.size() == documents.face_photo.size()
    assert documents.ektp_title.text() == "Foto e-KTP"


def test_a_still_that_is_not_a_card_is_shown_whole_and_said_so(console: tuple[ConsoleWindow, ConsoleState]) -> None:
    window, controller = console
    detail = SessionDetail("s-1", ClaimType.JHT, "resignation", RECORD,
                           documents={"ektp": DocumentStill("ektp", "d-1", image=_face(400, 400))})
    _focus_with(controller, detail)
    documents = window.workspace.documents_tab
    assert documents.ektp_photo._image.size().width() == 400
    assert "tidak ditemukan" in documents.ektp_title.text()


def test_still_quality_reads_as_words_with_advice(console: tuple[ConsoleWindow, ConsoleState]) -> None:
    window, controller = console
    good = DocumentStill("kpj_card", "d-1", sharpness=212, glare_ratio=0.004, brightness=141, image=_card())
    blurry = DocumentStill("ektp", "d-2", sharpness=80, glare_ratio=0.03, brightness=141, image=_card())
    detail = SessionDetail("s-1", ClaimType.JHT, "resignation", RECORD, documents={"kpj_card": good, "ektp": blurry})
    _focus_with(controller, detail)
    documents = window.workspace.documents_tab
    rows = {documents.checklist.item(i).data(256): i for i in range(documents.checklist.count())}
    documents.checklist.setCurrentRow(rows["kpj_card"])
    assert documents.metrics_label.text() == "Tajam, hampir tanpa silau"
    assert documents.metrics_label.property("level") == "good"
    assert "212" not in documents.metrics_label.text() and "212" in documents.metrics_label.toolTip()
    documents.checklist.setCurrentRow(rows["ektp"])
    assert documents.metrics_label.text().startswith("Buram: minta peserta menahan dokumen diam")
    assert "memiringkan" in documents.metrics_label.text()
    assert documents.metrics_label.property("level") == "bad"


def test_the_name_is_masked_on_tiles_and_in_full_where_the_officer_verifies(
    console: tuple[ConsoleWindow, ConsoleState],
) -> None:
    window, controller = console
    detail = SessionDetail("s-1", ClaimType.JHT, "resignation", RECORD, {"name": "Budi Santoso"})
    _focus_with(controller, detail)
    controller.assign("s-2", booth_number=4, masked_name="S*** R*****")
    header = window.focus_view.header.text()
    table = window.workspace.record_table
    assert "Budi Santoso" in header and "B*** S******" not in header
    assert table.item(0, 1).text() == "Budi Santoso"  # the same name, in full, in the table beside it
    controller.unfocus()
    assert window.grid.tiles["s-1"].name_label.text() == "B*** S******"
    assert window.grid.tiles["s-2"].name_label.text() == "S*** R*****"


def test_a_long_wait_turns_amber_then_red_and_the_chime_comes_back(
    console: tuple[ConsoleWindow, ConsoleState], clock: Clock,
) -> None:
    window, controller = console
    controller.assign("s-1", booth_number=3)
    controller.assign("s-2", booth_number=4)
    controller.attention("s-1", AttentionKind.READY)
    assert window.sound.played == 1  # the request's own chime
    tile = window.grid.tiles["s-1"]

    def tick(seconds: float) -> None:
        clock.now += seconds
        window.grid.refresh_times()
        window._tick()

    tick(60)
    assert tile.property("wait") == "waiting" and window.sound.played == 1
    tick(61)  # 2:01
    assert tile.property("wait") == "long"
    assert tile.longest_badge.property("wait") == "long"
    assert window.sound.played == 2  # the first reminder
    tick(30)
    assert window.sound.played == 2
    tick(30)  # 3:01: another minute
    assert window.sound.played == 3
    tick(120)  # 5:01
    assert tile.property("wait") == "urgent"
    assert tile.longest_badge.text() == "Terlama menunggu 5:01"
    # Another booth past the threshold that is not the longest shows its own wait badge.
    controller.attention("s-2", AttentionKind.HELP)
    tick(125)
    other = window.grid.tiles["s-2"]
    assert other.property("wait") == "long" and not other.wait_badge.isHidden()
    assert other.wait_badge.text() == "Menunggu 2:05"
    # The booth the officer is serving never chimes; the banner names the other one in red.
    played = window.sound.played
    controller.focus("s-2")
    tick(60)
    assert window.focus_view.banner.property("wait") == "urgent"
    assert window.sound.played == played + 1  # s-1 only
    controller.attention("s-1", AttentionKind.READY, raised=False)
    tick(1)
    assert tile.property("wait") == "none"


def test_a_ready_phrase_goes_in_both_languages_and_free_text_as_typed(
    qtbot: QtBot, console: tuple[ConsoleWindow, ConsoleState],
) -> None:
    window, controller = console
    window.workspace.set_phrases((
        ReadyPhrase("Mohon lihat ke kamera.", "Please look at the camera."),
        ReadyPhrase("Siapkan buku tabungan Anda.", "Please have your bank book ready."),
    ))
    _focus_with(controller, SessionDetail("s-1", ClaimType.JHT, "resignation", RECORD))
    sent: list[tuple[str, str, str]] = []
    window.prompt_requested.connect(lambda sid, text, en: sent.append((sid, text, en)))
    box = window.workspace.phrase_box
    assert not box.isHidden() and box.count() == 3
    box.setCurrentIndex(2)
    box.activated.emit(2)
    assert window.workspace.prompt_edit.text() == "Siapkan buku tabungan Anda."
    window.workspace.send_prompt()
    assert sent[-1] == ("s-1", "Siapkan buku tabungan Anda.", "Please have your bank book ready.")
    assert window.workspace.prompt_edit.text() == "" and box.currentIndex() == 0
    box.setCurrentIndex(1)
    box.activated.emit(1)
    window.workspace.prompt_edit.setText("Mohon lihat ke kamera, Pak Budi.")  # edited: free text now
    window.workspace.send_prompt()
    assert sent[-1] == ("s-1", "Mohon lihat ke kamera, Pak Budi.", "")


def test_the_officer_sees_what_the_participant_will_read_and_the_note_stays_private(
    console: tuple[ConsoleWindow, ConsoleState],
) -> None:
    window, controller = console
    _focus_with(controller, SessionDetail("s-1", ClaimType.JHT, "resignation", RECORD))
    decided: list[tuple[object, str, str]] = []
    window.decided.connect(lambda sid, decision, code, note: decided.append((decision, code, note)))
    ws = window.workspace
    ws.reason_box.setCurrentIndex(ws.reason_box.findData("document_missing"))
    preview = ws.decision_tab.participant_reason_label.text()
    assert "Dokumen yang diperlukan belum lengkap." in preview
    ws.note_edit.setText("KK tertinggal di rumah")
    assert "KK" not in preview
    assert ws.note_edit.maxLength() <= 200 - len("third_party_prompting: ")
    ws.reject()
    assert decided[-1][1:] == ("document_missing", "KK tertinggal di rumah")



def test_the_new_words_read_in_english(qtbot: QtBot, clock: Clock) -> None:
    from PySide6.QtCore import QCoreApplication, QTranslator

    from kiosk.paths import asset

    translator = QTranslator()
    assert translator.load("console_en", str(asset("i18n")))
    QCoreApplication.installTranslator(translator)
    try:
        controller = ConsoleState(clock=clock)
        window = ConsoleWindow(controller, sound=AttentionSound(enabled=False), language="en",
                               wait_cue=WaitCue(long_s=120, urgent_s=300, reminder_s=60))
        qtbot.addWidget(window)
        window.show_console("Officer")
        window.workspace.set_phrases((ReadyPhrase("Mohon lihat ke kamera.", "Please look at the camera."),))
        still = DocumentStill("ektp", "d-1", sharpness=80, glare_ratio=0.001, brightness=141, image=_card())
        _focus_with(controller, SessionDetail("s-1", ClaimType.JHT, "resignation", RECORD, documents={"ektp": still}))
        ws = window.workspace
        assert ws.phrase_box.itemText(0) == "Ready phrases…"
        assert ws.phrase_box.itemText(1) == "Please look at the camera."
        documents = ws.documents_tab
        documents.checklist.setCurrentRow(
            next(i for i in range(documents.checklist.count()) if documents.checklist.item(i).data(256) == "ektp")
        )
        assert documents.metrics_label.text() == "Blurry: ask them to hold the document still, little glare"
        ws.reason_box.setCurrentIndex(ws.reason_box.findData("not_eligible"))
        assert ws.decision_tab.participant_reason_label.text() == (
            "On the booth screen: “This claim does not meet the programme's conditions yet.”"
        )
        assert ws.decision_tab.note_title.text() == "Note (for the file only)"
        controller.assign("s-2", booth_number=4)
        controller.attention("s-2", AttentionKind.HELP)
        clock.now += 130
        window.strip.refresh_times()
        assert window.strip.tiles["s-2"].longest_badge.property("wait") == "long"
        window.focus_video._last_frame_at = clock.now - 75
        window.focus_video._clock = clock
        assert window.focus_video.frozen_text() == "Frozen · 1:15"
    finally:
        QCoreApplication.removeTranslator(translator)
