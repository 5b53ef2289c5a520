"""Consent: what is collected and why, the recording notice; agree, or decline and leave with nothing kept."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from kiosk.app.booth.state import Step, VisitState
from kiosk.ui.booth.screen import BoothScreen, PageStack, button, label


class ConsentScreen(BoothScreen):
    """The data protection and recording notice (UU PDP 27/2022) before anything personal is asked."""

    step = Step.CONSENT
    object_name = "consentScreen"
    agreed = Signal()
    declined = Signal()
    #: After a decline, the participant touched "Done" (or the goodbye timed out).
    finished = Signal()

    NOTICE, GOODBYE = range(2)

    def __init__(self, state: VisitState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.pages = PageStack(self)
        self.body.addWidget(self.pages, 1)

        notice = QFrame(self.pages)
        notice.setProperty("panel", "notice")
        scroll = QScrollArea(notice)
        scroll.setWidgetResizable(True)
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.setContentsMargins(24, 16, 24, 16)
        column.setSpacing(14)
        self._points = [label("body", f"consentPoint{i + 1}", inner) for i in range(6)]
        for point in self._points:
            column.addWidget(point)
        column.addStretch(1)
        scroll.setWidget(inner)
        wrapper = QVBoxLayout(notice)
        wrapper.setContentsMargins(4, 4, 4, 4)
        wrapper.addWidget(scroll)
        self.pages.addWidget(notice)

        goodbye = QWidget(self.pages)
        bye = QVBoxLayout(goodbye)
        bye.setContentsMargins(0, 0, 0, 0)
        self.goodbye_text = label("subtitle", "consentGoodbye", goodbye)
        self.done_button = button("consentDoneButton", "primary", goodbye, size="huge")
        self.done_button.clicked.connect(self.finished)
        bye.addStretch(1)
        bye.addWidget(self.goodbye_text)
        bye.addSpacing(24)
        bye.addWidget(self.done_button)
        bye.addStretch(2)
        self.pages.addWidget(goodbye)

        self.decline_button = button("consentDeclineButton", parent=self)
        self.agree_button = button("consentAgreeButton", "primary", self)
        self.decline_button.clicked.connect(self._decline)
        self.agree_button.clicked.connect(self.agreed)
        self.back_button.hide()
        self.next_button.hide()
        self.nav.insertWidget(0, self.decline_button)
        self.nav.addWidget(self.agree_button)
        self.retranslate()

    def _decline(self) -> None:
        self.pages.setCurrentIndex(self.GOODBYE)
        self.decline_button.hide()
        self.agree_button.hide()
        self.retranslate()
        self.declined.emit()

    def showing_goodbye(self) -> bool:
        """True after a decline."""
        return self.pages.currentIndex() == self.GOODBYE

    def on_enter(self) -> None:
        """Always start at the notice."""
        self.pages.setCurrentIndex(self.NOTICE)
        self.decline_button.show()
        self.agree_button.show()
        self.retranslate()
        super().on_enter()

    def retranslate(self) -> None:
        """Texts."""
        super().retranslate()
        if self.pages.currentIndex() == self.GOODBYE:
            self.title.setText(self.tr("Terima kasih"))
            self.subtitle.setText("")
        else:
            self.title.setText(self.tr("Persetujuan penggunaan data"))
            self.subtitle.setText(self.tr("Mohon baca, lalu pilih Setuju atau Tidak setuju."))
        texts = (
            self.tr("Untuk memproses klaim, kami memakai NIK, nomor KPJ, nomor rekening, foto dokumen dan "
                    "foto wajah Anda."),
            self.tr("Percakapan video dengan petugas direkam. Selama perekaman, tanda REKAM merah tampil di "
                    "layar."),
            self.tr("Komputer membantu petugas memeriksa: membandingkan wajah Anda dengan foto e-KTP, membaca "
                    "nomor pada dokumen, dan melihat apakah ada orang lain di bilik saat panggilan. Keputusan "
                    "selalu diambil petugas."),
            self.tr("Data hanya dipakai untuk memeriksa dan membayar klaim ini, disimpan selama masa retensi, "
                    "lalu dihapus."),
            self.tr("Bilik ini tidak menyimpan data Anda. Setelah selesai, semua data dihapus dari bilik."),
            self.tr("Anda dapat menarik persetujuan kapan saja; pemrosesan dihentikan paling lambat 3 x 24 jam."),
        )
        for point, text in zip(self._points, texts, strict=True):
            point.setText("•  " + text)
        self.goodbye_text.setText(
            self.tr("Anda tidak menyetujui penggunaan data. Tidak ada data Anda yang disimpan. "
                    "Jika berubah pikiran, Anda dapat mulai lagi kapan saja.")
        )
        self.done_button.setText(self.tr("Selesai"))
        self.decline_button.setText(self.tr("Tidak setuju"))
        self.agree_button.setText(self.tr("Saya setuju"))
