"""Signaling and control-channel schemas: parsed completely or refused with a clear code."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.media import QualityLevel
from kiosk.domain.session import SessionState
from kiosk.protocol import (
    MAX_MESSAGE_BYTES,
    CaptureRequestPayload,
    ControlType,
    EmptyPayload,
    MessageError,
    Role,
    SdpPayload,
    SessionUpdatePayload,
    SetQualityPayload,
    SignalType,
    control,
    error_signal,
    parse_control,
    parse_envelope,
    signal,
)

OFFER = {"v": 1, "type": "offer", "session_id": "s-1", "payload": {"sdp": "v=0\r\n", "sdp_type": "offer"}}


def error_code(raw: object, parse: object = parse_envelope) -> str:
    with pytest.raises(MessageError) as info:
        parse(raw)  # type: ignore[operator]
    return info.value.code


def test_an_offer_parses_into_its_payload_model() -> None:
    envelope = parse_envelope(json.dumps(OFFER))
    assert envelope.type is SignalType.OFFER
    assert envelope.session_id == "s-1"
    assert envelope.payload_as(SdpPayload).sdp == "v=0\r\n"


def test_round_trip_through_the_wire_form() -> None:
    update = signal(
        SignalType.SESSION_UPDATE,
        SessionUpdatePayload(state=SessionState.WAITING_CSO, claim_type="JHT"),
        session_id="s-9",
    )
    assert parse_envelope(update.to_json()) == update
    assert json.loads(update.to_json())["payload"]["state"] == "waiting_cso"


def test_hello_carries_role_and_state() -> None:
    hello = parse_envelope(
        {"v": 1, "type": "hello", "payload": {"role": "console", "sessions": ["a"], "cap": 4}}
    )
    assert hello.payload.role is Role.CONSOLE  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("{not json", "malformed_json"),
        (b"\xff\xfe", "malformed_json"),
        ("[1, 2]", "not_an_object"),
        ({"type": "offer", "payload": {}}, "unsupported_version"),
        ({**OFFER, "v": 2}, "unsupported_version"),
        ({**OFFER, "v": True}, "unsupported_version"),
        ({**OFFER, "type": "teleport"}, "unknown_type"),
        ({**OFFER, "extra": 1}, "invalid_envelope"),
        ({**OFFER, "session_id": 5}, "invalid_envelope"),
        ({**OFFER, "session_id": "x" * 65}, "invalid_envelope"),
        ({**OFFER, "payload": {"sdp": "", "sdp_type": "offer"}}, "invalid_payload"),
        ({**OFFER, "payload": {"sdp": "v=0", "sdp_type": "pranswer"}}, "invalid_payload"),
        ({**OFFER, "payload": {"sdp": "v=0", "sdp_type": "offer", "x": 1}}, "invalid_payload"),
        ({**OFFER, "payload": "sdp"}, "invalid_payload"),
        ({"v": 1, "type": "console_status", "payload": {"cap": 13}}, "invalid_payload"),
        ("x" * (MAX_MESSAGE_BYTES + 1), "too_large"),
    ],
)
def test_malformed_signals_are_refused_with_a_code(raw: object, code: str) -> None:
    assert error_code(raw) == code


def test_the_error_message_says_which_field() -> None:
    with pytest.raises(MessageError) as info:
        parse_envelope({**OFFER, "payload": {"sdp_type": "offer"}})
    assert "sdp" in info.value.detail


def test_building_a_signal_checks_the_payload_type() -> None:
    with pytest.raises(MessageError):
        signal(SignalType.OFFER, SessionUpdatePayload(state=SessionState.IN_CALL))


def test_error_signal() -> None:
    env = error_signal("unknown_type", "no such type", ref_type="teleport")
    assert parse_envelope(env.to_json()).type is SignalType.ERROR


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda c: st.lists(c) | st.dictionaries(st.text(), c),
    )
)
def test_arbitrary_json_is_parsed_or_refused_never_anything_else(value: object) -> None:
    for parse in (parse_envelope, parse_control):
        try:
            result = parse(json.dumps(value))
        except MessageError:
            continue
        # Whatever is accepted is complete: it survives a round trip unchanged.
        assert parse(result.to_json()) == result


# ---- control channel ---------------------------------------------------------------------------------------------


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
        {"v": 1, "type": "set_quality", "id": "q", "payload": {"level": "4k"}}, parse_control
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
    assert error_code(raw, parse_control) == code


def test_quality_levels_match_the_design() -> None:
    assert (QualityLevel.THUMBNAIL.spec.width, QualityLevel.THUMBNAIL.spec.fps) == (320, 10)
    assert (QualityLevel.STANDARD.spec.height, QualityLevel.STANDARD.spec.fps) == (480, 20)
    assert (QualityLevel.FOCUS.spec.width, QualityLevel.FOCUS.spec.height, QualityLevel.FOCUS.spec.fps) == (
        1280,
        720,
        30,
    )
