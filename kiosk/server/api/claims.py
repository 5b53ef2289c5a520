"""Participants registry lookups, claims (idempotent submission, server-side rules) and the audit trail."""

from __future__ import annotations

import hashlib
import re
from typing import Annotated

from fastapi import APIRouter, Header, Query, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.domain.access import (
    can_lookup_participants,
    can_replay_claim,
    can_submit_claim,
    can_view_audit,
    can_view_claim,
)
from kiosk.domain.claims import (
    ClaimRequest,
    ClaimType,
    Evaluation,
    ParticipantRecord,
    ParticipantStatus,
    evaluate,
)
from kiosk.domain.identifiers import InvalidIdentifier, parse_nik, validate_kpj
from kiosk.domain.references import claim_reference
from kiosk.domain.session import SessionState
from kiosk.protocol.rest import (
    AuditEventPublic,
    AuditVerification,
    ClaimCreate,
    ClaimPublic,
    FindingPublic,
    HeirPublic,
    ParticipantPublic,
)
from kiosk.server import audit
from kiosk.server.api.booths import branch_by_code
from kiosk.server.api.visits import identifier_error
from kiosk.server.deps import HubDep, PrincipalDep
from kiosk.server.errors import ApiError, bad_request, conflict, forbidden, not_found, unprocessable
from kiosk.server.models import AuditEvent, Branch, Claim, Document, Participant, VisitSession
from kiosk.server.services import change_state, facts, get_session_for_update, local_date

router = APIRouter()

_IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,128}$")


# -- participants ---------------------------------------------------------------------------------------------


def participant_public(p: Participant) -> ParticipantPublic:
    """The API view of a registry record."""
    return ParticipantPublic(
        nik=p.nik,
        kpj=p.kpj,
        name=p.name,
        birth_date=p.birth_date,
        membership_start=p.membership_start,
        status=ParticipantStatus(p.status),
        balance=p.balance,
        contribution_months=p.contribution_months,
        employer=p.employer,
        npwp=p.npwp,
        last_work_day=p.last_work_day,
        died_on=p.died_on,
        heirs=[HeirPublic(nik=h.nik, name=h.name, relation=h.relation) for h in p.heirs],
    )


def participant_record(p: Participant) -> ParticipantRecord:
    """The domain's view of a registry record (what the claim rules read)."""
    return ParticipantRecord(
        nik=p.nik,
        kpj=p.kpj,
        name=p.name,
        birth_date=p.birth_date,
        membership_start=p.membership_start,
        status=ParticipantStatus(p.status),
        balance=p.balance,
        contribution_months=p.contribution_months,
        employer=p.employer,
        npwp=p.npwp,
    )


@router.get("/participants", response_model=ParticipantPublic, tags=["participants"])
def lookup_participant(
    hub: HubDep,
    who: PrincipalDep,
    kpj: Annotated[str | None, Query(max_length=24, pattern=r"^[0-9 .\-]+$")] = None,
    nik: Annotated[str | None, Query(max_length=24, pattern=r"^[0-9 .\-]+$")] = None,
) -> ParticipantPublic:
    """Find a participant by KPJ or NIK (both: they must be the same person). Officers only; audited."""
    if not can_lookup_participants(who):
        raise forbidden("only officers look participants up")
    if kpj is None and nik is None:
        raise bad_request("query_required", "give kpj or nik")
    try:
        nik_digits = parse_nik(nik).digits if nik else None
        kpj_digits = validate_kpj(kpj, hub.settings.server.kpj_length) if kpj else None
    except InvalidIdentifier as exc:
        raise identifier_error(exc) from None
    now = hub.now()
    with hub.db.session() as session:
        query = select(Participant)
        if nik_digits:
            query = query.where(Participant.nik == nik_digits)
        if kpj_digits:
            query = query.where(Participant.kpj == kpj_digits)
        found = session.execute(query).scalar_one_or_none()
        # Who looked up whom is recorded even when nothing was found (by which key, never the number itself).
        audit.record(
            session,
            at=now,
            actor=who.actor,
            action="participant.lookup",
            subject_type="participant",
            subject_id=found.id if found else "none",
            details={"by": sorted(k for k, v in (("kpj", kpj_digits), ("nik", nik_digits)) if v)},
        )
        result = None if found is None else participant_public(found)
    if result is None:
        raise not_found("participant")
    return result


# -- claims ---------------------------------------------------------------------------------------------------


def findings_json(evaluation: Evaluation) -> list[dict[str, str | None]]:
    """Findings as stored with a claim and returned by the API."""
    return [
        {
            "code": f.code,
            "severity": f.severity.value,
            "message_id": f.message_id,
            "message_en": f.message_en,
            "document": f.document,
        }
        for f in evaluation.findings
    ]


def claim_public(claim: Claim) -> ClaimPublic:
    """The API view of a claim."""
    return ClaimPublic(
        reference=claim.reference,
        branch_code=claim.branch.code,
        session_id=claim.session_id,
        claim_type=ClaimType(claim.claim_type),
        reason=claim.reason,
        status=claim.status,
        created_at=claim.created_at,
        findings=[FindingPublic.model_validate(f) for f in claim.findings],
        submitted_by=claim.submitted_by,
    )


