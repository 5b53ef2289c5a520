"""An online visit made directly in a test hub's database: a booking of the online channel, its visit session and
a participant's web session (the `kiosk_online` cookie's token).

The online REST routes (book, sign in, consent, join) are tested on their own; tests of the call only need the
state those routes leave behind::

    visit = online_visit(hub, state=SessionState.WAITING_CSO)
    ws = connect(hub.ws_url, additional_headers=visit.cookie_header(), legacy=True)
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from kiosk.domain.channels import Channel
from kiosk.domain.session import SessionState
from kiosk.server.context import utc_now
from kiosk.server.db import Database
from kiosk.server.models import Booking, Branch, Participant, VisitSession
from kiosk.server.repositories import web_sessions
from kiosk.server.security import new_id
from tests.support.hub import RunningHub


@dataclass(frozen=True)
class OnlineVisit:
    """What a test needs of an online visit."""

    booking_id: int
    booking_code: str
    session_id: str
    #: The web-session token the `kiosk_online` cookie carries.
    token: str
    origin: str

    def cookie_header(self) -> dict[str, str]:
        """Headers a browser on the hub's own page sends when it opens the signaling socket."""
        return {"Cookie": f"{web_sessions.COOKIE_NAME}={self.token}", "Origin": self.origin}

    @property
    def actor(self) -> str:
        """The participant end's key (``online:<booking id>``)."""
        return f"online:{self.booking_id}"


def online_visit(
    hub: RunningHub,
    *,
    state: SessionState = SessionState.WAITING_CSO,
    language: str = "id",
    participant_index: int = 0,
    branch_code: str = "KDR",
    slot_in_min: int = 0,
) -> OnlineVisit:
    """A booking of the online channel for today, its open visit in `state` and a live web session."""
    db = Database.from_url(hub.database_url)
    try:
        with db.session() as session:
            now = utc_now()
            branch = session.execute(select(Branch).where(Branch.code == branch_code)).scalar_one()
            member = session.execute(select(Participant).order_by(Participant.id)).scalars().all()[participant_index]
            code = "ON" + secrets.token_hex(3).upper()
            # The slot is in the branch's time: now (its join window open), or `slot_in_min` later.
            local = now.astimezone(ZoneInfo(branch.timezone)) + timedelta(minutes=slot_in_min)
            booking = Booking(
                code=code, branch_id=branch.id, visit_date=local.date(), slot=local.strftime("%H:%M"), nik=member.nik,
                kpj=member.kpj, claim_type="JHT", status="checked_in", created_at=now, created_by="online",
                channel=Channel.ONLINE.value, language=language,
            )
            session.add(booking)
            session.flush()
            sid = new_id("s")
            queued = state in (SessionState.WAITING_CSO, SessionState.IN_CALL, SessionState.VERIFYING)
            session.add(
                VisitSession(
                    id=sid, branch_id=branch.id, booth_id=None, channel=Channel.ONLINE.value, kind="online",
                    booking_id=booking.id, visit_date=local.date(), state=state.value, created_at=now,
                    updated_at=now, state_since=now, consented_at=now,
                    queued_at=now if queued else None, ended_at=now if state.is_final else None,
                    intake={"nik": member.nik, "kpj": member.kpj, "claim_type": "JHT"},
                )
            )
            booking.session_id = sid
            token, _row = web_sessions.open_web_session(
                session, booking, now=now, idle_s=1800, max_s=timedelta(hours=4).total_seconds()
            )
            return OnlineVisit(booking.id, code, sid, token, hub.base_url)
    finally:
        db.engine.dispose()
