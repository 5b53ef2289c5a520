"""The check-in flow: a booking code (typed or read from the QR on the participant's phone) or a walk-in ticket.

The hub opens the session (or refuses, with a reason the check-in screen explains); the call link is told the
session so the hub can assign it to a console; then consent is asked.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from urllib.parse import parse_qs, urlparse

from kiosk.app.blocking import run_blocking
from kiosk.app.booth.call_port import CallPort
from kiosk.app.booth.camera_port import Camera
from kiosk.app.booth.hub_port import CheckIn, CheckInRefused
from kiosk.app.booth.state import Step
from kiosk.app.booth.visit_flow import VisitFlow, log_unexpected

#: How often the camera is looked at for a QR code.
QR_INTERVAL_S = 0.3


def booking_code_from_qr(text: str) -> str:
    """The booking code in a scanned QR: the text itself, a ``code``/``booking_code`` field of JSON, or a URL
    query parameter ``code``."""
    text = text.strip()
    if text.startswith("{"):
        with contextlib.suppress(ValueError):
            data = json.loads(text)
            if isinstance(data, dict):
                for key in ("booking_code", "code"):
                    if isinstance(data.get(key), str):
                        return str(data[key]).strip().upper()
    if "://" in text:
        query = parse_qs(urlparse(text).query)
        for key in ("booking_code", "code"):
            if query.get(key):
                return query[key][0].strip().upper()
        return text.rstrip("/").rsplit("/", 1)[-1].upper()
    return text.upper()


class CheckInFlow:
    """Checks the participant in; reads QR codes from the camera while the QR page is shown."""

    def __init__(self, visit: VisitFlow, camera: Camera | None = None, call: CallPort | None = None) -> None:
        self.visit = visit
        self.camera = camera
        self.call = call
        self._qr_task: asyncio.Task[None] | None = None
        visit.on_end(self.stop_qr)

    def back(self) -> None:
        """The participant left the check-in screen: nothing was opened, start over."""
        self.visit.end("back")

    def booking(self, code: str) -> None:
        """Check in with a booking code (typed or from the QR)."""
        self.stop_qr()
        hub = self.visit.hub
        self.visit.hub_call(lambda: hub.check_in_booking(code), self._checked_in, self._failed, "check-in")

    def walk_in(self) -> None:
        """Check in as a walk-in."""
        self.visit.hub_call(self.visit.hub.check_in_walk_in, self._checked_in, self._failed, "walk-in")

    def _checked_in(self, check_in: CheckIn) -> None:
        self.visit.state.check_in = check_in
        if self.call is not None:
            self.call.begin_session(check_in.session_id)
        self.visit.go(Step.CONSENT)

    def _failed(self, error: BaseException) -> None:
        screen = self.visit.view.check_in
        if isinstance(error, CheckInRefused):
            screen.show_refusal(error)
            if screen.scanning_qr():
                self.scan_qr(True)
        else:
            log_unexpected(error)
            screen.set_busy(False)

    # ---------------------------------------------------------------------------------------------- QR

    def scan_qr(self, on: bool) -> None:
        """Start or stop reading booking QR codes from the camera."""
        if on and self.camera is not None and (self._qr_task is None or self._qr_task.done()):
            self._qr_task = self.visit.tasks.start(self._read_qr(), name="qr")
        elif not on:
            self.stop_qr()

    def stop_qr(self) -> None:
        """Stop reading QR codes."""
        if self._qr_task is not None:
            self._qr_task.cancel()
            self._qr_task = None

    async def _read_qr(self) -> None:
        from kiosk.video.stills import read_qr

        camera = self.camera
        assert camera is not None
        last: object = None
        while True:
            frame = camera.latest_frame()
            if frame is not None and frame is not last:
                last = frame
                text = await run_blocking(read_qr, frame)
                if text:
                    code = text.strip()  # the hub reads a QR payload as well as a bare code
                    self._qr_task = None
                    self.visit.view.check_in.set_busy(True)
                    self.booking(code)
                    return
            await asyncio.sleep(QR_INTERVAL_S)