def idempotency_scope(branch_code: str) -> str:
    """The scope an Idempotency-Key is unique in: the branch (see `submit_claim`)."""
    return f"branch:{branch_code}"


def _documents_of(session: Session, session_id: str) -> set[str]:
    return set(session.execute(select(Document.document_type).where(Document.session_id == session_id)).scalars().all())


@router.post(
    "/claims",
    response_model=ClaimPublic,
    status_code=201,
    tags=["claims"],
    responses={
        200: {"description": "the same key and body were submitted before: the same claim"},
        400: {"description": "no Idempotency-Key header"},
        409: {"description": "the key was used with another body, or the session is not approved"},
        422: {"description": "the claim breaks a rule (findings) or the participant does not match"},
    },
)
def submit_claim(
    body: ClaimCreate,
    response: Response,
    hub: HubDep,
    who: PrincipalDep,
    idempotency_key: Annotated[str | None, Header(max_length=128)] = None,
) -> ClaimPublic:
    """Submit a verified claim exactly once per ``Idempotency-Key``; the hub re-checks the claim's rules."""
    if not idempotency_key:
        raise bad_request("idempotency_key_missing", "send an Idempotency-Key header (e.g. a UUID) with each claim")
    if not _IDEMPOTENCY_KEY.match(idempotency_key):
        raise bad_request("idempotency_key_invalid", "an Idempotency-Key is 1-128 printable ASCII characters")
    request_json = body.model_dump(mode="json")
    request_hash = hashlib.sha256(audit.canonical_json(request_json).encode()).hexdigest()
    now = hub.now()
    notify: str | None = None

    def scope_of(session: Session) -> str | None:
        """The branch whose keys this request's key belongs to (None: the route answers the error itself)."""
        if body.session_id is not None:
            return session.execute(
                select(Branch.code)
                .join(VisitSession, VisitSession.branch_id == Branch.id)
                .where(VisitSession.id == body.session_id)
            ).scalar_one_or_none()
        return body.branch_code or who.branch_code

    def earlier(session: Session, branch_code: str | None) -> ClaimPublic | None:
        """The claim submitted before under this key in the branch (200), or 409 if that was another claim.

        Keys are scoped by branch, not by officer: a console restarted under another officer replays the claim
        its outbox holds and gets the original claim back instead of "session not approved".
        """
        if branch_code is None:
            return None
        existing = session.execute(
            select(Claim).where(
                Claim.idempotency_scope == idempotency_scope(branch_code), Claim.idempotency_key == idempotency_key
            )
        ).scalar_one_or_none()
        if existing is None:
            return None
        if not can_replay_claim(who, branch_code):
            raise forbidden("only officers of the claim's branch submit (or replay) its claims")
        if existing.request_hash != request_hash:
            raise conflict(
                "idempotency_key_reused",
                "this Idempotency-Key was used for a different claim",
                reference=existing.reference,
            )
        response.status_code = 200
        return claim_public(existing)

    with hub.db.session() as session:
        scope_branch = scope_of(session)
        replay = earlier(session, scope_branch)  # the common retry answers without taking any lock
        if replay is not None:
            return replay

        visit: VisitSession | None = None
        if body.session_id is not None:
            visit = get_session_for_update(session, body.session_id)
        branch_code = visit.branch.code if visit else (body.branch_code or who.branch_code)
        if branch_code is None:
            raise unprocessable("branch_required", "give session_id or branch_code")
        if visit is not None and body.branch_code is not None and body.branch_code != branch_code:
            raise unprocessable("branch_mismatch", "branch_code differs from the session's branch")
        if not can_submit_claim(who, facts(visit) if visit else None, branch_code):
            raise forbidden("only the session's officer or a supervisor of its branch submits its claim")
        branch = branch_by_code(session, branch_code)
        if visit is not None and SessionState(visit.state) is not SessionState.APPROVED:
            raise conflict(
                "session_not_approved",
                f"the session is {visit.state}; the officer approves it before submitting",
                current_state=visit.state,
            )
        try:
            nik = parse_nik(body.nik).digits
            kpj = validate_kpj(body.kpj, hub.settings.server.kpj_length)
        except InvalidIdentifier as exc:
            raise identifier_error(exc) from None
        participant = session.execute(select(Participant).where(Participant.nik == nik)).scalar_one_or_none()
        if participant is None:
            raise unprocessable("participant_not_found", "no participant with this NIK in the registry")
        if participant.kpj != kpj:
            raise unprocessable("participant_mismatch", "the KPJ does not belong to the participant with this NIK")

        documents = set(body.documents)
        if visit is not None:
            # Only documents that were really captured in this session count.
            documents &= _documents_of(session, visit.id)
        today = local_date(now, branch.timezone)
        claim_request = ClaimRequest(
            claim_type=body.claim_type,
            reason=body.reason,
            termination_date=body.termination_date,
            heir_relation=body.heir.relation if body.heir else None,
            road_accident=body.road_accident,
            npwp=body.npwp,
            documents=frozenset(documents),
        )
        evaluation = evaluate(claim_request, participant_record(participant), today, hub.catalog)
        if not evaluation.eligible:
            codes = [f.code for f in evaluation.blocking()]
            raise unprocessable(
                "claim_ineligible", "the claim breaks rules: " + ", ".join(codes), findings=findings_json(evaluation)
            )
        # From here to the commit, claims are serialised by the audit head's lock: the idempotency key is checked
        # again (a twin request may have just committed) and the day's sequence number cannot be taken twice.
        # The lock comes after the session row's (as in every other transaction), so they cannot deadlock.
        audit.lock_head(session)
        replay = earlier(session, branch.code)
        if replay is not None:
            return replay
        last = session.execute(
            select(func.max(Claim.sequence)).where(Claim.branch_id == branch.id, Claim.day == today)
        ).scalar_one()
        sequence = (last or 0) + 1
        reference = claim_reference(body.claim_type, branch.code, today, sequence)
        claim = Claim(
            reference=reference,
            branch_id=branch.id,
            day=today,
            sequence=sequence,
            session_id=visit.id if visit else None,
            participant_id=participant.id,
            claim_type=body.claim_type.value,
            reason=body.reason,
            idempotency_scope=idempotency_scope(branch.code),
            idempotency_key=idempotency_key,
            request_hash=request_hash,
            request=request_json,
            findings=findings_json(evaluation),
            submitted_by=who.subject_id,
            created_at=now,
            status="submitted",
        )
        session.add(claim)
        session.flush()
        audit.record(
            session,
            at=now,
            actor=who.actor,
            action="claim.submitted",
            subject_type="claim",
            subject_id=reference,
            details={
                "session": visit.id if visit else None,
                "participant": participant.id,
                "type": body.claim_type.value,
                "reason": body.reason,
                "documents": sorted(documents),
            },
        )
        if visit is not None:
            change_state(session, visit, SessionState.SUBMITTED, actor=who.actor, now=now, reason=reference)
            notify = visit.id
        # Built from what is known rather than re-read (a refresh costs a round trip per claim).
        result = ClaimPublic(
            reference=reference,
            branch_code=branch.code,
            session_id=claim.session_id,
            claim_type=body.claim_type,
            reason=body.reason,
            status=claim.status,
            created_at=now,
            findings=[FindingPublic.model_validate(f) for f in claim.findings],
            submitted_by=who.subject_id,
        )
    hub.metrics.claims.labels(body.claim_type.value).inc()
    if notify:
        hub.signaling.session_changed(notify)
    return result


