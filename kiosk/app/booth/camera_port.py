"""What the booth's flows need of the local camera (a `kiosk.video.camera.CameraSource`)."""

from __future__ import annotations

from typing import Any, Protocol


class Camera(Protocol):
    """The newest frame, and the newest `CapturedFrame` with its `index` (to tell a frozen camera)."""

    def latest_frame(self) -> Any:
        """Newest full-resolution BGR frame or None."""
        ...

    def latest(self) -> Any:
        """Newest `CapturedFrame` (with its `index`) or None."""
        ...
