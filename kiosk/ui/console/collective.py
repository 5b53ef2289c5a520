"""`CollectivePanel`: the console's collective queue window: an employer's batch, row by row.

It renders a `kiosk.app.console.collective.CollectiveDesk` and forwards the officer's clicks to it: pick a batch
on the left; the rows on the right (line, worker, claim, status, the checks' results, documents, claim
reference), filtered by status; approve or reject the selected row (the reason typed stays when the hub refuses),
invite its worker to a video visit, approve every clean row at once, and submit the approved rows, which go out
through the console's durable outbox. A refused action is said in a banner in plain words. The table is a model
over the desk's rows, so a batch of thousands of rows scrolls without a widget per row.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QColor, QHideEvent, QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kiosk.app.console.collective import CollectiveDesk, Delivery, DeskProblem, Preview, RowView
from kiosk.domain.claim_catalog import CatalogError, default_catalog
from kiosk.protocol.rest import BatchPublic, RowStatus
from kiosk.ui.console.tile import named, set_prop

#: The panel's texts' translation context.
CONTEXT = "CollectivePanel"
#: The filter's choices, in the order an officer works through a batch.
FILTERS: tuple[RowStatus | None, ...] = (
    None, "confirmed", "video_requested", "waiting_confirmation", "approved", "submitted", "rejected", "refused",
    "to_invite",
)
COLUMNS = ("line", "worker", "claim", "status", "checks", "documents", "reference")
#: Row colours by status (the console theme's: green ready, amber waiting on someone, grey done, red refused).
_TINT = {
    "confirmed": "#EEF8F0", "video_requested": "#FFF5E6", "waiting_confirmation": "#FFFBEA", "approved": "#E8F0FB",
    "submitted": "#F2F5F6", "rejected": "#F2F5F6", "refused": "#FDEEEE",
}

#: Longest document name on a button (the whole name is its tooltip).
BUTTON_CHARS = 20
#: The document preview's width in pixels.
PREVIEW_WIDTH = 320
#: Milliseconds a redraw waits for more changes of the desk.
REDRAW_MS = 40

Spawn = Callable[[Coroutine[Any, Any, Any]], None]


def tr(source: str) -> str:
    """`source` translated in the panel's context."""
    return QCoreApplication.translate(CONTEXT, source)


def status_text(status: RowStatus | None) -> str:
    """A row status in the officer's words."""
    texts = {
        None: tr("Semua baris"),
        "refused": tr("Gagal pemeriksaan"),
        "to_invite": tr("Belum diundang"),
        "waiting_confirmation": tr("Menunggu konfirmasi pekerja"),
        "video_requested": tr("Minta video"),
        "confirmed": tr("Dikonfirmasi pekerja"),
        "approved": tr("Disetujui"),
        "rejected": tr("Ditolak"),
        "submitted": tr("Klaim terkirim"),
    }
    return texts[status]


def problem_text(problem: DeskProblem, message: str) -> str:
    """Why an action did not go through, in plain words."""
    texts = {
        DeskProblem.HUB_DOWN: tr("Hub tidak terjangkau. Tidak ada yang hilang; coba lagi sebentar lagi."),
        DeskProblem.NOT_CONFIRMED: tr("Pekerja belum mengonfirmasi klaim ini, jadi belum bisa disetujui."),
        DeskProblem.ROW_REFUSED: tr("Baris ini gagal pemeriksaan; pemberi kerja harus memperbaikinya dulu."),
        DeskProblem.ALREADY_SUBMITTED: tr("Klaim baris ini sudah terkirim."),
        DeskProblem.REASON_REQUIRED: tr("Tulis alasan penolakan: pemberi kerja membacanya."),
        DeskProblem.NO_FREE_SLOT: tr("Tidak ada jadwal video kosong dalam 14 hari ke depan."),
        DeskProblem.NOT_SEEN: tr("Kunjungan video pekerja ini belum selesai."),
        DeskProblem.OTHER: tr("Hub menolak: %1"),
    }
    return texts[problem].replace("%1", message)