@router.get("/claims/{reference}", response_model=ClaimPublic, tags=["claims"])
def get_claim(reference: str, hub: HubDep, who: PrincipalDep) -> ClaimPublic:
    """A claim by its reference: its submitter, the branch's supervisors and admins."""
    with hub.db.session() as session:
        claim = session.execute(select(Claim).where(Claim.reference == reference.upper())).scalar_one_or_none()
        if claim is None or not can_view_claim(who, claim.branch.code, claim.submitted_by):
            raise not_found("claim")
        return claim_public(claim)


# -- audit ----------------------------------------------------------------------------------------------------


@router.get("/audit/verify", response_model=AuditVerification, tags=["audit"])
def verify_audit(hub: HubDep, who: PrincipalDep) -> AuditVerification:
    """Recompute the audit chain; name the first broken link (supervisors and admins)."""
    if not can_view_audit(who):
        raise forbidden("only supervisors and admins read the audit trail")
    with hub.db.session() as session:
        report = audit.verify_chain(session)
    return AuditVerification(
        ok=report.ok, events=report.events, first_broken_seq=report.first_broken_seq, problem=report.problem
    )


@router.get("/audit/events", response_model=list[AuditEventPublic], tags=["audit"])
def audit_events(
    hub: HubDep,
    who: PrincipalDep,
    after_seq: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    subject_id: Annotated[str | None, Query(max_length=48)] = None,
) -> list[AuditEventPublic]:
    """Audit events in order, from `after_seq` (supervisors and admins). Answers "who saw what, when"."""
    if not can_view_audit(who):
        raise forbidden("only supervisors and admins read the audit trail")
    with hub.db.session() as session:
        query = select(AuditEvent).where(AuditEvent.seq > after_seq).order_by(AuditEvent.seq).limit(limit)
        if subject_id is not None:
            query = query.where(AuditEvent.subject_id == subject_id)
        events = session.execute(query).scalars().all()
        return [
            AuditEventPublic(
                seq=e.seq,
                at=e.at,
                actor=e.actor,
                action=e.action,
                subject_type=e.subject_type,
                subject_id=e.subject_id,
                details=_loads(e.details),
                hash=e.hash,
            )
            for e in events
        ]


def _loads(text: str) -> dict[str, object]:
    import json

    value = json.loads(text)
    return value if isinstance(value, dict) else {"value": value}


__all__ = ["ApiError", "router"]
