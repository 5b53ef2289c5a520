"""The booth's visit under plain asyncio (no Qt): a fake view and an in-memory hub port.

A whole self-service visit through every flow, the calm hub-unreachable screen, "please wait" for a slow hub,
consent declined, a participant who walked away, the language, and the wipe at the end of a visit.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kiosk.app.booth import consent_flow, visit_flow
from kiosk.app.booth.hub_port import CheckInRefusal, CheckInRefused
from kiosk.app.booth.state import Problem, Step
from kiosk.domain.claims import Claimant, ClaimType
from kiosk.domain.session import SessionState
from kiosk.protocol import AttentionKind, SessionUpdatePayload
from kiosk.video.camera import SyntheticCamera
from tests.app.booth.fakes import FakeCall, FakeHub, make_booth
from tests.support.wait import wait_until

NIK, KPJ, ACCOUNT = "3571034509880002", "12345678901", "0123456789"
MASKED = "S*** R*******"


@pytest.fixture
def camera() -> Iterator[SyntheticCamera]:
    cam = SyntheticCamera(640, 360, 15, card_visible=True, timecode=False)
    cam.start()
    yield cam
    cam.stop()


@pytest.mark.asyncio
async def test_a_whole_self_service_visit_then_everything_is_wiped(camera: SyntheticCamera) -> None:
    hub, call = FakeHub(), FakeCall()
    booth = make_booth(hub, call, camera)
    flows, view, state = booth.flows, booth.view, booth.state
    assert view.screen is Step.WELCOME and not view.watching_inactivity

    flows.visit.go(Step.CHECK_IN)
    flows.check_in.walk_in()
    await wait_until(lambda: state.step is Step.CONSENT)
    session = state.session_id
    assert session is not None and call.session_id == session  # the hub can assign it to a console now
    assert view.watching_inactivity  # self-service: "are you still there?" after a while

    flows.consent.agreed()
    await wait_until(lambda: state.step is Step.PURPOSE)  # for whom, before any number
    flows.purpose.chosen(Claimant.PARTICIPANT)
    assert state.step is Step.IDENTITY
    assert hub.sessions[session].state is SessionState.SELF_SERVICE

    # The hub's REST answer has no name: the masked name comes as a session update over signaling.
    state.nik, state.kpj = NIK, KPJ
    flows.identity.lookup()
    await wait_until(lambda: call.listening and hub.sessions[session].nik == NIK)
    call.announce(SessionUpdatePayload(state=SessionState.SELF_SERVICE, masked_name=MASKED))
    await wait_until(lambda: view.identity.matches_shown == 1)
    assert state.identity is not None and state.identity.masked_name == MASKED
    flows.identity.confirmed(True)
    assert state.step is Step.SERVICE

    state.choose_claim_type(ClaimType.JHT)
    state.reason = "disability"
    state.bank_code, state.account_number = "002", ACCOUNT
    assert state.service_ready
    flows.service.completed()
    await wait_until(lambda: state.step is Step.DOCUMENTS)
    assert hub.sessions[session].claim is not None
    assert call.progress[-1].progress.documents_total == len(state.documents) == 6

    # Guided capture: each still is reviewed and accepted; the first one is taken again once.
    retaken = False
    while state.step is Step.DOCUMENTS:
        await wait_until(lambda: view.documents.review is not None or state.step is not Step.DOCUMENTS, 30)
        if state.step is not Step.DOCUMENTS:
            break
        if not retaken:
            retaken = True
            flows.documents.retake()
            continue
        before = len(state.captured)
        flows.documents.accept()
        await wait_until(lambda b=before: len(state.captured) > b, 30)
    await wait_until(lambda: state.step is Step.WAITING)
    assert set(hub.sessions[session].documents) == {r.document.code for r in state.documents}
    assert hub.sessions[session].state is SessionState.WAITING_CSO
    assert call.attention_raised == [AttentionKind.READY]
    assert call.progress[-1].progress.documents_done == 6
    assert view.documents.shown[0][1:] == (1, 6) and not view.watching_inactivity

    flows.call.call_for_help()
    await wait_until(lambda: AttentionKind.HELP in call.attention_raised)

    flows.visit.end("finished")
    assert booth.ended == ["finished"] and view.screen is Step.WELCOME and view.wiped == 1
    assert (state.nik, state.kpj, state.account_number, state.captured) == ("", "", "", {})
    assert state.check_in is None and not flows.documents.still_under_review
    await wait_until(lambda: call.ended == 1)  # the call link forgets the session


@pytest.mark.asyncio
async def test_hub_unreachable_screen_retries_then_recovers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(visit_flow, "RETRY_BACKOFF_S", (0.05,))
    hub = FakeHub()
    hub.up = False
    booth = make_booth(hub)
    booth.flows.visit.go(Step.CHECK_IN)
    booth.flows.check_in.walk_in()
    await wait_until(lambda: booth.state.problem is Problem.HUB_UNREACHABLE)
    assert booth.view.screen is Problem.HUB_UNREACHABLE and not booth.view.watching_inactivity
    await wait_until(lambda: hub.calls.count("check_in_walk_in") >= 3)
    assert booth.view.problem_attempt >= 2  # the calm screen counts its attempts, so it does not look frozen
    hub.up = True
    await wait_until(lambda: booth.state.step is Step.CONSENT and booth.state.problem is None)
    assert booth.view.screen is Step.CONSENT


@pytest.mark.asyncio
async def test_a_slow_hub_shows_please_wait() -> None:
    hub = FakeHub()
    hub.delay_s = visit_flow.BUSY_AFTER_S + 0.3
    booth = make_booth(hub)
    booth.flows.check_in.walk_in()
    await wait_until(lambda: booth.view.busy)
    await wait_until(lambda: booth.state.step is Step.CONSENT)
    assert not booth.view.busy


@pytest.mark.asyncio
async def test_a_fast_hub_never_shows_please_wait() -> None:
    booth = make_booth()
    booth.flows.check_in.walk_in()
    await wait_until(lambda: booth.state.step is Step.CONSENT)
    assert not booth.view.busy_seen


@pytest.mark.asyncio
async def test_declining_consent_abandons_the_session_and_says_goodbye(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(consent_flow, "GOODBYE_TIMEOUT_S", 0.1)
    booth = make_booth()
    booth.flows.check_in.walk_in()
    await wait_until(lambda: booth.state.step is Step.CONSENT)
    session = booth.state.session_id
    assert session is not None
    booth.flows.consent.declined()
    assert booth.state.check_in is None and not booth.view.watching_inactivity
    await wait_until(lambda: booth.ended == ["declined"])
    assert booth.hub.sessions[session].state is SessionState.ABANDONED
    assert booth.state.step is Step.WELCOME


@pytest.mark.asyncio
async def test_a_participant_who_walked_away_abandons_the_session() -> None:
    booth = make_booth()
    booth.flows.check_in.walk_in()
    await wait_until(lambda: booth.state.step is Step.CONSENT)
    session = booth.state.session_id
    assert session is not None
    booth.flows.visit.participant_left()  # the view's inactivity countdown ran out
    assert booth.ended == ["abandoned"] and booth.state.step is Step.WELCOME
    await wait_until(lambda: booth.hub.sessions[session].state is SessionState.ABANDONED)


@pytest.mark.asyncio
async def test_refused_check_in_is_explained_and_the_language_switches() -> None:
    hub = FakeHub()
    hub.refuse_check_in = CheckInRefused(CheckInRefusal.QUOTA_FULL, cap=60, resets_at="00:00")
    booth = make_booth(hub)
    booth.flows.visit.go(Step.CHECK_IN)
    booth.flows.check_in.walk_in()
    await wait_until(lambda: bool(booth.view.check_in.refusals))
    assert booth.view.check_in.refusals[0].cap == 60 and booth.state.step is Step.CHECK_IN
    booth.flows.visit.toggle_language()
    assert booth.state.language == booth.view.language == "en"
    booth.flows.visit.end("back")
    assert booth.view.language == "id"  # the next visitor starts in the booth's language


@pytest.mark.asyncio
async def test_the_result_screen_returns_to_welcome_by_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(visit_flow, "RESULT_TIMEOUT_S", 0.1)
    booth = make_booth()
    booth.flows.visit.go(Step.RESULT)
    await wait_until(lambda: booth.ended == ["finished"])
    assert booth.state.step is Step.WELCOME


@pytest.mark.asyncio
async def test_shutdown_stops_every_task() -> None:
    hub = FakeHub()
    hub.delay_s = 5.0
    booth = make_booth(hub)
    booth.flows.check_in.walk_in()
    assert len(booth.flows.visit.tasks) == 1
    booth.flows.shutdown()
    assert len(booth.flows.visit.tasks) == 0
