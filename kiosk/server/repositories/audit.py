"""The append-only, keyed audit chain: who did or saw what, and when.

Each event holds the MAC of the one before it: HMAC-SHA256, under a key kept outside the database
(`kiosk.server.keys`), of the sequence number, time, actor, action, subject, details, previous MAC and key id.
Someone who can write the database but not read the key folder can neither change an event and recompute the
chain, nor cut the tail and move the head back: the verifier also compares the chain with the checkpoints written
to the key folder (on every verification, periodically, and when a key starts). `verify_chain` names the first
failing event and what failed.

Events written before the hub had a key (key id NULL) carry a plain SHA-256 chain; the first keyed event's MAC
covers the last of them, which re-anchors them under the first key (an unkeyed event after a keyed one fails).
Appends lock the single `AuditHead` row, which serialises them across threads, processes and (on PostgreSQL)
hub replicas; the same lock is taken first by transactions that count things (quotas) so those counts cannot race
either.

A transaction may instead defer its events (`defer_events`, used by claims): they are chained just before the
commit, under the hub's write lock, to the head this hub last committed, and written with the head's move in one
statement that moves the head only if it still is that head (on SQLite two, in-process). Only when another
process moved the head meanwhile is it read under its lock and the events chained again. The serialised part of
such a transaction is then one round trip and the commit.

Details hold ids, codes and states only: never an image, a NIK, a name, an account number or free text.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, String, Text, bindparam, insert, select, union_all, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.sql.dml import ReturningInsert, Update

from kiosk.server.db import AFTER_COMMIT, BEFORE_COMMIT, SHARED, take_write_lock
from kiosk.server.keys import AuditKeyring
from kiosk.server.models import AuditEvent, AuditHead, UtcDateTime

GENESIS_HASH = "0" * 64
_HEAD_KEY = "kiosk.audit_head"
#: In ``session.info``: the events `record` queued since `defer_events`, appended by `append_deferred`.
_DEFERRED = "kiosk.audit_deferred"
#: In ``session.info``: the head (seq, MAC) this transaction leaves, remembered by the `Database` once committed.
_LEAVES = "kiosk.audit_leaves"
#: In the `Database`'s shared dict: the head (seq, MAC) as its last committed append left it.
_COMMITTED_HEAD = "kiosk.audit_committed_head"
#: Where `Database.session` puts the hub's `AuditKeyring` (None: a bare database, events are unkeyed).
KEYRING_INFO = "kiosk.audit_keys"


def canonical_json(data: Any) -> str:
    """JSON with sorted keys and no spaces: the same data always gives the same text."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def _text(
    seq: int, at: datetime, actor: str, action: str, subject_type: str, subject_id: str, details: str
) -> list[str]:
    return [str(seq), at.isoformat(), actor, action, subject_type, subject_id, details]


def event_hash(
    seq: int, at: datetime, actor: str, action: str, subject_type: str, subject_id: str, details: str, prev: str
) -> str:
    """The plain hash of one unkeyed (pre-key) event, chained to the previous event's hash."""
    text = "\x1f".join([*_text(seq, at, actor, action, subject_type, subject_id, details), prev])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def event_mac(keys: AuditKeyring, key_id: str, event: AuditEvent) -> str:
    """The MAC of one keyed event under key `key_id`, chained to its `prev_hash` (which it covers)."""
    fields = _text(event.seq, event.at, event.actor, event.action, event.subject_type, event.subject_id, event.details)
    return keys.mac(key_id, "\x1f".join(["kiosk-audit-v2", *fields, event.prev_hash, key_id]))


def keyring_of(session: Session) -> AuditKeyring | None:
    """The keyring the session's database signs with, if any."""
    keys = session.info.get(KEYRING_INFO)
    return keys if isinstance(keys, AuditKeyring) else None


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


def _remember_head(session: Session, seq: int, digest: str) -> None:
    """Once this transaction commits, the `Database` knows the head it left (the next deferred append chains to it)."""
    shared = session.info.get(SHARED)
    if shared is None:
        return
    if _LEAVES not in session.info:

        def committed() -> None:
            shared[_COMMITTED_HEAD] = session.info[_LEAVES]

        session.info.setdefault(AFTER_COMMIT, []).append(committed)
    session.info[_LEAVES] = (seq, digest)


