"""`Workspace`: everything the officer checks and decides for the focused session, on one side of the screen.

Three tabs, each one key away (F2 data, F3 documents, F4 decision), with the rule verdict always visible
above them and the actions always visible below them:

- Data: the registry record beside what the participant entered, mismatches marked in red with "≠", and the
  session's verification questions with the registry's answers;
- Documents: the checklist from the catalog (tick = verified by the officer) beside the gallery (zoom,
  rotate, quality metrics) and the e-KTP photo beside a still of the live face;
- Decision: the rule results in plain words, and approve / reject with a reason code and a note.

The widget shows a `SessionDetail` and a `Booth` and forwards the officer's actions as signals; what they do
is decided in the console service, the rules in `kiosk.app.console.verification` and `kiosk.domain`.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QImage, QPixmap, QTransform
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.app.console.session import (
    APPROVE_REASONS,
    REJECT_REASONS,
    Booth,
    Decision,
    DocumentStill,
    Question,
    SessionDetail,
    SubmissionState,
)
from kiosk.app.console.verification import (
    Comparison,
    Field,
    checklist,
    compare,
    ready_to_approve,
    rule_results,
)
from kiosk.domain.claims import Severity
from kiosk.ui.console.tile import named, set_prop

MISMATCH_BG = QColor("#FCE8E6")
MISMATCH_FG = QColor("#A50E0E")


def image_from_bytes(data: bytes | None) -> QImage:
    """Decode a JPEG/PNG still (a null image when there is none or it is broken)."""
    image = QImage()
    if data:
        image.loadFromData(data)
    return image


class StillViewer(QLabel):
    """A document still with zoom and rotation (shown, never altered)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stillViewer")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(240, 160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._image = QImage()
        self.zoom = 1.0
        self.rotation = 0

    def set_image(self, image: QImage, empty_text: str = "") -> None:
        """Show `image` fitted to the viewer (zoom and rotation reset)."""
        self._image, self.zoom, self.rotation = image, 1.0, 0
        if image.isNull():
            self.setPixmap(QPixmap())
            self.setText(empty_text)
        self._render()

    def zoom_by(self, factor: float) -> None:
        """Zoom in (>1) or out (<1), between fitted and 6x."""
        self.zoom = max(1.0, min(6.0, self.zoom * factor))
        self._render()

    def rotate(self) -> None:
        """Turn the still 90 degrees clockwise (participants hold documents any way up)."""
        self.rotation = (self.rotation + 90) % 360
        self._render()

    def _render(self) -> None:
        if self._image.isNull():
            return
        image = self._image.transformed(QTransform().rotate(self.rotation)) if self.rotation else self._image
        fitted = QSize(max(1, self.width() - 4), max(1, self.height() - 4))
        size = image.size().scaled(fitted, Qt.AspectRatioMode.KeepAspectRatio) * self.zoom
        scaled = image.scaled(size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
        if self.zoom > 1.0:
            # Zoom into the middle: the part a participant holds in the frame guide.
            x = max(0, (scaled.width() - fitted.width()) // 2)
            y = max(0, (scaled.height() - fitted.height()) // 2)
            scaled = scaled.copy(x, y, min(fitted.width(), scaled.width()), min(fitted.height(), scaled.height()))
        self.setPixmap(QPixmap.fromImage(scaled))

    def resizeEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        """Refit on resize."""
        self._render()
        super().resizeEvent(event)  # type: ignore[arg-type]


class Workspace(QWidget):
    """The focused session's record, documents, rules and actions."""

    capture_requested = Signal(str)  # document code
    prompt_requested = Signal(str)  # text for the participant
    hand_back_requested = Signal(list)  # document codes to capture again
    signature_requested = Signal()
    decided = Signal(object, str, str)  # Decision, reason code, note
    submit_requested = Signal()
    verified_changed = Signal(str, bool)  # document code, verified
    face_still_requested = Signal()
    question_answered = Signal(str, bool)  # question kind, answered correctly

    def __init__(self, parent: QWidget | None = None, *, language: str = "id") -> None:
        super().__init__(parent)
        self.setObjectName("workspace")
        self.language = language
        self._detail: SessionDetail | None = None
        self._booth: Booth | None = None
        self._questions: list[Question] = []
        self._shown_questions: list[Question] = []
        self._today = date.today()
        self._filling = False

        self.verdict = named(QLabel(), "verdict")
        self.verdict.setWordWrap(True)
        self.tabs = named(QTabWidget(), "workspaceTabs")
        self.tabs.addTab(self._build_data_tab(), "")
        self.tabs.addTab(self._build_documents_tab(), "")
        self.tabs.addTab(self._build_decision_tab(), "")
        actions = self._build_actions()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.verdict)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(actions)
        self.retranslate()

    # ----------------------------------------------------------------------------------------- building

    def _build_data_tab(self) -> QWidget:
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
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.mismatch_label)
        layout.addWidget(self.record_table, 3)
        layout.addWidget(self.questions_title)
        layout.addLayout(self.questions_box)
        layout.addStretch(0)
        return page

    def _build_documents_tab(self) -> QWidget:
        self.checklist = named(QListWidget(), "checklist")
        self.checklist.setWordWrap(True)
        self.checklist.itemChanged.connect(self._on_check_changed)
        self.checklist.currentRowChanged.connect(self._on_document_selected)
        self.viewer = StillViewer()
        self.metrics_label = named(QLabel(), "metrics")
        self.metrics_label.setWordWrap(True)
        self.zoom_in = named(QPushButton(), "small")
        self.zoom_out = named(QPushButton(), "small")
        self.rotate_button = named(QPushButton(), "small")
        self.zoom_in.clicked.connect(lambda: self.viewer.zoom_by(1.5))
        self.zoom_out.clicked.connect(lambda: self.viewer.zoom_by(1 / 1.5))
        self.rotate_button.clicked.connect(self.viewer.rotate)
        tools = QHBoxLayout()
        tools.addWidget(self.zoom_in)
        tools.addWidget(self.zoom_out)
        tools.addWidget(self.rotate_button)
        tools.addStretch(1)
        tools.addWidget(self.metrics_label, 2)

        self.ektp_photo = StillViewer()
        self.face_photo = StillViewer()
        self.ektp_title = named(QLabel(), "caption")
        self.face_title = named(QLabel(), "caption")
        self.face_button = named(QPushButton(), "small")
        self.face_button.clicked.connect(self.face_still_requested)
        faces = QGridLayout()
        faces.addWidget(self.ektp_title, 0, 0)
        faces.addWidget(self.face_title, 0, 1)
        faces.addWidget(self.ektp_photo, 1, 0)
        faces.addWidget(self.face_photo, 1, 1)
        faces.addWidget(self.face_button, 2, 1)
        self.faces_title = named(QLabel(), "sectionTitle")

        gallery = QWidget()
        gallery_layout = QVBoxLayout(gallery)
        gallery_layout.setContentsMargins(0, 0, 0, 0)
        gallery_layout.addWidget(self.viewer, 3)
        gallery_layout.addLayout(tools)
        gallery_layout.addWidget(self.faces_title)
        gallery_layout.addLayout(faces, 2)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.checklist_title = named(QLabel(), "sectionTitle")
        self.checklist_hint = named(QLabel(), "hint")
        self.checklist_hint.setWordWrap(True)
        left_layout.addWidget(self.checklist_title)
        left_layout.addWidget(self.checklist, 1)
        left_layout.addWidget(self.checklist_hint)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(gallery)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        return splitter

    def _build_decision_tab(self) -> QWidget:
        self.rules_title = named(QLabel(), "sectionTitle")
        self.rules_list = named(QListWidget(), "rules")
        self.rules_list.setWordWrap(True)
        self.rules_list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.rules_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.blockers_label = named(QLabel(), "blockers")
        self.blockers_label.setWordWrap(True)
        self.reason_box = named(QComboBox(), "reasonCode")
        self.note_edit = named(QLineEdit(), "note")
        self.note_edit.setMaxLength(1000)
        self.approve_button = named(QPushButton(), "approve")
        self.reject_button = named(QPushButton(), "reject")
        self.approve_button.setProperty("kind", "primary")
        self.reject_button.setProperty("kind", "danger")
        self.approve_button.clicked.connect(self.approve)
        self.reject_button.clicked.connect(self.reject)
        self.decision_label = named(QLabel(), "decision")
        self.decision_label.setWordWrap(True)
        self.reason_title = named(QLabel(), "caption")
        self.note_title = named(QLabel(), "caption")
        form = QGridLayout()
        form.addWidget(self.reason_title, 0, 0)
        form.addWidget(self.reason_box, 0, 1)
        form.addWidget(self.note_title, 1, 0)
        form.addWidget(self.note_edit, 1, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.reject_button)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.rules_title)
        layout.addWidget(self.rules_list, 2)
        layout.addWidget(self.blockers_label)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.decision_label)
        return page

    def _build_actions(self) -> QWidget:
        bar = named(QFrame(), "actionBar")
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
        self.capture_button.clicked.connect(self.request_capture)
        self.prompt_button.clicked.connect(self.send_prompt)
        self.prompt_edit.returnPressed.connect(self.send_prompt)
        self.hand_back_button.clicked.connect(self.hand_back)
        self.signature_button.clicked.connect(self.signature_requested)
        self.submit_button.clicked.connect(self.submit)
        row1 = QHBoxLayout()
        row1.addWidget(self.capture_button)
        row1.addWidget(self.hand_back_button)
        row1.addWidget(self.signature_button)
        row1.addStretch(1)
        row1.addWidget(self.submit_button)
        row2 = QHBoxLayout()
        row2.addWidget(self.prompt_edit, 1)
        row2.addWidget(self.prompt_button)
        layout = QVBoxLayout(bar)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(6)
        layout.addLayout(row2)
        layout.addLayout(row1)
        layout.addWidget(self.submission_label)
        return bar

    # ------------------------------------------------------------------------------------------- texts

    def retranslate(self) -> None:
        """Every fixed text (shortcut keys are part of the labels: the officer learns them by reading)."""
        self.tabs.setTabText(0, self.tr("Data peserta (F2)"))
        self.tabs.setTabText(1, self.tr("Dokumen (F3)"))
        self.tabs.setTabText(2, self.tr("Aturan && keputusan (F4)"))
        self.record_table.setHorizontalHeaderLabels([self.tr("Data"), self.tr("Registri"), self.tr("Isian peserta")])
        self.questions_title.setText(self.tr("Pertanyaan verifikasi (jawaban menurut registri)"))
        self.checklist_title.setText(self.tr("Daftar dokumen: centang yang sudah Anda periksa"))
        self.checklist_hint.setText(self.tr("Pilih dokumen lalu tekan F5 untuk meminta foto ulang."))
        self.zoom_in.setText(self.tr("Perbesar +"))
        self.zoom_out.setText(self.tr("Perkecil −"))
        self.rotate_button.setText(self.tr("Putar ⟳"))
        self.faces_title.setText(self.tr("Wajah: foto e-KTP dan wajah saat ini"))
        self.ektp_title.setText(self.tr("Foto e-KTP"))
        self.face_title.setText(self.tr("Wajah saat ini"))
        self.face_button.setText(self.tr("Ambil foto wajah (F11)"))
        self.rules_title.setText(self.tr("Hasil pemeriksaan aturan"))
        self.reason_title.setText(self.tr("Alasan"))
        self.note_title.setText(self.tr("Catatan"))
        self.note_edit.setPlaceholderText(self.tr("Catatan untuk berkas (opsional saat disetujui)"))
        self.approve_button.setText(self.tr("Setujui (F9)"))
        self.reject_button.setText(self.tr("Tolak (F10)"))
        self.capture_button.setText(self.tr("Foto dokumen (F5)"))
        self.prompt_edit.setPlaceholderText(self.tr("Pesan untuk peserta, tampil besar di layar bilik (F6)"))
        self.prompt_button.setText(self.tr("Kirim pesan"))
        self.hand_back_button.setText(self.tr("Kembali ke mandiri (F7)"))
        self.signature_button.setText(self.tr("Minta tanda tangan (F8)"))
        self.submit_button.setText(self.tr("Kirim klaim (Ctrl+Enter)"))
        self._fill_reasons()
        self.refresh()

    def _fill_reasons(self) -> None:
        current = self.reason_box.currentData()
        self.reason_box.blockSignals(True)
        self.reason_box.clear()
        self.reason_box.addItem(self.tr("— pilih alasan penolakan —"), "")
        for code in REJECT_REASONS:
            self.reason_box.addItem(reject_reason_text(self, code), code)
        index = self.reason_box.findData(current)
        self.reason_box.setCurrentIndex(max(0, index))
        self.reason_box.blockSignals(False)

    # --------------------------------------------------------------------------------------------- API

    def set_today(self, today: date) -> None:
        """The date the rules are evaluated on (tests and screenshots pin it)."""
        self._today = today
        self.refresh()

    def show_session(self, detail: SessionDetail | None, booth: Booth | None, questions: list[Question]) -> None:
        """Show a session (None: nothing focused)."""
        changed = detail is None or self._detail is None or detail.session_id != self._detail.session_id
        self._detail, self._booth, self._questions = detail, booth, questions
        if changed:
            self.note_edit.clear()
            self.prompt_edit.clear()
            self.reason_box.setCurrentIndex(0)
            self.tabs.setCurrentIndex(0)
        self.refresh()

    def refresh(self) -> None:
        """Re-render from the session shown."""
        detail, booth = self._detail, self._booth
        self.setEnabled(detail is not None)
        if detail is None:
            self.verdict.setText("")
            return
        self._fill_record(detail)
        self._fill_questions()
        self._fill_checklist(detail)
        self._fill_faces(detail)
        self._fill_rules(detail)
        self._fill_state(detail, booth)

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

    def _fill_questions(self) -> None:
        if self._shown_questions == self._questions:
            return  # unchanged: keep the rows (and the officer's place in them)
        self._shown_questions = list(self._questions)
        while self.questions_box.count():
            item = self.questions_box.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                # Hidden and detached at once: deleteLater alone leaves it painted until the next loop turn.
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
        for question in self._questions:
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

    def _fill_checklist(self, detail: SessionDetail) -> None:
        current = self.current_document()
        self._filling = True
        self.checklist.clear()
        for item in checklist(detail):
            name = item.name_en if self.language == "en" else item.name_id
            status = self.tr("ada foto") if item.captured else self.tr("belum ada foto")
            entry = QListWidgetItem(f"{name}  ·  {status}")
            entry.setData(Qt.ItemDataRole.UserRole, item.document)
            entry.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Checked if item.verified else Qt.CheckState.Unchecked)
            if not item.captured:
                entry.setForeground(QBrush(QColor("#8A4B00")))
            self.checklist.addItem(entry)
            if item.document == current:
                self.checklist.setCurrentItem(entry)
        self._filling = False
        if self.checklist.currentRow() < 0 and self.checklist.count():
            self.checklist.setCurrentRow(0)
        else:
            self._on_document_selected(self.checklist.currentRow())

    def _fill_faces(self, detail: SessionDetail) -> None:
        ektp = detail.documents.get("ektp")
        self.ektp_photo.set_image(image_from_bytes(ektp.image if ektp else None), self.tr("Belum ada foto e-KTP"))
        selfie = detail.face_still
        if selfie is None and "selfie" in detail.documents:
            selfie = detail.documents["selfie"].image
        self.face_photo.set_image(image_from_bytes(selfie), self.tr("Tekan F11 untuk mengambil foto wajah"))

    def _fill_rules(self, detail: SessionDetail) -> None:
        self.rules_list.clear()
        evaluation = rule_results(detail, self._today)
        if evaluation is None:
            self.verdict.setText(self.tr("Aturan belum dapat diperiksa: klaim atau data registri belum lengkap."))
            set_prop(self.verdict, "level", "warn")
            return
        for finding in evaluation.findings:
            prefix = "✗ " if finding.severity is Severity.BLOCKING else "ℹ "
            item = QListWidgetItem(prefix + finding.message(self.language))
            item.setForeground(
                QBrush(QColor("#A50E0E") if finding.severity is Severity.BLOCKING else QColor("#0B4F8A"))
            )
            self.rules_list.addItem(item)
        blocking = len(evaluation.blocking())
        if evaluation.eligible:
            self.rules_list.addItem(QListWidgetItem("✓ " + self.tr("Semua aturan terpenuhi.")))
            self.verdict.setText(self.tr("✓ Memenuhi syarat menurut aturan"))
            set_prop(self.verdict, "level", "good")
        else:
            self.verdict.setText(self.tr("✗ %n hambatan: lihat Aturan & keputusan (F4)", "", blocking))
            set_prop(self.verdict, "level", "bad")

    def _fill_state(self, detail: SessionDetail, booth: Booth | None) -> None:
        blockers = ready_to_approve(detail, self._today)
        decided = booth is not None and booth.decision is not None
        submitted = booth is not None and booth.submission is not SubmissionState.NONE
        self.approve_button.setEnabled(not blockers and not submitted)
        self.reject_button.setEnabled(not submitted)
        self.approve_button.setToolTip("\n".join(blocker_text(self, b) for b in blockers))
        self.blockers_label.setText(
            self.tr("Belum bisa disetujui:") + " " + "; ".join(blocker_text(self, b) for b in blockers)
            if blockers
            else ""
        )
        self.blockers_label.setVisible(bool(blockers))
        if booth is not None and decided:
            word = self.tr("Disetujui") if booth.decision is Decision.APPROVED else self.tr("Ditolak")
            reason = (
                reject_reason_text(self, booth.decision_reason)
                if booth.decision is Decision.REJECTED
                else approve_reason_text(self, booth.decision_reason)
            )
            self.decision_label.setText(f"{word}: {reason}")
        else:
            self.decision_label.setText("")
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

    # ----------------------------------------------------------------------------------------- actions

    def current_document(self) -> str | None:
        """The document selected in the checklist."""
        item = self.checklist.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def request_capture(self) -> None:
        """Ask the booth to capture the selected document."""
        document = self.current_document()
        if document:
            self.capture_requested.emit(document)

    def send_prompt(self) -> None:
        """Send the typed text to the participant's screen."""
        text = self.prompt_edit.text().strip()
        if text:
            self.prompt_requested.emit(text)
            self.prompt_edit.clear()

    def focus_prompt(self) -> None:
        """Put the cursor in the message field (F6)."""
        self.prompt_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def hand_back(self) -> None:
        """Back to self-service, asking again for the documents not ticked."""
        if self._detail is None:
            return
        documents = [item.document for item in checklist(self._detail) if not item.verified]
        self.hand_back_requested.emit(documents)

    def approve(self) -> None:
        """Approve, when nothing stands in the way."""
        if self._detail is None or not self.approve_button.isEnabled():
            return
        note = self.note_edit.text().strip()
        self.decided.emit(Decision.APPROVED, APPROVE_REASONS[1] if note else APPROVE_REASONS[0], note)

    def reject(self) -> None:
        """Reject with the chosen reason code (required) and the note."""
        if self._detail is None or not self.reject_button.isEnabled():
            return
        code = str(self.reason_box.currentData() or "")
        if not code:
            self.tabs.setCurrentIndex(2)
            # Show where the reason goes and put the cursor there; the officer picks it with the arrow keys.
            self.reason_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
            set_prop(self.reason_box, "missing", True)
            return
        set_prop(self.reason_box, "missing", False)
        self.decided.emit(Decision.REJECTED, code, self.note_edit.text().strip())

    def submit(self) -> None:
        """Submit the approved, signed claim."""
        if self.submit_button.isEnabled():
            self.submit_requested.emit()

    def _on_check_changed(self, item: QListWidgetItem) -> None:
        if not self._filling:
            self.verified_changed.emit(
                str(item.data(Qt.ItemDataRole.UserRole)), item.checkState() == Qt.CheckState.Checked
            )

    def _on_document_selected(self, row: int) -> None:
        detail = self._detail
        document = self.current_document()
        still: DocumentStill | None = detail.documents.get(document) if detail and document else None
        self.viewer.set_image(
            image_from_bytes(still.image if still else None), self.tr("Belum ada foto dokumen ini (F5)")
        )
        self.metrics_label.setText(metrics_text(self, still) if still else "")

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        """Re-read texts on a language change."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def wrap_in_scroll(widget: QWidget) -> QScrollArea:
    """A scroll area around `widget` (small screens)."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(widget)
    return area


