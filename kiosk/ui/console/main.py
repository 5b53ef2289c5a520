"""Start the console app: window, controller and service on the qasync loop."""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from kiosk.config import Settings
from kiosk.ui.app import AppContext, AppSpec, run_app
from kiosk.ui.console.controller import ConsoleController
from kiosk.ui.console.hub_port import RestHubPort
from kiosk.ui.console.service import ConsoleService
from kiosk.ui.console.sound import AttentionSound
from kiosk.ui.console.window import ConsoleWindow

log = logging.getLogger(__name__)
_running: list[ConsoleService] = []


def open_devices(settings: Settings) -> tuple[Any, Any, Any]:
    """The officer's camera, microphone and speaker; a device that cannot be opened is left out, not fatal."""
    from kiosk.video.audio import open_audio_input, open_audio_output
    from kiosk.video.camera import open_camera

    console = settings.console
    camera = None
    if console.camera not in ("none", ""):
        try:
            camera = open_camera(console.camera, 640, 480, 15)
            camera.start()
        except Exception as exc:  # the console works without the officer's picture
            log.warning("officer camera %s not available: %s", console.camera, type(exc).__name__)
            camera = None
    microphone = open_audio_input(console.microphone)
    speaker = open_audio_output(console.speaker)
    return camera, microphone, speaker


def build(ctx: AppContext | None, settings: Settings) -> tuple[ConsoleWindow, ConsoleService]:
    """The console's window and service (also used by tests and the demo)."""
    console = settings.console
    controller = ConsoleController(cap=console.default_cap, max_cap=console.max_cap)
    holder: dict[str, ConsoleService] = {}
    window = ConsoleWindow(
        controller,
        hub_url=console.hub_url,
        default_cap=console.default_cap,
        frame_sources=lambda sid: holder["service"].frame_source(sid),
        sound=AttentionSound(enabled=console.sound),
        language=console.language,
    )
    camera, microphone, speaker = open_devices(settings)
    service = ConsoleService(
        window, controller, settings, RestHubPort(console.hub_url),
        officer_camera=camera, microphone=microphone, speaker=speaker,
    )
    holder["service"] = service
    return window, service


def run_console(settings: Settings) -> int:
    """Run the console until its window is closed."""
    spec = AppSpec(
        name="console",
        theme="console",
        catalogs=("console",),
        language=settings.console.language,
        display_name="Konsol CSO",
        quit_on_last_window_closed=False,
    )

    async def start(ctx: AppContext) -> None:
        # Plain Python worker threads: qasync's QThread executor waits for its workers at exit in a Qt call
        # that keeps the GIL, which deadlocks when a frame conversion is still running (seen in the tests).
        asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=8))
        window, service = build(ctx, settings)
        window.resize(1600, 900)
        window.showMaximized()

        async def shut_down() -> None:
            # Peers say bye and the outbox file is closed; pending claims stay for the next start.
            await service.close()
            ctx.quit(0)

        ctx.app.lastWindowClosed.connect(lambda: asyncio.ensure_future(shut_down()))
        window.setProperty("service_alive", True)
        _running.append(service)  # kept alive for the app's lifetime

    return run_app(spec, start)
