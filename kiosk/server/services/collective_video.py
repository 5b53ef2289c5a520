"""The officer's "when in doubt": the worker of a collective row is invited to a video visit on the online channel.

The hub books the worker an online visit at the branch's first free slot, under the online channel's own rules (a
place in the slot, the day's online quota: `kiosk.server.services.bookings`), and sends them an SMS with the
visit's day and time, its booking code and the online channel's start page. The worker signs in there with the
code and their NIK, as after booking online themselves: the link carries no code and no token. The row keeps the
booking's code, so asking again while the visit can still take place answers the same visit, without a second SMS.
Once a session of that booking has ended after an officer joined its call, the officer may approve the row by video
(`kiosk.protocol.rest.RowDecision.seen_by_video`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from kiosk.domain.access import Principal
from kiosk.domain.online_window import date_in_words
from kiosk.protocol.rest import VideoInvitationResult
from kiosk.server.context import HubContext
from kiosk.server.errors import conflict
from kiosk.server.models import Booking, CollectiveRow
from kiosk.server.repositories import audit, bookings, sessions
from kiosk.server.repositories import collective as repo
from kiosk.server.services import bookings as place_rules
from kiosk.server.services import online as online_service
from kiosk.server.services.collective import decidable_row
from kiosk.server.sms import SmsMessage, outbox


def sms_text(branch: str, visit: datetime, link: str, code: str) -> str:
    """The invitation, Indonesian first (two SMS, as the confirmation's): when, where to sign in, and with what."""
    return (
        f"BPJS Ketenagakerjaan: petugas cabang {branch} mengundang Anda ke panggilan video tentang klaim JHT yang "
        f"diajukan perusahaan Anda, pada {date_in_words(visit, 'id')}. Masuk di {link} dengan kode booking {code} "
        f"dan NIK Anda. / Video call with the branch about your JHT claim on {date_in_words(visit, 'en')}: sign in "
        f"at the link with booking code {code} and your NIK."
    )


def _still_usable(hub: HubContext, session: Session, booking: Booking, now: datetime) -> bool:
    """The worker can still have this visit: it is under way, or booked and its join window not yet closed."""
    if booking.erased_at is not None or booking.status == "cancelled":
        return False
    if sessions.booking_holder(session, booking.id) is not None:
        return True
    return booking.status == "booked" and not online_service.window_of(hub, booking).is_over(now)


def _check_invitable(row: CollectiveRow) -> tuple[str, str, str]:
    """The worker's NIK, KPJ and phone, or 409 when the row cannot lead to a claim (any more)."""
    if row.claim_reference is not None:
        raise conflict("already_submitted", "the row's claim is already submitted", reference=row.claim_reference)
    if row.erased_at is not None:
        raise conflict("erased", "the row's personal data was erased after its retention period; file it again")
    if not row.accepted or row.nik is None or row.kpj is None or row.phone is None:
        raise conflict("row_refused", "the row does not pass the checks; the employer corrects it first")
    return row.nik, row.kpj, row.phone


def _result(session: Session, row: CollectiveRow, booking: Booking, *, sms_sent: bool) -> VideoInvitationResult:
    return VideoInvitationResult(
        row=repo.rows_public(session, [row])[0],
        booking_code=booking.code,
        date=booking.visit_date,
        slot=booking.slot,
        sms_sent=sms_sent,
    )


def invite_to_video(hub: HubContext, row_id: int, who: Principal, base_url: str) -> VideoInvitationResult:
    """Book the row's worker an online visit at the branch's first free slot and text them how to join; audited.

    The same answer, and no second SMS, while the visit booked before can still take place. 409 ``row_refused``,
    ``already_submitted``, ``erased``, or ``no_free_slot`` when no slot is free in the next two weeks."""
    now = hub.now()
    with hub.db.session() as session:
        row, batch = decidable_row(session, who, row_id)
        nik, kpj, phone = _check_invitable(row)
        booked = bookings.booking_by_code(session, row.video_booking_code) if row.video_booking_code else None
        if booked is not None and _still_usable(hub, session, booked, now):
            return _result(session, row, booked, sms_sent=False)
        audit.lock_head(session)  # the slot counts below must not race another booking
        branch = batch.employer.branch
        slot = place_rules.first_free_slot(session, branch, hub.local_now(branch.timezone))
        if slot is None:
            raise conflict(
                "no_free_slot",
                f"no online slot of branch {branch.code} is free in the next {place_rules.SEARCH_DAYS} days; "
                "try again later or ask the worker to come to the branch",
            )
        booking = place_rules.new_booking(
            session, branch, day=slot.day, slot=slot.slot, nik=nik, kpj=kpj, claim_type=row.claim_type or "JHT",
            phone=phone, now=now, created_by=who.actor, channel="online",
        )
        booking = bookings.create_booking(session, booking, actor=who.actor, now=now)
        row.video_booking_code, row.updated_at = booking.code, now
        audit.record(session, at=now, actor=who.actor, action="collective.row_video_invited",
                     subject_type="collective_row", subject_id=row.id,
                     details={"batch": batch.id, "booking": booking.code})
        visit = online_service.window_of(hub, booking).slot_start  # in the branch's time zone
        link = f"{base_url.rstrip('/')}/online/"
        message = SmsMessage(to=phone, text=sms_text(branch.name, visit, link, booking.code))
        result = _result(session, row, booking, sms_sent=True)
    # Handed to the gateway once the booking is stored: the worker never gets a code the hub does not know.
    outbox(hub.settings.server_data_dir()).send(message, now)
    return result
