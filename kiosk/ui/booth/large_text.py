"""Large-text mode: the booth's text `FACTOR` times larger (up to `CEILING_PT`), for the rest of one visit.

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
#: Text this large already (titles, the keypad, the claim number) stays as it is, and smaller text grows to at
#: most this: the gain is in the body text, and the keypad and the top bar keep their room at 1280x800.
CEILING_PT = 30

#: Rules of the window's top bar keep their sizes: it holds the step, the booth number and the language, fits
#: 1280 px as it is, and is not what the participant reads to get on.
UNSCALED_SELECTORS = ("#topBar", "#languageButton")

_FONT_SIZE = re.compile(r"(font-size\s*:\s*)(\d+(?:\.\d+)?)(pt|px)", re.IGNORECASE)
_RULE = re.compile(r"([^{}]*)\{([^{}]*)\}")


def scaled_stylesheet(qss: str, factor: float = FACTOR, ceiling_pt: float = CEILING_PT) -> str:
    """`qss` with every ``font-size`` below `ceiling_pt` multiplied by `factor`, up to `ceiling_pt` (rounded to
    whole points or pixels); sizes at or above the ceiling stay."""

    def scale(match: re.Match[str]) -> str:
        size, unit = float(match.group(2)), match.group(3).lower()
        ceiling = ceiling_pt if unit == "pt" else ceiling_pt * 4 / 3  # 1 pt = 4/3 px at 96 dpi
        if size < ceiling:
            size = min(size * factor, ceiling)
        return f"{match.group(1)}{round(size)}{match.group(3)}"

    def rule(match: re.Match[str]) -> str:
        selector, body = match.group(1), match.group(2)
        if any(name in selector for name in UNSCALED_SELECTORS):
            return match.group(0)
        return f"{selector}{{{_FONT_SIZE.sub(scale, body)}}}"

    return _RULE.sub(rule, qss)


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