def describe(view: RowView) -> str:
    """The status column: the row's status, and the outbox's word on its submission."""
    if view.delivery is Delivery.SENDING:
        return tr("Sedang dikirim")
    if view.delivery is Delivery.REFUSED:
        return tr("Pengiriman ditolak: %1").replace("%1", view.delivery_detail)
    text = status_text(view.status)
    if view.status in ("submitted", "approved", "rejected", "refused"):
        return text
    if view.row.video_visit == "booked":
        return text + " · " + tr("dijadwalkan %1").replace("%1", view.row.video_booking_code or "")
    if view.row.video_visit == "seen":
        return text + " · " + tr("sudah dilihat lewat video")
    return text


def checks_text(view: RowView, language: str) -> str:
    """The checks' results of a row: its issues in the officer's language, or a tick."""
    issues = view.row.issues
    if not issues:
        return tr("Lolos")
    return "; ".join(i.message_en if language == "en" else i.message_id for i in issues)


def pdf_first_page(content: bytes, width: int) -> QImage:
    """A PDF's first page as an image `width` pixels wide (a null image when it is no readable PDF)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
    from PySide6.QtPdf import QPdfDocument

    document = QPdfDocument()
    buffer = QBuffer()
    buffer.setData(QByteArray(content))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    if document.pageCount() < 1:
        return QImage()
    page = document.pagePointSize(0)
    height = int(width * page.height() / page.width()) if page.width() > 0 else width
    return document.render(0, QSize(width, height))


def document_name(kind: str, language: str) -> str:
    """A worker's document by the catalog's name (its code when the catalog lacks it)."""
    try:
        return default_catalog().document(kind).name(language)
    except (KeyError, ValueError, CatalogError):
        return kind


def letter_name(kind: str) -> str:
    """The employer's letters in words."""
    return tr("Surat kuasa") if kind == "power_of_attorney" else tr("Surat PHK perusahaan")


def claim_text(claim_type: str | None, reason: str | None, language: str) -> str:
    """A row's claim type and reason in words (the catalog's names; the codes when the catalog lacks them)."""
    if not claim_type:
        return ""
    try:
        entry = default_catalog().claim_type(claim_type)
    except (KeyError, ValueError, CatalogError):
        return " · ".join(v for v in (claim_type, reason) if v)
    try:
        reason_name = entry.reason(reason).name(language) if reason else ""
    except (KeyError, ValueError, CatalogError):
        reason_name = reason or ""
    return " · ".join(v for v in (claim_type, reason_name) if v)


class RowsModel(QAbstractTableModel):
    """The desk's visible rows as a table."""

    def __init__(self, language: str = "id") -> None:
        super().__init__()
        self.language = language
        self.views: list[RowView] = []

    def set_views(self, views: list[RowView]) -> None:
        """Show these rows (the whole table is reset: a batch changes many rows at once)."""
        self.beginResetModel()
        self.views = views
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        """Rows shown."""
        return 0 if parent.isValid() else len(self.views)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        """Columns shown."""
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        """Column titles."""
        if orientation is not Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (tr("Baris"), tr("Pekerja"), tr("Klaim"), tr("Status"), tr("Hasil pemeriksaan"), tr("Dokumen"),
                  tr("Nomor klaim"))
        return titles[section]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """A cell's text, tooltip or tint."""
        if not index.isValid() or index.row() >= len(self.views):
            return None
        view = self.views[index.row()]
        if role == Qt.ItemDataRole.BackgroundRole:
            tint = _TINT.get(view.status)
            return QColor(tint) if tint else None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = view.row
        column = COLUMNS[index.column()]
        if column == "line":
            return str(row.line)
        if column == "worker":
            return row.name or row.cells.get("name", "")
        if column == "claim":
            return claim_text(row.claim_type, row.reason, self.language)
        if column == "status":
            text = describe(view)
            if row.decision_reason and view.status == "rejected":
                text += f" ({row.decision_reason})"
            return text
        if column == "checks":
            return checks_text(view, self.language)
        if column == "documents":
            return str(len(row.documents))
        return view.claim_reference or ""