def field_text(widget: QWidget, fld: Field) -> str:
    """A record field's name."""
    texts = {
        Field.NAME: QCoreApplication.translate("ConsoleTexts", "Nama"),
        Field.NIK: QCoreApplication.translate("ConsoleTexts", "NIK"),
        Field.KPJ: QCoreApplication.translate("ConsoleTexts", "Nomor KPJ"),
        Field.BIRTH_DATE: QCoreApplication.translate("ConsoleTexts", "Tanggal lahir"),
        Field.EMPLOYER: QCoreApplication.translate("ConsoleTexts", "Perusahaan terakhir"),
        Field.MEMBERSHIP_START: QCoreApplication.translate("ConsoleTexts", "Mulai kepesertaan"),
        Field.BALANCE: QCoreApplication.translate("ConsoleTexts", "Saldo JHT"),
        Field.STATUS: QCoreApplication.translate("ConsoleTexts", "Status kepesertaan"),
        Field.NPWP: QCoreApplication.translate("ConsoleTexts", "NPWP"),
        Field.LAST_WORK_DAY: QCoreApplication.translate("ConsoleTexts", "Hari terakhir bekerja"),
    }
    return texts[fld]


def status_text(status: str) -> str:
    """A membership status from the registry in words."""
    texts = {
        "active": QCoreApplication.translate("ConsoleTexts", "aktif (masih bekerja)"),
        "inactive": QCoreApplication.translate("ConsoleTexts", "tidak aktif (berhenti bekerja)"),
        "closed": QCoreApplication.translate("ConsoleTexts", "ditutup (saldo sudah dicairkan)"),
    }
    return texts.get(status, status)


