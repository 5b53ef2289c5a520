"""`HubAdapter`: the booth's hub port (`BoothHubPort`) over the hub's REST client (`kiosk.client.hub_api.HubClient`).

Every request runs in a worker thread (`run_blocking`), never on the GUI loop, with the client's timeouts.
`HubUnreachable` becomes `HubUnavailable` (the visit flow shows the calm "hub unreachable" screen and
retries); refusals become the typed errors the screens explain.
"""

from __future__ import annotations

import contextlib
from datetime import date
from typing import Any

from kiosk.app.blocking import run_blocking
from kiosk.app.booth.hub_port import (
    CheckIn,
    CheckInRefusal,
    CheckInRefused,
    ClaimDetails,
    HeirEntry,
    HubUnavailable,
    IdentityMatch,
    IdentityRefusal,
    IdentityRefused,
    ProgressCallback,
    UploadedDocument,
)
from kiosk.client.errors import HubError, HubUnreachable
from kiosk.client.hub_api import HubClient
from kiosk.domain.claims import Claimant, ClaimType
from kiosk.domain.quota import VisitKind
from kiosk.domain.session import SessionState
from kiosk.protocol import AttentionKind
from kiosk.protocol.rest import Intake

_REFUSALS = {
    "booking_used": CheckInRefusal.USED_CODE,
    "booking_not_today": CheckInRefusal.WRONG_DATE,
    "booking_other_branch": CheckInRefusal.WRONG_BRANCH,
    "quota_exhausted": CheckInRefusal.QUOTA_FULL,
    "not_found": CheckInRefusal.UNKNOWN_CODE,
}


def _refusal(error: HubError) -> CheckInRefused:
    reason = _REFUSALS.get(error.code, CheckInRefusal.OTHER)
    resets = error.details.get("resets_at")
    booking_date = None
    if reason is CheckInRefusal.WRONG_DATE:
        # The hub names the booking's date in its message ("this booking is for YYYY-MM-DD, not today").
        for word in error.message.replace(",", " ").split():
            try:
                booking_date = date.fromisoformat(word)
                break
            except ValueError:
                continue
    cap = error.details.get("quota")
    return CheckInRefused(
        reason,
        cap=int(cap) if isinstance(cap, int) else None,
        resets_at=str(resets)[11:16] if isinstance(resets, str) and len(resets) >= 16 else None,
        booking_date=booking_date,
    )


#: Answers that mean "not now" rather than "not this": the same call is tried again.
UNAVAILABLE_STATUSES = frozenset({502, 503, 504})


