"""The control data channel's messages: parsed completely or refused with a clear code."""

from __future__ import annotations

import pytest

from kiosk.domain.media import QualityLevel
from kiosk.protocol.base import MessageError
from kiosk.protocol.control import (
    CaptureRequestPayload,
    ControlType,
    EmptyPayload,
    SetQualityPayload,
    control,
    parse_control,
)


def error_code(raw: object) -> str:
    with pytest.raises(MessageError) as info:
        parse_control(raw)
    return info.value.code


def test_control_round_trip_and_correlation() -> None:
    request = control(
        ControlType.CAPTURE_REQUEST, "c-1", CaptureRequestPayload(document="ektp", countdown_s=3)
    )
    parsed = parse_control(request.to_json())
    assert parsed == request
    ack = control(ControlType.ACK, "b-1", reply_to="c-1")
    assert parse_control(ack.to_json()).reply_to == "c-1"
    assert isinstance(parse_control(ack.to_json()).payload, EmptyPayload)


def test_set_quality_uses_the_quality_levels() -> None:
    msg = parse_control({"v": 1, "type": "set_quality", "id": "q", "payload": {"level": "thumbnail"}})
    assert msg.payload_as(SetQualityPayload).level is QualityLevel.THUMBNAIL
    assert error_code(
        {"v": 1, "type": "set_quality", "id": "q", "payload": {"level": "4k"}}
    ) == ("invalid_payload")


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ({"v": 1, "type": "focus"}, "invalid_envelope"),
        ({"v": 1, "type": "focus", "id": ""}, "invalid_envelope"),
        ({"v": 1, "type": "focus", "id": "a", "reply_to": 3}, "invalid_envelope"),
        ({"v": 1, "type": "explode", "id": "a"}, "unknown_type"),
        ({"v": 1, "type": "prompt", "id": "a", "payload": {"text": ""}}, "invalid_payload"),
        (
            {
                "v": 1,
                "type": "capture_done",
                "id": "a",
                "payload": {"document": "ektp", "document_id": "d", "sha256": "zz"},
            },
            "invalid_payload",
        ),
        ({"v": 1, "type": "focus", "id": "a", "payload": {"surprise": True}}, "invalid_payload"),
    ],
)
def test_malformed_control_messages_are_refused(raw: object, code: str) -> None:
    assert error_code(raw) == code


def test_quality_levels_match_the_design() -> None:
    assert (QualityLevel.THUMBNAIL.spec.width, QualityLevel.THUMBNAIL.spec.fps) == (320, 10)
    assert (QualityLevel.STANDARD.spec.height, QualityLevel.STANDARD.spec.fps) == (480, 20)
    assert (QualityLevel.FOCUS.spec.width, QualityLevel.FOCUS.spec.height, QualityLevel.FOCUS.spec.fps) == (
        1280,
        720,
        30,
    )
