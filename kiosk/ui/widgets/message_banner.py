"""A friendly message box under an input or on a screen: an icon plus words, never colour alone."""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QWidget

from kiosk.ui.app import icon
from kiosk.ui.widgets.base import set_style_property

Level = Literal["info", "ok", "warning", "error"]

_ICONS: dict[str, str] = {"info": "info", "ok": "check", "warning": "alert", "error": "alert"}


class MessageBanner(QFrame):
    """Shows one message at a level; keeps its space when empty so the screen does not jump."""

    def __init__(self, parent: QWidget | None = None, object_name: str = "", retain_space: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("messageBanner")
        self._icon = QLabel(self)
        self._icon.setFixedSize(48, 48)
        self._text = QLabel(self)
        self._text.setWordWrap(True)
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        if object_name:
            self._text.setObjectName(object_name)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.setSpacing(16)
        layout.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self._text, 1)
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(retain_space)
        policy.setVerticalPolicy(QSizePolicy.Policy.Minimum)
        self.setSizePolicy(policy)
        self._level: Level = "info"
        self.hide()

    def show_message(self, level: Level, text: str) -> None:
        """Show `text` at `level` (an empty text hides the banner)."""
        if not text:
            self.clear()
            return
        self._level = level
        set_style_property(self, "level", level)
        self._icon.setPixmap(icon(_ICONS[level]).pixmap(QSize(48, 48)))
        self._text.setText(text)
        self.show()

    def clear(self) -> None:
        """Hide the message (its space stays)."""
        self._text.clear()
        self.hide()

    def text(self) -> str:
        """The message shown, or "" when hidden."""
        return "" if self.isHidden() else self._text.text()

    def level(self) -> Level:
        """The level of the last message shown."""
        return self._level

    def label(self) -> QLabel:
        """The label holding the text (tests find it by its objectName)."""
        return self._text
