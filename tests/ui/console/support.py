"""What the console's UI tests share: a console wired as the app wires it, and its window."""

from __future__ import annotations

from typing import cast

from kiosk.app.console.service import ConsoleService
from kiosk.ui.console.window import ConsoleWindow


def window_of(service: ConsoleService) -> ConsoleWindow:
    """The window a service reports to (its `ConsoleView`), as the concrete widget the UI tests drive."""
    return cast(ConsoleWindow, service.view)
