"""The machine checks' panel in the Documents tab: both faces at one scale with the comparison in words, the fields
read off the documents beside what was typed, and a second person in the booth. Every result has the officer's
own call next to it (agree / I judge otherwise): the panel renders `AssistReport` and forwards the calls.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.app.console.assist import AssistReport, needs_look
from kiosk.domain.assist import FACE_MATCH_THRESHOLD, CardField, FaceVerdict, FieldStatus, OfficerCall
from kiosk.protocol.rest import AssistCheck
from kiosk.ui.console.tile import named
from kiosk.ui.console.workspace.part import WorkspacePart
from kiosk.ui.console.workspace.still_viewer import image_from_bytes

#: Side of each face on screen, in pixels: both faces the same size, whatever the stills' resolutions were.
FACE_SIDE = 150
#: Colours of a result that needs a look and of one that does not (text on the panel's light background;
#: both at least 4.5:1 against it).
LOOK_COLOUR = "#A50E0E"
FINE_COLOUR = "#1E6B34"


class AssistPanel(WorkspacePart):
    """Faces, read fields and the second-face warning for the focused session."""

    call_made = Signal(object, object)  # AssistCheck, OfficerCall

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._report: AssistReport | None = None
        self.title = named(QLabel(), "sectionTitle")
        self.second_face = named(QLabel(), "assistWarning")
        self.second_face.setWordWrap(True)
        self.second_face_ok = named(QPushButton(), "small")
        self.second_face_ok.clicked.connect(lambda: self._call(AssistCheck.SECOND_FACE, OfficerCall.CONFIRMED))
        warning = QHBoxLayout()
        warning.addWidget(self.second_face, 1)
        warning.addWidget(self.second_face_ok)

        self.card_face = QLabel()
        self.live_face = QLabel()
        for face in (self.card_face, self.live_face):
            face.setFixedSize(FACE_SIDE, FACE_SIDE)
            face.setFrameShape(QFrame.Shape.Box)
            face.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.card_caption = named(QLabel(), "caption")
        self.live_caption = named(QLabel(), "caption")
        self.face_verdict = named(QLabel(), "assistVerdict")
        self.face_verdict.setWordWrap(True)
        self.face_detail = named(QLabel(), "hint")
        self.face_detail.setWordWrap(True)
        self.agree = named(QPushButton(), "small")
        self.disagree = named(QPushButton(), "small")
        self.agree.clicked.connect(lambda: self._call(AssistCheck.FACE_MATCH, OfficerCall.CONFIRMED))
        self.disagree.clicked.connect(lambda: self._call(AssistCheck.FACE_MATCH, OfficerCall.OVERRULED))
        self.face_call = named(QLabel(), "hint")
        faces = QGridLayout()
        faces.addWidget(self.card_caption, 0, 0)
        faces.addWidget(self.live_caption, 0, 1)
        faces.addWidget(self.card_face, 1, 0)
        faces.addWidget(self.live_face, 1, 1)
        verdict = QVBoxLayout()
        verdict.addWidget(self.face_verdict)
        verdict.addWidget(self.face_detail)
        buttons = QHBoxLayout()
        buttons.addWidget(self.agree)
        buttons.addWidget(self.disagree)
        buttons.addStretch(1)
        verdict.addLayout(buttons)
        verdict.addWidget(self.face_call)
        verdict.addStretch(1)
        faces.addLayout(verdict, 0, 2, 2, 1)
        faces.setColumnStretch(2, 1)

        self.fields_title = named(QLabel(), "sectionTitle")
        self.fields = named(QTableWidget(0, 4), "assistFields")
        self.fields.verticalHeader().setVisible(False)
        self.fields.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.fields.horizontalHeader().setStretchLastSection(True)
        self.fields_agree = named(QPushButton(), "small")
        self.fields_disagree = named(QPushButton(), "small")
        self.fields_agree.clicked.connect(lambda: self._call(AssistCheck.CARD_READING, OfficerCall.CONFIRMED))
        self.fields_disagree.clicked.connect(lambda: self._call(AssistCheck.CARD_READING, OfficerCall.OVERRULED))
        self.fields_call = named(QLabel(), "hint")
        field_buttons = QHBoxLayout()
        field_buttons.addWidget(self.fields_agree)
        field_buttons.addWidget(self.fields_disagree)
        field_buttons.addWidget(self.fields_call, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(warning)
        layout.addLayout(faces)
        layout.addWidget(self.fields_title)
        layout.addWidget(self.fields, 1)
        layout.addLayout(field_buttons)
        self.retranslate()
        self.show_report(None)

    def retranslate(self) -> None:
        """Fixed texts (and the report's, which are words too)."""
        self.title.setText(self.tr("Pemeriksaan mesin: petunjuk, Anda yang memutuskan"))
        self.card_caption.setText(self.tr("Foto di e-KTP"))
        self.live_caption.setText(self.tr("Wajah saat ini"))
        self.agree.setText(self.tr("Setuju"))
        self.disagree.setText(self.tr("Saya menilai lain"))
        self.fields_title.setText(self.tr("Data terbaca dari dokumen"))
        self.fields.setHorizontalHeaderLabels(
            [self.tr("Data"), self.tr("Diisi / terdaftar"), self.tr("Terbaca"), self.tr("Hasil")]
        )
        self.fields_agree.setText(self.tr("Setuju"))
        self.fields_disagree.setText(self.tr("Saya menilai lain"))
        self.second_face_ok.setText(self.tr("Sudah saya periksa"))
        self.show_report(self._report)

    def _call(self, check: AssistCheck, call: OfficerCall) -> None:
        self.call_made.emit(check, call)

    def show_report(self, report: AssistReport | None) -> None:
        """Render a session's machine checks (None: nothing checked yet)."""
        self._report = report
        report = report or AssistReport()
        self._show_second_face(report)
        self._show_faces(report)
        self._show_fields(report)

    def _show_second_face(self, report: AssistReport) -> None:
        seen = report.second_face
        standing = seen is not None and AssistCheck.SECOND_FACE not in report.calls
        self.second_face.setVisible(seen is not None)
        self.second_face_ok.setVisible(standing)
        if seen is not None:
            text = self.tr(
                "⚠ %n wajah terlihat di bilik pukul %1. Tanyakan siapa yang mendampingi peserta.", "", seen.faces
            ).replace("%1", seen.at)
            if not standing:
                text += " " + self.tr("(sudah Anda periksa)")
            self.second_face.setText(text)
            self.second_face.setStyleSheet(f"color: {LOOK_COLOUR}; font-weight: bold;" if standing else "")

    def _show_faces(self, report: AssistReport) -> None:
        face = report.face
        for label, data in (
            (self.card_face, face.result.card_chip if face else None),
            (self.live_face, face.result.live_chip if face else None),
        ):
            image = image_from_bytes(data)
            if image.isNull():
                label.setPixmap(QPixmap())
                label.setText("—")
            else:
                label.setPixmap(
                    QPixmap.fromImage(image).scaled(
                        FACE_SIDE,
                        FACE_SIDE,
                        Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    )
                )
        has_result = face is not None
        self.agree.setVisible(has_result)
        self.disagree.setVisible(has_result)
        if face is None:
            self.face_verdict.setText(
                self.tr("Membandingkan wajah…")
                if report.face_running
                else self.tr("Perbandingan wajah mulai setelah ada foto e-KTP dan foto wajah (F11).")
            )
            self.face_verdict.setStyleSheet("")
            self.face_detail.setText("")
            self.face_call.setText("")
            return
        verdict = face.result.verdict
        words = {
            FaceVerdict.LIKELY_SAME: self.tr("Kemungkinan orang yang sama"),
            FaceVerdict.LOOK_CLOSELY: self.tr("Mirip, tetapi periksa dengan teliti"),
            FaceVerdict.LIKELY_DIFFERENT: self.tr("Kemungkinan orang yang berbeda: periksa dengan teliti"),
            FaceVerdict.NO_CARD_FACE: self.tr("Wajah di foto e-KTP tidak ditemukan: bandingkan sendiri"),
            FaceVerdict.NO_LIVE_FACE: self.tr("Wajah saat ini tidak ditemukan: ambil foto wajah lagi (F11)"),
        }
        self.face_verdict.setText(words[verdict])
        colour = FINE_COLOUR if verdict is FaceVerdict.LIKELY_SAME else LOOK_COLOUR
        self.face_verdict.setStyleSheet(f"color: {colour}; font-weight: bold;")
        if face.result.distance is not None:
            self.face_detail.setText(
                self.tr("Jarak wajah %1 (di bawah %2 berarti orang yang sama menurut model).")
                .replace("%1", f"{face.result.distance:.2f}")
                .replace("%2", f"{FACE_MATCH_THRESHOLD:.2f}")
            )
        else:
            self.face_detail.setText("")
        self.face_call.setText(self._call_text(report.calls.get(AssistCheck.FACE_MATCH)))

    def _call_text(self, call: OfficerCall | None) -> str:
        if call is OfficerCall.CONFIRMED:
            return self.tr("Anda: setuju (tercatat)")
        if call is OfficerCall.OVERRULED:
            return self.tr("Anda: menilai lain (tercatat)")
        return ""

    def _show_fields(self, report: AssistReport) -> None:
        names = {
            CardField.NIK: self.tr("NIK"),
            CardField.NAME: self.tr("Nama"),
            CardField.BIRTH_DATE: self.tr("Tanggal lahir"),
            CardField.ACCOUNT_NUMBER: self.tr("Nomor rekening"),
            CardField.KPJ: self.tr("Nomor KPJ"),
        }
        results = {
            FieldStatus.MATCH: self.tr("✓ sama"),
            FieldStatus.MISMATCH: self.tr("✗ berbeda: periksa"),
            FieldStatus.UNREADABLE: self.tr("? tidak terbaca"),
        }
        rows = [c for comparisons in report.readings.values() for c in comparisons]
        self.fields.setRowCount(len(rows))
        for row, comparison in enumerate(rows):
            cells = [names[comparison.field], comparison.expected, comparison.read or "—", results[comparison.status]]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if comparison.status is FieldStatus.MISMATCH:
                    item.setBackground(QBrush(QColor("#FCE8E6")))
                    item.setForeground(QBrush(QColor(LOOK_COLOUR)))
                self.fields.setItem(row, column, item)
        self.fields.resizeColumnsToContents()
        running = bool(report.reading_running)
        self.fields_title.setText(
            self.tr("Data terbaca dari dokumen (membaca…)") if running else self.tr("Data terbaca dari dokumen")
        )
        self.fields_agree.setVisible(bool(rows))
        self.fields_disagree.setVisible(bool(rows))
        self.fields_call.setText(self._call_text(report.calls.get(AssistCheck.CARD_READING)))


def tile_hint(widget: QWidget, report: AssistReport | None) -> str:
    """The few words a booth's tile shows when the machine checks ask for a look ("" when they do not)."""
    if report is None or not needs_look(report):
        return ""
    tr = widget.tr
    if report.second_face is not None and AssistCheck.SECOND_FACE not in report.calls:
        return tr("⚠ %n wajah di bilik", "", report.second_face.faces)
    if report.flagged_fields():
        return tr("⚠ Data dokumen berbeda")
    return tr("⚠ Periksa wajah")
