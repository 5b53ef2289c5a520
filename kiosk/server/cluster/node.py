"""One hub instance in a cluster: the branches whose signaling it runs, the sockets it holds for other
instances' branches, and the frames between them (see the package's docstring for the design)."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from starlette.websockets import WebSocket

from kiosk.domain.access import Principal
from kiosk.domain.access import Role as AccessRole
from kiosk.protocol import MessageError, Role, error_signal, parse_envelope
from kiosk.server.cluster.link import ClusterLink, Frame
from kiosk.server.signaling.connections import CLOSE_MOVED, Connection, close, handle_message, run_connection

if TYPE_CHECKING:
    from kiosk.server.signaling.hub import SignalingHub

log = logging.getLogger(__name__)

#: Frame kinds. Edge -> owner: a socket opened, a message from it, it closed. Owner -> edge: a message for it,
#: close it. Every instance: an event (`kiosk.server.cluster.events`).
OPEN, IN, GONE, OUT, CLOSE = "open", "in", "gone", "out", "close"


class RemoteConnection(Connection):
    """A socket another instance (its edge) holds for a branch this instance runs: what the hub sends it is
    published to the edge, which writes it to the socket."""

    def __init__(self, cid: str, principal: Principal, role: Role, edge: str, link: ClusterLink,
                 expires_at: datetime | None) -> None:
        super().__init__(cid, cast(WebSocket, None), principal, role, expires_at=expires_at)
        self.edge = edge
        self.link = link
        #: Raw messages from the edge, handled one after the other as a local socket's are (None: it closed).
        self.inbox: asyncio.Queue[str | None] = asyncio.Queue()
        self.worker: asyncio.Task[None] | None = None

    def send_text(self, text: str) -> None:
        """Publish a message to the socket's edge."""
        if not self.closing:
            self.link.send(self.edge, OUT, self.id, text)

    async def end(self) -> None:
        """Ask the edge to close the socket after what it was sent."""
        self.link.send(self.edge, CLOSE, self.id, f"{self.close_code} {self.close_reason}")


def _principal_json(conn: Connection) -> str:
    p = conn.principal
    return json.dumps({
        "role": p.role.value, "subject_id": p.subject_id, "branch_code": p.branch_code, "name": p.name,
        "end": conn.role.value, "expires_at": conn.expires_at.isoformat() if conn.expires_at else None,
    })