def defer_events(session: Session) -> None:
    """Queue the events this transaction records from now on; they are appended together just before it commits
    (`Database.session` runs `append_deferred`), so the audit head is taken as late as possible."""
    if _DEFERRED not in session.info:
        session.info[_DEFERRED] = []
        session.info.setdefault(BEFORE_COMMIT, []).append(lambda: append_deferred(session))


def append_deferred(session: Session) -> list[AuditEvent]:
    """Chain and write the queued events (see `defer_events`): one statement under the write lock on PostgreSQL,
    unless another process moved the head since this hub last committed one."""
    events: list[AuditEvent] = session.info.pop(_DEFERRED, None) or []
    if not events:
        return events
    locked: AuditHead | None = session.info.get(_HEAD_KEY)
    shared: dict[str, Any] | None = session.info.get(SHARED)
    known: tuple[int, str] | None = None
    if locked is None and (shared is None or _COMMITTED_HEAD not in shared):
        # First append of this hub: read the head before the lock; the write below checks it is still the head.
        seq, digest = session.execute(select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1)).one()
        known = (int(seq), str(digest))
    take_write_lock(session)
    if locked is not None:
        known = (locked.seq, locked.hash)
    elif shared is not None and _COMMITTED_HEAD in shared:
        known = shared[_COMMITTED_HEAD]  # read under the lock: whoever held it before us has committed
    assert known is not None
    if not _write_moving_head(session, events, known):
        head = lock_head(session)  # another process appended meanwhile: chain to the head it left, locked now
        if not _write_moving_head(session, events, (head.seq, head.hash)):
            raise RuntimeError("the audit head moved although its row is locked")
    return events


_EVENT_COLUMNS = (
    ("seq", BigInteger()),
    ("at", UtcDateTime()),
    ("actor", String()),
    ("action", String()),
    ("subject_type", String()),
    ("subject_id", String()),
    ("details", Text()),
    ("prev_hash", String()),
    ("hash", String()),
    ("key_id", String()),
)


def _head_move() -> Update:
    """Move the head to (new_seq, new_hash) if it still is (old_seq, old_hash)."""
    return (
        update(AuditHead)
        .where(AuditHead.id == 1, AuditHead.seq == bindparam("old_seq"), AuditHead.hash == bindparam("old_hash"))
        .values(seq=bindparam("new_seq"), hash=bindparam("new_hash"))
    )


@functools.cache
def _append_statement(count: int) -> ReturningInsert[tuple[int]]:
    """PostgreSQL: move the head and insert `count` events in one statement; the events are inserted only if the
    head moved (each row selects from the CTE, which yields its row only then). Built once per count, with bound
    parameters only, so SQLAlchemy compiles it once."""
    moved = _head_move().returning(AuditHead.id).cte("moved")
    rows = [
        select(*(bindparam(f"{name}_{i}", type_=kind).label(name) for name, kind in _EVENT_COLUMNS)).select_from(moved)
        for i in range(count)
    ]
    return (
        insert(AuditEvent)
        .from_select([name for name, _kind in _EVENT_COLUMNS], union_all(*rows) if count > 1 else rows[0])
        .add_cte(moved)
        .returning(AuditEvent.seq)  # the rows say what was written (no row count after a CTE)
    )


def _seal(event: AuditEvent, seq: int, prev: str, keys: AuditKeyring | None) -> str:
    """Give `event` its place after `prev` and its MAC under the current key (a bare database, as in tests of
    repositories and tools: the old unkeyed hash); its hash, the next event's `prev`."""
    event.seq, event.prev_hash = seq, prev
    event.key_id = keys.current_id if keys else None
    if keys is not None and event.key_id is not None:
        event.hash = event_mac(keys, event.key_id, event)
    else:
        event.hash = event_hash(
            seq, event.at, event.actor, event.action, event.subject_type, event.subject_id, event.details, prev
        )
    return str(event.hash)


