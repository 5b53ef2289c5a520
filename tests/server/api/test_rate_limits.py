"""Rate limits on guessing secrets: atomic under concurrency, per account, per address and hub-wide, shared by
hubs on one database; and password hashing that never holds up other requests (issue 16, item 3)."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from kiosk.server.app import create_app
from kiosk.server.db import Database
from tests.server.conftest import Kit, make_settings
from tests.support.hub import RunningHub, running_hub


def _wrong_login(client: httpx.Client | TestClient, username: str = "cso2", prefix: str = "") -> int:
    return client.post(f"{prefix}/api/v1/auth/login", json={"username": username, "password": "wrong"}).status_code


def test_parallel_wrong_logins_from_one_address_are_counted_atomically(kit: Kit) -> None:
    limit = kit.settings.server.login_attempts_per_minute
    with ThreadPoolExecutor(30) as pool:
        statuses = Counter(pool.map(lambda _: _wrong_login(kit.client), range(30)))
    assert statuses == {401: limit, 429: 30 - limit}


def test_x_forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy(kit: Kit, db: Database, tmp_path: Path) -> None:
    limit = kit.settings.server.login_attempts_per_minute
    statuses = [
        kit.client.post(
            "/api/v1/auth/login",
            json={"username": "cso2", "password": "wrong"},
            headers={"X-Forwarded-For": f"10.0.0.{i}"},
        ).status_code
        for i in range(limit + 1)
    ]
    assert statuses == [401] * limit + [429]
    trusting = create_app(make_settings(tmp_path / "proxied", trusted_proxies=["testclient"]), database=db)
    with TestClient(trusting) as proxied:
        for i in range(limit + 1):
            response = proxied.post(
                "/api/v1/auth/login",
                json={"username": "cso1", "password": "wrong"},
                headers={"X-Forwarded-For": f"203.0.113.7, 10.0.0.{i}"},
            )
            assert response.status_code == 401  # each forwarded address has a budget of its own


def test_many_usernames_from_one_address_are_limited(kit: Kit) -> None:
    limit = kit.settings.server.login_attempts_per_address_per_minute
    statuses = Counter(_wrong_login(kit.client, f"nobody{i}") for i in range(limit + 5))
    assert statuses == {401: limit, 429: 5}


def test_the_hub_wide_limit_refuses_a_flood_from_everywhere(db: Database, tmp_path: Path) -> None:
    app = create_app(make_settings(tmp_path / "hub", login_attempts_global_per_minute=3), database=db)
    with TestClient(app) as client:
        statuses = [_wrong_login(client, f"user{i}") for i in range(5)]
        assert statuses == [401, 401, 401, 429, 429]
        refused = client.post("/api/v1/auth/login", json={"username": "cso1", "password": "cso1-demo"})
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1


def test_successful_logins_use_no_budget(kit: Kit) -> None:
    for _ in range(kit.settings.server.login_attempts_per_minute + 3):
        assert kit.post("/auth/login", json={"username": "cso1", "password": "cso1-demo"}).status_code == 200


def _client_from(address: str, base_url: str) -> httpx.Client:
    """A client whose connections come from `address` (any 127.0.0.x reaches the hub on 127.0.0.1)."""
    return httpx.Client(base_url=base_url, transport=httpx.HTTPTransport(local_address=address), timeout=10)


def test_one_account_from_many_addresses_is_limited(live: RunningHub) -> None:
    limit = live.settings.server.login_attempts_per_account_per_minute
    statuses = []
    for i in range(limit + 3):
        with _client_from(f"127.0.0.{i + 2}", live.base_url) as client:
            statuses.append(_wrong_login(client))
    assert statuses == [401] * limit + [429] * 3
    with _client_from("127.0.0.99", live.base_url) as client:
        # Another account from a fresh address is unaffected.
        assert _wrong_login(client, "cso1") == 401


@pytest.fixture
def second_hub(live: RunningHub) -> Iterator[RunningHub]:
    """Another hub process's worth of state (engine, pool, limiter) on the same database as `live`."""
    with running_hub(database_url=live.database_url, data_dir=live.settings.server.data_dir, seed=False) as hub:
        yield hub


def test_hubs_sharing_a_database_share_the_counts(live: RunningHub, second_hub: RunningHub) -> None:
    limit = live.settings.server.login_attempts_per_minute
    with (
        httpx.Client(base_url=live.base_url) as one,
        httpx.Client(base_url=second_hub.base_url) as two,
        ThreadPoolExecutor(16) as pool,
    ):
        statuses = Counter(pool.map(lambda i: _wrong_login(one if i % 2 else two), range(30)))
    assert statuses == {401: limit, 429: 30 - limit}


def test_password_hashing_does_not_hold_up_other_requests(tmp_path: Path) -> None:
    generous = {
        "login_attempts_per_minute": 10_000,
        "login_attempts_per_account_per_minute": 10_000,
        "login_attempts_per_address_per_minute": 10_000,
        "login_attempts_global_per_minute": 10_000,
    }
    with running_hub(data_dir=tmp_path, **generous) as hub, httpx.Client(base_url=hub.base_url, timeout=30) as client:
        supervisor = {"Authorization": f"Bearer {hub.supervisor_token()}"}
        # A user with the production argon2 parameters (the demo users' test hashes are cheap).
        user = {"username": "slowhash", "display_name": "Slow", "role": "cso", "branch_code": "KDR"}
        created = client.post(
            "/api/v1/users",
            json={**user, "password": "pw-123456"},
            headers={"Authorization": f"Bearer {hub.admin_token()}"},
        )
        assert created.status_code == 201
        stop = threading.Event()

        def flood() -> None:
            while not stop.is_set():
                assert _wrong_login(client, "slowhash") == 401

        # Warm both routes up first: their first call builds things once, which under a loaded CPU takes a while.
        assert client.get("/healthz").status_code == 200
        assert client.get("/api/v1/sessions", headers=supervisor).status_code == 200
        flooders = [threading.Thread(target=flood) for _ in range(8)]
        for thread in flooders:
            thread.start()
        try:
            time.sleep(1.0)
            for _ in range(5):
                assert client.get("/healthz", timeout=2).status_code == 200
                assert client.get("/api/v1/sessions", headers=supervisor, timeout=2).status_code == 200
        finally:
            stop.set()
            for thread in flooders:
                thread.join()


def test_unknown_enrollment_codes_are_limited_atomically(kit: Kit) -> None:
    limit = kit.settings.server.guesses_per_address_per_minute
    with ThreadPoolExecutor(30) as pool:
        statuses = Counter(
            pool.map(lambda _: kit.post("/booths/enroll", json={"code": "AAAA-BBBB"}).status_code, range(30))
        )
    assert statuses == {404: limit, 429: 30 - limit}


def test_unknown_booking_codes_are_limited_per_caller(kit: Kit) -> None:
    limit = kit.settings.server.guesses_per_address_per_minute
    assert kit.get("/bookings/KDR-DEMAA2", "cso1").status_code == 200  # a hit costs nothing
    statuses = [kit.get(f"/bookings/KDR-ZZZZZ{c}", "cso1").status_code for c in "ABCDEFGHJKMNP"[: limit + 1]]
    assert statuses == [404] * limit + [429]
    # A booth guessing codes at check-in is limited by its own budget.
    checkins = [kit.post("/checkins", 1, json={"booking_code": f"KDR-YYYYY{c}"}) for c in "ABCDEFGHJKMNP"[: limit + 1]]
    assert [r.status_code for r in checkins] == [404] * limit + [429]
    assert checkins[-1].json()["error"] == "too_many_attempts"
