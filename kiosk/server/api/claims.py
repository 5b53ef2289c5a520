"""Participants registry lookups and claims (idempotent submission, server-side rules).

The audit trail's routes are in `audit`.
"""

from __future__ import annotations

import hashlib
import re
from typing import Annotated

from fastapi import APIRouter, Header, Query, Response
from sqlalchemy.orm import Session

from kiosk.domain.access import can_lookup_participants, can_replay_claim, can_submit_claim, can_view_claim
from kiosk.domain.claims import ClaimRequest, evaluate
from kiosk.domain.identifiers import InvalidIdentifier, parse_nik, validate_kpj
from kiosk.domain.references import claim_reference
from kiosk.domain.session import SessionState
from kiosk.protocol.rest import ClaimCreate, ClaimPublic, FindingPublic, ParticipantPublic
from kiosk.server.deps import CurrentUser, HubDep
from kiosk.server.errors import bad_request, conflict, forbidden, identifier_error, not_found, unprocessable
from kiosk.server.events import SessionChanged
from kiosk.server.models import Claim, VisitSession
from kiosk.server.repositories import audit, claims, participants, sessions
from kiosk.server.repositories.branches import branch_by_code
from kiosk.server.repositories.documents import document_types_of
from kiosk.server.services.booths import local_date

router = APIRouter()

_IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,128}$")


@router.get("/participants", response_model=ParticipantPublic, tags=["participants"])
def lookup_participant(
    hub: HubDep,
    who: CurrentUser,
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
        found = participants.find_participant(session, nik=nik_digits, kpj=kpj_digits)
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
        result = None if found is None else participants.participant_public(found)
    if result is None:
        raise not_found("participant")
    return result


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
    who: CurrentUser,
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
            return sessions.branch_code_of(session, body.session_id)
        return body.branch_code or who.branch_code

    def earlier(session: Session, branch_code: str | None) -> ClaimPublic | None:
        """The claim submitted before under this key in the branch (200), or 409 if that was another claim.

        Keys are scoped by branch, not by officer: a console restarted under another officer replays the claim
        its outbox holds and gets the original claim back instead of "session not approved".
        """
        if branch_code is None:
            return None
        existing = claims.claim_by_key(session, branch_code, idempotency_key)
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
        return claims.claim_public(existing)

    with hub.db.session() as session:
        scope_branch = scope_of(session)
        replay = earlier(session, scope_branch)  # the common retry answers without taking any lock
        if replay is not None:
            return replay

        visit: VisitSession | None = None
        if body.session_id is not None:
            visit = sessions.get_for_update(session, body.session_id)
        branch_code = visit.branch.code if visit else (body.branch_code or who.branch_code)
        if branch_code is None:
            raise unprocessable("branch_required", "give session_id or branch_code")
        if visit is not None and body.branch_code is not None and body.branch_code != branch_code:
            raise unprocessable("branch_mismatch", "branch_code differs from the session's branch")
        if not can_submit_claim(who, sessions.facts(visit) if visit else None, branch_code):
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
        participant = participants.find_participant(session, nik=nik)
        if participant is None:
            raise unprocessable("participant_not_found", "no participant with this NIK in the registry")
        if participant.kpj != kpj:
            raise unprocessable("participant_mismatch", "the KPJ does not belong to the participant with this NIK")

        documents = set(body.documents)
        if visit is not None:
            # Only documents that were really captured in this session count.
            documents &= document_types_of(session, visit.id)
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
        evaluation = evaluate(claim_request, participants.participant_record(participant), today, hub.catalog)
        if not evaluation.eligible:
            codes = [f.code for f in evaluation.blocking()]
            raise unprocessable(
                "claim_ineligible",
                "the claim breaks rules: " + ", ".join(codes),
                findings=claims.findings_json(evaluation),
            )
        # From here to the commit, claims are serialised by the audit head's lock: the idempotency key is checked
        # again (a twin request may have just committed) and the day's sequence number cannot be taken twice.
        # The lock comes after the session row's (as in every other transaction), so they cannot deadlock.
        audit.lock_head(session)
        replay = earlier(session, branch.code)
        if replay is not None:
            return replay
        sequence = claims.next_sequence(session, branch.id, today)
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
            idempotency_scope=claims.idempotency_scope(branch.code),
            idempotency_key=idempotency_key,
            request_hash=request_hash,
            request=request_json,
            findings=claims.findings_json(evaluation),
            submitted_by=who.subject_id,
            created_at=now,
            status="submitted",
        )
        claims.add_claim(session, claim)
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
            sessions.change_state(session, visit, SessionState.SUBMITTED, actor=who.actor, now=now, reason=reference)
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
        hub.events.publish(SessionChanged(notify))
    return result


@router.get("/claims/{reference}", response_model=ClaimPublic, tags=["claims"])
def get_claim(reference: str, hub: HubDep, who: CurrentUser) -> ClaimPublic:
    """A claim by its reference: its submitter, the branch's supervisors and admins."""
    with hub.db.session() as session:
        claim = claims.claim_by_reference(session, reference.upper())
        if claim is None or not can_view_claim(who, claim.branch.code, claim.submitted_by):
            raise not_found("claim")
        return claims.claim_public(claim)
