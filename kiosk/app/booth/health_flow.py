"""The booth's camera health during a visit: a camera that stops delivering frames shows the calm "camera lost"
screen, and the step comes back by itself once frames flow again."""

from __future__ import annotations

from collections.abc import Callable

from kiosk.app.booth.camera_port import Camera
from kiosk.app.booth.state import Problem, Step
from kiosk.app.booth.tasks import Ticker
from kiosk.app.booth.visit_flow import VisitFlow

#: How often the camera's newest frame is looked at.
CHECK_INTERVAL_S = 0.5
#: Steps that need the camera.
_WATCHED = frozenset({Step.DOCUMENTS, Step.WAITING, Step.CALL})


class CameraHealthFlow:
    """Watches the camera on the steps that need it; `on_lost` stops what uses it (the document capture)."""

    def __init__(
        self,
        visit: VisitFlow,
        camera: Camera | None,
        lost_after_s: float = 4.0,
        on_lost: Callable[[], None] | None = None,
    ) -> None:
        self.visit = visit
        self.camera = camera
        self.lost_after_s = lost_after_s
        self._on_lost = on_lost
        self._last_index: int | None = None
        self._stale_s = 0.0
        self._ticker = Ticker(CHECK_INTERVAL_S, self.check)
        visit.on_step(self._step_shown)
        visit.on_end(self._ticker.stop)

    @property
    def watching(self) -> bool:
        """True while the camera is checked."""
        return self._ticker.active

    def _step_shown(self, step: Step, resumed: bool) -> None:
        if resumed:
            return  # a problem interrupted the step: the watch (if any) went on meanwhile
        if step in _WATCHED and self.camera is not None:
            self._last_index = None
            self._stale_s = 0.0
            self._ticker.start()
        elif self.visit.state.problem is not Problem.CAMERA_LOST:
            self._ticker.stop()

    def check(self) -> None:
        """A camera that stops delivering new frames (or reports itself unavailable) is lost."""
        camera = self.camera
        if camera is None:
            return
        from kiosk.video.camera import CameraState

        visit = self.visit
        latest = camera.latest()
        index = latest.index if latest is not None else None
        unavailable = getattr(camera, "state", None) is CameraState.UNAVAILABLE
        if index is not None and index != self._last_index and not unavailable:
            self._last_index = index
            self._stale_s = 0.0
            if visit.state.problem is Problem.CAMERA_LOST:
                visit.clear_problem()
            return
        self._stale_s += self._ticker.interval_s
        if unavailable or self._stale_s >= self.lost_after_s:
            if visit.state.problem is None:
                if self._on_lost is not None:
                    self._on_lost()
                visit.show_problem(Problem.CAMERA_LOST, 0)
            if visit.state.problem is Problem.CAMERA_LOST:
                visit.view.set_problem_attempt(int(self._stale_s // 2) + 1)
