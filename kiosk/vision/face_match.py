"""Comparing the e-KTP portrait with the participant's live face: dlib's ResNet face model.

The model (`dlib_face_recognition_resnet_model_v1.dat`, shipped by the `face-recognition-models` package) maps
an aligned face to 128 numbers; two faces closer than 0.6 are the same person at the model's published operating
point. Both faces also come back as aligned chips of the same size, so the console shows them at one scale.
The embeddings exist only inside `compare`: they are never returned, stored or logged.
"""

from __future__ import annotations

import functools
import importlib.util
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from kiosk.domain.assist import FaceVerdict, face_verdict
from kiosk.vision.faces import STILL_MAX_SIDE, cut_card, shrink

#: Side of the aligned face chips shown to the officer, in pixels.
CHIP_SIZE = 200


@dataclass(frozen=True)
class FaceComparison:
    """The result of one comparison: the distance (None without two faces), the verdict and the two chips."""

    distance: float | None
    verdict: FaceVerdict
    card_chip: np.ndarray | None
    live_chip: np.ndarray | None


@dataclass(frozen=True)
class _Face:
    chip: np.ndarray
    embedding: np.ndarray


def model_file(name: str) -> Path:
    """A model file shipped by the `face-recognition-models` package.

    Found without importing the package: its `__init__` needs `pkg_resources`, which a fresh virtual
    environment on Python 3.12 or newer does not have.
    """
    spec = importlib.util.find_spec("face_recognition_models")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the face-recognition-models package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "models" / name


@functools.cache
def _models():  # type: ignore[no-untyped-def]
    import dlib

    return (
        dlib.get_frontal_face_detector(),
        dlib.shape_predictor(str(model_file("shape_predictor_5_face_landmarks.dat"))),
        dlib.face_recognition_model_v1(str(model_file("dlib_face_recognition_resnet_model_v1.dat"))),
    )


def _face(image: np.ndarray, max_upsample: int) -> _Face | None:
    import dlib

    detector, shapes, model = _models()
    small, _ = shrink(image, STILL_MAX_SIDE)
    rgb = np.ascontiguousarray(cv2.cvtColor(small, cv2.COLOR_BGR2RGB))
    # Without upsampling first (four times cheaper): a card still's portrait is about 100 px high at this size,
    # above the detector's 80 px; only a smaller face costs the upsampled search.
    found = []
    for upsample in range(max_upsample + 1):
        found = sorted(detector(rgb, upsample), key=lambda r: r.area(), reverse=True)
        if found:
            break
    if not found:
        return None
    shape = shapes(rgb, found[0])
    embedding = np.asarray(model.compute_face_descriptor(rgb, shape))
    chip = cv2.cvtColor(np.asarray(dlib.get_face_chip(rgb, shape, size=CHIP_SIZE, padding=0.4)), cv2.COLOR_RGB2BGR)
    return _Face(chip=chip, embedding=embedding)


def compare(card: np.ndarray, live: np.ndarray) -> FaceComparison:
    """Compare the face on an ID card still (BGR) with the face on a live still (BGR)."""
    card_face = _face(cut_card(card), max_upsample=2)
    live_face = _face(live, max_upsample=2)  # a still from a small tile: the face may be under 80 px
    distance = None
    if card_face is not None and live_face is not None:
        distance = float(np.linalg.norm(card_face.embedding - live_face.embedding))
    return FaceComparison(
        distance=distance,
        verdict=face_verdict(distance, card_face=card_face is not None, live_face=live_face is not None),
        card_chip=card_face.chip if card_face else None,
        live_chip=live_face.chip if live_face else None,
    )


def warm_up() -> None:
    """Load the models now (about a second), so the first comparison in a session is not the slow one."""
    _models()
