"""Start the console app: state, window and service on the qasync loop, wired once by construction."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

from kiosk.app.console.collective import COLLECTIVE_OUTBOX_FILE_NAME, CollectiveDesk
from kiosk.app.console.collective_hub import CollectiveHubAdapter
from kiosk.app.console.hub_adapter import HubAdapter
from kiosk.app.console.hub_port import ConsoleHubPort
from kiosk.app.console.media import PeerRouter
from kiosk.app.console.phrases import load_phrases
from kiosk.app.console.service import ConsoleService
from kiosk.app.console.state import ConsoleState
from kiosk.app.console.wait_cue import WaitCue
from kiosk.client.claims_api import CollectiveRowClaims
from kiosk.client.outbox import Outbox
from kiosk.config import Settings
from kiosk.ui.app import AppContext, AppSpec, run_app
from kiosk.ui.console.collective import CollectivePanel
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


def assemble(
    state: ConsoleState,
    settings: Settings,
    hub: ConsoleHubPort,
    *,
    sound: AttentionSound | None = None,
    data_dir: Path | None = None,
    devices: tuple[Any, Any, Any] = (None, None, None),
    today: Callable[[], date] = date.today,
) -> tuple[ConsoleWindow, ConsoleService]:
    """Wire a console by construction: the peers first (the tiles pull frames from them), then the window that
    renders `state`, then the service that takes the window as its `ConsoleView`; the window's input goes to
    the service (used by `build`, the tests, the demo and the benchmarks)."""
    console = settings.console
    router = PeerRouter()
    window = ConsoleWindow(
        state,
        hub_url=console.hub_url,
        default_cap=console.default_cap,
        frame_sources=router.frame_source,
        sound=sound or AttentionSound(enabled=console.sound),
        language=console.language,
        today=today,
        wait_cue=WaitCue(console.wait_long_s, console.wait_urgent_s, console.wait_reminder_s),
    )
    window.workspace.documents_tab.quality_limits = settings.video  # the limits the booths capture against
    window.workspace.set_phrases(load_phrases(console.phrases_file))
    camera, microphone, speaker = devices
    service = ConsoleService(
        state, window, settings, hub, router=router, data_dir=data_dir,
        officer_camera=camera, microphone=microphone, speaker=speaker, today=today,
    )
    forward_input(window, service)
    if console.assisted_checks:
        attach_assist(window, service, state, hub)
    return window, service


def attach_assist(window: ConsoleWindow, service: ConsoleService, state: ConsoleState, hub: ConsoleHubPort) -> None:
    """The machine checks (kiosk/vision, in a worker process): they run as stills arrive, the booth's
    `second_face` requests reach them, the window shows their results, and the worker stops with the service."""
    from kiosk.app.console.assist import ConsoleAssist
    from kiosk.vision.worker import VisionWorker

    worker = VisionWorker()
    assist = ConsoleAssist(state, hub, worker, service.spawn)
    service.booth_requests = assist.booth_request
    service.closing.append(worker.close)
    service.assist = assist
    window.set_assist(assist)


def forward_input(window: ConsoleWindow, service: ConsoleService) -> None:
    """The officer's input, as the window announces it, to the service's use cases."""
    run = service.spawn
    window.login_requested.connect(lambda user, password, cap: run(service.login(user, password, cap)))
    window.cap_changed.connect(lambda _cap: run(service.send_status()))
    window.paused_changed.connect(lambda _paused: run(service.send_status()))
    window.capture_requested.connect(lambda sid, document: run(service.request_capture(sid, document)))
    window.prompt_requested.connect(lambda sid, text, en: run(service.send_prompt(sid, text, en or None)))
    window.hand_back_requested.connect(lambda sid, documents: run(service.hand_back(sid, documents)))
    window.signature_requested.connect(lambda sid: run(service.request_signature(sid)))
    window.decided.connect(lambda sid, decision, code, note: run(service.decide(sid, decision, code, note)))
    window.submit_requested.connect(service.submit)
    window.question_answered.connect(service.answer_question)


def build(ctx: AppContext | None, settings: Settings) -> tuple[ConsoleWindow, ConsoleService]:
    """The console's window and service over the real hub and devices (also used by the demo)."""
    console = settings.console
    state = ConsoleState(cap=console.default_cap, max_cap=console.max_cap)
    hub = HubAdapter(console.hub_url)
    window, service = assemble(state, settings, hub, devices=open_devices(settings))
    attach_collective(window, service, hub)
    return window, service


def attach_collective(window: ConsoleWindow, service: ConsoleService, hub: HubAdapter) -> None:
    """The collective queue: its desk acts with the console's login, delivers through an outbox of its own
    (started at login, closed with the service) and is shown in a window opened from the top bar."""
    desk = CollectiveDesk(
        CollectiveHubAdapter(hub.client),
        Outbox(
            service.data_dir / COLLECTIVE_OUTBOX_FILE_NAME,
            CollectiveRowClaims(service.settings.console.hub_url, lambda: service.token),
        ),
    )
    service.collective = desk
    window.set_collective(CollectivePanel(desk, service.spawn, language=service.settings.console.language))


def run_console(settings: Settings) -> int:
    """Run the console until its window is closed."""
    spec = AppSpec(
        name="console",
        theme="console",
        catalogs=("console",),
        language=settings.console.language,
        display_name="CSO console" if settings.console.language == "en" else "Konsol CSO",
        quit_on_last_window_closed=False,
    )

    async def start(ctx: AppContext) -> None:
        # The executor `kiosk.app.blocking.run_blocking` runs every hub call in (the loop's default one).
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