class ClusterNode:
    """This instance's part of the cluster, attached to its signaling hub."""

    def __init__(self, hub: SignalingHub, link: ClusterLink, lease_s: float) -> None:
        self.hub = hub
        self.link = link
        self.lease_s = lease_s
        #: The branches whose signaling this instance runs (it holds their lease).
        self.owned: set[str] = set()
        #: Owner side: sockets held by other instances, by connection id.
        self.remote: dict[str, RemoteConnection] = {}
        #: Edge side: this instance's sockets of branches run elsewhere: connection id -> (socket, owner, branch).
        self.forwarded: dict[str, tuple[Connection, str, str]] = {}
        self._maintainer: asyncio.Task[None] | None = None
        #: Called with every event frame's body (`kiosk.server.cluster.events`).
        self.on_event: Callable[[str], None] | None = None

    @property
    def instance_id(self) -> str:
        """This instance's id in the cluster."""
        return self.link.instance_id

    async def start(self) -> None:
        """Join the cluster: listen, and keep the leases and the presence summaries fresh."""
        self.link.undelivered = self._undelivered
        await self.link.start(self._on_frame)
        self._maintainer = asyncio.create_task(self._maintain_forever(), name="cluster-maintain")

    async def stop(self) -> None:
        """Leave: the other instances' sockets of this instance's branches are told to reconnect (elsewhere)."""
        if self._maintainer is not None:
            self._maintainer.cancel()
        for conn in list(self.remote.values()):
            await close(conn, CLOSE_MOVED, "the hub instance of this branch is stopping; connect again")
        await self.link.release(sorted(self.owned))
        self.owned.clear()
        await self.link.stop()

    def owns(self, branch_code: str) -> bool:
        """Whether this instance runs `branch_code`'s signaling."""
        return branch_code in self.owned

    async def route(self, branch_code: str) -> str | None:
        """None when this instance runs the branch (it takes it when nobody does), else the instance that does."""
        if branch_code in self.owned:
            return None
        holder = await self.link.claim(branch_code)
        if holder == self.instance_id:
            self.owned.add(branch_code)
            log.info("this instance now runs the signaling of branch %s", branch_code)
            return None
        return holder

    # -- edge side -------------------------------------------------------------------------------------------

    async def serve_forwarded(self, conn: Connection, owner: str, branch: str) -> None:
        """Hold a socket whose branch another instance runs: its messages go there, the answers come back."""
        self.forwarded[conn.id] = (conn, owner, branch)
        self.link.send(owner, OPEN, conn.id, _principal_json(conn))

        async def forward(c: Connection, env: Any, raw: str | None) -> None:
            self.link.send(owner, IN, c.id, raw if raw is not None else env.to_json())

        async def gone(c: Connection) -> None:
            self.forwarded.pop(c.id, None)
            self.link.send(owner, GONE, c.id)

        self.hub.ctx.metrics.ws_forwarded.inc()
        await run_connection(conn, self.hub.ctx.settings.server, self.hub.ctx.metrics, forward, gone)

    # -- frames ----------------------------------------------------------------------------------------------

    async def _on_frame(self, frame: Frame) -> None:
        if frame.op == OUT:
            entry = self.forwarded.get(frame.cid)
            if entry is not None:
                entry[0].send_text(frame.body)
        elif frame.op == IN:
            remote = self.remote.get(frame.cid)
            if remote is not None:
                remote.inbox.put_nowait(frame.body)
        elif frame.op == OPEN:
            self._open_remote(frame)
        elif frame.op == GONE:
            remote = self.remote.get(frame.cid)
            if remote is not None:
                remote.inbox.put_nowait(None)
        elif frame.op == CLOSE:
            entry = self.forwarded.get(frame.cid)
            if entry is not None:
                code, _, reason = frame.body.partition(" ")
                await close(entry[0], int(code), reason)
        elif frame.op == "event" and frame.sender != self.instance_id and self.on_event is not None:
            self.on_event(frame.body)

    def _open_remote(self, frame: Frame) -> None:
        data = json.loads(frame.body)
        principal = Principal(AccessRole(data["role"]), int(data["subject_id"]), data["branch_code"], data["name"])
        expires = datetime.fromisoformat(data["expires_at"]) if data["expires_at"] else None
        conn = RemoteConnection(frame.cid, principal, Role(data["end"]), frame.sender, self.link, expires)
        if principal.branch_code not in self.owned:
            # The lease moved between the edge's look-up and now: the socket starts over with the new holder.
            conn.closing = True
            self.link.send(frame.sender, CLOSE, frame.cid, f"{CLOSE_MOVED} branch moved")
            return
        self.remote[conn.id] = conn
        conn.worker = asyncio.create_task(self._run_remote(conn), name=f"remote-{conn.id}")

    async def _run_remote(self, conn: RemoteConnection) -> None:
        """Handle a remote socket's messages in order, as `read_loop` does a local one's."""
        metrics = self.hub.ctx.metrics
        metrics.ws_connections.labels(conn.role.value).inc()
        try:
            while True:
                raw = await conn.inbox.get()
                if raw is None:
                    break
                try:
                    envelope = parse_envelope(raw)
                except MessageError as exc:  # the edge parsed it already; only a different version would differ
                    conn.send(error_signal(exc.code, exc.detail))
                    continue
                await handle_message(conn, envelope, raw, self.hub.handle, metrics)
        finally:
            metrics.ws_connections.labels(conn.role.value).dec()
            conn.closing = True
            self.remote.pop(conn.id, None)
            await self.hub.disconnected(conn)

    def _undelivered(self, instance: str, op: str, cid: str) -> None:
        """A frame found nobody listening: its instance is gone."""
        if op in (OPEN, IN) and cid in self.forwarded:
            conn = self.forwarded[cid][0]
            asyncio.get_running_loop().create_task(close(conn, CLOSE_MOVED, "the branch's hub instance is gone"))
        elif op in (OUT, CLOSE) and cid in self.remote:
            self.remote[cid].inbox.put_nowait(None)

    # -- upkeep ----------------------------------------------------------------------------------------------

    async def _maintain_forever(self) -> None:
        # At least every second (the presence summaries' promise), and four times per lease.
        tick = min(self.lease_s / 4, 1.0)
        while True:
            await asyncio.sleep(tick)
            try:
                await self.maintain()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("cluster upkeep failed")

    async def maintain(self) -> None:
        """Renew this instance's leases (dropping the branches it lost), close forwarded sockets whose branch
        moved, forget remote sockets of instances that died, and publish the owned branches' presence."""
        for branch in await self.link.renew(sorted(self.owned)):
            await self.drop_branch(branch)
        holders: dict[str, str | None] = {}
        for conn, owner, branch in list(self.forwarded.values()):
            if branch not in holders:
                holders[branch] = await self.link.holder(branch)
            if holders[branch] != owner:
                await close(conn, CLOSE_MOVED, "the branch moved to another hub instance; connect again")
        edges = {c.edge for c in self.remote.values()}
        for edge in edges:
            if not await self.link.alive(edge):
                for conn in [c for c in self.remote.values() if c.edge == edge]:
                    conn.inbox.put_nowait(None)
        await self.publish_presence()

    async def publish_presence(self) -> None:
        """Write each owned branch's summary (connected booths, officers) for every instance's routes."""
        for branch in sorted(self.owned):
            await self.link.put_presence(branch, self.hub.presence.summary(branch))

    async def drop_branch(self, branch: str) -> None:
        """This instance lost `branch`'s lease: forget its state and send its sockets to the new holder."""
        log.warning("this instance no longer runs the signaling of branch %s", branch)
        self.owned.discard(branch)
        await self.hub.forget_branch(branch)
        for conn in [c for c in self.remote.values() if c.principal.branch_code == branch]:
            await close(conn, CLOSE_MOVED, "the branch moved to another hub instance; connect again")

