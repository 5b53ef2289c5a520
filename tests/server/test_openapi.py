"""The OpenAPI schema the hub serves declares what the hub answers: every error status a route can give, with
the `ErrorBody` model, and a 405 names every method of the path (schemathesis found each of these; see
tests/server/test_schemathesis.py for the full run)."""

from __future__ import annotations

from typing import Any

from tests.server.conftest import Kit

ERROR_BODY = "#/components/schemas/ErrorBody"


def _responses(schema: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    return dict(schema["paths"][f"/api/v1{path}"][method]["responses"])


def _error_schema(response: dict[str, Any]) -> str | None:
    ref = response.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref")
    return str(ref) if ref is not None else None


def test_statuses_the_hub_returns_are_declared_with_the_error_body(kit: Kit) -> None:
    schema = kit.client.get("/openapi.json").json()
    for method, path, status in (
        ("post", "/booths/enroll", "429"),  # too many unknown codes from one address
        ("post", "/users", "409"),  # username_taken
        ("get", "/documents/{document_id}/content", "410"),  # purged after retention
        ("post", "/sessions/{session_id}/recording", "415"),
    ):
        responses = _responses(schema, method, path)
        assert status in responses, f"{method.upper()} {path} lacks {status}"
        assert _error_schema(responses[status]) == ERROR_BODY
    assert "Retry-After" in _responses(schema, "post", "/booths/enroll")["429"]["headers"]
    # Any route may meet a body over the size limit or a busy database.
    for path, methods in schema["paths"].items():
        if path.startswith("/api/v1"):
            for method, operation in methods.items():
                for status in ("413", "503"):
                    assert _error_schema(operation["responses"].get(status, {})) == ERROR_BODY, (method, path, status)


def test_a_replayed_claim_and_recording_are_described_by_their_model(kit: Kit) -> None:
    schema = kit.client.get("/openapi.json").json()
    for path, model in (("/claims", "ClaimPublic"), ("/sessions/{session_id}/recording", "RecordingPublic")):
        replay = _responses(schema, "post", path)["200"]
        assert _error_schema(replay) == f"#/components/schemas/{model}"


def test_method_not_allowed_names_every_method_of_the_path(kit: Kit) -> None:
    # GET (list) and POST (upload) of /sessions/{id}/documents are two routes; the 405 must name both.
    response = kit.client.delete("/api/v1/sessions/s-1/documents")
    assert response.status_code == 405 and response.json()["error"] == "method_not_allowed"
    allowed = {m.strip() for m in response.headers["allow"].split(",")}
    assert {"GET", "POST"} <= allowed
