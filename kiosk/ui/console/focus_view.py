"""`FocusView`: one booth large with its workspace beside it, the other booths in a strip below.

Above the video the booth's number, masked name, claim and state; below it a banner naming the other booth that
has waited longest for the officer (with its number key). Everything shown comes from the `ConsoleState`.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from kiosk.app.console.session import Booth, SessionDetail
from kiosk.app.console.state import ConsoleState
from kiosk.app.console.wait_cue import WaitCue
from kiosk.domain.channels import Channel
from kiosk.domain.disclosure import Disclosure
from kiosk.protocol import AttentionKind
from kiosk.ui.console.grid import BoothGrid, FrameSourceFactory
from kiosk.ui.console.heir_text import name_line
from kiosk.ui.console.tile import attention_text, format_duration, named, set_prop, state_text
from kiosk.ui.console.workspace import Workspace
from kiosk.ui.widgets.video_view import VideoView

#: The texts were the window's when the catalog was written: they keep its translation context.
CONTEXT = "ConsoleWindow"


class FocusView(QSplitter):
    """The focus page of the console (see the module docstring)."""

    def __init__(
        self, state: ConsoleState, frame_sources: FrameSourceFactory, *, language: str = "id", today: date
    ) -> None:
        super().__init__(Qt.Orientation.Horizontal)
        self.state = state
        self._frame_sources = frame_sources
        self.strip = BoothGrid(state, frame_sources, strip=True)
        self.strip.activated.connect(state.focus)
        self.strip.setFixedHeight(230)
        self.video = VideoView(fps=30)
        self.video.set_color_order("rgb")  # the service pulls remote frames as rgb24
        self.header = named(QLabel(), "focusHeader")
        self.banner = named(QLabel(), "attentionBanner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.back_button = named(QPushButton(), "backButton")
        self.back_button.clicked.connect(state.unfocus)
        self.workspace = Workspace(language=language)
        #: When the banner turns amber, then red (the window gives the configured thresholds).
        self.wait_cue = WaitCue()
        self.workspace.set_today(today)

        header_row = QHBoxLayout()
        header_row.addWidget(self.back_button)
        header_row.addWidget(self.header, 1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(10, 10, 0, 10)
        left_layout.addLayout(header_row)
        left_layout.addWidget(self.video, 1)
        left_layout.addWidget(self.banner)
        left_layout.addWidget(self.strip)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 10, 10, 10)
        right_layout.addWidget(self.workspace)
        self.addWidget(left)
        self.addWidget(right)
        self.setStretchFactor(0, 5)
        self.setStretchFactor(1, 6)

    def tr(self, source: str, disambiguation: str | None = None, n: int = -1) -> str:
        """`source` translated in the window's context."""
        return QCoreApplication.translate(CONTEXT, source, disambiguation, n)

    def retranslate(self) -> None:
        """Fixed texts."""
        self.back_button.setText(self.tr("← Semua bilik (Esc)"))
        self.show_header()

    def show_focused(self) -> None:
        """Show the focused booth (nothing: clear the video and the workspace)."""
        sid = self.state.focused
        if sid is None:
            self.video.set_source(None)
            self.video.clear()
            self.workspace.show_session(None, None)
        else:
            self.video.clear()
            self.video.set_source(self._frame_sources(sid))
            self.show_header()
            self.show_workspace()
        self.update_banner()

    def end_name(self, booth: Booth) -> str:
        """How the officer names a participant's end: "Bilik 3" at the branch, "Online" from home."""
        if booth.channel is Channel.ONLINE or booth.booth_number is None:
            return self.tr("Online")
        return self.tr("Bilik %1").replace("%1", str(booth.booth_number))

    def show_header(self) -> None:
        """The focused booth's number, masked name, claim and state."""
        booth = self.state.booths.get(self.state.focused or "")
        if booth is None:
            return
        detail = booth.detail
        full = detail.record.name if detail.record else str(detail.entries.get("name") or "")
        parts = [
            self.end_name(booth),
            # The session being verified: the name in full, as the data table beside it shows it.
            name_line(booth, Disclosure.VERIFY, full),  # an heir's claim: the heir and the participant who died
            booth.claim_type or "",
            state_text(self, booth.state),
        ]
        self.header.setText("  ·  ".join(p for p in parts if p))

    def show_workspace(self) -> None:
        """The focused session's detail in the workspace (the state holds it; this only renders)."""
        sid = self.state.focused
        if sid is None:
            return
        booth = self.state.booths.get(sid)
        detail = booth.detail if booth is not None else SessionDetail(session_id=sid)
        self.workspace.show_session(detail, booth)

    def update_banner(self) -> None:
        """Name the other booth that has waited longest, with its key."""
        focused = self.state.focused
        others = [sid for sid in self.state.attention_order() if sid != focused]
        if focused is None or not others:
            self.banner.hide()
            return
        booth = self.state.booths[others[0]]
        kinds = [k for k in (AttentionKind.HELP, AttentionKind.READY, AttentionKind.QUALITY) if k in booth.attention]
        since = booth.waiting_since() or self.state.now()
        text = self.tr("%1 menunggu: %2 · %3 · tekan %4").replace("%1", self.end_name(booth))
        text = text.replace("%2", attention_text(self, kinds[0]) if kinds else "")
        text = text.replace("%3", format_duration(self.state.now() - since)).replace("%4", str(booth.key))
        if len(others) > 1:
            text += "  " + self.tr("(+%n bilik lain)", "", len(others) - 1)
        self.banner.setText(text)
        set_prop(self.banner, "kind", kinds[0].value if kinds else "ready")
        set_prop(self.banner, "wait", self.wait_cue.level(self.state.now() - since).value)
        self.banner.show()
