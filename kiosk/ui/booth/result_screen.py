"""Result: the claim reference as large text and as a QR code, what happens next and when the money arrives;
or a rejection with its reason and what to bring next time."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.app.booth.state import Step, VisitState
from kiosk.domain.rejection import participant_reason
from kiosk.protocol import Outcome
from kiosk.ui.booth.screen import BoothScreen, button, label
from kiosk.ui.widgets.qr_view import QrCodeView


class ResultScreen(BoothScreen):
    """The end of a visit; Done (or a timeout) wipes the session and returns to the welcome screen."""

    step = Step.RESULT
    object_name = "resultScreen"
    finished = Signal()

    def __init__(self, state: VisitState, parent: QWidget | None = None, payout_working_days: int = 5) -> None:
        super().__init__(state, parent, navigation=False)
        self._payout_days = payout_working_days
        row = QHBoxLayout()
        row.setSpacing(40)
        self.body.addLayout(row, 1)
        column = QVBoxLayout()
        column.setSpacing(16)
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
        self.done_button = button("finishButton", "primary", self, size="huge")
        self.done_button.clicked.connect(self.finished)
        self.body.addWidget(self.done_button)
        self.retranslate()

    def on_enter(self) -> None:
        """Show the state's result."""
        self.retranslate()
        super().on_enter()

    def on_leave(self) -> None:
        """Forget the reference shown."""
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
