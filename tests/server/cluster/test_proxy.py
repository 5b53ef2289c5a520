"""Issue 17: deploy/nginx/kiosk-hub.conf as deployed, with TLS, in front of two hub instances (kiosk/demo/proxy.py
runs the file itself): WebSockets and REST pass, clients see the participant's address, and the booth's and
console's own signaling client connects over wss with the system's trust store."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator

import pytest
import requests

from kiosk.demo.proxy import Proxy, running_proxy
from kiosk.protocol import HelloPayload, Role
from kiosk.video.signaling import SignalingClient
from tests.support.hub import RunningHub, running_hub

pytestmark = pytest.mark.postgres


@pytest.fixture
def proxied(postgres_url: str, redis_url: str) -> Iterator[tuple[Proxy, RunningHub, RunningHub]]:
    """nginx with TLS in front of instances A and B (one database, one Redis), the proxy trusted by both."""
    from tests.support.postgres import fresh_database

    with contextlib.ExitStack() as stack:
        url = stack.enter_context(fresh_database(postgres_url))
        shared = {"database_url": url, "cluster_url": redis_url, "trusted_proxies": ["127.0.0.1"]}
        a = stack.enter_context(running_hub(**shared))
        b = stack.enter_context(running_hub(**shared, seed=False))
        ports = [h.base_url.rsplit(":", 1)[1] for h in (a, b)]
        proxy = stack.enter_context(running_proxy([f"127.0.0.1:{p}" for p in ports]))
        yield proxy, a, b


def test_the_deployed_proxy_carries_rest_and_both_instances_answer(
    proxied: tuple[Proxy, RunningHub, RunningHub],
) -> None:
    proxy, a, b = proxied
    answered = set()
    for _ in range(6):
        response = requests.get(f"{proxy.url}/healthz", verify=str(proxy.ca_file), timeout=5)
        assert response.status_code == 200 and response.json()["backend"] == "postgresql"
    log = proxy.access_log()
    for hub in (a, b):
        port = hub.base_url.rsplit(":", 1)[1]
        if f"127.0.0.1:{port}" in log:
            answered.add(port)
    assert len(answered) == 2, log  # both instances served through the one address
    assert "GET /healthz" in log


@pytest.mark.asyncio
async def test_the_signaling_client_connects_over_wss_through_the_proxy(
    proxied: tuple[Proxy, RunningHub, RunningHub], monkeypatch: pytest.MonkeyPatch
) -> None:
    proxy, a, _b = proxied
    for key, value in proxy.client_env().items():
        monkeypatch.setenv(key, value)
    token = await asyncio.to_thread(a.booth_token, 3)
    client = SignalingClient(proxy.url, token, HelloPayload(role=Role.BOOTH), on_envelope=lambda e: None)
    await client.start()
    try:
        await client.wait_connected(15)
        assert client.welcome is not None and client.welcome.booth_number == 3
    finally:
        await client.close()
