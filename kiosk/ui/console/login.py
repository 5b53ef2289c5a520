"""`LoginPage`: the officer signs in against the branch hub and picks how many booths to serve at once."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kiosk.app.console.view import LoginProblem
from kiosk.ui.console.tile import named


class LoginPage(QWidget):
    """User name, password and cap; forwards `login_requested`, shows the hub's answer."""

    login_requested = Signal(str, str, int)

    def __init__(self, hub_url: str, *, default_cap: int = 4, max_cap: int = 6, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("loginPage")
        self._hub_url = hub_url
        self._problem: LoginProblem | None = None
        self._detail = ""
        self.title = named(QLabel(), "loginTitle")
        self.hub_label = named(QLabel(), "hint")
        self.username = named(QLineEdit(), "username")
        self.password = named(QLineEdit(), "password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.cap = named(QSpinBox(), "cap")
        self.cap.setRange(1, max_cap)
        self.cap.setValue(max(1, min(default_cap, max_cap)))
        self.submit = named(QPushButton(), "loginButton")
        self.submit.setProperty("kind", "primary")
        self.submit.setDefault(True)
        self.error = named(QLabel(), "loginError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.username_label, self.password_label, self.cap_label = QLabel(), QLabel(), QLabel()
        form = QFormLayout()
        form.addRow(self.username_label, self.username)
        form.addRow(self.password_label, self.password)
        form.addRow(self.cap_label, self.cap)
        card = named(QFrame(), "loginCard")
        card.setMaximumWidth(520)
        inner = QVBoxLayout(card)
        inner.setSpacing(12)
        inner.addWidget(self.title)
        inner.addWidget(self.hub_label)
        inner.addLayout(form)
        inner.addWidget(self.error)
        inner.addWidget(self.submit)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self.submit.clicked.connect(self._submit)
        self.password.returnPressed.connect(self._submit)
        self.username.returnPressed.connect(self.password.setFocus)
        self.retranslate()

    def retranslate(self) -> None:
        """Every fixed text."""
        self.title.setText(self.tr("Konsol Petugas (CSO)"))
        self.hub_label.setText(self.tr("Hub cabang: %1").replace("%1", self._hub_url))
        self.username_label.setText(self.tr("Nama pengguna"))
        self.password_label.setText(self.tr("Kata sandi"))
        self.cap_label.setText(self.tr("Bilik sekaligus"))
        self.cap.setToolTip(self.tr("Berapa bilik yang Anda layani bersamaan; bisa diubah kapan saja."))
        self.submit.setText(self.tr("Masuk"))
        if self._problem is not None:
            self.show_problem(self._problem, self._detail)

    def set_busy(self, busy: bool) -> None:
        """While the hub is asked: no second click."""
        self.submit.setEnabled(not busy)
        self.submit.setText(self.tr("Menghubungi hub…") if busy else self.tr("Masuk"))

    def show_problem(self, problem: LoginProblem, detail: str = "") -> None:
        """Say what went wrong and what to do about it."""
        self._problem, self._detail = problem, detail
        texts = {
            LoginProblem.WRONG_PASSWORD: self.tr(
                "Nama pengguna atau kata sandi salah. Periksa Caps Lock lalu coba lagi."
            ),
            LoginProblem.LOCKED: self.tr("Akun ini dikunci. Hubungi admin cabang untuk membukanya."),
            LoginProblem.RATE_LIMITED: self.tr(
                "Terlalu banyak percobaan masuk. Tunggu sebentar (%1) lalu coba lagi."
            ).replace("%1", detail or self.tr("1 menit")),
            LoginProblem.UNREACHABLE: self.tr(
                "Hub cabang tidak dapat dihubungi (%1). Periksa jaringan atau hubungi TI cabang."
            ).replace("%1", self._hub_url),
            LoginProblem.NOT_OFFICER: self.tr("Akun ini bukan akun petugas CSO."),
            LoginProblem.OTHER: self.tr("Gagal masuk: %1").replace("%1", detail),
        }
        self.error.setText(texts[problem])
        self.error.show()
        self.set_busy(False)
        if problem is LoginProblem.WRONG_PASSWORD:
            self.password.selectAll()
            self.password.setFocus()

    def clear_problem(self) -> None:
        """Hide the error (a new attempt starts)."""
        self._problem = None
        self.error.hide()

    def _submit(self) -> None:
        username = self.username.text().strip()
        if not username or not self.password.text():
            self.username.setFocus() if not username else self.password.setFocus()
            return
        self.clear_problem()
        self.set_busy(True)
        self.login_requested.emit(username, self.password.text(), self.cap.value())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        """Re-read texts on a language change."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
