"""The frame every booth screen shares: a title, an explanation, the content, and Back / Next at the bottom.

Screens show the `VisitState` and forward touches as signals; the flows (kiosk.app.booth) decide what happens. Texts are
set in `retranslate()` (called again on every language change) and data from the state in `refresh()`.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.app.booth.state import Step, VisitState
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


class PageStack(QWidget):
    """Pages of one screen, one shown at a time, sized by the page shown.

    Not a QStackedWidget on purpose: a stack is as tall as its tallest page (its layout asks every page for its
    height), so a short page would scroll because of a tall one it hides.
    """

    currentChanged = Signal(int)  # noqa: N815 - QStackedWidget's name, kept so the pages read the same

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pages: list[QWidget] = []
        self._current = -1
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def addWidget(self, page: QWidget) -> int:  # noqa: N802 - QStackedWidget's name
        """Add a page (the first one added is shown)."""
        self._pages.append(page)
        self._layout.addWidget(page)
        if self._current < 0:
            self._current = 0
        else:
            page.hide()
        return len(self._pages) - 1

    def count(self) -> int:
        """Number of pages."""
        return len(self._pages)

    def widget(self, index: int) -> QWidget | None:
        """The page at `index`."""
        return self._pages[index] if 0 <= index < len(self._pages) else None

    def currentIndex(self) -> int:  # noqa: N802 - QStackedWidget's name
        """The page shown."""
        return self._current

    def currentWidget(self) -> QWidget | None:  # noqa: N802 - QStackedWidget's name
        """The page shown."""
        return self.widget(self._current)

    def setCurrentIndex(self, index: int) -> None:  # noqa: N802 - QStackedWidget's name
        """Show page `index` only."""
        if not 0 <= index < len(self._pages) or index == self._current:
            return
        self._current = index
        for i, page in enumerate(self._pages):
            page.setVisible(i == index)
        self.currentChanged.emit(index)


def show_page(stack: PageStack, index: int) -> None:
    """Show one page of `stack`."""
    stack.setCurrentIndex(index)


class _Subtitle(QLabel):
    """A screen's subtitle: it takes no space while empty, and shows as soon as it has words.

    Why here and not in `showEvent`: screens set their texts in `on_enter()`, which runs *after* the screen became
    visible, so a subtitle empty at that moment (the first result screen, the consent screen after a declined
    consent left it empty) stayed hidden with the words it was given right after.
    """

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        """Set the words and show the label only when there are some."""
        super().setText(text)
        self.setVisible(bool(text))


def button(object_name: str, kind: str = "", parent: QWidget | None = None, size: str = "") -> QPushButton:
    """A push button with a stable objectName, a QSS kind (primary, danger, flat) and a scale (`size`: huge,
    compact), styled through the ``scale`` property."""
    widget = QPushButton(parent)
    widget.setObjectName(object_name)
    if kind:
        widget.setProperty("kind", kind)
    if size:
        # Not "size": QWidget has a property of that name, so QSS's [size="huge"] never matched.
        widget.setProperty("scale", size)
    widget.setCursor(Qt.CursorShape.PointingHandCursor)
    return widget


class _Content(QWidget):
    """The scrolled part of a screen. It asks for the height its words need *at the width it has*.

    A layout's minimum size takes wrapped labels at their narrowest (many lines, very tall), so a scroll area
    would scroll screens that fit; the scroll area asks `heightForWidth` instead when a widget has one.
    """

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """No minimum of its own: the height comes from `heightForWidth`."""
        layout = self.layout()
        width = layout.minimumSize().width() if layout is not None else 0
        return QSize(width, 0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        """Always: wrapped words make the height depend on the width."""
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        """The height everything needs at `width` (wrapped labels at this width, not at their narrowest)."""
        layout = self.layout()
        if layout is None:
            return 0
        if layout.hasHeightForWidth():
            return layout.heightForWidth(width)
        return layout.minimumSize().height()


class BoothScreen(Retranslatable, QWidget):
    """Base of every screen: title, subtitle, `body` layout for the content, and a navigation row."""

    step: Step = Step.WELCOME
    #: Stable objectName of the screen (tests find screens by it).
    object_name = "screen"
    #: The participant touched Back / Next.
    back_requested = Signal()
    next_requested = Signal()

    def __init__(self, state: VisitState, parent: QWidget | None = None, navigation: bool = True) -> None:
        super().__init__(parent)
        self.state = state
        self.setObjectName(self.object_name)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 16, 40, 16)
        outer.setSpacing(10)
        self.title = label("title", "screenTitle", self)
        self.subtitle = _Subtitle(self)
        self.subtitle.setProperty("role", "subtitle")
        self.subtitle.setWordWrap(True)
        self.subtitle.setTextFormat(Qt.TextFormat.PlainText)
        self.subtitle.setObjectName("screenSubtitle")
        self.subtitle.hide()
        # The title's row also holds small controls every screen shows (`add_header_widget`).
        self.header = QHBoxLayout()
        self.header.setSpacing(16)
        self.header.addWidget(self.title, 1)
        outer.addLayout(self.header)
        outer.addWidget(self.subtitle)
        # The content scrolls rather than forcing the window taller than a small screen (1280x800);
        # the title and the Back / Next row stay put.
        self.scroller = QScrollArea(self)
        self.scroller.setObjectName("screenScroll")
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content = _Content(self.scroller)
        content.setObjectName("screenContent")
        self.body = QVBoxLayout(content)
        # The content's size comes from _Content (height for the width it has), not from a fixed minimum.
        self.body.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
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

    def add_header_widget(self, widget: QWidget) -> None:
        """Put `widget` at the right end of the title's row (the window adds the assist bar this way)."""
        self.header.addWidget(widget, 0, Qt.AlignmentFlag.AlignTop)

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
        """Show the state's current data (called when the screen is entered and when the state changes)."""

    def on_enter(self) -> None:
        """The screen became visible."""
        self.refresh()

    def on_leave(self) -> None:
        """The screen is about to be hidden (stop previews, timers)."""

    @property
    def language(self) -> str:
        """The language data strings from the catalog are shown in."""
        return self.state.language
