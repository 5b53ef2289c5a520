"""The booth window as the flows' `BoothView`, and the forwarding of the screens' input to the flows.

`WindowView` is the thin Qt adapter of `kiosk.app.booth.view.BoothView`: it shows steps and problems on the
`BoothWindow`, hands the local camera to the screens that preview it, switches the language and owns the
inactivity watcher (a Qt event filter). `bind_inputs()` connects the screens' signals to the flow of each
concern; nothing here decides what happens next.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.app.booth.state import Problem, Step
from kiosk.app.booth.view import OfficerFrames
from kiosk.protocol import AttentionReason
from kiosk.ui.booth.call_screen import CallScreen
from kiosk.ui.booth.checkin_screen import CheckInScreen
from kiosk.ui.booth.documents_screen import DocumentsScreen
from kiosk.ui.booth.heir_screen import HeirScreen
from kiosk.ui.booth.identity_screen import IdentityScreen
from kiosk.ui.booth.inactivity import InactivityWatcher
from kiosk.ui.booth.signature_screen import SignatureScreen
from kiosk.ui.booth.waiting_screen import WaitingScreen
from kiosk.ui.booth.window import BoothWindow
from kiosk.ui.widgets.video_view import FrameSource

if TYPE_CHECKING:
    from kiosk.app.booth.camera_port import Camera
    from kiosk.app.booth.flows import BoothFlows
    from kiosk.app.booth.voice import VoiceGuide
    from kiosk.ui.app import Translations

class WindowView:
    """`BoothView` over a `BoothWindow` (see the module docstring)."""

    def __init__(
        self,
        window: BoothWindow,
        camera: Camera | None = None,
        translations: Translations | None = None,
        inactivity_timeout_s: float = 120.0,
        inactivity_countdown_s: float = 30.0,
    ) -> None:
        self.window = window
        self._frames: FrameSource | None = camera.latest_frame if camera is not None else None
        self._translations = translations
        self.inactivity = InactivityWatcher(window.still_there, inactivity_timeout_s, inactivity_countdown_s)
        #: Spoken guidance and the officer chime (None when `booth.voice_guidance` is off).
        self.voice: VoiceGuide | None = None

    # ---------------------------------------------------------------------------------------------- screens

    @property
    def check_in(self) -> CheckInScreen:
        """The check-in screen."""
        return self.window.check_in

    @property
    def identity(self) -> IdentityScreen:
        """The identity screen."""
        return self.window.identity

    @property
    def documents(self) -> DocumentsScreen:
        """The document capture screen."""
        return self.window.documents

    @property
    def call(self) -> CallScreen:
        """The call screen."""
        return self.window.call

    @property
    def signature(self) -> SignatureScreen:
        """The signature screen."""
        return self.window.signature

    @property
    def heir(self) -> HeirScreen:
        """The heir's own identity screen."""
        return self.window.heir

    @property
    def waiting(self) -> WaitingScreen:
        """The waiting screen."""
        return self.window.waiting

    # ---------------------------------------------------------------------------------------------- shell

    def show_step(self, step: Step, officer_frames: OfficerFrames | None = None) -> None:
        """Show `step`'s screen, with the local camera where it has a preview and the officer on the call."""
        w = self.window
        w.show_step(step)
        if step is Step.CHECK_IN:
            w.check_in.set_camera(self._frames)
        elif step is Step.DOCUMENTS:
            w.documents.set_camera(self._frames)
        elif step is Step.WAITING:
            w.waiting.set_camera(self._frames)
        elif step is Step.CALL:
            w.call.set_camera(self._frames)
            w.call.set_officer_source(officer_frames)

    def show_problem(self, problem: Problem) -> None:
        """Show the calm screen of `problem`."""
        self.window.show_problem(problem)

    def set_problem_attempt(self, attempt: int) -> None:
        """The problem screen's retry count."""
        self.window.problem.set_attempt(attempt)

    def set_busy(self, busy: bool) -> None:
        """"Please wait" in the top bar."""
        self.window.set_busy(busy)

    def set_language(self, language: str) -> None:
        """Install the language's catalogs and re-read every text."""
        if self._translations is not None:
            self._translations.set_language(language)
        self.window.retranslate()
        self.window.current_screen().retranslate()
        self.window.current_screen().refresh()

    def watch_inactivity(self, on: bool) -> None:
        """Arm (restart) or disarm the inactivity question."""
        if on:
            self.inactivity.arm()
        else:
            self.inactivity.disarm()

    def poke_inactivity(self) -> None:
        """Someone is there without touching the screen."""
        self.inactivity.poke()

    def wipe(self) -> None:
        """Leave every screen (previews off, stills dropped) and empty the typed fields."""
        self._leave_all()
        w = self.window
        # setText (not clear) also empties the fields' undo history, which would otherwise keep the numbers.
        for field in (w.identity.nik_input, w.identity.kpj_input, w.service.account_input, w.check_in.code_input):
            field.setText("")
        w.heir.nik_input.setText("")

    def shutdown(self) -> None:
        """App exit: stop the inactivity filter and every screen's timers and previews."""
        self.inactivity.shutdown()
        self._leave_all()

    def _leave_all(self) -> None:
        for screen in [*self.window.screens.values(), self.window.problem]:
            screen.on_leave()


