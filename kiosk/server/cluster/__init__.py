"""Several hub instances on one database: signaling across instances through Redis.

With ``server.cluster_url`` set, every instance (`kiosk server --workers N`, or instances on other hosts behind
a reverse proxy, deploy/nginx) shares one PostgreSQL database and one Redis server. The design:

- **One instance runs each branch's signaling.** The first instance that gets a socket of a branch takes its
  lease (``kiosk:owner:<branch>``, a Redis key that instance renews while it lives). That instance holds the
  branch's presence, queue, assignment and relay state exactly as a single hub does (`kiosk.server.signaling`),
  so none of its rules needed to change and no two instances ever decide for one branch.
- **Any instance holds any socket.** A booth or console that the proxy sends to another instance is accepted,
  authenticated, rate-limited and timed out there (its "edge"); its messages are forwarded on the owner's
  channel and the owner's answers come back on the edge's (`node.RemoteConnection`). Frames of one socket
  keep their order.
- **Events cross instances** (`events.ClusterEvents`): a session changed through any instance's REST API, a
  revoked token (its sockets close at once wherever they are, every token cache forgets it) and a re-enrolled
  booth.
- **Presence for routes** (`presence.ClusterPresence`): each owner writes its branches' summaries to Redis
  every second; the booth list and the dashboard read them on any instance.
- **Failure.** A dead instance's leases expire (``server.cluster_lease_s``) or, sooner, a frame to it finds no
  listener; its branches' sockets held elsewhere are closed with 1012 and connect again, and the first of them
  makes its instance the branch's new owner, which rebuilds the state from the database and the hellos. Media
  never passes through the hub, so calls go on meanwhile.

Rate counters, quotas, bookings and claims were already in the database, shared by every instance.
Why Redis pub/sub and not PostgreSQL LISTEN/NOTIFY: docs/scaling.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.server.cluster.events import ClusterEvents
from kiosk.server.cluster.link import ClusterLink
from kiosk.server.cluster.node import ClusterNode
from kiosk.server.cluster.presence import ClusterPresence
from kiosk.server.security import new_id

if TYPE_CHECKING:
    from kiosk.server.signaling.hub import SignalingHub


async def join(hub: SignalingHub, url: str, lease_s: float) -> ClusterNode:
    """Make `hub`'s instance a member of the cluster at `url` (Redis)."""
    link = ClusterLink(url, new_id("i"), lease_s)
    node = ClusterNode(hub, link, lease_s)
    events = ClusterEvents(hub.ctx.events, link)
    node.on_event = events.received
    hub.ctx.presence = ClusterPresence(link)
    await node.start()
    return node


__all__ = ["ClusterNode", "join"]
