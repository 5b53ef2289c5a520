"""Calm screens for what the participant did not cause: camera lost, hub unreachable, call dropped.

Each says what happened in plain words, that nothing typed is lost, and that the booth is trying again by
itself (with the attempt count so it does not look frozen). The visit flow retries and leaves the screen
when the link is back. After `way_out_after` attempts (``booth.problem_attempts_before_advice``; a problem
without retries of its own counts one every `SECONDS_PER_ATTEMPT`) it stops only counting: it says what to do
and offers a way out, calling staff or finishing the visit.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.app.booth.state import Problem, VisitState
from kiosk.ui.app import icon
from kiosk.ui.booth.screen import BoothScreen, button, label

#: A problem whose retries are not counted (a dropped call waits for the video layer) counts one attempt this often.
SECONDS_PER_ATTEMPT = 5.0

_ICONS = {Problem.CAMERA_LOST: "camera-off", Problem.HUB_UNREACHABLE: "link-off", Problem.CALL_DROPPED: "call-off"}


class ProblemScreen(BoothScreen):
    """One screen for the three problems; `set_problem` chooses the words."""

    object_name = "problemScreen"
    #: "Call staff" on the way out.
    help_requested = Signal()
    #: "Finish" on the way out: the participant stops the visit.
    finish_requested = Signal()

    def __init__(self, state: VisitState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent, navigation=False)
        self.picture = QLabel(self)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.insertWidget(0, self.picture)
        self.explanation = label("body", "problemExplanation", self)
        self.kept = label("body", "problemKept", self)
        self.status = label("subtitle", "problemStatus", self)
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.advice = label("body", "problemAdvice", self)
        for widget in (self.explanation, self.kept, self.status, self.advice):
            self.body.addWidget(widget)
        self.body.addStretch(1)
        self.call_staff_button = button("problemCallStaffButton", "primary", self)
        self.finish_button = button("problemFinishButton", parent=self)
        self.call_staff_button.clicked.connect(self.help_requested)
        self.finish_button.clicked.connect(self.finish_requested)
        self.nav.insertWidget(0, self.finish_button)
        self.nav.addWidget(self.call_staff_button)
        outer = self.layout()
        if isinstance(outer, QVBoxLayout):
            outer.addLayout(self.nav)  # the base leaves the navigation row out of screens without Back / Next
        #: Attempts after which the screen says what to do and offers a way out.
        self.way_out_after = 6
        self._shown_s = 0.0
        self.title.setObjectName("problemTitle")
        self._problem = Problem.HUB_UNREACHABLE
        self._attempt = 0
        self._dots = 0
        self._timer = QTimer(self)
        self._timer.setInterval(700)
        self._timer.timeout.connect(self._animate)
        self.retranslate()

    def set_problem(self, problem: Problem) -> None:
        """Which problem to explain."""
        self._problem = problem
        self._attempt = 0
        self._shown_s = 0.0
        self.picture.setPixmap(icon(_ICONS[problem]).pixmap(QSize(128, 128)))
        self.retranslate()

    def problem(self) -> Problem:
        """The problem shown."""
        return self._problem

    def set_attempt(self, attempt: int) -> None:
        """The retry now running (1, 2, ...)."""
        self._attempt = attempt
        self.retranslate()

    def on_enter(self) -> None:
        """Animate the "trying again" dots so the screen never looks frozen."""
        self._timer.start()
        super().on_enter()

    def on_leave(self) -> None:
        """Stop animating."""
        self._timer.stop()

    def _animate(self) -> None:
        self._dots = (self._dots + 1) % 4
        self._shown_s += self._timer.interval() / 1000
        self.retranslate()

    def way_out_shown(self) -> bool:
        """True once the screen stopped only counting and offers a way out."""
        counted = max(self._attempt, int(self._shown_s // SECONDS_PER_ATTEMPT))
        return counted >= self.way_out_after

    def retranslate(self) -> None:
        """Texts for the problem shown."""
        problem = self._problem
        if problem is Problem.CAMERA_LOST:
            self.title.setText(self.tr("Kamera tidak tersambung"))
            self.explanation.setText(
                self.tr("Gambar dari kamera terputus. Ini bukan kesalahan Anda. Jangan sentuh kabel kamera.")
            )
        elif problem is Problem.CALL_DROPPED:
            self.title.setText(self.tr("Sambungan video terputus"))
            self.explanation.setText(
                self.tr("Video dengan petugas terputus sebentar. Petugas tetap melayani Anda; "
                        "sambungan sedang dipulihkan.")
            )
        else:
            self.title.setText(self.tr("Sambungan ke kantor terputus"))
            self.explanation.setText(
                self.tr("Bilik ini sedang tidak dapat menghubungi sistem kantor cabang. Ini bukan kesalahan Anda.")
            )
        self.subtitle.setText(self.tr("Mohon tunggu sebentar."))
        self.kept.setText(self.tr("Data yang sudah Anda isi tetap tersimpan. Anda tidak perlu mengulang."))
        way_out = self.way_out_shown()
        for widget in (self.advice, self.call_staff_button, self.finish_button):
            widget.setVisible(way_out)
        self.call_staff_button.setText(self.tr("Panggil petugas"))
        self.finish_button.setText(self.tr("Selesai"))
        if problem is Problem.HUB_UNREACHABLE:
            self.advice.setText(
                self.tr("Sambungan belum juga pulih. Mohon minta bantuan petugas di kantor cabang secara langsung, "
                        "atau sentuh Selesai dan coba lagi nanti.")
            )
        elif problem is Problem.CAMERA_LOST:
            self.advice.setText(
                self.tr("Kamera belum juga tersambung. Sentuh Panggil petugas agar kamera diperiksa, atau sentuh "
                        "Selesai dan datang lagi nanti.")
            )
        else:
            self.advice.setText(
                self.tr("Video belum juga pulih. Sentuh Panggil petugas, atau sentuh Selesai dan datang lagi nanti.")
            )
        if way_out:
            self.kept.setText(self.tr("Jika Anda memilih Selesai, data Anda dihapus dari bilik ini."))
        dots = "." * self._dots
        if self._attempt:
            self.status.setText(
                self.tr("Mencoba lagi secara otomatis (percobaan %1)").replace("%1", str(self._attempt)) + dots
            )
        else:
            self.status.setText(self.tr("Mencoba lagi secara otomatis") + dots)


