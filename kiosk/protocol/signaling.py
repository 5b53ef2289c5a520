"""The signaling envelope on the hub's WebSocket (``/api/v1/ws``) and its payloads.

::

    {"v": 1, "type": "offer", "session_id": "s-...", "payload": {"sdp": "...", "sdp_type": "offer"}}
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, Field

from kiosk.domain.channels import Channel
from kiosk.domain.session import SessionState
from kiosk.protocol.base import (
    MAX_MESSAGE_BYTES,
    ErrorPayload,
    Message,
    MessageError,
    Payload,
    check_version,
    has_control_chars,
    load_object,
    parse_payload,
)
from kiosk.protocol.ice import IceServerPayload


class Role(enum.Enum):
    """Who is at the other end of a signaling connection."""

    BOOTH = "booth"
    CONSOLE = "console"
    #: An online participant's browser: the participant end of an online visit (authenticated by its cookie).
    PARTICIPANT = "participant"


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
    QUEUE = "queue"  # hub -> console: how many sessions wait for an officer; hub -> waiting booth: its place
    ERROR = "error"  # hub -> client: a message was refused; the connection stays up


class HelloPayload(Payload):
    """A client's announcement of its state (sent again after each reconnect)."""

    role: Role
    client_version: str = ""
    session_id: str | None = None  # a booth or a participant's browser: the session it is serving
    sessions: tuple[str, ...] = ()  # a console: the sessions it still holds
    cap: int | None = Field(default=None, ge=1, le=12)
    paused: bool = False


class WelcomePayload(Payload):
    """The hub accepts a connection."""

    role: Role
    client_id: str
    branch_code: str
    booth_number: int | None = None
    heartbeat_interval_s: float = 5.0
    #: STUN/TURN servers for this connection's peer links, TURN with fresh time-limited credentials (empty: none).
    ice_servers: tuple[IceServerPayload, ...] = ()
    #: Use only relayed candidates (`iceTransportPolicy: "relay"`): the hub's ``turn.relay_only``.
    ice_relay_only: bool = False
    #: To a participant's browser: its booking's open visit (None: no visit is open; prepare it first).
    session_id: str | None = None


class HeartbeatPayload(Payload):
    """Liveness; for booths the state of their devices, their version and free disk; for consoles what they have
    not yet delivered (the branch dashboard shows all of it)."""

    camera_ok: bool | None = None
    microphone_ok: bool | None = None
    speaker_ok: bool | None = None
    link_ok: bool | None = None
    #: The program's version (booths and consoles).
    app_version: str | None = Field(default=None, max_length=40)
    #: Free disk space where the program keeps its data, in MiB.
    free_disk_mb: int | None = Field(default=None, ge=0)
    #: Consoles: approved claims still in the outbox, recordings still on disk, and the age of the oldest of them.
    claims_unsent: int | None = Field(default=None, ge=0)
    recordings_unsent: int | None = Field(default=None, ge=0)
    oldest_unsent_s: float | None = Field(default=None, ge=0)


class ConsoleStatusPayload(Payload):
    """An officer's cap of simultaneous booths and whether intake is paused."""

    cap: int = Field(ge=1, le=12)
    paused: bool = False


class AssignmentPayload(Payload):
    """A session is served by a console; the participant end (booth or browser) makes the offer."""

    session_id: str
    #: The booth's number; None for an online visit (no booth).
    booth_number: int | None = None
    console_id: str
    officer_name: str = ""
    claim_type: str | None = None
    masked_name: str | None = None
    state: SessionState = SessionState.WAITING_CSO
    #: An heir's claim: the heir's masked name (`masked_name` is then the deceased participant's).
    heir_masked_name: str | None = None
    #: Where the participant is: at a booth or online in a browser (consoles label the tile by it).
    channel: Channel = Channel.BOOTH


class UnassignedPayload(Payload):
    """A session went back to the queue (its console went away)."""

    session_id: str
    reason: str = ""


class SdpPayload(Payload):
    """A complete session description (aiortc does not trickle ICE candidates)."""

    sdp: str = Field(min_length=1, max_length=MAX_MESSAGE_BYTES)
    sdp_type: Literal["offer", "answer"]


class ByePayload(Payload):
    """The sender closed its peer connection."""

    reason: str = ""


class Progress(Payload):
    """How far self-service has come."""

    documents_done: int = Field(default=0, ge=0)
    documents_total: int = Field(default=0, ge=0)


