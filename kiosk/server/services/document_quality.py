"""The hub's own verdict on a document photo uploaded from a browser: the booth's measures and thresholds
(`kiosk.imaging.quality`, `VideoSettings.still_*`) on the stored file, with the reasons in the participant's
language. A PDF gets no image checks (it is checked for active content when stored)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from kiosk.config import VideoSettings
from kiosk.domain.claim_catalog import DocumentShape
from kiosk.imaging.quality import StillProblem, StillQuality, assess_still

#: What the participant reads for each problem (Indonesian, English): the booth's wording, said for a phone.
PROBLEM_WORDS: dict[StillProblem, tuple[str, str]] = {
    StillProblem.TOO_DARK: ("Foto terlalu gelap. Cari tempat yang lebih terang.", "Too dark. Find a brighter place."),
    StillProblem.TOO_BRIGHT: ("Foto terlalu terang. Hindari cahaya langsung.", "Too bright. Avoid direct light."),
    StillProblem.BLURRY: ("Foto buram. Tahan ponsel dengan tenang.", "Blurred. Hold the phone still and retake."),
    StillProblem.GLARE: ("Ada pantulan cahaya. Miringkan kartu sedikit.", "Glare on the document. Tilt it slightly."),
    StillProblem.NO_CARD: (
        "Kartu tidak terlihat utuh. Letakkan kartu di atas alas gelap, seluruh tepinya di dalam foto.",
        "No card found. Lay the card on a dark surface with all its edges in the photo.",
    ),
}


@dataclass(frozen=True)
class Verdict:
    """The measures of an uploaded image (None for a PDF) and what is wrong with it."""

    quality: StillQuality | None
    problems: tuple[StillProblem, ...]

    def message(self, language: str) -> str:
        """All problems, one sentence each, in ``id`` or ``en``."""
        index = 1 if language == "en" else 0
        return " ".join(PROBLEM_WORDS[p][index] for p in self.problems)


def judge(path: Path, media_type: str, shape: DocumentShape, settings: VideoSettings) -> Verdict:
    """Measure a stored file as the booth measures its stills. A card must be found for a card document; pages,
    selfies and signatures are measured whole. Blocking CPU work."""
    if not media_type.startswith("image/"):
        return Verdict(None, ())
    image = cv2.imdecode(np.fromfile(str(path), dtype=np.uint8), cv2.IMREAD_COLOR)
    if image is None:  # the store decoded it already; an odd file still gets a sentence rather than a 500
        return Verdict(None, (StillProblem.BLURRY,))
    is_card = shape is DocumentShape.CARD
    quality = assess_still(image, locate_card=is_card)
    return Verdict(quality, quality.problems(settings, require_card=is_card))
