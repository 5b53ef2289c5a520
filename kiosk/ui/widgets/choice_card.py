"""A large touchable card: icon, title and a one-line explanation (claim types, reasons, banks)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget


class ChoiceCard(QPushButton):
    """A checkable button laid out as a card; the labels inside let touches through to the button."""

    def __init__(
        self,
        title: str = "",
        body: str = "",
        card_icon: QIcon | None = None,
        parent: QWidget | None = None,
        icon_size: int = 64,
    ) -> None:
        super().__init__(parent)
        self.setCheckable(True)
        self.setProperty("choice", True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self._icon = QLabel(self)
        self._icon.setFixedSize(icon_size, icon_size)
        self._icon_size = icon_size
        self._title = QLabel(self)
        self._title.setProperty("role", "cardTitle")
        self._title.setWordWrap(True)
        self._body = QLabel(self)
        self._body.setProperty("role", "cardBody")
        self._body.setWordWrap(True)
        for label in (self._icon, self._title, self._body):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self._title)
        text.addWidget(self._body)
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 8, 14, 8)
        row.setSpacing(16)
        row.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addLayout(text, 1)
        self.set_content(title, body, card_icon)

    def set_content(self, title: str, body: str = "", card_icon: QIcon | None = None) -> None:
        """Replace the card's texts (and icon, when given)."""
        self._title.setText(title)
        self._body.setText(body)
        self._body.setVisible(bool(body))
        self.setAccessibleName(title)
        if card_icon is not None:
            self._icon.setPixmap(card_icon.pixmap(QSize(self._icon_size, self._icon_size)))
        self._icon.setVisible(card_icon is not None or (self._icon.pixmap() is not None and
                              not self._icon.pixmap().isNull()))

    def title(self) -> str:
        """The card's title text."""
        return self._title.text()

    def body(self) -> str:
        """The card's explanation text."""
        return self._body.text()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """As large as the card's contents (a QPushButton ignores its layout otherwise)."""
        layout = self.layout()
        return layout.sizeHint() if layout is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """At least the 64 px touch target."""
        hint = self.sizeHint()
        return QSize(min(hint.width(), 200), max(hint.height(), 72))
