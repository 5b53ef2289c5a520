"""Face comparison and face counting on the photos in assets/faces (see its README for what they are)."""

from __future__ import annotations

import numpy as np
import pytest

from kiosk.domain.assist import FaceVerdict
from kiosk.video.scenes import BoothScene
from kiosk.video.specimens import CardHolder, face_photo, head_and_shoulders, paste, render_ektp, tilted
from kiosk.vision import face_match
from kiosk.vision.face_match import CHIP_SIZE
from kiosk.vision.faces import card_portrait, count_faces

HOLDER = CardHolder("3506042508750001", "BUDI SANTOSO", "KEDIRI", "25-08-1975", portrait="obama")


def test_the_card_portrait_and_another_photo_of_the_same_person_match() -> None:
    result = face_match.compare(render_ektp(HOLDER), face_photo("obama2"))
    assert result.verdict is FaceVerdict.LIKELY_SAME
    assert result.distance is not None and result.distance < 0.5


def test_a_different_person_is_pointed_out() -> None:
    result = face_match.compare(render_ektp(HOLDER), face_photo("biden"))
    assert result.verdict is FaceVerdict.LIKELY_DIFFERENT
    assert result.distance is not None and result.distance > 0.7


def test_both_faces_come_back_at_the_same_scale_for_the_officer() -> None:
    result = face_match.compare(render_ektp(HOLDER), face_photo("obama3"))
    assert result.card_chip is not None and result.live_chip is not None
    assert result.card_chip.shape == result.live_chip.shape == (CHIP_SIZE, CHIP_SIZE, 3)


def test_no_face_on_either_side_is_said_plainly() -> None:
    blank = np.full((480, 640, 3), 90, np.uint8)
    assert face_match.compare(render_ektp(HOLDER), blank).verdict is FaceVerdict.NO_LIVE_FACE
    faceless = CardHolder(HOLDER.nik, HOLDER.name, HOLDER.birth_place, HOLDER.birth_date, portrait=None)
    assert face_match.compare(render_ektp(faceless), face_photo("obama")).verdict is FaceVerdict.NO_CARD_FACE


def test_the_portrait_is_found_on_a_tilted_card() -> None:
    portrait = card_portrait(tilted(render_ektp(HOLDER), 8))
    assert portrait is not None
    assert face_match.compare(portrait, face_photo("obama2")).verdict is FaceVerdict.LIKELY_SAME


@pytest.fixture(scope="module")
def booth_frame() -> np.ndarray:
    scene = BoothScene(1280, 720, card_aspect=1.586).render(1.0)
    return paste(scene, head_and_shoulders("obama", 520), 420, 200)


def test_one_participant_is_one_face(booth_frame: np.ndarray) -> None:
    assert count_faces(booth_frame) == 1


def test_a_second_person_leaning_in_is_counted(booth_frame: np.ndarray) -> None:
    assert count_faces(paste(booth_frame, head_and_shoulders("biden", 360), 920, 300)) == 2


def test_an_empty_booth_is_no_face() -> None:
    from kiosk.video.scenes import _wall  # the scene's wall, nobody in front of it

    assert count_faces(_wall(1280, 720, 7)) == 0
