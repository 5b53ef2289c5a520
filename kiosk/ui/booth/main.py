"""Start the booth app: settings -> camera, hub client, window, controller on the qasync loop."""

from __future__ import annotations

import logging
import sys

from kiosk.config import Settings
from kiosk.ui.app import AppContext, AppSpec, run_app

log = logging.getLogger(__name__)

EXIT_NOT_ENROLLED = 3


def booth_spec(settings: Settings) -> AppSpec:
    """The booth's app identity, theme and catalogs."""
    return AppSpec(
        name="booth",
        theme="booth",
        catalogs=("booth",),
        language=settings.booth.language,
        display_name="Kiosk",
    )


def run_booth(settings: Settings) -> int:
    """Run the booth until quit; 3 when the booth has no device token (run `kiosk setup` first)."""
    booth = settings.booth
    token_file = booth.device_token_file
    if token_file is None or not token_file.exists():
        print(
            "kiosk booth: this booth is not enrolled (booth.device_token_file is missing); run `kiosk setup` first",
            file=sys.stderr,
        )
        return EXIT_NOT_ENROLLED
    token = token_file.read_text(encoding="utf-8").strip()

    def start(ctx: AppContext) -> None:
        from kiosk.client.hub_api import HubClient
        from kiosk.ui.booth.controller import BoothController
        from kiosk.ui.booth.flow import BoothFlow
        from kiosk.ui.booth.hub_backend import HubBackend
        from kiosk.ui.booth.window import BoothWindow
        from kiosk.video.camera import open_camera

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
        controller.start()
        if booth.fullscreen:
            window.showFullScreen()
        else:
            window.resize(1280, 800)
            window.show()

    return run_app(booth_spec(settings), start)
