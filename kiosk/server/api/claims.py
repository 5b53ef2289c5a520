"""Participants registry lookups and claims (idempotent submission, server-side rules).

The audit trail's routes are in `audit`.
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Header, Query, Response

from kiosk.domain.access import can_lookup_participants, can_view_claim
from kiosk.domain.identifiers import InvalidIdentifier, parse_nik, validate_kpj
from kiosk.protocol.rest import ClaimCreate, ClaimPublic, ParticipantPublic
from kiosk.server.deps import CurrentUser, HubDep
from kiosk.server.errors import bad_request, forbidden, identifier_error, not_found
from kiosk.server.repositories import audit, claims, participants
from kiosk.server.responses import error_responses
from kiosk.server.services import claims as claims_service

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
        200: {"model": ClaimPublic, "description": "the same key and body were submitted before: the same claim"},
        **error_responses(
            {
                400: "no Idempotency-Key header",
                409: "the key was used with another body, or the session is not approved",
                422: "the claim breaks a rule (findings) or the participant does not match",
            }
        ),
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
    submitted = claims_service.submit_claim(hub, body, who, idempotency_key)
    if submitted.replayed:
        response.status_code = 200
    return submitted.claim


@router.get("/claims/{reference}", response_model=ClaimPublic, tags=["claims"])
def get_claim(reference: str, hub: HubDep, who: CurrentUser) -> ClaimPublic:
    """A claim by its reference: its submitter, the branch's supervisors and admins."""
    with hub.db.session() as session:
        claim = claims.claim_by_reference(session, reference.upper())
        if claim is None or not can_view_claim(who, claim.branch.code, claim.submitted_by):
            raise not_found("claim")
        return claims.claim_public(claim)
