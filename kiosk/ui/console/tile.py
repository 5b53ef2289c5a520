"""`BoothTile`: one booth in the grid, readable at a glance from across the desk on hour seven.

Top to bottom: the number key and booth number with the network and recording marks; the live video; the
attention badges; the participant's masked name and claim; the state with the time spent in it; progress.
The tile's border takes the colour of the most urgent attention (help > ready > quality); the booth waiting
longest gets a thicker border and a "waiting longest" badge; a wait past the `WaitCue`'s thresholds turns the
tile amber, then red (its `wait` property), whatever the request's own colour. All of that is QSS on dynamic properties
(assets/theme/console.qss); the tile only shows a `Booth` and forwards clicks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import numpy as np
from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.app.console.session import Booth, NetworkQuality, RecordingState, SubmissionState
from kiosk.app.console.wait_cue import WaitCue, WaitLevel
from kiosk.domain.channels import Channel
from kiosk.domain.claims import default_catalog
from kiosk.domain.disclosure import Disclosure
from kiosk.domain.durations import format_duration as format_duration  # re-exported: the views use it
from kiosk.domain.session import SessionState
from kiosk.protocol import AttentionKind, AttentionReason
from kiosk.ui.console.heir_text import name_line
from kiosk.ui.widgets.signal_bars import SignalBars
from kiosk.ui.widgets.video_view import VideoView

#: Most urgent first: the border shows the first one raised.
ATTENTION_PRIORITY: tuple[AttentionKind, ...] = (AttentionKind.HELP, AttentionKind.READY, AttentionKind.QUALITY)


W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str) -> W:
    """`widget` with its object name set (QSS selects on it; PySide's stubs lack the keyword)."""
    widget.setObjectName(name)
    return widget


def set_prop(widget: QWidget, name: str, value: object) -> None:
    """Set a QSS dynamic property and re-polish only when it changed (re-polishing is not free)."""
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    widget.update()


class BoothTile(QFrame):
    """A booth's tile: video, identity, state, progress, attention; click to focus."""

    #: The officer clicked the tile: focus this session.
    activated = Signal(str)

    def __init__(
        self, booth: Booth, frame_source: Callable[[], np.ndarray | None] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("boothTile")
        self.session_id = booth.session_id
        self._booth = booth
        self._now: Callable[[], float] = lambda: 0.0
        #: When a wait turns amber, then red (the grid gives the configured thresholds).
        self.wait_cue = WaitCue()
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        self.key_label = named(QLabel(), "keyCap")
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.booth_label = named(QLabel(), "boothNumber")
        self.recording_label = named(QLabel(), "recording")
        self.submission_label = named(QLabel(), "submission")
        self.bars = SignalBars()
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.setSpacing(8)
        header.addWidget(self.key_label)
        header.addWidget(self.booth_label)
        header.addStretch(1)
        header.addWidget(self.submission_label)
        header.addWidget(self.recording_label)
        header.addWidget(self.bars)

        self.video = VideoView(self, fps=10)
        self.video.set_color_order("rgb")  # the service pulls remote frames as rgb24
        self.video.set_fit("cover")
        self.video.clicked.connect(lambda: self.activated.emit(self.session_id))
        if frame_source is not None:
            self.video.set_source(frame_source)

        self.badges: dict[AttentionKind, QLabel] = {}
        badge_row = QHBoxLayout()
        badge_row.setContentsMargins(0, 0, 0, 0)
        badge_row.setSpacing(6)
        for kind in ATTENTION_PRIORITY:
            badge = named(QLabel(), "badge")
            badge.setProperty("kind", kind.value)
            badge.hide()
            self.badges[kind] = badge
            badge_row.addWidget(badge)
        # The help badge names why (and which documents): it wraps rather than widen the tile.
        self.badges[AttentionKind.HELP].setWordWrap(True)
        self.longest_badge = named(QLabel(), "badge")
        self.longest_badge.setProperty("kind", "longest")
        self.longest_badge.hide()
        badge_row.addWidget(self.longest_badge)
        # A long wait on a booth that is not the longest waiting (that one's own badge takes the colour).
        self.wait_badge = named(QLabel(), "badge")
        self.wait_badge.setProperty("kind", "wait")
        self.wait_badge.hide()
        badge_row.addWidget(self.wait_badge)
        # What the machine checks ask the officer to look at (a second face, a field that differs).
        self.assist_badge = named(QLabel(), "badge")
        self.assist_badge.setProperty("kind", "assist")
        self.assist_badge.hide()
        badge_row.addWidget(self.assist_badge)
        badge_row.addStretch(1)

        self.name_label = named(QLabel(), "participant")
        self.claim_label = named(QLabel(), "claim")
        identity = QHBoxLayout()
        identity.setContentsMargins(0, 0, 0, 0)
        identity.addWidget(self.name_label, 1)
        identity.addWidget(self.claim_label)

        self.state_label = named(QLabel(), "stateChip")
        self.time_label = named(QLabel(), "stateTime")
        self.progress = named(QProgressBar(), "docProgress")
        self.progress.setTextVisible(True)
        status = QHBoxLayout()
        status.setContentsMargins(0, 0, 0, 0)
        status.setSpacing(8)
        status.addWidget(self.state_label)
        status.addWidget(self.time_label)
        status.addStretch(1)
        status.addWidget(self.progress, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.setSpacing(4)
        layout.addLayout(header)
        layout.addWidget(self.video, 1)
        layout.addLayout(badge_row)
        layout.addLayout(identity)
        layout.addLayout(status)
        self.show_booth(booth, longest=False)

    # --------------------------------------------------------------------------------------------- API

    def set_clock(self, now: Callable[[], float]) -> None:
        """The clock the time-in-state counter reads (the state's)."""
        self._now = now
        self.refresh_time()

    def set_compact(self, compact: bool) -> None:
        """Hide the least important rows when the tile is small (the focus view's strip)."""
        set_prop(self, "compact", compact)
        self.claim_label.setVisible(not compact)
        self.progress.setVisible(not compact)
        self.video.setMinimumSize(96, 54) if compact else self.video.setMinimumSize(160, 90)

    def show_booth(self, booth: Booth, *, longest: bool, focused: bool = False) -> None:
        """Show the booth's current details."""
        self._booth = booth
        self.key_label.setText(str(booth.key) if booth.key <= 9 else "")
        self.key_label.setToolTip(self.tr("Tekan %1 untuk fokus ke bilik ini").replace("%1", str(booth.key)))
        # Which channel: "Bilik 3" at the branch, "Online" for a participant at home (no booth number).
        online = booth.channel is Channel.ONLINE or booth.booth_number is None
        booth_name = self.tr("Bilik %1").replace("%1", str(booth.booth_number))
        self.booth_label.setText(self.tr("Online") if online else booth_name)
        set_prop(self.booth_label, "channel", booth.channel.value)
        # At a glance: masked (`kiosk.domain.disclosure`), even when the console knows the full name.
        full = booth.detail.record.name if booth.detail.record else None
        # An heir's claim names the heir in front of the camera and the participant who died.
        self.name_label.setText(name_line(booth, Disclosure.GLANCE, full) or self.tr("(nama belum ada)"))
        self.claim_label.setText(booth.claim_type or "")
        self.state_label.setText(state_text(self, booth.state))
        set_prop(self.state_label, "state", booth.state.value)
        total = booth.documents_total
        self.progress.setVisible(total > 0 and self.property("compact") is not True)
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(min(booth.documents_done, max(1, total)))
        self.progress.setFormat(
            self.tr("Dokumen %1/%2").replace("%1", str(booth.documents_done)).replace("%2", str(total))
        )
        self.bars.set_quality(booth.network)
        self.bars.setToolTip(network_text(self, booth.network))
        self.video.set_overlay_text(interrupted_text(self, booth.interrupted_s))
        self._show_recording(booth.recording)
        self._show_submission(booth)
        top = next((k for k in ATTENTION_PRIORITY if k in booth.attention), None)
        for kind, badge in self.badges.items():
            badge.setText(help_text(booth) if kind is AttentionKind.HELP else attention_text(self, kind))
            badge.setVisible(kind in booth.attention)
        self.longest_badge.setVisible(longest)
        set_prop(self, "attention", top.value if top else "none")
        set_prop(self, "longest", longest)
        set_prop(self, "focused", focused)
        self.video.set_placeholder_text(
            self.tr("Menunggu video…") if booth.connected else self.tr("Menghubungkan ke bilik…")
        )
        self.refresh_time()

    def show_assist(self, text: str) -> None:
        """The machine checks' hint for this booth ("" hides it)."""
        self.assist_badge.setText(text)
        self.assist_badge.setVisible(bool(text))

    def refresh_time(self) -> None:
        """Update the counters (time in state, time waiting); called once a second."""
        booth = self._booth
        now = self._now()
        self.time_label.setText(format_duration(now - booth.state_since))
        since = booth.waiting_since()
        waited = None if since is None else now - since
        level = self.wait_cue.level(waited)
        set_prop(self, "wait", level.value)
        set_prop(self.longest_badge, "wait", level.value)
        set_prop(self.wait_badge, "wait", level.value)
        if waited is not None and not self.longest_badge.isHidden():
            self.longest_badge.setText(self.tr("Terlama menunggu %1").replace("%1", format_duration(waited)))
        escalated = level in (WaitLevel.LONG, WaitLevel.URGENT)
        self.wait_badge.setVisible(escalated and self.longest_badge.isHidden())
        if escalated and waited is not None:
            self.wait_badge.setText(self.tr("Menunggu %1").replace("%1", format_duration(waited)))

    def _show_recording(self, state: RecordingState) -> None:
        texts = {
            RecordingState.OFF: "",
            RecordingState.RECORDING: self.tr("● REK"),
            RecordingState.UPLOADING: self.tr("↑ Unggah rekaman"),
            RecordingState.UPLOADED: self.tr("✓ Rekaman"),
            RecordingState.FAILED: self.tr("✗ Rekaman gagal"),
        }
        self.recording_label.setText(texts[state])
        self.recording_label.setVisible(state is not RecordingState.OFF)
        set_prop(self.recording_label, "state", state.value)

    def _show_submission(self, booth: Booth) -> None:
        texts = {
            SubmissionState.NONE: "",
            SubmissionState.PENDING: self.tr("Klaim menunggu kirim"),
            SubmissionState.DELIVERED: self.tr("Terkirim %1").replace("%1", booth.submission_detail),
            SubmissionState.REFUSED: self.tr("Klaim ditolak server"),
        }
        self.submission_label.setText(texts[booth.submission])
        self.submission_label.setToolTip(booth.submission_detail)
        self.submission_label.setVisible(booth.submission is not SubmissionState.NONE)
        set_prop(self.submission_label, "state", booth.submission.value)

    # ------------------------------------------------------------------------------------------- events

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        """A click anywhere on the tile focuses it."""
        if event.button() == Qt.MouseButton.LeftButton:
            self.activated.emit(self.session_id)
        super().mouseReleaseEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        """Re-read texts on a language change."""
        if event.type() == QEvent.Type.LanguageChange:
            self.show_booth(self._booth, longest=bool(self.property("longest")), focused=bool(self.property("focused")))
        super().changeEvent(event)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """A 16:9 video plus the rows around it."""
        return QSize(480, 380)


def state_text(widget: QWidget, state: SessionState) -> str:
    """A session state in the officer's words."""
    texts = {
        SessionState.CHECKED_IN: QCoreApplication.translate("ConsoleTexts", "Baru masuk"),
        SessionState.SELF_SERVICE: QCoreApplication.translate("ConsoleTexts", "Layanan mandiri"),
        SessionState.WAITING_CSO: QCoreApplication.translate("ConsoleTexts", "Menunggu petugas"),
        SessionState.IN_CALL: QCoreApplication.translate("ConsoleTexts", "Dalam panggilan"),
        SessionState.VERIFYING: QCoreApplication.translate("ConsoleTexts", "Verifikasi"),
        SessionState.APPROVED: QCoreApplication.translate("ConsoleTexts", "Disetujui"),
        SessionState.SUBMITTED: QCoreApplication.translate("ConsoleTexts", "Terkirim"),
        SessionState.REJECTED: QCoreApplication.translate("ConsoleTexts", "Ditolak"),
        SessionState.ABANDONED: QCoreApplication.translate("ConsoleTexts", "Ditinggalkan"),
        SessionState.CANCELLED: QCoreApplication.translate("ConsoleTexts", "Dibatalkan"),
    }
    return texts[state]


def attention_text(widget: QWidget, kind: AttentionKind) -> str:
    """An attention badge's words."""
    texts = {
        AttentionKind.READY: QCoreApplication.translate("ConsoleTexts", "Siap diverifikasi"),
        AttentionKind.HELP: QCoreApplication.translate("ConsoleTexts", "Minta bantuan"),
        AttentionKind.QUALITY: QCoreApplication.translate("ConsoleTexts", "Masalah kualitas"),
    }
    return texts[kind]


def help_text(booth: Booth) -> str:
    """The help badge's words: each reason the participant gave, with the documents they do not have."""
    words = {
        AttentionReason.NEEDS_HELP: QCoreApplication.translate("ConsoleTexts", "Minta bantuan"),
        AttentionReason.MISSING_DOCUMENT: QCoreApplication.translate("ConsoleTexts", "Tidak punya dokumen"),
        AttentionReason.CANNOT_HEAR: QCoreApplication.translate("ConsoleTexts", "Tidak bisa mendengar"),
        AttentionReason.PROBLEM: QCoreApplication.translate("ConsoleTexts", "Ada gangguan di bilik"),
    }
    if not booth.help_reasons:
        return words[AttentionReason.NEEDS_HELP]
    language = "en" if QCoreApplication.translate("ConsoleTexts", "Minta bantuan") != "Minta bantuan" else "id"
    catalog = default_catalog().documents
    parts = []
    for reason, documents in booth.help_reasons.items():
        names = [catalog[c].name(language) if c in catalog else c for c in documents]
        parts.append(words[reason] + (": " + ", ".join(names) if names else ""))
    return " · ".join(parts)


def interrupted_text(widget: QWidget, seconds: int | None) -> str:
    """The card over a tile whose booth went silent (`kiosk.app.link_health`), "" while media flows."""
    if seconds is None:
        return ""
    return QCoreApplication.translate("ConsoleTexts", "Sambungan terputus · %1").replace("%1", format_duration(seconds))


def network_text(widget: QWidget, quality: NetworkQuality) -> str:
    """The network mark's tooltip."""
    texts = {
        NetworkQuality.GOOD: QCoreApplication.translate("ConsoleTexts", "Jaringan baik"),
        NetworkQuality.FAIR: QCoreApplication.translate("ConsoleTexts", "Jaringan sedang"),
        NetworkQuality.POOR: QCoreApplication.translate("ConsoleTexts", "Jaringan buruk"),
        NetworkQuality.UNKNOWN: QCoreApplication.translate("ConsoleTexts", "Jaringan belum diketahui"),
    }
    return texts[quality]
