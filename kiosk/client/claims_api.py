"""The claims backend as the outbox sees it: one blocking POST per attempt, its answer classified.

`claims_api_url` is the hub's own claims API by default, or any compatible backend. The contract the console
relies on (docs/protocol.md, "Claims"):

    POST {base}/api/v1/claims
    Authorization: Bearer <officer token>
    Idempotency-Key: <key chosen once per claim>
    body: the claim (JSON)

    201 / 200  {"reference": "...", ...}     stored, or already stored under this key (same reference)
    4xx        {"error": code, "message": text}
    5xx, 429   try again later (Retry-After honoured)

How an answer becomes an outbox result:

- 2xx -> `Delivered` with the reference;
- 401 -> `Retry`: the officer's login expired, the claim itself was not judged; it goes when they log in again;
- 408, 425, 429, 5xx, timeouts, refused connections -> `Retry`;
- any other 4xx -> `Refused` with the server's code and message: retrying the same request cannot help.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

import requests

from kiosk.client.outbox import Delivered, DeliveryResult, Refused, Retry

log = logging.getLogger(__name__)

CLAIMS_PATH = "/api/v1/claims"
COLLECTIVE_ROWS_PATH = "/api/v1/collective/rows"
#: 4xx statuses that say "not now" rather than "not this claim".
_RETRYABLE_4XX = frozenset({401, 408, 425, 429})


class ClaimsApi:
    """Sends claims to the claims backend; an instance is the outbox's `Sender`."""

    def __init__(
        self,
        base_url: str,
        token: Callable[[], str | None],
        *,
        timeout: tuple[float, float] = (3.05, 15.0),
        session: requests.Session | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._token = token
        self._timeout = timeout
        self._http = session or requests.Session()

    def __call__(self, key: str, payload: Mapping[str, Any]) -> DeliveryResult:
        """Submit one claim with its idempotency key and classify the answer."""
        token = self._token()
        if not token:
            return Retry("not logged in")
        path, body = self.target(payload)
        try:
            response = self._http.post(
                self.base_url + path,
                json=body,
                headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key},
                timeout=self._timeout,
            )
        except requests.Timeout:
            return Retry("timeout")
        except requests.ConnectionError:
            return Retry("backend unreachable")
        except requests.RequestException as exc:
            return Retry(f"request failed: {type(exc).__name__}")
        return classify(response.status_code, _json(response), response.headers.get("Retry-After"))

    def target(self, payload: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        """Where an entry goes and the JSON it sends: the claim itself, to the claims API."""
        return CLAIMS_PATH, dict(payload)


class CollectiveRowClaims(ClaimsApi):
    """Submits a collective row's claim (``POST /api/v1/collective/rows/{id}/claim``); the outbox's `Sender` of
    the console's collective queue.

    The payload is only ``{"row_id": n}``: the hub builds the claim from the row it holds, under the row's own
    idempotency key, so a repeat (a lost answer, a console restarted mid-batch, a second officer) answers the
    claim already made. The outbox's key still goes in the header, which the hub ignores for this route.
    Answers are classified as for any claim: 409 ``not_confirmed``/``not_approved`` and 422 ``claim_ineligible``
    are refusals an officer must look at; 5xx, timeouts and 401 are tried again.
    """

    def target(self, payload: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        """The row's claim route, with an empty body."""
        return f"{COLLECTIVE_ROWS_PATH}/{int(payload['row_id'])}/claim", {}


def classify(status: int, body: Mapping[str, Any], retry_after: str | None = None) -> DeliveryResult:
    """Turn an HTTP answer into `Delivered`, `Refused` or `Retry` (see the module docstring)."""
    if 200 <= status < 300:
        reference = body.get("reference") or body.get("claim_reference")
        if not isinstance(reference, str) or not reference:
            # Stored but no reference to show: asking again with the same key gets the same answer.
            return Retry("accepted without a reference")
        return Delivered(reference)
    wait = _seconds(retry_after)
    if status == 401:
        return Retry("login expired", wait)
    if status in _RETRYABLE_4XX or status >= 500:
        return Retry(f"HTTP {status}", wait)
    code = str(body.get("error") or f"http_{status}")
    message = str(body.get("message") or body.get("detail") or f"HTTP {status}")
    return Refused(status, code, message)


def _json(response: requests.Response) -> Mapping[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _seconds(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # an HTTP date; the backoff is a fine substitute
