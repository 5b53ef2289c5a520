"""The visit's state machine."""

from __future__ import annotations

import pytest

from kiosk.domain.session import (
    FINAL_STATES,
    InvalidTransition,
    SessionState,
    can_transition,
    transition,
)

S = SessionState

HAPPY_PATH = [S.CHECKED_IN, S.SELF_SERVICE, S.WAITING_CSO, S.IN_CALL, S.VERIFYING, S.APPROVED, S.SUBMITTED]


def test_the_happy_path_is_allowed_step_by_step() -> None:
    state = HAPPY_PATH[0]
    for target in HAPPY_PATH[1:]:
        state = transition(state, target)
    assert state is S.SUBMITTED
    assert state.is_final


@pytest.mark.parametrize("back_from", [S.WAITING_CSO, S.IN_CALL, S.VERIFYING])
def test_the_officer_can_hand_back_to_self_service(back_from: SessionState) -> None:
    assert can_transition(back_from, S.SELF_SERVICE)


def test_a_dropped_call_goes_back_to_the_queue() -> None:
    assert can_transition(S.IN_CALL, S.WAITING_CSO)
    assert can_transition(S.VERIFYING, S.WAITING_CSO)


@pytest.mark.parametrize("state", [s for s in S if not s.is_final])
def test_any_open_state_can_be_abandoned_or_cancelled(state: SessionState) -> None:
    assert can_transition(state, S.ABANDONED)
    assert can_transition(state, S.CANCELLED)


@pytest.mark.parametrize("state", sorted(FINAL_STATES, key=lambda s: s.value))
def test_final_states_have_no_way_out(state: SessionState) -> None:
    for target in S:
        assert not can_transition(state, target)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (S.CHECKED_IN, S.IN_CALL),
        (S.SELF_SERVICE, S.APPROVED),
        (S.WAITING_CSO, S.SUBMITTED),
        (S.APPROVED, S.REJECTED),
        (S.SUBMITTED, S.SELF_SERVICE),
        (S.IN_CALL, S.IN_CALL),
    ],
)
def test_invalid_transitions_name_both_states(current: SessionState, target: SessionState) -> None:
    with pytest.raises(InvalidTransition) as info:
        transition(current, target)
    assert current.value in str(info.value) and target.value in str(info.value)
    assert info.value.current is current and info.value.target is target


def test_only_submitted_follows_approved() -> None:
    assert {t for t in S if can_transition(S.APPROVED, t)} == {S.SUBMITTED, S.ABANDONED, S.CANCELLED}
