"""The audit chain is keyed: someone with write access to the database but not to the key folder can neither
rewrite events (recomputing the plain hashes) nor cut the tail, and a wrong key is noticed; rotated keys verify."""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import stat
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import text

from kiosk.server.context import utc_now
from kiosk.server.services.audit import rotate_key
from tests.server.api.test_audit import _drop_guard
from tests.server.conftest import Kit


def _plain_hash(row: Any, prev: str) -> str:
    """What an attacker computes: the chain's documented plain SHA-256 over the event's fields."""
    at = row.at if isinstance(row.at, datetime) else datetime.fromisoformat(str(row.at))
    if at.tzinfo is None:  # SQLite hands the stored UTC time back naive through raw SQL
        at = at.replace(tzinfo=UTC)
    fields = [str(row.seq), at.isoformat(), row.actor, row.action, row.subject_type, row.subject_id, row.details, prev]
    return hashlib.sha256("\x1f".join(fields).encode("utf-8")).hexdigest()


def _rewrite_from(kit: Kit, first: int, *, details: str | None = None, drop_key_ids: bool = False) -> None:
    """Change event `first` (its details) and recompute every hash after it and the head, as an attacker would."""
    _drop_guard(kit)
    with kit.db.session() as session:
        if details is not None:
            session.execute(text("UPDATE audit_events SET details = :d WHERE seq = :s"), {"d": details, "s": first})
        rows = session.execute(text("SELECT * FROM audit_events WHERE seq >= :s ORDER BY seq"), {"s": first}).all()
        prev = session.execute(text("SELECT hash FROM audit_events WHERE seq = :s"), {"s": first - 1}).scalar()
        prev = prev or "0" * 64
        for row in rows:
            digest = _plain_hash(row, prev)
            update = "UPDATE audit_events SET prev_hash = :p, hash = :h" + (", key_id = NULL" if drop_key_ids else "")
            session.execute(text(update + " WHERE seq = :s"), {"p": prev, "h": digest, "s": row.seq})
            prev = digest
        session.execute(text("UPDATE audit_head SET hash = :h WHERE id = 1"), {"h": prev})


def _activity(kit: Kit, booths: tuple[int, ...] = (1, 2, 3)) -> int:
    for booth in booths:
        kit.walk_in(booth)
    report = kit.get("/audit/verify", "admin").json()
    assert report["ok"] is True, report
    return int(report["events"])


def test_editing_an_event_and_recomputing_the_plain_hashes_is_found(kit: Kit) -> None:
    total = _activity(kit)
    kit.walk_in(4)
    target = total - 1
    _rewrite_from(kit, target, details='{"kind":"walk_in","booking":"KDR-FORGED"}')
    report = kit.get("/audit/verify", "admin").json()
    assert report["ok"] is False
    assert (report["first_broken_seq"], report["kind"]) == (target, "mac_mismatch")


def test_recomputing_the_whole_chain_without_keys_is_found(kit: Kit) -> None:
    """Dropping the key ids and recomputing plain hashes from the first keyed event: the checkpoints disagree."""
    _activity(kit)
    with kit.db.session() as session:
        first_keyed = session.execute(text("SELECT MIN(seq) FROM audit_events WHERE key_id IS NOT NULL")).scalar()
    _rewrite_from(kit, int(first_keyed), drop_key_ids=True)
    report = kit.get("/audit/verify", "admin").json()
    assert report["ok"] is False
    assert (report["first_broken_seq"], report["kind"]) == (first_keyed, "checkpoint_mismatch")


def test_old_unkeyed_events_are_anchored_by_the_first_key(kit: Kit) -> None:
    """The seeded events predate the key; rewriting them and every plain hash up to the first keyed event still
    breaks that event's MAC (it covers the last unkeyed hash)."""
    _activity(kit, (1,))
    with kit.db.session() as session:
        first_keyed = int(session.execute(text("SELECT MIN(seq) FROM audit_events WHERE key_id IS NOT NULL")).scalar())
    assert first_keyed > 1  # the demo seed wrote unkeyed events before this hub had a key
    _drop_guard(kit)
    with kit.db.session() as session:
        session.execute(text("UPDATE audit_events SET actor = 'someone' WHERE seq = 1"))
        prev = "0" * 64
        for row in session.execute(text("SELECT * FROM audit_events WHERE seq < :s ORDER BY seq"), {"s": first_keyed}):
            digest = _plain_hash(row, prev)
            session.execute(
                text("UPDATE audit_events SET prev_hash = :p, hash = :h WHERE seq = :s"),
                {"p": prev, "h": digest, "s": row.seq},
            )
            prev = digest
        session.execute(text("UPDATE audit_events SET prev_hash = :p WHERE seq = :s"), {"p": prev, "s": first_keyed})
    report = kit.get("/audit/verify", "admin").json()
    assert report["ok"] is False
    assert (report["first_broken_seq"], report["kind"]) == (first_keyed, "mac_mismatch")


def test_cutting_the_tail_and_moving_the_head_back_is_found(kit: Kit) -> None:
    total = _activity(kit)  # the verification checkpointed event `total`
    keep = total - 2
    _drop_guard(kit)
    with kit.db.session() as session:
        session.execute(text("DELETE FROM audit_events WHERE seq > :s"), {"s": keep})
        head = session.execute(text("SELECT hash FROM audit_events WHERE seq = :s"), {"s": keep}).scalar()
        session.execute(text("UPDATE audit_head SET seq = :s, hash = :h WHERE id = 1"), {"s": keep, "h": head})
    report = kit.get("/audit/verify", "admin").json()
    assert report["ok"] is False
    assert (report["first_broken_seq"], report["kind"]) == (keep + 1, "truncated")
    # New events appended after the cut (the hub carries on) do not hide it either.
    kit.walk_in(5)
    later = kit.get("/audit/verify", "admin").json()
    assert later["ok"] is False and later["kind"] in {"checkpoint_mismatch", "truncated"}


def test_a_wrong_key_fails(kit: Kit) -> None:
    _activity(kit, (1,))
    path = kit.settings.audit_key_file()
    key_id = path.read_text().split()[0]
    forged = base64.b64encode(os.urandom(32)).decode()
    path.write_text(f"{key_id} {forged} 2026-11-30T00:00:00+00:00\n")
    report = kit.get("/audit/verify", "admin").json()
    assert report["ok"] is False and report["kind"] == "mac_mismatch"
    path.write_text(f"k9-000000 {forged} 2026-11-30T00:00:00+00:00\n")
    other = kit.get("/audit/verify", "admin").json()
    assert other["ok"] is False and other["kind"] == "unknown_key"


def test_after_rotation_old_and_new_events_verify(kit: Kit, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    _activity(kit, (1, 2))
    old_id = kit.settings.audit_key_file().read_text().split()[0]
    new_id = rotate_key(kit.db, kit.settings, utc_now())
    kit.walk_in(3)
    report = kit.get("/audit/verify", "admin").json()
    assert report["ok"] is True, report
    with kit.db.session() as session:
        used = {
            r[0] for r in session.execute(text("SELECT DISTINCT key_id FROM audit_events WHERE key_id IS NOT NULL"))
        }
    assert used == {old_id, new_id}
    events = kit.get("/audit/events?limit=1000", "admin").json()
    assert events[-1]["action"] == "session.checked_in"
    assert any(e["action"] == "audit.key_started" and e["subject_id"] == new_id for e in events)
    # Kept private and out of the logs.
    path = kit.settings.audit_key_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    for line in path.read_text().splitlines():
        assert line.split()[1] not in caplog.text