class HubAdapter:
    """`BoothHubPort` over `HubClient`, with a booth device token; blocking requests go through `run_blocking`."""

    def __init__(self, client: HubClient) -> None:
        self.client = client

    async def _call(self, function: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return await run_blocking(function, *args, **kwargs)
        except HubUnreachable as exc:
            raise HubUnavailable(str(exc)) from None
        except HubError as exc:
            # The hub (or its proxy) is there but cannot serve now: a busy database, a restart behind the proxy.
            # Nothing was done, so the visit shows the calm screen and tries the same call again.
            if exc.status in UNAVAILABLE_STATUSES:
                raise HubUnavailable(exc.message) from None
            raise

    async def _check_in(self, **kwargs: Any) -> Any:
        """Check in; a session this booth left open (it lost the hub while ending one) is closed first."""
        try:
            return await self._call(self.client.check_in, **kwargs)
        except HubError as error:
            stale = error.details.get("session_id")
            if error.code != "booth_busy" or not isinstance(stale, str):
                raise _refusal(error) from None
        # The earlier visit is over for the participant who left; the hub still counts it as open.
        # It may have ended meanwhile: the visit's own ending (a declined consent) got there first, and the hub no
        # longer shows the booth a closed session (404). That was "booking code unknown" on screen; the check-in
        # below decides.
        with contextlib.suppress(HubError):
            await self._call(self.client.set_state, stale, SessionState.ABANDONED, "booth left it open")
        try:
            return await self._call(self.client.check_in, **kwargs)
        except HubError as error:
            raise _refusal(error) from None

    async def check_in_booking(self, code: str) -> CheckIn:
        """Check in with a typed booking code or a scanned QR payload (the hub reads both)."""
        session = await self._check_in(booking_code=code)
        return CheckIn(session.id, VisitKind.ONLINE)

    async def check_in_walk_in(self) -> CheckIn:
        """Check in as a walk-in."""
        session = await self._check_in(walk_in=True)
        return CheckIn(session.id, VisitKind.WALK_IN)

    async def identify(self, session_id: str, nik: str, kpj: str) -> IdentityMatch:
        """Store the NIK and KPJ on the session; the hub checks their form.

        The registry's masked name is not in the REST answer: the hub announces it over signaling right after
        (see `IdentityFlow`), so this returns an empty name.
        """
        try:
            await self._call(self.client.put_intake, session_id, Intake(nik=nik, kpj=kpj))
        except HubError as error:
            if error.status == 404:
                raise IdentityRefused(IdentityRefusal.NOT_FOUND) from None
            raise IdentityRefused(IdentityRefusal.MISMATCH) from None
        return IdentityMatch(masked_name="")

    async def identify_heir(self, session_id: str, heir: HeirEntry) -> IdentityMatch:
        """Store the deceased's numbers and the heir's NIK as an heir's claim; the heir's masked name comes over
        signaling (see `HeirFlow`)."""
        intake = Intake(nik=heir.nik, kpj=heir.kpj, claimant=Claimant.HEIR, heir_nik=heir.heir_nik)
        try:
            await self._call(self.client.put_intake, session_id, intake)
        except HubError as error:
            if error.status == 404:
                raise IdentityRefused(IdentityRefusal.NOT_FOUND) from None
            raise IdentityRefused(IdentityRefusal.MISMATCH) from None
        return IdentityMatch(masked_name="")

    async def save_claim(self, session_id: str, details: ClaimDetails) -> None:
        """Store the choices in the session's intake (with the NIK and KPJ already there)."""
        session = await self._call(self.client.get_session, session_id)
        previous = session.intake or Intake()
        intake = Intake(
            nik=previous.nik,
            kpj=previous.kpj,
            claimant=previous.claimant,
            heir_nik=previous.heir_nik,
            claim_type=ClaimType(details.claim_type),
            reason=details.reason,
            termination_date=details.termination_date,
            bank_code=details.bank_code,
            account_number=details.account_number,
            heir_relation=details.heir_relation,
        )
        await self._call(self.client.put_intake, session_id, intake)

    async def upload_document(
        self,
        session_id: str,
        document: str,
        data: bytes,
        content_type: str,
        metrics: dict[str, float] | None = None,
        progress: ProgressCallback | None = None,
    ) -> UploadedDocument:
        """Upload one still or the signature; progress is reported at the start and the end."""
        metrics = metrics or {}
        if progress is not None:
            progress(0, len(data))
        stored = await self._call(
            self.client.upload_document,
            session_id,
            document,
            data,
            filename=f"{document}.{'png' if content_type == 'image/png' else 'jpg'}",
            sharpness=metrics.get("sharpness"),
            glare_ratio=metrics.get("glare_ratio"),
            brightness=metrics.get("brightness"),
        )
        if progress is not None:
            progress(len(data), len(data))
        return UploadedDocument(stored.id, stored.sha256)

    async def set_state(self, session_id: str, state: SessionState) -> None:
        """Move the session."""
        await self._call(self.client.set_state, session_id, state)

    async def attention(self, session_id: str, kind: AttentionKind) -> None:
        """Raised over signaling by the live call; without it, nothing to do over REST."""
        del session_id, kind

    async def ping(self) -> bool:
        """True when the hub answers its health check."""
        try:
            await self._call(self.client.health)
        except (HubUnavailable, HubError):
            return False
        return True