class SessionUpdatePayload(Payload):
    """A session's state and progress as the booth sees it."""

    state: SessionState
    progress: Progress = Progress()
    claim_type: str | None = None
    reason: str | None = None
    masked_name: str | None = None
    #: An heir's claim: the heir's masked name (`masked_name` is then the deceased participant's).
    heir_masked_name: str | None = None
    #: Set by the hub on the updates it sends itself: the session's channel (booth or online).
    channel: Channel | None = None
    #: Set by the hub when the session ends submitted: the claim's reference. The participant sees it even when the
    #: officer's own end of the call (which carries it too) is lost with a call that breaks at the last moment.
    claim_reference: str | None = None


class AttentionKind(enum.Enum):
    """Why a booth asks for the officer."""

    READY = "ready"  # self-service done: ready for verification
    HELP = "help"  # the participant pressed "call for help"
    QUALITY = "quality"  # camera, light or sound too poor


class AttentionReason(enum.Enum):
    """Why the participant asks for help (with `AttentionKind.HELP`): the officer's tile words it."""

    NEEDS_HELP = "needs_help"  # the help button on any screen
    MISSING_DOCUMENT = "missing_document"  # "I don't have this document" (`document` names its type)
    CANNOT_HEAR = "cannot_hear"  # "I can't hear" during the call
    PROBLEM = "problem"  # a problem screen (camera, connection) did not go away: "call staff"


class AttentionPayload(Payload):
    """Raise or clear an attention badge on the console.

    A booth raises; a console clears (``raised`` false) a booth's help request when the officer acknowledged it:
    the hub records both (the dashboard lists pending help) and relays the clearing to the booth.
    """

    kind: AttentionKind
    raised: bool = True
    reason: AttentionReason | None = None
    #: The document type code a `missing_document` request is about.
    document: str | None = Field(default=None, min_length=1, max_length=64, pattern=r"^[a-z0-9_]+$")


class QueuePayload(Payload):
    """Sessions waiting for an officer in the branch."""

    waiting: int = Field(ge=0)
    #: To a waiting booth (with its session id): participants the officer serves before it, the one in a call
    #: now included.
    ahead: int | None = Field(default=None, ge=0)
    #: To a waiting booth: the hub's estimate of the wait in whole minutes (None: no finished call to go by yet).
    estimated_minutes: int | None = Field(default=None, ge=0)


SIGNAL_PAYLOADS: dict[SignalType, type[Payload]] = {
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


class Envelope(Message):
    """A signaling message, fully parsed: `payload` is the model its `type` calls for."""

    type: SignalType
    session_id: str | None = Field(default=None, max_length=64)


def signal(kind: SignalType, payload: BaseModel, session_id: str | None = None) -> Envelope:
    """Build a signaling message, checking that the payload fits the type."""
    expected = SIGNAL_PAYLOADS[kind]
    if not isinstance(payload, expected):
        raise MessageError("invalid_payload", f"{kind.value} carries {expected.__name__}")
    return Envelope(type=kind, session_id=session_id, payload=payload)


def parse_envelope(raw: str | bytes | Mapping[str, Any]) -> Envelope:
    """Parse a signaling message completely, or raise `MessageError` saying what is wrong."""
    data = load_object(raw)
    check_version(data)
    unknown = set(data) - {"v", "type", "session_id", "payload"}
    if unknown:
        raise MessageError("invalid_envelope", f"unknown fields {sorted(unknown)}")
    try:
        kind = SignalType(data.get("type"))
    except ValueError:
        raise MessageError("unknown_type", f"unknown message type {data.get('type')!r}") from None
    session_id = data.get("session_id")
    if session_id is not None and (
        not isinstance(session_id, str) or not 0 < len(session_id) <= 64 or has_control_chars(session_id)
    ):
        raise MessageError(
            "invalid_envelope", "session_id must be a string of 1 to 64 characters (no control characters) or null"
        )
    payload = parse_payload(SIGNAL_PAYLOADS[kind], data.get("payload"), kind.value)
    return Envelope(type=kind, session_id=session_id, payload=payload)


def error_signal(code: str, message: str, ref_type: str | None = None, session_id: str | None = None) -> Envelope:
    """The error answer to a refused signaling message."""
    return signal(SignalType.ERROR, ErrorPayload(code=code, message=message, ref_type=ref_type), session_id)


# ----------------------------------------------------------------------------------------------------------------
