"""How a session was verified: its recording (uploaded by the officer's console) and the verification questions
the officer asked. Both are audited; neither route stores anything the participant said."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, File, Response, UploadFile

from kiosk.domain.access import can_record_verification, can_upload_recording
from kiosk.protocol.rest import RecordingPublic, VerificationEventCreate, VerificationEventPublic
from kiosk.server.deps import CurrentUser, HubDep
from kiosk.server.errors import ApiError, forbidden
from kiosk.server.models import Recording
from kiosk.server.repositories import audit, documents, sessions
from kiosk.server.responses import error_responses
from kiosk.server.security import new_id
from kiosk.server.storage import TooLarge, UnsupportedMediaType

router = APIRouter()


@router.post(
    "/sessions/{session_id}/recording",
    response_model=RecordingPublic,
    status_code=201,
    tags=["recordings"],
    responses={
        200: {"model": RecordingPublic, "description": "the same file was uploaded for this session before"},
        **error_responses({413: "larger than server.max_recording_bytes", 415: "not a Matroska/WebM or MP4 file"}),
    },
)
def upload_recording(
    session_id: str,
    response: Response,
    hub: HubDep,
    who: CurrentUser,
    file: Annotated[UploadFile, File(description="the session's recording (Matroska/WebM or MP4)")],
) -> RecordingPublic:
    """Store a session's recording (the assigned officer only, also after the session ended); audited.

    The file is kept by its sha256 until the retention period (``server.retention_days``) ends. Uploading the
    same file again (a retry whose answer was lost) returns the first record with 200.
    """
    with hub.db.session() as session:
        visit = sessions.visible_session(session, who, session_id)
        if not can_upload_recording(who, sessions.facts(visit)):
            raise forbidden("only the session's assigned officer uploads its recording")
    limit = hub.settings.server.max_recording_bytes
    try:
        stored = hub.recordings.save(file.file, limit, chunk=1024 * 1024)
    except TooLarge:
        raise ApiError(413, "too_large", f"recordings are limited to {limit} bytes") from None
    except UnsupportedMediaType:
        raise ApiError(415, "unsupported_media_type", "a recording must be a Matroska, WebM or MP4 file") from None
    now = hub.now()
    with hub.db.session() as session:
        earlier = documents.recording_by_sha(session, session_id, stored.sha256)
        if earlier is not None:
            response.status_code = 200
            return RecordingPublic.model_validate(earlier)
        recording = Recording(
            id=new_id("r"),
            session_id=session_id,
            media_type=stored.media_type,
            size=stored.size,
            sha256=stored.sha256,
            uploaded_by=who.actor,
            created_at=now,
            expires_at=now + timedelta(days=hub.settings.server.retention_days),
        )
        return RecordingPublic.model_validate(documents.add_recording(session, recording, actor=who.actor, now=now))


@router.post(
    "/sessions/{session_id}/verification-events",
    response_model=VerificationEventPublic,
    status_code=201,
    tags=["sessions"],
)
def record_verification(
    session_id: str, body: VerificationEventCreate, hub: HubDep, who: CurrentUser
) -> VerificationEventPublic:
    """The officer asked a verification question: its kind and whether the answer matched go to the audit log
    (never the answer itself)."""
    now = hub.now()
    with hub.db.session() as session:
        visit = sessions.visible_session(session, who, session_id)
        if not can_record_verification(who, sessions.facts(visit)):
            raise forbidden("only the officer serving the session records its verification questions")
        audit.record(
            session,
            at=now,
            actor=who.actor,
            action="verification.asked",
            subject_type="session",
            subject_id=session_id,
            details={"kind": body.kind, "matched": body.matched},
        )
    return VerificationEventPublic(
        session_id=session_id, kind=body.kind, matched=body.matched, asked_by=who.actor, at=now
    )