def question_text(widget: QWidget, kind: str) -> str:
    """A verification question, worded for the officer to ask aloud."""
    texts = {
        "last_employer": QCoreApplication.translate("ConsoleTexts", "Di perusahaan mana Anda terakhir bekerja?"),
        "year_joined": QCoreApplication.translate("ConsoleTexts", "Tahun berapa Anda mulai menjadi peserta?"),
        "birth_day_month": QCoreApplication.translate("ConsoleTexts", "Tanggal dan bulan berapa Anda lahir?"),
        "kpj_last_digits": QCoreApplication.translate("ConsoleTexts", "Sebutkan empat angka terakhir nomor KPJ Anda."),
        "birth_year": QCoreApplication.translate("ConsoleTexts", "Tahun berapa Anda lahir?"),
        "months_of_contributions": QCoreApplication.translate(
            "ConsoleTexts", "Kira-kira berapa tahun Anda membayar iuran?"
        ),
        "npwp_last_digits": QCoreApplication.translate("ConsoleTexts", "Sebutkan empat angka terakhir NPWP Anda."),
    }
    return texts.get(kind, kind)


def reject_reason_text(widget: QWidget, code: str) -> str:
    """A rejection reason's words."""
    texts = {
        "identity_mismatch": QCoreApplication.translate("ConsoleTexts", "Identitas tidak cocok"),
        "document_invalid": QCoreApplication.translate("ConsoleTexts", "Dokumen tidak sah atau rusak"),
        "document_missing": QCoreApplication.translate("ConsoleTexts", "Dokumen tidak lengkap"),
        "not_eligible": QCoreApplication.translate("ConsoleTexts", "Tidak memenuhi syarat"),
        "third_party_prompting": QCoreApplication.translate("ConsoleTexts", "Peserta didikte orang lain"),
        "poor_quality": QCoreApplication.translate("ConsoleTexts", "Gambar atau suara terlalu buruk"),
        "participant_withdrew": QCoreApplication.translate("ConsoleTexts", "Peserta membatalkan"),
        "other": QCoreApplication.translate("ConsoleTexts", "Lainnya (lihat catatan)"),
    }
    return texts.get(code, code)


