"""Help and honesty on every booth screen: the recording sign follows the console's recording state whatever the
screen, "call staff" reaches the officer (or says it cannot), and the officer's acknowledgment shows."""

from __future__ import annotations

from typing import Any

import pytest

from kiosk.app.booth.hub_port import CheckIn
from kiosk.app.booth.state import HelpStatus, Problem, Step
from kiosk.config import BoothSettings, VideoSettings
from kiosk.domain.quota import VisitKind
from kiosk.protocol import AttentionKind, AttentionReason, ControlType, RecordingPayload, control
from tests.app.booth.fakes import FakeCall
from tests.ui.booth.harness import Booth, make_booth

#: Every screen a participant can see while a session exists.
SCREENS = [step for step in Step if step is not Step.WELCOME]


def booth(qtbot: Any, link: Any = None) -> Booth:
    return make_booth(qtbot, object(), booth=BoothSettings(booth_number=1), video=VideoSettings(), link=link)


def checked_in(c: Booth) -> None:
    c.state.check_in = CheckIn("s-1", VisitKind.WALK_IN)


def test_the_recording_sign_follows_the_console_on_every_screen(qtbot: Any, qt_loop: Any) -> None:
    c = booth(qtbot)
    checked_in(c)
    sign = c.window.recording_sign
    c.visit.go(Step.IDENTITY)
    assert not sign.isVisible()  # the console has not said it records
    c.call.handle_control(control(ControlType.RECORDING, "r-1", RecordingPayload(on=True)))
    for step in SCREENS:
        c.visit.go(step)
        assert c.window.current_screen() is c.window.screens[step]
        assert sign.isVisible(), step
        assert "REKAM" in sign.text()
    c.visit.go(Step.DOCUMENTS)
    c.visit.show_problem(Problem.CAMERA_LOST, 1)
    assert c.window.current_screen() is c.window.problem and sign.isVisible()
    c.visit.clear_problem()
    c.call.handle_control(control(ControlType.RECORDING, "r-2", RecordingPayload(on=False)))
    assert not sign.isVisible()
    c.call.handle_control(control(ControlType.RECORDING, "r-3", RecordingPayload(on=True)))
    c.visit.end("finished")
    assert not sign.isVisible()  # the next visitor is not being recorded


@pytest.mark.parametrize("step", [Step.CHECK_IN, Step.IDENTITY, Step.DOCUMENTS, Step.CALL, Step.RESULT])
def test_call_staff_on_any_screen_tells_the_officer(qtbot: Any, qt_loop: Any, step: Step) -> None:
    link = FakeCall()
    c = booth(qtbot, link)
    checked_in(c)
    c.visit.go(step)
    button = c.window.help_button
    assert button.isVisible() and button.height() >= 64
    qtbot.mouseClick(button, qtbot_left())
    qtbot.waitUntil(lambda: AttentionKind.HELP in link.attention_raised)
    assert (AttentionReason.NEEDS_HELP, None) in link.attention_reasons
    assert "diberi tahu" in c.window.help_banner.text() and not button.isEnabled()
    link.listener.help_acknowledged()
    assert "sudah melihat" in c.window.help_banner.text() and button.isEnabled()
    c.visit.end("finished")
    assert c.window.help_banner.text() == "" and c.state.help_status is HelpStatus.NONE


def test_call_staff_without_a_link_says_to_ask_in_person(qtbot: Any, qt_loop: Any) -> None:
    c = booth(qtbot, FakeCall(connected=False))
    checked_in(c)
    c.visit.go(Step.SERVICE)
    c.window.help_button.click()
    assert c.state.help_status is HelpStatus.UNREACHABLE
    assert "secara langsung" in c.window.help_banner.text()
    c.visit.go(Step.WELCOME)
    c.visit.end("finished")
    c.window.help_button.click()  # no visit yet: nobody to tell over the network either
    assert "secara langsung" in c.window.help_banner.text()


def qtbot_left() -> Any:
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_i_dont_have_this_document_tells_the_officer_and_goes_on(qtbot: Any, qt_loop: Any) -> None:
    from kiosk.domain.claims import ClaimType

    link = FakeCall()
    c = booth(qtbot, link)
    checked_in(c)
    c.state.choose_claim_type(ClaimType.JHT)
    c.state.reason = "layoff"
    planned = [r.document.code for r in c.state.plan_documents()]
    c.visit.go(Step.DOCUMENTS)
    screen = c.window.documents
    assert screen.missing_button.isVisible() and screen.missing_button.height() >= 64
    first = screen.document_title.text()
    qtbot.mouseClick(screen.missing_button, qtbot_left())
    qtbot.waitUntil(lambda: (AttentionReason.MISSING_DOCUMENT, planned[0]) in link.attention_reasons)
    assert screen.document_title.text() != first  # on with the next document, not stuck
    assert "diberi tahu" in c.window.help_banner.text()
    for _ in planned[1:]:
        c.flows.documents.missing()
    qtbot.waitUntil(lambda: c.state.step is Step.WAITING, timeout=5000)  # on to the queue
    assert c.state.missing_documents == planned
    assert [d for r, d in link.attention_reasons if r is AttentionReason.MISSING_DOCUMENT] == planned


