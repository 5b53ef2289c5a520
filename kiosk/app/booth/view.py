"""The booth's view ports: what the flows ask of the window and its screens, as small `typing.Protocol`s.

The flows never hold a window or a widget: they call a `BoothView` (the shell: which step or problem is shown,
busy, language, inactivity, wiping) and its per-screen parts (`CheckInView`, `IdentityView`, `DocumentsView`,
`CallView`, `SignatureView`). `kiosk.ui.booth.window_view.WindowView` implements them with PySide6; the
app-layer tests use an in-memory fake.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from kiosk.app.booth.capture import Feedback
from kiosk.app.booth.hub_port import CheckInRefused, IdentityRefusal
from kiosk.app.booth.state import Problem, Step
from kiosk.app.link_health import NetworkQuality
from kiosk.domain.claims import DocumentRequirement

#: The officer's incoming video (newest RGB frame or None), when a call is up.
OfficerFrames = Callable[[], Any]


class CheckInView(Protocol):
    """The check-in screen."""

    def show_refusal(self, refusal: CheckInRefused) -> None:
        """Explain why the hub refused the check-in."""
        ...

    def set_busy(self, busy: bool) -> None:
        """Show or hide "checking in..."."""
        ...

    def scanning_qr(self) -> bool:
        """True while the QR page is shown (the camera reads booking codes)."""
        ...


class IdentityView(Protocol):
    """The identity screen."""

    def show_match(self) -> None:
        """Show the registry's masked name to confirm."""
        ...

    def show_refusal(self, reason: IdentityRefusal) -> None:
        """Explain why the numbers lead to nobody."""
        ...

    def set_busy(self, busy: bool) -> None:
        """Show or hide "looking up..."."""
        ...

    def back_to_entry(self) -> None:
        """Back to typing the numbers (the name shown was not the participant's)."""
        ...


class DocumentsView(Protocol):
    """The guided document capture screen."""

    def show_document(self, requirement: DocumentRequirement, number: int, total: int) -> None:
        """Start on a document (live preview)."""
        ...

    def show_feedback(self, feedback: Feedback) -> None:
        """What to fix while holding the document up."""
        ...

    def show_review(self, jpeg: bytes) -> None:
        """The still just taken, to accept or retake."""
        ...

    def clear_review(self) -> None:
        """Forget the still shown."""
        ...

    def show_upload(self, done: int, total: int) -> None:
        """Upload progress in bytes."""
        ...

    def show_upload_failed(self) -> None:
        """The upload failed: offer to try again."""
        ...


class CallView(Protocol):
    """The call screen."""

    def set_officer_name(self, name: str) -> None:
        """The officer's name under their video."""
        ...

    def set_recording(self, recording: bool) -> None:
        """Show or hide the recording notice."""
        ...

    def show_prompt(self, text: str) -> None:
        """A text the officer sends to read."""
        ...

    def set_on_hold(self, on_hold: bool) -> None:
        """The officer turned to another booth (or back)."""
        ...

    def set_network(self, quality: NetworkQuality) -> None:
        """The call's signal bars (`kiosk.app.link_health`)."""
        ...

    def start_capture_countdown(self, document_name: str, seconds: float) -> None:
        """Hold `document_name` up: a still is taken when the countdown ends."""
        ...

    def capture_done(self) -> None:
        """The requested still was taken (or failed): leave the countdown."""
        ...


class SignatureView(Protocol):
    """The signature screen."""

    def show_upload(self, done: int, total: int) -> None:
        """Upload progress of the signature."""
        ...

    def show_upload_failed(self) -> None:
        """The signature could not be stored: offer to try again."""
        ...


class WaitingView(Protocol):
    """The waiting screen."""

    def set_wait(self, ahead: int | None, minutes: int | None) -> None:
        """Participants ahead and the hub's estimate in minutes (None: not known)."""
        ...


class BoothView(Protocol):
    """The booth's window as the flows see it: the shell plus one part per screen the flows talk to."""

    @property
    def check_in(self) -> CheckInView:
        """The check-in screen."""
        ...

    @property
    def identity(self) -> IdentityView:
        """The identity screen."""
        ...

    @property
    def documents(self) -> DocumentsView:
        """The document capture screen."""
        ...

    @property
    def call(self) -> CallView:
        """The call screen."""
        ...

    @property
    def signature(self) -> SignatureView:
        """The signature screen."""
        ...

    @property
    def heir(self) -> IdentityView:
        """The heir's own identity screen (the same questions as the identity screen, asked of the heir)."""
        ...

    @property
    def waiting(self) -> WaitingView:
        """The waiting screen."""
        ...

    def show_step(self, step: Step, officer_frames: OfficerFrames | None = None) -> None:
        """Show `step`'s screen (with the local camera where the screen has one, and the officer on the call)."""
        ...

    def show_problem(self, problem: Problem) -> None:
        """Show the calm screen of `problem`."""
        ...

    def set_problem_attempt(self, attempt: int) -> None:
        """How often the problem screen has retried (so it does not look frozen)."""
        ...

    def set_busy(self, busy: bool) -> None:
        """Show or hide "please wait" in the top bar."""
        ...

    def set_language(self, language: str) -> None:
        """Show everything in `language` ("id" or "en")."""
        ...

    def watch_inactivity(self, on: bool) -> None:
        """Start (restart) or stop asking "are you still there?" after a while without a touch."""
        ...

    def poke_inactivity(self) -> None:
        """Someone is there without touching the screen (holding a document up)."""
        ...

    def wipe(self) -> None:
        """Forget everything the screens show or hold of the visit (typed fields, previews, stills)."""
        ...
