"""Small helpers every widget uses: re-reading texts on a language change, and QSS dynamic properties."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QWidget


class Retranslatable:
    """Mixin for widgets with translatable texts: `retranslate()` runs again on every language change.

    Put it first in the bases (``class W(Retranslatable, QWidget)``) and call ``self.retranslate()`` at the end
    of ``__init__``; Qt delivers a LanguageChange event to every widget when a translator is (un)installed.
    """

    def retranslate(self) -> None:
        """Set every user-visible text with ``self.tr(...)``; called again on language change."""

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        """Re-read texts when the language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)  # type: ignore[misc]


def set_style_property(widget: QWidget, name: str, value: Any) -> None:
    """Set a dynamic property used by QSS selectors (``QLabel[role="title"]``) and re-apply the style."""
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()
