"""One `HubError` for every failed hub call: its kind follows from the status and the code."""

from __future__ import annotations

import pytest

from kiosk.client.errors import HubError, HubErrorKind, error_kind


@pytest.mark.parametrize(
    ("status", "code", "kind"),
    [
        (400, "query_required", HubErrorKind.INVALID),
        (401, "unauthorized", HubErrorKind.UNAUTHORIZED),
        (403, "account_locked", HubErrorKind.LOCKED),
        (403, "forbidden", HubErrorKind.FORBIDDEN),
        (404, "not_found", HubErrorKind.NOT_FOUND),
        (409, "invalid_transition", HubErrorKind.CONFLICT),
        (413, "too_large", HubErrorKind.INVALID),
        (422, "invalid_nik", HubErrorKind.INVALID),
        (429, "too_many_attempts", HubErrorKind.RATE_LIMITED),
        (503, "database_unavailable", HubErrorKind.UNREACHABLE),
    ],
)
def test_the_kind_follows_from_status_and_code(status: int, code: str, kind: HubErrorKind) -> None:
    assert error_kind(status, code) is kind
    assert HubError(status, code, "text").kind is kind


def test_retry_after_and_explicit_kinds() -> None:
    assert HubError(429, "too_many_attempts", details={"retry_after_s": "42"}).retry_after_s == 42.0
    assert HubError(429, "too_many_attempts", details={"retry_after_s": "soon"}).retry_after_s is None
    assert HubError(409, "booth_busy").retry_after_s is None
    unreachable = HubError.unreachable("cannot reach the hub")
    assert unreachable.kind is HubErrorKind.UNREACHABLE and unreachable.message == "cannot reach the hub"
    assert HubError(404, "http_error", kind=HubErrorKind.UNSUPPORTED).kind is HubErrorKind.UNSUPPORTED
