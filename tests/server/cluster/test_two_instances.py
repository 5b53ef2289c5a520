"""Issue 17: two hub instances on one PostgreSQL database and one Redis. A booth connected to one and a console
connected to the other are assigned to each other and exchange signaling; what a route on either instance does
reaches the sockets held by the other."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest
from websockets.exceptions import ConnectionClosed

from kiosk.client.errors import HubError
from kiosk.client.hub_api import HubClient
from tests.support.hub import RunningHub, running_hub
from tests.support.signaling import SDP, Peer
from tests.support.wait import wait_until_sync

pytestmark = pytest.mark.postgres


@pytest.fixture
def two_hubs(postgres_url: str, redis_url: str) -> Iterator[tuple[RunningHub, RunningHub]]:
    """Instances A and B of one hub: the same database (seeded once) and the same Redis."""
    from tests.support.postgres import fresh_database

    with contextlib.ExitStack() as stack:
        url = stack.enter_context(fresh_database(postgres_url))
        first = stack.enter_context(running_hub(database_url=url, cluster_url=redis_url, cluster_lease_s=2.0))
        second = stack.enter_context(
            running_hub(database_url=url, cluster_url=redis_url, cluster_lease_s=2.0, seed=False)
        )
        yield first, second


def _owner_of(hub: RunningHub, branch: str) -> bool:
    app_hub = hub.signaling
    return app_hub.cluster is not None and app_hub.cluster.owns(branch)


def test_a_booth_on_one_instance_and_a_console_on_the_other_are_served_together(
    two_hubs: tuple[RunningHub, RunningHub],
) -> None:
    a, b = two_hubs
    booth = Peer(a, a.booth_token(1))
    booth.hello_booth()
    assert _owner_of(a, "KDR") and not _owner_of(b, "KDR")  # the first socket of the branch made A its owner
    console = Peer(b, b.cso_token("cso1"))
    console.hello_console(cap=4)
    assert b.signaling.cluster is not None and len(b.signaling.cluster.forwarded) == 1  # B holds it for A

    # A walk-in checked in through B's REST API is assigned (by A) to the console held by B.
    client = HubClient(b.base_url, b.booth_token(1))
    session = client.check_in(walk_in=True)
    client.set_state(session.id, "self_service")
    assigned = console.expect("assignment", timeout=10)
    assert assigned["session_id"] == session.id
    assert booth.expect("assignment", timeout=10)["session_id"] == session.id

    # Offer and answer cross the instances unchanged, both ways.
    booth.send("offer", {"sdp": SDP, "sdp_type": "offer"}, session.id)
    assert console.expect("offer")["payload"]["sdp"] == SDP
    console.send("answer", {"sdp": SDP, "sdp_type": "answer"}, session.id)
    assert booth.expect("answer")["payload"]["sdp"] == SDP

    # A state change made through B reaches the booth held by A.
    client.set_state(session.id, "waiting_cso")
    assert booth.expect("session_update", timeout=10, state="waiting_cso")["session_id"] == session.id
    assert console.expect("session_update", timeout=10, state="waiting_cso")["session_id"] == session.id

    # Either instance's routes see who is connected on the other: the booth on A, the officer through B.
    admin = HubClient(b.base_url, b.admin_token())
    wait_until_sync(lambda: any(x.number == 1 and x.connected for x in admin.list_booths("KDR")), within_s=5,
                    what="instance B's booth list showing booth 1 connected to A")

    # A refusal made by the owner comes back to the edge's socket as an error, the connection kept.
    console.send("offer", {"sdp": SDP, "sdp_type": "offer"}, session.id)
    assert console.expect("error")["payload"]["code"] == "not_allowed"
    booth.close()
    console.close()


def test_a_logout_through_one_instance_closes_the_socket_on_the_other(two_hubs: tuple[RunningHub, RunningHub]) -> None:
    a, b = two_hubs
    token = b.cso_token("cso2")
    console = Peer(b, token)
    console.hello_console()
    assert HubClient(b.base_url, token).me().role.value == "cso"  # B has cached the token now
    HubClient(a.base_url, token).logout()
    assert console.expect("error", timeout=5)["payload"]["code"] == "token_revoked"
    with pytest.raises(ConnectionClosed) as closed:
        console.ws.recv(timeout=5)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4401
    # B's token cache forgot it at once: the next request through B is refused.
    with pytest.raises(HubError) as refused:
        HubClient(b.base_url, token).me()
    assert refused.value.status == 401


def test_when_the_owner_stops_its_branch_moves_and_the_sockets_come_back(postgres_url: str, redis_url: str) -> None:
    from tests.support.postgres import fresh_database

    with fresh_database(postgres_url) as url, running_hub(
        database_url=url, cluster_url=redis_url, cluster_lease_s=2.0
    ) as b:
        with running_hub(database_url=url, cluster_url=redis_url, cluster_lease_s=2.0, seed=False) as a:
            booth = Peer(a, a.booth_token(2))
            booth.hello_booth()
            assert _owner_of(a, "KDR")
            console = Peer(b, b.cso_token("cso1"))
            console.hello_console()
        # A stopped: the socket B held for it is closed with 1012 (connect again), and a new one is served by B.
        with pytest.raises(ConnectionClosed) as closed:
            console.expect("never", timeout=10)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1012
        again = Peer(b, b.cso_token("cso1"))
        again.hello_console()
        assert _owner_of(b, "KDR")
        again.close()
