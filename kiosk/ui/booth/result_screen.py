"""Result: the claim reference as large text and as a QR code, what happens next and when the money arrives;
or a rejection with its reason and what to bring next time. Whether the printed slip came out, and a countdown
with "more time" before the screen clears itself."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.app.booth.state import SlipStatus, Step, VisitState
from kiosk.domain.rejection import participant_reason
from kiosk.protocol import Outcome
from kiosk.ui.booth.screen import BoothScreen, button, label
from kiosk.ui.widgets.message_banner import MessageBanner
from kiosk.ui.widgets.qr_view import QrCodeView


class ResultScreen(BoothScreen):
    """The end of a visit; Done (or a timeout) wipes the session and returns to the welcome screen."""

    step = Step.RESULT
    object_name = "resultScreen"
    finished = Signal()
    #: "More time" during the countdown before the screen clears.
    more_time_requested = Signal()

    def __init__(self, state: VisitState, parent: QWidget | None = None, payout_working_days: int = 5) -> None:
        super().__init__(state, parent, navigation=False)
        self._payout_days = payout_working_days
        row = QHBoxLayout()
        row.setSpacing(40)
        self.body.addLayout(row, 1)
        column = QVBoxLayout()
        column.setSpacing(10)
        self.reference_caption = label("body", "claimReferenceCaption", self)
        self.reference = label("reference", "claimReferenceLabel", self, wrap=False)
        self.reference.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.reference.setAlignment(Qt.AlignmentFlag.AlignCenter)
        panel = QFrame(self)
        panel.setProperty("panel", True)
        inside = QVBoxLayout(panel)
        inside.setContentsMargins(24, 20, 24, 20)
        self.next_steps = label("body", "resultNextSteps", panel)
        inside.addWidget(self.next_steps)
        self.reason = label("body", "rejectionReason", self)
        self.bring = label("body", "rejectionBring", self)
        column.addWidget(self.reference_caption)
        column.addWidget(self.reference)
        column.addWidget(self.reason)
        column.addWidget(panel)
        column.addWidget(self.bring)
        column.addStretch(1)
        row.addLayout(column, 3)
        side = QVBoxLayout()
        self.qr = QrCodeView(self)
        self.qr.setObjectName("claimReferenceQr")
        self.qr.setFixedSize(280, 280)
        self.qr_caption = label("muted", "claimReferenceQrCaption", self)
        self.qr_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        side.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        side.addWidget(self.qr_caption)
        side.addStretch(1)
        row.addLayout(side, 2)
        # Under the number it is about.
        self.slip_message = MessageBanner(self, "slipStatus", retain_space=False)
        column.insertWidget(column.indexOf(panel), self.slip_message)
        # The countdown shares the row of the buttons: the screen keeps its height when it appears.
        self.countdown_message = MessageBanner(self, "resultCountdown", retain_space=False)
        self.done_button = button("finishButton", "primary", self, size="huge")
        self.done_button.clicked.connect(self.finished)
        self.more_time_button = button("moreTimeButton", parent=self)
        self.more_time_button.clicked.connect(self._more_time)
        self.more_time_button.hide()
        buttons = QHBoxLayout()
        buttons.setSpacing(16)
        buttons.addWidget(self.countdown_message, 3)
        buttons.addWidget(self.more_time_button, 0)
        buttons.addWidget(self.done_button, 2)
        self.body.addLayout(buttons)
        # The screen clears itself after `_timeout_s` (the visit flow's timer); the last `_warning_s` count down.
        self._timeout_s, self._warning_s, self._left_s = 120.0, 30.0, 120.0
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._tick)
        state.subscribe(lambda _state: self._show_slip())
        self.retranslate()

    def set_countdown(self, timeout_s: float, warning_s: float) -> None:
        """The screen clears after `timeout_s`; the last `warning_s` show a countdown with "more time"."""
        self._timeout_s, self._warning_s = timeout_s, min(warning_s, timeout_s)
        self._left_s = timeout_s

    def seconds_left(self) -> int:
        """Seconds until the screen clears itself."""
        return max(0, round(self._left_s))

    def _tick(self) -> None:
        self._left_s -= self._ticker.interval() / 1000
        self._show_countdown()

    def _more_time(self) -> None:
        self._left_s = self._timeout_s
        self._show_countdown()
        self.more_time_requested.emit()

    def _show_countdown(self) -> None:
        warn = self._left_s <= self._warning_s
        self.more_time_button.setVisible(warn)
        if warn:
            self.countdown_message.show_message(
                "warning", self.tr("Layar ini kembali ke awal dalam %n detik.", "", self.seconds_left())
            )
        else:
            self.countdown_message.clear()

    def _show_slip(self) -> None:
        texts = {
            SlipStatus.PRINTING: ("info", self.tr("Tanda terima sedang dicetak…")),
            SlipStatus.PRINTED: ("ok", self.tr("Ambil tanda terima Anda dari printer di bawah layar.")),
            SlipStatus.FAILED: ("warning", self.tr("Tanda terima tidak dapat dicetak. Foto layar ini atau catat "
                                                   "nomor klaim di atas.")),
        }
        level, text = texts.get(self.state.slip, ("info", ""))
        self.slip_message.show_message(level, text)  # type: ignore[arg-type]

    def on_enter(self) -> None:
        """Show the state's result and start counting down."""
        self._left_s = self._timeout_s
        self._ticker.start()
        self.retranslate()
        super().on_enter()

    def on_leave(self) -> None:
        """Forget the reference shown; stop counting."""
        self._ticker.stop()
        self.countdown_message.clear()
        self.more_time_button.hide()
        self.reference.clear()
        self.qr.set_payload("")

    def retranslate(self) -> None:
        """Texts for the outcome in the state."""
        result = self.state.result
        outcome = result.outcome if result else None
        submitted = outcome is Outcome.SUBMITTED
        self.reference_caption.setVisible(submitted)
        self.reference.setVisible(submitted)
        self.qr.setVisible(submitted)
        self.qr_caption.setVisible(submitted)
        self.reason.setVisible(not submitted)
        self.bring.setVisible(outcome is Outcome.REJECTED)
        self.done_button.setText(self.tr("Selesai"))
        self.more_time_button.setText(self.tr("Tambah waktu"))
        self._show_slip()
        self._show_countdown()
        if submitted and result is not None:
            self.title.setText(self.tr("Klaim Anda sudah diajukan"))
            self.subtitle.setText(self.tr("Simpan nomor klaim ini: foto layar ini dengan HP Anda."))
            self.reference_caption.setText(self.tr("Nomor klaim"))
            self.reference.setText(result.reference or "")
            self.qr.set_payload(result.reference or "")
            self.qr_caption.setText(self.tr("Pindai untuk menyimpan nomor klaim"))
            account = self.state.bank_account()
            where = account.masked() if account else ""
            text = self.tr(
                "Dana dikirim ke rekening %1 setelah klaim disetujui, biasanya dalam %n hari kerja. "
                "Anda akan menerima SMS dari BPJS Ketenagakerjaan. Dengan nomor klaim Anda dapat "
                "menanyakan statusnya di kantor cabang.", "", self._payout_days
            )
            self.next_steps.setText(text.replace("%1", where)
                                    .replace("  ", " "))
        elif outcome is Outcome.REJECTED and result is not None:
            self.title.setText(self.tr("Klaim belum dapat diajukan"))
            self.subtitle.setText(self.tr("Petugas menjelaskan alasannya di bawah ini."))
            # The words for the officer's reason code, in the participant's language (never the officer's note).
            self.reason.setText(self.tr("Alasan: %1").replace("%1", participant_reason(result.reason_code,
                                                                                     self.language)))
            names = [self.state.catalog.documents[c].name(self.language) for c in result.missing_documents
                     if c in self.state.catalog.documents]
            if names:
                self.bring.setText(self.tr("Bawa saat datang lagi:") + "\n" + "\n".join(f"•  {n}" for n in names))
            else:
                self.bring.setText(self.tr("Bawa semua dokumen asli saat datang lagi."))
            self.next_steps.setText(
                self.tr("Anda dapat datang lagi kapan saja dengan booking online atau antre langsung. "
                        "Data Anda dari kunjungan ini sudah dihapus dari bilik.")
            )
        else:
            self.title.setText(self.tr("Sesi dihentikan"))
            self.subtitle.setText("")
            self.reason.setText(result.reason_text if result else "")
            self.next_steps.setText(
                self.tr("Petugas menghentikan sesi ini. Silakan mulai lagi, atau tanyakan kepada petugas di "
                        "kantor cabang.")
            )
