"""Documents: for each required document an instruction and illustration, a live preview with a frame guide,
live feedback while it is held up, automatic capture, review with retake, and upload progress.

The screen only shows; `kiosk.app.booth.documents_flow.DocumentsFlow` runs the capture loop
(`capture.DocumentCapture`) and the uploads, and calls `show_feedback`, `show_review` and `show_upload` here.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from kiosk.app.booth.capture import Feedback
from kiosk.app.booth.state import Step, VisitState
from kiosk.domain.claims import DocumentRequirement, DocumentShape
from kiosk.ui.app import icon
from kiosk.ui.booth.screen import BoothScreen, button, label
from kiosk.ui.widgets.camera_preview import CameraPreview, GuideState
from kiosk.ui.widgets.message_banner import Level, MessageBanner
from kiosk.ui.widgets.video_view import FrameSource

_ILLUSTRATIONS = {
    DocumentShape.CARD: "doc-card",
    DocumentShape.PAGE: "doc-page",
    DocumentShape.SELFIE: "doc-selfie",
    DocumentShape.SIGNATURE: "signature",
}

#: After this long without an automatic capture, offer a "take the photo now" button.
MANUAL_CAPTURE_AFTER_MS = 15_000


class DocumentsScreen(BoothScreen):
    """One document at a time: live (feedback), review (accept / retake), uploading (progress)."""

    step = Step.DOCUMENTS
    object_name = "documentsScreen"
    accept_requested = Signal()
    retake_requested = Signal()
    manual_capture_requested = Signal()
    #: "I don't have this document": the officer is told and capture goes on with the next one.
    missing_requested = Signal()

    LIVE, REVIEW = range(2)

    def __init__(self, state: VisitState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        row = QHBoxLayout()
        row.setSpacing(32)
        self.body.addLayout(row, 1)

        side = QVBoxLayout()
        side.setSpacing(12)
        self.position_label = label("subtitle", "documentPosition", self)
        self.document_title = label("title", "documentTitle", self)
        self.illustration = QLabel(self)
        self.illustration.setObjectName("documentIllustration")
        self.illustration.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.instruction = label("body", "documentInstruction", self)
        # Wrapped labels report their height for their narrowest width; a fixed column width keeps it honest.
        for widget in (self.position_label, self.document_title, self.instruction):
            widget.setFixedWidth(440)
        side.addWidget(self.position_label)
        side.addWidget(self.document_title)
        side.addWidget(self.illustration)
        side.addWidget(self.instruction)
        side.addStretch(1)
        row.addLayout(side, 2)

        right = QVBoxLayout()
        self.views = QStackedWidget(self)
        self.preview = CameraPreview(self.views)
        self.preview.setObjectName("documentPreview")
        self.review_image = QLabel(self.views)
        self.review_image.setObjectName("reviewImage")
        self.review_image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.review_image.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.review_image.setStyleSheet("background: #15191e; border-radius: 12px;")
        # The picture takes the room that is left; it never makes the screen scroll.
        self.views.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.views.setMinimumHeight(240)
        self.views.addWidget(self.preview)
        self.views.addWidget(self.review_image)
        # Feedback above the picture: the instruction that matters most is never below the fold.
        self.feedback = MessageBanner(self, "captureFeedback")
        right.addWidget(self.feedback)
        right.addWidget(self.views, 1)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("uploadProgress")
        self.progress.setRange(0, 100)
        policy = self.progress.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.progress.setSizePolicy(policy)
        self.progress.hide()
        right.addWidget(self.progress)
        row.addLayout(right, 3)

        self.retake_button = button("retakeButton", parent=self)
        self.accept_button = button("acceptPhotoButton", "primary", self)
        self.capture_button = button("captureButton", parent=self)
        self.retake_button.clicked.connect(self.retake_requested)
        self.accept_button.clicked.connect(self.accept_requested)
        self.capture_button.clicked.connect(self.manual_capture_requested)
        self.nav.insertWidget(1, self.capture_button)
        self.nav.insertWidget(2, self.retake_button)
        self.nav.addWidget(self.accept_button)
        # Beside Back: the way on for a participant without this document (never stuck until the timeout).
        self.missing_button = button("missingDocumentButton", parent=self)
        self.missing_button.clicked.connect(self.missing_requested)
        self.nav.insertWidget(1, self.missing_button)
        self.next_button.hide()
        self._manual_timer = QTimer(self)
        self._manual_timer.setSingleShot(True)
        self._manual_timer.timeout.connect(self.capture_button.show)
        self._requirement: DocumentRequirement | None = None
        self._feedback: Feedback | None = None
        self._upload_failed = False
        self._set_mode(self.LIVE)
        self.retranslate()

    # ---------------------------------------------------------------------------------------------- API

    def set_camera(self, source: FrameSource | None) -> None:
        """The local camera's newest frame."""
        self.preview.set_source(source)

    def show_document(self, requirement: DocumentRequirement, number: int, total: int) -> None:
        """Start on a document: its name, instruction, illustration and guide; live preview."""
        self._requirement = requirement
        self._position = (number, total)
        shape = requirement.document.shape
        self.preview.set_shape(shape)
        self.preview.set_guide_state(GuideState.SEARCHING)
        self.illustration.setPixmap(icon(_ILLUSTRATIONS[shape]).pixmap(QSize(200, 150)))
        self._feedback = None
        self._upload_failed = False
        self._set_mode(self.LIVE)
        self.retranslate()

    def show_feedback(self, feedback: Feedback) -> None:
        """What to fix (or that it is good) while the document is held up."""
        self._feedback = feedback
        self.preview.set_guide_state(GuideState.GOOD if feedback is Feedback.GOOD else GuideState.SEARCHING)
        level: Level = "ok" if feedback is Feedback.GOOD else ("info" if feedback is Feedback.SEARCHING else "warning")
        self.feedback.show_message(level, self._feedback_text(feedback))

    def show_review(self, jpeg: bytes) -> None:
        """The still just taken, with Retake and Use this photo."""
        image = QImage.fromData(jpeg)
        pixmap = QPixmap.fromImage(image)
        target = self.views.size() - QSize(16, 16)
        self.review_image.setPixmap(
            pixmap.scaled(target, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
        )
        self._set_mode(self.REVIEW)
        self.feedback.show_message("ok", self.tr("Foto sudah diambil. Apakah tulisan terbaca jelas?"))

    def show_upload(self, done: int, total: int) -> None:
        """Upload progress of the accepted still."""
        self.progress.show()
        self.progress.setValue(int(100 * done / total) if total else 0)
        self.accept_button.setEnabled(False)
        self.retake_button.setEnabled(False)
        self.feedback.show_message("info", self.tr("Foto sedang dikirim ke petugas…"))

    def show_upload_failed(self) -> None:
        """The upload did not go through; the photo is kept and can be sent again."""
        self._upload_failed = True
        self.progress.hide()
        self.accept_button.setEnabled(True)
        self.retake_button.setEnabled(True)
        self.feedback.show_message("warning", self.tr("Foto belum terkirim. Sentuh Pakai foto ini untuk mencoba lagi."))

    def clear_review(self) -> None:
        """Forget the still shown (privacy: nothing of it stays in the widget)."""
        self.review_image.clear()

    def mode(self) -> int:
        """LIVE or REVIEW."""
        return self.views.currentIndex()

    def _set_mode(self, mode: int) -> None:
        self.views.setCurrentIndex(mode)
        live = mode == self.LIVE
        if live:
            self.clear_review()
            self.capture_button.hide()
            self._manual_timer.start(MANUAL_CAPTURE_AFTER_MS)
        else:
            self._manual_timer.stop()
            self.capture_button.hide()
        self.retake_button.setVisible(not live)
        self.accept_button.setVisible(not live)
        self.missing_button.setVisible(live)
        self.retake_button.setEnabled(True)
        self.accept_button.setEnabled(True)
        self.progress.hide()

    def _feedback_text(self, feedback: Feedback) -> str:
        texts = {
            Feedback.NO_PICTURE: self.tr("Kamera belum menampilkan gambar. Mohon tunggu sebentar."),
            Feedback.SEARCHING: self.tr("Pegang dokumen di dalam bingkai kuning."),
            Feedback.MOVE_CLOSER: self.tr("Dekatkan dokumen ke kamera."),
            Feedback.HOLD_STILL: self.tr("Tahan diam sebentar…"),
            Feedback.GLARE: self.tr("Terlalu banyak pantulan cahaya. Miringkan dokumen sedikit."),
            Feedback.TOO_DARK: self.tr("Terlalu gelap. Angkat dokumen lebih dekat ke lampu."),
            Feedback.TOO_BRIGHT: self.tr("Terlalu terang. Jauhkan dokumen dari lampu."),
            Feedback.GOOD: self.tr("Bagus! Tahan diam, foto diambil otomatis…"),
        }
        requirement = self._requirement
        if (
            feedback is Feedback.SEARCHING
            and requirement is not None
            and requirement.document.shape is DocumentShape.SELFIE
        ):
            return self.tr("Lihat ke kamera, wajah di dalam oval, e-KTP di kotak kanan.")
        return texts[feedback]

    # ---------------------------------------------------------------------------------------------- state

    def on_leave(self) -> None:
        """Stop the preview; drop any still shown."""
        self._manual_timer.stop()
        self.clear_review()
        self.set_camera(None)

    def retranslate(self) -> None:
        """Texts; the document's name and instruction come from the catalog in the current language."""
        super().retranslate()
        self.title.setText(self.tr("Foto dokumen"))
        self.subtitle.hide()  # the feedback line says what to do; the space goes to the picture
        requirement = self._requirement
        if requirement is not None:
            number, total = self._position
            self.position_label.setText(self.tr("Dokumen %1 dari %2").replace("%1", str(number))
                                        .replace("%2", str(total)))
            self.document_title.setText(requirement.document.name(self.language))
            self.instruction.setText(requirement.document.instruction(self.language))
        self.retake_button.setText(self.tr("Ulangi foto"))
        self.accept_button.setText(self.tr("Pakai foto ini"))
        self.capture_button.setText(self.tr("Ambil foto sekarang"))
        self.missing_button.setText(self.tr("Saya tidak punya dokumen ini"))
        if self.views.currentIndex() == self.REVIEW and not self.progress.isVisible():
            if self._upload_failed:
                self.feedback.show_message(
                    "warning", self.tr("Foto belum terkirim. Sentuh Pakai foto ini untuk mencoba lagi.")
                )
            else:
                self.feedback.show_message("ok", self.tr("Foto sudah diambil. Apakah tulisan terbaca jelas?"))
        elif self._feedback is not None:
            self.show_feedback(self._feedback)
