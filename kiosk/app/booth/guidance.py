"""Which spoken guidance belongs to what the booth shows: one key per screen and notable state.

The texts themselves are translatable and live with the screens (`kiosk.ui.booth.guidance`); here is only the
rule from the visit's state to a key, so it is tested without Qt. Keys name fixed texts: nothing the participant
typed or the hub sent is ever spoken.
"""

from __future__ import annotations

import enum

from kiosk.app.booth.state import Problem, Step, VisitState
from kiosk.protocol import Outcome


class GuidanceKey(enum.Enum):
    """One spoken guidance text."""

    WELCOME = "welcome"
    CHECK_IN = "check_in"
    CONSENT = "consent"
    PURPOSE = "purpose"
    IDENTITY = "identity"
    #: The identity step of an heir: the numbers are the deceased participant's, not the heir's own.
    IDENTITY_DECEASED = "identity.deceased"
    HEIR = "heir"
    SERVICE = "service"
    DOCUMENTS = "documents"
    WAITING = "waiting"
    CALL = "call"
    SUMMARY = "summary"
    SIGNATURE = "signature"
    RESULT_SUBMITTED = "result.submitted"
    RESULT_REJECTED = "result.rejected"
    RESULT_ENDED = "result.ended"
    PROBLEM_CAMERA = "problem.camera_lost"
    PROBLEM_HUB = "problem.hub_unreachable"
    PROBLEM_CALL = "problem.call_dropped"
    #: The "are you still there?" question over a self-service screen (said when it is asked).
    STILL_THERE = "still_there"

    @property
    def speaks_on_entry(self) -> bool:
        """False where the booth stays quiet until asked ("listen again"): the idle welcome screen (nobody may
        be there: a visit that ended must not call out into the hall) and the call (the officer is talking)."""
        return self not in (GuidanceKey.WELCOME, GuidanceKey.CALL)


_STEP_KEYS = {
    Step.WELCOME: GuidanceKey.WELCOME,
    Step.CHECK_IN: GuidanceKey.CHECK_IN,
    Step.CONSENT: GuidanceKey.CONSENT,
    Step.PURPOSE: GuidanceKey.PURPOSE,
    Step.IDENTITY: GuidanceKey.IDENTITY,
    Step.HEIR: GuidanceKey.HEIR,
    Step.SERVICE: GuidanceKey.SERVICE,
    Step.DOCUMENTS: GuidanceKey.DOCUMENTS,
    Step.WAITING: GuidanceKey.WAITING,
    Step.CALL: GuidanceKey.CALL,
    Step.SUMMARY: GuidanceKey.SUMMARY,
    Step.SIGNATURE: GuidanceKey.SIGNATURE,
}
_PROBLEM_KEYS = {
    Problem.CAMERA_LOST: GuidanceKey.PROBLEM_CAMERA,
    Problem.HUB_UNREACHABLE: GuidanceKey.PROBLEM_HUB,
    Problem.CALL_DROPPED: GuidanceKey.PROBLEM_CALL,
}
_RESULT_KEYS = {
    Outcome.SUBMITTED: GuidanceKey.RESULT_SUBMITTED,
    Outcome.REJECTED: GuidanceKey.RESULT_REJECTED,
}


def guidance_key(state: VisitState, problem_shown: Problem | None = None) -> GuidanceKey | None:
    """The guidance for what is on screen: the problem shown, else the step (the result by its outcome).

    None for a screen or problem that has no text yet (a new one stays silent rather than saying the wrong thing).
    """
    problem = problem_shown or state.problem
    if problem is not None:
        return _PROBLEM_KEYS.get(problem)
    if state.step is Step.RESULT:
        outcome = state.result.outcome if state.result is not None else None
        return _RESULT_KEYS.get(outcome, GuidanceKey.RESULT_ENDED) if outcome else GuidanceKey.RESULT_ENDED
    if state.step is Step.IDENTITY and state.is_heir:
        return GuidanceKey.IDENTITY_DECEASED
    return _STEP_KEYS.get(state.step)
