"""REST bodies of the machine checks' audit events (`POST /sessions/{id}/assist-events`); `kiosk.protocol.rest`
re-exports them with every other REST body."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from kiosk.domain.assist import CardField
from kiosk.protocol.rest_common import Out


class AssistCheck(enum.Enum):
    """A machine check that helps the officer verify (kiosk/vision)."""

    FACE_MATCH = "face_match"
    CARD_READING = "card_reading"
    SECOND_FACE = "second_face"


class AssistEventCreate(BaseModel):
    """A machine check's result and, when given, the officer's own call on it, for the audit log.

    Only the kind of check, the machine's verdict, its score and the officer's call are sent: never an image,
    an embedding or a text read from a document (`fields` names the fields that differed, not their values)."""

    model_config = ConfigDict(extra="forbid")

    check: AssistCheck
    verdict: str = Field(min_length=1, max_length=32, pattern=r"^[a-z][a-z0-9_]*$")
    score: float | None = Field(default=None, ge=0, le=10)
    fields: list[CardField] = Field(default_factory=list, max_length=8)
    officer_call: Literal["confirmed", "overruled"] | None = None


class AssistEventPublic(Out):
    """A recorded machine-check event (the audit event it became)."""

    session_id: str
    check: AssistCheck
    verdict: str
    score: float | None
    fields: list[CardField]
    officer_call: str | None
    recorded_by: str
    at: datetime
