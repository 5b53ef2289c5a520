"""The booth<->console control data channel: its label, message types, payloads and envelope.

The channel is reliable and ordered, labelled ``control``::

    {"v": 1, "type": "capture_request", "id": "c-1", "reply_to": null, "payload": {"document": "ektp"}}
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, Field

from kiosk.domain.media import QualityLevel
from kiosk.protocol.base import (
    ErrorPayload,
    Message,
    MessageError,
    Payload,
    check_version,
    load_object,
    parse_payload,
)

#: Data channel label of the control channel.
CONTROL_CHANNEL_LABEL = "control"


class ControlType(enum.Enum):
    """Types of messages on the booth<->console control data channel."""

    FOCUS = "focus"  # console -> booth: you are the focused booth (officer's audio and video)
    UNFOCUS = "unfocus"  # console -> booth: back to the grid
    SET_QUALITY = "set_quality"  # console -> booth: send at this quality level
    CAPTURE_REQUEST = "capture_request"  # console -> booth: capture this document (answered by capture_done)
    CAPTURE_DONE = "capture_done"  # booth -> console: the still is uploaded to the hub
    PROMPT = "prompt"  # console -> booth: text shown large to the participant
    HOLD = "hold"  # console -> booth: the officer is with another booth
    RESUME = "resume"  # console -> booth: the officer is back
    SIGNATURE_REQUEST = "signature_request"  # console -> booth: ask for the signature (answered by signature_done)
    SIGNATURE_DONE = "signature_done"  # booth -> console: the signature is uploaded
    HAND_BACK = "hand_back"  # console -> booth: back to self-service (recapture, more data)
    END = "end"  # console -> booth: the session's outcome
    RECORDING = "recording"  # console -> booth: the officer's console records this session (on) or stopped (off)
    ACK = "ack"  # either way: the request `reply_to` was carried out
    ERROR = "error"  # either way: the request `reply_to` (or a malformed message) was refused
    SECOND_FACE = "second_face"  # booth -> console: more than one face in the booth during the call


class EmptyPayload(Payload):
    """No payload."""


class SetQualityPayload(Payload):
    """The quality level to send at."""

    level: QualityLevel


class CaptureRequestPayload(Payload):
    """Which document to capture, after an on-screen countdown."""

    document: str = Field(min_length=1, max_length=64)
    countdown_s: float = Field(default=3.0, ge=0, le=30)


class CaptureDonePayload(Payload):
    """A captured still, stored on the hub."""

    document: str = Field(min_length=1, max_length=64)
    document_id: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    sharpness: float | None = None
    glare_ratio: float | None = None


class PromptPayload(Payload):
    """Text for the participant, in the language the officer chose; a ready phrase also carries its English words
    (`text` is then the Indonesian) and the booth shows the participant's language."""

    text: str = Field(min_length=1, max_length=500)
    text_en: str | None = Field(default=None, min_length=1, max_length=500)

    def for_language(self, language: str) -> str:
        """The words to show a participant reading `language`."""
        return self.text_en if language == "en" and self.text_en else self.text


class HandBackPayload(Payload):
    """What the participant should do again in self-service."""

    documents: tuple[str, ...] = ()
    note: str = Field(default="", max_length=500)


class SignatureDonePayload(Payload):
    """The signature, stored on the hub."""

    document_id: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class Outcome(enum.Enum):
    """How the officer ended a session."""

    SUBMITTED = "submitted"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


class EndPayload(Payload):
    """The session's outcome for the result screen.

    A rejection carries only its `reason_code` (`kiosk.domain.rejection`): the booth words it for the participant
    in their language; the officer's note for the file is never sent. `reason_text` is a cancellation's words.
    """

    outcome: Outcome
    reference: str | None = None
    reason_code: str | None = None
    reason_text: str = Field(default="", max_length=1000)


class SecondFacePayload(Payload):
    """The booth saw more than one face for several checks in a row: how many, and when (booth clock)."""

    faces: int = Field(ge=2, le=20)
    at: str = Field(pattern=r"^[0-2][0-9]:[0-5][0-9]:[0-5][0-9]$")


class RecordingPayload(Payload):
    """Whether the officer's console records the session now (the booth shows its recording sign on every
    screen while it does, as the consent notice promises)."""

    on: bool


CONTROL_PAYLOADS: dict[ControlType, type[Payload]] = {
    ControlType.FOCUS: EmptyPayload,
    ControlType.UNFOCUS: EmptyPayload,
    ControlType.SET_QUALITY: SetQualityPayload,
    ControlType.CAPTURE_REQUEST: CaptureRequestPayload,
    ControlType.CAPTURE_DONE: CaptureDonePayload,
    ControlType.PROMPT: PromptPayload,
    ControlType.HOLD: EmptyPayload,
    ControlType.RESUME: EmptyPayload,
    ControlType.SIGNATURE_REQUEST: EmptyPayload,
    ControlType.SIGNATURE_DONE: SignatureDonePayload,
    ControlType.HAND_BACK: HandBackPayload,
    ControlType.END: EndPayload,
    ControlType.RECORDING: RecordingPayload,
    ControlType.ACK: EmptyPayload,
    ControlType.ERROR: ErrorPayload,
    ControlType.SECOND_FACE: SecondFacePayload,
}

#: Requests whose answer is another message type rather than a plain ack.
CONTROL_ANSWERS: dict[ControlType, ControlType] = {
    ControlType.CAPTURE_REQUEST: ControlType.CAPTURE_DONE,
    ControlType.SIGNATURE_REQUEST: ControlType.SIGNATURE_DONE,
}


class ControlMessage(Message):
    """A control-channel message, fully parsed."""

    type: ControlType
    id: str = Field(min_length=1, max_length=64)
    reply_to: str | None = Field(default=None, max_length=64)
    payload: BaseModel = EmptyPayload()


def control(
    kind: ControlType, message_id: str, payload: BaseModel | None = None, reply_to: str | None = None
) -> ControlMessage:
    """Build a control message, checking that the payload fits the type."""
    expected = CONTROL_PAYLOADS[kind]
    body = payload if payload is not None else expected()
    if not isinstance(body, expected):
        raise MessageError("invalid_payload", f"{kind.value} carries {expected.__name__}")
    return ControlMessage(type=kind, id=message_id, reply_to=reply_to, payload=body)


def parse_control(raw: str | bytes | Mapping[str, Any]) -> ControlMessage:
    """Parse a control-channel message completely, or raise `MessageError` saying what is wrong."""
    data = load_object(raw)
    check_version(data)
    unknown = set(data) - {"v", "type", "id", "reply_to", "payload"}
    if unknown:
        raise MessageError("invalid_envelope", f"unknown fields {sorted(unknown)}")
    try:
        kind = ControlType(data.get("type"))
    except ValueError:
        raise MessageError("unknown_type", f"unknown control message type {data.get('type')!r}") from None
    message_id, reply_to = data.get("id"), data.get("reply_to")
    if not isinstance(message_id, str) or not 0 < len(message_id) <= 64:
        raise MessageError("invalid_envelope", "id must be a string of 1 to 64 characters")
    if reply_to is not None and (not isinstance(reply_to, str) or len(reply_to) > 64):
        raise MessageError("invalid_envelope", "reply_to must be a string of up to 64 characters or null")
    payload = parse_payload(CONTROL_PAYLOADS[kind], data.get("payload"), kind.value)
    return ControlMessage(type=kind, id=message_id, reply_to=reply_to, payload=payload)
