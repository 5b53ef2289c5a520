"""Errors of the hub client: the hub said no (`HubError`), or the hub could not be reached (`HubUnreachable`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class HubClientError(Exception):
    """Base of the hub client's errors (catch this to handle both kinds)."""


class HubError(HubClientError):
    """The hub answered with an error: HTTP `status`, stable `code` and a human `message`.

    `details` holds the other fields of the error body, e.g. ``findings`` of a refused claim or ``resets_at`` of
    a full walk-in quota.
    """

    def __init__(self, status: int, code: str, message: str, details: Mapping[str, Any] | None = None) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.details: dict[str, Any] = dict(details or {})


class HubUnreachable(HubClientError):
    """No answer: connection refused, DNS, TLS or a timeout. Worth retrying; the request may not have arrived."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
