"""The Documents tab (F3): the claim's checklist beside the gallery, and the e-KTP photo beside the live face.

A tick means "verified by the officer" and is announced (`verified_changed`); the state keeps it. The gallery
shows the selected document's still with zoom, rotation and its quality metrics.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from kiosk.app.console.session import DocumentStill, SessionDetail
from kiosk.app.console.still_quality import judge
from kiosk.app.console.verification import checklist
from kiosk.config import VideoSettings
from kiosk.ui.console.tile import named, set_prop
from kiosk.ui.console.workspace.part import WorkspacePart
from kiosk.ui.console.workspace.still_viewer import StillViewer, image_from_bytes
from kiosk.ui.console.workspace.texts import metrics_figures, metrics_text
from kiosk.video.portrait import portrait_jpeg


class DocumentsTab(WorkspacePart):
    """Checklist, gallery and faces."""

    verified_changed = Signal(str, bool)  # document code, verified
    face_still_requested = Signal()

    def __init__(self, parent: QWidget | None = None, *, language: str = "id") -> None:
        super().__init__(parent)
        self.language = language
        #: The limits the booths capture against (`kiosk.ui.console.main` sets the configured ones).
        self.quality_limits = VideoSettings()
        self._detail: SessionDetail | None = None
        self._filling = False
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
        faces.setColumnStretch(0, 1)  # equal boxes: the two faces at one scale
        faces.setColumnStretch(1, 1)
        self.faces_title = named(QLabel(), "sectionTitle")

        gallery = QWidget()
        gallery_layout = QVBoxLayout(gallery)
        gallery_layout.setContentsMargins(0, 0, 0, 0)
        gallery_layout.addWidget(self.viewer, 5)
        gallery_layout.addLayout(tools)
        gallery_layout.addWidget(self.faces_title)
        gallery_layout.addLayout(faces, 4)

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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def retranslate(self) -> None:
        """Fixed texts."""
        self.checklist_title.setText(self.tr("Daftar dokumen: centang yang sudah Anda periksa"))
        self.checklist_hint.setText(self.tr("Pilih dokumen lalu tekan F5 untuk meminta foto ulang."))
        self.zoom_in.setText(self.tr("Perbesar +"))
        self.zoom_out.setText(self.tr("Perkecil −"))
        self.rotate_button.setText(self.tr("Putar ⟳"))
        self.faces_title.setText(self.tr("Wajah: foto e-KTP dan wajah saat ini"))
        self.ektp_title.setText(self.tr("Foto e-KTP"))
        self.face_title.setText(self.tr("Wajah saat ini"))
        self.face_button.setText(self.tr("Ambil foto wajah (F11)"))

    def show_detail(self, detail: SessionDetail | None) -> None:
        """Render a session's checklist, the selected still and the faces (None: nothing focused)."""
        self._detail = detail
        if detail is None:
            return
        self._fill_checklist(detail)
        self._fill_faces(detail)

    def current_document(self) -> str | None:
        """The document selected in the checklist."""
        item = self.checklist.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

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
        # Both faces cut to the same portrait frame (`kiosk.video.portrait`), so they compare at one scale; a
        # card whose photo cannot be found is shown whole rather than not at all.
        ektp = detail.documents.get("ektp")
        card = ektp.image if ektp else None
        portrait = portrait_jpeg(card, True) if card else None
        self.ektp_photo.set_image(image_from_bytes(portrait or card), self.tr("Belum ada foto e-KTP"))
        found = portrait is not None or card is None
        self.ektp_title.setText(self.tr("Foto e-KTP") if found else self.tr("e-KTP (foto tidak ditemukan)"))
        selfie = detail.face_still
        if selfie is None and "selfie" in detail.documents:
            selfie = detail.documents["selfie"].image
        live = portrait_jpeg(selfie, False) if selfie else None
        self.face_photo.set_image(image_from_bytes(live or selfie), self.tr("Tekan F11 untuk mengambil foto wajah"))

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
        self.metrics_label.setText(metrics_text(self, still, self.quality_limits) if still else "")
        self.metrics_label.setToolTip(metrics_figures(still) if still else "")
        set_prop(self.metrics_label, "level", judge(still, self.quality_limits).level.value if still else "none")
