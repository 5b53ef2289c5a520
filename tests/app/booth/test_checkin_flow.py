"""Check-in under plain asyncio: booking codes read from QR payloads, refusals, the QR reader."""

from __future__ import annotations

import asyncio

import numpy as np
import pytest
import segno

from kiosk.app.booth.checkin_flow import QR_INTERVAL_S, booking_code_from_qr
from kiosk.app.booth.hub_port import CheckInRefusal, CheckInRefused
from kiosk.app.booth.state import Step
from kiosk.domain.quota import VisitKind
from kiosk.domain.references import booking_qr_payload
from tests.app.booth.fakes import FakeHub, make_booth
from tests.support.wait import wait_until


def test_booking_code_from_every_kind_of_qr() -> None:
    assert booking_code_from_qr(" kdr-demaa2 ") == "KDR-DEMAA2"
    assert booking_code_from_qr('{"booking_code": "kdr-1"}') == "KDR-1"
    assert booking_code_from_qr('{"code": "kdr-2"}') == "KDR-2"
    assert booking_code_from_qr("https://hub.example/book?code=kdr-3") == "KDR-3"
    assert booking_code_from_qr("https://hub.example/booking/kdr-4/") == "KDR-4"


class PictureCamera:
    """Always the same picture (a phone screen with a QR)."""

    def __init__(self, image: np.ndarray) -> None:
        self.image = image
        self.index = 0

    def latest_frame(self) -> np.ndarray:
        return self.image.copy()  # a new frame each time, as a live camera gives

    def latest(self) -> object:
        self.index += 1
        return type("Captured", (), {"index": self.index})()


def qr_picture(text: str) -> np.ndarray:
    qr = segno.make(text, error="m")
    matrix = np.array([[0 if v else 255 for v in row] for row in qr.matrix], np.uint8)
    big = np.kron(matrix, np.ones((8, 8), np.uint8))
    frame = np.full((720, 1280), 200, np.uint8)
    y, x = (720 - big.shape[0]) // 2, (1280 - big.shape[1]) // 2
    frame[y - 32 : y + big.shape[0] + 32, x - 32 : x + big.shape[1] + 32] = 255
    frame[y : y + big.shape[0], x : x + big.shape[1]] = big
    return np.dstack([frame] * 3)


@pytest.mark.asyncio
async def test_a_qr_shown_to_the_camera_checks_in() -> None:
    booth = make_booth(camera=PictureCamera(qr_picture(booking_qr_payload("KDR-DEMAA2"))))
    booth.flows.visit.go(Step.CHECK_IN)
    booth.flows.check_in.scan_qr(True)
    await wait_until(lambda: booth.state.step is Step.CONSENT, 30)
    assert booth.state.check_in is not None and booth.state.check_in.visit is VisitKind.ONLINE
    assert booth.view.check_in.busy  # "checking..." while the hub answered


@pytest.mark.asyncio
async def test_a_refused_qr_keeps_the_reader_on() -> None:
    hub = FakeHub()
    hub.refuse_check_in = CheckInRefused(CheckInRefusal.USED_CODE)
    booth = make_booth(hub, camera=PictureCamera(qr_picture(booking_qr_payload("KDR-DEMAA2"))))
    booth.flows.visit.go(Step.CHECK_IN)
    booth.view.check_in.on_qr_page = True
    booth.flows.check_in.scan_qr(True)
    await wait_until(lambda: len(booth.view.check_in.refusals) >= 2, 15)  # read, refused, read again
    booth.flows.check_in.back()
    assert booth.ended == ["back"] and booth.state.step is Step.WELCOME
    calls = len(hub.calls)
    # Asserting that nothing happens: a reader still running would read (and ask the hub) again within this.
    await asyncio.sleep(3 * QR_INTERVAL_S)
    assert len(hub.calls) == calls  # the reader stopped with the visit


@pytest.mark.asyncio
async def test_a_typed_booking_code_checks_in_online() -> None:
    booth = make_booth()
    booth.flows.check_in.booking("KDR-DEMAA2")
    await wait_until(lambda: booth.state.step is Step.CONSENT)
    assert booth.state.check_in is not None and booth.state.check_in.visit is VisitKind.ONLINE


@pytest.mark.asyncio
async def test_after_declining_consent_the_same_booking_code_checks_in_again(fresh_hub: object) -> None:
    """The booking is spent at consent, not at check-in: a participant who declined may come back."""
    from kiosk.app.booth.hub_adapter import HubAdapter

    running = fresh_hub
    booth = make_booth(hub=HubAdapter(running.client(running.booth_token(1))))  # type: ignore[attr-defined,arg-type]
    booth.flows.visit.go(Step.CHECK_IN)
    booth.flows.check_in.booking("KDR-DEMAA2")
    await wait_until(lambda: booth.state.step is Step.CONSENT, 30)
    first = booth.state.session_id
    booth.flows.consent.declined()
    booth.flows.consent.finished()  # the goodbye was read
    assert booth.state.step is Step.WELCOME
    booth.flows.visit.go(Step.CHECK_IN)
    booth.flows.check_in.booking("KDR-DEMAA2")
    await wait_until(lambda: booth.state.step is Step.CONSENT, 30)
    assert booth.state.session_id not in (None, first)
    assert not booth.view.check_in.refusals  # type: ignore[attr-defined]
