"""A booth built the way `kiosk booth` builds it (window, view adapter, flows), for the booth's UI tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kiosk.app.booth.call_flow import CallFlow
from kiosk.app.booth.documents_flow import DocumentsFlow
from kiosk.app.booth.flows import BoothFlows
from kiosk.app.booth.state import VisitState
from kiosk.app.booth.visit_flow import VisitFlow
from kiosk.config import BoothSettings, Settings, VideoSettings
from kiosk.ui.app import AppSpec, create_context
from kiosk.ui.booth.main import assemble_booth
from kiosk.ui.booth.window import BoothWindow
from kiosk.ui.booth.window_view import WindowView


@dataclass
class Booth:
    """The parts of one booth under test; `ended` collects why each visit ended."""

    window: BoothWindow
    view: WindowView
    flows: BoothFlows
    ended: list[str] = field(default_factory=list)

    @property
    def state(self) -> VisitState:
        """The visit's state."""
        return self.flows.state

    @property
    def visit(self) -> VisitFlow:
        """The visit flow (steps, problems, ending)."""
        return self.flows.visit

    @property
    def call(self) -> CallFlow:
        """The call flow (the officer's side)."""
        return self.flows.call

    @property
    def documents(self) -> DocumentsFlow:
        """The documents flow."""
        return self.flows.documents

    def shutdown(self) -> None:
        """What the app does when it quits (the camera belongs to the test)."""
        self.flows.shutdown()
        self.view.shutdown()


def make_booth(
    qtbot: Any,
    hub: Any,
    camera: Any = None,
    *,
    booth: BoothSettings | None = None,
    video: VideoSettings | None = None,
    link: Any = None,
    language: str = "id",
    show: bool = True,
) -> Booth:
    """Build, show and start a booth over `hub`; qtbot closes it (and shuts the flows down) after the test."""
    ctx = create_context(AppSpec(name="booth", theme="booth", catalogs=("booth",), language=language))
    settings = Settings(booth=booth or BoothSettings(), video=video or VideoSettings())
    window, view, flows = assemble_booth(hub, settings, ctx.translations, camera, link)
    built = Booth(window, view, flows)
    flows.visit.subscribe_ended(built.ended.append)
    window.allow_close()
    window.resize(1280, 800)
    if show:
        window.show()
    qtbot.addWidget(window, before_close_func=lambda _w: built.shutdown())
    flows.start()
    return built
