"""Every text a person can read in a window right now: labels, buttons, fields, lists, tables, tabs, tooltips and
the words some widgets paint themselves. The render scripts save them beside their screenshots (``--texts``) so
a test can read what each screen says (tests/ui/test_english_only.py).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTableWidget,
    QTabWidget,
    QTextEdit,
    QWidget,
)

#: Attributes of our own widgets that hold painted text (VideoView's caption and overlay, SignaturePad's line).
PAINTED = ("_placeholder", "_overlay", "_baseline_text")


def plain(text: str) -> str:
    """Rich text without its tags and entities."""
    text = re.sub(r"<[^>]+>", " ", text)
    return text.replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


def where(widget: QWidget) -> str:
    """A widget as a reader of a failure finds it: class, object name and the nearest named parents."""
    names = []
    current: QWidget | None = widget
    while current is not None and len(names) < 3:
        if current.objectName():
            names.append(current.objectName())
        current = current.parentWidget()
    return f"{type(widget).__name__}" + (f" ({' < '.join(names)})" if names else "")


def visible_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) of everything readable in `root` and its visible children."""
    out: list[tuple[str, str]] = []

    def add(widget: QWidget, text: str) -> None:
        text = plain(text).strip()
        if text:
            out.append((where(widget), text))

    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        add(widget, widget.toolTip())
        if isinstance(widget, (QLabel, QAbstractButton)):
            add(widget, widget.text())
        elif isinstance(widget, QLineEdit):
            add(widget, widget.text())
            add(widget, widget.placeholderText())
        elif isinstance(widget, QComboBox):
            for i in range(widget.count()):
                add(widget, widget.itemText(i))
        elif isinstance(widget, QListWidget):
            for i in range(widget.count()):
                add(widget, widget.item(i).text())
        elif isinstance(widget, QTableWidget):
            for column in range(widget.columnCount()):
                header = widget.horizontalHeaderItem(column)
                add(widget, header.text() if header else "")
                for row in range(widget.rowCount()):
                    item = widget.item(row, column)
                    add(widget, item.text() if item else "")
        elif isinstance(widget, QTabWidget):
            for i in range(widget.count()):
                add(widget, widget.tabText(i))
        elif isinstance(widget, QGroupBox):
            add(widget, widget.title())
        elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
            add(widget, widget.toPlainText())
        for name in PAINTED:
            value = getattr(widget, name, None)
            if isinstance(value, str):
                add(widget, value)
    return out


class TextLog:
    """Collects the texts of each rendered screen and writes them as JSON (screen name -> [[where, text]])."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.screens: dict[str, list[tuple[str, str]]] = {}

    def record(self, name: str, root: QWidget) -> None:
        """Remember what `root` shows as screen `name` (nothing when no path was given)."""
        if self.path is None:
            return
        self.screens[name] = visible_texts(root)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(self.screens, ensure_ascii=False, indent=1), encoding="utf-8")
