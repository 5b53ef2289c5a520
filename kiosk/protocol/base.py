"""What both wire envelopes share: the version, size limit, errors, payload base and parsing helpers.

Every message is parsed completely or rejected with `MessageError`: a receiver never sees half-parsed data.
Both envelopes (signaling in `kiosk.protocol.signaling`, control channel in `kiosk.protocol.control`) carry
``"v": 1``; a message of another version is refused with ``unsupported_version``.
"""

from __future__ import annotations

import builtins
import json
import re
from collections.abc import Mapping
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

PROTOCOL_VERSION: Literal[1] = 1
#: Larger messages are refused before parsing (a complete SDP is a few kB).
MAX_MESSAGE_BYTES = 256 * 1024


#: Control characters no text of the protocol carries: C0 (tab, line feed and carriage return aside), DEL and C1.
#: PostgreSQL refuses NUL in text outright; the others only ever serve to spoof logs and screens.
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def has_control_chars(text: str) -> bool:
    """True when `text` holds a character of `CONTROL_CHARS`."""
    return CONTROL_CHARS.search(text) is not None


class MessageError(ValueError):
    """A message that cannot be accepted; `code` is stable and is sent back in an error message."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


class Payload(BaseModel):
    """Base of every payload: frozen, and unknown fields refused."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class ErrorPayload(Payload):
    """Why a message was refused."""

    code: str
    message: str
    ref_type: str | None = None


P = TypeVar("P", bound=BaseModel)


class Message(BaseModel):
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


def load_object(raw: str | bytes | Mapping[str, Any]) -> dict[str, Any]:
    """The JSON object of a received message, or `MessageError` (too large, not JSON, too deep, not an object)."""
    if isinstance(raw, Mapping):
        return dict(raw)
    if len(raw) > MAX_MESSAGE_BYTES:
        raise MessageError("too_large", f"messages are limited to {MAX_MESSAGE_BYTES} bytes")
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise MessageError("malformed_json", f"not valid JSON ({exc.msg if hasattr(exc, 'msg') else exc})") from None
    except RecursionError:
        # The parser recurses once per level: 50,000 nested arrays fit in the size limit and would otherwise
        # escape as an unexpected exception (on the hub, closing the socket instead of answering).
        raise MessageError("too_deep", "the message nests too deeply") from None
    if not isinstance(data, dict):
        raise MessageError("not_an_object", "a message is a JSON object")
    return data


def check_version(data: Mapping[str, Any]) -> None:
    if "v" not in data:
        raise MessageError("unsupported_version", "the message has no version field 'v'")
    version = data["v"]
    if version != PROTOCOL_VERSION or isinstance(version, bool):
        raise MessageError("unsupported_version", f"version {version!r} is not supported (only {PROTOCOL_VERSION})")


def parse_payload(model: type[Payload], raw: object, kind: str) -> Payload:
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
