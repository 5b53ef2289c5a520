"""The simulated participant: goes through the real booth window by touch, as a person at the booth would.

It finds widgets by their stable objectName (docs/ui-testing.md), looks at what the screen shows (which screen,
which buttons are visible and enabled, the texts on the result screen) and touches with `QTest` mouse events:
keypad keys one digit at a time, choice cards, date steppers, a finger-drawn signature on the pad. When the
booth asks for a document, it holds the card up to the `SyntheticCamera` (``card_visible``), so the booth's own
quality check finds it and captures it; it lowers the card to look at the photo and accept it. During the call
it holds a document up when the officer's capture countdown runs, and signs when asked.

It reads the booth's own session id once after check-in (the number on the booth's ticket, so the report can
be matched with the hub's database); everything else it learns from the screen. It never logs what it types.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget

from kiosk.app.booth.flows import BoothFlows
from kiosk.demo.cast import Visitor
from kiosk.ui.booth.window import BoothWindow
from kiosk.ui.widgets.date_stepper import DateStepper
from kiosk.video.camera import SyntheticCamera

log = logging.getLogger(__name__)

W = TypeVar("W", bound=QWidget)

#: Longest wait for one screen to follow a touch (the hub answers in well under a second; a loaded machine and
#: a camera that needs a few frames make it longer).
STEP_TIMEOUT_S = 90.0
#: Longest wait for the officer, who serves several booths one after the other.
OFFICER_TIMEOUT_S = 30 * 60.0


class VisitFailed(Exception):
    """The visit could not go on (a screen did not come, a button stayed disabled)."""


@dataclass
class VisitResult:
    """How one visitor's visit went, for the orchestrator's report (no personal data)."""

    number: int
    case: str
    booth: int
    outcome: str = "not_final"
    session_id: str | None = None
    reference: str | None = None
    checked_in_at: float | None = None
    ended_at: float | None = None
    #: Wall-clock times (time.time()) at which each screen was first seen.
    screens: dict[str, float] = field(default_factory=dict)
    recaptures_held: int = 0
    #: What happened on the way, in words the report keeps ("jkp_explained", "walked_away").
    notes: list[str] = field(default_factory=list)
    error: str | None = None


class SimulatedParticipant:
    """Plays visitors at one booth, one after the other (see the module docstring)."""

    def __init__(
        self,
        window: BoothWindow,
        flows: BoothFlows,
        camera: SyntheticCamera,
        booth_number: int,
        *,
        pace: float = 1.0,
        inactivity_s: float = 120.0,
        on_screen: Callable[[str, VisitResult], None] | None = None,
    ) -> None:
        self.window = window
        self.flows = flows
        self.camera = camera
        self.booth_number = booth_number
        self.pace = pace
        #: How long the booth takes to give up on a participant who walked away (timeout + countdown).
        self.inactivity_s = inactivity_s
        self.on_screen = on_screen
        self._result: VisitResult | None = None
        self._walked_away = False
        self._watcher: asyncio.Task[None] | None = None

    # ------------------------------------------------------------------------------------------ looking

    def screen(self) -> str:
        """The objectName of the screen shown (what the participant sees)."""
        return self.window.current_screen().objectName()

    def find(self, name: str, kind: type[W]) -> W | None:
        """A visible widget named `name`, on the shown screen first (names like nextButton repeat)."""
        for root in (self.window.current_screen(), self.window):
            for widget in root.findChildren(kind, name):
                if widget.isVisible():
                    return widget
        return None

    def visible(self, name: str) -> bool:
        """True when a widget named `name` is on screen."""
        return self.find(name, QWidget) is not None

    async def pause(self, seconds: float) -> None:
        """Think, read or reach for something (scaled by the pace; 0 is as fast as the booth allows)."""
        await asyncio.sleep(max(0.02, seconds * self.pace))

    async def wait_for(self, what: str, ready: Callable[[], bool], timeout_s: float = STEP_TIMEOUT_S) -> None:
        """Wait until `ready()` holds; the booth works meanwhile (the loop runs Qt and asyncio)."""
        deadline = time.monotonic() + timeout_s
        while not ready():
            if time.monotonic() > deadline:
                raise VisitFailed(f"waited {timeout_s:.0f} s for {what} (screen {self.screen()})")
            await asyncio.sleep(0.05)
        self._note_screen()

    async def wait_screen(self, name: str, timeout_s: float = STEP_TIMEOUT_S) -> None:
        """Wait until the screen named `name` is shown."""
        await self.wait_for(name, lambda: self.screen() == name, timeout_s)

    def _note(self, what: str) -> None:
        if self._result is not None:
            self._result.notes.append(what)

    def _note_screen(self) -> None:
        result = self._result
        name = self.screen()
        if result is not None and name not in result.screens:
            result.screens[name] = time.time()
            if self.on_screen is not None:
                self.on_screen(name, result)

    # ------------------------------------------------------------------------------------------ touching

    async def tap(self, name: str, kind: type[QWidget] = QPushButton, timeout_s: float = STEP_TIMEOUT_S) -> None:
        """Touch the widget named `name` once it is visible and enabled."""
        found: list[QWidget] = []

        def ready() -> bool:
            widget = self.find(name, kind)
            if widget is not None and widget.isEnabled():
                found[:] = [widget]
                return True
            return False

        await self.wait_for(name, ready, timeout_s)
        QTest.mouseClick(found[0], Qt.MouseButton.LeftButton)
        await self.pause(0.25)

    async def tap_keys(self, keypad_name: str, text: str) -> None:
        """Type `text` on the on-screen keypad named `keypad_name`, one key at a time."""
        keypad = self.find(keypad_name, QWidget)
        if keypad is None:
            raise VisitFailed(f"no keypad {keypad_name} on {self.screen()}")
        for char in text:
            key = keypad.findChild(QPushButton, f"key_{char.upper()}")
            if key is None:
                raise VisitFailed(f"keypad {keypad_name} has no key for a character")
            QTest.mouseClick(key, Qt.MouseButton.LeftButton)
            await self.pause(0.12)

    async def sign(self) -> None:
        """Draw a signature with a finger: a few connected loops across the pad, then lift."""
        pad = self.find("signaturePad", QWidget)
        if pad is None:
            raise VisitFailed("no signature pad")
        width, height = pad.width(), pad.height()
        x0, baseline = int(width * 0.15), int(height * 0.6)
        points = []
        for i in range(60):
            t = i / 59
            x = x0 + int(t * width * 0.65)
            y = baseline - int(height * 0.18 * math.sin(t * math.pi * 5) * (1 - 0.4 * t))
            points.append(QPoint(x, y))
        QTest.mousePress(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[0])
        for point in points[1:]:
            QTest.mouseMove(pad, point)
            await asyncio.sleep(0.005)
        QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[-1])
        await self.pause(0.3)

    def hold_document(self, up: bool) -> None:
        """Hold the requested document up to the camera, or lower it."""
        self.camera.card_visible = up

    # ------------------------------------------------------------------------------------------ the visit

    def _dress(self, visitor: Visitor) -> None:
        """The visitor steps in front of the camera with their (specimen) e-KTP, and perhaps someone behind them."""
        if not hasattr(self.camera, "dress") or not visitor.card_nik:
            return
        from kiosk.video.specimens import CardHolder, head_and_shoulders, render_ektp

        card = render_ektp(
            CardHolder(visitor.card_nik, visitor.card_name, "KEDIRI", visitor.card_birth_date,
                       portrait=visitor.card_portrait)
        )
        second = None if visitor.second_person is None else head_and_shoulders(visitor.second_person, 420)
        self.camera.dress(head_and_shoulders(visitor.face, 520), card, second)

    async def visit(self, visitor: Visitor) -> VisitResult:
        """Play one visitor from the welcome screen back to the welcome screen."""
        result = VisitResult(visitor.number, visitor.case, self.booth_number)
        self._result = result
        self._walked_away = False
        self._watcher = asyncio.get_running_loop().create_task(self._answer_still_there())
        self._dress(visitor)
        try:
            await self._check_in(visitor, result)
            await self._identity(visitor)
            if not await self._service(visitor):
                await self._walk_away(result)
                return result
            await self._documents()
            await self._call(result)
        except VisitFailed as exc:
            result.error = str(exc)
            log.warning("booth %d, visitor %d: %s", self.booth_number, visitor.number, exc)
        except asyncio.CancelledError:
            result.error = "stopped"
            raise
        finally:
            self.hold_document(False)
            if hasattr(self.camera, "dress"):
                self.camera.dress(None, None)  # the visitor leaves the booth
            if self._watcher is not None:
                self._watcher.cancel()
            self._result = None
        return result

    async def _answer_still_there(self) -> None:
        """A participant who is still there answers "are you still here?" (one who walked away does not)."""
        while True:
            await asyncio.sleep(0.5)
            if not self._walked_away and self.visible("stillHereButton"):
                button = self.find("stillHereButton", QPushButton)
                if button is not None:
                    QTest.mouseClick(button, Qt.MouseButton.LeftButton)

    async def _check_in(self, visitor: Visitor, result: VisitResult) -> None:
        await self.wait_screen("welcomeScreen")
        await self.pause(1.0)
        if visitor.language == "en":
            await self.tap("languageEnButton")
        await self.tap("startButton")
        await self.wait_screen("checkInScreen")
        await self.pause(0.8)
        if visitor.booking_code:
            await self.tap("bookingCodeButton")
            await self.wait_for("code keypad", lambda: self.visible("codeKeypad"))
            await self.tap_keys("codeKeypad", visitor.booking_code)
            await self.tap("checkInButton")
        else:
            await self.tap("walkInButton")
        await self.wait_screen("consentScreen")
        result.checked_in_at = time.time()
        # The booth's ticket number for this visit, kept to match the report with the hub's database.
        result.session_id = self.flows.state.session_id
        await self.pause(2.0)  # reads the data protection notice
        await self.tap("consentAgreeButton")

    async def _identity(self, visitor: Visitor) -> None:
        # Before identity the booth asks for whom: the widow claims as the heir of her late husband.
        await self.wait_screen("purposeScreen")
        await self.pause(0.8)
        await self.tap("purposeHeir" if visitor.heir_relation else "purposeSelf")
        await self.wait_screen("identityScreen")
        await self.pause(0.5)
        await self.tap("nikInput", QLineEdit)
        await self.tap_keys("numericKeypad", visitor.nik)
        await self.tap("kpjInput", QLineEdit)
        await self.tap_keys("numericKeypad", visitor.kpj)
        await self.pause(0.5)
        await self.tap("nextButton")
        await self.tap("identityConfirmButton")
        if visitor.heir_relation and visitor.heir_nik:
            # Then the heir's own NIK, and "is this you?" about the heir's own (masked) name.
            await self.wait_screen("heirScreen")
            await self.tap("heirNikInput", QLineEdit)
            await self.tap_keys("heirKeypad", visitor.heir_nik)
            await self.pause(0.5)
            await self.tap("nextButton")
            await self.tap("heirConfirmButton")

    async def _service(self, visitor: Visitor) -> bool:
        """Claim type, reason, date or heir, bank account. False when the booth says the claim cannot go on."""
        await self.wait_screen("serviceScreen")
        await self.pause(1.0)
        if visitor.first_choice:
            await self.tap(f"claimType_{visitor.first_choice}")
            await self.pause(2.0)  # reads why it is filed elsewhere
            if visitor.claim_type == "JHT" and self.visible("useJhtButton"):
                await self.tap("useJhtButton")
                self._note(f"{visitor.first_choice.lower()}_explained")
            else:
                await self.tap(f"claimType_{visitor.claim_type}")
        else:
            await self.tap(f"claimType_{visitor.claim_type}")
        await self.tap("nextButton")
        await self.pause(0.3)
        if self.visible(f"reason_{visitor.reason}"):  # an heir's JHT reason is filled in by the booth
            await self.tap(f"reason_{visitor.reason}")
        if visitor.termination_date:
            await self._enter_date(date.fromisoformat(visitor.termination_date))
        if visitor.heir_relation and self.visible(f"heir_{visitor.heir_relation}"):
            await self.tap(f"heir_{visitor.heir_relation}")
        await self.pause(0.6)
        next_button = self.find("nextButton", QPushButton)
        if next_button is None or not next_button.isEnabled():
            return False  # the booth explains why not (e.g. the waiting period); the participant reads it
        await self.tap("nextButton")
        await self.tap(f"bank_{visitor.bank_code}")
        await self.tap("accountInput", QLineEdit)
        await self.tap_keys("accountKeypad", visitor.account_number)
        await self.pause(0.5)
        await self.tap("nextButton")
        return True

    async def _enter_date(self, target: date) -> None:
        """Step the day, month and year to `target` with the stepper's arrows, reading the date shown."""
        stepper = self.find("terminationDate", DateStepper)
        if stepper is None:
            raise VisitFailed("no date stepper")
        value = stepper.value  # the date as the stepper shows it

        async def press(name: str) -> None:
            button = stepper.findChild(QPushButton, name)
            if button is None:
                raise VisitFailed(f"no {name} on the date stepper")
            QTest.mouseClick(button, Qt.MouseButton.LeftButton)
            await self.pause(0.08)

        await press("dayUp")  # the first touch shows the latest date allowed (today)
        for _ in range(40):
            shown = value()
            if shown is None or shown.year <= target.year:
                break
            await press("yearDown")
        for _ in range(24):
            shown = value()
            if shown is None or shown.month == target.month:
                break
            await press("monthDown" if shown.month > target.month else "monthUp")
        for _ in range(62):
            shown = value()
            if shown is None or shown.day == target.day:
                break
            await press("dayDown" if shown.day > target.day else "dayUp")
        if value() != target:
            raise VisitFailed("the date stepper did not reach the date")

    async def _documents(self) -> None:
        await self.wait_screen("documentsScreen")
        documents = self.window.documents
        while self.screen() == "documentsScreen":
            # Hold the asked-for document inside the frame until the booth has taken it.
            await self.pause(0.6)
            self.hold_document(True)
            deadline = time.monotonic() + STEP_TIMEOUT_S
            while self.screen() == "documentsScreen" and documents.mode() != documents.REVIEW:
                if time.monotonic() > deadline:
                    raise VisitFailed("the booth did not take the photo")
                if self.visible("captureButton"):  # offered when the automatic capture takes long
                    await self.tap("captureButton")
                await asyncio.sleep(0.05)
            self.hold_document(False)
            if self.screen() != "documentsScreen":
                break
            self._note_screen()
            await self.pause(0.8)  # looks at the photo
            accept = self.find("acceptPhotoButton", QPushButton)
            if accept is not None and accept.isEnabled():
                QTest.mouseClick(accept, Qt.MouseButton.LeftButton)
            # Uploaded: the next document (live picture again), or on to the officer; a failed upload offers
            # "use this photo" again, which the next round touches.
            await self.wait_for(
                "the upload",
                lambda: self.screen() != "documentsScreen"
                or documents.mode() == documents.LIVE
                or (self.find("acceptPhotoButton", QPushButton) or QPushButton()).isEnabled(),
            )

    async def _call(self, result: VisitResult) -> None:
        """Wait for the officer; during the call show documents on request and sign; read the result."""
        deadline = time.monotonic() + OFFICER_TIMEOUT_S
        holding_until = 0.0
        while True:
            screen = self.screen()
            if screen == "resultScreen":
                break
            if screen == "welcomeScreen":
                raise VisitFailed("the visit ended without a result")
            if time.monotonic() > deadline:
                raise VisitFailed(f"no result after {OFFICER_TIMEOUT_S:.0f} s (screen {screen})")
            self._note_screen()
            if screen == "documentsScreen":  # the officer handed back to self-service for documents
                await self._documents()
                continue
            if screen == "summaryScreen":  # what is claimed, before signing: read, then sign
                self.hold_document(False)
                holding_until = 0.0
                await self.pause(1.5)
                await self.tap("summarySignButton")
                await self.wait_for("the signature screen", lambda: self.screen() != "summaryScreen")
                continue
            if screen == "signatureScreen":
                self.hold_document(False)
                holding_until = 0.0
                await self.pause(1.0)  # reads the statement
                await self.sign()
                await self.tap("signatureConfirmButton")
                await self.wait_for("the signature to be sent", lambda: self.screen() != "signatureScreen")
                continue
            now = time.monotonic()
            if screen == "callScreen" and self.visible("captureCountdown"):
                if holding_until == 0.0:
                    result.recaptures_held += 1
                self.hold_document(True)
                holding_until = now + 2.0  # the still is taken just after zero: keep it up a moment longer
            elif holding_until and now > holding_until:
                self.hold_document(False)
                holding_until = 0.0
            await asyncio.sleep(0.1)
        self._note_screen()
        self.hold_document(False)
        if self.visible("claimReferenceLabel"):
            reference = self.find("claimReferenceLabel", QLabel)
            result.outcome = "submitted"
            result.reference = reference.text() if reference is not None else None
        elif self.visible("rejectionBring"):
            result.outcome = "rejected"
        else:
            result.outcome = "stopped"
        result.ended_at = time.time()
        await self.pause(3.0)  # photographs the reference with the phone
        await self.tap("finishButton")
        await self.wait_screen("welcomeScreen")

    async def _walk_away(self, result: VisitResult) -> None:
        """Leave the booth mid-visit; the booth asks "still there?", then ends the visit as abandoned."""
        self._walked_away = True
        self._note("walked_away")
        await self.pause(3.0)
        await self.wait_screen("welcomeScreen", self.inactivity_s + 60.0)
        result.outcome = "abandoned"
        result.ended_at = time.time()
