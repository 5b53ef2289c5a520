"""The audit chain's keys and checkpoints in use: set up at start, rotated, verified and checkpointed.

The hub and every `kiosk server` command call `install_keys` before writing: it creates the key file on first use
(and records ``audit.key_started``, the event whose MAC re-anchors any older, unkeyed events) and hands the
keyring to the database. A verification that passes, and the hub's periodic task, append the head to the
checkpoint file, so a later truncation of the database is seen even if the head row is moved back too.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime

from kiosk.config import Settings
from kiosk.server.db import Database
from kiosk.server.keys import AuditKeyring, create_key_file, rotate
from kiosk.server.repositories import audit

log = logging.getLogger(__name__)


def _start_key(db: Database, keys: AuditKeyring, now: datetime, actor: str, previous: str | None) -> None:
    with db.session() as session:
        event = audit.record(
            session,
            at=now,
            actor=actor,
            action="audit.key_started",
            subject_type="audit_key",
            subject_id=keys.current_id,
            details={"previous": previous},
        )
        seq, key_id, mac = event.seq, event.key_id, event.hash
    assert key_id is not None
    keys.write_checkpoint(seq, key_id, mac, now)


def install_keys(db: Database, settings: Settings, now: datetime, actor: str = "hub") -> AuditKeyring:
    """Open (or create, 0600) the audit key file and sign the database's audit events with it from now on."""
    path = settings.audit_key_file()
    created = create_key_file(path)
    keys = AuditKeyring(path)
    db.audit_keys = keys
    if created:
        _start_key(db, keys, now, actor, previous=None)
    return keys


def rotate_key(db: Database, settings: Settings, now: datetime, actor: str = "cli") -> str:
    """Start a new audit key (older keys stay in the file to verify older events); the new key's id."""
    keys = install_keys(db, settings, now, actor)
    previous = keys.current_id
    new_id = rotate(keys.path)
    _start_key(db, keys, now, actor, previous=previous)
    return new_id


def verify(db: Database, now: datetime) -> audit.ChainReport:
    """Verify the whole chain; when it holds, checkpoint its head (the next verification compares with it)."""
    with db.session() as session:
        report = audit.verify_chain(session)
    keys = db.audit_keys
    if report.ok and report.head_key_id is not None and isinstance(keys, AuditKeyring):
        keys.write_checkpoint(report.head_seq, report.head_key_id, report.head_mac, now)
    return report


def checkpoint(db: Database, now: datetime, last_seq: int = 0) -> int:
    """Checkpoint the head if it moved past `last_seq` and its MAC checks out; the head's seq (the next call's
    `last_seq`)."""
    keys = db.audit_keys
    if not isinstance(keys, AuditKeyring):
        return last_seq
    with db.session() as session:
        event = audit.head_event(session)
        found = (event.seq, event.key_id, event.hash) if event is not None else None
    if found is None or found[0] <= last_seq or found[1] is None:
        return last_seq
    keys.write_checkpoint(found[0], found[1], found[2], now)
    return found[0]


async def checkpoint_every(db: Database, interval_s: float, clock: Callable[[], datetime]) -> None:
    """The hub's periodic checkpoint: every `interval_s`, the head if it moved (a failed write is logged, retried)."""
    last_seq = 0
    while True:
        await asyncio.sleep(interval_s)
        try:
            last_seq = await asyncio.to_thread(checkpoint, db, clock(), last_seq)
        except Exception:
            # The database may be briefly away; the next round tries again. Never the key: only the error.
            log.warning("audit checkpoint failed; retrying in %.0f s", interval_s, exc_info=True)
