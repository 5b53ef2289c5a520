"""The signaling envelope and its payloads: parsed completely or refused with a clear code."""

from __future__ import annotations

import json

import pytest

from kiosk.domain.session import SessionState
from kiosk.protocol.base import MAX_MESSAGE_BYTES, MessageError
from kiosk.protocol.signaling import (
    Role,
    SdpPayload,
    SessionUpdatePayload,
    SignalType,
    error_signal,
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
