"""Branch walls: staff of one branch neither read nor change another branch's audit events, bookings, sessions,
booths or claims (issue 16, item 4). The full role x endpoint table is tests/server/authz_matrix.py."""

from __future__ import annotations

from datetime import timedelta

from kiosk.protocol.rest import UserCreate
from kiosk.server.context import utc_now
from kiosk.server.db import Database
from kiosk.server.models import Branch
from kiosk.server.repositories import users
from kiosk.server.repositories.branches import add_branch
from tests.server.api.test_visits import _booking, _today
from tests.server.conftest import Kit
from tests.support.hub import fast_password_hash


def add_other_branch(db: Database, code: str = "SBY") -> None:
    """A second branch with its own officer (``sby_cso``) and supervisor (``sby_sup``), for code ``SBY``."""
    with db.session() as session:
        add_branch(
            session,
            Branch(
                code=code,
                name="Surabaya",
                timezone="Asia/Jakarta",
                walk_in_daily=60,
                online_daily=87,
                service_start="08:00",
                service_end="15:00",
                slot_minutes=30,
                slot_capacity=7,
            ),
        )
        for role, suffix in (("cso", "cso"), ("supervisor", "sup")):
            body = UserCreate(
                username=f"{code.lower()}_{suffix}",
                display_name=f"{code} {role}",
                role=role,
                branch_code=code,
                password="pw-123456",
            )
            users.create_user(
                session=session, user_create=body, password_hash=fast_password_hash("x"), now=utc_now(), actor="cli"
            )


def _events(kit: Kit, who: str) -> list[dict[str, object]]:
    response = kit.get("/audit/events?limit=1000", who)
    assert response.status_code == 200
    return list(response.json())


def test_a_supervisor_reads_only_its_own_branch_audit_events(kit: Kit) -> None:
    add_other_branch(kit.db)
    session_id = kit.walk_in(1)["id"]
    assert kit.post("/auth/login", json={"username": "cso1", "password": "wrong"}).status_code == 401
    assert kit.post("/auth/login", json={"username": "sby_cso", "password": "wrong"}).status_code == 401
    assert kit.post("/auth/login", json={"username": "nobody", "password": "wrong"}).status_code == 401
    with kit.db.session() as session:
        ids = {name: str(users.user_by_username(session, name).id) for name in ("cso1", "sby_cso")}  # type: ignore[union-attr]

    other = _events(kit, "sby_sup")
    assert not [e for e in other if e["subject_id"] in (session_id, ids["cso1"], "unknown")], other
    assert [e["details"] for e in other if e["action"] == "auth.login_failed"] == [{"ip": "testclient"}]

    own = _events(kit, "supervisor")
    failed = {e["subject_id"] for e in own if e["action"] == "auth.login_failed"}
    assert failed == {ids["cso1"]}  # not the other branch's officer, not the unknown name
    assert any(e["subject_id"] == session_id and e["action"] == "session.checked_in" for e in own)

    everything = _events(kit, "admin")  # the admin of all branches
    assert {e["subject_id"] for e in everything if e["action"] == "auth.login_failed"} == {*ids.values(), "unknown"}


def test_an_officer_cannot_book_at_another_branch_nor_use_up_its_quota(kit: Kit) -> None:
    add_other_branch(kit.db)
    day = _today() + timedelta(days=1)
    before = kit.get("/branches/KDR", "supervisor").json()
    refused = kit.post("/bookings", "sby_cso", json=_booking(day))
    assert refused.status_code == 403 and refused.json()["error"] == "forbidden"
    assert kit.post("/bookings", "sby_sup", json=_booking(day, serial=2)).status_code == 403
    assert kit.get("/branches/KDR", "supervisor").json() == before
    assert kit.post("/bookings", "cso1", json=_booking(day, serial=3)).status_code == 201
    assert kit.post("/bookings", "admin", json=_booking(day, serial=4)).status_code == 201  # the booking portal


def test_another_branch_sees_none_of_this_branch(kit: Kit) -> None:
    add_other_branch(kit.db)
    session_id = kit.walk_in(1)["id"]
    for who in ("sby_sup", "sby_cso"):
        assert kit.get("/sessions?open_only=false", who).json() == []
        assert kit.get(f"/sessions/{session_id}", who).status_code == 404
        assert kit.get("/bookings/KDR-DEMAA2", who).status_code == 404
        assert kit.get("/booths?branch_code=KDR", who).status_code == 403
        assert kit.get("/branches/KDR", who).status_code == 403
    assert kit.post("/sessions/" + session_id + "/state", "sby_sup", json={"state": "cancelled"}).status_code == 404
