"""Errors of the hub client: the hub said no (`HubError`), or the hub could not be reached (`HubUnreachable`).

`HubError` is the one error type for a failed hub call, whoever makes it: the booth, setup and the demo branch on
its stable ``code``; the console reacts to its `kind` (`HubErrorKind`), derived from the status and the code.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any


class HubClientError(Exception):
    """Base of the hub client's errors (catch this to handle both kinds)."""


class HubErrorKind(enum.Enum):
    """What went wrong talking to the hub, as an app must react to it."""

    UNAUTHORIZED = "unauthorized"  # wrong password, or the token expired
    LOCKED = "locked"  # the account is disabled or locked
    RATE_LIMITED = "rate_limited"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    INVALID = "invalid"
    UNREACHABLE = "unreachable"  # connection refused, DNS, timeout, 5xx
    UNSUPPORTED = "unsupported"  # the hub has no such route (an older hub)


_KINDS_BY_STATUS = {
    400: HubErrorKind.INVALID,
    401: HubErrorKind.UNAUTHORIZED,
    403: HubErrorKind.FORBIDDEN,
    404: HubErrorKind.NOT_FOUND,
    409: HubErrorKind.CONFLICT,
    422: HubErrorKind.INVALID,
    429: HubErrorKind.RATE_LIMITED,
}
_LOCKED_CODES = frozenset({"account_locked", "account_disabled", "locked"})
#: `HubError.status` of an error that never got an HTTP answer (see `HubError.unreachable`).
NO_STATUS = 0


def error_kind(status: int, code: str) -> HubErrorKind:
    """The kind of a refusal with HTTP `status` and error `code` (a 5xx counts as unreachable: retry later)."""
    if code in _LOCKED_CODES:
        return HubErrorKind.LOCKED
    fallback = HubErrorKind.UNREACHABLE if status >= 500 or status == NO_STATUS else HubErrorKind.INVALID
    return _KINDS_BY_STATUS.get(status, fallback)


class HubError(HubClientError):
    """The hub answered with an error: HTTP `status`, stable `code` and a human `message`.

    `details` holds the other fields of the error body, e.g. ``findings`` of a refused claim or ``resets_at`` of
    a full walk-in quota. `kind` is derived from `status` and `code` unless given (an adapter may say more, e.g.
    `HubErrorKind.UNSUPPORTED` for a route an older hub lacks).
    """

    def __init__(
        self,
        status: int,
        code: str,
        message: str = "",
        details: Mapping[str, Any] | None = None,
        *,
        kind: HubErrorKind | None = None,
    ) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.details: dict[str, Any] = dict(details or {})
        self.kind = kind if kind is not None else error_kind(status, code)

    @classmethod
    def unreachable(cls, message: str) -> HubError:
        """A call that got no answer, for callers that handle every failure as a `HubError` (status 0)."""
        return cls(NO_STATUS, "unreachable", message, kind=HubErrorKind.UNREACHABLE)

    @property
    def retry_after_s(self) -> float | None:
        """Seconds to wait before trying again, when the hub says (``retry_after_s`` of a 429), else None."""
        retry = self.details.get("retry_after_s")
        try:
            return float(retry) if retry is not None else None
        except (TypeError, ValueError):
            return None


class HubUnreachable(HubClientError):
    """No answer: connection refused, DNS, TLS or a timeout. Worth retrying; the request may not have arrived."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
