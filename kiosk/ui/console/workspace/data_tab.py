"""The Data tab (F2): the registry record beside what the participant entered, and the verification questions.

Mismatches are marked in red with "≠"; each question shows the registry's answer and two buttons for the
officer to note whether the participant answered right (announced, never the answer itself).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.app.console.session import Booth, Question, SessionDetail
from kiosk.app.console.verification import Comparison, Field, compare
from kiosk.ui.console.heir_text import HeirBox
from kiosk.ui.console.tile import named, set_prop
from kiosk.ui.console.workspace.part import WorkspacePart
from kiosk.ui.console.workspace.texts import field_text, question_text, status_text

MISMATCH_BG = QColor("#FCE8E6")
MISMATCH_FG = QColor("#A50E0E")


class DataTab(WorkspacePart):
    """Record beside entries, and the session's questions."""

    question_answered = Signal(str, bool)  # question kind, answered correctly

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._shown_questions: list[Question] = []
        self.record_table = named(QTableWidget(0, 3), "recordTable")
        self.record_table.verticalHeader().hide()
        self.record_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.record_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.record_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.record_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.mismatch_label = named(QLabel(), "mismatchSummary")
        self.mismatch_label.setWordWrap(True)
        self.questions_title = named(QLabel(), "sectionTitle")
        self.questions_box = QVBoxLayout()
        self.questions_box.setSpacing(4)
        self.heir_box = HeirBox()  # an heir's claim: who files, for whom
        layout = QVBoxLayout(self)
        layout.addWidget(self.heir_box)
        layout.addWidget(self.mismatch_label)
        layout.addWidget(self.record_table, 3)
        layout.addWidget(self.questions_title)
        layout.addLayout(self.questions_box)
        layout.addStretch(0)

    def retranslate(self) -> None:
        """Fixed texts."""
        self.record_table.setHorizontalHeaderLabels([self.tr("Data"), self.tr("Registri"), self.tr("Isian peserta")])
        self.questions_title.setText(self.tr("Pertanyaan verifikasi (jawaban menurut registri)"))

    def show_detail(self, detail: SessionDetail, booth: Booth | None = None) -> None:
        """Render a session's record, entries and questions (and for an heir's claim, both identities)."""
        self.heir_box.show_detail(detail, booth)
        self._fill_record(detail)
        self._fill_questions(detail.questions)

    def _fill_record(self, detail: SessionDetail) -> None:
        rows: list[Comparison] = compare(detail.record, detail.entries) if detail.record else []
        self.record_table.setRowCount(len(rows))
        bad = 0
        for row, comparison in enumerate(rows):
            name = QTableWidgetItem(field_text(self, comparison.field))
            shown = status_text(comparison.registry) if comparison.field is Field.STATUS else comparison.registry
            registry = QTableWidgetItem(shown)
            entered_text = comparison.entered if comparison.entered is not None else "—"
            if comparison.matches is False:
                entered_text = f"≠ {entered_text}"
                bad += 1
            elif comparison.matches is True:
                entered_text = f"= {entered_text}"
            entered = QTableWidgetItem(entered_text)
            if comparison.matches is False:
                for item in (name, registry, entered):
                    item.setBackground(QBrush(MISMATCH_BG))
                    item.setForeground(QBrush(MISMATCH_FG))
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
            self.record_table.setItem(row, 0, name)
            self.record_table.setItem(row, 1, registry)
            self.record_table.setItem(row, 2, entered)
        if detail.record is None:
            self.mismatch_label.setText(self.tr("Data registri belum tersedia."))
            set_prop(self.mismatch_label, "level", "warn")
        elif bad:
            self.mismatch_label.setText(self.tr("%n data tidak cocok dengan registri: tanyakan ke peserta.", "", bad))
            set_prop(self.mismatch_label, "level", "bad")
        else:
            self.mismatch_label.setText(self.tr("Semua isian peserta cocok dengan registri."))
            set_prop(self.mismatch_label, "level", "good")

    def _fill_questions(self, questions: list[Question]) -> None:
        if self._shown_questions == questions:
            return  # unchanged: keep the rows (and the officer's place in them)
        self._shown_questions = list(questions)
        while self.questions_box.count():
            item = self.questions_box.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                # Hidden and detached at once: deleteLater alone leaves it painted until the next loop turn.
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
        for question in questions:
            row = named(QFrame(), "question")
            text = QLabel(question_text(self, question.kind))
            text.setWordWrap(True)
            answer = named(QLabel(question.expected), "answer")
            right = named(QPushButton(self.tr("Benar")), "small")
            wrong = named(QPushButton(self.tr("Salah")), "small")
            right.clicked.connect(lambda _=False, k=question.kind: self.question_answered.emit(k, True))
            wrong.clicked.connect(lambda _=False, k=question.kind: self.question_answered.emit(k, False))
            layout = QHBoxLayout(row)
            layout.setContentsMargins(6, 2, 6, 2)
            layout.addWidget(text, 1)
            layout.addWidget(answer)
            layout.addWidget(right)
            layout.addWidget(wrong)
            self.questions_box.addWidget(row)
