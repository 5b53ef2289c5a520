"""`ElidedComboBox`: a drop-down whose chosen entry stays recognisable when it is longer than the box.

Device names are long and alike ("HD Pro Webcam C920 (usb-0000:00:14.0-1)", "HD Pro Webcam C920
(usb-0000:00:14.0-2)"). A plain QComboBox cuts the text at its right edge, mid-word and without a mark, which hid
the part that tells two cameras apart. This one elides in the middle (the start and the end stay visible, "…"
says something is left out), shows the whole name as its tooltip, and the open list shows every name in full.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox, QStylePainter, QWidget


class ElidedComboBox(QComboBox):
    """A QComboBox that elides its current text in the middle and tells it in full as a tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentTextChanged.connect(self.setToolTip)
        self.view().setTextElideMode(Qt.TextElideMode.ElideNone)

    def shown_text(self) -> str:
        """The text as drawn in the closed box (elided to the room there is)."""
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        room = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, self
        ).width()
        return self.fontMetrics().elidedText(option.currentText, Qt.TextElideMode.ElideMiddle, max(room, 0))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        """The box as the style draws it, with the elided text."""
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        option.currentText = self.shown_text()
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)
        painter.end()

    def showPopup(self) -> None:  # noqa: N802 - Qt's name
        """Open the list at least as wide as its longest name."""
        widest = max((self.fontMetrics().horizontalAdvance(self.itemText(i)) for i in range(self.count())), default=0)
        self.view().setMinimumWidth(widest + 48)
        super().showPopup()
