"""The summary before signing: what is claimed and why, where the money goes, the documents given, and what
happens next. The participant reads it, then signs (or goes back to the officer to change something)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QWidget

from kiosk.app.booth.state import Step, VisitState
from kiosk.app.booth.summary import claim_summary
from kiosk.ui.booth.screen import BoothScreen, label


class SummaryScreen(BoothScreen):
    """Rows of "what: value" in a panel, and the next steps under it."""

    step = Step.SUMMARY
    object_name = "summaryScreen"
    #: The participant read the summary and will sign.
    read = Signal()

    def __init__(self, state: VisitState, parent: QWidget | None = None, payout_working_days: int = 5) -> None:
        super().__init__(state, parent)
        self.payout_working_days = payout_working_days
        panel = QFrame(self)
        panel.setProperty("panel", True)
        self.grid = QGridLayout(panel)
        self.grid.setContentsMargins(24, 20, 24, 20)
        self.grid.setHorizontalSpacing(24)
        self.grid.setVerticalSpacing(10)
        self.rows: dict[str, tuple[QLabel, QLabel]] = {}
        for index, key in enumerate(("deceased", "heir", "claim", "account", "documents")):
            name = label("muted", f"summary_{key}_label", panel)
            value = label("body", f"summary_{key}", panel)
            self.grid.addWidget(name, index, 0)
            self.grid.addWidget(value, index, 1)
            self.rows[key] = (name, value)
        self.grid.setColumnStretch(1, 1)
        self.body.addWidget(panel)
        self.next_steps = label("body", "summaryNext", self)
        self.body.addWidget(self.next_steps)
        self.body.addStretch(1)
        self.next_button.setObjectName("summarySignButton")
        self.next_requested.connect(self.read)
        self.retranslate()

    def value(self, key: str) -> str:
        """The text shown for `key` (claim, account, documents, deceased, heir): for tests and the screenshots."""
        return self.rows[key][1].text()

    def refresh(self) -> None:
        """The summary of the current visit in the participant's language."""
        summary = claim_summary(self.state, self.language)
        claim = " — ".join(p for p in (summary.claim, summary.reason) if p)
        account = " ".join(p for p in (summary.bank, summary.account_masked) if p)
        documents = "\n".join(f"✓ {name}" for name in summary.documents)
        values = {
            "deceased": summary.deceased,
            "heir": summary.heir,
            "claim": claim,
            "account": account,
            "documents": documents or "—",
        }
        for key, (name, value) in self.rows.items():
            value.setText(values[key])
            shown = key not in ("deceased", "heir") or bool(values[key])
            name.setVisible(shown)
            value.setVisible(shown)

    def retranslate(self) -> None:
        """Texts."""
        super().retranslate()
        self.title.setText(self.tr("Periksa klaim Anda sebelum tanda tangan"))
        self.subtitle.setText(self.tr("Jika ada yang salah, kembali dan beri tahu petugas."))
        names = {
            "deceased": self.tr("Peserta yang meninggal"),
            "heir": self.tr("Ahli waris (Anda)"),
            "claim": self.tr("Klaim"),
            "account": self.tr("Dana dikirim ke rekening"),
            "documents": self.tr("Dokumen yang sudah difoto"),
        }
        for key, (name, _value) in self.rows.items():
            name.setText(names[key])
        self.next_steps.setText(
            self.tr("Selanjutnya: Anda tanda tangan di layar, petugas mengajukan klaim, dan nomor klaim muncul di "
                    "layar ini. Jika disetujui, dana dikirim ke rekening di atas dalam %n hari kerja.", "",
                    self.payout_working_days)
        )
        self.back_button.setText(self.tr("‹  Kembali ke petugas"))
        self.next_button.setText(self.tr("Benar, saya tanda tangan  ›"))
        if self.isVisible():
            self.refresh()
