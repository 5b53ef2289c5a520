"""Runs a visit: moves the `BoothFlow` between screens, talks to the hub, the camera and the officer.

Screens forward touches as signals; this class decides what happens, runs every hub request as a task on the
app's loop (the hub client itself runs requests in an executor, so the GUI never blocks), and keeps the
participant's data in the flow while the hub, the camera or the call is away. When a visit ends for any
reason, `end_visit()` cancels its work, wipes the flow and every screen, and shows the welcome screen again.

The officer's side arrives as control-channel messages (`handle_control`); whatever carries them (the video
layer's peer session) calls that method and sends the booth's answers through a `ControlSender`.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import itertools
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any, Protocol, TypeVar
from urllib.parse import parse_qs, urlparse

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.config import BoothSettings, VideoSettings
from kiosk.domain.session import SessionState
from kiosk.protocol import (
    AttentionKind,
    CaptureDonePayload,
    CaptureRequestPayload,
    ControlMessage,
    ControlType,
    EndPayload,
    ErrorPayload,
    HandBackPayload,
    Outcome,
    Progress,
    PromptPayload,
    SessionUpdatePayload,
    SignatureDonePayload,
    control,
)
from kiosk.ui.app import Translations
from kiosk.ui.booth.backend import (
    BackendUnavailable,
    BoothBackend,
    CheckIn,
    CheckInRefused,
    IdentityMatch,
    IdentityRefusal,
    IdentityRefused,
    UploadedDocument,
)
from kiosk.ui.booth.capture import DocumentCapture, Feedback
from kiosk.ui.booth.flow import BoothFlow, Problem, SessionResult, Step
from kiosk.ui.booth.inactivity import InactivityWatcher
from kiosk.ui.booth.window import BoothWindow
from kiosk.ui.bridge import TaskGroup

log = logging.getLogger(__name__)

T = TypeVar("T")

#: Waits between retries while the hub is unreachable (the last one repeats).
RETRY_BACKOFF_S = (1.0, 2.0, 4.0, 8.0)
#: A hub call slower than this shows "please wait" in the top bar.
BUSY_AFTER_S = 0.4
#: How long the booth waits for the registry's masked name after storing the NIK.
REGISTRY_ANSWER_S = 3.0
#: The result screen returns to the welcome screen by itself after this long.
RESULT_TIMEOUT_MS = 120_000
#: After declining consent, the goodbye stays this long.
GOODBYE_TIMEOUT_MS = 15_000


class ControlSender(Protocol):
    """Sends the booth's control messages to the officer's console."""

    async def send(self, message: ControlMessage) -> None:
        """Deliver one message (reliable, ordered)."""
        ...


class Camera(Protocol):
    """What the booth needs of a `kiosk.video.camera.CameraSource`."""

    def latest_frame(self) -> Any:
        """Newest frame or None."""
        ...

    def latest(self) -> Any:
        """Newest `CapturedFrame` (with its `index`) or None."""
        ...


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


class BoothController(QObject):
    """The booth's behaviour. Create it with the window; call `start()`."""

    #: Emitted after a visit ended and everything of it was wiped (tests wait for this).
    visit_ended = Signal(str)

    def __init__(
        self,
        window: BoothWindow,
        backend: BoothBackend,
        booth: BoothSettings,
        video: VideoSettings,
        translations: Translations | None = None,
        camera: Camera | None = None,
        camera_lost_after_s: float = 4.0,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.flow: BoothFlow = window.flow
        self.backend = backend
        self.booth = booth
        self.video = video
        self.translations = translations
        self.camera = camera
        self.tasks = TaskGroup(self)
        self.control_sender: ControlSender | None = None
        #: The live link to the officer (signaling + peer), when the app has one (tests may play the officer).
        self.call_link: Any = None
        self._ids = itertools.count(1)
        self._capture: DocumentCapture | None = None
        self._still: Any = None  # the still under review: JPEG in memory only, dropped after upload
        self._qr_task: asyncio.Task[None] | None = None
        self._capture_request: ControlMessage | None = None
        self._before_problem: Step | None = None
        self._retry_attempt = 0
        self._camera_lost_after_s = camera_lost_after_s
        self._busy_calls = 0
        #: The officer's incoming video while a call is up (None: no officer on the line).
        self._officer_frames: Callable[[], Any] | None = None
        self._camera_last_index: int | None = None
        self._camera_stale_s = 0.0
        self._camera_health = QTimer(self)
        self._camera_health.setInterval(500)
        self._camera_health.timeout.connect(self._check_camera)
        self._result_timer = QTimer(self)
        self._result_timer.setSingleShot(True)
        self._result_timer.timeout.connect(lambda: self.end_visit("finished"))
        self._goodbye_timer = QTimer(self)
        self._goodbye_timer.setSingleShot(True)
        self._goodbye_timer.timeout.connect(lambda: self.end_visit("declined"))
        self.inactivity = InactivityWatcher(
            window.still_there, booth.inactivity_timeout_s, booth.inactivity_countdown_s
        )
        self.inactivity.timed_out.connect(self._inactive)
        self._connect()

    # ---------------------------------------------------------------------------------------------- wiring

    def _connect(self) -> None:
        w = self.window
        w.language_toggle_requested.connect(self.toggle_language)
        w.welcome.language_requested.connect(self.set_language)
        w.welcome.start_requested.connect(lambda: self.go(Step.CHECK_IN))
        w.check_in.back_requested.connect(lambda: self.end_visit("back"))
        w.check_in.booking_code_submitted.connect(self.check_in_booking)
        w.check_in.walk_in_requested.connect(self.check_in_walk_in)
        w.check_in.qr_scanning.connect(self._qr_scanning)
        w.consent.agreed.connect(self._consent_agreed)
        w.consent.declined.connect(self._consent_declined)
        w.consent.finished.connect(lambda: self.end_visit("declined"))
        w.identity.back_requested.connect(lambda: self.go(Step.CONSENT))
        w.identity.lookup_requested.connect(self._identify)
        w.identity.confirmed.connect(self._identity_confirmed)
        w.service.back_requested.connect(lambda: self.go(Step.IDENTITY))
        w.service.completed.connect(self._service_completed)
        w.documents.back_requested.connect(self._documents_back)
        w.documents.accept_requested.connect(self._accept_still)
        w.documents.retake_requested.connect(self._retake)
        w.documents.manual_capture_requested.connect(self._capture_manually)
        w.waiting.help_requested.connect(self._call_for_help)
        w.call.countdown_finished.connect(self._take_requested_still)
        w.signature.signature_confirmed.connect(self._signature_confirmed)
        w.signature.back_requested.connect(lambda: self.go(Step.CALL))
        w.result.finished.connect(lambda: self.end_visit("finished"))

    def start(self) -> None:
        """Show the welcome screen."""
        self.go(Step.WELCOME)

    # ---------------------------------------------------------------------------------------------- steps

    def go(self, step: Step) -> None:
        """Show `step`'s screen and arm or disarm what depends on it (inactivity, camera)."""
        self.flow.step = step
        self.flow.problem = None
        screen = self.window.show_step(step)
        if step.self_service:
            self.inactivity.arm()
        else:
            self.inactivity.disarm()
        source = self.camera.latest_frame if self.camera is not None else None
        if step is Step.DOCUMENTS:
            self.window.documents.set_camera(source)
            self._start_document()
        elif step is Step.WAITING and self._officer_frames is not None:
            self.go(Step.CALL)  # the officer is already on the line
            return
        elif step is Step.WAITING:
            self.window.waiting.set_camera(source)
        elif step is Step.CALL:
            self.window.call.set_camera(source)
            self.window.call.set_officer_source(self._officer_frames)
        elif step is Step.CHECK_IN:
            self.window.check_in.set_camera(source)
        self._watch_camera(step in (Step.DOCUMENTS, Step.WAITING, Step.CALL))
        if step is Step.RESULT:
            self._result_timer.start(RESULT_TIMEOUT_MS)
        del screen

    def set_language(self, language: str) -> None:
        """Show everything in `language` ("id" or "en")."""
        self.flow.language = language
        if self.translations is not None:
            self.translations.set_language(language)
        self.window.retranslate()
        self.window.current_screen().retranslate()
        self.window.current_screen().refresh()

    def toggle_language(self) -> None:
        """The top bar's language button."""
        self.set_language("en" if self.flow.language == "id" else "id")

    # ---------------------------------------------------------------------------------------------- hub calls

    def _hub(
        self,
        make: Callable[[], Awaitable[T]],
        on_result: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None = None,
        name: str = "hub",
    ) -> None:
        """Run a hub call; while the hub is unreachable show the calm screen and retry the same call."""

        async def attempt() -> T:
            # Past a blink, the top bar says "please wait" until this call is done (a slow hub shows progress).
            self._busy_calls += 1
            busy = asyncio.get_running_loop().call_later(BUSY_AFTER_S, self.window.set_busy, True)
            try:
                return await keep_trying()
            finally:
                busy.cancel()
                self._busy_calls -= 1
                if self._busy_calls == 0:
                    self.window.set_busy(False)

        async def keep_trying() -> T:
            attempt_no = 0
            while True:
                try:
                    result = await make()
                except BackendUnavailable:
                    attempt_no += 1
                    self._show_problem(Problem.HUB_UNREACHABLE, attempt_no)
                    await asyncio.sleep(RETRY_BACKOFF_S[min(attempt_no, len(RETRY_BACKOFF_S)) - 1])
                    continue
                if attempt_no:
                    self._clear_problem()
                return result

        self.tasks.start(attempt(), on_result=on_result, on_error=on_error or self._unexpected, name=name)

    def _unexpected(self, error: BaseException) -> None:
        # The type only: messages of errors may quote what the participant typed.
        log.error("booth: unexpected %s", type(error).__name__)

    def _show_problem(self, problem: Problem, attempt: int) -> None:
        if self.flow.problem is None:
            self._before_problem = self.flow.step
            self.inactivity.disarm()
            self.window.show_problem(problem)
        self.flow.problem = problem
        self.window.problem.set_attempt(attempt)

    def _clear_problem(self) -> None:
        if self.flow.problem is None:
            return
        step = self._before_problem or self.flow.step
        self.flow.problem = None
        self._before_problem = None
        self._resume(step)

    def _resume(self, step: Step) -> None:
        """Show `step` again after a problem, without restarting what it was doing."""
        self.flow.step = step
        self.window.show_step(step)
        if step.self_service:
            self.inactivity.arm()
        if step is Step.DOCUMENTS and self._still is None:
            self.window.documents.set_camera(self.camera.latest_frame if self.camera else None)
            self._start_document()
        elif step in (Step.WAITING, Step.CALL) and self.camera is not None:
            getattr(self.window, step.value).set_camera(self.camera.latest_frame)
        if step is Step.CALL:
            self.window.call.set_officer_source(self._officer_frames)

    # ---------------------------------------------------------------------------------------------- check-in

    def check_in_booking(self, code: str) -> None:
        """Check in with a booking code (typed or from the QR)."""
        self._stop_qr()
        self._hub(lambda: self.backend.check_in_booking(code), self._checked_in, self._check_in_failed, "check-in")

    def check_in_walk_in(self) -> None:
        """Check in as a walk-in."""
        self._hub(self.backend.check_in_walk_in, self._checked_in, self._check_in_failed, "walk-in")

    def _checked_in(self, check_in: CheckIn) -> None:
        self.flow.check_in = check_in
        if self.call_link is not None:
            self.call_link.begin_session(check_in.session_id)
        self.go(Step.CONSENT)

    def _check_in_failed(self, error: BaseException) -> None:
        if isinstance(error, CheckInRefused):
            self.window.check_in.show_refusal(error)
            if self.window.check_in.pages.currentIndex() == self.window.check_in.QR:
                self._qr_scanning(True)
        else:
            self._unexpected(error)
            self.window.check_in.set_busy(False)

    def _qr_scanning(self, on: bool) -> None:
        if on and self.camera is not None and (self._qr_task is None or self._qr_task.done()):
            self._qr_task = self.tasks.start(self._read_qr(), name="qr")
        elif not on:
            self._stop_qr()

    def _stop_qr(self) -> None:
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
                text = await asyncio.to_thread(read_qr, frame)
                if text:
                    code = text.strip()  # the hub reads a QR payload as well as a bare code
                    self._qr_task = None
                    self.window.check_in.set_busy(True)
                    self.check_in_booking(code)
                    return
            await asyncio.sleep(0.3)

    # ---------------------------------------------------------------------------------------------- consent

    def _consent_agreed(self) -> None:
        self.flow.consent_given = True
        session = self.flow.session_id
        if session is None:
            self.go(Step.IDENTITY)
            return
        self._hub(lambda: self.backend.set_state(session, SessionState.SELF_SERVICE),
                  lambda _r: self.go(Step.IDENTITY), name="consent")

    def _consent_declined(self) -> None:
        # Nothing personal was asked yet; the hub's session is closed as abandoned and the booth forgets it.
        session = self.flow.session_id
        if session is not None:
            self.tasks.start(self._best_effort_state(session, SessionState.ABANDONED), name="decline")
        self.flow.check_in = None
        self.inactivity.disarm()
        self._goodbye_timer.start(GOODBYE_TIMEOUT_MS)

    async def _best_effort_state(self, session: str, state: SessionState) -> None:
        with contextlib.suppress(BackendUnavailable, Exception):
            await self.backend.set_state(session, state)

    # ---------------------------------------------------------------------------------------------- identity

    def _identify(self) -> None:
        session = self.flow.session_id or ""
        nik, kpj = self.flow.nik, self.flow.kpj
        self._hub(lambda: self._identify_with_registry(session, nik, kpj), self._identified,
                  self._identify_failed, "identify")

    async def _identify_with_registry(self, session: str, nik: str, kpj: str) -> IdentityMatch:
        """Store the numbers; the hub then announces the registry's masked name over signaling, if it knows one."""
        link = self.call_link
        if link is None or not link.connected:
            return await self.backend.identify(session, nik, kpj)
        updates = link.subscribe_session_updates()
        try:
            match = await self.backend.identify(session, nik, kpj)
            if match.masked_name:
                return match
            # The hub announces the session after storing the numbers, with the registry's masked name when
            # the NIK is registered. An older announcement may come first: wait for one with a name.
            heard = False
            deadline = asyncio.get_running_loop().time() + REGISTRY_ANSWER_S
            while (left := deadline - asyncio.get_running_loop().time()) > 0:
                try:
                    announced = await asyncio.wait_for(updates.get(), left)
                except TimeoutError:
                    break
                heard = True
                if announced.masked_name:
                    return replace(match, masked_name=announced.masked_name)
            if heard:
                raise IdentityRefused(IdentityRefusal.NOT_FOUND)
            return match  # no word from the hub: the numbers are confirmed instead; the officer checks the person
        finally:
            link.unsubscribe_session_updates(updates)

    def _identified(self, match: IdentityMatch) -> None:
        self.flow.identity = match
        self.flow.identity_confirmed = False
        if self.flow.step is Step.IDENTITY:
            self.window.identity.show_match()

    def _identify_failed(self, error: BaseException) -> None:
        if isinstance(error, IdentityRefused):
            self.window.identity.show_refusal(error.reason)
        else:
            self._unexpected(error)
            self.window.identity.set_busy(False)

    def _identity_confirmed(self, yes: bool) -> None:
        if yes:
            self.flow.identity_confirmed = True
            self.go(Step.SERVICE)
        else:
            self.flow.identity = None
            self.flow.identity_confirmed = False
            self.window.identity.back_to_entry()

    # ---------------------------------------------------------------------------------------------- service

    def _service_completed(self) -> None:
        session = self.flow.session_id or ""
        details = self.flow.claim_details()

        def saved(_result: None) -> None:
            self.flow.plan_documents()
            self._report_progress()
            self.go(Step.DOCUMENTS)

        self._hub(lambda: self.backend.save_claim(session, details), saved, name="save-claim")

    # ---------------------------------------------------------------------------------------------- documents

    def _documents_back(self) -> None:
        self._stop_capture()
        self._still = None
        self.go(Step.SERVICE)

    def _start_document(self) -> None:
        """Show the next pending document and watch the camera for it; all done: on to the officer."""
        self._stop_capture()
        requirement = self.flow.current_document()
        if requirement is None:
            self._documents_finished()
            return
        number, total = self.flow.document_position()
        self.window.documents.show_document(requirement, number, total)
        if self.camera is None:
            self.window.documents.show_feedback(Feedback.NO_PICTURE)
            return
        self._capture = DocumentCapture(
            self.camera,
            self.video,
            requirement.document.shape,
            self._capture_feedback,
            self._still_captured,
        )
        self._capture.start()

    def _capture_feedback(self, feedback: Feedback) -> None:
        self.window.documents.show_feedback(feedback)
        if feedback not in (Feedback.NO_PICTURE, Feedback.SEARCHING):
            # A document in front of the camera means someone is holding it: not an empty booth.
            self.inactivity.poke()

    def _stop_capture(self) -> None:
        if self._capture is not None:
            self._capture.cancel()
            self._capture = None

    def _still_captured(self, still: Any) -> None:
        self._capture = None
        self._still = still
        self.window.documents.show_review(still.jpeg)

    def _capture_manually(self) -> None:
        capture = self._capture
        if capture is None:
            return

        def taken(still: Any) -> None:
            if still is not None:
                self._stop_capture()
                self._still_captured(still)

        self.tasks.start(capture.capture_now(), on_result=taken, name="manual-capture")

    def _retake(self) -> None:
        self._still = None
        self._start_document()

    def _accept_still(self) -> None:
        requirement = self.flow.current_document()
        still = self._still
        session = self.flow.session_id or ""
        if requirement is None or still is None:
            return
        code = requirement.document.code
        metrics = {
            "sharpness": float(still.quality.sharpness),
            "glare_ratio": float(still.quality.glare_ratio),
            "brightness": float(still.quality.brightness),
        }

        def uploaded(result: UploadedDocument) -> None:
            self._still = None
            self.window.documents.clear_review()
            self.flow.record_upload(code, result)
            self._report_progress()
            if self._capture_request is not None and self._capture_request.payload_as(
                CaptureRequestPayload
            ).document == code:
                self._answer_capture(code, result, still)
            self._start_document()

        def failed(error: BaseException) -> None:
            self._unexpected(error)
            self.window.documents.show_upload_failed()

        self.window.documents.show_upload(0, len(still.jpeg))
        self._hub(
            lambda: self.backend.upload_document(session, code, still.jpeg, "image/jpeg", metrics,
                                                 self.window.documents.show_upload),
            uploaded, failed, "upload",
        )

    def _report_progress(self) -> None:
        """Documents done / total for the officer's tile (only codes and counts: nothing personal)."""
        link = self.call_link
        if link is None or self.flow.session_id is None:
            return
        done = sum(1 for r in self.flow.documents if r.document.code in self.flow.captured)
        update = SessionUpdatePayload(
            state=SessionState.SELF_SERVICE,
            progress=Progress(documents_done=done, documents_total=len(self.flow.documents)),
            claim_type=self.flow.claim_type.value if self.flow.claim_type else None,
            reason=self.flow.reason,
        )
        self.tasks.start(link.report_progress(update), on_error=self._unexpected, name="progress")

    def _documents_finished(self) -> None:
        session = self.flow.session_id or ""

        async def ready() -> None:
            try:
                await self.backend.set_state(session, SessionState.WAITING_CSO)
            except BackendUnavailable:
                raise
            except Exception as error:  # e.g. after a hand-back the session may already be where it belongs
                log.warning("booth: session not moved to waiting (%s)", type(error).__name__)
            with contextlib.suppress(Exception):
                await self._attention(session, AttentionKind.READY)

        if self.flow.step is Step.DOCUMENTS:
            # The officer may already be on the line when the hub's answer arrives: then stay in the call.
            self._hub(ready, lambda _r: self.go(Step.WAITING) if self.flow.step is Step.DOCUMENTS else None,
                      name="ready")

    # ---------------------------------------------------------------------------------------------- waiting

    async def _attention(self, session: str, kind: AttentionKind) -> None:
        if self.call_link is not None:
            await self.call_link.attention(kind)
        else:
            await self.backend.attention(session, kind)

    def _call_for_help(self) -> None:
        session = self.flow.session_id or ""
        self.tasks.start(self._attention(session, AttentionKind.HELP), on_error=self._unexpected, name="help")

    def officer_connected(self, officer_name: str = "", officer_frames: Callable[[], Any] | None = None) -> None:
        """The officer's console took this session and the call is up."""
        # The hub may assign a session early (the officer's tile shows self-service progress): the call screen
        # comes when the participant is done with self-service, or when the officer turns to this booth.
        self._officer_frames = officer_frames or (lambda: None)
        self.window.call.set_officer_name(officer_name)
        self.window.call.set_recording(True)
        if self.flow.problem is Problem.CALL_DROPPED:
            self._clear_problem()
        if self.flow.step in (Step.WAITING, Step.CALL):
            self.go(Step.CALL)

    def call_dropped(self) -> None:
        """The peer connection to the officer is down; the video layer reconnects by itself."""
        if self.flow.step in (Step.CALL, Step.SIGNATURE):
            self._show_problem(Problem.CALL_DROPPED, 1)

    def call_restored(self) -> None:
        """The peer connection is back."""
        if self.flow.problem is Problem.CALL_DROPPED:
            self._clear_problem()

    # ---------------------------------------------------------------------------------------------- control

    def handle_control(self, message: ControlMessage) -> None:
        """React to one message from the officer's console."""
        kind = message.type
        if kind is ControlType.PROMPT:
            self.window.call.show_prompt(message.payload_as(PromptPayload).text)
        elif kind is ControlType.HOLD:
            self.window.call.set_on_hold(True)
        elif kind is ControlType.RESUME:
            self.window.call.set_on_hold(False)
        elif kind is ControlType.FOCUS:
            self.window.call.set_on_hold(False)
            if self.flow.step is Step.WAITING or self.flow.step.self_service:
                self._stop_capture()
                self.go(Step.CALL)  # the officer turns to this booth, e.g. to help mid-way
        elif kind is ControlType.UNFOCUS:
            self.window.call.set_on_hold(True)
        elif kind is ControlType.CAPTURE_REQUEST:
            self._capture_requested(message)
            return
        elif kind is ControlType.SIGNATURE_REQUEST:
            self._signature_request = message
            self.go(Step.SIGNATURE)
            return
        elif kind is ControlType.HAND_BACK:
            payload = message.payload_as(HandBackPayload)
            self.flow.request_recapture(list(payload.documents))
            self.go(Step.DOCUMENTS if self.flow.pending_documents() else Step.WAITING)
        elif kind is ControlType.END:
            self._ended(message.payload_as(EndPayload))
        elif kind in (ControlType.ACK, ControlType.ERROR, ControlType.SET_QUALITY):
            return  # answers to us, or handled by the video layer
        self._reply(ControlType.ACK, message.id)

    def _reply(self, kind: ControlType, reply_to: str, payload: Any = None) -> None:
        sender = self.control_sender
        if sender is None:
            return
        message = control(kind, f"b-{next(self._ids)}", payload, reply_to=reply_to)
        self.tasks.start(sender.send(message), on_error=self._unexpected, name="control-send")

    def _capture_requested(self, message: ControlMessage) -> None:
        payload = message.payload_as(CaptureRequestPayload)
        self._capture_request = message
        document = self.flow.catalog.documents.get(payload.document)
        name = document.name(self.flow.language) if document else payload.document
        if self.flow.step is not Step.CALL:
            self.go(Step.CALL)
        self.window.call.start_capture_countdown(name, payload.countdown_s)

    def _take_requested_still(self) -> None:
        message = self._capture_request
        if message is None or self.camera is None:
            return
        payload = message.payload_as(CaptureRequestPayload)
        from kiosk.domain.claims import DocumentShape
        from kiosk.video.stills import prepare_still

        document = self.flow.catalog.documents.get(payload.document)
        require_card = document is not None and document.shape is DocumentShape.CARD
        camera = self.camera

        async def take() -> tuple[Any, UploadedDocument]:
            frames = []
            last = None
            for _ in range(6):
                frame = camera.latest_frame()
                if frame is not None and frame is not last:
                    frames.append(frame)
                    last = frame
                await asyncio.sleep(0.08)
            still = await asyncio.to_thread(prepare_still, frames, self.video, require_card)
            if still is None:
                raise RuntimeError("no frame")
            uploaded = await self.backend.upload_document(
                self.flow.session_id or "", payload.document, still.jpeg, "image/jpeg",
                {"sharpness": float(still.quality.sharpness), "glare_ratio": float(still.quality.glare_ratio)},
            )
            return still, uploaded

        def done(result: tuple[Any, UploadedDocument]) -> None:
            still, uploaded = result
            self.window.call.capture_done()
            if payload.document in {r.document.code for r in self.flow.documents}:
                self.flow.record_upload(payload.document, uploaded)
            self._answer_capture(payload.document, uploaded, still)

        def failed(error: BaseException) -> None:
            self._unexpected(error)
            self.window.call.capture_done()
            self._reply(
                ControlType.ERROR,
                message.id,
                ErrorPayload(code="capture_failed", message="the still could not be taken or stored"),
            )

        self.tasks.start(take(), on_result=done, on_error=failed, name="requested-still")

    def _answer_capture(self, code: str, uploaded: UploadedDocument, still: Any) -> None:
        message = self._capture_request
        self._capture_request = None
        if message is None:
            return
        self._reply(
            ControlType.CAPTURE_DONE,
            message.id,
            CaptureDonePayload(
                document=code,
                document_id=uploaded.document_id,
                sha256=uploaded.sha256,
                sharpness=float(still.quality.sharpness),
                glare_ratio=float(still.quality.glare_ratio),
            ),
        )

    _signature_request: ControlMessage | None = None

    def _signature_confirmed(self, png: bytes) -> None:
        session = self.flow.session_id or ""

        def uploaded(result: UploadedDocument) -> None:
            from kiosk.ui.booth.flow import CapturedDocument

            self.flow.signature = CapturedDocument("signature", result.document_id, result.sha256)
            request = self._signature_request
            self._signature_request = None
            if request is not None:
                self._reply(
                    ControlType.SIGNATURE_DONE,
                    request.id,
                    SignatureDonePayload(document_id=result.document_id, sha256=result.sha256),
                )
            self.go(Step.CALL)

        def failed(error: BaseException) -> None:
            self._unexpected(error)
            self.window.signature.show_upload_failed()

        self._hub(
            lambda: self.backend.upload_document(session, "signature", png, "image/png", None,
                                                 self.window.signature.show_upload),
            uploaded, failed, "signature",
        )

    def _ended(self, payload: EndPayload) -> None:
        missing = tuple(
            r.document.code for r in self.flow.documents if r.document.code not in self.flow.captured
        )
        self.flow.result = SessionResult(
            outcome=payload.outcome,
            reference=payload.reference,
            reason_code=payload.reason_code,
            reason_text=payload.reason_text,
            missing_documents=missing if payload.outcome is Outcome.REJECTED else (),
        )
        self.window.call.set_recording(False)
        self.go(Step.RESULT)

    # ---------------------------------------------------------------------------------------------- camera

    def _watch_camera(self, on: bool) -> None:
        if on and self.camera is not None:
            self._camera_last_index = None
            self._camera_stale_s = 0.0
            self._camera_health.start()
        elif self.flow.problem is not Problem.CAMERA_LOST:
            self._camera_health.stop()

    def _check_camera(self) -> None:
        """A camera that stops delivering new frames (or reports itself unavailable) is lost."""
        camera = self.camera
        if camera is None:
            return
        from kiosk.video.camera import CameraState

        latest = camera.latest()
        index = latest.index if latest is not None else None
        unavailable = getattr(camera, "state", None) is CameraState.UNAVAILABLE
        if index is not None and index != self._camera_last_index and not unavailable:
            self._camera_last_index = index
            self._camera_stale_s = 0.0
            if self.flow.problem is Problem.CAMERA_LOST:
                self._clear_problem()
            return
        self._camera_stale_s += self._camera_health.interval() / 1000
        if unavailable or self._camera_stale_s >= self._camera_lost_after_s:
            if self.flow.problem is None:
                self._stop_capture()
                self._show_problem(Problem.CAMERA_LOST, 0)
            if self.flow.problem is Problem.CAMERA_LOST:
                attempt = int(self._camera_stale_s // 2) + 1
                self.window.problem.set_attempt(attempt)

    # ---------------------------------------------------------------------------------------------- ending

    def shutdown(self) -> None:
        """Stop everything this controller runs (tasks, capture, timers, the inactivity filter): app exit."""
        self._stop_capture()
        self._stop_qr()
        self.tasks.cancel_all()
        for timer in (self._camera_health, self._result_timer, self._goodbye_timer):
            timer.stop()
        self.inactivity.shutdown()
        for screen in [*self.window.screens.values(), self.window.problem]:
            screen.on_leave()

    def _inactive(self) -> None:
        session = self.flow.session_id
        if session is not None:
            self.tasks.start(self._best_effort_state(session, SessionState.ABANDONED), name="abandon")
        self.end_visit("abandoned")

    def end_visit(self, why: str) -> None:
        """Forget everything of the visit and show the welcome screen (any reason: done, declined, left)."""
        self._stop_capture()
        self._stop_qr()
        self._result_timer.stop()
        self._goodbye_timer.stop()
        self._capture_request = None
        self._signature_request = None
        self._still = None
        self._before_problem = None
        self._officer_frames = None
        abandon = self.tasks
        # Hub calls of this visit still running are dropped, except a last best-effort state update.
        for task in list(abandon._tasks):
            if task.get_name() not in ("abandon", "decline", "link-end"):
                task.cancel()
        if self.call_link is not None:
            self.tasks.start(self.call_link.end_session(), on_error=self._unexpected, name="link-end")
        self.inactivity.disarm()
        for screen in [*self.window.screens.values(), self.window.problem]:
            screen.on_leave()
        # setText (not clear) also empties the fields' undo history, which would otherwise keep the numbers.
        for field in (
            self.window.identity.nik_input,
            self.window.identity.kpj_input,
            self.window.service.account_input,
            self.window.check_in.code_input,
        ):
            field.setText("")
        self.flow.wipe()
        self.set_language(self.booth.language)
        self.go(Step.WELCOME)
        gc.collect()  # let go of still buffers now rather than whenever
        log.info("visit ended (%s)", why)
        self.visit_ended.emit(why)
