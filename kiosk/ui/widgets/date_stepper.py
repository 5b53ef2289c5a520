"""A date picker for a touchscreen: day, month and year, each with large up and down buttons.

Calendars are hard to use for people who rarely touch screens; three steppers read like a printed date.
The date starts unset (shown as dashes) so nobody confirms a default by accident.
"""

from __future__ import annotations

import calendar
from datetime import date

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QWidget

from kiosk.ui.widgets.base import Retranslatable

_MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)


def month_name(month: int) -> str:
    """The month's name in the app's language."""
    return QCoreApplication.translate("DateStepper", _MONTHS[month - 1])


class DateStepper(Retranslatable, QWidget):
    """Emits `date_changed` with the new date after every touch; never beyond `maximum` or before `minimum`."""

    date_changed = Signal(object)

    def __init__(self, minimum: date, maximum: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._min, self._max = minimum, maximum
        self._value: date | None = None
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(6)
        self._labels: list[QLabel] = []
        self._captions: list[QLabel] = []
        for column, part in enumerate(("day", "month", "year")):
            caption = QLabel(self)
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            caption.setProperty("role", "muted")
            up = QPushButton("▲", self)
            up.setObjectName(f"{part}Up")
            down = QPushButton("▼", self)
            down.setObjectName(f"{part}Down")
            value = QLabel("--", self)
            value.setObjectName(f"{part}Value")
            value.setAlignment(Qt.AlignmentFlag.AlignCenter)
            value.setProperty("role", "stepperValue")
            value.setMinimumWidth(240 if part == "month" else 100)
            up.clicked.connect(lambda _c=False, p=part: self.step(p, +1))
            down.clicked.connect(lambda _c=False, p=part: self.step(p, -1))
            for button in (up, down):
                button.setAutoRepeat(True)
                button.setAutoRepeatDelay(500)
            grid.addWidget(caption, 0, column)
            grid.addWidget(up, 1, column)
            grid.addWidget(value, 2, column)
            grid.addWidget(down, 3, column)
            self._labels.append(value)
            self._captions.append(caption)
        self.retranslate()

    def value(self) -> date | None:
        """The chosen date, or None before the first touch."""
        return self._value

    def set_value(self, value: date | None) -> None:
        """Show `value` (clamped to the allowed range); None shows dashes."""
        if value is not None:
            value = min(max(value, self._min), self._max)
        self._value = value
        self._show()

    def step(self, part: str, delta: int) -> None:
        """Move the day, month or year by `delta`; the first touch starts from the latest allowed date."""
        current = self._value or self._max
        if self._value is None:
            self.set_value(current)
            self.date_changed.emit(self._value)
            return
        year, month, day = current.year, current.month, current.day
        if part == "day":
            days = calendar.monthrange(year, month)[1]
            day = (day - 1 + delta) % days + 1
        elif part == "month":
            month = (month - 1 + delta) % 12 + 1
        else:
            year += delta
        day = min(day, calendar.monthrange(year, month)[1])
        self.set_value(date(year, month, day))
        self.date_changed.emit(self._value)

    def _show(self) -> None:
        if self._value is None:
            for widget in self._labels:
                widget.setText("--")
            return
        self._labels[0].setText(f"{self._value.day:02d}")
        self._labels[1].setText(month_name(self._value.month))
        self._labels[2].setText(str(self._value.year))

    def retranslate(self) -> None:
        """Captions and the month name."""
        for caption, text in zip(
            self._captions, (self.tr("Tanggal"), self.tr("Bulan"), self.tr("Tahun")), strict=True
        ):
            caption.setText(text)
        self._show()


# lupdate only sees literal strings inside tr()/translate() calls; list the month names for it here.
if False:  # pragma: no cover
    for _name in (
        QCoreApplication.translate("DateStepper", "Januari"),
        QCoreApplication.translate("DateStepper", "Februari"),
        QCoreApplication.translate("DateStepper", "Maret"),
        QCoreApplication.translate("DateStepper", "April"),
        QCoreApplication.translate("DateStepper", "Mei"),
        QCoreApplication.translate("DateStepper", "Juni"),
        QCoreApplication.translate("DateStepper", "Juli"),
        QCoreApplication.translate("DateStepper", "Agustus"),
        QCoreApplication.translate("DateStepper", "September"),
        QCoreApplication.translate("DateStepper", "Oktober"),
        QCoreApplication.translate("DateStepper", "November"),
        QCoreApplication.translate("DateStepper", "Desember"),
    ):
        pass