def approve_reason_text(widget: QWidget, code: str) -> str:
    """An approval reason's words."""
    texts = {
        "verified": QCoreApplication.translate("ConsoleTexts", "Terverifikasi"),
        "verified_with_note": QCoreApplication.translate("ConsoleTexts", "Terverifikasi, dengan catatan"),
    }
    return texts.get(code, code)


def blocker_text(widget: QWidget, code: str) -> str:
    """Why a claim cannot be approved yet."""
    texts = {
        "no_record": QCoreApplication.translate("ConsoleTexts", "data registri belum ada"),
        "no_claim": QCoreApplication.translate("ConsoleTexts", "jenis dan alasan klaim belum dipilih"),
        "rules_block": QCoreApplication.translate("ConsoleTexts", "ada aturan yang belum terpenuhi"),
        "unverified_documents": QCoreApplication.translate("ConsoleTexts", "belum semua dokumen dicentang"),
        "membership_closed": QCoreApplication.translate("ConsoleTexts", "kepesertaan sudah ditutup"),
    }
    return texts.get(code, code)


def metrics_text(widget: QWidget, still: DocumentStill) -> str:
    """A still's quality metrics."""
    parts = []
    if still.sharpness is not None:
        parts.append(QCoreApplication.translate("ConsoleTexts", "Ketajaman %1").replace("%1", f"{still.sharpness:.0f}"))
    if still.glare_ratio is not None:
        parts.append(
            QCoreApplication.translate("ConsoleTexts", "Silau %1%").replace("%1", f"{still.glare_ratio * 100:.1f}")
        )
    if still.brightness is not None:
        parts.append(
            QCoreApplication.translate("ConsoleTexts", "Kecerahan %1").replace("%1", f"{still.brightness:.0f}")
        )
    return " · ".join(parts)


def submission_text(widget: QWidget, booth: Booth) -> str:
    """The claim's delivery state in words."""
    if booth.submission is SubmissionState.PENDING:
        return QCoreApplication.translate(
            "ConsoleTexts", "Klaim tersimpan di antrean kirim dan akan terkirim otomatis. %1"
        ).replace("%1", booth.submission_detail)
    if booth.submission is SubmissionState.DELIVERED:
        return QCoreApplication.translate("ConsoleTexts", "Klaim terkirim. Nomor referensi: %1").replace(
            "%1", booth.submission_detail
        )
    if booth.submission is SubmissionState.REFUSED:
        return QCoreApplication.translate("ConsoleTexts", "Klaim ditolak server: %1").replace(
            "%1", booth.submission_detail
        )
    return ""
