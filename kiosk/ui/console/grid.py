"""`BoothGrid`: one tile per assigned booth, laid out for the count (1x1 up to 4x3), tiles kept in slot order."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import shiboken6
from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from kiosk.app.console.session import Booth
from kiosk.app.console.state import Change, ConsoleState, Event, grid_shape
from kiosk.app.console.wait_cue import WaitCue
from kiosk.ui.console.tile import BoothTile, named

FrameSourceFactory = Callable[[str], Callable[[], "np.ndarray | None"] | None]


class BoothGrid(QWidget):
    """The grid of tiles; shows the state's booths and forwards "focus this one"."""

    #: The officer picked a tile.
    activated = Signal(str)

    def __init__(
        self,
        state: ConsoleState,
        frame_sources: FrameSourceFactory | None = None,
        parent: QWidget | None = None,
        *,
        strip: bool = False,
    ) -> None:
        super().__init__(parent)
        # A strip is the focus view's row of the other booths: small tiles, the focused booth left out.
        self._strip = strip
        self.setObjectName("boothStrip" if strip else "boothGrid")
        self._state = state
        self._frame_sources = frame_sources or (lambda _sid: None)
        self.tiles: dict[str, BoothTile] = {}
        #: The machine checks' hint for a session's tile ("" for none); the window sets it when checks run.
        self.assist_text: Callable[[str], str] = lambda _session_id: ""
        #: The wait thresholds every tile escalates by (the window sets the configured ones).
        self.wait_cue = WaitCue()
        self._layout = QGridLayout()
        self._layout.setSpacing(10)
        self._layout.setContentsMargins(10, 10, 10, 10)
        self._empty = named(QLabel(), "emptyGrid")
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty.setWordWrap(True)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._empty)
        outer.addLayout(self._layout, 1)
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self.refresh_times)
        self._ticker.start()
        # A peer's state callback may report after this widget is gone (closing a peer reports CLOSED): stop
        # listening when Qt destroys it, and ignore a change that still arrives for a deleted widget.
        self.destroyed.connect(state.subscribe(self._on_event))
        self._sync_tiles()
        self._retranslate()

    def tile(self, session_id: str) -> BoothTile | None:
        """The tile of a session, if it has one."""
        return self.tiles.get(session_id)

    def refresh_times(self) -> None:
        """Tick the per-tile counters."""
        longest = self._state.longest_waiting()
        for sid, tile in self.tiles.items():
            booth = self._state.booths.get(sid)
            if booth is not None and (sid == longest) == tile.longest_badge.isHidden():
                self._show(booth)
            tile.refresh_time()

    def _on_event(self, event: Event) -> None:
        if not shiboken6.isValid(self):
            return
        if event.change is Change.BOOTHS or (event.change is Change.FOCUS and self._strip):
            self._sync_tiles()
        elif event.change in (Change.BOOTH, Change.FOCUS):
            # Attention on one booth can change which booth waits longest: refresh all, they are few.
            for booth in self._state.booths.values():
                self._show(booth)
        elif event.change is Change.DETAIL and event.session_id in self._state.booths:
            # The detail can name an heir's claim (the heir and the participant who died) on the tile.
            self._show(self._state.booths[event.session_id])
        elif event.change is Change.STATUS:
            self._retranslate()

    def _show(self, booth: Booth) -> None:
        tile = self.tiles.get(booth.session_id)
        if tile is not None:
            tile.show_booth(
                booth,
                longest=booth.session_id == self._state.longest_waiting(),
                focused=booth.session_id == self._state.focused,
            )
            tile.show_assist(self.assist_text(booth.session_id))

    def refresh_booth(self, session_id: str) -> None:
        """Re-render one booth's tile (its machine-check hint changed)."""
        booth = self._state.booths.get(session_id)
        if booth is not None:
            self._show(booth)

    def _booths(self) -> list[Booth]:
        booths = self._state.tiles()
        if self._strip:
            booths = [b for b in booths if b.session_id != self._state.focused]
        return booths

    def _sync_tiles(self) -> None:
        booths = self._booths()
        wanted = {b.session_id for b in booths}
        for sid in list(self.tiles):
            if sid not in wanted:
                tile = self.tiles.pop(sid)
                self._layout.removeWidget(tile)
                tile.video.clear()  # the next participant must never see this one's last frame
                tile.hide()
                tile.setParent(None)
                tile.deleteLater()
        for booth in booths:
            if booth.session_id not in self.tiles:
                tile = BoothTile(booth, self._frame_sources(booth.session_id), self)
                tile.wait_cue = self.wait_cue
                tile.set_clock(self._state.now)
                tile.set_compact(self._strip)
                tile.activated.connect(self.activated)
                self.tiles[booth.session_id] = tile
        for row in range(self._layout.rowCount()):
            self._layout.setRowStretch(row, 0)
        for col in range(self._layout.columnCount()):
            self._layout.setColumnStretch(col, 0)
        columns, rows = (max(1, len(booths)), 1) if self._strip else grid_shape(len(booths))
        for index, booth in enumerate(booths):
            tile = self.tiles[booth.session_id]
            self._layout.removeWidget(tile)
            self._layout.addWidget(tile, index // columns, index % columns)
            self._show(booth)
        for col in range(columns):
            self._layout.setColumnStretch(col, 1)
        for row in range(rows):
            self._layout.setRowStretch(row, 1)
        self._empty.setVisible(not booths and not self._strip)

    def _retranslate(self) -> None:
        if self._state.paused:
            self._empty.setText(
                self.tr("Istirahat: tidak ada bilik baru yang masuk.\nTekan Ctrl+Shift+B untuk lanjut.")
            )
        else:
            self._empty.setText(self.tr("Belum ada bilik. Bilik baru akan muncul di sini saat peserta siap."))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        """Re-read texts on a language change."""
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
