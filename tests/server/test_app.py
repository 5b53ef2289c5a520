"""App-level behaviour: health, metrics, OpenAPI, and the JSON shape of every kind of error."""

from __future__ import annotations

from tests.server.conftest import Kit


def test_healthz_metrics_and_openapi(kit: Kit) -> None:
    health = kit.client.get("/healthz").json()
    assert health["status"] == "ok" and health["database"] == "ok" and health["backend"] in {"sqlite", "postgresql"}
    kit.get("/auth/me", "cso1")
    metrics = kit.client.get("/metrics").text
    assert 'kiosk_http_requests_total{method="GET",route="/api/v1/auth/me",status="200"}' in metrics
    schema = kit.client.get("/openapi.json").json()
    assert "/api/v1/claims" in schema["paths"] and "bearer" in schema["components"]["securitySchemes"]


def test_errors_are_json_with_code_and_message(kit: Kit) -> None:
    for response, status, code in (
        (kit.client.get("/api/v1/nothing-here"), 404, "not_found"),
        (kit.client.delete("/api/v1/auth/login"), 405, "method_not_allowed"),
        (
            kit.client.post("/api/v1/auth/login", content=b"{", headers={"Content-Type": "application/json"}),
            422,
            "invalid_request",
        ),
        (kit.client.post("/api/v1/auth/login", json={"username": "x"}), 422, "invalid_request"),
        (kit.get("/sessions/s-unknown", "supervisor"), 404, "not_found"),
    ):
        assert response.status_code == status
        body = response.json()
        assert body["error"] == code and isinstance(body["message"], str) and body["message"]


def test_logs_carry_no_personal_data(kit: Kit, caplog: object) -> None:
    import logging

    assert isinstance(caplog, __import__("pytest").LogCaptureFixture)
    with caplog.at_level(logging.DEBUG):
        kit.get("/participants?nik=3571011705880001", "cso1")
        kit.post("/auth/login", json={"username": "cso1", "password": "wrong"})
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith(("kiosk", "uvicorn")))
    assert "3571011705880001" not in ours and "Budi" not in ours
