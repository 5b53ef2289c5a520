"""Versioned wire schemas: the signaling envelope (hub WebSocket) and the booth<->console control channel.

Every message is parsed completely or rejected with `MessageError`: a receiver never sees half-parsed data.
Both envelopes carry ``"v": 1``; a message of another version is refused with ``unsupported_version``.

Signaling::

    {"v": 1, "type": "offer", "session_id": "s-...", "payload": {"sdp": "...", "sdp_type": "offer"}}

Control channel (data channel label ``control``, reliable and ordered)::

    {"v": 1, "type": "capture_request", "id": "c-1", "reply_to": null, "payload": {"document": "ektp"}}
"""

from __future__ import annotations

import builtins
import enum
import json
from collections.abc import Mapping
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kiosk.domain.media import QualityLevel
from kiosk.domain.session import SessionState

PROTOCOL_VERSION: Literal[1] = 1
#: Larger messages are refused before parsing (a complete SDP is a few kB).
MAX_MESSAGE_BYTES = 256 * 1024

#: Data channel label of the control channel.
CONTROL_CHANNEL_LABEL = "control"


class MessageError(ValueError):
    """A message that cannot be accepted; `code` is stable and is sent back in an error message."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


class _Payload(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# ----------------------------------------------------------------------------------------------------------------
# Signaling


class Role(enum.Enum):
    """Who is at the other end of a signaling connection."""

    BOOTH = "booth"
    CONSOLE = "console"


class SignalType(enum.Enum):
    """Types of messages on the hub's WebSocket."""

    HELLO = "hello"  # client -> hub, first message and after every reconnect: who I am and what I hold
    WELCOME = "welcome"  # hub -> client: the connection is accepted
    HEARTBEAT = "heartbeat"  # client -> hub, every few seconds; hub -> client as the answer
    CONSOLE_STATUS = "console_status"  # console -> hub: cap and pause
    ASSIGNMENT = "assignment"  # hub -> booth and console: this session is now served by this console
    UNASSIGNED = "unassigned"  # hub -> booth and console: the session went back to the queue
    OFFER = "offer"  # booth -> console (relayed): complete SDP offer
    ANSWER = "answer"  # console -> booth (relayed): complete SDP answer
    BYE = "bye"  # either end (relayed): the peer connection is closed
    SESSION_UPDATE = "session_update"  # booth -> hub -> console: state and progress
    ATTENTION = "attention"  # booth -> hub -> console: the booth needs the officer
    QUEUE = "queue"  # hub -> console: how many sessions wait for an officer
    ERROR = "error"  # hub -> client: a message was refused; the connection stays up


class HelloPayload(_Payload):
    """A client's announcement of its state (sent again after each reconnect)."""

    role: Role
    client_version: str = ""
    session_id: str | None = None  # a booth: the session it is serving
    sessions: tuple[str, ...] = ()  # a console: the sessions it still holds
    cap: int | None = Field(default=None, ge=1, le=12)
    paused: bool = False


class WelcomePayload(_Payload):
    """The hub accepts a connection."""

    role: Role
    client_id: str
    branch_code: str
    booth_number: int | None = None
    heartbeat_interval_s: float = 5.0


class HeartbeatPayload(_Payload):
    """Liveness, and for booths the state of their devices."""

    camera_ok: bool | None = None
    microphone_ok: bool | None = None
    speaker_ok: bool | None = None
    link_ok: bool | None = None


class ConsoleStatusPayload(_Payload):
    """An officer's cap of simultaneous booths and whether intake is paused."""

    cap: int = Field(ge=1, le=12)
    paused: bool = False


class AssignmentPayload(_Payload):
    """A session is served by a console; the booth makes the offer."""

    session_id: str
    booth_number: int
    console_id: str
    officer_name: str = ""
    claim_type: str | None = None
    masked_name: str | None = None
    state: SessionState = SessionState.WAITING_CSO


class UnassignedPayload(_Payload):
    """A session went back to the queue (its console went away)."""

    session_id: str
    reason: str = ""


class SdpPayload(_Payload):
    """A complete session description (aiortc does not trickle ICE candidates)."""

    sdp: str = Field(min_length=1, max_length=MAX_MESSAGE_BYTES)
    sdp_type: Literal["offer", "answer"]


class ByePayload(_Payload):
    """The sender closed its peer connection."""

    reason: str = ""


