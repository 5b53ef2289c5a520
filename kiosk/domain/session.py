"""The states of one participant's visit and the transitions between them.

    checked_in -> self_service -> waiting_cso -> in_call -> verifying -> approved -> submitted
                       ^               |            |           |          \\-> rejected
                       +---------------+------------+-----------+ (hand back to self-service)
    any open state -> abandoned | cancelled

A call that drops or a console that goes away puts an in-call or verifying session back in the queue
(waiting_cso) instead of losing it.
"""

from __future__ import annotations

import enum


class SessionState(enum.Enum):
    """Where a participant's visit stands."""

    CHECKED_IN = "checked_in"
    SELF_SERVICE = "self_service"
    WAITING_CSO = "waiting_cso"
    IN_CALL = "in_call"
    VERIFYING = "verifying"
    APPROVED = "approved"
    SUBMITTED = "submitted"
    REJECTED = "rejected"
    ABANDONED = "abandoned"
    CANCELLED = "cancelled"

    @property
    def is_final(self) -> bool:
        """A final state has no way out: the visit is over."""
        return self in FINAL_STATES

    @property
    def needs_officer(self) -> bool:
        """States in which the session belongs to (or waits for) an officer's console."""
        return self in {SessionState.WAITING_CSO, SessionState.IN_CALL, SessionState.VERIFYING}


FINAL_STATES: frozenset[SessionState] = frozenset(
    {SessionState.SUBMITTED, SessionState.REJECTED, SessionState.ABANDONED, SessionState.CANCELLED}
)

_S = SessionState
_FORWARD: dict[SessionState, frozenset[SessionState]] = {
    _S.CHECKED_IN: frozenset({_S.SELF_SERVICE}),
    _S.SELF_SERVICE: frozenset({_S.WAITING_CSO}),
    _S.WAITING_CSO: frozenset({_S.IN_CALL, _S.SELF_SERVICE}),
    _S.IN_CALL: frozenset({_S.VERIFYING, _S.SELF_SERVICE, _S.WAITING_CSO}),
    _S.VERIFYING: frozenset({_S.APPROVED, _S.REJECTED, _S.SELF_SERVICE, _S.WAITING_CSO, _S.IN_CALL}),
    _S.APPROVED: frozenset({_S.SUBMITTED}),
}

#: Every allowed transition: the forward ones, plus abandon/cancel from any open state.
TRANSITIONS: dict[SessionState, frozenset[SessionState]] = {
    state: (
        frozenset()
        if state.is_final
        else _FORWARD.get(state, frozenset()) | {SessionState.ABANDONED, SessionState.CANCELLED}
    )
    for state in SessionState
}


class InvalidTransition(ValueError):
    """A state change the visit's rules do not allow."""

    def __init__(self, current: SessionState, target: SessionState) -> None:
        super().__init__(f"a session cannot go from {current.value} to {target.value}")
        self.current = current
        self.target = target


def can_transition(current: SessionState, target: SessionState) -> bool:
    """True when the visit may move from `current` to `target`."""
    return target in TRANSITIONS[current]


def transition(current: SessionState, target: SessionState) -> SessionState:
    """Return `target` when the move is allowed, else raise `InvalidTransition` naming both states."""
    if not can_transition(current, target):
        raise InvalidTransition(current, target)
    return target
