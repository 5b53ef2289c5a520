"""Start the booth app: settings -> camera, hub client, window, controller on the qasync loop."""

from __future__ import annotations

import logging
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.config import Settings
from kiosk.ui.app import AppContext, AppSpec, run_app

if TYPE_CHECKING:
    from kiosk.ui.booth.call_link import CallLink
    from kiosk.ui.booth.controller import BoothController
    from kiosk.ui.booth.window import BoothWindow
    from kiosk.video.camera import CameraSource

log = logging.getLogger(__name__)

EXIT_NOT_ENROLLED = 3


def booth_spec(settings: Settings) -> AppSpec:
    """The booth's app identity, theme and catalogs."""
    return AppSpec(
        name="booth",
        theme="booth",
        catalogs=("booth", "setup"),  # "setup": the lockdown's PIN pad and admin menu, and the setup wizard
        language=settings.booth.language,
        display_name="Kiosk",
    )


def run_booth(settings: Settings) -> int:
    """Run the booth until quit; first the setup wizard when the booth has no settings file or device token.

    Returns 3 when the booth is still not enrolled (the wizard was closed without saving).
    """
    from kiosk.ui.setup.command import needs_setup

    if needs_setup(settings):
        return run_app(booth_spec(settings), _setup_then_booth(settings))
    booth = settings.booth
    token_file = booth.device_token_file
    if token_file is None or not token_file.exists():
        print(
            "kiosk booth: this booth is not enrolled (booth.device_token_file is missing); run `kiosk setup` first",
            file=sys.stderr,
        )
        return EXIT_NOT_ENROLLED
    return run_app(booth_spec(settings), _booth_start(settings))


def _setup_then_booth(settings: Settings) -> Callable[[AppContext], Awaitable[None]]:
    """The setup wizard in the booth's app, then the booth with the saved settings."""
    from kiosk.config import config_path
    from kiosk.ui.setup.command import run_setup_in, use_test_devices

    async def start(ctx: AppContext) -> None:
        saved = await run_setup_in(ctx, settings, config_path(None), use_test_devices())
        if saved is None:
            log.warning("setup closed without saving; the booth is not enrolled")
            ctx.quit(EXIT_NOT_ENROLLED)
            return
        _booth_start(saved)(ctx)

    return start


@dataclass
class BoothApp:
    """The parts of a built booth: what `kiosk booth` shows, and what the demo's simulated participant drives."""

    window: BoothWindow
    controller: BoothController
    camera: CameraSource
    link: CallLink


def build_booth(ctx: AppContext, settings: Settings, token: str, camera: CameraSource | None = None) -> BoothApp:
    """Camera, window, controller and call link of a booth, started on the app's loop but not shown.

    `camera` replaces the one `settings.booth.camera` names (the demo hands in a synthetic camera it controls);
    it is started here either way and stopped when the app quits.
    """
    from kiosk.client.hub_api import HubClient
    from kiosk.ui.booth.call_link import CallLink
    from kiosk.ui.booth.controller import BoothController
    from kiosk.ui.booth.flow import BoothFlow
    from kiosk.ui.booth.hub_backend import HubBackend
    from kiosk.ui.booth.window import BoothWindow
    from kiosk.video.camera import open_camera

    booth = settings.booth
    if camera is None:
        camera = open_camera(booth.camera, booth.camera_width, booth.camera_height, booth.camera_fps)
    camera.start()
    flow = BoothFlow(kpj_length=booth.kpj_length, language=booth.language)
    window = BoothWindow(flow, booth.booth_number, booth.payout_working_days)
    controller = BoothController(
        window,
        HubBackend(HubClient(booth.hub_url, token=token)),
        booth,
        settings.video,
        ctx.translations,
        camera,
        camera_lost_after_s=booth.camera_lost_after_s,
    )
    ctx.app.aboutToQuit.connect(camera.stop)
    link = CallLink(settings, token, camera)
    link.controller = controller
    controller.call_link = link
    controller.control_sender = link
    controller.tasks.start(link.start(), name="signaling")
    controller.start()
    return BoothApp(window, controller, camera, link)


def _booth_start(settings: Settings) -> Callable[[AppContext], None]:
    booth = settings.booth
    assert booth.device_token_file is not None
    token = booth.device_token_file.read_text(encoding="utf-8").strip()

    def start(ctx: AppContext) -> None:
        from kiosk.ui.lockdown import install_lockdown

        built = build_booth(ctx, settings, token)
        window, camera = built.window, built.camera
        if booth.fullscreen:
            window.showFullScreen()
        else:
            window.resize(1280, 800)
            window.show()
        install_lockdown(window, settings, ctx=ctx, camera=lambda: camera)

    return start
