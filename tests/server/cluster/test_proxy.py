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


def test_a_participants_resumable_upload_stays_on_one_instance_through_the_proxy(
    proxied: tuple[Proxy, RunningHub, RunningHub],
) -> None:
    """Each instance keeps unfinished uploads in its own data dir (as on separate hosts): the proxy sends every
    chunk of a participant's upload to one instance, chosen by the participant's cookie."""
    from kiosk.domain.session import SessionState
    from tests.server.online.conftest import card_photo
    from tests.support.online import online_visit

    proxy, a, _b = proxied
    visit = online_visit(a, state=SessionState.CHECKED_IN)
    web = requests.Session()
    web.trust_env = False  # a REQUESTS_CA_BUNDLE of this machine would override the proxy's CA
    web.verify = str(proxy.ca_file)
    web.headers.update({"Cookie": f"kiosk_online={visit.token}", "Origin": proxy.url})
    data = card_photo()
    created = web.post(f"{proxy.url}/api/v1/online/uploads", json={"document_type": "ektp", "size": len(data)},
                       timeout=10)
    assert created.status_code == 201, created.text
    upload = created.json()["id"]
    chunk = len(data) // 6 + 1
    for offset in range(0, len(data), chunk):
        sent = web.patch(f"{proxy.url}/api/v1/online/uploads/{upload}", data=data[offset : offset + chunk],
                         headers={"Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream"},
                         timeout=10)
        assert sent.status_code == 200, (offset, sent.status_code, sent.text)
    assert sent.json()["document"]["media_type"] == "image/jpeg"
