"""The frame every booth screen shares: a title, an explanation, the content, and Back / Next at the bottom.

Screens show the `BoothFlow` and forward touches as signals; the controller decides what happens. Texts are
set in `retranslate()` (called again on every language change) and data from the flow in `refresh()`.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.booth.flow import BoothFlow, Step
from kiosk.ui.widgets.base import Retranslatable


def label(role: str = "body", object_name: str = "", parent: QWidget | None = None, wrap: bool = True) -> QLabel:
    """A label with a QSS role (title, subtitle, body, huge, prompt...)."""
    widget = QLabel(parent)
    widget.setProperty("role", role)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    if object_name:
        widget.setObjectName(object_name)
    return widget


def show_page(stack: QStackedWidget, index: int) -> None:
    """Show one page of `stack`, sized by that page alone (a stack is otherwise as tall as its tallest page)."""
    for i in range(stack.count()):
        page = stack.widget(i)
        if page is None:
            continue
        policy = QSizePolicy.Policy.Preferred if i == index else QSizePolicy.Policy.Ignored
        page.setSizePolicy(policy, policy)
    stack.setCurrentIndex(index)
    stack.updateGeometry()


def button(object_name: str, kind: str = "", parent: QWidget | None = None, size: str = "") -> QPushButton:
    """A push button with a stable objectName and a QSS kind (primary, danger, flat)."""
    widget = QPushButton(parent)
    widget.setObjectName(object_name)
    if kind:
        widget.setProperty("kind", kind)
    if size:
        widget.setProperty("size", size)
    widget.setCursor(Qt.CursorShape.PointingHandCursor)
    return widget


class BoothScreen(Retranslatable, QWidget):
    """Base of every screen: title, subtitle, `body` layout for the content, and a navigation row."""

    step: Step = Step.WELCOME
    #: Stable objectName of the screen (tests find screens by it).
    object_name = "screen"
    #: The participant touched Back / Next.
    back_requested = Signal()
    next_requested = Signal()

    def __init__(self, flow: BoothFlow, parent: QWidget | None = None, navigation: bool = True) -> None:
        super().__init__(parent)
        self.flow = flow
        self.setObjectName(self.object_name)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 16, 40, 16)
        outer.setSpacing(10)
        self.title = label("title", "screenTitle", self)
        self.subtitle = label("subtitle", "screenSubtitle", self)
        outer.addWidget(self.title)
        outer.addWidget(self.subtitle)
        # The content scrolls rather than forcing the window taller than a small screen (1280x800);
        # the title and the Back / Next row stay put.
        self.scroller = QScrollArea(self)
        self.scroller.setObjectName("screenScroll")
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content = QWidget(self.scroller)
        content.setObjectName("screenContent")
        self.body = QVBoxLayout(content)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(12)
        self.scroller.setWidget(content)
        outer.addWidget(self.scroller, 1)
        self.nav = QHBoxLayout()
        self.nav.setSpacing(24)
        self.back_button = button("backButton", parent=self)
        self.next_button = button("nextButton", "primary", self)
        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.next_requested)
        for widget in (self.back_button, self.next_button):
            widget.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            widget.setMinimumWidth(260)
        self.nav.addWidget(self.back_button)
        self.nav.addStretch(1)
        self.nav.addWidget(self.next_button)
        if navigation:
            outer.addLayout(self.nav)
        else:
            self.back_button.hide()
            self.next_button.hide()

    def retranslate(self) -> None:
        """Navigation texts; subclasses call this and then set their own."""
        # The base class's own context: self.tr() would look in each subclass's context instead.
        self.back_button.setText(QCoreApplication.translate("BoothScreen", "‹  Kembali"))
        self.next_button.setText(QCoreApplication.translate("BoothScreen", "Lanjut  ›"))

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        """An empty subtitle takes no space."""
        self.subtitle.setVisible(bool(self.subtitle.text()))
        super().showEvent(event)  # type: ignore[arg-type]

    def go_back(self) -> None:
        """Back was touched: screens with pages of their own step back through them first."""
        self.back_requested.emit()

    def refresh(self) -> None:
        """Show the flow's current data (called when the screen is entered and when the flow changes)."""

    def on_enter(self) -> None:
        """The screen became visible."""
        self.refresh()

    def on_leave(self) -> None:
        """The screen is about to be hidden (stop previews, timers)."""

    @property
    def language(self) -> str:
        """The language data strings from the catalog are shown in."""
        return self.flow.language
