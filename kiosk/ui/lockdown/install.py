"""Installing the lockdown on the booth window, and what the admin's restart and exit do to the process.

Restart and exit end the app with `EXIT_RESTART` or `EXIT_ADMIN_EXIT`; see the package doc for how systemd
treats each.
"""

from __future__ import annotations

import atexit
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QWidget

from kiosk.config import Settings
from kiosk.ui.lockdown.event_filter import Lockdown

if TYPE_CHECKING:
    from kiosk.ui.app import AppContext
    from kiosk.video.camera import CameraSource

log = logging.getLogger(__name__)

#: Exit code after the admin chose "restart": the service manager (or `_reexec`) starts the booth again.
EXIT_RESTART = 11
#: Exit code after the admin chose "exit": deploy/systemd/kiosk-booth.service does not restart on it.
EXIT_ADMIN_EXIT = 10

def _reexec() -> None:
    """Start this program again in place of the current process (used after the app has shut down)."""
    os.execv(sys.executable, [sys.executable, "-m", "kiosk", *sys.argv[1:]])


def install_lockdown(
    window: QWidget,
    settings: Settings,
    ctx: AppContext | None = None,
    camera: Callable[[], CameraSource | None] | None = None,
    on_restart: Callable[[], None] | None = None,
    on_exit: Callable[[], None] | None = None,
) -> Lockdown:
    """Lock `window` down (see the module doc) and return the `Lockdown`.

    `ctx` ends the app for restart and exit; `camera` lends the booth's running camera to the doctor.
    """

    def quit_with(code: int) -> None:
        lockdown.allow_close()
        if ctx is not None:
            ctx.quit(code)
        else:
            QApplication.exit(code)

    def restart() -> None:
        # systemd starts the unit again by itself (Restart=always); elsewhere re-execute once Qt has shut down.
        if "INVOCATION_ID" not in os.environ:
            atexit.register(_reexec)
        quit_with(EXIT_RESTART)

    def admin_exit() -> None:
        marker = os.environ.get("KIOSK_ADMIN_EXIT_FILE")
        if marker:
            try:
                Path(marker).write_text("admin exit\n", encoding="utf-8")
            except OSError as exc:  # the exit code still tells systemd
                log.warning("cannot mark the admin's exit in %s: %s", marker, exc)
        quit_with(EXIT_ADMIN_EXIT)

    def language() -> str:
        return ctx.translations.language if ctx is not None else settings.booth.language

    lockdown = Lockdown(
        window,
        settings,
        on_restart=on_restart or restart,
        on_exit=on_exit or admin_exit,
        camera=camera,
        language=language,
    )
    lockdown.install()
    return lockdown
