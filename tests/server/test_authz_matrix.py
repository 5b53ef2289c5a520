"""The authorisation matrix (tests/server/authz_matrix.py) against the hub: every endpoint of the served schema,
every role, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import Engine
from starlette.websockets import WebSocketDisconnect

from kiosk.server.app import create_app
from kiosk.server.db import Database
from kiosk.server.models import VisitSession
from kiosk.server.repositories import users
from tests.server.api.test_branch_walls import add_other_branch
from tests.server.api.test_claims import _case, _claim
from tests.server.api.test_visits import _booking, _today
from tests.server.authz_matrix import MATRIX, ROLES, Row
from tests.server.conftest import Kit, make_settings

MKV = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01" + b"matroska" + bytes(range(256)) * 8


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(out, "JPEG")
    return out.getvalue()


@dataclass
class World:
    """The hub under test, the tokens of each role and the world's ids (see the matrix's docstring)."""

    kit: Kit
    db: Database
    connection: Any
    headers: dict[str, dict[str, str]]
    values: dict[str, Any]


@pytest.fixture
def world(hub_engine: Engine, tmp_path: Path) -> Iterator[World]:
    connection = hub_engine.connect()
    transaction = connection.begin()
    db = Database.bound_to(connection)
    settings = make_settings(tmp_path / "hub")
    try:
        with TestClient(create_app(settings, database=db)) as client:
            kit = Kit(client, db, settings)
            add_other_branch(db)
            session_id = kit.walk_in(1)["id"]
            with db.session() as session:
                visit = session.get(VisitSession, session_id)
                assert visit is not None
                visit.assigned_user_id = users.user_by_username(session, "cso1").id  # type: ignore[union-attr]
            image = _jpeg()
            document = kit.post(
                f"/sessions/{session_id}/documents",
                1,
                files={"file": ("ektp.jpg", image, "image/jpeg")},
                data={"document_type": "ektp"},
            )
            assert document.status_code == 201, document.text
            claim = kit.post("/claims", "cso1", json=_claim(), headers={"Idempotency-Key": "world"})
            assert claim.status_code == 201, claim.text
            code = kit.post("/booths/enrollment-codes", "admin", json={"branch_code": "KDR", "booth_number": 7})
            tokens = {
                "booth": 1,
                "cso": "cso1",
                "supervisor": "supervisor",
                "admin": "admin",
                "other_cso": "sby_cso",
                "other_sup": "sby_sup",
            }
            headers = {"anonymous": {}} | {role: kit.auth(who) for role, who in tokens.items()}
            values = {
                "session_id": session_id,
                "document_id": document.json()["id"],
                "reference": claim.json()["reference"],
                "enrollment_code": code.json()["code"],
                "booking": _booking(_today() + timedelta(days=1)),
                "claim": _claim(),
                "kpj": _case("jht_layoff_eligible").kpj,
                "image": {"file": ("ektp.jpg", image, "image/jpeg")},
                "recording": {"file": ("call.mkv", MKV, "video/x-matroska")},
            }
            yield World(kit, db, connection, headers, values)
    finally:
        db.close()
        transaction.rollback()
        connection.close()


def _fill(value: Any, values: dict[str, Any]) -> Any:
    """`value` with each ``"{name}"`` replaced by the world's value of that name."""
    if isinstance(value, str):
        match = re.fullmatch(r"\{(\w+)\}", value)
        return values[match.group(1)] if match else value
    if isinstance(value, dict):
        return {k: _fill(v, values) for k, v in value.items()}
    return value


def _websocket(world: World, role: str) -> int | str:
    """``welcome`` if the hub answers a hello, else the close code of its refusal."""
    hello_role = "booth" if role == "booth" else "console"
    with world.kit.client.websocket_connect("/api/v1/ws", headers=world.headers[role]) as ws:
        ws.send_json({"v": 1, "type": "hello", "payload": {"role": hello_role}})
        try:
            for _ in range(10):
                if ws.receive_json()["type"] == "welcome":
                    return "welcome"
            return "no welcome"
        except WebSocketDisconnect as closed:
            return closed.code


def _call(world: World, row: Row, role: str) -> int | str:
    if row.method == "WS":
        return _websocket(world, role)
    path = row.path.format(**{**world.values, **row.values})
    request = _fill(dict(row.request), world.values)
    headers = {**world.headers[role], **request.pop("headers", {})}
    response = world.kit.client.request(row.method, path, headers=headers, **request)
    return response.status_code


def _in_savepoint(world: World, row: Row, role: str) -> int | str:
    """Call as `role`, then undo whatever it changed. The database's lock keeps the app's threads off the
    connection while the savepoint begins and ends (the test binds the app to this one connection)."""
    with world.db._lock:
        savepoint = world.connection.begin_nested()
    try:
        return _call(world, row, role)
    finally:
        with world.db._lock:
            savepoint.rollback()


def test_every_endpoint_of_the_schema_is_in_the_matrix(world: World) -> None:
    schema = world.kit.client.get("/openapi.json").json()
    served = {f"{method.upper()} {path}" for path, ops in schema["paths"].items() for method in ops}
    listed = {row.endpoint for row in MATRIX if row.method != "WS"}
    assert served - listed == set(), "endpoints without a row in tests/server/authz_matrix.py"
    assert listed - served == set(), "rows of endpoints the hub does not serve"


def test_every_role_gets_the_expected_status_everywhere(world: World) -> None:
    mismatches = []
    for row in MATRIX:
        assert len(row.expected) == len(ROLES), row.endpoint
        for role, expected in zip(ROLES, row.expected, strict=True):
            got = _in_savepoint(world, row, role)
            if got != expected:
                mismatches.append(f"{row.endpoint:<55} {role:<11} expected {expected}, got {got}")
    assert not mismatches, "\n" + "\n".join(mismatches)