def test_a_problem_that_stays_ends_with_advice_and_a_way_out(qtbot: Any, qt_loop: Any) -> None:
    link = FakeCall()
    c = booth(qtbot, link)
    checked_in(c)
    c.visit.go(Step.IDENTITY)
    problem = c.window.problem
    problem.way_out_after = 3
    for attempt in (1, 2):
        c.visit.show_problem(Problem.HUB_UNREACHABLE, attempt)
        assert not problem.call_staff_button.isVisible() and not problem.advice.isVisible()
        assert f"percobaan {attempt}" in problem.status.text()
    c.visit.show_problem(Problem.HUB_UNREACHABLE, 3)
    assert problem.advice.isVisible() and "secara langsung" in problem.advice.text()
    assert problem.call_staff_button.isVisible() and problem.finish_button.isVisible()
    assert problem.call_staff_button.height() >= 64 and problem.finish_button.height() >= 64
    qtbot.mouseClick(problem.call_staff_button, qtbot_left())
    qtbot.waitUntil(lambda: (AttentionReason.PROBLEM, None) in link.attention_reasons)
    qtbot.mouseClick(problem.finish_button, qtbot_left())
    assert c.state.step is Step.WELCOME and c.state.session_id is None


def test_a_dropped_call_counts_time_as_attempts(qtbot: Any, qt_loop: Any, monkeypatch: Any) -> None:
    from kiosk.ui.booth import problem_screen

    monkeypatch.setattr(problem_screen, "SECONDS_PER_ATTEMPT", 1.0)  # 5 s in the booth
    c = booth(qtbot)
    checked_in(c)
    c.visit.go(Step.CALL)
    problem = c.window.problem
    problem.way_out_after = 2
    c.call.call_dropped()  # the video layer reconnects by itself: nothing counts its attempts
    assert not problem.finish_button.isVisible()
    qtbot.waitUntil(problem.finish_button.isVisible, timeout=5000)
    assert "Video belum juga pulih" in problem.advice.text()


def test_call_controls_volume_cannot_hear_and_leave_with_confirmation(qtbot: Any, qt_loop: Any) -> None:
    from kiosk.domain.session import SessionState
    from tests.app.booth.fakes import FakeHub, HubSession

    hub, link = FakeHub(), FakeCall()
    hub.sessions["s-1"] = HubSession("s-1", VisitKind.WALK_IN, SessionState.IN_CALL)
    c = make_booth(qtbot, hub, booth=BoothSettings(booth_number=1), video=VideoSettings(), link=link)
    checked_in(c)
    c.visit.go(Step.CALL)
    controls = c.window.call.controls
    for widget in (controls.volume_down, controls.volume_up, controls.cannot_hear_button, controls.leave_button,
                   c.window.help_button):
        assert widget.isVisible() and widget.height() >= 64, widget.objectName()
    assert controls.volume_label.text() == "Suara 100%"
    qtbot.mouseClick(controls.volume_up, qtbot_left())
    assert link.volume == 1.25 and controls.volume_label.text() == "Suara 125%"
    for _ in range(5):
        controls.volume_up.click()
    assert link.volume == 2.0 and not controls.volume_up.isEnabled()

    qtbot.mouseClick(controls.cannot_hear_button, qtbot_left())
    qtbot.waitUntil(lambda: (AttentionReason.CANNOT_HEAR, None) in link.attention_reasons)
    assert "diberi tahu" in c.window.help_banner.text()

    qtbot.mouseClick(controls.leave_button, qtbot_left())
    assert controls.confirm.isVisible() and "Keluar dari panggilan?" in controls.confirm_title.text()
    qtbot.mouseClick(controls.stay_button, qtbot_left())
    assert not controls.confirm.isVisible() and c.state.step is Step.CALL  # a touch by mistake ends nothing
    controls.leave_button.click()
    qtbot.mouseClick(controls.confirm_leave_button, qtbot_left())
    assert c.state.step is Step.WELCOME and c.ended == ["left_call"]
    # The officer's console learns it from the hub: the session is closed there, and the call link ended.
    qtbot.waitUntil(lambda: hub.sessions["s-1"].state is SessionState.ABANDONED and link.ended >= 1)
    c.visit.go(Step.CALL)
    assert controls.volume_label.text() == "Suara 100%" and controls.cannot_hear_button.isEnabled()