class Progress(_Payload):
    """How far self-service has come."""

    documents_done: int = Field(default=0, ge=0)
    documents_total: int = Field(default=0, ge=0)


class SessionUpdatePayload(_Payload):
    """A session's state and progress as the booth sees it."""

    state: SessionState
    progress: Progress = Progress()
    claim_type: str | None = None
    reason: str | None = None
    masked_name: str | None = None


class AttentionKind(enum.Enum):
    """Why a booth asks for the officer."""

    READY = "ready"  # self-service done: ready for verification
    HELP = "help"  # the participant pressed "call for help"
    QUALITY = "quality"  # camera, light or sound too poor


class AttentionPayload(_Payload):
    """Raise or clear an attention badge on the console."""

    kind: AttentionKind
    raised: bool = True


class QueuePayload(_Payload):
    """Sessions waiting for an officer in the branch."""

    waiting: int = Field(ge=0)


class ErrorPayload(_Payload):
    """Why a message was refused."""

    code: str
    message: str
    ref_type: str | None = None


SIGNAL_PAYLOADS: dict[SignalType, type[_Payload]] = {
    SignalType.HELLO: HelloPayload,
    SignalType.WELCOME: WelcomePayload,
    SignalType.HEARTBEAT: HeartbeatPayload,
    SignalType.CONSOLE_STATUS: ConsoleStatusPayload,
    SignalType.ASSIGNMENT: AssignmentPayload,
    SignalType.UNASSIGNED: UnassignedPayload,
    SignalType.OFFER: SdpPayload,
    SignalType.ANSWER: SdpPayload,
    SignalType.BYE: ByePayload,
    SignalType.SESSION_UPDATE: SessionUpdatePayload,
    SignalType.ATTENTION: AttentionPayload,
    SignalType.QUEUE: QueuePayload,
    SignalType.ERROR: ErrorPayload,
}

#: Types the hub relays between the two ends of an assigned session.
RELAYED_SIGNALS: frozenset[SignalType] = frozenset({SignalType.OFFER, SignalType.ANSWER, SignalType.BYE})

P = TypeVar("P", bound=BaseModel)


