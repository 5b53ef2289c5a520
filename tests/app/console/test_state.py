"""The console's state: slots, attention, focus routing, the shift and each session's detail, without Qt or a hub."""

from __future__ import annotations

from kiosk.app.console.session import Decision, DocumentStill, SessionDetail, SubmissionState
from kiosk.app.console.state import Change, ConsoleState, Event, grid_shape
from kiosk.domain.media import QualityLevel
from kiosk.domain.session import SessionState
from kiosk.protocol import AttentionKind, ControlType


class RecordingRouter:
    """Remembers what the state asked the media layer to do."""

    def __init__(self) -> None:
        self.quality: dict[str, QualityLevel] = {}
        self.controls: list[tuple[str, ControlType]] = []
        self.officer_to: str | None = "unset"

    def set_quality(self, session_id: str, level: QualityLevel) -> None:
        self.quality[session_id] = level

    def send_control(self, session_id: str, kind: ControlType) -> None:
        self.controls.append((session_id, kind))

    def route_officer(self, session_id: str | None) -> None:
        self.officer_to = session_id


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def make(count: int = 3) -> tuple[ConsoleState, RecordingRouter, Clock]:
    router, clock = RecordingRouter(), Clock()
    state = ConsoleState(router, cap=4, max_cap=6, clock=clock)
    for i in range(count):
        state.assign(f"s-{i + 1}", booth_number=10 + i)
    return state, router, clock


def test_grid_shapes_cover_one_to_twelve() -> None:
    shapes = {n: grid_shape(n) for n in (1, 2, 3, 4, 5, 6, 7, 9, 10, 12)}
    assert shapes == {
        1: (1, 1), 2: (2, 1), 3: (2, 2), 4: (2, 2), 5: (3, 2), 6: (3, 2), 7: (3, 3), 9: (3, 3),
        10: (4, 3), 12: (4, 3),
    }
    for n, (cols, rows) in shapes.items():
        assert cols * rows >= n


def test_slots_are_stable_and_reused() -> None:
    state, _, _ = make(3)
    assert [b.key for b in state.tiles()] == [1, 2, 3]
    state.unassign("s-2")
    assert [b.key for b in state.tiles()] == [1, 3]  # booth 3 keeps its key
    state.assign("s-4", booth_number=20)
    assert state.booths["s-4"].key == 2
    assert state.assign("s-4", booth_number=20).key == 2  # a repeated assignment changes nothing


def test_focus_routes_officer_and_quality_and_holds_the_others() -> None:
    state, router, _ = make(3)
    state.focus_key(2)
    assert state.focused == "s-2"
    assert router.officer_to == "s-2"
    assert router.quality == {
        "s-1": QualityLevel.THUMBNAIL,
        "s-2": QualityLevel.FOCUS,
        "s-3": QualityLevel.THUMBNAIL,
    }
    assert ("s-2", ControlType.FOCUS) in router.controls
    assert {("s-1", ControlType.HOLD), ("s-3", ControlType.HOLD)} <= set(router.controls)

    router.controls.clear()
    state.focus("s-3")  # straight from one booth to another
    assert router.officer_to == "s-3"
    assert router.quality["s-2"] is QualityLevel.THUMBNAIL
    assert router.quality["s-3"] is QualityLevel.FOCUS
    assert ("s-2", ControlType.UNFOCUS) in router.controls
    assert ("s-2", ControlType.HOLD) in router.controls
    assert ("s-3", ControlType.FOCUS) in router.controls
    assert ("s-1", ControlType.HOLD) not in router.controls  # already on hold: not told twice

    router.controls.clear()
    state.unfocus()
    assert state.focused is None
    assert router.officer_to is None
    assert set(router.quality.values()) == {QualityLevel.STANDARD}
    assert {("s-1", ControlType.RESUME), ("s-2", ControlType.RESUME), ("s-3", ControlType.UNFOCUS)} <= set(
        router.controls
    )


def test_more_than_four_booths_get_thumbnails_in_the_grid() -> None:
    state, router, _ = make(5)
    state.focus("s-1")
    state.unfocus()
    assert set(router.quality.values()) == {QualityLevel.THUMBNAIL}
    state.unassign("s-5")
    assert {router.quality[sid] for sid in state.booths} == {QualityLevel.STANDARD}


def test_a_booth_assigned_during_focus_is_put_on_hold() -> None:
    state, router, _ = make(1)
    state.focus("s-1")
    state.assign("s-9", booth_number=9)
    assert ("s-9", ControlType.HOLD) in router.controls
    assert router.quality["s-9"] is QualityLevel.THUMBNAIL


