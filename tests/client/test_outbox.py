"""The outbox delivers each approved claim exactly once: across outages, lost answers and restarts."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from collections.abc import Callable, Mapping
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from kiosk.client.claims_api import ClaimsApi, classify
from kiosk.client.outbox import (
    Backoff,
    Delivered,
    DeliveryResult,
    DeliveryState,
    Outbox,
    OutboxEntry,
    OutboxError,
    Refused,
    Retry,
)
from kiosk.domain.claims import add_months
from kiosk.server.db import Database
from kiosk.server.models import Claim
from kiosk.server.seed import demo_participants
from tests.support.hub import RunningHub
from tests.support.wait import wait_until

FAST = Backoff(first_s=0.01, max_s=0.05, jitter=0.0)
CLAIM = {"session_id": "s-1", "claim_type": "JHT", "reason": "resignation", "nik": "3374011501850001"}


class FakeBackend:
    """An idempotent claims backend: one claim per key, the same reference for every repeat."""

    def __init__(self) -> None:
        self.up = True
        self.lose_answers = 0  # store the claim but let the answer get lost this many times
        self.refuse: tuple[int, str, str] | None = None
        self.claims: dict[str, Mapping[str, Any]] = {}
        self.calls: list[str] = []

    def __call__(self, key: str, payload: Mapping[str, Any]) -> DeliveryResult:
        self.calls.append(key)
        if not self.up:
            return Retry("backend unreachable")
        if self.refuse is not None:
            return Refused(*self.refuse)
        self.claims.setdefault(key, dict(payload))
        if self.lose_answers:
            self.lose_answers -= 1
            return Retry("timeout")
        return Delivered(f"REF-{list(self.claims).index(key) + 1:04d}")


async def _deliver(outbox: Outbox, until: Callable[[], bool]) -> None:
    """Run the outbox worker until `until()` holds."""
    worker = asyncio.create_task(outbox.run())
    try:
        await wait_until(until)
        await outbox.wait_idle()
    finally:
        worker.cancel()
        with pytest.raises(asyncio.CancelledError):
            await worker


def test_enqueue_is_idempotent_per_session(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "outbox.sqlite3", FakeBackend())
    first = outbox.enqueue("s-1", CLAIM)
    second = outbox.enqueue("s-1", {**CLAIM, "note": "double click"})
    assert first.key == second.key
    assert first.key.startswith("claim-")
    assert len(outbox.entries()) == 1
    assert outbox.pending_count() == 1
    outbox.close()


def test_delivery_stores_reference_erases_payload_and_tells_listeners(tmp_path: Path) -> None:
    backend = FakeBackend()
    outbox = Outbox(tmp_path / "outbox.sqlite3", backend, backoff=FAST)
    seen: list[OutboxEntry] = []
    outbox.subscribe(seen.append)
    outbox.enqueue("s-1", CLAIM)

    asyncio.run(_deliver(outbox, lambda: outbox.pending_count() == 0))

    entry = outbox.get("s-1")
    assert entry is not None
    assert entry.state is DeliveryState.DELIVERED
    assert entry.reference == "REF-0001"
    assert entry.payload == {}  # the backend has the claim; no personal data kept here
    assert [e.state for e in seen] == [DeliveryState.PENDING, DeliveryState.DELIVERED]
    assert len(backend.claims) == 1
    assert "3374011501850001" not in (tmp_path / "outbox.sqlite3").read_bytes().decode("latin-1")
    outbox.close()


def test_outage_is_retried_with_backoff_then_delivered_once(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.up = False
    outbox = Outbox(tmp_path / "outbox.sqlite3", backend, backoff=FAST)
    outbox.enqueue("s-1", CLAIM)

    async def scenario() -> None:
        worker = asyncio.create_task(outbox.run())
        await wait_until(lambda: len(backend.calls) >= 3)
        entry = outbox.get("s-1")
        assert entry is not None
        assert entry.state is DeliveryState.PENDING
        assert entry.last_error == "backend unreachable"
        backend.up = True
        await wait_until(lambda: outbox.pending_count() == 0)
        worker.cancel()

    asyncio.run(scenario())
    assert len(backend.claims) == 1
    assert len(set(backend.calls)) == 1  # every attempt carried the same idempotency key


def test_lost_answer_is_repeated_with_the_same_key_and_not_doubled(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.lose_answers = 2
    outbox = Outbox(tmp_path / "outbox.sqlite3", backend, backoff=FAST)
    outbox.enqueue("s-1", CLAIM)
    asyncio.run(_deliver(outbox, lambda: outbox.pending_count() == 0))
    assert len(backend.calls) == 3
    assert len(backend.claims) == 1


def test_refusal_is_final_and_never_retried_blindly(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.refuse = (422, "npwp_required", "NPWP wajib untuk saldo ini")
    outbox = Outbox(tmp_path / "outbox.sqlite3", backend, backoff=FAST)
    outbox.enqueue("s-1", CLAIM)

    async def scenario() -> None:
        worker = asyncio.create_task(outbox.run())
        await wait_until(lambda: outbox.pending_count() == 0)
        await asyncio.sleep(0.2)  # many backoff periods: nothing more may be sent
        outbox.wake()
        await asyncio.sleep(0.1)  # woken on purpose: a refused claim must still not be sent again
        worker.cancel()

    asyncio.run(scenario())
    entry = outbox.get("s-1")
    assert entry is not None
    assert entry.state is DeliveryState.REFUSED
    assert (entry.refusal_code, entry.refusal_message) == ("npwp_required", "NPWP wajib untuk saldo ini")
    assert len(backend.calls) == 1


def test_resubmit_of_a_refused_claim_gets_a_new_key(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.refuse = (422, "invalid", "x")
    outbox = Outbox(tmp_path / "outbox.sqlite3", backend, backoff=FAST)
    first = outbox.enqueue("s-1", CLAIM)
    with pytest.raises(OutboxError):
        outbox.resubmit("s-1", CLAIM)  # still pending: not the officer's call yet
    asyncio.run(_deliver(outbox, lambda: outbox.pending_count() == 0))
    backend.refuse = None
    again = outbox.resubmit("s-1", {**CLAIM, "npwp": "123456789012345"})
    assert again.key != first.key
    asyncio.run(_deliver(outbox, lambda: outbox.pending_count() == 0))
    entry = outbox.get("s-1")
    assert entry is not None
    assert entry.state is DeliveryState.DELIVERED


def test_restart_keeps_pending_claims_and_delivers_them_once(tmp_path: Path) -> None:
    backend = FakeBackend()
    backend.up = False
    path = tmp_path / "outbox.sqlite3"
    first_run = Outbox(path, backend, backoff=Backoff(first_s=3600, jitter=0))  # a long wait before dying
    first_run.enqueue("s-1", CLAIM)
    first_run.enqueue("s-2", {**CLAIM, "session_id": "s-2"})
    asyncio.run(_deliver(first_run, lambda: len(backend.calls) >= 2))
    first_run.close()  # the console is closed (or crashed) with both claims pending

    backend.up = True
    second_run = Outbox(path, backend, backoff=FAST)
    assert second_run.pending_count() == 2
    asyncio.run(_deliver(second_run, lambda: second_run.pending_count() == 0))
    assert len(backend.claims) == 2
    assert {e.reference for e in second_run.entries()} == {"REF-0001", "REF-0002"}
    # A third start finds nothing to do.
    third_run = Outbox(path, backend, backoff=FAST)
    calls = len(backend.calls)
    asyncio.run(_deliver(third_run, lambda: True))
    assert len(backend.calls) == calls


def test_a_failing_sender_does_not_stop_the_worker(tmp_path: Path) -> None:
    calls = {"n": 0}

    def flaky(key: str, payload: Mapping[str, Any]) -> DeliveryResult:
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("bug")
        return Delivered("REF-9")

    outbox = Outbox(tmp_path / "outbox.sqlite3", flaky, backoff=FAST)
    outbox.enqueue("s-1", CLAIM)
    asyncio.run(_deliver(outbox, lambda: outbox.pending_count() == 0))
    entry = outbox.get("s-1")
    assert entry is not None
    assert entry.reference == "REF-9"


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (201, {"reference": "KLM-1"}, Delivered("KLM-1")),
        (200, {"reference": "KLM-1"}, Delivered("KLM-1")),
        (201, {}, Retry("accepted without a reference")),
        (401, {"error": "token_expired"}, Retry("login expired")),
        (429, {}, Retry("HTTP 429", 7.0)),
        (503, {}, Retry("HTTP 503", 7.0)),
        (422, {"error": "npwp_required", "message": "NPWP"}, Refused(422, "npwp_required", "NPWP")),
        (409, {"error": "idempotency_conflict", "message": "m"}, Refused(409, "idempotency_conflict", "m")),
        (403, {}, Refused(403, "http_403", "HTTP 403")),
    ],
)
def test_classify(status: int, body: dict[str, Any], expected: DeliveryResult) -> None:
    retry_after = "7" if status in (429, 503) else None
    assert classify(status, body, retry_after) == expected


# ----------------------------------------------------------------------------------- over real HTTP


class _Handler(BaseHTTPRequestHandler):
    server: _ClaimsServer

    def do_POST(self) -> None:
        key = self.headers.get("Idempotency-Key", "")
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
        with self.server.lock:
            self.server.requests += 1
            if self.headers.get("Authorization") != "Bearer t0k":
                status, answer = 401, {"error": "unauthorized", "message": "login"}
            elif key not in self.server.claims:
                self.server.claims[key] = body
                status, answer = 201, {"reference": f"KLM-{len(self.server.claims)}"}
            else:
                status, answer = 200, {"reference": f"KLM-{list(self.server.claims).index(key) + 1}"}
        data = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _ClaimsServer(ThreadingHTTPServer):
    def __init__(self, port: int) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.lock = threading.Lock()
        self.claims: dict[str, Any] = {}
        self.requests = 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def port() -> int:
    return _free_port()


def _serve(port: int) -> tuple[_ClaimsServer, threading.Thread]:
    server = _ClaimsServer(port)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


def test_over_http_a_down_backend_gets_the_claim_once_it_is_up(tmp_path: Path, port: int) -> None:
    api = ClaimsApi(f"http://127.0.0.1:{port}", lambda: "t0k", timeout=(0.5, 2.0))
    assert isinstance(api("k-1", CLAIM), Retry)  # nothing listens yet: connection refused
    outbox = Outbox(tmp_path / "outbox.sqlite3", api, backoff=FAST)
    outbox.enqueue("s-1", CLAIM)

    async def scenario() -> _ClaimsServer:
        worker = asyncio.create_task(outbox.run())
        await wait_until(lambda: outbox.get("s-1").attempts >= 2)  # type: ignore[union-attr]
        server, _ = _serve(port)
        await wait_until(lambda: outbox.pending_count() == 0)
        worker.cancel()
        return server

    server = asyncio.run(scenario())
    try:
        assert len(server.claims) == 1
        entry = outbox.get("s-1")
        assert entry is not None
        assert entry.reference == "KLM-1"
        # The same key again (a lost answer) gets the same reference and no second claim.
        assert api(entry.key, CLAIM) == Delivered("KLM-1")
        assert len(server.claims) == 1
    finally:
        server.shutdown()
        server.server_close()


def test_over_http_an_expired_login_waits_rather_than_refuses(tmp_path: Path, port: int) -> None:
    server, _ = _serve(port)
    try:
        assert ClaimsApi(f"http://127.0.0.1:{port}", lambda: "old")("k", CLAIM) == Retry("login expired")
        assert ClaimsApi(f"http://127.0.0.1:{port}", lambda: None)("k", CLAIM) == Retry("not logged in")
        assert server.claims == {}
    finally:
        server.shutdown()
        server.server_close()


def test_a_lost_answer_replayed_after_an_officer_change_is_the_same_claim(tmp_path: Path, hub: RunningHub) -> None:
    """The console restarts under another officer before a lost answer is replayed: the hub's key is the branch's,
    so the replay is delivered with the original reference instead of being refused or doubled."""
    today = date.today()
    p = next(x for x in demo_participants(today) if x.case == "jht_layoff_eligible")
    claim = {
        "branch_code": "KDR",
        "claim_type": "JHT",
        "reason": "layoff",
        "nik": p.nik,
        "kpj": p.kpj,
        "termination_date": add_months(today, -2).isoformat(),
        "bank": {"bank_code": "002", "account_number": "0123456789", "account_holder": p.name},
        "documents": ["kpj_card", "ektp", "family_card", "savings_book", "termination_letter", "selfie_ektp"],
    }
    first_officer = ClaimsApi(hub.base_url, lambda: hub.cso_token("cso1"))
    answers: list[DeliveryResult] = []

    def answer_lost(key: str, payload: Mapping[str, Any]) -> DeliveryResult:
        answers.append(first_officer(key, payload))  # the hub stores the claim ...
        return Retry("timeout")  # ... and the answer never arrives

    path = tmp_path / "outbox.sqlite3"
    first_run = Outbox(path, answer_lost, backoff=Backoff(first_s=3600, jitter=0))
    first_run.enqueue("walk-in-claim", claim)
    asyncio.run(_deliver(first_run, lambda: len(answers) >= 1))
    first_run.close()
    assert isinstance(answers[0], Delivered)

    second_run = Outbox(path, ClaimsApi(hub.base_url, lambda: hub.cso_token("cso2")), backoff=FAST)
    asyncio.run(_deliver(second_run, lambda: second_run.pending_count() == 0))
    entry = second_run.get("walk-in-claim")
    assert entry is not None and entry.state is DeliveryState.DELIVERED
    assert entry.reference == answers[0].reference
    database = Database.from_url(hub.database_url)
    try:
        with database.session() as session:
            stored = session.execute(select(Claim).where(Claim.idempotency_key == entry.key)).scalars().all()
            assert [c.reference for c in stored] == [entry.reference]
    finally:
        database.dispose()
