"""Logins, tokens, rate limits, booth enrollment and who may see what."""

from __future__ import annotations

from datetime import timedelta

from kiosk.server.models import AuditEvent
from kiosk.server.security import hash_password
from tests.server.conftest import Kit


def test_login_returns_an_expiring_token_that_authenticates(kit: Kit) -> None:
    response = kit.post("/auth/login", json={"username": "cso1", "password": "cso1-demo"})
    assert response.status_code == 200
    body = response.json()
    assert body["token"].startswith("u_")
    assert body["user"] == {
        "id": body["user"]["id"],
        "username": "cso1",
        "display_name": "Rina Wulandari",
        "role": "cso",
        "branch_code": "KDR",
        "console_cap": None,
    }
    me = kit.client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.json()["role"] == "cso"


def test_wrong_password_is_401_json(kit: Kit) -> None:
    response = kit.post("/auth/login", json={"username": "cso1", "password": "nope"})
    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_failed_logins_are_rate_limited_per_user_and_address(kit: Kit) -> None:
    for _ in range(kit.settings.server.login_attempts_per_minute):
        assert kit.post("/auth/login", json={"username": "cso2", "password": "x"}).status_code == 401
    limited = kit.post("/auth/login", json={"username": "cso2", "password": "cso2-demo"})
    assert limited.status_code == 429
    assert limited.json()["error"] == "too_many_attempts"
    assert int(limited.headers["Retry-After"]) >= 1
    # Another user from the same address is not affected.
    assert kit.post("/auth/login", json={"username": "cso1", "password": "cso1-demo"}).status_code == 200


def test_missing_unknown_and_expired_tokens_are_401(kit: Kit) -> None:
    assert kit.client.get("/api/v1/auth/me").status_code == 401
    bad = kit.client.get("/api/v1/auth/me", headers={"Authorization": "Bearer u_nope"})
    assert bad.status_code == 401 and bad.json()["error"] == "unauthorized"
    expired = kit.token("cso1", ttl_s=-1)
    assert kit.client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {expired}"}).status_code == 401


def test_logout_revokes_the_token(kit: Kit) -> None:
    headers = kit.auth("cso1")
    assert kit.client.post("/api/v1/auth/logout", headers=headers).status_code == 204
    assert kit.client.get("/api/v1/auth/me", headers=headers).status_code == 401


def test_enrollment_code_is_one_time(kit: Kit) -> None:
    code = kit.post("/booths/enrollment-codes", "admin", json={"branch_code": "KDR", "booth_number": 4})
    assert code.status_code == 201
    enrolled = kit.post("/booths/enroll", json={"code": code.json()["code"].lower().replace("-", "")})
    assert enrolled.status_code == 200
    body = enrolled.json()
    assert body["booth_number"] == 4 and body["branch_code"] == "KDR" and body["device_token"].startswith("b_")
    me = kit.client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {body['device_token']}"})
    assert me.json()["role"] == "booth"
    again = kit.post("/booths/enroll", json={"code": code.json()["code"]})
    assert again.status_code == 409 and again.json()["error"] == "code_used"


def test_reenrolling_a_booth_invalidates_its_old_token(kit: Kit) -> None:
    tokens = []
    for _ in range(2):
        code = kit.post("/booths/enrollment-codes", "admin", json={"branch_code": "KDR", "booth_number": 5}).json()
        tokens.append(kit.post("/booths/enroll", json={"code": code["code"]}).json()["device_token"])
    assert kit.client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {tokens[0]}"}).status_code == 401
    assert kit.client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {tokens[1]}"}).status_code == 200


def test_expired_and_unknown_enrollment_codes_are_refused(kit: Kit) -> None:
    from kiosk.server.models import EnrollmentCode

    code = kit.post("/booths/enrollment-codes", "admin", json={"branch_code": "KDR", "booth_number": 6}).json()
    with kit.db.session() as session:
        for row in session.query(EnrollmentCode).all():
            row.expires_at = row.created_at - timedelta(seconds=1)
    expired = kit.post("/booths/enroll", json={"code": code["code"]})
    assert expired.status_code == 409 and expired.json()["error"] == "code_expired"
    assert kit.post("/booths/enroll", json={"code": "AAAA-BBBB"}).status_code == 404
    assert kit.post("/booths/enroll", json={"code": "not a code!"}).status_code == 422


def test_only_admins_create_enrollment_codes_and_users(kit: Kit) -> None:
    for who in ("cso1", "supervisor", 1):
        response = kit.post("/booths/enrollment-codes", who, json={"branch_code": "KDR", "booth_number": 2})
        assert response.status_code == 403, who
        assert response.json()["error"] == "forbidden"
    user = {"username": "cso9", "display_name": "Dian", "role": "cso", "branch_code": "KDR", "password": "pw-123456"}
    assert kit.post("/users", "supervisor", json=user).status_code == 403
    created = kit.post("/users", "admin", json=user)
    assert created.status_code == 201 and created.json()["role"] == "cso"
    assert kit.post("/users", "admin", json=user).status_code == 409
    login = kit.post("/auth/login", json={"username": "cso9", "password": "pw-123456"})
    assert login.status_code == 200


def test_locked_account_is_403_account_locked_only_with_the_right_password(kit: Kit) -> None:
    from kiosk.server.models import User

    with kit.db.session() as session:
        session.add(
            User(
                username="gone",
                display_name="Gone",
                role="cso",
                branch_id=1,
                password_hash=hash_password("pw"),
                active=False,
                created_at=__import__("datetime").datetime.now(__import__("datetime").UTC),
            )
        )
    locked = kit.post("/auth/login", json={"username": "gone", "password": "pw"})
    assert locked.status_code == 403 and locked.json()["error"] == "account_locked"
    # A wrong password learns nothing about the account's state.
    wrong = kit.post("/auth/login", json={"username": "gone", "password": "nope"})
    assert wrong.status_code == 401 and wrong.json()["error"] == "unauthorized"
    with kit.db.session() as session:
        events = session.query(AuditEvent).filter(AuditEvent.action.like("auth.login%")).order_by(AuditEvent.seq)
        actions = [e.action for e in events]
    assert actions[-2:] == ["auth.login_locked", "auth.login_failed"]


def test_booth_health_is_for_admins_and_supervisors(kit: Kit) -> None:
    listed = kit.get("/booths", "supervisor")
    assert listed.status_code == 200
    assert [b["number"] for b in listed.json()] == list(range(1, 11))
    assert kit.get("/booths?branch_code=KDR", "admin").status_code == 200
    assert kit.get("/booths", "cso1").status_code == 403
    assert kit.get("/booths", 1).status_code == 403


def test_a_password_of_spaces_is_a_wrong_password_not_a_malformed_request(kit: Kit) -> None:
    """The schema allows any non-empty password; spaces are part of it (never stripped), so "   " is checked and
    refused as wrong (401), and " cso1-demo" is not "cso1-demo"."""
    assert kit.post("/auth/login", json={"username": "cso1", "password": "   "}).status_code == 401
    assert kit.post("/auth/login", json={"username": "cso1", "password": " cso1-demo"}).status_code == 401
    assert kit.post("/auth/login", json={"username": " cso1 ", "password": "cso1-demo"}).status_code == 200
