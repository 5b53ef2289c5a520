"""The two pages the identity screens share: numbers typed on a keypad, then "Is this you?" with a masked name.

`IdentityScreen` (the participant's NIK and KPJ) and `HeirScreen` (an heir's own NIK) build the same layout with
their own object names, so the stylesheet and the tests can tell them apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.ui.booth.screen import button, label
from kiosk.ui.widgets.keypad import NumericKeypad
from kiosk.ui.widgets.message_banner import MessageBanner


@dataclass(frozen=True)
class EntryPage:
    """Fields on the left, the keypad and a message for the whole page on the right."""

    page: QWidget
    keypad: NumericKeypad
    message: MessageBanner


def entry_page(
    parent: QWidget, groups: Sequence[Sequence[QWidget]], *, keypad_name: str, message_name: str
) -> EntryPage:
    """The entry page: each group (a label, its field, its message) stacked on the left, the keypad right.

    The groups' widgets are reparented into the page."""
    page = QWidget(parent)
    grid = QGridLayout(page)
    grid.setContentsMargins(0, 0, 0, 0)
    grid.setHorizontalSpacing(40)
    fields = QVBoxLayout()
    fields.setSpacing(8)
    for index, group in enumerate(groups):
        if index:
            fields.addSpacing(12)
        for widget in group:
            widget.setParent(page)
            fields.addWidget(widget)
    fields.addStretch(1)
    keypad = NumericKeypad(page)
    keypad.setObjectName(keypad_name)
    message = MessageBanner(page, message_name)
    pad = QVBoxLayout()
    pad.addWidget(keypad)
    pad.addWidget(message)
    pad.addStretch(1)
    grid.addLayout(fields, 0, 0)
    grid.addLayout(pad, 0, 1)
    grid.setColumnStretch(0, 3)
    grid.setColumnStretch(1, 2)
    return EntryPage(page, keypad, message)


@dataclass(frozen=True)
class ConfirmPage:
    """The question, a panel with the masked name and NIK, and the two answers."""

    page: QWidget
    question: QLabel
    masked_name: QLabel
    masked_nik: QLabel
    reject_button: QPushButton
    confirm_button: QPushButton


def confirm_page(parent: QWidget, *, names: dict[str, str]) -> ConfirmPage:
    """The confirmation page; `names` gives the object names of `question`, `masked_name`, `masked_nik`,
    `reject` and `confirm`."""
    page = QWidget(parent)
    column = QVBoxLayout(page)
    column.setContentsMargins(0, 0, 0, 0)
    question = label("subtitle", names["question"], page)
    panel = QFrame(page)
    panel.setProperty("panel", True)
    inside = QVBoxLayout(panel)
    inside.setContentsMargins(32, 32, 32, 32)
    masked_name = label("huge", names["masked_name"], panel)
    masked_nik = label("body", names["masked_nik"], panel)
    inside.addWidget(masked_name)
    inside.addWidget(masked_nik)
    answers = QHBoxLayout()
    reject = button(names["reject"], parent=page)
    confirm = button(names["confirm"], "primary", page)
    answers.addWidget(reject)
    answers.addStretch(1)
    answers.addWidget(confirm)
    column.addWidget(question)
    column.addWidget(panel)
    column.addStretch(1)
    column.addLayout(answers)
    return ConfirmPage(page, question, masked_name, masked_nik, reject, confirm)
