"""The append-only, hash-chained audit log: who did or saw what, and when.

Each event holds the hash of the one before it; the hash covers the sequence number, time, actor, action,
subject and details, so changing, removing or reordering any row breaks the chain from there on, and
`verify_chain` names the first broken link. Appends lock the single `AuditHead` row, which serialises them
across threads, processes and (on PostgreSQL) hub replicas; the same lock is taken first by transactions that
count things (quotas, claim sequence numbers) so those counts cannot race either.

Details hold ids, codes and states only: never an image, a NIK, a name or an account number.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.server.db import take_write_lock
from kiosk.server.models import AuditEvent, AuditHead

GENESIS_HASH = "0" * 64
_HEAD_KEY = "kiosk.audit_head"


def canonical_json(data: Any) -> str:
    """JSON with sorted keys and no spaces: the same data always gives the same text."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def event_hash(
    seq: int, at: datetime, actor: str, action: str, subject_type: str, subject_id: str, details: str, prev: str
) -> str:
    """The hash of one event, chained to the previous event's hash."""
    text = "\x1f".join([str(seq), at.isoformat(), actor, action, subject_type, subject_id, details, prev])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def lock_head(session: Session) -> AuditHead:
    """Take the audit head's row lock for the rest of the transaction (a no-op lock on SQLite, which has
    already taken the database's write lock with BEGIN IMMEDIATE)."""
    head = session.info.get(_HEAD_KEY)
    if head is None:
        take_write_lock(session)
        head = session.execute(select(AuditHead).where(AuditHead.id == 1).with_for_update()).scalar_one()
        # Kept for the rest of this transaction: the row stays locked until commit, so it cannot change.
        session.info[_HEAD_KEY] = head
    return head


def record(
    session: Session,
    *,
    at: datetime,
    actor: str,
    action: str,
    subject_type: str,
    subject_id: str | int,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event in the caller's transaction (it is committed, or rolled back, with the change itself)."""
    head = lock_head(session)
    seq = head.seq + 1
    body = canonical_json(details or {})
    digest = event_hash(seq, at, actor, action, subject_type, str(subject_id), body, head.hash)
    event = AuditEvent(
        seq=seq,
        at=at,
        actor=actor,
        action=action,
        subject_type=subject_type,
        subject_id=str(subject_id),
        details=body,
        prev_hash=head.hash,
        hash=digest,
    )
    session.add(event)
    head.seq, head.hash = seq, digest
    session.flush()
    return event


@dataclass(frozen=True)
class ChainReport:
    """The result of re-computing the chain."""

    ok: bool
    events: int
    first_broken_seq: int | None = None
    problem: str | None = None


def verify_chain(session: Session, batch: int = 2000) -> ChainReport:
    """Recompute every hash in order; report the first event that does not follow from the one before."""
    prev = GENESIS_HASH
    expected_seq = 1
    count = 0
    last_seq = 0
    while True:
        rows = (
            session.execute(select(AuditEvent).where(AuditEvent.seq > last_seq).order_by(AuditEvent.seq).limit(batch))
            .scalars()
            .all()
        )
        if not rows:
            break
        for event in rows:
            if event.seq != expected_seq:
                return ChainReport(False, count, expected_seq, f"event {expected_seq} is missing")
            if event.prev_hash != prev:
                return ChainReport(False, count, event.seq, "does not point to the previous event's hash")
            digest = event_hash(
                event.seq,
                event.at,
                event.actor,
                event.action,
                event.subject_type,
                event.subject_id,
                event.details,
                event.prev_hash,
            )
            if digest != event.hash:
                return ChainReport(False, count, event.seq, "its content does not match its hash")
            prev = event.hash
            expected_seq += 1
            count += 1
            last_seq = event.seq
        session.expunge_all()  # keep memory flat on a long chain
    head = session.get(AuditHead, 1)
    if head is not None and (head.seq != last_seq or head.hash != prev):
        return ChainReport(False, count, last_seq + 1, "events after this one were removed")
    return ChainReport(True, count)


def events_after(session: Session, after_seq: int, limit: int, subject_id: str | None = None) -> list[AuditEvent]:
    """Up to `limit` events after `after_seq`, in order (of one subject when `subject_id` is given)."""
    query = select(AuditEvent).where(AuditEvent.seq > after_seq).order_by(AuditEvent.seq).limit(limit)
    if subject_id is not None:
        query = query.where(AuditEvent.subject_id == subject_id)
    return list(session.execute(query).scalars().all())


def details_of(event: AuditEvent) -> dict[str, Any]:
    """An event's details as a dict (a stored non-object is wrapped as ``{"value": ...}``)."""
    value = json.loads(event.details)
    return value if isinstance(value, dict) else {"value": value}
