"""What every REST body shares (the request and response bases, the text rules) and the bodies of errors, the
audit log and health, used by every route of the hub (`kiosk.protocol.rest` re-exports them all).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationInfo, field_validator

from kiosk.protocol.base import has_control_chars

Language = Literal["id", "en"]
CODE_PATTERN = r"^[A-Za-z0-9_.:-]+$"
DIGITS_PATTERN = r"^[0-9 .\-]+$"


#: No C0/C1 control character (NUL included), no line or paragraph separator and no bidirectional mark, embedding,
#: override or isolate: text others read (an officer's name on the booth's screen) shows what it says.
PLAIN_TEXT_PATTERN = r"^[^\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]*$"
#: Text shown to other people: refused with 422 when it holds a control or bidirectional-formatting character.
PlainText = Annotated[str, StringConstraints(pattern=PLAIN_TEXT_PATTERN)]


#: The control characters `In` refuses, as a JSON-schema pattern (ECMA-262), so the schema says what is refused.
NO_CONTROL_PATTERN = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$"
_CONTROL = r"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f"
#: `NO_CONTROL_PATTERN` for a text that must say something: at least one character that is neither a control
#: character nor a space. Every character Python's strip() removes is in one of the two classes, so text the schema
#: allows is never empty once stripped.
NOT_BLANK_PATTERN = rf"^[^{_CONTROL}]*[^\s{_CONTROL}][^{_CONTROL}]*$"


def _declare_no_control_chars(schema: dict[str, Any]) -> None:
    """Give every text property without a pattern of its own `NO_CONTROL_PATTERN` (passwords aside)."""
    for name, declared in schema.get("properties", {}).items():
        if name == "password":
            continue
        for variant in declared.get("anyOf", [declared]):
            targets = [variant.get("items", {})] if variant.get("type") == "array" else [variant]
            for target in targets:
                if target.get("type") == "string" and "pattern" not in target and "format" not in target:
                    target["pattern"] = NO_CONTROL_PATTERN


class In(BaseModel):
    """Base of every request body: unknown fields refused, text stripped, control characters refused."""

    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, json_schema_extra=lambda schema, _: _declare_no_control_chars(schema)
    )

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_chars(cls, value: Any, info: ValidationInfo) -> Any:
        # Every text a client sends, names and identifiers alike: NUL made PostgreSQL fail with a 500.
        if info.field_name != "password":
            texts = value if isinstance(value, list | tuple) else (value,)
            if any(isinstance(t, str) and has_control_chars(t) for t in texts):
                raise ValueError("control characters are not allowed")
        return value


class Out(BaseModel):
    """Base of every response body: built from the hub's rows."""

    model_config = ConfigDict(from_attributes=True)


# -- errors, audit and health ---------------------------------------------------------------------------------


class ErrorBody(BaseModel):
    """The body of every error response: a stable `error` code, a human `message`, and fields of that code
    beside them (``findings`` of a refused claim, ``resets_at`` of a full quota, ``retry_after_s`` of a 429)."""

    model_config = ConfigDict(extra="allow")

    error: str
    message: str


class AuditVerification(Out):
    """The result of recomputing the audit chain."""

    ok: bool
    events: int
    first_broken_seq: int | None
    problem: str | None
    kind: str | None = Field(
        default=None,
        description="what failed: gap, broken_link, hash_mismatch, mac_mismatch, unknown_key, unkeyed, "
        "checkpoint_mismatch, bad_checkpoint, truncated",
    )


class AuditEventPublic(Out):
    """One audit event."""

    seq: int
    at: datetime
    actor: str
    action: str
    subject_type: str
    subject_id: str
    details: dict[str, Any]
    hash: str


class Health(Out):
    """Whether the hub and its database answer."""

    status: Literal["ok", "degraded"]
    version: str
    database: Literal["ok", "unreachable"]
    backend: str
