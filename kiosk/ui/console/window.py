"""`ConsoleWindow`: login, then the grid of booths or one focused booth with its workspace.

The window renders the `ConsoleState` (booths, each session's detail, the shift) and forwards every officer
action as a signal carrying the session it concerns; `kiosk.ui.console.main` connects those signals to the
`ConsoleService`, which does the work (hub, media, outbox) and writes the results into the state. It stores no
session data of its own, and is the service's `ConsoleView` (sign-in result). Keyboard first:

    1-9      focus the booth with that number key        Esc      back to the grid
    F2/F3/F4 data / documents / decision tabs             F5       capture the selected document
    F6       type a message for the participant          F7       hand back to self-service
    F8       request the signature                       F9 / F10 approve / reject
    F11      still of the live face                      Ctrl+Enter submit the claim
    Ctrl+M   sound on/off                                 Ctrl+Shift+B  break (pause intake) on/off
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date

import numpy as np
import shiboken6
from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.app.console.assist import ConsoleAssist
from kiosk.app.console.session import Decision
from kiosk.app.console.state import Change, ConsoleState, Event
from kiosk.app.console.view import LoginProblem
from kiosk.app.console.wait_cue import WaitCue, WaitReminders
from kiosk.domain.assist import OfficerCall
from kiosk.protocol.rest import AssistCheck
from kiosk.ui.console.collective import CollectivePanel
from kiosk.ui.console.focus_view import FocusView
from kiosk.ui.console.grid import BoothGrid, FrameSourceFactory
from kiosk.ui.console.login import LoginPage
from kiosk.ui.console.sound import AttentionSound
from kiosk.ui.console.tile import named
from kiosk.ui.console.top_bar import TopBar
from kiosk.ui.console.workspace.assist_panel import tile_hint


def encode_jpeg(frame: np.ndarray, color_order: str = "bgr", quality: int = 90) -> bytes:
    """A frame as JPEG bytes (for the still of the live face)."""
    import cv2  # only needed when a still is taken

    bgr = frame[:, :, ::-1] if color_order == "rgb" and frame.ndim == 3 else frame
    ok, data = cv2.imencode(".jpg", np.ascontiguousarray(bgr), [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise ValueError("the frame cannot be encoded as JPEG")
    return bytes(data.tobytes())


class ConsoleWindow(QMainWindow):
    """The officer's window (see the module docstring)."""

    login_requested = Signal(str, str, int)
    cap_changed = Signal(int)
    paused_changed = Signal(bool)
    capture_requested = Signal(str, str)  # session, document
    prompt_requested = Signal(str, str, str)  # session, text, a ready phrase's English words (else "")
    hand_back_requested = Signal(str, list)  # session, documents
    signature_requested = Signal(str)
    decided = Signal(str, object, str, str)  # session, Decision, reason code, note
    submit_requested = Signal(str)
    verified_changed = Signal(str, str, bool)  # session, document, verified
    face_still_taken = Signal(str, bytes)
    question_answered = Signal(str, str, bool)  # session, kind, correct

    def __init__(
        self,
        state: ConsoleState,
        *,
        hub_url: str = "",
        default_cap: int = 4,
        frame_sources: FrameSourceFactory | None = None,
        sound: AttentionSound | None = None,
        language: str = "id",
        today: Callable[[], date] = date.today,
        wait_cue: WaitCue | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("consoleWindow")
        self.state = state
        self._frame_sources: FrameSourceFactory = frame_sources or (lambda _sid: None)
        self.sound = sound or AttentionSound(self)
        self._today = today
        self.officer_name = ""
        self.collective_panel: CollectivePanel | None = None

        self.login = LoginPage(hub_url, default_cap=default_cap, max_cap=state.max_cap)
        self.login.login_requested.connect(self.login_requested)

        self.grid = BoothGrid(state, self._frame_sources)
        self.grid.activated.connect(state.focus)
        self.focus_view = FocusView(state, self._frame_sources, language=language, today=today())
        # The shortcuts, the demo and the tests reach for these by their names.
        self.strip, self.focus_video = self.focus_view.strip, self.focus_view.video
        self.workspace = self.focus_view.workspace
        self._wire_workspace()
        self.wait_cue = wait_cue or WaitCue()
        self.grid.wait_cue = self.strip.wait_cue = self.focus_view.wait_cue = self.wait_cue
        self._reminders = WaitReminders(self.wait_cue)

        self.pages = QStackedWidget()
        self.pages.addWidget(self.grid)
        self.pages.addWidget(self.focus_view)

        self.top_bar = TopBar(state)
        self.top_bar.cap_changed.connect(self.cap_changed)
        self.top_bar.paused_changed.connect(self.paused_changed)
        # The shortcuts (and the tests) reach for these by their names.
        self.cap_spin, self.pause_button = self.top_bar.cap_spin, self.top_bar.pause_button
        self.mute_button = self.top_bar.mute_button
        self.shortcut_hint = named(QLabel(), "shortcutHint")
        console_page = QWidget()
        console_layout = QVBoxLayout(console_page)
        console_layout.setContentsMargins(0, 0, 0, 0)
        console_layout.setSpacing(0)
        console_layout.addWidget(self.top_bar)
        console_layout.addWidget(self.pages, 1)
        console_layout.addWidget(self.shortcut_hint)

        self.root = QStackedWidget()
        self.root.addWidget(self.login)
        self.root.addWidget(console_page)
        self.setCentralWidget(self.root)

        self._shortcuts: list[QShortcut] = []
        self._install_shortcuts()
        # A peer's state callback may report after this widget is gone (closing a peer reports CLOSED): stop
        # listening when Qt destroys it, and ignore a change that still arrives for a deleted widget.
        self.destroyed.connect(state.subscribe(self._on_event))
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(1000)
        self._clock_timer.timeout.connect(self._tick)
        self._clock_timer.start()
        self.retranslate()

    # ------------------------------------------------------------------------------------------ building

    def _wire_workspace(self) -> None:
        ws = self.workspace
        ws.capture_requested.connect(lambda doc: self._for_focused(self.capture_requested.emit, doc))
        ws.prompt_requested.connect(lambda text, en: self._for_focused(self.prompt_requested.emit, text, en))
        ws.hand_back_requested.connect(lambda docs: self._for_focused(self.hand_back_requested.emit, docs))
        ws.signature_requested.connect(lambda: self._for_focused(self.signature_requested.emit))
        ws.decided.connect(self._on_decided)
        ws.submit_requested.connect(lambda: self._for_focused(self.submit_requested.emit))
        ws.verified_changed.connect(self._on_verified)
        ws.face_still_requested.connect(self.take_face_still)
        ws.question_answered.connect(lambda kind, ok: self._for_focused(self.question_answered.emit, kind, ok))

    def _install_shortcuts(self) -> None:
        def add(keys: str | QKeySequence.StandardKey | Qt.Key, slot: Callable[[], object]) -> None:
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
            shortcut.activated.connect(slot)
            self._shortcuts.append(shortcut)

        for key in range(1, 10):
            add(str(key), functools.partial(self._focus_key, key))
        add("Esc", lambda: self._console_only(self.state.unfocus))
        add("F2", lambda: self._focused_only(lambda: self.workspace.tabs.setCurrentIndex(0)))
        add("F3", lambda: self._focused_only(lambda: self.workspace.tabs.setCurrentIndex(1)))
        add("F4", lambda: self._focused_only(lambda: self.workspace.tabs.setCurrentIndex(2)))
        add("F12", lambda: self._focused_only(lambda: self.workspace.tabs.setCurrentIndex(3)))
        add("F5", lambda: self._focused_only(self.workspace.request_capture))
        add("F6", lambda: self._focused_only(self.workspace.focus_prompt))
        add("F7", lambda: self._focused_only(self.workspace.hand_back))
        add("F8", lambda: self._focused_only(self.workspace.signature_button.click))
        add("F9", lambda: self._focused_only(self.workspace.approve))
        add("F10", lambda: self._focused_only(self.workspace.reject))
        add("F11", lambda: self._focused_only(self.take_face_still))
        add("Ctrl+Return", lambda: self._focused_only(self.workspace.submit))
        add("Ctrl+Enter", lambda: self._focused_only(self.workspace.submit))
        add("Ctrl+M", lambda: self._console_only(self.mute_button.toggle))
        add("Ctrl+Shift+B", lambda: self._console_only(self.pause_button.toggle))

    def _focus_key(self, key: int) -> None:
        self._console_only(lambda: self.state.focus_key(key))

    def _console_only(self, action: Callable[[], object]) -> None:
        if self.root.currentIndex() == 1:
            action()

    def _focused_only(self, action: Callable[[], object]) -> None:
        if self.root.currentIndex() == 1 and self.state.focused is not None:
            action()

    # --------------------------------------------------------------------------------------------- API

    def show_console(self, officer_name: str) -> None:
        """Signed in: show the grid."""
        self.officer_name = officer_name
        self.login.set_busy(False)
        self.root.setCurrentIndex(1)
        self.top_bar.set_officer(officer_name)
        self.retranslate()
        self.grid.setFocus()

    def show_login(self, problem: LoginProblem | None = None, detail: str = "") -> None:
        """Back to the sign-in page, with the reason when there is one."""
        self.root.setCurrentIndex(0)
        if problem is not None:
            self.login.show_problem(problem, detail)
        else:
            self.login.set_busy(False)

    def set_collective(self, panel: CollectivePanel) -> None:
        """Give the console its collective queue: a window of its own, opened from the top bar."""
        self.collective_panel = panel
        panel.setParent(self, Qt.WindowType.Window)
        panel.resize(1400, 800)
        self.top_bar.collective_button.clicked.connect(panel.open)
        self.top_bar.collective_button.show()

    def set_assist(self, assist: ConsoleAssist) -> None:
        """Show the machine checks: a hint on each booth's tile, the report in the workspace's fourth tab (F12),
        and the officer's calls on them back to `assist`."""
        hint = lambda sid: tile_hint(self, assist.report(sid))  # noqa: E731 - one use, read where it is set
        self.grid.assist_text = self.strip.assist_text = hint
        self.workspace.assist_source = assist.report

        def changed(session_id: str) -> None:
            self.grid.refresh_booth(session_id)
            self.strip.refresh_booth(session_id)
            if session_id == self.state.focused:
                self.workspace.show_assist(assist.report(session_id))

        assist.subscribe(changed)

        def call(check: AssistCheck, officer_call: OfficerCall) -> None:
            if self.state.focused is not None:
                assist.officer_call(self.state.focused, check, officer_call)

        self.workspace.assist_call.connect(call)

    def take_face_still(self) -> None:
        """Keep a still of the live face beside the e-KTP photo."""
        sid = self.state.focused
        frame = self.focus_video.current_frame()
        if sid is None or frame is None:
            return
        data = encode_jpeg(frame, "rgb")
        self.state.set_face_still(sid, data)  # the state tells the workspace
        self.face_still_taken.emit(sid, data)

    # ------------------------------------------------------------------------------------------ events

    def _for_focused(self, emit: Callable[..., object], *args: object) -> None:
        sid = self.state.focused
        if sid is not None:
            emit(sid, *args)

    def _on_decided(self, decision: Decision, code: str, note: str) -> None:
        self._for_focused(self.decided.emit, decision, code, note)

    def _on_verified(self, document: str, verified: bool) -> None:
        sid = self.state.focused
        if sid is None or self.state.detail(sid) is None:
            return
        self.state.set_verified(sid, document, verified)  # the state tells the workspace
        self.verified_changed.emit(sid, document, verified)

    def _on_event(self, event: Event) -> None:
        if not shiboken6.isValid(self):
            return
        if event.change is Change.FOCUS:
            self._show_focus()
        elif event.change is Change.ATTENTION:
            # Only a new request sounds, and never for the booth the officer is already talking to.
            if event.session_id != self.state.focused:
                self.sound.play()
            self.focus_view.update_banner()
        elif event.change is Change.BOOTH:
            if event.session_id == self.state.focused:
                self.focus_view.show_header()
                self.focus_view.show_workspace()
            self.focus_view.update_banner()
        elif event.change is Change.DETAIL:
            if event.session_id == self.state.focused:
                self.focus_view.show_header()  # the name in full once the record is known
                self.focus_view.show_workspace()
        elif event.change in (Change.STATUS, Change.SHIFT):
            self._retranslate_status()
        elif event.change is Change.BOOTHS:
            self.focus_view.update_banner()

    def _show_focus(self) -> None:
        self.focus_view.show_focused()
        self.pages.setCurrentIndex(0 if self.state.focused is None else 1)
        if self.state.focused is None:
            self.grid.setFocus()

    def _tick(self) -> None:
        self._retranslate_status()
        if self.state.focused is not None:
            self.focus_view.update_banner()
        self.remind_waiting()

    def remind_waiting(self) -> None:
        """Chime again for a booth still waiting past the cue's thresholds (not the one the officer serves)."""
        now = self.state.now()
        waits = {sid: now - since for sid, booth in self.state.booths.items()
                 if (since := booth.waiting_since()) is not None}
        if self._reminders.due(waits, exclude=self.state.focused):
            self.sound.play()

    # ------------------------------------------------------------------------------------------- texts

    def retranslate(self) -> None:
        """Every fixed text."""
        self.setWindowTitle(self.tr("Konsol CSO"))
        self.focus_view.retranslate()
        self.top_bar.retranslate()
        self.shortcut_hint.setText(
            self.tr(
                "1–9 fokus bilik · Esc semua bilik · F2–F4 tab · F5 foto dokumen · F6 pesan · F7 mandiri · "
                "F8 tanda tangan · F9 setujui · F10 tolak · F11 foto wajah · Ctrl+Enter kirim · "
                "Ctrl+M suara · Ctrl+Shift+B istirahat"
            )
        )
        self._retranslate_status()
        self.focus_view.show_header()

    def _retranslate_status(self) -> None:
        self.sound.muted = self.state.muted
        self.top_bar.show_status()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        """Re-read texts on a language change."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Stop the timers; the service closes the connections."""
        self._clock_timer.stop()
        super().closeEvent(event)
