"""Start the booth app: settings -> camera, hub adapter, window, the app layer's flows and the call link, wired
on the qasync loop."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.config import Settings
from kiosk.ui.app import AppContext, AppSpec, Translations

if TYPE_CHECKING:
    from kiosk.app.booth.call_link import CallLink
    from kiosk.app.booth.camera_port import Camera
    from kiosk.app.booth.flows import BoothFlows
    from kiosk.app.booth.hub_port import BoothHubPort
    from kiosk.ui.booth.window import BoothWindow
    from kiosk.ui.booth.window_view import WindowView
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


@dataclass
class BoothApp:
    """The parts of a built booth: what `kiosk booth` shows, and what the demo's simulated participant drives."""

    window: BoothWindow
    view: WindowView
    flows: BoothFlows
    camera: CameraSource
    link: CallLink

    def shutdown(self) -> None:
        """Stop the flows' work, the screens' timers and the camera (app exit)."""
        self.flows.shutdown()
        self.view.shutdown()
        self.camera.stop()


def build_booth(ctx: AppContext, settings: Settings, token: str, camera: CameraSource | None = None) -> BoothApp:
    """Camera, window, flows and call link of a booth, started on the app's loop but not shown.

    `camera` replaces the one `settings.booth.camera` names (the demo hands in a synthetic camera it controls);
    it is started here either way and stopped when the app quits.
    """
    from kiosk.app.booth.call_link import CallLink
    from kiosk.app.booth.hub_adapter import HubAdapter
    from kiosk.client.hub_api import HubClient
    from kiosk.video.camera import open_camera

    booth = settings.booth
    if camera is None:
        camera = open_camera(booth.camera, booth.camera_width, booth.camera_height, booth.camera_fps)
    camera.start()
    link = CallLink(settings, token, camera)
    window, view, flows = assemble_booth(
        HubAdapter(HubClient(booth.hub_url, token=token)), settings, ctx.translations, camera, link
    )
    built = BoothApp(window, view, flows, camera, link)
    # A lambda (not a bound method, which Qt holds weakly) also keeps the plain-Python flows alive with the app.
    ctx.app.aboutToQuit.connect(lambda: built.shutdown())
    flows.visit.tasks.start(link.start(), name="signaling")
    flows.start()
    return built


def assemble_booth(
    hub: BoothHubPort,
    settings: Settings,
    translations: Translations | None = None,
    camera: Camera | None = None,
    link: CallLink | None = None,
) -> tuple[BoothWindow, WindowView, BoothFlows]:
    """The window, its view adapter and the flows over `hub`, wired (input forwarded, call link subscribed).

    Not started: call `flows.start()` to show the welcome screen. Tests build booths with this too.
    """
    from kiosk.app.booth.flows import build_flows
    from kiosk.app.booth.state import VisitState
    from kiosk.ui.booth.window import BoothWindow
    from kiosk.ui.booth.window_view import WindowView, bind_inputs

    booth = settings.booth
    state = VisitState(kpj_length=booth.kpj_length, language=booth.language)
    window = BoothWindow(state, booth.booth_number, booth.payout_working_days)
    window.problem.way_out_after = booth.problem_attempts_before_advice
    window.result.set_countdown(booth.result_timeout_s, booth.result_warning_s)
    view = WindowView(window, camera, translations, booth.inactivity_timeout_s, booth.inactivity_countdown_s)
    flows = build_flows(
        state, view, hub, settings.video,
        default_language=booth.language, camera=camera, call=link, camera_lost_after_s=booth.camera_lost_after_s,
        result_timeout_s=booth.result_timeout_s, receipt_printer=booth.receipt_printer,
        booth_number=booth.booth_number,
    )
    bind_inputs(view, flows)
    if link is not None:
        link.subscribe(flows.call)
    return window, view, flows


def booth_start(settings: Settings) -> Callable[[AppContext], None]:
    """What the app runs once the booth is enrolled: build it, show it, lock the PC down."""
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
