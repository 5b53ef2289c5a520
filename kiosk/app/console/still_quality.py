"""A document still's quality as the officer reads it: words and advice, not the booth's raw measurements.

The booth measures sharpness (Laplacian variance), glare (share of blown-out pixels) and brightness; the same
limits it captures against (`VideoSettings.still_*`) sort each figure here into a verdict the workspace words
("Sharp, little glare", "Blurry: ask to hold still"). No Qt: the widget only translates the verdict.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from kiosk.app.console.session import DocumentStill
from kiosk.config import VideoSettings

#: Sharpness this many times the booth's minimum reads as "sharp" (just above the minimum: "sharp enough").
SHARP_MARGIN = 1.5
#: Glare up to this share of the booth's maximum reads as "little glare".
LITTLE_GLARE_SHARE = 0.25


class Sharpness(enum.Enum):
    """How sharp a still is."""

    SHARP = "sharp"
    ENOUGH = "enough"
    BLURRY = "blurry"


class Glare(enum.Enum):
    """How much of a still is blown out by reflections."""

    LITTLE = "little"
    SOME = "some"
    HEAVY = "heavy"


class Light(enum.Enum):
    """Whether a still is lit well enough to read."""

    GOOD = "good"
    DARK = "dark"
    BRIGHT = "bright"


class Level(enum.Enum):
    """The verdict's colour: good, worth a second look, or ask for a new photo."""

    GOOD = "good"
    WARN = "warn"
    BAD = "bad"


@dataclass(frozen=True)
class StillVerdict:
    """Each measured aspect sorted into words (None where the booth sent no figure)."""

    sharpness: Sharpness | None
    glare: Glare | None
    light: Light | None

    @property
    def level(self) -> Level:
        """Bad when any aspect fails the booth's limits, warn when one is only just inside them, else good."""
        if self.sharpness is Sharpness.BLURRY or self.glare is Glare.HEAVY or self.light not in (None, Light.GOOD):
            return Level.BAD
        if self.sharpness is Sharpness.ENOUGH or self.glare is Glare.SOME:
            return Level.WARN
        return Level.GOOD


def judge(still: DocumentStill, limits: VideoSettings | None = None) -> StillVerdict:
    """Sort a still's figures into words by the limits the booth captured it under."""
    lim = limits or VideoSettings()
    sharpness = None
    if still.sharpness is not None:
        if still.sharpness < lim.still_min_sharpness:
            sharpness = Sharpness.BLURRY
        elif still.sharpness < lim.still_min_sharpness * SHARP_MARGIN:
            sharpness = Sharpness.ENOUGH
        else:
            sharpness = Sharpness.SHARP
    glare = None
    if still.glare_ratio is not None:
        if still.glare_ratio > lim.still_max_glare_ratio:
            glare = Glare.HEAVY
        elif still.glare_ratio > lim.still_max_glare_ratio * LITTLE_GLARE_SHARE:
            glare = Glare.SOME
        else:
            glare = Glare.LITTLE
    light = None
    if still.brightness is not None:
        if still.brightness < lim.still_min_brightness:
            light = Light.DARK
        elif still.brightness > lim.still_max_brightness:
            light = Light.BRIGHT
        else:
            light = Light.GOOD
    return StillVerdict(sharpness, glare, light)
