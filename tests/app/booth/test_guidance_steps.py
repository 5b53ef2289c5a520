"""Every step of a visit has spoken guidance, and an heir hears that the numbers are the deceased's."""

from __future__ import annotations

from kiosk.app.booth.guidance import GuidanceKey, guidance_key
from kiosk.app.booth.state import Step, VisitState
from kiosk.domain.claims import Claimant


def test_every_step_of_a_visit_has_its_guidance() -> None:
    state = VisitState()
    silent = []
    for step in Step:
        state.step = step
        if guidance_key(state) is None:
            silent.append(step)
    assert silent == []


def test_the_heir_is_told_the_numbers_are_the_deceased_participants() -> None:
    state = VisitState()
    state.step = Step.IDENTITY
    assert guidance_key(state) is GuidanceKey.IDENTITY
    state.claimant = Claimant.HEIR
    assert guidance_key(state) is GuidanceKey.IDENTITY_DECEASED
    state.step = Step.HEIR
    assert guidance_key(state) is GuidanceKey.HEIR
