"""Render every booth screen in Indonesian and English, offscreen, into docs/screenshots/booth/<lang>/.

    .venv/bin/python scripts/render_booth_screenshots.py [--out DIR] [--size 1280x800]

The screens are filled with fictional data (no hub needed); camera pictures come from `SyntheticCamera`.
Look at every PNG before calling a screen done: text cut off, tiny targets, untranslated strings, empty states.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    """Render all screens; return 1 when one of them does not fit the size, else 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots" / "booth")
    parser.add_argument("--size", default="1280x800")
    parser.add_argument("--only", default="", help="render only screens whose name contains this")
    parser.add_argument("--lang", choices=("id", "en", "both"), default="both")
    parser.add_argument("--texts", type=Path, help="also write every screen's visible texts to this JSON file")
    parser.add_argument("--large-text", action="store_true", help="with the participant's large-text mode on")
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.split("x"))

    import numpy as np
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

    from kiosk.app.booth.capture import Feedback
    from kiosk.app.booth.hub_port import (
        CheckIn,
        CheckInRefusal,
        CheckInRefused,
        IdentityMatch,
        UploadedDocument,
    )
    from kiosk.app.booth.state import HelpStatus, Problem, SessionResult, SlipStatus, Step, VisitState
    from kiosk.config import BoothSettings, VideoSettings
    from kiosk.domain.claims import Claimant, ClaimType, HeirRelation
    from kiosk.domain.quota import VisitKind
    from kiosk.protocol import Outcome
    from kiosk.ui.app import AppSpec, create_context
    from kiosk.ui.booth.window import BoothWindow
    from kiosk.video.camera import SyntheticCamera
    from kiosk.video.stills import encode_jpeg
    from tests.support.visible_texts import TextLog

    texts = TextLog(args.texts)

    ctx = create_context(AppSpec(name="booth", theme="booth", catalogs=("booth",), language="id"))
    today = date(2026, 11, 21)
    flow = VisitState(today=lambda: today)
    window = BoothWindow(flow, booth_number=3, payout_working_days=BoothSettings().payout_working_days)
    window.allow_close()
    window.resize(width, height)
    window.show()
    camera = SyntheticCamera(1280, 720, 15, card_visible=True, timecode=False)
    camera.start()
    frame = camera.latest_frame()
    still = frame.copy() if frame is not None else None
    _ = VideoSettings

    def settle(ms: int = 120) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def fill_identity() -> None:
        flow.nik, flow.kpj = "3571034509880002", "12345678901"
        flow.check_in = CheckIn("s-demo", VisitKind.WALK_IN)

    def fill_service(reason: str = "layoff", ended: date | None = None) -> None:
        fill_identity()
        flow.identity = IdentityMatch("B*** S******")
        flow.identity_confirmed = True
        flow.choose_claim_type(ClaimType.JHT)
        flow.reason = reason
        flow.termination_date = ended
        flow.bank_code, flow.account_number = "002", "0123456789012"

    def show(step: Step) -> None:
        flow.step = step
        window.show_step(step)

    scenes: list[tuple[str, Callable[[], None]]] = []

    def scene(name: str) -> Callable[[Callable[[], None]], Callable[[], None]]:
        def register(fn: Callable[[], None]) -> Callable[[], None]:
            scenes.append((name, fn))
            return fn

        return register

    @scene("01-welcome")
    def _welcome() -> None:
        show(Step.WELCOME)

    @scene("02-checkin-choices")
    def _checkin() -> None:
        show(Step.CHECK_IN)

    @scene("03-checkin-code")
    def _checkin_code() -> None:
        show(Step.CHECK_IN)
        window.check_in.show_page(window.check_in.CODE)
        window.check_in.code_input.setText("KDR7F3K2")

    @scene("04-checkin-code-used")
    def _checkin_used() -> None:
        show(Step.CHECK_IN)
        window.check_in.show_page(window.check_in.CODE)
        window.check_in.code_input.setText("KDR7F3K2")
        window.check_in.show_refusal(CheckInRefused(CheckInRefusal.USED_CODE))

    @scene("05-checkin-qr")
    def _checkin_qr() -> None:
        show(Step.CHECK_IN)
        window.check_in.show_page(window.check_in.QR)
        window.check_in.set_camera(camera.latest_frame)

    @scene("06-checkin-quota-full")
    def _quota() -> None:
        show(Step.CHECK_IN)
        window.check_in.show_refusal(CheckInRefused(CheckInRefusal.QUOTA_FULL, cap=60, resets_at="00:00"))

    @scene("07-checkin-wrong-date")
    def _wrong_date() -> None:
        show(Step.CHECK_IN)
        window.check_in.show_page(window.check_in.CODE)
        window.check_in.code_input.setText("KDR9Q2M4")
        window.check_in.show_refusal(CheckInRefused(CheckInRefusal.WRONG_DATE, booking_date=today + timedelta(3)))

    @scene("08-consent")
    def _consent() -> None:
        show(Step.CONSENT)

    @scene("09-consent-declined")
    def _declined() -> None:
        show(Step.CONSENT)
        window.consent._decline()

    @scene("10-identity-typing")
    def _identity_typing() -> None:
        show(Step.IDENTITY)
        window.identity.nik_input.setText("3571034509")

    @scene("11-identity-invalid-nik")
    def _identity_bad() -> None:
        show(Step.IDENTITY)
        window.identity.nik_input.setText("9971034509880002")

    @scene("12-identity-valid")
    def _identity_ok() -> None:
        fill_identity()
        show(Step.IDENTITY)

    @scene("13-identity-confirm")
    def _identity_confirm() -> None:
        fill_identity()
        show(Step.IDENTITY)
        flow.identity = IdentityMatch("B*** S******")
        window.identity.show_match()

    @scene("14-service-types")
    def _types() -> None:
        fill_service()
        show(Step.SERVICE)

    @scene("15-service-jkp")
    def _jkp() -> None:
        fill_service()
        show(Step.SERVICE)
        window.service._choose_type(ClaimType.JKP)

    @scene("16-service-reason-waiting")
    def _reason_wait() -> None:
        fill_service(ended=today - timedelta(days=10))
        show(Step.SERVICE)
        window.service.show_page(window.service.REASON)

    @scene("17-service-reason-ok")
    def _reason_ok() -> None:
        fill_service(ended=date(2026, 8, 31))
        show(Step.SERVICE)
        window.service.show_page(window.service.REASON)

    @scene("18-service-heir")
    def _heir() -> None:
        fill_service()
        flow.choose_claim_type(ClaimType.JKM)
        flow.heir_relation = HeirRelation.SPOUSE
        show(Step.SERVICE)
        window.service.show_page(window.service.REASON)

    @scene("19-service-bank")
    def _bank() -> None:
        fill_service(ended=date(2026, 8, 31))
        show(Step.SERVICE)
        window.service.show_page(window.service.BANK)

    def documents(index: int, feedback: Feedback) -> None:
        fill_service(ended=date(2026, 8, 31))
        flow.plan_documents()
        for requirement in flow.documents[:index]:
            flow.record_upload(requirement.document.code, UploadedDocument("d", "0" * 64))
        show(Step.DOCUMENTS)
        requirement = flow.current_document()
        assert requirement is not None
        number, total = flow.document_position()
        window.documents.show_document(requirement, number, total)
        window.documents.set_camera(camera.latest_frame)
        window.documents.show_feedback(feedback)

    @scene("20-documents-searching")
    def _doc_search() -> None:
        documents(0, Feedback.SEARCHING)

    @scene("21-documents-glare")
    def _doc_glare() -> None:
        documents(1, Feedback.GLARE)

    @scene("22-documents-move-closer")
    def _doc_closer() -> None:
        documents(2, Feedback.MOVE_CLOSER)

    @scene("23-documents-hold-still")
    def _doc_still() -> None:
        documents(0, Feedback.HOLD_STILL)

    @scene("24-documents-review")
    def _doc_review() -> None:
        documents(1, Feedback.GOOD)
        if still is not None:
            window.documents.show_review(encode_jpeg(still))

    @scene("25-documents-uploading")
    def _doc_upload() -> None:
        documents(1, Feedback.GOOD)
        if still is not None:
            window.documents.show_review(encode_jpeg(still))
        window.documents.show_upload(60, 100)

    @scene("26-documents-selfie")
    def _doc_selfie() -> None:
        documents(5, Feedback.SEARCHING)

    @scene("27-waiting")
    def _waiting() -> None:
        fill_service()
        show(Step.WAITING)
        window.waiting.set_camera(camera.latest_frame)
        window.waiting.set_wait(None, None)  # no finished call yet today: no estimate

    @scene("28-waiting-help")
    def _waiting_help() -> None:
        fill_service()
        show(Step.WAITING)
        window.waiting.set_camera(camera.latest_frame)
        window.waiting.set_wait(2, None)
        window.waiting._help()

    @scene("29-call")
    def _call() -> None:
        fill_service()
        show(Step.CALL)
        officer = SyntheticCamera(1280, 720, 15, timecode=False, seed=3)
        officer.start()
        def officer_rgb() -> Any:
            frame = officer.latest_frame()  # the peer session delivers rgb24; the synthetic camera is BGR
            return None if frame is None else np.ascontiguousarray(frame[:, :, ::-1])

        window.call.set_officer_source(officer_rgb)
        window.call.set_camera(camera.latest_frame)
        window.call.set_officer_name("Rina")
        flow.recording = True  # the console said it records: the sign in the top bar
        flow.changed()
        window.call.show_prompt(
            "Silakan tunjukkan sisi belakang kartu KPJ Anda." if flow.language == "id"
            else "Please show the back of your KPJ card."
        )

    @scene("30-call-capture-countdown")
    def _call_capture() -> None:
        _call()
        window.call.start_capture_countdown(flow.catalog.documents["ektp"].name(flow.language), 3)

    @scene("31-call-hold")
    def _call_hold() -> None:
        _call()
        window.call.set_on_hold(True)

    @scene("32-signature")
    def _signature() -> None:
        fill_service()
        show(Step.SIGNATURE)
        pad = window.signature.pad
        w, h = pad.width(), pad.height()
        pad.draw_stroke([(w * 0.2 + i * 6, h * 0.55 - 40 * ((i % 8) / 8)) for i in range(60)])

    @scene("33-result-submitted")
    def _result_ok() -> None:
        fill_service()
        flow.result = SessionResult(Outcome.SUBMITTED, reference="JHT-KDR-20261121-0007")
        show(Step.RESULT)

    @scene("34-result-rejected")
    def _result_rejected() -> None:
        fill_service()
        flow.plan_documents()
        flow.result = SessionResult(
            Outcome.REJECTED,
            reason_code="document_invalid",  # the booth words the officer's reason in the participant's language
            missing_documents=("savings_book", "termination_letter"),
        )
        show(Step.RESULT)

    @scene("35-problem-hub")
    def _problem_hub() -> None:
        fill_identity()
        window.show_problem(Problem.HUB_UNREACHABLE).set_attempt(3)

    @scene("36-problem-camera")
    def _problem_camera() -> None:
        window.show_problem(Problem.CAMERA_LOST).set_attempt(1)

    @scene("37-problem-call")
    def _problem_call() -> None:
        window.show_problem(Problem.CALL_DROPPED).set_attempt(2)

    @scene("38-still-there")
    def _still_there() -> None:
        fill_identity()
        show(Step.IDENTITY)
        window.still_there.open()
        window.still_there.countdown.start(17)

    def assistance(help_status: HelpStatus | None = None, recording: bool = True) -> None:
        flow.recording = recording
        if help_status is not None:
            flow.help_status = help_status
        flow.changed()

    @scene("40-recording-sign-identity")
    def _recording_identity() -> None:
        fill_identity()
        show(Step.IDENTITY)
        assistance()

    @scene("41-help-sent")
    def _help_sent() -> None:
        fill_service()
        show(Step.SERVICE)
        assistance(HelpStatus.SENT)

    @scene("42-help-seen")
    def _help_seen() -> None:
        fill_service()
        show(Step.SERVICE)
        assistance(HelpStatus.SEEN)

    @scene("43-help-unreachable")
    def _help_unreachable() -> None:
        fill_identity()
        show(Step.CONSENT)
        assistance(HelpStatus.UNREACHABLE, recording=False)

    @scene("44-documents-missing-sent")
    def _documents_missing() -> None:
        fill_service()
        flow.plan_documents()
        flow.missing_documents.append(flow.documents[0].document.code)
        show(Step.DOCUMENTS)
        requirement = flow.current_document()
        assert requirement is not None
        window.documents.show_document(requirement, 2, len(flow.documents))
        window.documents.set_camera(camera.latest_frame)
        window.documents.show_feedback(Feedback.SEARCHING)
        assistance(HelpStatus.SENT)

    @scene("45-problem-way-out")
    def _problem_way_out() -> None:
        fill_identity()
        assistance()
        window.show_problem(Problem.HUB_UNREACHABLE).set_attempt(window.problem.way_out_after)

    @scene("46-problem-camera-way-out")
    def _problem_camera_way_out() -> None:
        assistance()
        window.show_problem(Problem.CAMERA_LOST).set_attempt(window.problem.way_out_after)

    @scene("47-result-countdown")
    def _result_countdown() -> None:
        _result_ok()
        window.result._left_s = 25
        window.result._show_countdown()

    @scene("48-result-slip-printed")
    def _result_slip() -> None:
        _result_ok()
        flow.slip = SlipStatus.PRINTED
        flow.changed()

    @scene("49-result-slip-failed")
    def _result_slip_failed() -> None:
        _result_ok()
        flow.slip = SlipStatus.FAILED
        flow.changed()
        window.result._left_s = 25
        window.result._show_countdown()

    @scene("50-call-cannot-hear")
    def _call_cannot_hear() -> None:
        _call()
        window.call.controls._cannot_hear()
        window.call.controls._step(1)
        assistance(HelpStatus.SENT)

    @scene("51-call-leave-confirm")
    def _call_leave() -> None:
        _call()
        window.call.controls.ask_leave()

    # ---------------------------------------------------------------------------------- the heir's path

    def fill_heir(confirmed: bool = True) -> None:
        """A widow claims her late husband's death benefit: his numbers first, then hers."""
        flow.claimant = Claimant.HEIR
        flow.nik, flow.kpj = "3571031204650003", "98765432109"
        flow.check_in = CheckIn("s-demo", VisitKind.ONLINE)
        if confirmed:
            flow.identity = IdentityMatch("S****** W*******")
            flow.identity_confirmed = True

    def fill_heir_service() -> None:
        fill_heir()
        flow.heir_nik = "3571034708680001"
        flow.heir_identity = IdentityMatch("M***** W*******")
        flow.heir_confirmed = True
        flow.choose_claim_type(ClaimType.JKM)
        flow.reason = "death"
        flow.heir_relation = HeirRelation.SPOUSE
        flow.bank_code, flow.account_number = "009", "0456789012"

    @scene("52-purpose")
    def _purpose() -> None:
        show(Step.PURPOSE)

    @scene("53-heir-deceased-numbers")
    def _heir_deceased() -> None:
        fill_heir(confirmed=False)
        show(Step.IDENTITY)

    @scene("54-heir-deceased-confirm")
    def _heir_deceased_confirm() -> None:
        fill_heir(confirmed=False)
        show(Step.IDENTITY)
        flow.identity = IdentityMatch("S****** W*******")
        window.identity.show_match()

    @scene("55-heir-own-nik")
    def _heir_own() -> None:
        fill_heir()
        flow.heir_nik = "3571034708680001"
        show(Step.HEIR)

    @scene("56-heir-own-confirm")
    def _heir_own_confirm() -> None:
        fill_heir()
        flow.heir_nik = "3571034708680001"
        flow.heir_identity = IdentityMatch("M***** W*******")
        show(Step.HEIR)
        window.heir.show_match()

    @scene("57-heir-service-types")
    def _heir_types() -> None:
        fill_heir()
        flow.heir_nik = "3571034708680001"
        flow.heir_identity = IdentityMatch("M***** W*******")
        flow.heir_confirmed = True
        show(Step.SERVICE)

    @scene("58-heir-documents")
    def _heir_documents() -> None:
        fill_heir_service()
        flow.plan_documents()
        for done in flow.documents[:3]:
            flow.record_upload(done.document.code, UploadedDocument("d", "0" * 64))
        show(Step.DOCUMENTS)
        current = flow.current_document()
        assert current is not None
        number, total = flow.document_position()
        window.documents.show_document(current, number, total)
        window.documents.set_camera(camera.latest_frame)
        window.documents.show_feedback(Feedback.HOLD_STILL)

    def all_uploaded() -> None:
        flow.plan_documents()
        for requirement in flow.documents:
            flow.record_upload(requirement.document.code, UploadedDocument("d", "0" * 64))

    @scene("59-summary")
    def _summary() -> None:
        fill_service(ended=date(2026, 8, 31))
        all_uploaded()
        show(Step.SUMMARY)

    @scene("60-summary-heir")
    def _summary_heir() -> None:
        fill_heir_service()
        all_uploaded()
        show(Step.SUMMARY)

    @scene("61-waiting-minutes")
    def _waiting_minutes() -> None:
        fill_service()
        show(Step.WAITING)
        window.waiting.set_camera(camera.latest_frame)
        window.waiting.set_wait(2, 12)

    @scene("62-large-text-purpose")
    def _large_purpose() -> None:
        window.assist.set_large_text(True)
        show(Step.PURPOSE)

    @scene("63-large-text-summary")
    def _large_summary() -> None:
        window.assist.set_large_text(True)
        _summary()

    @scene("64-result-heir")
    def _result_heir() -> None:
        fill_heir_service()
        flow.result = SessionResult(Outcome.SUBMITTED, reference="JKM-KDR-20261121-0012")
        show(Step.RESULT)

    @scene("65-result-heir-rejected")
    def _result_heir_rejected() -> None:
        fill_heir_service()
        flow.plan_documents()
        flow.result = SessionResult(Outcome.REJECTED, reason_code="document_missing",
                                    missing_documents=("heir_certificate",))
        show(Step.RESULT)

    problems = 0
    for language in ("id", "en") if args.lang == "both" else (args.lang,):
        out = args.out / language
        out.mkdir(parents=True, exist_ok=True)
        for name, build in scenes:
            if args.only and args.only not in name:
                continue
            flow.wipe()
            flow.language = language
            ctx.translations.set_language(language)
            QCoreApplication.processEvents()
            window.still_there.countdown.cancel()
            window.still_there.close_overlay()
            window.call.set_on_hold(False)
            window.call.controls.reset()
            show(Step.WELCOME)
            window.retranslate()
            window.assist.set_large_text(args.large_text)
            build()
            settle(250)
            if window.height() != height or window.width() != width:
                problems += 1
                print(f"  {language}/{name}: window grew to {window.width()}x{window.height()} px (content too large)")
                window.resize(width, height)
                settle(50)
            if window.current_screen().scroller.verticalScrollBar().isVisible():
                problems += 1
                print(f"  {language}/{name}: the content scrolls (does not fit at {width}x{height})")
            window.grab().save(str(out / f"{name}.png"))
            texts.record(f"{language}/{name}", window)
            window.still_there.countdown.cancel()
            window.still_there.close_overlay()
        print(f"{language}: {len(scenes)} screens -> {out}")
    camera.stop()
    # Non-zero when a screen does not fit: the screenshots are still written, to look at what is wrong.
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