class _Message(BaseModel):
    """What both envelopes share: a version, a type, a typed payload, and the compact wire form."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    v: Literal[1] = PROTOCOL_VERSION
    payload: BaseModel

    def payload_as(self, kind: builtins.type[P]) -> P:
        """The payload as `kind`, or `MessageError` when the message carries another."""
        if not isinstance(self.payload, kind):
            name = getattr(self, "type").value  # noqa: B009 - `type` is a field of both subclasses
            raise MessageError("invalid_payload", f"{name} does not carry {kind.__name__}")
        return self.payload

    def to_json(self) -> str:
        """The wire form (fields in declaration order, payload as JSON values)."""
        data = self.model_dump(mode="json", exclude={"payload"})
        data["payload"] = self.payload.model_dump(mode="json")
        return json.dumps(data, separators=(",", ":"))


class Envelope(_Message):
    """A signaling message, fully parsed: `payload` is the model its `type` calls for."""

    type: SignalType
    session_id: str | None = Field(default=None, max_length=64)


def signal(kind: SignalType, payload: BaseModel, session_id: str | None = None) -> Envelope:
    """Build a signaling message, checking that the payload fits the type."""
    expected = SIGNAL_PAYLOADS[kind]
    if not isinstance(payload, expected):
        raise MessageError("invalid_payload", f"{kind.value} carries {expected.__name__}")
    return Envelope(type=kind, session_id=session_id, payload=payload)


def _load_object(raw: str | bytes | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(raw, Mapping):
        return dict(raw)
    if len(raw) > MAX_MESSAGE_BYTES:
        raise MessageError("too_large", f"messages are limited to {MAX_MESSAGE_BYTES} bytes")
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise MessageError(
            "malformed_json", f"not valid JSON ({exc.msg if hasattr(exc, 'msg') else exc})"
        ) from None
    if not isinstance(data, dict):
        raise MessageError("not_an_object", "a message is a JSON object")
    return data


def _check_version(data: Mapping[str, Any]) -> None:
    if "v" not in data:
        raise MessageError("unsupported_version", "the message has no version field 'v'")
    version = data["v"]
    if version != PROTOCOL_VERSION or isinstance(version, bool):
        raise MessageError(
            "unsupported_version", f"version {version!r} is not supported (only {PROTOCOL_VERSION})"
        )


def _payload(model: type[_Payload], raw: object, kind: str) -> _Payload:
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise MessageError("invalid_payload", f"the payload of {kind} must be an object")
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "payload"
        raise MessageError("invalid_payload", f"{kind}: {where}: {first['msg']}") from None


def parse_envelope(raw: str | bytes | Mapping[str, Any]) -> Envelope:
    """Parse a signaling message completely, or raise `MessageError` saying what is wrong."""
    data = _load_object(raw)
    _check_version(data)
    unknown = set(data) - {"v", "type", "session_id", "payload"}
    if unknown:
        raise MessageError("invalid_envelope", f"unknown fields {sorted(unknown)}")
    try:
        kind = SignalType(data.get("type"))
    except ValueError:
        raise MessageError("unknown_type", f"unknown message type {data.get('type')!r}") from None
    session_id = data.get("session_id")
    if session_id is not None and (not isinstance(session_id, str) or not 0 < len(session_id) <= 64):
        raise MessageError("invalid_envelope", "session_id must be a string of 1 to 64 characters or null")
    payload = _payload(SIGNAL_PAYLOADS[kind], data.get("payload"), kind.value)
    return Envelope(type=kind, session_id=session_id, payload=payload)


def error_signal(
    code: str, message: str, ref_type: str | None = None, session_id: str | None = None
) -> Envelope:
    """The error answer to a refused signaling message."""
    return signal(SignalType.ERROR, ErrorPayload(code=code, message=message, ref_type=ref_type), session_id)


# ----------------------------------------------------------------------------------------------------------------
# Control channel


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
    SIGNATURE_REQUEST = (
        "signature_request"  # console -> booth: ask for the signature (answered by signature_done)
    )
    SIGNATURE_DONE = "signature_done"  # booth -> console: the signature is uploaded
    HAND_BACK = "hand_back"  # console -> booth: back to self-service (recapture, more data)
    END = "end"  # console -> booth: the session's outcome
    ACK = "ack"  # either way: the request `reply_to` was carried out
    ERROR = "error"  # either way: the request `reply_to` (or a malformed message) was refused


class EmptyPayload(_Payload):
    """No payload."""


class SetQualityPayload(_Payload):
    """The quality level to send at."""

    level: QualityLevel


class CaptureRequestPayload(_Payload):
    """Which document to capture, after an on-screen countdown."""

    document: str = Field(min_length=1, max_length=64)
    countdown_s: float = Field(default=3.0, ge=0, le=30)


class CaptureDonePayload(_Payload):
    """A captured still, stored on the hub."""

    document: str = Field(min_length=1, max_length=64)
    document_id: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    sharpness: float | None = None
    glare_ratio: float | None = None


class PromptPayload(_Payload):
    """Text for the participant, in the language the officer chose."""

    text: str = Field(min_length=1, max_length=500)


class HandBackPayload(_Payload):
    """What the participant should do again in self-service."""

    documents: tuple[str, ...] = ()
    note: str = Field(default="", max_length=500)


class SignatureDonePayload(_Payload):
    """The signature, stored on the hub."""

    document_id: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class Outcome(enum.Enum):
    """How the officer ended a session."""

    SUBMITTED = "submitted"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


class EndPayload(_Payload):
    """The session's outcome for the result screen."""

    outcome: Outcome
    reference: str | None = None
    reason_code: str | None = None
    reason_text: str = Field(default="", max_length=1000)


CONTROL_PAYLOADS: dict[ControlType, type[_Payload]] = {
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
    ControlType.ACK: EmptyPayload,
    ControlType.ERROR: ErrorPayload,
}

#: Requests whose answer is another message type rather than a plain ack.
CONTROL_ANSWERS: dict[ControlType, ControlType] = {
    ControlType.CAPTURE_REQUEST: ControlType.CAPTURE_DONE,
    ControlType.SIGNATURE_REQUEST: ControlType.SIGNATURE_DONE,
}


class ControlMessage(_Message):
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
    data = _load_object(raw)
    _check_version(data)
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
    payload = _payload(CONTROL_PAYLOADS[kind], data.get("payload"), kind.value)
    return ControlMessage(type=kind, id=message_id, reply_to=reply_to, payload=payload)
