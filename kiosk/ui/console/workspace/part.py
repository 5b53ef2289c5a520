"""`WorkspacePart`: the base of the workspace's tabs and action bar."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

#: The translation context of every fixed text in the workspace (one section in assets/i18n/console_en.ts).
CONTEXT = "Workspace"


class WorkspacePart(QWidget):
    """A piece of the workspace whose texts keep the workspace's translation context.

    Qt looks a text up under the class that asks; the parts were one class, `Workspace`, when the catalog was
    written, so they all ask under that name (a new part needs no catalog change).
    """

    def tr(self, source: str, disambiguation: str | None = None, n: int = -1) -> str:
        """`source` translated in the workspace's context."""
        return QCoreApplication.translate(CONTEXT, source, disambiguation, n)
