"""Video quality levels the console switches a booth between, without renegotiating."""

from __future__ import annotations

import enum
from dataclasses import dataclass


@dataclass(frozen=True)
class QualitySpec:
    """Resolution and frame rate of a quality level."""

    width: int
    height: int
    fps: int


class QualityLevel(enum.Enum):
    """How much of a booth's video the console wants: a thumbnail tile, a normal tile, or the focused booth."""

    THUMBNAIL = "thumbnail"
    STANDARD = "standard"
    FOCUS = "focus"

    @property
    def spec(self) -> QualitySpec:
        """Target resolution and frame rate (the camera may deliver less for `focus`)."""
        return _SPECS[self]


_SPECS = {
    QualityLevel.THUMBNAIL: QualitySpec(320, 240, 10),
    QualityLevel.STANDARD: QualitySpec(640, 480, 20),
    QualityLevel.FOCUS: QualitySpec(1280, 720, 30),
}
