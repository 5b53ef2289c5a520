"""The officer's side of a visit under plain asyncio: control requests, answers, the call dropping and coming
back, requested stills and the signature, the end of the session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kiosk.app.booth.state import Problem, Step
from kiosk.app.link_health import NetworkQuality
from kiosk.domain.claims import ClaimType
from kiosk.protocol import (
    CaptureDonePayload,
    CaptureRequestPayload,
    ControlType,
    EndPayload,
    HandBackPayload,
    Outcome,
    PromptPayload,
    RecordingPayload,
    SignatureDonePayload,
    control,
)
from kiosk.video.camera import SyntheticCamera
from tests.app.booth.fakes import FakeBooth, FakeCall, make_booth
from tests.support.wait import wait_until


@pytest.fixture
def camera() -> Iterator[SyntheticCamera]:
    cam = SyntheticCamera(640, 360, 15, card_visible=True, timecode=False)
    cam.start()
    yield cam
    cam.stop()


async def checked_in(booth: FakeBooth) -> str:
    booth.flows.check_in.walk_in()
    await wait_until(lambda: booth.state.step is Step.CONSENT)
    assert booth.state.session_id is not None
    return booth.state.session_id


@pytest.mark.asyncio
async def test_prompt_hold_resume_and_the_end_are_acknowledged() -> None:
    call = FakeCall()
    booth = make_booth(call=call)
    await checked_in(booth)
    flows, view = booth.flows, booth.view
    flows.visit.go(Step.WAITING)
    flows.call.officer_connected("Rina", lambda: None)
    assert booth.state.step is Step.CALL and view.call.officer_name == "Rina" and not booth.state.recording
    assert view.officer_frames is not None
    flows.call.handle_control(control(ControlType.RECORDING, "o-0", RecordingPayload(on=True)))
    assert view.call.recording and booth.state.recording  # the console says it records: the sign shows
    flows.call.handle_control(control(ControlType.PROMPT, "o-1", PromptPayload(text="Halo, saya Rina.")))
    assert view.call.prompt == "Halo, saya Rina."
    # A ready phrase comes in both languages: the participant reads theirs.
    phrase = PromptPayload(text="Mohon lihat ke kamera.", text_en="Please look at the camera.")
    flows.call.handle_control(control(ControlType.PROMPT, "o-1b", phrase))
    assert view.call.prompt == "Mohon lihat ke kamera."
    booth.state.language = "en"
    flows.call.handle_control(control(ControlType.PROMPT, "o-1c", phrase))
    assert view.call.prompt == "Please look at the camera."
    booth.state.language = "id"
    flows.call.handle_control(control(ControlType.HOLD, "o-2"))
    assert view.call.on_hold
    flows.call.handle_control(control(ControlType.RESUME, "o-3"))
    assert not view.call.on_hold
    flows.call.handle_control(control(ControlType.END, "o-4", EndPayload(outcome=Outcome.SUBMITTED,
                                                                          reference="JHT-KDR-20261121-0001")))
    assert booth.state.step is Step.RESULT and not view.call.recording and not booth.state.recording
    assert booth.state.result is not None and booth.state.result.reference == "JHT-KDR-20261121-0001"
    await wait_until(lambda: len(call.sent) == 7)
    assert [m.type for m in call.sent] == [ControlType.ACK] * 7
    assert [m.reply_to for m in call.sent] == ["o-0", "o-1", "o-1b", "o-1c", "o-2", "o-3", "o-4"]


@pytest.mark.asyncio
async def test_a_rejection_lists_the_documents_still_missing() -> None:
    booth = make_booth()
    state = booth.state
    state.choose_claim_type(ClaimType.JHT)
    state.reason = "disability"
    state.plan_documents()
    booth.flows.visit.go(Step.CALL)
    booth.flows.call.handle_control(control(ControlType.END, "o-1", EndPayload(
        outcome=Outcome.REJECTED, reason_code="unreadable", reason_text="Paklaring tidak terbaca.")))
    assert state.result is not None and "ektp" in state.result.missing_documents


@pytest.mark.asyncio
async def test_an_early_officer_does_not_interrupt_self_service() -> None:
    booth = make_booth()
    flows = booth.flows
    flows.visit.go(Step.SERVICE)
    flows.call.officer_connected("Rina", lambda: None)
    assert booth.state.step is Step.SERVICE  # the officer's tile shows progress; the participant carries on
    flows.visit.go(Step.WAITING)
    assert booth.state.step is Step.CALL  # self-service done and the officer is there: straight to the call
    flows.visit.end("finished")
    flows.visit.go(Step.IDENTITY)
    flows.call.officer_connected("Rina", lambda: None)
    flows.call.handle_control(control(ControlType.FOCUS, "o-1"))
    assert booth.state.step is Step.CALL  # the officer turned to this booth to help


@pytest.mark.asyncio
async def test_the_call_drops_and_comes_back_with_the_data_kept() -> None:
    booth = make_booth()
    booth.state.nik = "3571034509880002"
    booth.flows.visit.go(Step.CALL)
    booth.flows.call.call_dropped()
    assert booth.state.problem is Problem.CALL_DROPPED and booth.view.screen is Problem.CALL_DROPPED
    assert booth.view.watching_inactivity  # a participant who has gone is found by "still there?"
    booth.flows.call.call_restored()
    assert booth.state.problem is None and booth.view.screen is Step.CALL
    assert not booth.view.watching_inactivity  # the officer drives the call
    assert booth.state.nik == "3571034509880002"


def test_the_call_screen_shows_the_measured_signal_bars() -> None:
    booth = make_booth()
    booth.flows.call.network_changed(NetworkQuality.FAIR)
    assert booth.view.call.network is NetworkQuality.FAIR


@pytest.mark.asyncio
async def test_hand_back_asks_for_documents_again() -> None:
    booth = make_booth()
    state = booth.state
    state.choose_claim_type(ClaimType.JHT)
    state.reason = "disability"
    state.plan_documents()
    for requirement in state.documents:
        state.captured[requirement.document.code] = None  # type: ignore[assignment]
    booth.flows.visit.go(Step.WAITING)
    booth.flows.call.officer_connected("Rina", lambda: None)
    booth.flows.call.handle_control(control(ControlType.HAND_BACK, "o-1",
                                            HandBackPayload(documents=("ektp", "npwp_card"))))
    assert state.step is Step.DOCUMENTS
    assert booth.view.documents.shown[-1][0] == "ektp"  # asked again first
    assert "npwp_card" in {r.document.code for r in state.documents}  # one the booth had not planned


@pytest.mark.asyncio
async def test_a_requested_still_and_the_signature_answer_the_officer(camera: SyntheticCamera) -> None:
    call = FakeCall()
    booth = make_booth(call=call, camera=camera)
    session = await checked_in(booth)
    flows, view = booth.flows, booth.view
    flows.visit.go(Step.WAITING)
    flows.call.officer_connected("Rina", camera.latest_frame)

    flows.call.handle_control(control(ControlType.CAPTURE_REQUEST, "o-1",
                                      CaptureRequestPayload(document="ektp", countdown_s=0.3)))
    assert view.call.countdown is not None and view.call.countdown[1] == 0.3
    flows.call.take_requested_still()  # the screen's countdown ended
    await wait_until(lambda: any(m.type is ControlType.CAPTURE_DONE for m in call.sent), 20)
    done = next(m for m in call.sent if m.type is ControlType.CAPTURE_DONE)
    assert done.reply_to == "o-1" and view.call.countdown is None
    stored = booth.hub.sessions[session].documents["ektp"]
    assert done.payload_as(CaptureDonePayload).sha256 == stored.sha256

    flows.call.handle_control(control(ControlType.SIGNATURE_REQUEST, "o-2"))
    assert booth.state.step is Step.SUMMARY  # what is signed for is read first
    flows.signature.summary_read()
    assert booth.state.step is Step.SIGNATURE
    flows.signature.confirmed(b"\x89PNG fake signature")
    await wait_until(lambda: any(m.type is ControlType.SIGNATURE_DONE for m in call.sent))
    signed = next(m for m in call.sent if m.type is ControlType.SIGNATURE_DONE)
    assert signed.reply_to == "o-2"
    assert signed.payload_as(SignatureDonePayload).sha256 == booth.hub.sessions[session].documents["signature"].sha256
    assert booth.state.step is Step.CALL and booth.state.signature is not None
    assert view.signature.uploads[-1][0] == view.signature.uploads[-1][1]


@pytest.mark.asyncio
async def test_a_failed_signature_upload_offers_to_try_again() -> None:
    booth = make_booth()
    await checked_in(booth)
    booth.hub.upload_fails = True
    booth.flows.signature.requested(control(ControlType.SIGNATURE_REQUEST, "o-1"))
    booth.flows.signature.summary_read()
    booth.flows.signature.confirmed(b"png")
    await wait_until(lambda: booth.view.signature.upload_failed == 1)
    assert booth.state.step is Step.SIGNATURE


@pytest.mark.asyncio
async def test_the_recording_sign_goes_off_when_the_recording_console_goes_away() -> None:
    call = FakeCall()
    booth = make_booth(call=call)
    await checked_in(booth)
    booth.flows.call.handle_control(control(ControlType.RECORDING, "o-1", RecordingPayload(on=True)))
    assert booth.state.recording
    booth.flows.call.recording_changed(False)  # the call link: the session went back to the queue
    assert not booth.state.recording and not booth.view.call.recording