def _write_moving_head(session: Session, events: list[AuditEvent], head: tuple[int, str]) -> bool:
    """Chain `events` to `head` and write them, moving the head past them only if it still is `head`; False
    (nothing written) when it is not."""
    seq, prev = head
    keys = keyring_of(session)
    for event in events:
        seq += 1
        prev = _seal(event, seq, prev, keys)
    move = {"old_seq": head[0], "old_hash": head[1], "new_seq": seq, "new_hash": prev}
    rows = [{name: getattr(event, name) for name, _kind in _EVENT_COLUMNS} for event in events]
    # Core statements on the connection: the ORM's bulk paths would report no row counts and sync loaded objects.
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        given = {f"{name}_{i}": value for i, row in enumerate(rows) for name, value in row.items()}
        written = len(connection.execute(_append_statement(len(events)), {**move, **given}).all()) == len(events)
    else:
        written = connection.execute(_head_move(), move).rowcount == 1
        if written:
            connection.execute(insert(AuditEvent), rows)
    if written:
        locked = session.info.get(_HEAD_KEY)
        if locked is not None:  # keep the loaded row in step without another UPDATE at the flush
            set_committed_value(locked, "seq", seq)
            set_committed_value(locked, "hash", prev)
        _remember_head(session, seq, prev)
    return written


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
    """Append one event in the caller's transaction (it is committed, or rolled back, with the change itself).

    After `defer_events` the event is only queued: its seq and MAC are set when the transaction commits."""
    body = canonical_json(details or {})
    deferred: list[AuditEvent] | None = session.info.get(_DEFERRED)
    if deferred is not None:
        event = AuditEvent(
            at=at, actor=actor, action=action, subject_type=subject_type, subject_id=str(subject_id), details=body
        )
        deferred.append(event)
        return event
    head = lock_head(session)
    seq = head.seq + 1
    event = AuditEvent(
        at=at, actor=actor, action=action, subject_type=subject_type, subject_id=str(subject_id), details=body
    )
    digest = _seal(event, seq, head.hash, keyring_of(session))
    session.add(event)
    head.seq, head.hash = seq, digest
    session.flush()
    _remember_head(session, seq, digest)
    return event


class Failure(StrEnum):
    """What kind of check an event failed."""

    GAP = "gap"  # a sequence number is missing
    BROKEN_LINK = "broken_link"  # the event does not name the previous event's MAC
    HASH_MISMATCH = "hash_mismatch"  # an unkeyed event does not match its plain hash
    MAC_MISMATCH = "mac_mismatch"  # a keyed event does not match its MAC (changed, or a wrong key)
    UNKNOWN_KEY = "unknown_key"  # signed with a key this hub does not hold
    UNKEYED = "unkeyed"  # an unkeyed event after keyed ones (the chain was recomputed without the key)
    CHECKPOINT_MISMATCH = "checkpoint_mismatch"  # the event differs from the one a checkpoint saw
    BAD_CHECKPOINT = "bad_checkpoint"  # a checkpoint line whose signature does not check out
    TRUNCATED = "truncated"  # the chain ends before the head or a checkpoint


@dataclass(frozen=True)
class ChainReport:
    """The result of re-computing the chain: ok, or the first failing event and what failed."""

    ok: bool
    events: int
    first_broken_seq: int | None = None
    problem: str | None = None
    kind: Failure | None = None
    head_seq: int = 0
    head_mac: str = GENESIS_HASH
    head_key_id: str | None = None


def _fail(count: int, seq: int | None, kind: Failure, problem: str) -> ChainReport:
    return ChainReport(False, count, seq, problem, kind)


def _checkpoints(keys: AuditKeyring | None) -> tuple[dict[int, tuple[str, str, str]], int, str, int | None]:
    """Checkpoints by seq (key id, MAC, time), the highest seq and its time, and the first forged line's number."""
    found: dict[int, tuple[str, str, str]] = {}
    highest, highest_at, forged = 0, "", None
    for number, cp in enumerate(keys.checkpoints() if keys else (), 1):
        if not cp.valid:
            forged = forged or number
            continue
        found[cp.seq] = (cp.key_id, cp.mac, cp.at)
        if cp.seq > highest:
            highest, highest_at = cp.seq, cp.at
    return found, highest, highest_at, forged


