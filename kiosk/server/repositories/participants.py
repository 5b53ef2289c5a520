"""The participants registry: lookups by NIK/KPJ, and its records in the two shapes the hub hands out.

One shape per use: the ORM `Participant` in the database, `kiosk.domain.claims.ParticipantRecord` as the claim
rules' input and `kiosk.protocol.rest.ParticipantPublic` on the wire. `participant_record` is the one mapping
from the row; the wire view is that record plus what only the officer sees (dates, heirs).
"""

from __future__ import annotations

import dataclasses

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.domain.claims import ParticipantRecord, ParticipantStatus
from kiosk.protocol.rest import HeirPublic, ParticipantPublic
from kiosk.server.models import Heir, Participant


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


def participant_public(p: Participant) -> ParticipantPublic:
    """The API view of a registry record: its domain record, its dates and its heirs."""
    return ParticipantPublic(
        **dataclasses.asdict(participant_record(p)),
        last_work_day=p.last_work_day,
        died_on=p.died_on,
        heirs=[HeirPublic(nik=h.nik, name=h.name, relation=h.relation) for h in p.heirs],
    )


def find_participant(session: Session, *, nik: str | None = None, kpj: str | None = None) -> Participant | None:
    """The participant with this NIK and/or KPJ (both given: the same person must hold both)."""
    query = select(Participant)
    if nik:
        query = query.where(Participant.nik == nik)
    if kpj:
        query = query.where(Participant.kpj == kpj)
    return session.execute(query).scalar_one_or_none()


def name_of(session: Session, nik: str) -> str | None:
    """The registered name behind a NIK."""
    return session.execute(select(Participant.name).where(Participant.nik == nik)).scalar_one_or_none()


def heir_name_of(session: Session, participant_nik: str | None, heir_nik: str) -> str | None:
    """The registered name of an heir: as an heir of this participant, else as a participant of their own."""
    if participant_nik:
        name = session.execute(
            select(Heir.name)
            .join(Participant, Heir.participant_id == Participant.id)
            .where(Participant.nik == participant_nik, Heir.nik == heir_nik)
        ).scalar_one_or_none()
        if name:
            return name
    return name_of(session, heir_nik)


def nik_known(session: Session, nik: str) -> bool:
    """Whether the registry has this NIK."""
    return session.execute(select(Participant.id).where(Participant.nik == nik)).first() is not None


def add_participant(session: Session, participant: Participant, heirs: list[Heir]) -> Participant:
    """Store a registry record and its heirs (the demo seed's)."""
    session.add(participant)
    session.flush()
    for heir in heirs:
        heir.participant_id = participant.id
        session.add(heir)
    return participant
