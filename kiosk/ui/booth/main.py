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
    from kiosk.app.booth.voice import SoundPlayer, VoiceGuide
    from kiosk.ui.booth.window import BoothWindow
    from kiosk.ui.booth.window_view import WindowView
    from kiosk.video.camera import CameraSource
    from kiosk.vision.worker import VisionWorker

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
    vision: VisionWorker | None = None

    def shutdown(self) -> None:
        """Stop the flows' work, the screens' timers, the camera and the vision worker (app exit)."""
        self.flows.shutdown()
        self.view.shutdown()
        self.camera.stop()
        if self.vision is not None:
            self.vision.close()


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
    vision = None
    if booth.second_face_checks_per_s > 0:
        from kiosk.app.booth.second_face import CallListeners, SecondFaceWatcher
        from kiosk.vision.worker import VisionWorker

        vision = VisionWorker()
        watcher = SecondFaceWatcher(camera, vision, link.request, rate=booth.second_face_checks_per_s)
        link.subscribe(CallListeners(flows.call, watcher))
    built = BoothApp(window, view, flows, camera, link, vision)
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
    *,
    player: SoundPlayer | None = None,
) -> tuple[BoothWindow, WindowView, BoothFlows]:
    """The window, its view adapter and the flows over `hub`, wired (input forwarded, call link subscribed).

    Not started: call `flows.start()` to show the welcome screen. Tests build booths with this too. `player`
    replaces the booth's speaker for spoken guidance and the chime (tests hand in one that needs no device).
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
    if booth.voice_guidance:
        view.voice = build_voice(view, flows, settings, player)
    if link is not None:
        link.subscribe(flows.call)
        link.subscribe_queue(flows.wait.queue_changed)
    return window, view, flows


def build_voice(view: WindowView, flows: BoothFlows, settings: Settings, player: SoundPlayer | None) -> VoiceGuide:
    """Spoken guidance and the officer chime on the booth's speaker, cached in the booth's cache dir."""
    from kiosk.app.booth.voice import SpeechCache, VoiceGuide
    from kiosk.paths import default_cache_dir
    from kiosk.ui.booth.sound_player import QtSoundPlayer
    from kiosk.ui.booth.voice_binding import bind_voice

    booth = settings.booth
    cache = SpeechCache(booth.speech_cache_dir or default_cache_dir() / "speech")
    guide = VoiceGuide(player or QtSoundPlayer(booth.speaker, view.window), cache, default_level=booth.voice_volume)
    bind_voice(view.window, guide, flows.visit, view.inactivity)
    return guide


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
