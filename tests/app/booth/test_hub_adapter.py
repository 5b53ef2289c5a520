"""`HubAdapter` against a real hub (tests/support/hub.py), and its mapping of the hub's refusals."""

from __future__ import annotations

from datetime import date
from typing import Any

import cv2
import numpy as np
import pytest

from kiosk.app.booth.hub_adapter import HubAdapter, _refusal
from kiosk.app.booth.hub_port import CheckInRefusal, CheckInRefused, ClaimDetails, HubUnavailable
from kiosk.client.errors import HubError
from kiosk.client.hub_api import HubClient
from kiosk.domain.quota import VisitKind
from kiosk.domain.session import SessionState


def test_hub_refusals_map_to_their_explanations() -> None:
    full = _refusal(HubError(409, "quota_exhausted", "...", {"quota": 60, "resets_at": "2026-11-22T00:00:00+07:00"}))
    assert (full.reason, full.cap, full.resets_at) == (CheckInRefusal.QUOTA_FULL, 60, "00:00")
    other_day = _refusal(HubError(409, "booking_not_today", "this booking is for 2026-11-24, not today"))
    assert (other_day.reason, other_day.booking_date) == (CheckInRefusal.WRONG_DATE, date(2026, 11, 24))
    assert _refusal(HubError(409, "booking_other_branch", "x")).reason is CheckInRefusal.WRONG_BRANCH
    assert _refusal(HubError(409, "booking_used", "x")).reason is CheckInRefusal.USED_CODE
    assert _refusal(HubError(404, "not_found", "booking not found")).reason is CheckInRefusal.UNKNOWN_CODE
    assert _refusal(HubError(400, "bad_request", "x")).reason is CheckInRefusal.OTHER


@pytest.mark.asyncio
async def test_a_visit_through_the_adapter(fresh_hub: Any) -> None:
    client = fresh_hub.client(fresh_hub.booth_token(1))
    hub = HubAdapter(client)
    assert await hub.ping()
    check_in = await hub.check_in_walk_in()
    assert check_in.visit is VisitKind.WALK_IN
    await hub.set_state(check_in.session_id, SessionState.SELF_SERVICE)
    match = await hub.identify(check_in.session_id, "3571034509880002", "12345678901")
    assert match.masked_name == ""  # the name comes over signaling
    await hub.save_claim(check_in.session_id, ClaimDetails("JHT", "disability", None, None, "002", "0123456789"))
    png = cv2.imencode(".png", np.zeros((8, 8), np.uint8))[1].tobytes()
    seen: list[tuple[int, int]] = []
    stored = await hub.upload_document(check_in.session_id, "signature", png, "image/png", None,
                                       lambda done, total: seen.append((done, total)))
    assert len(stored.sha256) == 64 and seen == [(0, len(png)), (len(png), len(png))]
    session = client.get_session(check_in.session_id)
    assert session.state is SessionState.SELF_SERVICE
    assert session.intake is not None and session.intake.reason == "disability"


@pytest.mark.asyncio
async def test_a_used_booking_code_is_refused(fresh_hub: Any) -> None:
    first = HubAdapter(fresh_hub.client(fresh_hub.booth_token(1)))
    second = HubAdapter(fresh_hub.client(fresh_hub.booth_token(2)))
    await first.check_in_booking("KDR-DEMAA2")
    with pytest.raises(CheckInRefused) as refused:
        await second.check_in_booking("KDR-DEMAA2")
    assert refused.value.reason is CheckInRefusal.USED_CODE


@pytest.mark.asyncio
async def test_an_unreachable_hub_is_unavailable_not_an_error() -> None:
    hub = HubAdapter(HubClient("http://127.0.0.1:9", token="t"))
    assert not await hub.ping()
    with pytest.raises(HubUnavailable):
        await hub.check_in_walk_in()


@pytest.mark.asyncio
async def test_a_visit_that_ended_while_the_booth_checked_in_again_does_not_refuse_the_code() -> None:
    """The participant declined consent and the booth checked in the same booking at once: the hub still held the
    first visit open (booth_busy), and by the time the booth ended it, the decline had (the hub then no longer shows
    it: 404). That came out as "booking code unknown"; the check-in is simply made again."""

    class Racing:
        def __init__(self) -> None:
            self.check_ins = 0

        def check_in(self, **_kwargs: Any) -> Any:
            self.check_ins += 1
            if self.check_ins == 1:
                raise HubError(409, "booth_busy", "end it first", {"session_id": "s-first"})
            return type("Session", (), {"id": "s-second"})()

        def set_state(self, session_id: str, *_args: Any) -> Any:
            assert session_id == "s-first"
            raise HubError(404, "not_found", "session not found")

    client = Racing()
    check_in = await HubAdapter(client).check_in_booking("KDR-DEMAA2")  # type: ignore[arg-type]
    assert (check_in.session_id, client.check_ins) == ("s-second", 2)


class _BusyHub:
    """A client whose hub answers every state change with `status` (a busy database is 503)."""

    def __init__(self, status: int) -> None:
        self.status = status
        self.calls = 0

    def set_state(self, session_id: str, state: SessionState, reason: str | None = None) -> None:
        self.calls += 1
        raise HubError(self.status, "database_busy" if self.status == 503 else "conflict", "busy")


@pytest.mark.asyncio
async def test_a_hub_that_cannot_serve_now_is_unavailable_not_a_refusal() -> None:
    """A busy database (503), or a proxy whose hub restarts (502, 504), leaves the participant on the calm "hub
    unreachable" screen while the same call is tried again; before, the booth logged an unexpected error and the
    visit stood still on the consent screen (seen in `kiosk demo --collective 500`)."""
    for status in (502, 503, 504):
        with pytest.raises(HubUnavailable):
            await HubAdapter(_BusyHub(status)).set_state("s-1", SessionState.SELF_SERVICE)  # type: ignore[arg-type]
    with pytest.raises(HubError):
        await HubAdapter(_BusyHub(409)).set_state("s-1", SessionState.SELF_SERVICE)  # type: ignore[arg-type]
