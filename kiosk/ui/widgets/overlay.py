"""A modal layer over a window's content: a dark scrim with a card in the middle ("still there?", on hold)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget


class Overlay(QFrame):
    """Covers its parent completely (following its resizes) and swallows touches meant for what is under it."""

    def __init__(self, parent: QWidget, object_name: str) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._card = QFrame(self)
        self._card.setObjectName("overlayCard")
        self._card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.card_layout = QVBoxLayout(self._card)
        self.card_layout.setContentsMargins(48, 40, 48, 40)
        self.card_layout.setSpacing(24)
        # Centred with stretches, not with an alignment flag: an aligned widget gets its plain size hint, so
        # wrapped words inside would be cut off; a nested row passes the height-for-width through.
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self._card)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)
        # QSS styles the scrim by its property; the objectName stays free for tests (e.g. inactivityOverlay).
        self.setProperty("overlay", True)
        self.setObjectName(object_name)
        parent.installEventFilter(self)
        self.hide()

    def card(self) -> QFrame:
        """The card in the middle (put the content into `card_layout`)."""
        return self._card

    def open(self) -> None:
        """Show over everything."""
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.raise_()
        self.show()

    def close_overlay(self) -> None:
        """Hide."""
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Follow the parent's size."""
        parent = self.parentWidget()
        if parent is not None and watched is parent and event.type() == QEvent.Type.Resize:
            self.setGeometry(parent.rect())
        return False
