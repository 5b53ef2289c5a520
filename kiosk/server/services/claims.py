"""Submitting a claim: exactly once per Idempotency-Key within a branch, with the claim rules re-checked."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk.domain.access import Principal, can_replay_claim, can_submit_claim
from kiosk.domain.claims import ClaimRequest, evaluate
from kiosk.domain.identifiers import InvalidIdentifier, parse_nik, validate_kpj
from kiosk.domain.references import claim_reference
from kiosk.domain.session import SessionState
from kiosk.protocol.rest import ClaimCreate, ClaimPublic, FindingPublic
from kiosk.server.context import HubContext
from kiosk.server.errors import conflict, forbidden, identifier_error, unprocessable
from kiosk.server.events import SessionChanged
from kiosk.server.models import Claim, VisitSession
from kiosk.server.repositories import audit, claims, participants, sessions
from kiosk.server.repositories.branches import branch_by_code
from kiosk.server.repositories.documents import document_types_of
from kiosk.server.services.booths import local_date


@dataclass(frozen=True)
class SubmittedClaim:
    """The claim, and whether it was submitted before under the same key (answered with 200, not 201)."""

    claim: ClaimPublic
    replayed: bool


def submit_claim(hub: HubContext, body: ClaimCreate, who: Principal, idempotency_key: str) -> SubmittedClaim:
    """Submit a verified claim (the session, if any, becomes submitted and its ends are told), or replay it.

    403 when `who` may not, 409 for a key used with another body or a session not approved, 422 for a claim that
    breaks a rule (with its findings) or a participant who does not match.
    """
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
        return claims.claim_public(existing)

    scope_branch: str | None = None
    try:
        with hub.db.session() as session:
            # The events below are appended just before the commit, so the audit head is taken only then.
            audit.defer_events(session)
            scope_branch = scope_of(session)
            replay = earlier(session, scope_branch)  # the common retry answers without taking any lock
            if replay is not None:
                return SubmittedClaim(replay, replayed=True)

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
                # A twin request under the same key may have submitted it while this one waited for the row.
                replay = earlier(session, branch.code)
                if replay is not None:
                    return SubmittedClaim(replay, replayed=True)
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
                raise unprocessable(
                    "participant_mismatch", "the KPJ does not belong to the participant with this NIK"
                )

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
            # From here to the commit, claims of this branch and day wait for each other on the day's counter row
            # (its lock comes after the session row's, as in every other transaction, so they cannot deadlock).
            # A twin request under the same key that committed meanwhile makes the claim's insert fail on the
            # key's unique constraint: answered below as a replay. The audit events follow at the commit.
            sequence = claims.take_sequence(session, branch.id, today)
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
                sessions.change_state(
                    session,
                    visit,
                    SessionState.SUBMITTED,
                    actor=who.actor,
                    now=now,
                    reason=reference,
                    reason_code="claim_submitted",
                )
                notify = visit.id
            claims.add_claim(session, claim)  # the flush writes the session's change too
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
    except IntegrityError:
        # The transaction was rolled back (its sequence number with it). A twin under the same key won the race:
        # answer with its claim, as a later retry would be answered.
        with hub.db.session() as session:
            replay = earlier(session, scope_branch)
        if replay is None:
            raise
        return SubmittedClaim(replay, replayed=True)
    hub.metrics.claims.labels(body.claim_type.value).inc()
    if notify:
        hub.events.publish(SessionChanged(notify))
    return SubmittedClaim(result, replayed=False)
