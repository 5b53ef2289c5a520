"""Signature: a pad to sign with a finger, Clear and Confirm; the signature is uploaded as a document."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QProgressBar, QWidget

from kiosk.app.booth.state import Step, VisitState
from kiosk.ui.booth.screen import BoothScreen, button, label
from kiosk.ui.widgets.message_banner import MessageBanner
from kiosk.ui.widgets.signature_pad import SignaturePad


class SignatureScreen(BoothScreen):
    """Asked for by the officer near the end of the call."""

    step = Step.SIGNATURE
    object_name = "signatureScreen"
    #: PNG bytes of the confirmed signature.
    signature_confirmed = Signal(bytes)

    def __init__(self, state: VisitState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.statement = label("body", "signatureStatement", self)
        self.body.addWidget(self.statement)
        self.pad = SignaturePad(self)
        self.body.addWidget(self.pad, 1)
        self.message = MessageBanner(self, "signatureMessage")
        self.body.addWidget(self.message)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("signatureUploadProgress")
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.body.addWidget(self.progress)
        self.back_button.hide()
        self.clear_button = button("signatureClearButton", parent=self)
        self.clear_button.clicked.connect(self.pad.clear)
        self.nav.insertWidget(0, self.clear_button)
        self.next_button.setObjectName("signatureConfirmButton")
        self.next_requested.connect(self._confirm)
        self.pad.changed.connect(self._changed)
        self.retranslate()

    def _changed(self) -> None:
        self.next_button.setEnabled(not self.pad.is_empty())
        self.message.clear()

    def _confirm(self) -> None:
        if self.pad.is_empty():
            self.message.show_message("info", self.tr("Tanda tangan dulu di kotak putih."))
            return
        self.next_button.setEnabled(False)
        self.clear_button.setEnabled(False)
        self.signature_confirmed.emit(self.pad.to_png())

    def show_upload(self, done: int, total: int) -> None:
        """Upload progress."""
        self.progress.show()
        self.progress.setValue(int(100 * done / total) if total else 0)

    def show_upload_failed(self) -> None:
        """Let the participant confirm again."""
        self.progress.hide()
        self.next_button.setEnabled(True)
        self.clear_button.setEnabled(True)
        self.message.show_message("warning", self.tr("Tanda tangan belum terkirim. Sentuh Konfirmasi lagi."))

    def on_enter(self) -> None:
        """An empty pad."""
        self.pad.clear()
        self.progress.hide()
        self.clear_button.setEnabled(True)
        self.next_button.setEnabled(False)
        self.message.clear()
        super().on_enter()

    def on_leave(self) -> None:
        """The strokes are personal data: drop them."""
        self.pad.clear()

    def retranslate(self) -> None:
        """Texts."""
        super().retranslate()
        self.title.setText(self.tr("Tanda tangan"))
        self.subtitle.setText(self.tr("Tanda tangani di kotak putih dengan jari Anda."))
        self.statement.setText(
            self.tr("Dengan tanda tangan ini, Anda menyatakan bahwa data dan dokumen yang Anda berikan benar.")
        )
        self.pad.set_baseline_text(self.tr("Tanda tangan di atas garis"))
        self.clear_button.setText(self.tr("Hapus"))
        self.next_button.setText(self.tr("Konfirmasi"))