def bind_inputs(view: WindowView, flows: BoothFlows) -> None:
    """Forward the window's input to the flows (touches on screens, the language button, inactivity)."""
    w = view.window
    visit = flows.visit
    w.language_toggle_requested.connect(visit.toggle_language)
    w.welcome.language_requested.connect(visit.set_language)
    w.welcome.start_requested.connect(lambda: visit.go(Step.CHECK_IN))
    w.check_in.back_requested.connect(flows.check_in.back)
    w.check_in.booking_code_submitted.connect(flows.check_in.booking)
    w.check_in.walk_in_requested.connect(flows.check_in.walk_in)
    w.check_in.qr_scanning.connect(flows.check_in.scan_qr)
    w.consent.agreed.connect(flows.consent.agreed)
    w.consent.declined.connect(flows.consent.declined)
    w.consent.finished.connect(flows.consent.finished)
    w.identity.back_requested.connect(flows.identity.back)
    w.identity.lookup_requested.connect(flows.identity.lookup)
    w.identity.confirmed.connect(flows.identity.confirmed)
    w.service.back_requested.connect(flows.service.back)
    w.service.completed.connect(flows.service.completed)
    w.documents.back_requested.connect(flows.documents.back)
    w.documents.accept_requested.connect(flows.documents.accept)
    w.documents.retake_requested.connect(flows.documents.retake)
    w.documents.manual_capture_requested.connect(flows.documents.capture_manually)
    w.documents.missing_requested.connect(flows.documents.missing)
    w.waiting.help_requested.connect(lambda: flows.call.call_for_help())
    w.help_requested.connect(lambda: flows.call.call_for_help())
    w.problem.help_requested.connect(lambda: flows.call.call_for_help(AttentionReason.PROBLEM))
    w.problem.finish_requested.connect(lambda: visit.leave("problem"))
    w.call.countdown_finished.connect(flows.call.take_requested_still)
    w.purpose.chosen.connect(flows.purpose.chosen)
    w.purpose.back_requested.connect(flows.purpose.back)
    w.heir.back_requested.connect(flows.heir.back)
    w.heir.lookup_requested.connect(flows.heir.lookup)
    w.heir.confirmed.connect(flows.heir.confirmed)
    w.summary.read.connect(flows.signature.summary_read)
    w.summary.back_requested.connect(flows.signature.back)
    w.call.controls.volume_changed.connect(flows.call.set_volume)
    w.call.controls.cannot_hear_requested.connect(flows.call.cannot_hear)
    w.call.controls.leave_confirmed.connect(lambda: visit.leave("left_call"))
    w.signature.signature_confirmed.connect(flows.signature.confirmed)
    w.signature.back_requested.connect(flows.signature.back)
    w.result.finished.connect(lambda: visit.end("finished"))
    w.result.more_time_requested.connect(visit.keep_result)
    view.inactivity.timed_out.connect(visit.participant_left)