def _check_event(
    event: AuditEvent, prev: str, keyed_seen: bool, keys: AuditKeyring | None, count: int
) -> ChainReport | None:
    if event.prev_hash != prev:
        return _fail(count, event.seq, Failure.BROKEN_LINK, "does not point to the previous event's MAC")
    if event.key_id is None:
        if keyed_seen:
            return _fail(
                count, event.seq, Failure.UNKEYED, "an unkeyed event after keyed ones: the chain was recomputed"
            )
        digest = event_hash(
            event.seq, event.at, event.actor, event.action, event.subject_type, event.subject_id, event.details, prev
        )
        if digest != event.hash:
            return _fail(count, event.seq, Failure.HASH_MISMATCH, "its content does not match its hash")
        return None
    if keys is None or not keys.has(event.key_id):
        return _fail(
            count, event.seq, Failure.UNKNOWN_KEY, f"signed with key {event.key_id}, which this hub does not hold"
        )
    if not hmac.compare_digest(event_mac(keys, event.key_id, event), event.hash):
        return _fail(
            count, event.seq, Failure.MAC_MISMATCH, "its content does not match its MAC (changed, or another key)"
        )
    return None


def verify_chain(session: Session, batch: int = 2000) -> ChainReport:
    """Recompute every MAC (or pre-key hash) in order and compare the chain with the head and the checkpoints;
    report the first event that fails and how."""
    keys = keyring_of(session)
    # Forged lines are left out of the comparison and reported after the walk: a wrong key is first reported
    # at the first event it fails on, which says more than "every checkpoint looks forged".
    checkpoints, highest, highest_at, forged = _checkpoints(keys)
    prev = GENESIS_HASH
    expected_seq = 1
    count = 0
    last_seq = 0
    last_key: str | None = None
    keyed_seen = False
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
                return _fail(count, expected_seq, Failure.GAP, f"event {expected_seq} is missing")
            failure = _check_event(event, prev, keyed_seen, keys, count)
            if failure is not None:
                return failure
            seen = checkpoints.get(event.seq)
            if seen is not None and (seen[0] != event.key_id or seen[1] != event.hash):
                return _fail(count, event.seq, Failure.CHECKPOINT_MISMATCH, f"differs from the checkpoint of {seen[2]}")
            keyed_seen = keyed_seen or event.key_id is not None
            prev, last_key = event.hash, event.key_id
            expected_seq += 1
            count += 1
            last_seq = event.seq
        session.expunge_all()  # keep memory flat on a long chain
    if highest > last_seq:
        return _fail(
            count,
            last_seq + 1,
            Failure.TRUNCATED,
            f"events after {last_seq} were removed: the checkpoint of {highest_at} saw {highest}",
        )
    head = session.get(AuditHead, 1)
    if head is not None and (head.seq != last_seq or head.hash != prev):
        return _fail(
            count, last_seq + 1, Failure.TRUNCATED, f"events after {last_seq} were removed: the head names {head.seq}"
        )
    if forged is not None:
        return _fail(count, None, Failure.BAD_CHECKPOINT, f"checkpoint line {forged} does not carry a valid signature")
    return ChainReport(True, count, head_seq=last_seq, head_mac=prev, head_key_id=last_key)


def head_event(session: Session) -> AuditEvent | None:
    """The newest event, if its MAC checks out under a key of this hub (what a periodic checkpoint may record)."""
    keys = keyring_of(session)
    head = session.get(AuditHead, 1)
    if keys is None or head is None or head.seq == 0:
        return None
    event = session.get(AuditEvent, head.seq)
    if event is None or event.key_id is None or event.hash != head.hash or not keys.has(event.key_id):
        return None
    return event if hmac.compare_digest(event_mac(keys, event.key_id, event), event.hash) else None


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
