"""No input gives a 500 (issue 16): control characters refused with 422 in bodies, paths and query strings on
both backends (PostgreSQL refused NUL with a DataError that was a 500), a token whose user was deleted is 401."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select, text
from sqlalchemy.exc import DataError

from kiosk.server.errors import install_error_handlers
from kiosk.server.models import User
from tests.server.conftest import Kit

NUL = "\x00"


def _refused(response: object) -> None:
    assert getattr(response, "status_code") == 422, getattr(response, "text")  # noqa: B009
    assert getattr(response, "json")()["error"] == "invalid_request"  # noqa: B009


@pytest.mark.parametrize("field", ["username", "display_name"])
def test_nul_in_a_new_users_names_is_422(kit: Kit, field: str) -> None:
    body = {"username": "cso9", "display_name": "Dian", "role": "cso", "branch_code": "KDR", "password": "x" * 12}
    body[field] = f"a{NUL}b" if field == "display_name" else f"cso{NUL}9"
    _refused(kit.post("/users", "admin", json=body))


def test_nul_and_control_characters_in_bodies_are_422(kit: Kit) -> None:
    _refused(kit.post("/auth/login", json={"username": f"cso1{NUL}", "password": "cso1-demo"}))
    _refused(kit.post("/auth/login", json={"username": "cso1\x1b[31m", "password": "cso1-demo"}))
    _refused(kit.post("/checkins", 1, json={"booking_code": f"KDR-{NUL}"}))
    session = kit.walk_in(2)
    _refused(kit.put(f"/sessions/{session['id']}/intake", 2, json={"phone": f"0812{NUL}"}))
    _refused(kit.post(f"/sessions/{session['id']}/state", 2, json={"state": "abandoned", "reason": f"x{NUL}"}))
    _refused(kit.post("/claims", "cso1", json={"session_id": f"s-{NUL}"}, headers={"Idempotency-Key": "k" * 16}))


@pytest.mark.parametrize(
    ("path", "who"),
    [
        ("/sessions/s-%00", "cso1"),
        ("/sessions/s-%00/documents", "cso1"),
        ("/claims/JHT-KDR-%00", "cso1"),
        ("/bookings/KDR-%00", "cso1"),
        ("/branches/KD%00", "cso1"),
        ("/audit/events?subject_id=%00", "supervisor"),
        ("/booths?branch_code=KD%00R", "admin"),
        ("/participants?kpj=1%002", "cso1"),
    ],
)
def test_nul_in_paths_and_query_strings_is_422(kit: Kit, path: str, who: str) -> None:
    _refused(kit.get(path, who))


def test_a_token_whose_user_was_deleted_is_401(kit: Kit) -> None:
    headers = kit.auth("cso2")
    with kit.db.session() as session:
        user_id = session.execute(select(User.id).where(User.username == "cso2")).scalar_one()
        # Deleted as an operator's shell would, foreign keys unchecked (the test's transaction is rolled back).
        if session.bind is not None and session.bind.dialect.name == "postgresql":
            session.execute(text("SET LOCAL session_replication_role = replica"))
        else:
            session.execute(text("PRAGMA defer_foreign_keys = ON"))
        session.execute(text("DELETE FROM users WHERE id = :id"), {"id": user_id})
    response = kit.client.get("/api/v1/auth/me", headers=headers)
    assert response.status_code == 401, response.text
    assert response.json()["error"] == "unauthorized"


def test_a_value_the_database_refuses_is_422_not_500() -> None:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/refused")
    def refused() -> None:
        raise DataError("INSERT ...", {}, ValueError("PostgreSQL text fields cannot contain NUL (0x00) bytes"))

    response = TestClient(app).get("/refused")
    assert response.status_code == 422
    assert response.json()["error"] == "invalid_request"