class CollectivePanel(QWidget):
    """The collective queue (see the module docstring)."""

    def __init__(self, desk: CollectiveDesk, spawn: Spawn, language: str = "id",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("collectivePanel")
        self.desk = desk
        self.spawn = spawn
        self.title = named(QLabel(), "focusHeader")
        self.refresh_button = named(QPushButton(), "refreshCollective")
        self.problem = named(QLabel(), "verdict")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.batch_list = QListWidget()
        self.batch_list.setObjectName("batchList")
        self.batch_list.setMinimumWidth(280)
        self.batch_list.setWordWrap(True)
        self.empty = named(QLabel(), "emptyGrid")
        self.empty.setWordWrap(True)
        self.summary = named(QLabel(), "sectionTitle")
        self.summary.setWordWrap(True)
        self.filter = QComboBox()
        self.model = RowsModel(language)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for column, width in zip(range(len(COLUMNS)), (60, 170, 170, 340, 260, 100, 210), strict=True):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(COLUMNS.index("checks"), QHeaderView.ResizeMode.Stretch)
        self.documents_title = named(QLabel(), "caption")
        self.documents_line = QHBoxLayout()
        self.document_buttons: list[QPushButton] = []
        self.preview = named(QLabel(), "collectivePreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.preview.setMinimumWidth(PREVIEW_WIDTH)
        self.preview.setWordWrap(True)
        self._previewed: Preview | None = None
        self._batches_listed: tuple[str | None, tuple[BatchPublic, ...]] | None = None
        self.approve_button = QPushButton()
        self.reason = QLineEdit()
        self.reject_button = QPushButton()
        self.video_button = QPushButton()
        self.approve_clean_button = QPushButton()
        self.submit_button = QPushButton()
        self._layout()
        self.batch_list.currentItemChanged.connect(self._on_batch)
        self.filter.currentIndexChanged.connect(self._on_filter)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_actions())
        self.refresh_button.clicked.connect(lambda: self.spawn(self.desk.refresh()))
        self.approve_button.clicked.connect(self._approve)
        self.reject_button.clicked.connect(self._reject)
        self.reason.returnPressed.connect(self._reject)
        self.video_button.clicked.connect(self._invite)
        self.approve_clean_button.clicked.connect(lambda: self.spawn(self.desk.approve_clean()))
        self.submit_button.clicked.connect(lambda: self.desk.submit_approved())
        # The desk changes once per row while a batch is submitted: one redraw per burst of changes.
        self._redraw = QTimer(self)
        self._redraw.setSingleShot(True)
        self._redraw.setInterval(REDRAW_MS)
        self._redraw.timeout.connect(self.show_desk)
        self.destroyed.connect(desk.subscribe(self._redraw.start))
        self.retranslate()

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.refresh_button)
        right = QWidget()
        rows = QVBoxLayout(right)
        rows.setContentsMargins(0, 0, 0, 0)
        filter_line = QHBoxLayout()
        filter_line.addWidget(self.summary, 1)
        filter_line.addWidget(self.filter)
        rows.addLayout(filter_line)
        table_line = QHBoxLayout()
        table_line.addWidget(self.table, 1)
        table_line.addWidget(self.preview)
        rows.addLayout(table_line, 1)
        rows.addWidget(self.empty)
        documents = QHBoxLayout()
        documents.addWidget(self.documents_title)
        documents.addLayout(self.documents_line)
        documents.addStretch(1)
        rows.addLayout(documents)
        row_actions = QHBoxLayout()
        row_actions.addWidget(self.approve_button)
        row_actions.addWidget(self.reason, 1)
        row_actions.addWidget(self.reject_button)
        row_actions.addWidget(self.video_button)
        rows.addLayout(row_actions)
        batch_actions = QHBoxLayout()
        batch_actions.addStretch(1)
        batch_actions.addWidget(self.approve_clean_button)
        batch_actions.addWidget(self.submit_button)
        rows.addLayout(batch_actions)
        split = QSplitter()
        split.addWidget(self.batch_list)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([300, 1200])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addLayout(top)
        layout.addWidget(self.problem)
        layout.addWidget(split, 1)

    def open(self) -> None:
        """Show the panel (a window of its own beside the console) with the hub's newest lists."""
        if self.isVisible():  # already open, maybe behind the console: to the front
            self.raise_()
            self.activateWindow()
        self.show()
        self.spawn(self.desk.refresh())

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        """A closed window keeps no worker's document: the preview's bytes go with it."""
        self.desk.close_preview()
        self.preview.clear()
        self._previewed = None
        super().hideEvent(event)

    # ------------------------------------------------------------------------------------------ render

    def retranslate(self) -> None:
        """Every fixed text."""
        self.setWindowTitle(tr("Antrean kolektif"))
        self.title.setText(tr("Antrean kolektif"))
        self.refresh_button.setText(tr("Muat ulang"))
        self.approve_button.setText(tr("Setujui baris"))
        self.reason.setPlaceholderText(tr("Alasan penolakan (dibaca pemberi kerja)"))
        self.reject_button.setText(tr("Tolak baris"))
        self.video_button.setText(tr("Undang ke video"))
        self.documents_title.setText(tr("Dokumen:"))
        self.filter.blockSignals(True)
        current = self.filter.currentIndex()
        self.filter.clear()
        self.filter.addItems([status_text(choice) for choice in FILTERS])
        self.filter.setCurrentIndex(max(0, current))
        self.filter.blockSignals(False)
        self.show_desk()

    def show_desk(self) -> None:
        """Show the desk as it is now."""
        desk = self.desk
        self._render_batches()
        selected = self.selected_row_id()
        self.model.set_views(desk.views())
        if selected is not None:
            self.select_row(selected)
        batch = desk.batch
        counts = desk.counts()
        if batch is None:
            self.summary.setText("")
            self.empty.setText(tr("Belum ada pengajuan kolektif dari pemberi kerja cabang ini.") if not desk.batches
                               else tr("Pilih pengajuan di sebelah kiri."))
        else:
            done = sum(counts.get(s, 0) for s in ("submitted", "rejected", "refused"))
            self.summary.setText(
                tr("%1 · %2 baris · %3 selesai").replace("%1", batch.employer.name)
                .replace("%2", str(sum(counts.values()))).replace("%3", str(done))
            )
            self.empty.setText(tr("Tidak ada baris dengan status ini."))
        self.empty.setVisible(self.model.rowCount() == 0)
        self.table.setVisible(self.model.rowCount() > 0)
        clean, to_submit = desk.clean_count(), len(desk.to_submit())
        self.approve_clean_button.setText(tr("Setujui semua yang bersih (%1)").replace("%1", str(clean)))
        self.approve_clean_button.setEnabled(clean > 0 and not desk.busy)
        sending = desk.sending_count()
        label = tr("Kirim klaim yang disetujui (%1)").replace("%1", str(to_submit))
        if sending:
            label += " · " + tr("%1 sedang dikirim").replace("%1", str(sending))
        self.submit_button.setText(label)
        self.submit_button.setEnabled(to_submit > 0)
        if desk.problem is not None:
            self.problem.setText(problem_text(desk.problem, desk.problem_message))
            set_prop(self.problem, "level", "bad")
        self.problem.setVisible(desk.problem is not None)
        self._show_actions()

    def _render_batches(self) -> None:
        desk = self.desk
        listed = (desk.batch_id, tuple(desk.batches))
        if listed == self._batches_listed:
            return  # unchanged: the list (and its scroll position) stays as it is
        self._batches_listed = listed
        self.batch_list.blockSignals(True)
        self.batch_list.clear()
        for batch in desk.batches:
            item = QListWidgetItem(self._batch_text(batch))
            item.setData(Qt.ItemDataRole.UserRole, batch.id)
            self.batch_list.addItem(item)
            if batch.id == desk.batch_id:
                self.batch_list.setCurrentItem(item)
        self.batch_list.blockSignals(False)

    @staticmethod
    def _batch_text(batch: BatchPublic) -> str:
        c = batch.counts
        return (
            f"{batch.employer.name}\n"
            + tr("%1 baris · %2 siap disetujui · %3 minta video").replace("%1", str(c.rows))
            .replace("%2", str(c.confirmed)).replace("%3", str(c.video_requested))
            + "\n"
            + tr("%1 terkirim · %2 menunggu konfirmasi").replace("%1", str(c.submitted))
            .replace("%2", str(c.waiting_confirmation))
        )

    def _show_documents(self, view: RowView | None) -> None:
        """A button per document of the selected row and per letter of the batch; the opened one previewed."""
        wanted: list[tuple[int | None, str, str]] = []
        batch = self.desk.batch
        if view is not None:
            wanted += [(view.row.id, kind, document_name(kind, self.model.language)) for kind in view.row.documents]
        if batch is not None:
            wanted += [(None, kind, letter_name(kind)) for kind in batch.letters]
        keys = [(row_id, kind) for row_id, kind, _ in wanted]
        if keys != [b.property("key") for b in self.document_buttons]:
            for button in self.document_buttons:
                self.documents_line.removeWidget(button)
                button.hide()  # until Qt deletes it, it must not be drawn where the layout left it
                button.deleteLater()
            self.document_buttons = []
            for row_id, kind, name in wanted:
                short = name.split(" (")[0]  # "Family card (Kartu Keluarga)": the name, not its bracket
                short = short if len(short) <= BUTTON_CHARS else short[: BUTTON_CHARS - 1].rstrip() + "…"
                button = named(QPushButton(short), "small")
                button.setToolTip(name)
                button.setProperty("key", (row_id, kind))
                button.clicked.connect(lambda _=False, r=row_id, k=kind: self.spawn(self.desk.open_document(r, k)))
                self.documents_line.addWidget(button)
                self.document_buttons.append(button)
        preview = self.desk.preview
        shown = preview is not None and (preview.row_id is None or (view is not None and preview.row_id == view.row.id))
        self.preview.setVisible(shown)  # the table keeps the whole width until a document is opened
        if not shown or preview is None:
            self.preview.clear()
            self._previewed = None
            return
        if preview is self._previewed:
            return  # decoded once: a redraw while claims go out (every 40 ms) does not decode it again
        self._previewed = preview
        image = QImage.fromData(preview.content)
        if image.isNull():
            image = pdf_first_page(preview.content, PREVIEW_WIDTH)
        if image.isNull():
            self.preview.setText(tr("Berkas ini tidak dapat ditampilkan."))
            return
        self.preview.setPixmap(QPixmap.fromImage(image).scaledToWidth(PREVIEW_WIDTH - 8,
                                                                      Qt.TransformationMode.SmoothTransformation))

    def _show_actions(self) -> None:
        view = self._selected()
        self._show_documents(view)
        status = view.status if view is not None else None
        idle = not self.desk.busy
        seen = view is not None and view.row.video_visit == "seen"
        self.approve_button.setEnabled(idle and (status == "confirmed" or (seen and status not in (
            None, "approved", "submitted", "rejected", "refused"))))
        self.reject_button.setEnabled(idle and status not in (None, "submitted", "rejected"))
        self.reason.setEnabled(status not in (None, "submitted", "rejected"))
        self.video_button.setEnabled(idle and status in ("video_requested", "confirmed", "waiting_confirmation"))
        booked = view.row.video_booking_code if view is not None else None
        self.video_button.setText(tr("Video dijadwalkan: %1").replace("%1", booked) if booked
                                  else tr("Undang ke video"))

    # ----------------------------------------------------------------------------------------- queries

    def selected_row_id(self) -> int | None:
        """The selected row's id."""
        view = self._selected()
        return view.row.id if view is not None else None

    def _selected(self) -> RowView | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.model.views):
            return None
        return self.model.views[rows[0].row()]

    def select_batch(self, batch_id: str) -> bool:
        """Pick a batch in the list, as a click would (False when it is not listed)."""
        for index in range(self.batch_list.count()):
            if self.batch_list.item(index).data(Qt.ItemDataRole.UserRole) == batch_id:
                self.batch_list.setCurrentRow(index)
                return True
        return False

    def select_row(self, row_id: int) -> bool:
        """Select a row by id (False when it is not shown)."""
        for index, view in enumerate(self.model.views):
            if view.row.id == row_id:
                self.table.selectRow(index)
                return True
        return False

    # ------------------------------------------------------------------------------------------ input

    def _on_batch(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None = None) -> None:
        if item is not None:
            self.spawn(self.desk.open_batch(str(item.data(Qt.ItemDataRole.UserRole))))

    def _on_filter(self, index: int) -> None:
        self.desk.set_filter(FILTERS[index] if 0 <= index < len(FILTERS) else None)
        self.show_desk()

    def _approve(self) -> None:
        view = self._selected()
        if view is not None:
            # A worker the officer saw in a video visit is approved on that visit (the hub checks it took place).
            seen = view.status != "confirmed" and view.row.video_visit == "seen"
            self.spawn(self.desk.approve(view.row.id, seen_by_video=seen))

    def _reject(self) -> None:
        row_id = self.selected_row_id()
        if row_id is None:
            return

        async def reject() -> None:
            if await self.desk.reject(row_id, self.reason.text()):
                self.reason.clear()  # kept when the hub refused: nothing typed is lost

        self.spawn(reject())

    def _invite(self) -> None:
        row_id = self.selected_row_id()
        if row_id is not None:
            self.spawn(self.desk.invite_video(row_id))
