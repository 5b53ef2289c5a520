"""The Decision tab (F4): the rule results in plain words, and approve / reject with a reason code and a note.

Approve is enabled only when nothing blocks it (`kiosk.app.console.verification.ready_to_approve`); reject
needs a reason code, and a missing one is pointed at rather than guessed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.app.console.session import NOTE_MAX_LENGTH, REJECT_REASONS, Booth, Decision
from kiosk.domain.claims import Evaluation, Severity
from kiosk.domain.rejection import participant_reason
from kiosk.ui.console.tile import named
from kiosk.ui.console.workspace.part import WorkspacePart
from kiosk.ui.console.workspace.texts import approve_reason_text, blocker_text, reject_reason_text


class DecisionTab(WorkspacePart):
    """Rules, reason, note, approve and reject (the buttons' clicks are the workspace's to handle)."""

    def __init__(self, parent: QWidget | None = None, *, language: str = "id") -> None:
        super().__init__(parent)
        self.language = language
        self.rules_title = named(QLabel(), "sectionTitle")
        self.rules_list = named(QListWidget(), "rules")
        self.rules_list.setWordWrap(True)
        self.rules_list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.rules_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.blockers_label = named(QLabel(), "blockers")
        self.blockers_label.setWordWrap(True)
        self.reason_box = named(QComboBox(), "reasonCode")
        # What the participant will read for the reason picked: the officer knows what the booth shows.
        self.participant_reason_label = named(QLabel(), "participantReason")
        self.participant_reason_label.setWordWrap(True)
        self.reason_box.currentIndexChanged.connect(self._show_participant_reason)
        self.note_edit = named(QLineEdit(), "note")
        self.note_edit.setMaxLength(NOTE_MAX_LENGTH)
        self.approve_button = named(QPushButton(), "approve")
        self.reject_button = named(QPushButton(), "reject")
        self.approve_button.setProperty("kind", "primary")
        self.reject_button.setProperty("kind", "danger")
        self.decision_label = named(QLabel(), "decision")
        self.decision_label.setWordWrap(True)
        self.reason_title = named(QLabel(), "caption")
        self.note_title = named(QLabel(), "caption")
        form = QGridLayout()
        form.addWidget(self.reason_title, 0, 0)
        form.addWidget(self.reason_box, 0, 1)
        form.addWidget(self.participant_reason_label, 1, 1)
        form.addWidget(self.note_title, 2, 0)
        form.addWidget(self.note_edit, 2, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.reject_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.rules_title)
        layout.addWidget(self.rules_list, 2)
        layout.addWidget(self.blockers_label)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.decision_label)

    def retranslate(self) -> None:
        """Fixed texts, and the reason codes in words (the chosen one stays chosen)."""
        self.rules_title.setText(self.tr("Hasil pemeriksaan aturan"))
        self.reason_title.setText(self.tr("Alasan"))
        self.note_title.setText(self.tr("Catatan (hanya untuk berkas)"))
        self.note_edit.setPlaceholderText(self.tr("Catatan untuk berkas (opsional saat disetujui)"))
        self.note_edit.setToolTip(self.tr("Catatan hanya disimpan di berkas; peserta tidak melihatnya."))
        self.approve_button.setText(self.tr("Setujui (F9)"))
        self.reject_button.setText(self.tr("Tolak (F10)"))
        current = self.reason_box.currentData()
        self.reason_box.blockSignals(True)
        self.reason_box.clear()
        self.reason_box.addItem(self.tr("— pilih alasan penolakan —"), "")
        for code in REJECT_REASONS:
            self.reason_box.addItem(reject_reason_text(self, code), code)
        index = self.reason_box.findData(current)
        self.reason_box.setCurrentIndex(max(0, index))
        self.reason_box.blockSignals(False)
        self._show_participant_reason()

    def _show_participant_reason(self, _index: int = 0) -> None:
        code = str(self.reason_box.currentData() or "")
        if not code:
            self.participant_reason_label.setText(
                self.tr("Peserta membaca alasan yang Anda pilih; catatan tidak ditampilkan kepadanya.")
            )
            return
        self.participant_reason_label.setText(
            self.tr("Di layar bilik: “%1”").replace("%1", participant_reason(code, self.language))
        )

    def clear_inputs(self) -> None:
        """Another session: no reason chosen, no note."""
        self.note_edit.clear()
        self.reason_box.setCurrentIndex(0)

    def show_rules(self, evaluation: Evaluation | None) -> None:
        """The rule results, blocking ones first as the catalog orders them."""
        self.rules_list.clear()
        if evaluation is None:
            return
        for finding in evaluation.findings:
            prefix = "✗ " if finding.severity is Severity.BLOCKING else "ℹ "
            item = QListWidgetItem(prefix + finding.message(self.language))
            item.setForeground(
                QBrush(QColor("#A50E0E") if finding.severity is Severity.BLOCKING else QColor("#0B4F8A"))
            )
            self.rules_list.addItem(item)
        if evaluation.eligible:
            self.rules_list.addItem(QListWidgetItem("✓ " + self.tr("Semua aturan terpenuhi.")))

    def show_state(self, booth: Booth | None, blockers: list[str], submitted: bool) -> None:
        """What may be done now: approve only without blockers, nothing once submitted; the decision taken."""
        self.approve_button.setEnabled(not blockers and not submitted)
        self.reject_button.setEnabled(not submitted)
        self.approve_button.setToolTip("\n".join(blocker_text(self, b) for b in blockers))
        self.blockers_label.setText(
            self.tr("Belum bisa disetujui:") + " " + "; ".join(blocker_text(self, b) for b in blockers)
            if blockers
            else ""
        )
        self.blockers_label.setVisible(bool(blockers))
        if booth is not None and booth.decision is not None:
            word = self.tr("Disetujui") if booth.decision is Decision.APPROVED else self.tr("Ditolak")
            reason = (
                reject_reason_text(self, booth.decision_reason)
                if booth.decision is Decision.REJECTED
                else approve_reason_text(self, booth.decision_reason)
            )
            self.decision_label.setText(f"{word}: {reason}")
        else:
            self.decision_label.setText("")
