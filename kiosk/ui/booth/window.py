"""The booth's window: a top bar (service name, booth number, language), the step line, and the screens.

The participant cannot close it: close requests are refused unless `allow_close()` was called (the hidden
admin exit of the setup issue will call it). Fullscreen unless started with ``--windowed``.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QMainWindow,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.app.booth.state import NUMBERED_STEPS, HelpStatus, Problem, Step, VisitState
from kiosk.ui.app import icon
from kiosk.ui.booth.assist_bar import AssistBar, AssistControls
from kiosk.ui.booth.call_screen import CallScreen
from kiosk.ui.booth.checkin_screen import CheckInScreen
from kiosk.ui.booth.consent_screen import ConsentScreen
from kiosk.ui.booth.documents_screen import DocumentsScreen
from kiosk.ui.booth.heir_screen import HeirScreen
from kiosk.ui.booth.identity_screen import IdentityScreen
from kiosk.ui.booth.inactivity import StillThereOverlay
from kiosk.ui.booth.problem_screen import ProblemScreen
from kiosk.ui.booth.purpose_screen import PurposeScreen
from kiosk.ui.booth.result_screen import ResultScreen
from kiosk.ui.booth.screen import BoothScreen, button, label
from kiosk.ui.booth.service_screen import ServiceScreen
from kiosk.ui.booth.signature_screen import SignatureScreen
from kiosk.ui.booth.summary_screen import SummaryScreen
from kiosk.ui.booth.waiting_screen import WaitingScreen
from kiosk.ui.booth.welcome_screen import WelcomeScreen
from kiosk.ui.widgets.base import Retranslatable
from kiosk.ui.widgets.message_banner import MessageBanner

#: How long the banner under the top bar says how the call for staff went.
HELP_BANNER_MS = 15_000


class BoothWindow(Retranslatable, QMainWindow):
    """Holds one instance of every screen; `show_step` / `show_problem` switch between them."""

    language_toggle_requested = Signal()
    # A screen was shown (or the one shown was shown again for a new problem): spoken guidance follows it.
    screen_changed = Signal()
    #: The participant touched "call staff" in the top bar.
    help_requested = Signal()

    def __init__(self, state: VisitState, booth_number: int | None = None, payout_working_days: int = 5) -> None:
        super().__init__()
        self.setObjectName("boothWindow")
        self.state = state
        self._booth_number = booth_number
        self._may_close = False
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)

        bar = QFrame(central)
        bar.setObjectName("topBar")
        bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        bar_row = QHBoxLayout(bar)
        bar_row.setContentsMargins(32, 6, 24, 6)
        self.service_name = label("body", "serviceName", bar, wrap=False)
        self.booth_label = label("body", "boothNumber", bar, wrap=False)
        # "Please wait" while a hub request takes longer than a blink (the screen is never silently stuck).
        self.busy_label = label("body", "busyIndicator", bar, wrap=False)
        self.busy_label.hide()
        self._busy_dots = 0
        self._busy_timer = QTimer(self)
        self._busy_timer.setInterval(500)
        self._busy_timer.timeout.connect(self._animate_busy)
        self.language_button = button("languageButton", parent=bar)
        self.language_button.setIcon(icon("globe"))
        self.language_button.setIconSize(QSize(36, 36))
        self.language_button.clicked.connect(self.language_toggle_requested)
        self.step_label = label("body", "stepLabel", bar, wrap=False)
        # Shown on every screen while the officer's console records (the consent notice promises it).
        self.recording_sign = label("body", "recordingIndicator", bar, wrap=False)
        self.recording_sign.hide()
        # With the sign and "call staff" beside them, a long step or service name wraps rather than widen the
        # window or squeeze the button.
        self.step_label.setWordWrap(True)
        self.service_name.setWordWrap(True)
        # "Call staff" on every screen (`call_for_help` in the app layer says whether anybody could be told).
        self.help_button = button("callStaffButton", parent=bar)
        self.help_button.setIcon(icon("help"))
        self.help_button.setIconSize(QSize(30, 30))
        self.help_button.clicked.connect(self.help_requested)
        self.help_button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self.recording_sign.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
        bar_row.addWidget(self.service_name)
        bar_row.addWidget(self.step_label)
        bar_row.addStretch(1)
        # The name takes the room there is (on one line when it fits) before it wraps.
        bar_row.setStretchFactor(self.service_name, 10)
        bar_row.setStretchFactor(self.step_label, 10)
        bar_row.addWidget(self.busy_label)
        bar_row.addSpacing(12)
        bar_row.addWidget(self.recording_sign)
        bar_row.addSpacing(12)
        bar_row.addWidget(self.help_button)
        bar_row.addSpacing(12)
        bar_row.addWidget(self.booth_label)
        bar_row.addSpacing(24)
        bar_row.addWidget(self.language_button)
        column.addWidget(bar)
        self.help_banner = MessageBanner(central, "helpStatus", retain_space=False)
        column.addWidget(self.help_banner)
        # The banner says once how the call for staff went, then gives its room back to the screen.
        self._banner_timer = QTimer(self)
        self._banner_timer.setSingleShot(True)
        self._banner_timer.timeout.connect(self.help_banner.clear)
        self._help_shown = HelpStatus.NONE

        self.stack = QStackedWidget(central)
        column.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.welcome = WelcomeScreen(state)
        self.check_in = CheckInScreen(state)
        self.consent = ConsentScreen(state)
        self.identity = IdentityScreen(state)
        self.service = ServiceScreen(state)
        self.documents = DocumentsScreen(state)
        self.waiting = WaitingScreen(state)
        self.call = CallScreen(state)
        self.signature = SignatureScreen(state)
        self.result = ResultScreen(state, payout_working_days=payout_working_days)
        self.problem = ProblemScreen(state)
        self.purpose = PurposeScreen(state)
        self.heir = HeirScreen(state)
        self.summary = SummaryScreen(state, payout_working_days=payout_working_days)
        self.screens: dict[Step, BoothScreen] = {
            screen.step: screen
            for screen in (
                self.welcome, self.check_in, self.consent, self.identity, self.service, self.documents,
                self.waiting, self.call, self.signature, self.result, self.purpose, self.heir, self.summary,
            )
        }
        for screen in [*self.screens.values(), self.problem]:
            self.stack.addWidget(screen)
        # Listen again, volume and large text beside every title; not on the call, where the officer talks and
        # the call's own controls are.
        self.assist = AssistControls(self)
        for screen in [*self.screens.values(), self.problem]:
            if screen is not self.call:
                screen.add_header_widget(AssistBar(self.assist, screen, labelled=screen is self.welcome))
        self.still_there = StillThereOverlay(central)
        self._current: BoothScreen = self.welcome
        state.subscribe(lambda _state: self.show_assistance())
        self.retranslate()

    # ---------------------------------------------------------------------------------------------- screens

    def current_screen(self) -> BoothScreen:
        """The screen shown now."""
        return self._current

    def show_step(self, step: Step) -> BoothScreen:
        """Show the screen of `step` (leaving the current one properly)."""
        return self._switch(self.screens[step])

    def show_problem(self, problem: Problem) -> ProblemScreen:
        """Show the calm problem screen for `problem`."""
        self.problem.set_problem(problem)
        self._switch(self.problem)
        return self.problem

    def _switch(self, screen: BoothScreen) -> BoothScreen:
        if screen is not self._current:
            self._current.on_leave()
            self._current = screen
            self.stack.setCurrentWidget(screen)
            screen.on_enter()
        else:
            screen.refresh()
        self._update_step_label()
        self.screen_changed.emit()
        return screen

    def _update_step_label(self) -> None:
        step = self.state.step
        shown = self._current is not self.problem and step in NUMBERED_STEPS
        if step in (Step.SIGNATURE, Step.SUMMARY):
            step, shown = Step.CALL, True
        elif step is Step.HEIR:
            step, shown = Step.IDENTITY, True
        if shown:
            number = NUMBERED_STEPS.index(step) + 1
            names = {
                Step.IDENTITY: self.tr("Data peserta"),
                Step.SERVICE: self.tr("Jenis klaim dan rekening"),
                Step.DOCUMENTS: self.tr("Foto dokumen"),
                Step.CALL: self.tr("Bicara dengan petugas"),
                Step.RESULT: self.tr("Hasil"),
            }
            self.service_name.hide()
            self.step_label.show()
            self.step_label.setText(
                self.tr("Langkah %1 dari %2 · %3")
                .replace("%1", str(number))
                .replace("%2", str(len(NUMBERED_STEPS)))
                .replace("%3", names[step])
            )
        else:
            self.step_label.hide()
            self.service_name.show()

    def show_assistance(self) -> None:
        """The recording sign and the call for staff as the state has them (the same on every screen).

        The banner says how a call for staff went when it changes, for `HELP_BANNER_MS`, then gives its room back
        to the screen; the top bar's button stays disabled while the officer has not answered.
        """
        self.recording_sign.setVisible(self.state.recording)
        status = self.state.help_status
        self.help_button.setEnabled(status is not HelpStatus.SENT)
        messages = {
            HelpStatus.SENT: ("ok", self.tr("Petugas sudah diberi tahu dan akan segera membantu Anda. Tetap di sini.")),
            HelpStatus.SEEN: ("ok", self.tr("Petugas sudah melihat permintaan Anda.")),
            HelpStatus.UNREACHABLE: (
                "warning", self.tr("Bilik ini belum dapat menghubungi petugas. Mohon minta bantuan petugas di "
                                   "kantor cabang secara langsung."),
            ),
        }
        changed = status is not self._help_shown
        self._help_shown = status
        if status is HelpStatus.NONE:
            self._banner_timer.stop()
            self.help_banner.clear()
        elif changed or not self.help_banner.isHidden():
            level, text = messages[status]
            self.help_banner.show_message(level, text)  # type: ignore[arg-type]
            if changed:
                self._banner_timer.start(HELP_BANNER_MS)

    def set_busy(self, busy: bool) -> None:
        """Show or hide "please wait" in the top bar."""
        if busy and not self.busy_label.isVisible():
            self._busy_dots = 0
            self._busy_timer.start()
            self._animate_busy()
            self.busy_label.show()
        elif not busy:
            self._busy_timer.stop()
            self.busy_label.hide()

    def _animate_busy(self) -> None:
        self._busy_dots = (self._busy_dots % 3) + 1
        self.busy_label.setText(self.tr("Mohon tunggu") + "." * self._busy_dots)

    # ---------------------------------------------------------------------------------------------- shell

    def allow_close(self) -> None:
        """Let the window close (admin exit, tests, shutdown)."""
        self._may_close = True

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Refuse to close unless allowed: a participant must not end the booth app."""
        if self._may_close:
            event.accept()
        else:
            event.ignore()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Escape does nothing (a stray keyboard must not leave fullscreen)."""
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            return
        super().keyPressEvent(event)

    def retranslate(self) -> None:
        """Top bar texts."""
        self.service_name.setText(self.tr("Layanan Tanpa Kontak Fisik"))
        self.booth_label.setText(
            self.tr("Bilik %1").replace("%1", str(self._booth_number)) if self._booth_number else ""
        )
        # The button names the other language, in that language, so a reader of it can find it.
        self.language_button.setText("English" if self.state.language == "id" else "Bahasa Indonesia")
        self.recording_sign.setText("● " + self.tr("REKAM"))
        self.help_button.setText(self.tr("Panggil petugas"))
        self.show_assistance()
        self._update_step_label()
