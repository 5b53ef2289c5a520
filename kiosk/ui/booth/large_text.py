"""Large-text mode: every font size of the booth's theme times `FACTOR`, for the rest of one visit.

The theme's sizes live in its QSS (assets/theme/*.qss, in pt), so the mode re-applies the application's style
sheet with each ``font-size`` scaled; paddings, borders and colours stay as the theme has them, and widgets
that derive fonts from their own (`QFont(self.font())`) follow. Turning it off restores the sheet as it was.
"""

from __future__ import annotations

import re

from PySide6.QtWidgets import QApplication

#: How much larger the text gets: readable from further back, and the booth's screens still fit (scrolling
#: where a screen has more words than room).
FACTOR = 1.3

_FONT_SIZE = re.compile(r"(font-size\s*:\s*)(\d+(?:\.\d+)?)(pt|px)", re.IGNORECASE)


def scaled_stylesheet(qss: str, factor: float = FACTOR) -> str:
    """`qss` with every ``font-size`` multiplied by `factor` (rounded to whole points or pixels)."""

    def scale(match: re.Match[str]) -> str:
        return f"{match.group(1)}{round(float(match.group(2)) * factor)}{match.group(3)}"

    return _FONT_SIZE.sub(scale, qss)


class LargeText:
    """Switches the application's style sheet between the theme's and its enlarged copy."""

    def __init__(self, factor: float = FACTOR) -> None:
        self.factor = factor
        self.on = False
        self._normal: str | None = None

    def apply(self, on: bool) -> None:
        """Enlarge every font (on) or restore the theme's sizes (off)."""
        app = QApplication.instance()
        if on == self.on or not isinstance(app, QApplication):
            return
        if on:
            # Taken now, not at start: the sheet in force is the theme's whatever loaded it.
            self._normal = app.styleSheet()
            app.setStyleSheet(scaled_stylesheet(self._normal, self.factor))
        elif self._normal is not None:
            app.setStyleSheet(self._normal)
        self.on = on
