"""Booths: enrollment codes and device tokens, health from heartbeats, and the API view of a booth."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from kiosk.protocol.rest import BoothPublic
from kiosk.server.models import Booth, Branch, EnrollmentCode
from kiosk.server.repositories.sessions import open_session_id
from kiosk.server.security import token_hash


def booth_by_id(session: Session, booth_id: int) -> Booth | None:
    """The booth with this id."""
    return session.get(Booth, booth_id)


def booth_by_token(session: Session, token: str) -> Booth | None:
    """The enrolled booth whose device token this is."""
    return session.execute(select(Booth).where(Booth.device_token_hash == token_hash(token))).scalar_one_or_none()


def booths_of_branch(session: Session, branch_id: int) -> list[Booth]:
    """A branch's booths by number."""
    return list(session.execute(select(Booth).where(Booth.branch_id == branch_id).order_by(Booth.number)).scalars())


def booth_numbers(session: Session, branch_id: int) -> set[int]:
    """The numbers of a branch's booths."""
    return set(session.execute(select(Booth.number).where(Booth.branch_id == branch_id)).scalars())


def add_booth(session: Session, branch_id: int, number: int) -> Booth:
    """A new (not yet enrolled) booth."""
    booth = Booth(branch_id=branch_id, number=number)
    session.add(booth)
    session.flush()
    return booth


def booth_by_number(session: Session, branch: Branch, number: int, *, create: bool = False) -> Booth | None:
    """Booth `number` of a branch; with `create`, made when missing."""
    booth = session.execute(
        select(Booth).where(Booth.branch_id == branch.id, Booth.number == number)
    ).scalar_one_or_none()
    if booth is None and create:
        booth = add_booth(session, branch.id, number)
    return booth


def add_enrollment_code(
    session: Session, *, booth_id: int, code: str, now: datetime, expires_at: datetime, actor: str
) -> None:
    """Store a one-time enrollment code (only its hash)."""
    session.add(
        EnrollmentCode(
            booth_id=booth_id, code_hash=token_hash(code), created_at=now, expires_at=expires_at, created_by=actor
        )
    )


def enrollment_code_for_update(session: Session, code: str) -> EnrollmentCode | None:
    """The stored enrollment code, locked for the rest of the transaction."""
    return session.execute(
        select(EnrollmentCode).where(EnrollmentCode.code_hash == token_hash(code)).with_for_update()
    ).scalar_one_or_none()


def set_device_token(booth: Booth, token: str, now: datetime) -> None:
    """Give a booth its (new) device token: an earlier one stops working."""
    booth.device_token_hash = token_hash(token)
    booth.enrolled_at = now


def save_health(
    session: Session,
    booth_id: int,
    *,
    at: datetime,
    camera_ok: bool | None,
    microphone_ok: bool | None,
    speaker_ok: bool | None,
    link_ok: bool | None,
    app_version: str | None = None,
    free_disk_mb: int | None = None,
) -> None:
    """A booth's last heartbeat, the state of its devices, its program's version and its free disk."""
    session.execute(
        update(Booth)
        .where(Booth.id == booth_id)
        .values(
            last_heartbeat=at, camera_ok=camera_ok, microphone_ok=microphone_ok, speaker_ok=speaker_ok, link_ok=link_ok,
            app_version=app_version, free_disk_mb=free_disk_mb,
        )
    )


def booth_public(session: Session, booth: Booth, *, connected: bool) -> BoothPublic:
    """The API view of a booth, with its current open session; `connected` comes from the signaling hub."""
    return BoothPublic(
        id=booth.id,
        branch_code=booth.branch.code,
        number=booth.number,
        enrolled=booth.device_token_hash is not None,
        connected=connected,
        last_heartbeat=booth.last_heartbeat,
        camera_ok=booth.camera_ok,
        microphone_ok=booth.microphone_ok,
        speaker_ok=booth.speaker_ok,
        link_ok=booth.link_ok,
        current_session_id=open_session_id(session, booth.id),
    )
