"""The audit log is append-only and hash-chained; verification names the first broken link."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.server.conftest import Kit


def test_chain_verifies_after_activity(kit: Kit) -> None:
    kit.walk_in(1)
    report = kit.get("/audit/verify", "supervisor").json()
    assert report["ok"] is True and report["events"] >= 2 and report["first_broken_seq"] is None
    assert kit.get("/audit/verify", "cso1").status_code == 403
    events = kit.get("/audit/events?limit=1000", "admin").json()
    assert events[-1]["action"] == "session.checked_in"
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))


def test_rows_cannot_be_changed(kit: Kit) -> None:
    kit.walk_in(1)
    with pytest.raises(DBAPIError, match="append-only"), kit.db.session() as session:
        session.execute(text("UPDATE audit_events SET actor = 'someone' WHERE seq = 1"))
    with pytest.raises(DBAPIError, match="append-only"), kit.db.session() as session:
        session.execute(text("DELETE FROM audit_events WHERE seq = 1"))


def _drop_guard(kit: Kit) -> None:
    with kit.db.session() as session:
        if kit.db.dialect == "sqlite":
            session.execute(text("DROP TRIGGER audit_events_no_update"))
            session.execute(text("DROP TRIGGER audit_events_no_delete"))
        else:
            session.execute(text("DROP TRIGGER audit_events_append_only ON audit_events"))


def test_tampering_is_found_at_the_first_broken_link(kit: Kit) -> None:
    for booth in (1, 2, 3):
        kit.walk_in(booth)
    total = kit.get("/audit/verify", "admin").json()["events"]
    target = total - 1
    _drop_guard(kit)  # an attacker with database access, not the app
    with kit.db.session() as session:
        session.execute(text("UPDATE audit_events SET details = '{}' WHERE seq = :seq"), {"seq": target})
    report = kit.get("/audit/verify", "admin").json()
    assert report["ok"] is False
    assert report["first_broken_seq"] == target
    assert report["kind"] == "mac_mismatch"  # the events are keyed: a change breaks the MAC


def test_removed_events_are_found(kit: Kit) -> None:
    kit.walk_in(1)
    kit.walk_in(2)
    total = kit.get("/audit/verify", "admin").json()["events"]
    _drop_guard(kit)
    with kit.db.session() as session:
        session.execute(text("DELETE FROM audit_events WHERE seq = :seq"), {"seq": total - 1})
    report = kit.get("/audit/verify", "admin").json()
    assert report["ok"] is False and report["first_broken_seq"] == total - 1
    with kit.db.session() as session:
        session.execute(text("DELETE FROM audit_events WHERE seq >= :seq"), {"seq": total - 1})
    tail = kit.get("/audit/verify", "admin").json()
    assert tail["ok"] is False and tail["first_broken_seq"] == total - 1 and "removed" in tail["problem"]
    assert tail["kind"] == "truncated"
