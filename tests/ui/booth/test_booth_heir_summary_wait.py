"""The heir's path on screen (the right words about the deceased and the heir, death claims only), the summary
before signing, the wait in minutes and the hold's duration."""

from __future__ import annotations

from typing import Any

from kiosk.app.booth.hub_port import IdentityMatch, UploadedDocument
from kiosk.app.booth.state import Step
from kiosk.domain.claims import Claimant, ClaimType
from kiosk.protocol import QueuePayload
from tests.app.booth.fakes import FakeHub
from tests.ui.booth.test_booth_screens import booth, click

DECEASED_NIK, DECEASED_KPJ, HEIR_NIK = "3571031804700009", "12345678908", "3571034109730010"


def test_the_widow_is_never_asked_is_this_you_about_her_husband(qtbot: Any, qt_loop: Any) -> None:
    hub = FakeHub({DECEASED_NIK: "A*** S****", HEIR_NIK: "R**** S***"})
    c = booth(qtbot, hub)
    w = c.window
    c.visit.go(Step.CHECK_IN)
    c.flows.check_in.walk_in()
    qtbot.waitUntil(lambda: c.state.step is Step.CONSENT, timeout=10_000)
    click(qtbot, w, "consentAgreeButton")
    qtbot.waitUntil(lambda: c.state.step is Step.PURPOSE, timeout=10_000)
    assert "ahli waris" in w.purpose.heir_card.title()
    click(qtbot, w, "purposeHeir")
    assert c.state.step is Step.IDENTITY
    assert w.identity.title.text() == "Data peserta yang meninggal"
    assert "meninggal" in w.identity.nik_label.text()
    w.identity.nik_input.setText(DECEASED_NIK)
    w.identity.kpj_input.setText(DECEASED_KPJ)
    click(qtbot, w, "nextButton")
    qtbot.waitUntil(lambda: w.identity.masked_name.text() == "A*** S****", timeout=10_000)
    assert w.identity.title.text() == "Apakah ini peserta yang Anda klaim?"
    assert "Apakah ini Anda" not in w.identity.title.text()
    c.visit.set_language("en")
    assert w.identity.title.text() == "Is this the participant you are claiming for?"
    c.visit.set_language("id")
    click(qtbot, w, "identityConfirmButton")
    assert c.state.step is Step.HEIR
    assert "A*** S****" in w.heir.deceased_label.text()
    w.heir.nik_input.setText(HEIR_NIK)
    click(qtbot, w, "nextButton")
    qtbot.waitUntil(lambda: w.heir.masked_name.text() == "R**** S***", timeout=10_000)
    assert w.heir.title.text() == "Apakah ini Anda, ahli warisnya?"
    click(qtbot, w, "heirConfirmButton")
    assert c.state.step is Step.SERVICE
    shown = {code for code, card in w.service.type_cards.items() if card.isVisible()}
    assert shown == {ClaimType.JHT, ClaimType.JKM}


def test_for_myself_shows_the_usual_words_and_no_death_claim(qtbot: Any, qt_loop: Any) -> None:
    c = booth(qtbot, object())
    c.visit.go(Step.PURPOSE)
    click(qtbot, c.window, "purposeSelf")
    assert c.window.identity.title.text() == "Data peserta"
    c.state.identity = IdentityMatch("B*** S******")
    c.visit.go(Step.SERVICE)
    assert not c.window.service.type_cards[ClaimType.JKM].isVisible()
    assert c.window.service.type_cards[ClaimType.JKP].isVisible()


def test_the_summary_shows_claim_reason_account_documents_and_what_next(qtbot: Any, qt_loop: Any) -> None:
    c = booth(qtbot, object())
    state = c.state
    state.claimant = Claimant.PARTICIPANT
    state.choose_claim_type(ClaimType.JHT)
    state.reason = "layoff"
    state.bank_code, state.account_number = "002", "0123456789"
    state.plan_documents()
    state.record_upload("ektp", UploadedDocument("d-1", "0" * 64))
    state.record_upload("savings_book", UploadedDocument("d-2", "1" * 64))
    c.visit.go(Step.SUMMARY)
    s = c.window.summary
    assert s.value("claim") == "Jaminan Hari Tua (JHT) — Terkena PHK"
    assert s.value("account") == "BRI ******6789" and "0123456789" not in s.value("account")
    assert "e-KTP" in s.value("documents") and "Buku tabungan" in s.value("documents")
    assert "Kartu Keluarga" not in s.value("documents")  # not photographed: not claimed to be
    assert "nomor klaim" in s.next_steps.text() and "5 hari kerja" in s.next_steps.text()
    assert not s.rows["heir"][1].isVisible()
    c.visit.set_language("en")
    assert s.value("claim") == "Old-age savings (JHT) — I was laid off"
    assert "5 working days" in s.next_steps.text()
    click(qtbot, c.window, "summarySignButton")
    assert state.step is Step.SIGNATURE


def test_waiting_shows_about_n_minutes_in_both_languages(qtbot: Any, qt_loop: Any) -> None:
    c = booth(qtbot, object())
    c.visit.go(Step.WAITING)
    text = c.window.waiting.estimate.text
    assert "belum dapat memperkirakan" in text()  # no history yet: words, not a number
    c.flows.wait.queue_changed(QueuePayload(waiting=3, ahead=2, estimated_minutes=6))
    assert "sekitar 6 menit" in text() and "2 peserta" in text()
    c.visit.set_language("en")
    assert "about 6 minutes" in text() and "2 other participants" in text()
    c.flows.wait.queue_changed(QueuePayload(waiting=1, ahead=0, estimated_minutes=1))
    assert "about 1 minute." in text() and "You are next" in text()


def test_the_hold_card_counts_minutes_and_seconds(qtbot: Any, qt_loop: Any) -> None:
    c = booth(qtbot, object())
    call = c.window.call
    now = [100.0]
    call.clock = lambda: now[0]
    c.visit.go(Step.CALL)
    call.set_on_hold(True)
    assert call.hold_elapsed.text() == "Anda menunggu 0:00"
    now[0] += 65
    qtbot.waitUntil(lambda: call.hold_elapsed.text() == "Anda menunggu 1:05", timeout=3_000)
    call.set_on_hold(False)
    call.set_on_hold(True)
    assert call.hold_elapsed.text() == "Anda menunggu 0:00"  # a new hold starts again
