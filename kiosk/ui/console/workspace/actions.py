"""The workspace's action bar, always visible below the tabs: capture, message, hand back, signature, submit."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from kiosk.app.console.phrases import ReadyPhrase
from kiosk.app.console.session import Booth, Decision
from kiosk.ui.console.tile import named, set_prop
from kiosk.ui.console.workspace.part import WorkspacePart
from kiosk.ui.console.workspace.texts import submission_text


class ActionBar(WorkspacePart):
    """The buttons and the message field (their clicks are the workspace's to handle), and the claim's state."""

    def __init__(self, parent: QWidget | None = None, *, language: str = "id") -> None:
        super().__init__(parent)
        self.language = language
        self.phrases: tuple[ReadyPhrase, ...] = ()
        #: The phrase last put in the message field (the box itself goes back to its title).
        self.chosen_index: int | None = None
        bar = named(QFrame(), "actionBar")
        # Ready phrases beside the free text: picking one puts it in the field, ready to send (or to edit).
        self.phrase_box = named(QComboBox(), "phraseBox")
        self.phrase_box.setMaxVisibleItems(12)
        # Narrow in the bar (the message field keeps the room), the whole phrases in the open list.
        self.phrase_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.phrase_box.setMinimumContentsLength(16)
        self.phrase_box.view().setMinimumWidth(560)
        self.capture_button = named(QPushButton(), "action")
        self.prompt_edit = named(QLineEdit(), "promptEdit")
        self.prompt_edit.setMaxLength(500)
        self.prompt_button = named(QPushButton(), "action")
        self.hand_back_button = named(QPushButton(), "action")
        self.signature_button = named(QPushButton(), "action")
        self.submit_button = named(QPushButton(), "submit")
        self.submit_button.setProperty("kind", "primary")
        self.submission_label = named(QLabel(), "submissionState")
        self.submission_label.setWordWrap(True)
        row1 = QHBoxLayout()
        row1.addWidget(self.capture_button)
        row1.addWidget(self.hand_back_button)
        row1.addWidget(self.signature_button)
        row1.addStretch(1)
        row1.addWidget(self.submit_button)
        row2 = QHBoxLayout()
        row2.addWidget(self.phrase_box)
        row2.addWidget(self.prompt_edit, 1)
        row2.addWidget(self.prompt_button)
        layout = QVBoxLayout(bar)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(6)
        layout.addLayout(row2)
        layout.addLayout(row1)
        layout.addWidget(self.submission_label)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(bar)

    def retranslate(self) -> None:
        """Fixed texts (the shortcut keys are part of the labels)."""
        self.capture_button.setText(self.tr("Foto dokumen (F5)"))
        self.prompt_edit.setPlaceholderText(self.tr("Pesan untuk peserta, tampil besar di layar bilik (F6)"))
        self.prompt_button.setText(self.tr("Kirim pesan"))
        self.hand_back_button.setText(self.tr("Kembali ke mandiri (F7)"))
        self.signature_button.setText(self.tr("Minta tanda tangan (F8)"))
        self.submit_button.setText(self.tr("Kirim klaim (Ctrl+Enter)"))
        self.set_phrases(self.phrases)

    def set_phrases(self, phrases: tuple[ReadyPhrase, ...]) -> None:
        """The branch's ready phrases, in the officer's language (the participant gets theirs)."""
        self.phrases = phrases
        self.phrase_box.blockSignals(True)
        self.phrase_box.clear()
        self.phrase_box.addItem(self.tr("Pesan siap pakai…"), None)
        for index, phrase in enumerate(phrases):
            self.phrase_box.addItem(phrase.text(self.language), index)
            self.phrase_box.setItemData(index + 1, phrase.text(self.language), Qt.ItemDataRole.ToolTipRole)
        self.phrase_box.setCurrentIndex(0)
        self.phrase_box.blockSignals(False)
        self.phrase_box.setVisible(bool(phrases))

    def chosen_phrase(self) -> ReadyPhrase | None:
        """The ready phrase in the message field, unless the officer has edited it since."""
        index = self.chosen_index
        if index is None or not 0 <= index < len(self.phrases):
            return None
        phrase = self.phrases[index]
        return phrase if self.prompt_edit.text().strip() == phrase.text(self.language) else None

    def show_state(self, booth: Booth | None, submitted: bool) -> None:
        """Signature once approved; submit once approved and signed; the claim's delivery in words."""
        can_submit = (
            booth is not None
            and booth.decision is Decision.APPROVED
            and booth.signature_id is not None
            and not submitted
        )
        self.submit_button.setEnabled(can_submit)
        if booth is not None and booth.decision is Decision.APPROVED and booth.signature_id is None:
            self.submit_button.setToolTip(self.tr("Minta tanda tangan peserta dulu (F8)."))
        else:
            self.submit_button.setToolTip("")
        self.signature_button.setEnabled(booth is not None and booth.decision is Decision.APPROVED and not submitted)
        self.submission_label.setText(submission_text(self, booth) if booth else "")
        set_prop(self.submission_label, "state", booth.submission.value if booth else "none")
