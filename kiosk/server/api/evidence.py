"""How a session was verified: its recording (uploaded by the officer's console) and the verification questions
the officer asked. Both are audited; neither route stores anything the participant said."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request, Response

from kiosk.domain.access import Principal, can_record_verification, can_upload_recording
from kiosk.protocol.rest import (
    AssistEventCreate,
    AssistEventPublic,
    RecordingPublic,
    RecordingUpload,
    VerificationEventCreate,
    VerificationEventPublic,
)
from kiosk.server.context import HubContext
from kiosk.server.deps import CurrentUser, HubDep
from kiosk.server.errors import forbidden
from kiosk.server.models import Recording
from kiosk.server.repositories import audit, documents, sessions
from kiosk.server.responses import error_responses
from kiosk.server.security import new_id
from kiosk.server.storage import StoredFile
from kiosk.server.uploads import multipart_body, receive_upload, store_refusals

router = APIRouter()


@router.post(
    "/sessions/{session_id}/recording",
    response_model=RecordingPublic,
    status_code=201,
    tags=["recordings"],
    openapi_extra=multipart_body(RecordingUpload),
    responses={
        200: {"model": RecordingPublic, "description": "the same file was uploaded for this session before"},
        **error_responses(
            {
                413: "larger than server.max_recording_bytes",
                415: "not a Matroska/WebM or MP4 file",
                503: "storage_unavailable: the file could not be stored (I/O error); retry",
                507: "storage_full: no space left for recordings",
            }
        ),
    },
)
def upload_recording(
    session_id: str, request: Request, response: Response, hub: HubDep, who: CurrentUser
) -> RecordingPublic:
    """Store a session's recording (the assigned officer only, also after the session ended); audited.

    Multipart with one ``file`` part, streamed into the store within ``server.max_recording_bytes`` after the
    caller is authorised. The file is kept by its sha256 until the retention period (``server.retention_days``)
    ends. Uploading the same file again (a retry whose answer was lost) returns the first record with 200.
    """
    with hub.db.session() as session:
        visit = sessions.visible_session(session, who, session_id)
        if not can_upload_recording(who, sessions.facts(visit)):
            raise forbidden("only the session's assigned officer uploads its recording")
    limit = hub.settings.server.max_recording_bytes
    with store_refusals("recordings", limit, "a Matroska, WebM or MP4 file"):
        upload, _fields = receive_upload(request, hub.recordings, limit)
        stored = upload.commit()
    try:
        return _record_recording(hub, who, session_id, stored, response)
    except BaseException:
        hub.recordings.discard(stored)  # no row, no file: a retry starts from nothing
        raise


def _record_recording(
    hub: HubContext, who: Principal, session_id: str, stored: StoredFile, response: Response
) -> RecordingPublic:
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


@router.post(
    "/sessions/{session_id}/assist-events",
    response_model=AssistEventPublic,
    status_code=201,
    tags=["sessions"],
)
def record_assist(session_id: str, body: AssistEventCreate, hub: HubDep, who: CurrentUser) -> AssistEventPublic:
    """A machine check's result (face match, card reading, a second face) and the officer's call on it go to the
    audit log: the verdict, the score and the names of differing fields, never an image or a value read."""
    now = hub.now()
    with hub.db.session() as session:
        visit = sessions.visible_session(session, who, session_id)
        if not can_record_verification(who, sessions.facts(visit)):
            raise forbidden("only the officer serving the session records its machine checks")
        audit.record(
            session,
            at=now,
            actor=who.actor,
            action=f"assist.{body.check.value}",
            subject_type="session",
            subject_id=session_id,
            details={
                "verdict": body.verdict,
                "score": body.score,
                "fields": [f.value for f in body.fields],
                "officer_call": body.officer_call,
            },
        )
    return AssistEventPublic(
        session_id=session_id,
        check=body.check,
        verdict=body.verdict,
        score=body.score,
        fields=body.fields,
        officer_call=body.officer_call,
        recorded_by=who.actor,
        at=now,
    )