def test_unknown_key_does_nothing() -> None:
    state, router, _ = make(2)
    assert state.focus_key(7) is False
    assert state.focused is None
    assert router.officer_to == "unset"


def test_longest_waiting_is_the_oldest_ready_or_help_request() -> None:
    state, _, clock = make(3)
    events: list[Event] = []
    state.subscribe(events.append)
    state.attention("s-3", AttentionKind.QUALITY)  # a quality problem is not waiting for the officer
    clock.now += 5
    state.attention("s-2", AttentionKind.READY)
    clock.now += 5
    state.attention("s-1", AttentionKind.HELP)
    assert state.longest_waiting() == "s-2"
    assert state.attention_order() == ["s-2", "s-1"]
    sounds = [e for e in events if e.change is Change.ATTENTION]
    assert [(e.session_id, e.attention) for e in sounds] == [
        ("s-3", AttentionKind.QUALITY),
        ("s-2", AttentionKind.READY),
        ("s-1", AttentionKind.HELP),
    ]
    state.attention("s-2", AttentionKind.READY)  # raised again: no second sound
    assert len([e for e in events if e.change is Change.ATTENTION]) == 3
    state.focus("s-2")  # being looked at answers the request
    assert state.longest_waiting() == "s-1"
    assert AttentionKind.READY not in state.booths["s-2"].attention


def test_update_tracks_state_time_and_progress() -> None:
    state, _, clock = make(1)
    clock.now += 30
    state.update("s-1", state=SessionState.SELF_SERVICE, documents_done=2, documents_total=6)
    booth = state.booths["s-1"]
    assert booth.state_since == clock.now
    assert (booth.documents_done, booth.documents_total) == (2, 6)
    state.update("s-unknown", state=SessionState.IN_CALL)  # not ours: ignored


def test_cap_is_clamped_and_pause_counts_as_a_break() -> None:
    state, _, clock = make(0)
    assert state.set_cap(99) == 6
    assert state.set_cap(0) == 1
    clock.now += 3600
    assert state.shift.since_break_s(clock.now) == 3600
    state.set_paused(True)
    assert state.shift.since_break_s(clock.now) == 0
    clock.now += 600
    state.set_paused(False)
    clock.now += 60
    assert state.shift.since_break_s(clock.now) == 60


def test_shift_counts_handled_sessions_and_submissions() -> None:
    state, _, clock = make(2)
    state.decide("s-1", Decision.APPROVED, "verified")
    assert not state.can_submit("s-1")  # not signed yet
    state.signature_received("s-1", "doc-sig")
    assert state.can_submit("s-1")
    state.set_submission("s-1", SubmissionState.PENDING)
    assert not state.can_submit("s-1")
    clock.now += 300
    state.unassign("s-1", handled=True)
    state.decide("s-2", Decision.REJECTED, "identity_mismatch")
    clock.now += 100
    state.unassign("s-2", handled=True)
    shift = state.shift
    assert (shift.sessions_handled, shift.claims_submitted, shift.claims_rejected) == (2, 1, 1)
    assert shift.average_handle_s() == 350


def test_a_session_detail_lives_on_its_booth_and_leaves_with_it() -> None:
    state, _, _ = make(1)
    events: list[Event] = []
    state.subscribe(events.append)
    detail = state.detail("s-1")
    assert detail is not None and detail.session_id == "s-1" and detail.record is None
    assert state.detail("s-9") is None
    state.set_detail(SessionDetail("s-9"))  # not assigned: not kept
    assert state.detail("s-9") is None and events == []

    state.add_still("s-1", DocumentStill("ektp", "d-1", image=b"jpeg"))
    state.set_verified("s-1", "ektp", True)
    state.set_verified("s-1", "ektp", True)  # no change, no event
    state.set_face_still("s-1", b"face")
    state.update_detail("s-1", entries={"kpj": "123"})  # the hub's data leaves the officer's ticks alone
    assert detail.verified == {"ektp"} and detail.face_still == b"face" and detail.entries == {"kpj": "123"}
    assert [e.change for e in events] == [Change.DETAIL] * 4
    state.add_still("s-1", DocumentStill("ektp", "d-2"))  # a new still needs a new look
    assert detail.verified == set()

    state.unassign("s-1")
    assert state.detail("s-1") is None


def test_hub_and_outbox_status_are_state_too() -> None:
    state, _, _ = make(0)
    events: list[Event] = []
    state.subscribe(events.append)
    state.set_hub_online(False)
    state.set_outbox_pending(2)
    state.set_outbox_pending(2)
    assert (state.hub_online, state.outbox_pending) == (False, 2)
    assert [e.change for e in events] == [Change.STATUS, Change.STATUS]
