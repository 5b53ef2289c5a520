"""Machine-assist rules: what a face distance or a read field tells the officer."""

from __future__ import annotations

import pytest

from kiosk.domain.assist import (
    FACE_MATCH_THRESHOLD,
    CardField,
    FaceVerdict,
    FieldStatus,
    SecondFaceWatch,
    compare_field,
    digits_of,
    face_verdict,
    mismatches,
)


@pytest.mark.parametrize(
    ("distance", "verdict"),
    [
        (0.30, FaceVerdict.LIKELY_SAME),
        (0.52, FaceVerdict.LOOK_CLOSELY),
        (FACE_MATCH_THRESHOLD, FaceVerdict.LIKELY_DIFFERENT),
        (0.84, FaceVerdict.LIKELY_DIFFERENT),
    ],
)
def test_a_distance_becomes_words_at_the_models_operating_point(distance: float, verdict: FaceVerdict) -> None:
    assert face_verdict(distance) is verdict


def test_a_missing_face_says_which_side_is_missing() -> None:
    assert face_verdict(None, card_face=False) is FaceVerdict.NO_CARD_FACE
    assert face_verdict(None, live_face=False) is FaceVerdict.NO_LIVE_FACE


def test_digit_lookalikes_read_by_ocr_are_forgiven_but_a_wrong_digit_is_not() -> None:
    assert digits_of("35O6 O425 O875 OOOl") == "3506042508750001"
    assert compare_field(CardField.NIK, "3506042508750001", "3506 0425 0875 000l").status is FieldStatus.MATCH
    assert compare_field(CardField.NIK, "3506042508750001", "3506042508750007").status is FieldStatus.MISMATCH


def test_names_compare_without_case_accents_or_spacing_and_dates_without_padding() -> None:
    assert compare_field(CardField.NAME, "Budi  Santoso", "BUDI SANTOSO").status is FieldStatus.MATCH
    assert compare_field(CardField.NAME, "Siti Aminah", "SITI AMINA").status is FieldStatus.MISMATCH
    assert compare_field(CardField.BIRTH_DATE, "5-8-1975", "05-08-1975").status is FieldStatus.MATCH
    assert compare_field(CardField.BIRTH_DATE, "25-08-1975", "25-08-1957").status is FieldStatus.MISMATCH


def test_an_unreadable_field_is_shown_but_not_flagged() -> None:
    results = [
        compare_field(CardField.NIK, "3506042508750001", None),
        compare_field(CardField.NAME, "Budi Santoso", "BUDI SANTOSA"),
    ]
    assert results[0].status is FieldStatus.UNREADABLE
    assert [c.field for c in mismatches(results)] == [CardField.NAME]


def test_a_second_face_warns_once_per_episode_and_ignores_a_single_false_detection() -> None:
    watch = SecondFaceWatch(hits=3, window=5)
    assert [watch.observe(n) for n in (1, 2, 1, 1, 1, 1)] == [False] * 6  # one stray detection
    assert [watch.observe(n) for n in (2, 2, 2, 2)] == [False, False, True, False]
    assert watch.active
    assert [watch.observe(1) for _ in range(5)] == [False] * 5
    assert not watch.active
    assert [watch.observe(2) for _ in range(3)] == [False, False, True]  # a new episode warns again
